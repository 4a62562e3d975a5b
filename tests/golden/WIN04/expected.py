result = (
    tune_tracks
    .select("track_id", "genre_id", "unit_price", pl.col("unit_price").rank("max", descending=True).over("genre_id").alias("rank"))
)
