result = (
    shop_employees
    .filter((pl.col("title") == "Sales Rep") & (pl.col("hire_date").str.to_date("%Y-%m-%d").dt.year() > 2020))
    .sort("hire_date", nulls_last=True, maintain_order=True)
    .select(pl.concat_str([pl.col("first_name"), pl.col("last_name")], separator=" ").alias("full_name"), "hire_date")
)
