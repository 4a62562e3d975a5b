result = (
    shop_products
    .drop("supplier_id", "category_id")
)
