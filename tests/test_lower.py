"""lower: the rewrites as IR, and their meaning checked by running them on small frames.

    uv run pytest tests/test_lower.py
    uv run --with 'polars==1.39.*' pytest tests/test_lower.py
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from test_resolve import table

from nlq import ir
from nlq.compile import compile_ir
from nlq.lower import LOWERED_KINDS, lower

pytestmark = pytest.mark.filterwarnings("error")

# Ties on purpose: desk A has two rows at fee 5.0, desk B two at 2.0.
LOANS = pl.DataFrame({
    "loan_id": [1, 2, 3, 4, 5, 6, 7],
    "desk": ["A", "B", "A", "A", "B", "B", "A"],
    "fee": [5.0, 2.0, 1.0, 5.0, 2.0, 9.0, 3.0],
    "pages": [10, 20, 30, 40, 50, 60, 70],
})
CATALOG = {"lib_loans": table("lib_loans", ("loan_id",), loan_id="int", desk="str", fee="float", pages="int")}


def run(q: ir.Query) -> pl.DataFrame:
    """Resolve, lower and generate code, then run it like the runner does."""
    _, code = compile_ir(q, CATALOG)
    namespace: dict[str, Any] = {"pl": pl, "lib_loans": LOANS}
    exec(compile(code, "<generated>", "exec"), namespace)
    return namespace["result"]


def same_rows(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    # The grader sorts by every column; the column order must match.
    assert_frame_equal(got.sort(got.columns), expected.sort(expected.columns), check_dtypes=False)


def kinds(value: Any) -> Iterator[str]:
    if isinstance(value, ir.Node):
        if "kind" in type(value).model_fields:
            yield value.kind  # type: ignore[attr-defined]
        for field in type(value).model_fields:
            yield from kinds(getattr(value, field))
    elif isinstance(value, (list, dict)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from kinds(item)


def top(n: int, *by: tuple[str, bool], per: list[str] | None = None) -> ir.TopN:
    return ir.TopN(n=n, by=[ir.SortKey(column=c, descending=d) for c, d in by], per=per or [])


def steps_of(*steps: ir.Node) -> list[ir.Node]:
    return lower(ir.Query(source="lib_loans", steps=list(steps))).steps


# ---------------------------------------------------------------------------------------
# The rewrites

def test_top_n_overall_is_sort_and_head() -> None:
    assert steps_of(top(3, ("fee", True))) == [ir.Sort(by=[ir.SortKey(column="fee", descending=True)]), ir.Head(n=3)]


def test_top_n_per_group_with_one_key_is_an_ordinal_rank_filter() -> None:
    assert steps_of(top(2, ("fee", True), per=["desk"])) == [
        ir.Filter(predicate='over(rank(fee, "ordinal", descending=true), by=[desk]) <= 2')]


def test_top_n_per_group_with_several_keys_sorts_then_numbers_rows() -> None:
    by = [ir.SortKey(column="fee", descending=True), ir.SortKey(column="pages")]
    assert steps_of(ir.TopN(n=1, by=by, per=["desk"])) == [
        ir.Sort(by=by), ir.Filter(predicate="over(row_number(), by=[desk]) <= 1")]


@pytest.mark.parametrize("share, expected", [
    ("share(fee)", "fee / sum(fee)"),
    ("share(fee, by=[desk], percent=true)", "fee / over(sum(fee), by=[desk]) * 100"),
    # Inside other expressions too.
    ("round(share(fee, by=[desk]), 2)", "round(fee / over(sum(fee), by=[desk]), 2)"),
])
def test_share_divides_by_the_total(share: str, expected: str) -> None:
    [step] = steps_of(ir.WithColumns(columns=[ir.Named(name="s", expr=share)]))
    assert step == ir.WithColumns(columns=[ir.Named(name="s", expr=expected)])


def test_defs_are_lowered_and_plain_steps_kept() -> None:
    q = ir.Query.model_validate({
        "defs": {"best": {"source": "lib_loans", "steps": [{"kind": "top_n", "n": 1, "by": [{"column": "fee"}]}]}},
        "source": "lib_loans",
        "steps": [{"kind": "filter", "predicate": "fee > 1"}, {"kind": "join", "right": "best", "on": ["loan_id"]}],
    })
    lowered = lower(q)
    assert lowered.steps == q.steps
    assert [s.kind for s in lowered.defs["best"].steps] == ["sort", "head"]
    assert not set(kinds(lowered)) & LOWERED_KINDS


# ---------------------------------------------------------------------------------------
# Meaning, on frames

def test_top_n_per_group_keeps_the_first_rows_in_sort_order() -> None:
    got = run(ir.Query(source="lib_loans", steps=[top(2, ("fee", True), per=["desk"])]))
    # The rows `sort(by).group_by(per).head(n)` picks, in the frame's own column order; the
    # tie for second place in desk B (fee 2.0) is cut by frame order.
    expected = LOANS.sort("fee", descending=True, maintain_order=True).group_by("desk").head(2).select(LOANS.columns)
    same_rows(got, expected)
    assert got.columns == LOANS.columns
    assert sorted(got["loan_id"]) == [1, 2, 4, 6]


def test_top_n_per_group_with_several_keys() -> None:
    by = [ir.SortKey(column="fee"), ir.SortKey(column="pages", descending=True)]
    got = run(ir.Query(source="lib_loans", steps=[ir.TopN(n=1, by=by, per=["desk"])]))
    assert sorted(got["loan_id"]) == [3, 5]


def test_share_in_percent_sums_to_a_hundred_per_group() -> None:
    got = run(ir.Query(source="lib_loans", steps=[
        ir.WithColumns(columns=[ir.Named(name="pct", expr="share(fee, by=[desk], percent=true)")])]))
    expected = LOANS.with_columns((pl.col("fee") / pl.col("fee").sum().over("desk") * 100).alias("pct"))
    same_rows(got, expected)
    assert got.group_by("desk").agg(pl.col("pct").sum().round(9))["pct"].to_list() == [100.0, 100.0]
