averages = (
    tune_invoices
    .group_by("customer_id")
    .agg(pl.col("total").mean().alias("avg_total"))
)
result = (
    tune_invoices
    .join(averages, on="customer_id")
    .filter(pl.col("total") > pl.col("avg_total"))
    .select("invoice_id", "customer_id", "total")
)
