result = (
    rent_films
    .filter(pl.col("length_min") > 90)
    .group_by("language")
    .agg(pl.len().alias("film_count"), pl.col("length_min").mean().round(1).alias("avg_length"))
    .filter(pl.col("film_count") >= 5)
    .sort("avg_length", descending=True, nulls_last=True, maintain_order=True)
    .select("language", "avg_length")
)
