result = (
    tune_invoices
    .select("invoice_id", "customer_id", "total", pl.col("total").rank("dense", descending=True).over("customer_id").alias("rank"))
)
