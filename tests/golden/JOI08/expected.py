managers = (
    shop_employees
    .select(pl.col("employee_id").alias("manager_id"), pl.col("last_name").alias("manager_last_name"))
)
result = (
    shop_employees
    .join(managers, on="manager_id")
    .select("first_name", "last_name", "manager_last_name")
)
