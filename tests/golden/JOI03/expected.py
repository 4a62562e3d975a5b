result = (
    shop_customers
    .join(shop_orders, on="customer_id", how="anti")
)
