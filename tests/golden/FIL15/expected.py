result = (
    wh_lineitem
    .filter((pl.col("li_discount") >= 0.05) & ((pl.col("li_shipmode") == "AIR") | (pl.col("li_shipmode") == "RAIL")))
)
