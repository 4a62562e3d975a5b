result = (
    geo_cities
    .group_by("country_code")
    .agg(pl.len().alias("city_count"))
    .filter(pl.col("city_count") > 3)
)
