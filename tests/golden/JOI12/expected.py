result = (
    wh_customer
    .filter(pl.col("cu_mktsegment") == "BUILDING")
    .join(wh_nation, left_on="cu_nationkey", right_on="na_nationkey")
    .join(wh_region, left_on="na_regionkey", right_on="rg_regionkey")
    .select(pl.col("cu_name").alias("customer_name"), pl.col("na_name").alias("nation"), pl.col("rg_name").alias("region"))
)
