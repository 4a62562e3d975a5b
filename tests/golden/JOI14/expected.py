result = (
    tune_artists
    .join(tune_albums, on="artist_id", how="anti")
)
