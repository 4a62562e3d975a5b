result = (
    shop_orders
    .group_by("status")
    .agg(pl.len().alias("order_count"))
)
