result = (
    shop_orders
    .select("order_id", "customer_id", "order_date", pl.col("order_date").shift(1).over("customer_id", order_by=["order_date", "order_id"]).alias("previous_order_date"))
)
