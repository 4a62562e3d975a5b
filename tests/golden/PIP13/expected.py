result = (
    shop_orders
    .filter(pl.col("order_date").str.to_date("%Y-%m-%d").dt.weekday() >= 6)
    .select("order_id", "order_date")
)
