result = (
    geo_countries
    .select("code", pl.col("name").str.slice(0, 3).str.to_lowercase().alias("short_name"))
)
