result = (
    rent_payments
    .select("id", "customer_id", "paid_on", "amount", pl.col("amount").cum_sum().over("customer_id", order_by=["paid_on", "id"]).alias("running_total"))
)
