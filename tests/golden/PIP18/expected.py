result = (
    wh_customer
    .filter(pl.col("cu_acctbal") < 0)
    .group_by("cu_mktsegment")
    .agg(pl.len().alias("customer_count"), pl.col("cu_acctbal").mean().round(2).alias("avg_balance"))
    .sort("customer_count", descending=True, nulls_last=True, maintain_order=True)
)
