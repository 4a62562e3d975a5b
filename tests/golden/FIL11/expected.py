result = (
    tune_invoices
    .filter(pl.col("invoice_date") < "2022-03-01")
)
