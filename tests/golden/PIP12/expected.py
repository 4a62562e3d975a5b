result = (
    shop_products
    .select("product_id", pl.col("unit_price").cast(pl.Int64).alias("whole_price"))
)
