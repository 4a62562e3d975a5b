result = (
    wh_nation
    .drop("na_comment")
    .rename({"na_name": "nation", "na_regionkey": "region_key"})
)
