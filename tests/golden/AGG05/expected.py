result = (
    rent_films
    .group_by("rating")
    .agg(pl.col("length_min").median().alias("median_length"), pl.col("length_min").std().round(2).alias("std_length"), pl.col("length_min").var().round(2).alias("var_length"))
)
