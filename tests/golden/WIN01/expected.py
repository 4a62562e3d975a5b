result = (
    rent_films
    .select("title", "rating", "length_min", pl.col("length_min").rank("dense", descending=True).over("rating").alias("rank"))
)
