result = (
    tune_invoices
    .filter(pl.col("invoice_date").str.to_date("%Y-%m-%d").dt.year() == 2023)
    .group_by(pl.col("invoice_date").str.to_date("%Y-%m-%d").dt.quarter().alias("quarter"))
    .agg(pl.len().alias("invoice_count"))
)
