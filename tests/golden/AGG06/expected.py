result = (
    shop_orders
    .group_by("customer_id", maintain_order=True)
    .agg(pl.col("order_date").min().alias("first_order"), pl.col("order_date").max().alias("last_order"))
)
