result = (
    geo_languages
    .join(geo_countries, left_on="country_code", right_on="code")
    .group_by("continent")
    .agg(pl.col("language").n_unique().alias("language_count"))
)
