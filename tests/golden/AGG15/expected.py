result = (
    wh_lineitem
    .group_by("li_returnflag", "li_linestatus", maintain_order=True)
    .agg(pl.len().alias("line_count"))
)
