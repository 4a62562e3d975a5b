result = (
    geo_countries
    .filter(~pl.col("continent").is_in(["Europe", "Asia"]) & (pl.col("life_expectancy") > 75))
    .select("name", "continent")
)
