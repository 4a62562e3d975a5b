result = (
    rent_rentals
    .filter((pl.col("rented_at") >= "2024-12-01") & pl.col("returned_at").is_null())
)
