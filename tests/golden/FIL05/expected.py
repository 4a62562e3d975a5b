result = (
    shop_products
    .filter(pl.col("category_id").is_in([2, 5, 7]) & pl.col("unit_price").is_between(20, 80))
)
