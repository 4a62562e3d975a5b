result = (
    rent_films
    .join(rent_inventory, left_on="id", right_on="film_id", how="anti")
    .select("id", "title")
)
