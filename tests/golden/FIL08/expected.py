result = (
    rent_films
    .filter(pl.col("title").str.contains("Harbor", literal=True))
)
