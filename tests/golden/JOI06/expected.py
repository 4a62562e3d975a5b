artists = (
    tune_artists
    .select("artist_id", pl.col("name").alias("artist"))
)
result = (
    tune_tracks
    .join(tune_albums, on="album_id")
    .join(artists, on="artist_id")
    .select(pl.col("name").alias("track"), pl.col("title").alias("album"), "artist")
)
