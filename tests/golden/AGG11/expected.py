result = (
    shop_orders
    .select(pl.col("freight").sum().round(2).alias("total_freight"), pl.len().alias("order_count"))
)
