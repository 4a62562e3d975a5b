result = (
    shop_orders
    .join(shop_customers, on="customer_id")
    .select("order_id", "first_name", "last_name")
)
