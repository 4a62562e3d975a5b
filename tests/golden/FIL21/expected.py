result = (
    wh_customer
    .filter(pl.col("cu_acctbal") < 0)
    .select("cu_name", (-pl.col("cu_acctbal")).alias("debt"))
)
