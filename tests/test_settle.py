"""settle on the project's demo tables: each rule, the cases where it must leave the plan
alone, and the compiled code run to check the frame it gives."""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl
import re

import pytest

import nlq.settle as settle_module
from nlq import ir
from nlq.catalog import TableInfo, load_catalog
from nlq.compile import compile_ir, compile_question
from nlq.demo import demo_tables
from nlq.exprlang import parse_expr
from nlq.fallback import LinkFiller
from nlq.grade import compare
from nlq.link import link
from nlq.resolve import resolve
from nlq.settle import settle


@cache
def refs() -> dict[str, Any]:
    return demo_tables()


def catalog(tables: list[str]) -> dict[str, TableInfo]:
    return load_catalog({name: refs()[name] for name in tables})


@cache
def frame(name: str) -> pl.DataFrame:
    return pl.read_parquet(refs()[name].path)


def plan(source: str, *steps: dict[str, Any]) -> ir.Query:
    return ir.Query.model_validate({"source": source, "steps": list(steps)})


def settled(question: str, tables: list[str], query: ir.Query) -> ir.Query:
    cat = catalog(tables)
    return settle(resolve(query, cat), link(question, cat), cat).query


def run(question: str, tables: list[str], query: ir.Query) -> pl.DataFrame:
    """The frame of the code `compile_ir` generates for the settled plan, run as the runner does."""
    cat = catalog(tables)
    _, code = compile_ir(query, cat, link=link(question, cat))
    namespace: dict[str, Any] = {"pl": pl, **{name: frame(name) for name in tables}}
    exec(compile(code, "<settled>", "exec"), namespace)
    return namespace["result"]


def assert_same(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    verdict = compare(got, expected)
    assert verdict.match, f"{verdict.outcome}: {verdict.detail}"


def named(name: str, expr: str) -> ir.Named:
    return ir.Named(name=name, expr=expr)


ORDERS = ["shop_orders"]
SALES = ["shop_order_items", "shop_products", "shop_categories"]


# ---------------------------------------------------------------------------------------
# Names


def test_aggregates_take_the_questions_names_and_later_steps_follow():
    question = "Total freight and number of orders per ship country, most freight first."
    query = plan("shop_orders",
                 {"kind": "group_by", "by": ["ship_country"],
                  "agg": [{"name": "f", "expr": "round(sum(freight), 2)"}, {"name": "n", "expr": "len()"}]},
                 {"kind": "sort", "by": [{"column": "f", "descending": True}]},
                 {"kind": "filter", "predicate": "n > 5"},
                 {"kind": "select", "columns": ["ship_country", "f", "n"]})
    steps = settled(question, ORDERS, query).steps
    assert steps[0].agg == [named("total_freight", "round(sum(freight), 2)"), named("order_count", "len()")]
    assert steps[1].by == [ir.SortKey(column="total_freight", descending=True)]
    assert steps[2].predicate == ir.Binary(op=">", left=ir.Col(name="order_count"), right=ir.Lit(value=5))
    assert steps[3].columns == ["ship_country", "total_freight", "order_count"]
    expected = (frame("shop_orders").group_by("ship_country")
                .agg(pl.col("freight").sum().alias("total_freight"), pl.len().alias("order_count"))
                .filter(pl.col("order_count") > 5))
    assert_same(run(question, ORDERS, query), expected)


def test_a_whole_table_aggregate_is_named_too():
    query = plan("shop_orders", {"kind": "select", "columns": [{"name": "s", "expr": "round(sum(freight), 2)"}]})
    assert settled("Total freight over all orders.", ORDERS, query).steps[0].columns == [
        named("total_freight", "round(sum(freight), 2)")]


def test_a_written_name_wins_over_the_phrase_it_follows():
    query = plan("shop_products", {"kind": "group_by", "by": ["category_id"],
                                   "agg": [{"name": "avg_unit_price", "expr": "round(mean(unit_price), 2)"}]})
    question = "Average unit price per category, named avg_price_eur."
    assert settled(question, ["shop_products"], query).steps[0].agg[0].name == "avg_price_eur"


def test_a_written_name_with_no_phrase_names_the_one_new_column():
    query = plan("shop_orders", {"kind": "with_columns", "columns": [{"name": "heavy", "expr": "freight > 50"}]})
    question = "Flag orders with freight above 50 as is_heavy."
    assert settled(question, ORDERS, query).steps[0].columns[0].name == "is_heavy"
    assert run(question, ORDERS, query).columns[-1] == "is_heavy"


def test_a_window_phrase_names_the_one_window_column():
    window = {"name": "cum_amount", "expr": "over(cum_sum(amount), by=[customer_id], order_by=[paid_on])"}
    question = "For each customer, the running total of payment amounts by payment date."
    query = plan("rent_payments", {"kind": "with_columns", "columns": [window]})
    assert settled(question, ["rent_payments"], query).steps[0].columns[0].name == "running_total"
    # Two window columns: which one the words name is not clear, so neither is renamed.
    rank = {"name": "pos", "expr": "over(rank(amount), by=[customer_id])"}
    two = plan("rent_payments", {"kind": "with_columns", "columns": [window, rank]})
    assert settled(question, ["rent_payments"], two) == resolve(two, catalog(["rent_payments"])).query


def test_a_column_list_restating_an_aggregate_names_it():
    # "average account balance" in the prose, "average balance" in the list: the list names the column.
    question = "Regions where suppliers hold an average account balance over 4000: region name, average balance."
    tables = ["wh_supplier", "wh_nation", "wh_region"]
    query = plan("wh_supplier", {"kind": "join", "right": "wh_nation"}, {"kind": "join", "right": "wh_region"},
                 {"kind": "group_by", "by": ["rg_name"], "agg": [{"name": "m", "expr": "round(mean(su_acctbal), 2)"}]},
                 {"kind": "filter", "predicate": "m > 4000"})
    assert settled(question, tables, query).steps[2].agg[0].name == "avg_balance"
    # Without the list, the first phrase names it.
    assert settled(question.split(":")[0], tables, query).steps[2].agg[0].name == "avg_account_balance"


def test_a_plan_already_named_as_the_question_says_keeps_its_names():
    query = plan("shop_orders", {"kind": "group_by", "by": ["status"],
                                 "agg": [{"name": "order_count", "expr": "len()"}]})
    assert settled("Number of orders per status, i.e. the order count.", ORDERS, query) == resolve(
        query, catalog(ORDERS)).query
    assert settled("Number of orders per status.", ORDERS, query).steps[0].agg[0].name == "order_count"


def test_names_are_left_alone_where_no_hint_fits():
    # "total_freight" is a column the plan computed before: the sum does not take its name.
    clash = plan("shop_orders", {"kind": "with_columns", "columns": [{"name": "total_freight", "expr": "freight * 2"}]},
                 {"kind": "group_by", "by": ["status"], "agg": [{"name": "f", "expr": "round(sum(freight), 2)"}]})
    assert settled("Total freight per status.", ORDERS, clash).steps[1].agg[0].name == "f"
    # No phrase asks for a maximum, and a maximum is not a sum.
    other = plan("shop_orders", {"kind": "group_by", "by": ["status"],
                                 "agg": [{"name": "biggest", "expr": "max(freight)"}]})
    assert settled("Freight figures per status.", ORDERS, other).steps[0].agg[0].name == "biggest"
    assert settled("Total freight per status.", ORDERS, other).steps[0].agg[0].name == "biggest"


# ---------------------------------------------------------------------------------------
# Rounding


# A group key for each table the aggregate cases group.
_KEYS = {"shop_order_items": "order_id", "shop_orders": "status"}


def settled_agg(tables: list[str], text: str, question: str = "Figures per group.") -> ir.Node:
    """The expression of a group_by's one agg item `text` after settling."""
    query = plan(tables[0], {"kind": "group_by", "by": [_KEYS[tables[0]]], "agg": [{"name": "value", "expr": text}]})
    return settled(question, tables, query).steps[-1].agg[0].expr


@pytest.mark.parametrize("tables, expr", [
    (["shop_orders"], "sum(freight)"),
    (["shop_orders"], "mean(freight)"),
    (["shop_order_items"], "mean(quantity)"),
    (["shop_order_items"], "sum(quantity * unit_price)"),
    (["shop_orders"], "round(mean(freight), 3)"),
])
def test_sums_and_means_keep_the_precision_the_plan_gave_them(tables, expr):
    # Rounding changes the values a result is compared on; only the question may ask for it.
    assert settled_agg(tables, expr) == parse_expr(expr)


def test_a_question_that_asks_for_rounding_keeps_the_plans_own():
    question = "Average freight per status, rounded to 1 decimal."
    assert settled_agg(["shop_orders"], "round(mean(freight), 1)", question) == parse_expr("round(mean(freight), 1)")


def test_window_outputs_are_not_rounded():
    window = {"name": "running_total", "expr": "over(cum_sum(freight), by=[customer_id], order_by=[order_date])"}
    query = plan("shop_orders", {"kind": "with_columns", "columns": [window]})
    question = "Running total of freight per customer by order date."
    assert settled(question, ORDERS, query).steps[0].columns[0].expr == parse_expr(window["expr"])


# ---------------------------------------------------------------------------------------
# Group by the entity, not its id


def test_a_group_key_that_joined_an_entity_becomes_its_name():
    question = "Total revenue per category from order items."
    query = plan("shop_order_items", {"kind": "join", "right": "shop_products"},
                 {"kind": "join", "right": "shop_categories"},
                 {"kind": "group_by", "by": ["category_id"],
                  "agg": [{"name": "total_revenue", "expr": "round(sum(quantity * unit_price), 2)"}]},
                 {"kind": "sort", "by": [{"column": "category_id"}]})
    steps = settled(question, SALES, query).steps
    assert steps[2].by == ["category_name"]
    assert steps[3].by == [ir.SortKey(column="category_name")]
    items = frame("shop_order_items").drop("unit_price")
    expected = (items.join(frame("shop_products"), on="product_id").join(frame("shop_categories"), on="category_id")
                .group_by("category_name")
                .agg((pl.col("quantity") * pl.col("unit_price")).sum().alias("total_revenue")))
    assert_same(run(question, SALES, query), expected)


def test_an_entity_name_suffixed_by_the_join_keeps_its_frame_name():
    tables = ["tune_tracks", "tune_genres"]
    query = plan("tune_tracks", {"kind": "join", "right": "tune_genres"},
                 {"kind": "group_by", "by": ["genre_id"], "agg": [{"name": "count", "expr": "len()"}]})
    question = "Number of tracks per genre."
    assert settled(question, tables, query).steps[1].by == ["name_right"]
    expected = (frame("tune_tracks").join(frame("tune_genres"), on="genre_id")
                .group_by("name_right").agg(pl.len().alias("track_count")))
    assert_same(run(question, tables, query), expected)


def test_an_entity_keyed_with_a_prefix_names_itself_with_the_prefix():
    tables = ["wh_supplier", "wh_nation", "wh_region"]
    query = plan("wh_supplier", {"kind": "join", "right": "wh_nation"}, {"kind": "join", "right": "wh_region"},
                 {"kind": "group_by", "by": ["na_regionkey"], "agg": [{"name": "count", "expr": "len()"}]})
    assert settled("Number of suppliers per region.", tables, query).steps[2].by == ["rg_name"]


@pytest.mark.parametrize("question, tables, steps", [
    # The question spells the id, with or without its underscore.
    ("Total revenue per category_id.", SALES, None),
    ("Total revenue per category id.", SALES, None),
    # Customers have a first and a last name: no one name column.
    ("Total freight per customer.", ["shop_orders", "shop_customers"],
     [{"kind": "join", "right": "shop_customers"},
      {"kind": "group_by", "by": ["customer_id"], "agg": [{"name": "total_freight", "expr": "sum(freight)"}]}]),
    # No join brought the categories: the id is all the frame has.
    ("Total stock per category.", ["shop_products"],
     [{"kind": "group_by", "by": ["category_id"], "agg": [{"name": "total_stock", "expr": "sum(units_in_stock)"}]}]),
])
def test_a_group_key_stays_the_id_when_the_question_or_the_tables_say_so(question, tables, steps):
    steps = steps or [{"kind": "join", "right": "shop_products"}, {"kind": "join", "right": "shop_categories"},
                      {"kind": "group_by", "by": ["category_id"],
                       "agg": [{"name": "total_revenue", "expr": "sum(quantity * unit_price)"}]}]
    query = plan(tables[0], *steps)
    group_by = next(s for s in settled(question, tables, query).steps if isinstance(s, ir.GroupBy))
    assert group_by.by == [steps[-1]["by"][0]]


# ---------------------------------------------------------------------------------------
# The columns the question lists


def test_a_listed_set_of_columns_is_selected_in_the_questions_order():
    question = "VIP customers in the Corporate segment: first name, last name and email."
    query = plan("shop_customers", {"kind": "filter", "predicate": "is_vip and segment == 'Corporate'"})
    assert settled(question, ["shop_customers"], query).steps[-1] == ir.Select(columns=["first_name", "last_name",
                                                                                          "email"])
    customers = frame("shop_customers")
    expected = customers.filter(pl.col("is_vip") & (pl.col("segment") == "Corporate")).select(
        "first_name", "last_name", "email")
    assert_same(run(question, ["shop_customers"], query), expected)


@pytest.mark.parametrize("question, tables, steps, expected", [
    # Words without the column's prefix or with its table's noun; a partial word ("stock").
    ("Return the name and stock of products still on sale.", ["shop_products"],
     [{"kind": "filter", "predicate": "not discontinued"}], ["product_name", "units_in_stock"]),
    ("Select title, category name and rating of films longer than 180 minutes.",
     ["rent_films", "rent_film_categories", "rent_categories"],
     [{"kind": "filter", "predicate": "length_min > 180"},
      {"kind": "join", "right": "rent_film_categories", "left_on": ["id"], "right_on": ["film_id"]},
      {"kind": "join", "right": "rent_categories", "left_on": ["category_id"], "right_on": ["id"]}],
     ["title", "name", "rating"]),
    ("Show each film's title and rating.", ["rent_films"], [], ["title", "rating"]),
    ("Tracks with their album: track name, album title and artist name.",
     ["tune_tracks", "tune_albums", "tune_artists"],
     [{"kind": "join", "right": "tune_albums"}, {"kind": "join", "right": "tune_artists"}],
     ["name", "title", "name_right"]),
    ("Large parts: part key and name.", ["wh_part"],
     [{"kind": "filter", "predicate": "pa_size > 45"}], ["pa_partkey", "pa_name"]),
    # A select that left a listed column out is replaced; one in another order is reordered.
    ("Customers with no email address: id, first name and last name.", ["shop_customers"],
     [{"kind": "filter", "predicate": "is_null(email)"}, {"kind": "select", "columns": ["first_name", "last_name"]}],
     ["customer_id", "first_name", "last_name"]),
    ("Show order_id, status and freight of orders above 55 freight.", ORDERS,
     [{"kind": "filter", "predicate": "freight > 55"},
      {"kind": "select", "columns": ["freight", "order_id", "status"]}],
     ["order_id", "status", "freight"]),
])
def test_listed_items_map_to_the_frames_columns(question, tables, steps, expected):
    query = plan(tables[0], *steps)
    settled_steps = settled(question, tables, query).steps
    assert settled_steps[-1] == ir.Select(columns=expected)
    # The plan's own steps stay; a final select is replaced rather than followed by another.
    assert len(settled_steps) == len(steps) + (not steps or steps[-1]["kind"] != "select")
    assert run(question, tables, query).columns == expected


@pytest.mark.parametrize("question, steps", [
    # No list of columns.
    ("Shipped orders with freight above 20.", [{"kind": "filter", "predicate": "freight > 20"}]),
    # "weather" is no column, so not even the columns that do map are selected.
    ("Return the order id, the status and the weather.", []),
    # After a join, "id" names no one column.
    ("Return the id and the status of orders.", [{"kind": "join", "right": "shop_customers"}]),
    # A bare entity is not its key: "customer" is not `customer_id`.
    ("Return the customer and the status of orders.", []),
    # The plan already ends in the listed columns.
    ("Return order_id and status.", [{"kind": "select", "columns": ["order_id", "status"]}]),
])
def test_a_list_that_does_not_map_whole_changes_nothing(question, steps):
    tables = ["shop_orders", "shop_customers"]
    query = plan("shop_orders", *steps)
    assert settled(question, tables, query) == resolve(query, catalog(tables)).query


# ---------------------------------------------------------------------------------------
# Settling never costs an answer


def test_a_rule_whose_plan_does_not_resolve_or_ends_elsewhere_is_dropped(monkeypatch):
    def unknown_table(p):
        return p.resolved.query.model_copy(update={"source": "shop_nowhere"}), p.columns

    def other_columns(p):
        return p.resolved.query, ["order_id"]

    monkeypatch.setattr(settle_module, "_RULES", (unknown_table, other_columns, settle_module._columns))
    question = "Return order_id and status."
    query = settled(question, ORDERS, plan("shop_orders"))
    assert query == plan("shop_orders", {"kind": "select", "columns": ["order_id", "status"]})


def test_compile_keeps_the_resolved_plan_when_settle_fails(monkeypatch):
    def broken(*args):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(settle_module, "settle", broken)
    cat = catalog(ORDERS)
    query = plan("shop_orders", {"kind": "group_by", "by": ["status"], "agg": [{"name": "n", "expr": "len()"}]})
    assert compile_ir(query, cat, link=link("Number of orders per status.", cat)) == compile_ir(query, cat)


def test_compile_keeps_the_resolved_plan_when_the_settled_one_does_not_generate(monkeypatch):
    import codegen

    generate = codegen.generate

    def no_selects(query, cat):
        if any(isinstance(step, ir.Select) for step in query.steps):
            raise RuntimeError("a codegen bug")
        return generate(query, cat)

    monkeypatch.setattr(codegen, "generate", no_selects)
    cat = catalog(ORDERS)
    query = plan("shop_orders", {"kind": "filter", "predicate": "freight > 55"})
    question = "Return order_id and status of orders with freight above 55."
    assert settled(question, ORDERS, query).steps[-1] == ir.Select(columns=["order_id", "status"])
    assert compile_ir(query, cat, link=link(question, cat)) == compile_ir(query, cat)


def test_the_linkers_own_plan_is_settled_too():
    question = "VIP customers in the Corporate segment: first name, last name and email."
    compiled = compile_question(question, {"shop_customers": refs()["shop_customers"]}, filler=LinkFiller())
    assert compiled.query is not None and not compiled.diagnostics
    assert compiled.query.steps[-1] == ir.Select(columns=["first_name", "last_name", "email"])
    assert "settle" in compiled.timings


# ---------------------------------------------------------------------------------------
# The subject of an anti or semi join


def test_the_table_the_question_names_first_keeps_its_rows():
    question = "Customers with no order at all."
    backwards = plan("shop_orders", {"kind": "join", "right": "shop_customers", "how": "anti"})
    query = settled(question, ["shop_customers", "shop_orders"], backwards)
    assert query.source == "shop_customers" and query.steps[0].right == "shop_orders"
    expected = frame("shop_customers").join(frame("shop_orders"), on="customer_id", how="anti")
    assert_same(run(question, ["shop_customers", "shop_orders"], backwards), expected)


def test_an_anti_join_the_right_way_round_stays():
    question = "Customers with no order at all."
    query = plan("shop_customers", {"kind": "join", "right": "shop_orders", "how": "anti"})
    assert settled(question, ["shop_customers", "shop_orders"], query).source == "shop_customers"
    inner = plan("shop_orders", {"kind": "join", "right": "shop_customers"})
    assert settled(question, ["shop_customers", "shop_orders"], inner).source == "shop_orders"


# ---------------------------------------------------------------------------------------
# "per X" groups by X


def test_a_whole_table_aggregate_asked_per_entity_is_grouped_by_its_id():
    question = "Total quantity per order."
    query = plan("shop_order_items", {"kind": "select", "columns": [named("total_quantity", "sum(quantity)")]})
    settled_query = settled(question, ["shop_order_items"], query)
    # Named by the question's words in their short form: "total quantity" -> total_qty.
    assert settled_query.steps[0] == ir.GroupBy(by=["order_id"], agg=[named("total_qty", "sum(quantity)")])
    expected = frame("shop_order_items").group_by("order_id").agg(pl.col("quantity").sum().alias("total_qty"))
    assert_same(run(question, ["shop_order_items"], query), expected)


def test_per_phrases_name_columns_and_each_one_becomes_a_key():
    question = "Number of orders for each status per ship country."
    query = plan("shop_orders", {"kind": "select", "columns": [named("count", "len()")]})
    assert settled(question, ORDERS, query).steps[0].by == ["status", "ship_country"]


@pytest.mark.parametrize("question, query", [
    # No "per": one row for the whole table is what it asks for.
    ("Total freight of all orders.", plan("shop_orders", {"kind": "select", "columns": [named("t", "sum(freight)")]})),
    # "per" something that is no column of the frame.
    ("Total freight per warehouse.", plan("shop_orders", {"kind": "select", "columns": [named("t", "sum(freight)")]})),
    # Already grouped.
    ("Total freight per status.", plan("shop_orders", {"kind": "group_by", "by": ["status"],
                                                       "agg": [named("t", "sum(freight)")]})),
])
def test_per_leaves_other_plans_alone(question, query):
    steps = settled(question, ORDERS, query).steps  # names and rounding may still settle
    assert [(s.kind, getattr(s, "by", None)) for s in steps] == [(s.kind, getattr(s, "by", None)) for s in query.steps]


def test_an_entity_whose_name_column_is_its_own_noun_is_grouped_by_it(tmp_path):
    from nlq.catalog import TableRef

    pl.DataFrame({"member_id": [1, 2, 3], "country_id": [1, 1, 2], "fee": [10.5, 2.25, 4.0]}).write_parquet(
        tmp_path / "m.parquet")
    pl.DataFrame({"country_id": [1, 2], "country": ["Chile", "Peru"]}).write_parquet(tmp_path / "c.parquet")
    cat = load_catalog({"club_members": TableRef(str(tmp_path / "m.parquet")),
                        "club_countries": TableRef(str(tmp_path / "c.parquet"))})
    query = plan("club_members", {"kind": "join", "right": "club_countries"},
                 {"kind": "group_by", "by": ["country_id"], "agg": [named("total_fee", "sum(fee)")]})
    question = "Total fee per country."
    assert settle(resolve(query, cat), link(question, cat), cat).query.steps[1].by == ["country"]


# ---------------------------------------------------------------------------------------
# "per month" groups by the month


def test_a_date_key_asked_per_month_becomes_the_month():
    question = "Number of orders per month, in order."
    query = plan("shop_orders", {"kind": "group_by", "by": ["order_date"], "agg": [named("count", "len()")]},
                 {"kind": "sort", "by": [{"column": "order_date"}]})
    steps = settled(question, ORDERS, query).steps
    assert steps[0].by == [ir.Named(name="month", expr=ir.DatePart(
        part="year_month", operand=ir.ToDate(operand=ir.Col(name="order_date"), dtype="date")))]
    assert steps[1] == ir.Sort(by=[ir.SortKey(column="month")])
    expected = (frame("shop_orders").group_by(pl.col("order_date").str.slice(0, 7).alias("month"))
                .agg(pl.len().alias("order_count")))
    assert_same(run(question, ORDERS, query), expected)


def test_a_date_key_without_a_period_stays():
    query = plan("shop_orders", {"kind": "group_by", "by": ["order_date"], "agg": [named("count", "len()")]})
    assert settled("Number of orders per order date.", ORDERS, query).steps[0].by == ["order_date"]


# ---------------------------------------------------------------------------------------
# "the most ..." is one row


def test_the_most_asks_for_one_row_after_the_plans_own_sort():
    question = "Which ship country has the highest total freight?"
    query = plan("shop_orders", {"kind": "group_by", "by": ["ship_country"],
                                 "agg": [named("total_freight", "round(sum(freight), 2)")]},
                 {"kind": "sort", "by": [{"column": "total_freight", "descending": True}]})
    steps = settled(question, ORDERS, query).steps
    assert [s.kind for s in steps] == ["group_by", "sort", "head"] and steps[2].n == 1


def test_the_least_sorts_by_the_one_aggregate_when_the_plan_did_not():
    question = "The status with the fewest orders."
    query = plan("shop_orders", {"kind": "group_by", "by": ["status"], "agg": [named("order_count", "len()")]})
    steps = settled(question, ORDERS, query).steps
    assert steps[1:] == [ir.Sort(by=[ir.SortKey(column="order_count")]), ir.Head(n=1)]


@pytest.mark.parametrize("question", [
    "The 3 ship countries with the highest total freight.",
    "Top 5 ship countries by total freight, the highest first.",
    "For each status, the ship country with the highest total freight.",
    "Total freight per ship country, highest first.",
    "Ship countries with the highest total freight.",
])
def test_numbers_each_or_no_superlative_keep_every_row(question):
    query = plan("shop_orders", {"kind": "group_by", "by": ["ship_country"],
                                 "agg": [named("total_freight", "round(sum(freight), 2)")]},
                 {"kind": "sort", "by": [{"column": "total_freight", "descending": True}]})
    heads = [s.n for s in settled(question, ORDERS, query).steps if s.kind == "head"]
    # A number asks for that many rows (the limit rule); no number asks for every row.
    assert heads == [int(n) for n in re.findall(r"\b\d+\b", question)]


def test_a_window_is_partitioned_by_the_group_the_question_names():
    # The model swapped the roles: it ranked the country within each city.
    swapped = {"name": "country_code", "expr": "over(rank(country_code, 'dense', descending=true), by=[id])"}
    question = "In each country, rank cities by population, biggest first."
    query = plan("geo_cities", {"kind": "with_columns", "columns": [swapped]})
    window = settled(question, ["geo_cities"], query).steps[0].columns[0]
    assert window.name == "population_rank"
    assert window.expr == ir.Over(operand=ir.Rank(operand=ir.Col(name="population"), descending=True),
                                  partition_by=["country_code"])
    expected = frame("geo_cities").with_columns(
        pl.col("population").rank("dense", descending=True).over("country_code").alias("population_rank"))
    assert_same(run(question, ["geo_cities"], query), expected)


@pytest.mark.parametrize("question, by", [
    # "within the order" is the group; "for each order" over order items says the same.
    ("Within every order, rank its products by revenue, descending.", "order_id"),
    ("Rank order lines by revenue per order.", "order_id"),
])
def test_a_rank_over_an_expression_keeps_it_and_takes_the_named_group(question, by):
    rank = {"name": "r", "expr": "over(rank(unit_price * quantity, 'dense', descending=true), by=[product_id])"}
    window = settled(question, ["shop_order_items"], plan("shop_order_items", {"kind": "with_columns",
                                                                             "columns": [rank]})).steps[0].columns[0]
    assert window.expr.partition_by == [by]
    assert window.expr.operand.operand == ir.Binary(op="*", left=ir.Col(name="unit_price"), right=ir.Col(name="quantity"))


def test_each_row_of_a_unique_key_is_no_partition():
    # "For each order" over the orders table is every row; the customer's previous order is
    # the model's partition, and it stays.
    lag = {"name": "prev", "expr": "over(shift(order_date, 1), by=[customer_id], order_by=[order_date])"}
    query = plan("shop_orders", {"kind": "with_columns", "columns": [lag]})
    question = "For each order, the date of the customer's previous order."
    assert settled(question, ORDERS, query) == resolve(query, catalog(ORDERS)).query


def test_a_year_the_question_names_is_the_whole_year():
    query = plan("shop_orders", {"kind": "filter",
                                 "predicate": "order_date in ['2023-01-01', '2023-12-31'] and freight > 10"})
    question = "Orders placed in 2023 with freight above 10."
    whole_year = plan("shop_orders", {"kind": "filter", "predicate": "year(order_date) == 2023 and freight > 10"})
    assert settled(question, ORDERS, query) == resolve(whole_year, catalog(ORDERS)).query
    expected = frame("shop_orders").filter(pl.col("order_date").str.starts_with("2023") & (pl.col("freight") > 10))
    assert_same(run(question, ORDERS, query), expected)
    # Days of another year, or no year in the question: the plan's own days stay.
    other = plan("shop_orders", {"kind": "filter", "predicate": "order_date in ['2022-01-01', '2022-12-31']"})
    assert settled(question, ORDERS, other) == resolve(other, catalog(ORDERS)).query
    assert settled("Orders placed on two days.", ORDERS, query) == resolve(query, catalog(ORDERS)).query


def test_group_keys_unrelated_to_the_named_group_are_replaced():
    # The model grouped order lines by the columns of the revenue formula; "per order" is the key.
    keys = ["product_id", "unit_price", "quantity", "discount"]
    query = plan("shop_order_items", {"kind": "group_by", "by": keys,
                                      "agg": [named("total_revenue", "sum(unit_price * quantity * (1 - discount))")]})
    question = "Total revenue per order, revenue being unit_price * quantity * (1 - discount)."
    assert settled(question, ["shop_order_items"], query).steps[0].by == ["order_id"]
    expected = frame("shop_order_items").group_by("order_id").agg(
        (pl.col("unit_price") * pl.col("quantity") * (1 - pl.col("discount"))).sum().alias("total_revenue"))
    assert_same(run(question, ["shop_order_items"], query), expected)
    # Keys that are the named group by another name, or already among the keys, stay.
    by_product = plan("shop_order_items", {"kind": "group_by", "by": ["product_id"],
                                           "agg": [named("total_revenue", "sum(unit_price * quantity)")]})
    assert settled("Total revenue per product.", ["shop_order_items"], by_product).steps[0].by == ["product_id"]
    both = plan("shop_order_items", {"kind": "group_by", "by": ["order_id", "product_id"],
                                     "agg": [named("lines", "len()")]})
    assert settled("Lines per order.", ["shop_order_items"], both).steps[0].by == ["order_id", "product_id"]


def test_a_percentage_of_total_is_a_share_whatever_window_the_model_chose():
    ranked = {"name": "pct", "expr": "over(rank(amount, 'dense', descending=true), by=[customer_id])"}
    query = plan("rent_payments", {"kind": "with_columns", "columns": [ranked]})
    question = "Each payment as a percentage of total payments per customer."
    window = settled(question, ["rent_payments"], query).steps[0].columns[0]
    assert window.name == "pct_payments"
    assert window.expr == ir.Share(operand=ir.Col(name="amount"), partition_by=["customer_id"], percent=True)
    payments = frame("rent_payments")
    expected = payments.with_columns(
        (pl.col("amount") / pl.col("amount").sum().over("customer_id") * 100).alias("pct_payments"))
    assert_same(run(question, ["rent_payments"], query), expected)


def test_a_lookup_per_entity_returns_the_entity_and_what_is_looked_up():
    # The entity's name and the looked-up column, named as the question says it when the
    # join renamed it.
    tracks = ["tune_tracks", "tune_genres"]
    query = plan("tune_tracks", {"kind": "join", "right": "tune_genres"})
    expected = frame("tune_tracks").join(frame("tune_genres"), on="genre_id").select(
        "name", pl.col("name_right").alias("genre_name"))
    assert_same(run("List tracks with their genre name.", tracks, query), expected)
    products = ["shop_products", "shop_categories"]
    query = plan("shop_products", {"kind": "join", "right": "shop_categories"})
    expected = frame("shop_products").join(frame("shop_categories"), on="category_id").select(
        "product_name", "category_name")
    assert_same(run("Join the two tables to show the category name for each product.", products, query), expected)


def test_a_lookup_the_words_do_not_pin_down_changes_nothing():
    query = plan("tune_customers", {"kind": "join", "right": "tune_employees",
                                    "left_on": ["support_rep_id"], "right_on": ["employee_id"]})
    tables = ["tune_customers", "tune_employees"]
    question = "Customers with their support rep's last name."
    assert settled(question, tables, query) == resolve(query, catalog(tables)).query


def test_a_count_is_named_after_one_of_what_it_counts():
    query = plan("shop_orders", {"kind": "group_by", "by": ["status"], "agg": [named("orders_count", "len()")]})
    steps = settled("Orders per status.", ORDERS, query).steps
    assert [item.name for item in steps[0].agg] == ["order_count"]


def test_a_percentage_takes_the_name_its_words_give():
    query = plan("shop_orders", {"kind": "select", "columns": [named("share", "sum(status == 'paid') / len() * 100")]})
    steps = settled("What percentage of orders were paid?", ORDERS, query).steps
    assert [c.name for c in steps[0].columns] == ["pct_paid"]


def test_a_group_key_becomes_its_name_before_a_sort_and_a_limit():
    question = "Total quantity sold per product, top 10."
    query = plan("shop_products", {"kind": "join", "right": "shop_order_items"},
                 {"kind": "group_by", "by": ["product_id"], "agg": [{"name": "total_qty_sold", "expr": "sum(quantity)"}]},
                 {"kind": "sort", "by": [{"column": "total_qty_sold", "descending": True}]}, {"kind": "head", "n": 10})
    tables = ["shop_products", "shop_order_items"]
    assert settled(question, tables, query).steps[1].by == ["product_name"]
