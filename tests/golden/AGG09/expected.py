result = (
    shop_products
    .group_by("category_id")
    .agg(pl.col("product_name").get(pl.col("unit_price").arg_max()).alias("most_expensive"))
)
