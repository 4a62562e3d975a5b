result = (
    shop_customers
    .group_by("segment")
    .agg(pl.col("is_vip").cast(pl.Int64).sum().alias("vip_count"))
)
