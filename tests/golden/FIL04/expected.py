result = (
    shop_orders
    .filter(pl.col("shipped_date").is_null())
    .select("order_id", "order_date", "status")
)
