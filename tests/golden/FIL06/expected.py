result = (
    rent_films
    .filter(pl.col("rating").is_in(["PG", "PG-13"]) & (pl.col("length_min") > 150))
    .select("title", "rating", "length_min")
)
