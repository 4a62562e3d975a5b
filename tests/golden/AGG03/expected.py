result = (
    shop_customers
    .group_by("country")
    .agg(pl.col("email").count().alias("with_email"))
)
