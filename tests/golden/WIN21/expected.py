result = (
    shop_orders
    .select("order_id", "customer_id", (pl.col("freight") - pl.col("freight").shift(1).over("customer_id", order_by=["order_date", "order_id"])).abs().alias("freight_change"))
)
