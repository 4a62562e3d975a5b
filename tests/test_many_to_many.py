"""resolve refuses a join whose key values repeat on both sides (it multiplies rows) unless the
question asks for pairs; the hint names the key that makes it one-to-many. Tables are real
files, so what repeats comes from the catalog's statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from codegen import generate
from nlq import ir
from nlq.catalog import Catalog, TableRef, load_catalog
from nlq.compile import compile_ir
from nlq.errors import ResolveError
from nlq.execute import run_code
from nlq.link import link
from nlq.lower import lower
from nlq.resolve import resolve


@pytest.fixture(scope="module")
def refs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TableRef]:
    root = tmp_path_factory.mktemp("m2m")
    frames = {
        # order_id unique; customer_id repeats
        "orders": pl.DataFrame({"order_id": [1, 2, 3, 4], "customer_id": [10, 10, 20, 20],
                                "placed": ["a", "a", "c", "c"]}),
        # order_id and customer_id (copied from the order) repeat; item_id unique
        "order_items": pl.DataFrame({"item_id": [100, 101, 102, 103, 104], "order_id": [1, 1, 2, 3, 3],
                                     "customer_id": [10, 10, 10, 20, 20], "product_id": ["x", "y", "x", "y", "z"],
                                     "qty": [1, 2, 3, 4, 5]}),
        # product_id repeats, and no column of it is unique
        "stock": pl.DataFrame({"warehouse": ["n", "n", "s", "s"], "product_id": ["x", "y", "x", "z"],
                               "on_hand": [5, 6, 7, 8]}),
        # an order ships in parts: order_id repeats
        "shipments": pl.DataFrame({"shipment_id": [7, 8, 9], "order_id": [1, 1, 2]}),
    }
    out = {}
    for name, frame in frames.items():
        frame.write_parquet(root / f"{name}.parquet")
        out[name] = TableRef(str(root / f"{name}.parquet"))
    return out


@pytest.fixture(scope="module")
def catalog(refs: dict[str, TableRef]) -> Catalog:
    return load_catalog(refs)


def query(source: str, *steps: dict[str, Any], **defs: dict[str, Any]) -> ir.Query:
    return ir.Query.model_validate({"source": source, "steps": list(steps), "defs": defs})


def refused(q: ir.Query, catalog: Catalog) -> ResolveError:
    with pytest.raises(ResolveError) as info:
        resolve(q, catalog)
    assert "many-to-many" in info.value.message
    return info.value


def test_the_catalog_knows_which_keys_repeat(catalog: Catalog) -> None:
    assert catalog["orders"].keys == ("order_id",)
    assert not catalog["orders"].repeats("order_id") and catalog["orders"].repeats("customer_id")
    assert catalog["stock"].repeats("product_id") and "product_id" not in catalog["stock"].keys


def test_a_join_on_keys_that_repeat_on_both_sides_is_refused_with_the_one_to_many_key(catalog: Catalog) -> None:
    error = refused(query("orders", {"kind": "join", "right": "order_items", "on": ["customer_id"]}), catalog)
    assert error.path == ("steps", 0)
    assert "`customer_id` = `customer_id`" in error.message and "multiplies rows" in error.message
    assert error.hint is not None
    assert error.hint.startswith("join on `order_id` (`order_id` is unique in the frame), which makes it one-to-many")
    assert "every pair" in error.hint


def test_without_a_one_to_many_key_the_hint_says_to_make_one_side_one_row_per_key(catalog: Catalog) -> None:
    error = refused(query("order_items", {"kind": "join", "right": "stock", "on": ["product_id"]}), catalog)
    assert error.hint is not None and error.hint.startswith("make one side one row per key first (group `stock` by `product_id`")


def test_inferred_keys_are_checked_too(catalog: Catalog) -> None:
    refused(query("order_items", {"kind": "join", "right": "stock"}), catalog)


def test_the_key_that_makes_it_one_to_many_is_accepted(catalog: Catalog) -> None:
    resolved = resolve(query("orders", {"kind": "join", "right": "order_items", "on": ["order_id"]}), catalog)
    assert "qty" in resolved.schema


def test_a_side_made_one_row_per_key_is_accepted(catalog: Catalog) -> None:
    per_product_id = {"source": "stock", "steps": [
        {"kind": "group_by", "by": ["product_id"], "agg": [{"name": "on_hand", "expr": "sum(on_hand)"}]}]}
    resolved = resolve(query("order_items", {"kind": "join", "right": "per_product_id", "on": ["product_id"]},
                             per_product_id=per_product_id), catalog)
    assert list(resolved.schema)[-1] == "on_hand"
    unique = resolve(query("order_items", {"kind": "unique", "subset": ["product_id"]},
                           {"kind": "join", "right": "stock", "on": ["product_id"]}), catalog)
    assert "warehouse" in unique.schema


def test_semi_and_anti_joins_do_not_multiply_rows(catalog: Catalog) -> None:
    for how in ("semi", "anti"):
        resolve(query("order_items", {"kind": "join", "right": "stock", "on": ["product_id"], "how": how}), catalog)


def test_a_composite_key_is_not_judged_by_its_columns(catalog: Catalog) -> None:
    # (order_id, customer_id) may be unique where neither column is: the catalog cannot tell.
    resolve(query("order_items", {"kind": "join", "right": "order_items",
                                  "on": ["order_id", "customer_id"]}), catalog)


def test_a_key_repeated_by_an_earlier_join_counts_as_repeating(catalog: Catalog) -> None:
    # orders' order_id is unique, so orders -> shipments is one-to-many; after orders ->
    # order_items (one-to-many) it repeats, and the same join multiplies rows.
    ships = {"kind": "join", "right": "shipments", "on": ["order_id"]}
    resolve(query("orders", ships), catalog)
    refused(query("orders", {"kind": "join", "right": "order_items", "on": ["order_id"]}, ships), catalog)


@pytest.mark.parametrize("question, asks", [
    ("Every combination of order item and warehouse stock for the same product_id.", True),
    ("List all pairs of items and stock rows sharing a product_id.", True),
    ("Join items to stock many-to-many on product_id.", True),
    ("Stock on hand for each order item's product_id.", False),
    ("Total quantity per customer.", False),
])
def test_which_questions_ask_for_pairs(catalog: Catalog, question: str, asks: bool) -> None:
    assert link(question, catalog).intent.pairs is asks


def test_a_question_that_asks_for_pairs_gets_the_join_and_its_rows(catalog: Catalog,
                                                                  refs: dict[str, TableRef]) -> None:
    q = query("order_items", {"kind": "join", "right": "stock", "on": ["product_id"]})
    question = "Every combination of order item and warehouse stock for the same product_id."
    _, code = compile_ir(q, catalog, link=link(question, catalog))
    run = run_code(code, refs)
    assert run.ok and run.frame is not None
    assert run.frame.height == 7  # x: 2 items x 2 warehouses, y: 2 x 1, z: 1 x 1
    with pytest.raises(ResolveError, match="many-to-many"):
        compile_ir(q, catalog, link=link("Stock on hand for each order item's product_id.", catalog))
    # resolve's own switch, as compile_ir sets it
    assert generate(lower(resolve(q, catalog, many_to_many=True).query), catalog) == code
