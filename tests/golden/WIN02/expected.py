result = (
    shop_products
    .select("product_name", "category_id", pl.col("unit_price").rank("ordinal").over("category_id").alias("price_rank"))
)
