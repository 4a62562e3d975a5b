averages = (
    tune_invoices
    .group_by("customer_id")
    .agg(pl.col("total").mean().alias("avg_total"))
)
result = (
    tune_invoices
    .join(averages, on="customer_id")
    .filter(pl.col("billing_country") == "Canada")
    .select("invoice_id", (pl.col("total") - pl.col("avg_total")).abs().round(2).alias("distance"))
)
