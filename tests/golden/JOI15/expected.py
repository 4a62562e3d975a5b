result = (
    rent_payments
    .filter(pl.col("amount") >= 5)
    .join(rent_rentals, left_on="rental_id", right_on="id")
    .join(rent_inventory, left_on="inventory_id", right_on="id")
    .join(rent_films, left_on="film_id", right_on="id")
    .select("id", "amount", "title")
)
