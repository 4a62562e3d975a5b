result = (
    shop_orders
    .filter((pl.col("status") == "delivered") & (pl.col("ship_country") == "Germany"))
)
