result = (
    rent_rentals
    .group_by(pl.col("rented_at").str.to_datetime(time_unit="us").dt.hour().alias("hour"))
    .agg(pl.len().alias("rental_count"))
)
