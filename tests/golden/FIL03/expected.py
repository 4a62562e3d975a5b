result = (
    shop_customers
    .filter(pl.col("email").is_null())
    .select("customer_id", "first_name", "last_name")
)
