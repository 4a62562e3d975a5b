result = (
    rent_films
    .group_by("language", maintain_order=True)
    .agg(pl.col("title").get(pl.col("replacement_cost").arg_min()).alias("cheapest_film"))
)
