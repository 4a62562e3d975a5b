result = (
    shop_orders
    .group_by("customer_id")
    .agg(pl.col("order_date").min().alias("first_order"), pl.col("order_date").max().alias("last_order"))
)
