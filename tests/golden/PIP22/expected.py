on_sale = (
    shop_products
    .filter(~pl.col("discontinued"))
)
result = (
    shop_suppliers
    .filter(pl.col("rating") >= 4)
    .join(on_sale, on="supplier_id", how="semi")
    .select("company_name", pl.col("contact_name").str.strip_chars().alias("contact"))
)
