result = (
    tune_invoices
    .select("invoice_id", "customer_id", "total", pl.col("total").cum_max().over("customer_id", order_by=["invoice_date", "invoice_id"]).alias("best_so_far"))
)
