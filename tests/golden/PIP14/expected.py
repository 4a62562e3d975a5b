result = (
    rent_rentals
    .filter(pl.col("rented_at").str.to_datetime(time_unit="us").dt.strftime("%Y-%m") == "2024-03")
    .group_by(pl.col("rented_at").str.to_datetime(time_unit="us").dt.date().alias("day"))
    .agg(pl.len().alias("rental_count"))
)
