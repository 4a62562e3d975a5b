result = (
    shop_orders
    .filter(pl.col("status") == "returned")
    .select("order_id", (-pl.col("freight")).alias("refund"))
)
