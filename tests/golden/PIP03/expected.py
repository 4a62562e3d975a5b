result = (
    shop_customers
    .select("country")
    .unique(maintain_order=True)
)
