result = (
    tune_tracks
    .filter(pl.col("composer").str.to_lowercase().str.contains("garcia", literal=True))
    .select("name", "composer")
)
