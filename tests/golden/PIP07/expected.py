result = (
    rent_films
    .sort(["rating", "length_min", "title"], descending=[False, True, False], nulls_last=True, maintain_order=True)
    .head(15)
    .select("title", "rating", "length_min")
)
