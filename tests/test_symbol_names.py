"""Column names with spaces and symbols (`Grade (%)`, `unit price`, `a-b`): backticked in the
expression language, offered that way by the fill form's pattern, and carried through resolve
and codegen to `pl.col("Grade (%)")` code that runs."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from nlq import ir
from nlq.catalog import Catalog, TableRef, load_catalog
from nlq.compile import compile_ir
from nlq.errors import ParseError, ResolveError
from nlq.execute import run_code
from nlq.exprlang import format_expr, parse_expr, quote_name
from nlq.fill import expression_pattern, to_query

NAMES = ["Grade (%)", "unit price", "a-b", "Total Sales ($)", "2023 sales", " padded ", "x`y", "é-note", "class"]


@pytest.mark.parametrize("name, spelled", [
    ("class", "class"),
    ("unit price", "`unit price`"),
    ("Grade (%)", "`Grade (%)`"),
    ("a-b", "`a-b`"),
    ("2023 sales", "`2023 sales`"),
    ("x`y", "`x``y`"),       # a backtick in a name is doubled
    ("and", "`and`"),        # keywords are quoted
    ("is", "`is`"),
])
def test_names_are_quoted_only_where_needed(name: str, spelled: str) -> None:
    assert quote_name(name) == spelled
    assert parse_expr(spelled) == ir.Col(name=name)


IDENTITY = """\
`Grade (%)` > 90
sum(`unit price` * qty)
`a-b` + 1
round(mean(`Total Sales ($)`), 2)
`2023 sales` in [1, 2]
` padded ` == "x"
`x``y` != 0
over(cum_sum(`unit price`), by=[`class name`], order_by=[`a-b`])
share(`Total Sales ($)`, by=[`Grade (%)`])
concat(`é-note`, "-", class, sep=" ")
"""


@pytest.mark.parametrize("text", IDENTITY.splitlines())
def test_symbol_names_round_trip_through_parse_and_format(text: str) -> None:
    node = parse_expr(text)
    assert format_expr(node) == text
    assert parse_expr(format_expr(node)) == node


@pytest.mark.parametrize("text", ["`` > 1", "`open > 1", "`a`b` > 1"])
def test_broken_quotes_are_parse_errors(text: str) -> None:
    with pytest.raises(ParseError):
        parse_expr(text)


def test_the_fill_pattern_offers_the_backticked_names() -> None:
    pattern = expression_pattern(["Grade (%)", "unit price", "a-b", "qty"])[1:-1]
    for text in ["`Grade (%)` > 90", "sum(`unit price` * qty)", "`a-b` + 1"]:
        assert re.fullmatch(pattern, text), text
    for text in ["Grade (%) > 90", "unit price > 1", "`Grade` > 1"]:  # bare, or not a column
        assert not re.fullmatch(pattern, text), text


@pytest.fixture(scope="module")
def refs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TableRef]:
    root = tmp_path_factory.mktemp("symbols")
    pl.DataFrame({
        "class": ["A", "A", "B", "B"],
        "class_id": [1, 1, 2, 2],
        "Grade (%)": [95.0, 80.0, 70.0, 99.5],
        "unit price": [2.0, 3.0, 4.0, 5.0],
        "qty": [1, 2, 3, 4],
        "a-b": [1, 2, 3, 4],
        "Total Sales ($)": [10.0, 20.0, 30.0, 40.0],
        "x`y": [0, 1, 0, 1],
    }).write_parquet(root / "grades.parquet")
    pl.DataFrame({"class_id": [1, 2], "Class Name (full)": ["Alpha", "Beta"]}).write_csv(root / "classes.csv")
    return {"grades": TableRef(str(root / "grades.parquet")),
            "classes": TableRef(str(root / "classes.csv"), "csv")}


@pytest.fixture(scope="module")
def catalog(refs: dict[str, TableRef]) -> Catalog:
    return load_catalog(refs)


def run_form(form: dict, catalog: Catalog, refs: dict[str, TableRef]) -> tuple[str, pl.DataFrame]:
    _, code = compile_ir(to_query(form), catalog)
    run = run_code(code, refs)
    assert run.ok and run.frame is not None, (code, run.error)
    return code, run.frame


def test_a_filled_form_over_symbol_names_compiles_to_code_that_runs(catalog: Catalog,
                                                                    refs: dict[str, TableRef]) -> None:
    form = {"from": "grades", "steps": [
        {"filter": "`Grade (%)` >= 80 and `x``y` == 0"},
        {"with_columns": {"revenue": "`unit price` * qty", "shifted": "`a-b` + 1"}},
        {"select": ["class", "Grade (%)", "revenue", "shifted"]},
    ]}
    code, frame = run_form(form, catalog, refs)
    assert 'pl.col("Grade (%)")' in code and 'pl.col("unit price")' in code and 'pl.col("a-b")' in code
    assert 'pl.col("x`y")' in code
    assert frame.to_dict(as_series=False) == {"class": ["A"], "Grade (%)": [95.0], "revenue": [2.0], "shifted": [2]}


def test_an_aggregate_per_group_of_a_symbol_name(catalog: Catalog, refs: dict[str, TableRef]) -> None:
    # "Total of Total Sales ($) per class": the sum of the column, not of pl.lit(1).
    form = {"from": "grades", "steps": [
        {"group_by": ["class"], "agg": {"total_sales": "sum(`Total Sales ($)`)"}},
        {"sort": ["class"]},
    ]}
    code, frame = run_form(form, catalog, refs)
    assert 'pl.col("Total Sales ($)").sum()' in code
    assert frame.to_dict(as_series=False) == {"class": ["A", "B"], "total_sales": [30.0, 70.0]}


def test_a_symbol_name_as_group_key_window_key_and_joined_column(catalog: Catalog,
                                                                 refs: dict[str, TableRef]) -> None:
    form = {"from": "grades", "steps": [
        {"join": "classes", "how": "inner"},
        {"with_columns": {"running": "over(cum_sum(`unit price`), by=[`Class Name (full)`], order_by=[`a-b`])"}},
        {"group_by": ["`Class Name (full)`"], "agg": {"last_running": "max(running)"}},
        {"sort": ["Class Name (full)"]},
    ]}
    code, frame = run_form(form, catalog, refs)
    assert frame.to_dict(as_series=False) == {"Class Name (full)": ["Alpha", "Beta"], "last_running": [5.0, 9.0]}


def test_resolve_names_symbol_columns_in_its_messages(catalog: Catalog) -> None:
    with pytest.raises(ResolveError) as info:
        compile_ir(to_query({"from": "grades", "steps": [{"filter": "`Grade (%%)` > 1"}]}), catalog)
    assert "`Grade (%%)`" in info.value.message and "`Grade (%)`" in (info.value.hint or "")
