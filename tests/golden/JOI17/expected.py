flac = (
    tune_media_types
    .filter(pl.col("name") == "Lossless FLAC file")
)
result = (
    tune_tracks
    .join(flac, on="media_type_id", how="semi")
    .filter(pl.col("composer").is_not_null())
    .select("name", "composer")
)
