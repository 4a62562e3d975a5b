capitals = (
    geo_cities
    .select("id", pl.col("name").alias("capital"))
)
result = (
    geo_countries
    .join(capitals, left_on="capital_id", right_on="id", how="left")
    .select(pl.col("name").alias("country"), "capital")
)
