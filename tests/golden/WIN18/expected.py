result = (
    wh_lineitem
    .select("li_orderkey", "li_linenumber", "li_quantity", pl.col("li_quantity").rolling_sum(window_size=3).over("li_orderkey", order_by="li_linenumber").alias("rolling_quantity"))
)
