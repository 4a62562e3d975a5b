result = (
    tune_invoices
    .sort(["invoice_date", "invoice_id"], descending=True, nulls_last=True, maintain_order=True)
    .head(10)
    .select(pl.int_range(1, pl.len() + 1).alias("position"), "invoice_id", "invoice_date")
)
