result = (
    shop_orders
    .group_by("status", maintain_order=True)
    .agg(pl.len().alias("order_count"))
)
