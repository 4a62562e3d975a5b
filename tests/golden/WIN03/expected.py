result = (
    geo_countries
    .select("name", "population", pl.col("population").rank("min", descending=True).alias("rank"))
)
