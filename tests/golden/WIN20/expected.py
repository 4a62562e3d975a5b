result = (
    tune_tracks
    .select("track_id", "album_id", ((pl.col("milliseconds") - pl.col("milliseconds").mean().over("album_id")) / 1000).round(1).alias("difference"))
)
