"""resolve: schemas after every step kind, the normalized query, one case per error kind
with its path into the IR and its hint, and the slips of the model it reads as meant (bridge
joins, coalesced right keys, unprefixed names), run as code where it matters."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from nlq import ir
from nlq.catalog import ColumnInfo, TableInfo, load_catalog
from nlq.compile import compile_ir
from nlq.demo import demo_tables
from nlq.errors import ResolveError
from nlq.resolve import _EXPR_RULES, _STEP_RULES, ColType, resolve


def table(name: str, keys: tuple[str, ...] = (), /, **columns: str) -> TableInfo:
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


# ---------------------------------------------------------------------------------------
# Slips read as meant: bridge joins, coalesced right keys, unprefixed names

CLUB = {
    "club_members": table("club_members", ("id",), id="int", name="str"),
    "club_rooms": table("club_rooms", ("id",), id="int", label="str"),
    "club_visits": table("club_visits", ("id",), id="int", member_id="int", room_id="int", minutes="int"),
    "club_notes": table("club_notes", ("note_id",), note_id="int", visit_id="int", text="str"),
    # Names its visit in another style: `visitId` points at the visits' `id`, not at `visit_id`.
    "club_scans": table("club_scans", ("scan_id",), scan_id="int", visitId="int", gate="str"),
}
CLUB_FRAMES = {
    "club_members": pl.DataFrame({"id": [1, 2], "name": ["ann", "bo"]}),
    "club_rooms": pl.DataFrame({"id": [10, 20, 30], "label": ["gym", "pool", "sauna"]}),
    "club_visits": pl.DataFrame({"id": [100, 101, 102, 103], "member_id": [1, 2, 1, 2],
                                 "room_id": [10, 10, 20, 30], "minutes": [30, 45, 20, 15]}),
    "club_notes": pl.DataFrame({"note_id": [7, 8, 9], "visit_id": [100, 102, 102], "text": ["ok", "cold", "late"]}),
    "club_scans": pl.DataFrame({"scan_id": [1, 2], "visitId": [101, 102], "gate": ["north", "south"]}),
}


def run(q: ir.Query, catalog: dict[str, TableInfo], frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The generated code, executed the way the runner does."""
    _, code = compile_ir(q, catalog)
    namespace: dict[str, Any] = {"pl": pl, **frames}
    exec(compile(code, "<generated>", "exec"), namespace)
    return namespace["result"]


def join(right: str, **keys: Any) -> ir.Join:
    return ir.Join(right=right, **keys)


@pytest.mark.parametrize("source, right, steps, expected", [
    # rooms -> visits -> members: each right `id` is coalesced into the reference to it.
    ("club_rooms", "club_members", [join("club_visits", left_on=["id"], right_on=["room_id"]),
                                    join("club_members", left_on=["member_id"], right_on=["id"])],
     pl.DataFrame({"id": [10, 10, 20, 30], "label": ["gym", "gym", "pool", "sauna"], "id_right": [100, 101, 102, 103],
                   "member_id": [1, 2, 1, 2], "minutes": [30, 45, 20, 15], "name": ["ann", "bo", "ann", "bo"]})),
    # The visits' `id` meets the rooms' `id`: the next join goes on from `id_right`.
    ("club_rooms", "club_notes", [join("club_visits", left_on=["id"], right_on=["room_id"]),
                                  join("club_notes", left_on=["id_right"], right_on=["visit_id"])],
     pl.DataFrame({"id": [10, 20, 20], "label": ["gym", "pool", "pool"], "id_right": [100, 102, 102],
                   "member_id": [1, 1, 1], "minutes": [30, 20, 20], "note_id": [7, 8, 9],
                   "text": ["ok", "cold", "late"]})),
    # The visits' `id` is coalesced into the notes' `visit_id`: the next join goes on from there.
    ("club_notes", "club_scans", [join("club_visits", left_on=["visit_id"], right_on=["id"]),
                                  join("club_scans", left_on=["visit_id"], right_on=["visitId"])],
     pl.DataFrame({"note_id": [8, 9], "visit_id": [102, 102], "text": ["cold", "late"], "member_id": [1, 1],
                   "room_id": [20, 20], "minutes": [20, 20], "scan_id": [2, 2], "gate": ["south", "south"]})),
], ids=["coalesced_ids", "suffixed_key", "coalesced_key"])
def test_a_join_without_common_keys_is_bridged_through_the_request_tables(
        source: str, right: str, steps: list[ir.Join], expected: pl.DataFrame) -> None:
    q = ir.Query(source=source, steps=[join(right)])
    resolved = resolve(q, CLUB)
    assert resolved.query.steps == steps
    assert list(resolved.schema) == expected.columns
    assert len(resolved.body.steps) == len(steps)  # a schema per normalized step
    assert resolve(resolved.query, CLUB).query == resolved.query  # normalized stays normalized
    got = run(q, CLUB, CLUB_FRAMES).sort("note_id" if "note_id" in expected.columns else "id_right")
    assert_frame_equal(got, expected, check_dtypes=False)


def test_a_left_join_is_bridged_with_left_joins() -> None:
    q = ir.Query(source="club_rooms", steps=[join("club_notes", how="left")])
    steps = resolve(q, CLUB).query.steps
    assert [(s.right, s.how) for s in steps] == [("club_visits", "left"), ("club_notes", "left")]
    got = run(q, CLUB, CLUB_FRAMES)
    assert got.height == 5 and got.filter(pl.col("note_id").is_null())["id_right"].sort().to_list() == [101, 103]


def test_after_a_bridge_paths_and_messages_name_the_steps_as_written() -> None:
    written = [join("club_members"), filter_("minutez > 20")]
    with pytest.raises(ResolveError) as info:
        resolve(ir.Query(source="club_rooms", steps=written), CLUB)
    assert info.value.path == ("steps", 1, "predicate", "left")
    assert "in step 1 (filter)" in info.value.message and "`minutes`" in (info.value.hint or "")
    # The normalized pipeline has the inserted join: the filter is its step 2.
    written[1] = ir.Filter(predicate="minutes > 20")
    steps = resolve(ir.Query(source="club_rooms", steps=written), CLUB).query.steps
    assert [s.kind for s in steps] == ["join", "join", "filter"]


@pytest.mark.parametrize("source, steps, message", [
    # No chain of inferable joins: the error of today, with its hint.
    ("lib_loans", [{"kind": "select", "columns": ["fee"]}, {"kind": "join", "right": "lib_books"}],
     "cannot infer the join keys between `lib_loans` and `lib_books`"),
    # A table whose columns the frame holds is not joined again as a bridge.
    ("lib_loans", [{"kind": "select", "columns": ["fee", "patron_id"]}, {"kind": "join", "right": "lib_patrons"},
                   {"kind": "select", "columns": ["full_name", "fee"]}, {"kind": "join", "right": "lib_books"}],
     "cannot infer the join keys"),
    # A table already in the frame (a self-join) stays what it was.
    ("lib_loans", [{"kind": "select", "columns": ["fee", "desk"]}, {"kind": "join", "right": "lib_loans"}],
     "cannot infer the join keys"),
    # A semi join promises the frame's columns only: no bridge adds others.
    ("lib_patrons", [{"kind": "join", "right": "lib_books", "how": "semi"}], "cannot infer the join keys"),
    # Explicit keys are the model's word.
    ("lib_patrons", [{"kind": "join", "right": "lib_books", "on": ["book_ref"]}], "unknown column `book_ref`"),
])
def test_what_is_not_bridged(source: str, steps: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ResolveError, match=message.replace("(", r"\(")):
        resolve(query(source, *steps), LIBRARY)


def test_a_bridge_whose_joins_would_clash_is_not_taken() -> None:
    # films -> copies gives `id_right`; the rentals' `id` would be `id_right` again.
    catalog = {"rent_films": table("rent_films", ("id",), id="int", title="str"),
               "rent_copies": table("rent_copies", ("id",), id="int", film_id="int"),
               "rent_loans": table("rent_loans", ("id",), id="int", copy_id="int")}
    with pytest.raises(ResolveError, match="cannot infer the join keys between `rent_films` and `rent_loans`"):
        resolve(ir.Query(source="rent_films", steps=[join("rent_loans")]), catalog)


def test_an_ambiguous_join_is_not_bridged() -> None:
    catalog = {**LIBRARY, "lib_transfers": table("lib_transfers", from_book_ref="int", to_book_ref="int",
                                                 loan_id="int")}
    with pytest.raises(ResolveError, match="ambiguous"):
        resolve(ir.Query(source="lib_transfers", steps=[join("lib_books")]), catalog)


PATRONS = [join("lib_patrons")]  # lib_loans.patron_id = lib_patrons.id, `id` coalesced


@pytest.mark.parametrize("step, expected", [
    (agg("len()", by=["id"]), ir.GroupBy(by=["patron_id"], agg=[ir.Named(name="a0", expr="len()")])),
    (filter_("id > 1"), ir.Filter(predicate="patron_id > 1")),
    (with_columns("over(sum(fee), by=[id])"), ir.WithColumns(columns=[
        ir.Named(name="out", expr="over(sum(fee), by=[patron_id])")])),
    ({"kind": "select", "columns": ["id", "full_name"]}, ir.Select(columns=["patron_id", "full_name"])),
    ({"kind": "sort", "by": [{"column": "id"}]}, ir.Sort(by=[ir.SortKey(column="patron_id")])),
    ({"kind": "unique", "subset": ["id"]}, ir.Unique(subset=["patron_id"])),
    ({"kind": "top_n", "n": 1, "by": [{"column": "fee"}], "per": ["id"]},
     ir.TopN(n=1, by=[ir.SortKey(column="fee")], per=["patron_id"])),
    ({"kind": "drop", "columns": ["id"]}, ir.Drop(columns=["patron_id"])),
    ({"kind": "rename", "mapping": {"id": "who"}}, ir.Rename(mapping={"patron_id": "who"})),
], ids=["group_by", "filter", "over", "select", "sort", "unique", "top_n", "drop", "rename"])
def test_a_coalesced_right_key_reads_the_left_key(step: dict[str, Any], expected: ir.Node) -> None:
    assert resolve(query("lib_loans", *PATRONS, step), LIBRARY).query.steps[1] == expected


def test_a_coalesced_right_key_lasts_as_long_as_its_left_key() -> None:
    # A group_by key keeps it; a column of that name or a new left key column wins.
    kept = resolve(query("lib_loans", *PATRONS, agg("sum(fee)", by=["id"]), filter_("id > 1")), LIBRARY)
    assert kept.query.steps[2] == ir.Filter(predicate="patron_id > 1")
    own = resolve(query("lib_loans", *PATRONS, with_columns("fee"), {"kind": "rename", "mapping": {"out": "id"}},
                        filter_("id > 1")), LIBRARY)
    assert own.query.steps[3] == ir.Filter(predicate="id > 1")
    # Once the left key is redefined or gone, `id` is unknown (and never `loan_id` unprefixed).
    for lost in (with_columns("fee") | {"columns": [{"name": "patron_id", "expr": "fee"}]},
                 {"kind": "drop", "columns": ["patron_id"]}, {"kind": "select", "columns": ["fee"]}):
        with pytest.raises(ResolveError, match="unknown column `id` in step 2"):
            resolve(query("lib_loans", *PATRONS, lost, filter_("id > 1")), LIBRARY)
    # A semi join coalesces nothing into the frame.
    with pytest.raises(ResolveError, match="unknown column `id`"):
        resolve(query("lib_loans", {"kind": "join", "right": "lib_patrons", "how": "semi"}, filter_("id > 1")),
                LIBRARY)


GARAGE = {
    "gar_cars": table("gar_cars", ("ca_carkey",), ca_carkey="int", ca_ownerkey="int", ca_model="str", ca_km="int",
                      ca_city="str"),
    "gar_owners": table("gar_owners", ("ow_ownerkey",), ow_ownerkey="int", ow_name="str", ow_city="str"),
}


@pytest.mark.parametrize("step, expected", [
    (filter_("km > 1000"), ir.Filter(predicate="ca_km > 1000")),
    (with_columns("km / 2"), ir.WithColumns(columns=[ir.Named(name="out", expr="ca_km / 2")])),
    ({"kind": "group_by", "by": ["model"], "agg": [{"name": "km", "expr": "sum(km)"}]},
     ir.GroupBy(by=["ca_model"], agg=[ir.Named(name="km", expr="sum(ca_km)")])),
    ({"kind": "sort", "by": [{"column": "km", "descending": True}]},
     ir.Sort(by=[ir.SortKey(column="ca_km", descending=True)])),
    # A key given by the model is read the same way on both sides.
    ({"kind": "join", "right": "gar_owners", "on": ["ownerkey"]},
     join("gar_owners", left_on=["ca_ownerkey"], right_on=["ow_ownerkey"])),
], ids=["filter", "with_columns", "group_by", "sort", "join_on"])
def test_an_unprefixed_name_reads_the_one_prefixed_column(step: dict[str, Any], expected: ir.Node) -> None:
    assert resolve(query("gar_cars", step), GARAGE).query.steps[0] == expected


def test_an_unprefixed_name_of_two_columns_is_still_an_error() -> None:
    steps = [{"kind": "join", "right": "gar_owners"}, {"kind": "select", "columns": ["name", "city"]}]
    with pytest.raises(ResolveError) as info:
        resolve(query("gar_cars", *steps), GARAGE)
    assert info.value.path == ("steps", 1, "columns", 1) and "unknown column `city`" in info.value.message
    assert "`ca_city`" in (info.value.hint or "") and "`ow_city`" in (info.value.hint or "")
    # `name` was read as `ow_name` before `city` failed.
    assert resolve(query("gar_cars", steps[0], {"kind": "select", "columns": ["name"]}), GARAGE).query.steps[1] == \
        ir.Select(columns=["ow_name"])


def demo(*names: str) -> dict[str, TableInfo]:
    refs = demo_tables()
    return load_catalog({name: refs[name] for name in names})


def frames(catalog: dict[str, TableInfo]) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(info.path) for name, info in catalog.items()}


@pytest.mark.compat
def test_demo_rentals_per_film_through_the_inventory() -> None:
    catalog = demo("rent_rentals", "rent_inventory", "rent_films", "rent_customers")
    q = query("rent_rentals", {"kind": "join", "right": "rent_films"},
              {"kind": "group_by", "by": ["title"], "agg": [{"name": "rentals", "expr": "len()"}]},
              {"kind": "sort", "by": [{"column": "rentals", "descending": True}, {"column": "title"}]})
    assert [s.right for s in resolve(q, catalog).query.steps[:2]] == ["rent_inventory", "rent_films"]
    t = frames(catalog)
    expected = (t["rent_rentals"].join(t["rent_inventory"], left_on="inventory_id", right_on="id")
                .join(t["rent_films"], left_on="film_id", right_on="id")
                .group_by("title").agg(pl.len().alias("rentals"))
                .sort(["rentals", "title"], descending=[True, False]))
    assert_frame_equal(run(q, catalog, t), expected, check_dtypes=False)


@pytest.mark.compat
def test_demo_prefixed_balance_per_region_through_the_nations() -> None:
    # The region is bridged through the nations; `regionkey` has lost its prefix, `rg_regionkey`
    # was coalesced into `na_regionkey`, `acctbal` is `cu_acctbal`.
    catalog = demo("wh_customer", "wh_nation", "wh_region", "wh_orders")
    q = query("wh_customer", {"kind": "join", "right": "wh_region"},
              {"kind": "group_by", "by": ["regionkey"], "agg": [{"name": "customers", "expr": "len()"},
                                                                {"name": "balance", "expr": "sum(acctbal)"}]},
              {"kind": "sort", "by": [{"column": "rg_regionkey"}]})
    steps = resolve(q, catalog).query.steps
    assert steps[:2] == [join("wh_nation", left_on=["cu_nationkey"], right_on=["na_nationkey"]),
                         join("wh_region", left_on=["na_regionkey"], right_on=["rg_regionkey"])]
    assert steps[3] == ir.Sort(by=[ir.SortKey(column="na_regionkey")])
    t = frames(catalog)
    expected = (t["wh_customer"].join(t["wh_nation"], left_on="cu_nationkey", right_on="na_nationkey")
                .join(t["wh_region"], left_on="na_regionkey", right_on="rg_regionkey")
                .group_by("na_regionkey")
                .agg(pl.len().alias("customers"), pl.col("cu_acctbal").sum().alias("balance"))
                .sort("na_regionkey"))
    assert_frame_equal(run(q, catalog, t), expected, check_dtypes=False)


@pytest.mark.compat
def test_demo_a_joined_tables_column_named_by_its_table_noun() -> None:
    # Tracks and genres both have `name`; "genre name" is the genres' one, `name_right` after the
    # join, and it comes back under the name that was written rather than with the suffix.
    catalog = demo("tune_tracks", "tune_genres")
    q = query("tune_tracks", {"kind": "join", "right": "tune_genres"},
              {"kind": "select", "columns": ["name", "genre_name"]},
              {"kind": "sort", "by": [{"column": "genre_name"}, {"column": "name"}]})
    steps = resolve(q, catalog).query.steps
    assert steps[1] == ir.Select(columns=["name", ir.Named(name="genre_name", expr=ir.Col(name="name_right"))])
    t = frames(catalog)
    expected = (t["tune_tracks"].join(t["tune_genres"], on="genre_id")
                .select("name", pl.col("name_right").alias("genre_name")).sort("genre_name", "name"))
    assert_frame_equal(run(q, catalog, t), expected, check_dtypes=False)
