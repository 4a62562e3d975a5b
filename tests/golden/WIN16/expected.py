result = (
    tune_invoices
    .group_by(pl.col("invoice_date").str.to_date("%Y-%m-%d").dt.strftime("%Y-%m").alias("month"), maintain_order=True)
    .agg(pl.col("total").sum().round(2).alias("revenue"))
    .sort("month", nulls_last=True, maintain_order=True)
    .with_columns((pl.col("revenue") - pl.col("revenue").shift(1)).round(2).alias("change"))
)
