result = (
    shop_customers
    .filter(pl.col("is_vip") & (pl.col("segment") == "Corporate"))
    .select("first_name", "last_name", "email")
)
