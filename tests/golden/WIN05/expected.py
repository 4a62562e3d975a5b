result = (
    shop_orders
    .select("order_id", "customer_id", "order_date", pl.int_range(1, pl.len() + 1).over("customer_id", order_by=["order_date", "order_id"]).alias("order_number"))
)
