result = (
    shop_orders
    .filter((pl.col("order_date").str.to_date("%Y-%m-%d").dt.year() == 2023) & (pl.col("order_date").str.to_date("%Y-%m-%d").dt.month() == 12))
    .select("order_id", "order_date")
)
