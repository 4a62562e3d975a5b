result = (
    shop_orders
    .group_by("employee_id")
    .agg(pl.col("customer_id").n_unique().alias("distinct_customers"))
)
