result = (
    rent_rentals
    .select("id", "customer_id", "rented_at", pl.col("rented_at").shift(-1).over("customer_id", order_by="rented_at").alias("next_rented_at"))
)
