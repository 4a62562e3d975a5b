"""resolve: schemas after every step kind, the normalized query, and one case per error kind
with its path into the IR and its hint."""

from __future__ import annotations

from typing import Any

import pytest

from nlq import ir
from nlq.catalog import ColumnInfo, TableInfo
from nlq.errors import ResolveError
from nlq.resolve import _EXPR_RULES, _STEP_RULES, ColType, resolve


def table(name: str, keys: tuple[str, ...] = (), **columns: str) -> TableInfo:
    """A TableInfo from `column="dtype"` or `column="str:date"` (an ISO-date string column)."""
    infos = {}
    for column, spec in columns.items():
        dtype, _, iso = spec.partition(":")
        infos[column] = ColumnInfo(column, dtype, dtype, iso=iso or None)  # type: ignore[arg-type]
    return TableInfo(name, f"/data/{name}.parquet", "parquet", 10, infos, keys)


LIBRARY = {
    "lib_patrons": table("lib_patrons", ("id",), id="int", full_name="str", joined_on="str:date"),
    "lib_loans": table("lib_loans", ("loan_id",), loan_id="int", patron_id="int", book_ref="int",
                       lent_on="str:date", returned_at="datetime", fee="float", desk="str"),
    "lib_books": table("lib_books", ("book_ref",), book_ref="int", book_name="str", genre_label="str",
                       pages="int", printed_on="date", desk="str"),
}


def query(source: str = "lib_loans", *steps: dict[str, Any], **defs: dict[str, Any]) -> ir.Query:
    return ir.Query.model_validate({"source": source, "steps": list(steps), "defs": defs})


def columns(q: ir.Query) -> list[str]:
    return list(resolve(q, LIBRARY).schema)


# ---------------------------------------------------------------------------------------
# Schemas

LOANS = list(LIBRARY["lib_loans"].columns)


@pytest.mark.parametrize("step, expected", [
    ({"kind": "filter", "predicate": "fee > 1"}, LOANS),
    ({"kind": "with_columns", "columns": [{"name": "fee", "expr": "fee * 2"}, {"name": "late", "expr": "fee > 3"}]},
     [*LOANS, "late"]),
    ({"kind": "select", "columns": ["desk", {"name": "cost", "expr": "fee"}]}, ["desk", "cost"]),
    ({"kind": "group_by", "by": ["desk", {"name": "yr", "expr": "year(lent_on)"}],
      "agg": [{"name": "n", "expr": "len()"}, {"name": "total", "expr": "sum(fee)"}]}, ["desk", "yr", "n", "total"]),
    ({"kind": "rename", "mapping": {"fee": "charge", "desk": "fee"}},
     ["loan_id", "patron_id", "book_ref", "lent_on", "returned_at", "charge", "fee"]),
    ({"kind": "drop", "columns": ["fee", "desk"]}, LOANS[:-2]),
    ({"kind": "unique", "subset": ["desk"]}, LOANS),
    ({"kind": "sort", "by": [{"column": "fee", "descending": True}]}, LOANS),
    ({"kind": "head", "n": 3}, LOANS),
    ({"kind": "top_n", "n": 2, "by": [{"column": "fee"}], "per": ["desk"]}, LOANS),
    # Same-named keys coalesce; a clashing right column gets `_right`.
    ({"kind": "join", "right": "lib_books"}, [*LOANS, "book_name", "genre_label", "pages", "printed_on", "desk_right"]),
    # Differently named keys: the right one is dropped for inner and left joins.
    ({"kind": "join", "right": "lib_patrons", "how": "left"}, [*LOANS, "full_name", "joined_on"]),
    ({"kind": "join", "right": "lib_books", "how": "semi"}, LOANS),
    ({"kind": "join", "right": "lib_books", "how": "anti", "on": ["book_ref", "desk"]}, LOANS),
], ids=["filter", "with_columns", "select", "group_by", "rename", "drop", "unique", "sort", "head", "top_n",
        "join_inner", "join_left", "join_semi", "join_anti"])
def test_schema_after_each_step_kind(step: dict[str, Any], expected: list[str]) -> None:
    assert columns(query("lib_loans", step)) == expected


def test_every_node_kind_has_a_rule() -> None:
    assert set(_EXPR_RULES) == set(ir.EXPR_KINDS)
    assert set(_STEP_RULES) == set(ir.STEP_KINDS)


def test_types_follow_the_expressions() -> None:
    resolved = resolve(query("lib_loans", {"kind": "with_columns", "columns": [
        {"name": "half", "expr": "fee / 2"}, {"name": "month", "expr": "year_month(lent_on)"},
        {"name": "first_day", "expr": "min(lent_on)"}, {"name": "r", "expr": "over(rank(fee), by=[desk])"},
        {"name": "label", "expr": "when(fee > 5, \"big\", \"small\")"},
        {"name": "pages", "expr": "cast(fee, \"int\")"},
    ]}, {"kind": "with_columns", "columns": [{"name": "twice", "expr": "pages * 2"}]}), LIBRARY)
    schema = resolved.schema
    assert schema["half"] == ColType("float")
    assert schema["month"] == ColType("str")
    assert schema["first_day"] == ColType("str", "date")  # min keeps the ISO flag
    assert schema["r"] == ColType("int")
    assert schema["label"] == ColType("str")
    assert schema["twice"] == ColType("int")
    assert schema["fee"] == ColType("float", table="lib_loans")  # untouched columns keep their origin
    # Each step's schema is kept: `pages` is not a column of the source.
    assert "pages" not in resolved.body.source and "pages" in resolved.body.steps[0]


def test_group_by_key_is_unique_afterwards_and_joins_on_it() -> None:
    resolved = resolve(query(
        "lib_patrons", {"kind": "join", "right": "per_patron"},
        per_patron={"source": "lib_loans", "steps": [
            {"kind": "group_by", "by": ["patron_id"], "agg": [{"name": "spent", "expr": "sum(fee)"}]}]},
    ), LIBRARY)
    assert resolved.defs["per_patron"].output["patron_id"].unique
    assert resolved.query.steps[0] == ir.Join(right="per_patron", left_on=["id"], right_on=["patron_id"])
    assert list(resolved.schema) == ["id", "full_name", "joined_on", "spent"]


# ---------------------------------------------------------------------------------------
# Normalization

def test_inferred_join_keys_are_written_out() -> None:
    steps = resolve(query("lib_loans", {"kind": "join", "right": "lib_patrons"},
                          {"kind": "join", "right": "lib_books"}), LIBRARY).query.steps
    assert steps[0] == ir.Join(right="lib_patrons", left_on=["patron_id"], right_on=["id"])
    assert steps[1] == ir.Join(right="lib_books", on=["book_ref"])


def predicate(text: str, source: str = "lib_loans") -> ir.Node:
    q = query(source, {"kind": "filter", "predicate": text})
    return resolve(q, LIBRARY).query.steps[0].predicate


@pytest.mark.parametrize("text, expected", [
    # ISO strings meeting date functions are parsed.
    ("year(lent_on) == 2024", "year(to_date(lent_on)) == 2024"),
    ("date_diff(returned_at, lent_on) > 7", "date_diff(returned_at, to_date(lent_on)) > 7"),
    # A literal compared with a real date or datetime column takes that column's type.
    ("printed_on >= \"2020-01-01\"", "printed_on >= to_date(\"2020-01-01\")"),
    ("returned_at < \"2024-06-01\"", "returned_at < to_datetime(\"2024-06-01\")"),
    ("between(printed_on, \"2020-01-01\", \"2020-12-31\")",
     "between(printed_on, to_date(\"2020-01-01\"), to_date(\"2020-12-31\"))"),
    # ISO text against ISO text compares as text, as written.
    ("lent_on >= \"2024-01-01\"", "lent_on >= \"2024-01-01\""),
    # Parsing a column that is already a date would fail at run time: dropped.
    ("to_date(returned_at) > returned_at", "returned_at > returned_at"),
])
def test_iso_strings_are_wrapped_where_dates_are_needed(text: str, expected: str) -> None:
    source = "lib_books" if "printed_on" in text else "lib_loans"
    assert predicate(text, source) == ir.Filter(predicate=expected).predicate


def test_iso_column_against_a_real_date_column_is_parsed() -> None:
    q = query("lib_loans", {"kind": "join", "right": "lib_books"},
              {"kind": "filter", "predicate": "lent_on > printed_on"})
    assert resolve(q, LIBRARY).query.steps[1] == ir.Filter(predicate="to_date(lent_on) > printed_on")


# ---------------------------------------------------------------------------------------
# Errors: (steps, path, words of the message, words of the hint)

def with_columns(text: str) -> dict[str, Any]:
    return {"kind": "with_columns", "columns": [{"name": "out", "expr": text}]}


def filter_(text: str) -> dict[str, Any]:
    return {"kind": "filter", "predicate": text}


def agg(*texts: str, by: list[Any] | None = None) -> dict[str, Any]:
    return {"kind": "group_by", "by": by or ["desk"],
            "agg": [{"name": f"a{i}", "expr": t} for i, t in enumerate(texts)]}


P0 = ("steps", 0)
ERRORS = {
    "unknown_column_close": ([{"kind": "head", "n": 1}, filter_("feee > 1")], ("steps", 1, "predicate", "left"),
                             "unknown column `feee` in step 1 (filter)", "did you mean `fee`?"),
    "unknown_column_case": ([filter_("Fee > 1")], (*P0, "predicate", "left"), "`Fee`", "`fee`"),
    "unknown_column_far": ([with_columns("zzz")], (*P0, "columns", 0, "expr"), "unknown column `zzz`",
                           "columns: loan_id, patron_id"),
    "unknown_sort_key": ([{"kind": "sort", "by": [{"column": "cost"}]}], (*P0, "by", 0, "column"), "`cost`",
                         "columns:"),
    "unknown_partition": ([with_columns("over(sum(fee), by=[dsk])")], (*P0, "columns", 0, "expr", "partition_by", 0),
                          "`dsk`", "`desk`"),
    "unknown_join_table": ([{"kind": "join", "right": "lib_book"}], (*P0, "right"), "`lib_book`", "`lib_books`"),
    "unknown_right_key": ([{"kind": "join", "right": "lib_books", "left_on": ["book_ref"], "right_on": ["bookref"]}],
                          (*P0, "right_on", 0), "`bookref` of `lib_books`", "`book_ref`"),
    "join_key_types": ([{"kind": "join", "right": "lib_books", "left_on": ["desk"], "right_on": ["pages"]}],
                       (*P0, "right_on", 0), "`desk` is str but `pages`", "same type"),
    "join_no_keys": ([{"kind": "select", "columns": ["fee"]}, {"kind": "join", "right": "lib_books"}], ("steps", 1),
                     "cannot infer the join keys", "key-like columns of `lib_loans`: none"),
    "join_name_clash": ([with_columns("desk"), {"kind": "rename", "mapping": {"out": "desk_right"}},
                         {"kind": "join", "right": "lib_books"}], ("steps", 2), "`desk_right`", "rename or drop"),
    "arith_on_text": ([with_columns("desk * 2")], (*P0, "columns", 0, "expr"), "cannot apply `*`", "cast("),
    "iso_minus_iso": ([with_columns("lent_on - lent_on")], (*P0, "columns", 0, "expr"), "`-`", "date_diff"),
    "compare_text_number": ([filter_("desk > 3")], (*P0, "predicate", "right"), "cannot compare str `desk`", "cast"),
    "compare_null": ([filter_("fee == null")], (*P0, "predicate", "right"), "null", "is_null"),
    "predicate_not_bool": ([filter_("fee + 1")], (*P0, "predicate"), "filter predicate needs true/false", "compare"),
    "and_not_bool": ([filter_("fee and fee > 1")], (*P0, "predicate", "left"), "`and` needs true/false", "compare"),
    "text_op_on_number": ([filter_("contains(fee, \"1\")")], (*P0, "predicate", "operand"), "is float", None),
    "date_part_on_text": ([with_columns("month(desk)")], (*P0, "columns", 0, "expr", "operand"),
                          "`month` needs a date", "ISO date"),
    "hour_of_a_date": ([with_columns("hour(lent_on)")], (*P0, "columns", 0, "expr", "operand"),
                       "`hour` needs a datetime", "time of day"),
    "date_literal_not_iso": ([filter_("returned_at > \"March\"")], (*P0, "predicate", "right"), "needs a date",
                             "ISO date"),
    "sum_of_text": ([agg("sum(desk)")], (*P0, "agg", 0, "expr", "operand"), "`sum` needs", None),
    "not_aggregated": ([agg("fee")], (*P0, "agg", 0, "expr"), "column `fee` is not aggregated", "sum(fee)"),
    "agg_in_key": ([agg("len()", by=[{"name": "m", "expr": "max(fee)"}])], (*P0, "by", 0, "expr"),
                   "aggregation `max` in a group_by key", "agg"),
    "nested_agg": ([agg("sum(mean(fee))")], (*P0, "agg", 0, "expr", "operand"), "inside another aggregation", "over"),
    "window_in_group_by": ([agg("rank(fee)")], (*P0, "agg", 0, "expr"), "inside group_by", "with_columns"),
    "window_in_agg": ([with_columns("sum(cum_sum(fee))")], (*P0, "columns", 0, "expr", "operand"),
                      "inside an aggregation", "with_columns"),
    "over_in_over": ([with_columns("over(over(sum(fee), by=[desk]), by=[desk])")],
                     (*P0, "columns", 0, "expr", "operand"), "inside another `over`", "with_columns"),
    "share_in_over": ([with_columns("over(share(fee), by=[desk])")], (*P0, "columns", 0, "expr", "operand"),
                      "`share` inside `over`", "`by`"),
    "duplicate_select": ([{"kind": "select", "columns": ["fee", {"name": "fee", "expr": "fee * 2"}]}],
                         (*P0, "columns", 1), "two output columns named `fee`", "its own name"),
    "duplicate_with_columns": ([{"kind": "with_columns", "columns": [{"name": "x", "expr": "1"},
                                                                    {"name": "x", "expr": "2"}]}],
                               (*P0, "columns", 1, "name"), "`x`", "its own name"),
    "duplicate_group_by": ([agg("len()", "len()", by=["desk"]) | {"agg": [{"name": "desk", "expr": "len()"}]}],
                           (*P0, "agg", 0, "name"), "`desk`", "its own name"),
    "rename_clash": ([{"kind": "rename", "mapping": {"fee": "desk"}}], (*P0, "mapping", "fee"),
                     "two columns named `desk`", "drop `desk`"),
    "is_in_on_dates": ([filter_("returned_at in [\"2024-01-01\"]")], (*P0, "predicate", "values"), "dates",
                       "between"),
    "is_in_wrong_type": ([filter_("fee in [1, \"two\"]")], (*P0, "predicate", "values", 1), "\"two\"", "float"),
    "when_mixed_types": ([with_columns("when(fee > 1, \"big\", 0)")], (*P0, "columns", 0, "expr", "otherwise"),
                         "`when` gives str", "same type"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_error_has_path_message_and_hint(name: str) -> None:
    steps, path, message, hint = ERRORS[name]
    with pytest.raises(ResolveError) as info:
        resolve(query("lib_loans", *steps), LIBRARY)
    assert info.value.path == path
    assert message in info.value.message
    assert hint is None or hint in (info.value.hint or "")


def test_unknown_source() -> None:
    with pytest.raises(ResolveError) as info:
        resolve(query("lib_loan"), LIBRARY)
    assert info.value.path == ("source",) and "`lib_loans`" in (info.value.hint or "")


def test_def_may_not_shadow_a_table() -> None:
    with pytest.raises(ResolveError) as info:
        resolve(query("lib_books", lib_books={"source": "lib_loans"}), LIBRARY)
    assert info.value.path == ("defs", "lib_books") and "name of its own" in (info.value.hint or "")


def test_def_may_use_only_earlier_defs() -> None:
    with pytest.raises(ResolveError) as info:
        resolve(query("first", first={"source": "lib_loans", "steps": [{"kind": "join", "right": "second"}]},
                      second={"source": "lib_books"}), LIBRARY)
    assert info.value.path == ("defs", "first", "steps", 0, "right")
    assert "used before it is defined, in def `first` step 0 (join)" in info.value.message


def test_ambiguous_join_lists_the_candidates() -> None:
    catalog = {**LIBRARY, "lib_transfers": table("lib_transfers", from_book_ref="int", to_book_ref="int")}
    with pytest.raises(ResolveError) as info:
        resolve(ir.Query(source="lib_transfers", steps=[ir.Join(right="lib_books")]), catalog)
    assert info.value.path == ("steps", 0)
    assert "left_on=[from_book_ref], right_on=[book_ref]" in (info.value.hint or "")
    assert "left_on=[to_book_ref], right_on=[book_ref]" in (info.value.hint or "")
