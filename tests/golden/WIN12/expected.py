result = (
    shop_products
    .select("product_name", "category_id", (pl.col("units_in_stock") / pl.col("units_in_stock").sum().over("category_id") * 100).round(1).alias("stock_share"))
)
