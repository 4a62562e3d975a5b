result = (
    tune_invoices
    .select("invoice_id", "customer_id", "total", pl.col("total").rolling_mean(window_size=3).over("customer_id", order_by=["invoice_date", "invoice_id"]).round(2).alias("moving_avg"))
)
