result = (
    tune_tracks
    .filter(pl.col("name").str.starts_with("Golden"))
    .select("name", "milliseconds")
)
