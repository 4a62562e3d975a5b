result = (
    wh_lineitem
    .group_by("li_returnflag", "li_linestatus")
    .agg(pl.len().alias("line_count"))
)
