result = (
    tune_tracks
    .sort("milliseconds", descending=True, nulls_last=True, maintain_order=True)
    .head(10)
    .select("name", (pl.col("milliseconds") / 60000).round(1).alias("minutes"))
)
