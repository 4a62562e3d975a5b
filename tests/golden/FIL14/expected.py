result = (
    shop_products
    .filter(~pl.col("discontinued") & (pl.col("units_in_stock") < 20))
    .select("product_name", "units_in_stock")
)
