result = (
    shop_customers
    .filter(pl.col("signup_date").is_between(pl.lit("2022-06-01"), pl.lit("2022-06-30")))
    .select("customer_id", "signup_date")
)
