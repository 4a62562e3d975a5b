result = (
    tune_invoices
    .select("invoice_id", "customer_id", "invoice_date", (pl.col("invoice_date").str.to_date("%Y-%m-%d") - pl.col("invoice_date").shift(1).over("customer_id", order_by=["invoice_date", "invoice_id"]).str.to_date("%Y-%m-%d")).dt.total_days().alias("days_since_previous"))
)
