road_trip_list = (
    tune_playlists
    .filter(pl.col("name") == "Road Trip")
)
road_trip = (
    tune_playlist_tracks
    .join(road_trip_list, on="playlist_id")
)
result = (
    tune_tracks
    .join(road_trip, on="track_id", how="semi")
    .select("name", "milliseconds")
)
