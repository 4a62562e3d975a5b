"""The constrained Polars surface: the chain's grammar, its parse into the IR, and what the
question's Intent forces in it."""

from __future__ import annotations

import json

import pytest

from codegen import check_code
from nlq import ir
from nlq.catalog import load_catalog
from nlq.compile import compile_question
from nlq.errors import FillError, NlqError
from nlq.fill import EXAMPLES, POLARS_EXAMPLES, ModelFiller, prefix_messages, settled_shape, to_query
from nlq.polars_chain import parse_chain, polars_grammar
from tests.test_fill import shop  # noqa: F401 - the fixture


def test_every_chain_example_makes_the_ir_of_its_json_twin():
    assert len(POLARS_EXAMPLES) == len(EXAMPLES)
    for (_, question, answer), chain in zip(EXAMPLES, POLARS_EXAMPLES):
        assert to_query(parse_chain(chain)) == to_query(json.loads(answer)), question


def _predicate(chain: str) -> ir.Node:
    return to_query(parse_chain(chain)).steps[0].predicate


def test_ampersand_and_pipe_keep_their_operands_apart():
    node = _predicate('t.filter((pl.col("a") > 1) & (pl.col("b") == "x") & pl.col("c").is_null())')
    assert node.op == "and" and node.right.kind == "is_null" and node.left.left.op == ">"
    either = _predicate('t.filter((pl.col("a") > 1) | (pl.col("b").is_in(["x", "y"])))')
    assert either.op == "or" and either.right.kind == "is_in" and either.right.values == ["x", "y"]


def test_date_calls_become_date_nodes():
    query = to_query(parse_chain(
        't.with_columns((pl.col("end") - pl.col("start")).dt.total_days().alias("days"))'
        '.group_by(pl.col("start").dt.strftime("%Y-%m")).agg(pl.col("days").mean().alias("avg_days"))'))
    assert query.steps[0].columns[0].expr.kind == "date_diff"
    month = ir.DatePart(part="year_month", operand=ir.Col(name="start"))
    assert query.steps[1].by[0] == ir.Named(name="month", expr=month)


def test_a_filter_on_the_groups_names_an_aggregate():
    query = to_query(parse_chain('t.group_by("g").agg(pl.len().alias("n")).filter(pl.col("n") >= 3)'))
    assert query.steps[1].predicate == ir.Binary(op=">=", left=ir.Col(name="n"), right=ir.Lit(value=3))


@pytest.mark.parametrize("chain", [
    't.filter(pl.col("a") > 1 & pl.col("b") > 2)',  # Python would read `1 & pl.col("b")`
    't.select("a").head(3).sort("a")',  # out of the chain's order
    't.with_columns(pl.col("a").dt.total_days().alias("d"))',  # no difference to count
    't.with_columns(pl.col("d").dt.strftime("%d/%m").alias("x"))',  # no IR date part
    'import os',
])
def test_what_the_subset_cannot_say_is_a_fill_error(chain):
    with pytest.raises(FillError):
        to_query(parse_chain(chain))


def _matcher(grammar: str):
    import llguidance
    import llguidance.hf

    from tests.tinymodel import tiny_model

    tokenizer = tiny_model().tokenizer
    matcher = llguidance.LLMatcher(llguidance.hf.from_tokenizer(tokenizer),
                                   llguidance.LLMatcher.grammar_from_lark(grammar), log_level=0)
    assert not matcher.is_error(), matcher.get_error()
    return matcher, tokenizer


def _accepts(grammar: str, text: str) -> bool:
    matcher, tokenizer = _matcher(grammar)
    return matcher.consume_tokens(tokenizer.encode(text)) and matcher.is_accepting()


SALES = ["sale_id", "store", "amount", "sold_on", "unit price"]


def test_the_grammar_names_only_the_requests_tables_and_columns():
    grammar = polars_grammar(["sales"], SALES)
    assert _accepts(grammar, 'sales.filter(pl.col("unit price") > 2).select("store", "amount")')
    assert not _accepts(grammar, 'sales.filter(pl.col("price") > 2)')
    assert not _accepts(grammar, 'orders.head(3)')


@pytest.mark.parametrize("question,good,bad", [
    ("The 2 largest sales: sale id and amount.",
     'sales.sort("amount", descending=True).head(2).select("sale_id", "amount")',
     'sales.sort("amount", descending=True).head(5)'),
    ("How many sales were made in store N?",
     'sales.filter(pl.col("store") == "N").select(pl.len().alias("sale_count"))',
     'sales.filter(pl.col("store") == "N")'),
    ("Total amount per store.",
     'sales.group_by("store").agg(pl.col("amount").sum().alias("total_amount"))',
     'sales.group_by("sale_id").agg(pl.col("amount").sum().alias("total_amount"))'),
])
def test_the_intent_forces_its_parts_of_the_chain(question, good, bad):
    from nlq.link import link

    from tests.test_fill import _catalog_from_text

    catalog = _catalog_from_text("sales(sale_id int, store str, amount float, sold_on str)")
    intent = link(question, catalog).intent
    grammar = polars_grammar(["sales"], SALES, settled_shape(intent, catalog["sales"].columns))
    assert _accepts(grammar, good)
    assert not _accepts(grammar, bad)


@pytest.mark.parametrize("question", ["Total amount per store.", "The 2 largest sales", "import os; delete all"])
def test_tiny_model_writes_a_chain_and_compile_always_answers(shop, question):  # noqa: F811 - the fixture
    from nlq.engine import Engine
    from nlq.link import link

    from tests.tinymodel import tiny_model

    engine = Engine(tiny_model())
    catalog = load_catalog(shop)
    linked = link(question, catalog)
    tables = [catalog[n] for n in linked.tables]
    grammar = polars_grammar([t.name for t in tables], [c for t in tables for c in t.columns])
    generation = engine.generate_grammar(prefix_messages("polars"), question, grammar, 96)
    if generation.complete:
        # Whatever the random model says, a complete chain reads as a plan of this request.
        try:
            assert to_query(parse_chain(generation.text)).source in catalog
        except NlqError as exc:
            assert exc.stage in ("parse", "fill")
    compiled = compile_question(question, shop, filler=ModelFiller(engine, max_tokens=48, surface="polars"))
    check_code(compiled.code, shop)
    assert "result =" in compiled.code


def test_the_decoder_accepts_every_chain_example_under_its_requests_grammar():
    from tests.test_fill import _catalog_from_text

    for (tables, question, _), chain in zip(EXAMPLES, POLARS_EXAMPLES):
        catalog = _catalog_from_text(tables)
        grammar = polars_grammar(list(catalog), [c for t in catalog.values() for c in t.columns])
        assert _accepts(grammar, chain), question
