"""Grade a result the way the Polars Bench runner does, and say why a miss is a miss.

The runner's fingerprint is `result.sort(result.columns).write_csv()` hashed with sha256; a
match needs the same hash, the same shape and the same column names in the same order. Values
compare as CSV text, so 0.30000000000000004 is not 0.3. Beyond the runner's yes/no, a miss is
classified and re-tried under looser rules (columns reordered or renamed by position, floats
rounded) so a naming or rounding miss can be told from a logic miss.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from nlq.execute import ExecResult

Outcome = Literal["match", "exec_error", "gold_error", "wrong_columns", "wrong_row_count",
                  "wrong_values"]
Looser = Literal["reordered", "positional", "float_tolerance"]

# Significant digits kept by the float-tolerance retry: enough to tell a wrong mean from a
# right one, few enough to forgive a rounding the question asked for and the answer skipped.
FLOAT_SIG_FIGS = 4


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    detail: str = ""
    # The looser rules under which the answer would have matched (empty: a logic miss).
    would_match: tuple[Looser, ...] = ()

    @property
    def match(self) -> bool:
        return self.outcome == "match"

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "detail": self.detail, "would_match": list(self.would_match)}


def fingerprint(frame: pl.DataFrame) -> str | None:
    """The runner's hash of a frame, or None where the runner could not compute it (e.g. a
    list column has no CSV form)."""
    try:
        text = frame.sort(frame.columns).write_csv()
    except pl.exceptions.PolarsError:
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def compare(got: ExecResult | Any, gold: ExecResult | Any) -> Verdict:
    """Compare an answer with the gold answer. Each side is an `ExecResult` or the raw value
    left in `result` (a DataFrame; anything else, a LazyFrame included, is an exec error)."""
    got, gold = _as_result(got), _as_result(gold)
    if gold.error is not None:
        return Verdict("gold_error", gold.error)
    if got.error is not None:
        return Verdict("exec_error", got.error)
    a, b = got.frame, gold.frame
    assert a is not None and b is not None  # ok results carry a frame
    if fingerprint(b) is None:
        return Verdict("gold_error", "gold result has no CSV form: the runner cannot hash it")
    if fingerprint(a) is None:
        return Verdict("exec_error", "result has no CSV form (nested column?): the runner "
                                     "cannot hash it")
    if _same(a, b):
        return Verdict("match")
    return Verdict(*_classify(a, b), would_match=_looser_matches(a, b))


def _as_result(value: ExecResult | Any) -> ExecResult:
    if isinstance(value, ExecResult):
        return value
    if isinstance(value, pl.DataFrame):
        return ExecResult(value, None, 0.0)
    return ExecResult(None, f"`result` is a {type(value).__name__}, not a pl.DataFrame", 0.0)


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    return a.columns == b.columns and a.shape == b.shape and fingerprint(a) == fingerprint(b)


def _classify(a: pl.DataFrame, b: pl.DataFrame) -> tuple[Outcome, str]:
    if a.columns != b.columns:
        return "wrong_columns", f"got {a.columns}, expected {b.columns}"
    if a.height != b.height:
        return "wrong_row_count", f"got {a.height} rows, expected {b.height}"
    return "wrong_values", _first_difference(a, b)


def _first_difference(a: pl.DataFrame, b: pl.DataFrame) -> str:
    dtypes = [f"{c}: {x} vs {y}" for c, x, y in zip(a.columns, a.dtypes, b.dtypes) if x != y]
    if dtypes:
        return "dtypes differ: " + ", ".join(dtypes)
    a_rows = a.sort(a.columns).rows()
    b_rows = b.sort(b.columns).rows()
    for i, (x, y) in enumerate(zip(a_rows, b_rows)):
        if x != y:
            return f"sorted row {i}: got {x}, expected {y}"
    return "same rows, different CSV text"


def _looser_matches(a: pl.DataFrame, b: pl.DataFrame) -> tuple[Looser, ...]:
    """The smallest set of looser rules under which `a` matches `b` (empty when none does)."""
    aligned, how = _align(a, b)
    if aligned is None:
        return ()
    rules: tuple[Looser, ...] = (how,) if how else ()
    if _same(aligned, b):
        return rules
    if aligned.height == b.height and _same(*_rounded(aligned, b)):
        return (*rules, "float_tolerance")
    return ()


def _align(a: pl.DataFrame, b: pl.DataFrame) -> tuple[pl.DataFrame | None, Looser | None]:
    """`a` with `b`'s column names in `b`'s order, and the rule that made it so."""
    if a.columns == b.columns:
        return a, None
    if sorted(a.columns) == sorted(b.columns):
        return a.select(b.columns), "reordered"
    if a.width == b.width:
        return a.rename(dict(zip(a.columns, b.columns))), "positional"
    return None, None


def _rounded(a: pl.DataFrame, b: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    # A column is compared as rounded floats where either side is a float or a decimal, so an
    # integer-valued float against an integer counts as a rounding miss too.
    floats = [c for c in b.columns
              if a.schema[c].is_float() or b.schema[c].is_float()
              or a.schema[c] == pl.Decimal or b.schema[c] == pl.Decimal]

    def round_floats(frame: pl.DataFrame) -> pl.DataFrame:
        try:
            return frame.with_columns(
                pl.col(c).cast(pl.Float64).round_sig_figs(FLOAT_SIG_FIGS) for c in floats)
        except pl.exceptions.PolarsError:
            return frame  # not numeric after all (e.g. a string beside a float): no tolerance

    return round_floats(a), round_floats(b)
