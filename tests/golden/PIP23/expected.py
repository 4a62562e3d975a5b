result = (
    shop_orders
    .sort(["order_date", "order_id"], nulls_last=True, maintain_order=True)
    .unique(subset="customer_id", keep="first", maintain_order=True)
    .select("customer_id", "order_id", "order_date")
)
