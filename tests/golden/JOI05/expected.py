counts = (
    shop_products
    .group_by("supplier_id")
    .agg(pl.len().alias("product_count"))
)
result = (
    shop_suppliers
    .join(counts, on="supplier_id", how="left")
    .with_columns(pl.when(pl.col("product_count").is_null()).then(pl.lit(0)).otherwise(pl.col("product_count")).alias("product_count"))
    .select("company_name", "product_count")
)
