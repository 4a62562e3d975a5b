result = (
    tune_albums
    .select("album_id", pl.col("title").str.to_uppercase().alias("upper_title"), pl.col("title").str.len_chars().alias("title_length"))
)
