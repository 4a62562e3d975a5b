result = (
    shop_orders
    .filter(pl.col("status").is_in(["shipped", "delivered"]))
    .with_columns((pl.col("shipped_date").str.to_date("%Y-%m-%d") - pl.col("order_date").str.to_date("%Y-%m-%d")).dt.total_days().alias("days_to_ship"))
    .filter(pl.col("days_to_ship") > 5)
    .select("order_id", "days_to_ship")
)
