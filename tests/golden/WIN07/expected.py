result = (
    rent_rentals
    .select("id", "customer_id", pl.col("id").cum_count().over("customer_id", order_by="rented_at").alias("rentals_so_far"))
)
