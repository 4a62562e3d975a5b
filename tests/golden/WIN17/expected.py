result = (
    geo_cities
    .filter(pl.col("population").rank("ordinal", descending=True).over("country_code") <= 3)
    .select("country_code", "name", "population")
)
