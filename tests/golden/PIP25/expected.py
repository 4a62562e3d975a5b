result = (
    tune_genres
    .rename({"genre_id": "id", "name": "genre"})
)
