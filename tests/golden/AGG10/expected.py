result = (
    rent_films
    .group_by("language")
    .agg(pl.col("title").get(pl.col("replacement_cost").arg_min()).alias("cheapest_film"))
)
