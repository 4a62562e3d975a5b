result = (
    shop_products
    .filter(pl.col("unit_price").rank("ordinal", descending=True).over("category_id") <= 2)
    .select("category_id", "product_name", "unit_price")
)
