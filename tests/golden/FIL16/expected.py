result = (
    tune_albums
    .filter(pl.col("title").str.ends_with("Tide"))
)
