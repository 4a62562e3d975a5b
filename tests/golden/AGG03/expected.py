result = (
    shop_customers
    .group_by("country", maintain_order=True)
    .agg(pl.col("email").count().alias("with_email"))
)
