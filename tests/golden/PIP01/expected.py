result = (
    shop_orders
    .filter(pl.col("status") == "delivered")
    .join(shop_order_items, on="order_id")
    .group_by("customer_id", maintain_order=True)
    .agg((pl.col("quantity") * pl.col("unit_price")).sum().round(2).alias("total_spend"))
    .join(shop_customers, on="customer_id")
    .sort("total_spend", descending=True, nulls_last=True, maintain_order=True)
    .head(5)
    .select("first_name", "last_name", "total_spend")
)
