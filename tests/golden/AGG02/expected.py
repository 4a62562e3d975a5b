result = (
    rent_payments
    .group_by("staff_id")
    .agg(pl.col("amount").sum().alias("total_amount"), pl.col("amount").mean().round(2).alias("avg_amount"))
)
