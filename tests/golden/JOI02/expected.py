result = (
    shop_products
    .join(shop_categories, on="category_id")
    .select("product_name", "category_name")
)
