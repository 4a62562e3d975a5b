result = (
    geo_cities
    .filter(pl.col("district").is_not_null() & (pl.col("population") < 100000))
)
