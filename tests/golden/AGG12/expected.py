result = (
    shop_orders
    .group_by(pl.col("order_date").str.to_date("%Y-%m-%d").dt.year().alias("year"))
    .agg(pl.len().alias("order_count"))
)
