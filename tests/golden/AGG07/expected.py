result = (
    tune_tracks
    .sort("track_id", nulls_last=True, maintain_order=True)
    .group_by("album_id")
    .agg(pl.col("name").first().alias("first_track"), pl.col("name").last().alias("last_track"))
)
