result = (
    wh_supplier
    .join(wh_nation, left_on="su_nationkey", right_on="na_nationkey")
    .join(wh_region, left_on="na_regionkey", right_on="rg_regionkey")
    .group_by("rg_name")
    .agg(pl.col("su_acctbal").mean().alias("avg_balance"))
    .filter(pl.col("avg_balance") > 4500)
    .with_columns(pl.col("avg_balance").round(2).alias("avg_balance"))
)
