"""The grader reproduces the runner's fingerprint and classifies misses."""

from __future__ import annotations

import polars as pl

from nlq.catalog import TableRef
from nlq.execute import ExecResult, run_code
from nlq.grade import compare, fingerprint

GOLD = pl.DataFrame({"team": ["red", "blue", "green"], "score": [0.1 + 0.2, 2.5, 7.0]})


def test_known_equal_pair_ignores_row_order() -> None:
    verdict = compare(GOLD.reverse(), GOLD)
    assert verdict.match and verdict.outcome == "match"
    assert fingerprint(GOLD.reverse()) == fingerprint(GOLD)


def test_fingerprint_is_sha256_of_sorted_csv() -> None:
    import hashlib

    frame = pl.DataFrame({"b": [2, 1], "a": ["y", "x"]})
    assert fingerprint(frame) == hashlib.sha256(b"b,a\n1,x\n2,y\n").hexdigest()


def test_column_order_difference_is_a_miss_that_reordering_fixes() -> None:
    verdict = compare(GOLD.select("score", "team"), GOLD)
    assert verdict.outcome == "wrong_columns"
    assert verdict.would_match == ("reordered",)


def test_renamed_column_would_match_positionally() -> None:
    verdict = compare(GOLD.rename({"score": "points"}), GOLD)
    assert verdict.outcome == "wrong_columns" and verdict.would_match == ("positional",)


def test_float_in_the_last_digit_is_a_miss_without_tolerance() -> None:
    verdict = compare(GOLD.with_columns(pl.col("score").round(2)), GOLD)  # 0.3 vs 0.30000000000000004
    assert not verdict.match and verdict.outcome == "wrong_values"
    assert verdict.would_match == ("float_tolerance",)
    assert "0.30000000000000004" in verdict.detail


def test_integer_against_float_is_a_rounding_miss() -> None:
    verdict = compare(pl.DataFrame({"n": [1, 2]}), pl.DataFrame({"n": [1.0, 2.0]}))
    assert verdict.outcome == "wrong_values" and verdict.would_match == ("float_tolerance",)


def test_logic_misses_have_no_looser_match() -> None:
    assert compare(GOLD.head(2), GOLD).outcome == "wrong_row_count"
    wrong = compare(GOLD.with_columns(pl.col("score") * 2), GOLD)
    assert wrong.outcome == "wrong_values" and wrong.would_match == ()


def test_lazyframe_result_is_an_exec_error() -> None:
    verdict = compare(GOLD.lazy(), GOLD)
    assert verdict.outcome == "exec_error" and "LazyFrame" in verdict.detail


def test_exec_error_carries_the_exception(tmp_path) -> None:
    path = tmp_path / "scores.parquet"
    GOLD.write_parquet(path)
    tables = {"scores": TableRef(str(path))}
    got = run_code("result = scores.group_by('team').agg(pl.col('missing').sum())", tables)
    gold = run_code("result = scores", tables)
    verdict = compare(got, gold)
    assert verdict.outcome == "exec_error" and "ColumnNotFoundError" in verdict.detail
    assert compare(gold, gold).match


def test_unhashable_results() -> None:
    frame = pl.DataFrame({"tags": [[1, 2]]})  # a list column has no CSV form
    assert fingerprint(frame) is None
    assert compare(frame, GOLD).outcome == "exec_error"
    assert compare(GOLD, frame).outcome == "gold_error"
    assert compare(GOLD, ExecResult(None, "boom", 0.0)).outcome == "gold_error"
