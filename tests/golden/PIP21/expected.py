result = (
    rent_films
    .filter(pl.col("release_year") >= 2010)
    .select("title", pl.concat_str([pl.col("rental_rate").cast(pl.String), pl.lit(" per rental")]).alias("label"))
)
