result = (
    rent_customers
    .filter(~pl.col("active") & (pl.col("store_id") == 2))
)
