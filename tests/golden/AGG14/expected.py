result = (
    tune_tracks
    .group_by("genre_id")
    .agg(pl.col("unit_price").mean().round(2).alias("avg_unit_price"))
)
