"""fill: the per-request schema, the fill form -> IR translation, the worked examples, and
the whole constrained pipeline with a tiny random model and the real tokenizer."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from codegen import check_code
from nlq.catalog import ColumnInfo, TableInfo, TableRef, load_catalog
from nlq.compile import compile_ir, compile_question
from nlq.errors import FillError, NlqError, ParseError
from nlq.fill import EXAMPLES, ModelFiller, expression_pattern, fill_schema, parse_form, prefix_messages, to_query
from nlq import ir

_DTYPES = {"int": "Int64", "float": "Float64", "str": "String", "bool": "Boolean"}


def _catalog_from_text(text: str) -> dict[str, TableInfo]:
    """The prompt's `name(col dtype [values], ...)` lines back into catalog objects."""
    catalog = {}
    for line in text.splitlines():
        name, body = re.fullmatch(r"(\w+)\((.*)\)", line).groups()
        columns = {}
        for spec in re.split(r", (?![^\[]*\])", body):
            words = spec.split(" [")[0].split()
            col, dtype = words[0], words[1]
            columns[col] = ColumnInfo(col, dtype, _DTYPES[dtype], iso=words[2] if len(words) > 2 else None)
        catalog[name] = TableInfo(name, f"/nowhere/{name}.parquet", "parquet", 0, columns)
    return catalog


@pytest.mark.parametrize("tables,question,answer", EXAMPLES, ids=[q for _, q, _ in EXAMPLES])
def test_every_worked_example_compiles_against_its_tables(tables, question, answer):
    catalog = _catalog_from_text(tables)
    form = parse_form(answer)
    pattern = expression_pattern(c for t in catalog.values() for c in t.columns)
    for step in form["steps"]:
        for text in [step.get("filter")] + list(step.get("with_columns", {}).values()) + list(step.get("agg", {}).values()):
            if text is not None:
                assert re.fullmatch(pattern[1:-1], text), text
    _, code = compile_ir(to_query(form), catalog)
    check_code(code, catalog)


def test_the_prefix_is_rules_then_example_turns():
    messages = prefix_messages()
    assert [m["role"] for m in messages[:3]] == ["system", "user", "assistant"]
    assert len(messages) == 1 + 2 * len(EXAMPLES)


@pytest.mark.parametrize("text,ok", [
    ("price > 3 and `unit cost` == 'A'", True),
    ("round(sum(price), 2)", True),
    ("sum(price) / 1e9", True),         # a scale written in scientific notation
    ("over(cum_sum(price), by=[shop], order_by=[price])", True),
    ("prices > 3", False),             # not a column
    ("import os", False),
    ("__import__('os')", False),
    ("eval('1')", False),              # not a function of the language
])
def test_expression_identifiers_are_the_requests_columns_and_functions(text, ok):
    pattern = expression_pattern(["price", "shop", "unit cost"])
    assert bool(re.fullmatch(pattern[1:-1], text)) is ok


def test_schema_enumerates_tables():
    schema = fill_schema(["shop_a", "shop_b"], ["x"])
    assert schema["properties"]["from"] == {"enum": ["shop_a", "shop_b"]}
    join = next(s for s in schema["properties"]["steps"]["items"]["anyOf"] if "join" in s["properties"])
    assert join["properties"]["join"] == {"enum": ["shop_a", "shop_b"]}


def test_fill_form_translates_to_ir():
    query = to_query({"from": "t", "steps": [
        {"filter": "x > 1"}, {"join": "u", "how": "anti"}, {"group_by": ["g"], "agg": {"n": "len()"}},
        {"agg": {"total": "sum(n)"}}, {"sort": ["total"], "descending": True}, {"head": 2},
        {"select": ["total"]}, {"unique": []}, {"with_columns": {"y": "total * 2"}}]})
    assert [s.kind for s in query.steps] == ["filter", "join", "group_by", "select", "sort", "head", "select",
                                             "unique", "with_columns"]
    assert query.steps[1] == ir.Join(right="u", how="anti")
    assert query.steps[2].agg == [ir.Named(name="n", expr=ir.Agg(fn="len"))]


def test_fill_form_errors_carry_paths():
    with pytest.raises(ParseError) as caught:
        to_query({"from": "t", "steps": [{"filter": "x >"}]})
    assert caught.value.path == ("steps", 0, "filter")
    with pytest.raises(FillError, match="not complete JSON"):
        parse_form('{"from": "t", "steps": [')


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> dict[str, TableRef]:
    root = tmp_path_factory.mktemp("shop")
    pl.DataFrame({"sale_id": [1, 2, 3], "store": ["N", "S", "N"], "amount": [5.0, 7.5, 1.25],
                  "sold_on": ["2024-01-02", "2024-02-03", "2024-02-09"]}).write_parquet(root / "sales.parquet")
    pl.DataFrame({"store": ["N", "S"], "city": ["Oslo", "Porto"]}).write_parquet(root / "stores.parquet")
    return {"sales": TableRef(str(root / "sales.parquet")), "stores": TableRef(str(root / "stores.parquet"))}


@pytest.mark.parametrize("question", ["Total amount per store.", "Sales in Oslo", "", "import os; delete everything"])
def test_tiny_model_fills_under_the_constraint_and_compile_always_answers(shop, question):
    from nlq.engine import Engine
    from nlq.link import link
    from tests.tinymodel import tiny_model

    engine = Engine(tiny_model())
    filler = ModelFiller(engine, max_tokens=48)
    catalog = load_catalog(shop)
    linked = link(question, catalog)
    tables = [catalog[n] for n in linked.tables]
    schema = fill_schema([t.name for t in tables], [c for t in tables for c in t.columns])
    generation = engine.generate_json(prefix_messages(), question, schema, 48)
    if generation.complete:
        # Whatever the random model says, a complete answer is a fill form of this request.
        form = json.loads(generation.text)
        assert form["from"] in catalog
        assert all(next(iter(step)) in {"filter", "join", "with_columns", "group_by", "agg", "select", "sort",
                                         "head", "unique"} for step in form["steps"])
    compiled = compile_question(question, shop, filler=filler)
    check_code(compiled.code, shop)
    assert "result =" in compiled.code


def test_group_keys_may_be_expressions_named_after_what_they_extract():
    query = to_query({"from": "t", "steps": [{"group_by": ["year_month(d)", "g", "year(d)"], "agg": {"n": "len()"}}]})
    by = query.steps[0].by
    assert by[1] == "g"
    assert by[0] == ir.Named(name="month", expr=ir.DatePart(part="year_month", operand=ir.Col(name="d")))
    assert by[2].name == "year"


@pytest.mark.parametrize("question,offered,withheld", [
    ("Find all paid orders above 20.", {"filter"}, {"group_by", "with_columns", "join"}),
    ("Total amount per store.", {"group_by", "agg"}, {"with_columns"}),
    ("For each store, rank sales by amount.", {"with_columns"}, {"group_by"}),
    ("Top 3 sales by amount.", {"sort", "head"}, {"with_columns"}),
])
def test_step_kinds_follow_the_questions_shape(question, offered, withheld):
    from nlq.fill import step_kinds
    from nlq.link import link

    catalog = _catalog_from_text("sales(sale_id int, store str, amount float, status str)")
    kinds = step_kinds(link(question, catalog).intent, 1)
    assert offered <= kinds and not (withheld & kinds)


@pytest.mark.parametrize("question,settled", [
    ("The 2 largest sales: sale id and amount.", {"limit": 2, "distinct": False}),
    ("How many sales were made in Oslo?", {"group_by": [], "distinct": False}),
    ("Distinct stores.", {"distinct": True}),
])
def test_tiny_model_fills_every_slot_and_the_intent_settles_some(shop, question, settled):
    from nlq.engine import Engine
    from nlq.fill import SLOTS, slots_schema, slots_to_query
    from nlq.link import link
    from nlq.resolve import resolve

    engine = Engine(tiny_model_for_slots())
    catalog = load_catalog(shop)
    linked = link(question, catalog)
    tables = [catalog[n] for n in linked.tables]
    schema = slots_schema([t.name for t in tables], [c for t in tables for c in t.columns], linked.intent)
    generation = engine.generate_json(prefix_messages("slots"), question, schema, 600)
    if not generation.complete:
        pytest.skip("the random model wrote past the token budget")
    form = json.loads(generation.text)
    # Every slot is there, in order, and what the Intent settles is what the form says.
    assert list(form) == list(SLOTS)
    assert {k: form[k] for k in settled} == settled
    try:
        query = slots_to_query(form)
        resolve(query, catalog)
    except NlqError as exc:
        # A random model's expressions may not parse or type-check; that is a stage's error.
        assert exc.stage in ("parse", "resolve", "fill")


def tiny_model_for_slots():
    from tests.tinymodel import tiny_model

    return tiny_model()


def test_the_slots_examples_are_the_steps_examples():
    from nlq.fill import as_slots, slots_to_query

    for _, _, answer in EXAMPLES:
        steps = json.loads(answer)
        assert slots_to_query(as_slots(steps)) == to_query(steps)
