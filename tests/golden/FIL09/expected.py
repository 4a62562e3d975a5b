result = (
    shop_orders
    .filter((pl.col("order_date").str.to_date("%Y-%m-%d").dt.year() == 2024) & (pl.col("freight") > 50))
)
