result = (
    tune_tracks
    .select("track_id", (pl.col("milliseconds") // 60000).alias("minutes"), (pl.col("milliseconds") // 1000 % 60).alias("seconds"))
)
