result = (
    shop_orders
    .filter(pl.col("status") == "delivered")
    .join(shop_order_items, on="order_id")
    .with_columns((pl.col("quantity") * pl.col("unit_price") * (1 - pl.col("discount"))).alias("line_revenue"))
    .join(shop_products, on="product_id")
    .join(shop_categories, on="category_id")
    .group_by("category_name")
    .agg(pl.col("line_revenue").sum().round(2).alias("revenue"))
)
