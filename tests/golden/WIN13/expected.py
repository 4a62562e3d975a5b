result = (
    shop_employees
    .select("employee_id", (pl.col("salary") / pl.col("salary").sum()).round(4).alias("salary_share"))
)
