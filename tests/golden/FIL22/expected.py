result = (
    wh_part
    .filter(pl.col("pa_size") >= 40)
    .select("pa_partkey", pl.col("pa_brand").str.slice(6).alias("brand_number"))
)
