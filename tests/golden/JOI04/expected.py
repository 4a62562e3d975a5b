cancelled = (
    shop_orders
    .filter(pl.col("status") == "cancelled")
)
result = (
    shop_customers
    .join(cancelled, on="customer_id", how="semi")
    .select("customer_id", "first_name", "last_name")
)
