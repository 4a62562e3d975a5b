result = (
    wh_orders
    .filter(pl.col("or_orderdate").str.to_date("%Y-%m-%d").dt.year() == 1995)
    .join(wh_lineitem, left_on="or_orderkey", right_on="li_orderkey")
    .join(wh_customer, left_on="or_custkey", right_on="cu_custkey")
    .join(wh_nation, left_on="cu_nationkey", right_on="na_nationkey")
    .join(wh_region, left_on="na_regionkey", right_on="rg_regionkey")
    .group_by("rg_name")
    .agg((pl.col("li_extendedprice") * (1 - pl.col("li_discount"))).sum().round(2).alias("revenue"))
    .sort("revenue", descending=True, nulls_last=True, maintain_order=True)
)
