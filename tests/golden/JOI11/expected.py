r_rated_films = (
    rent_films
    .filter(pl.col("rating") == "R")
)
r_rated = (
    rent_film_actors
    .join(r_rated_films, left_on="film_id", right_on="id")
)
result = (
    rent_actors
    .join(r_rated, left_on="id", right_on="actor_id", how="semi")
    .select("first_name", "last_name")
)
