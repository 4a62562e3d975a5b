result = (
    shop_orders
    .select("order_id", "freight", pl.when(pl.col("freight") < 10).then(pl.lit("low")).when(pl.col("freight") < 30).then(pl.lit("medium")).otherwise(pl.lit("high")).alias("freight_band"))
)
