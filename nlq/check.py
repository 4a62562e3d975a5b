"""check: run a compiled answer on the request's tables before answering and compare its
result with the question's Intent.

The answer runs in this process on the first `SAMPLE_ROWS` rows of each table, as the
catalog read them for its statistics (the code is allowlisted Polars, so running it here is
as safe as generating it). It disagrees with the
Intent when a question for one number returns several rows, a limited question more rows
than its limit, a listed column is missing, or a question whose filters name values that
exist returns nothing. compile then tries its next candidate with the disagreement as
feedback, and answers with the first candidate when none agrees.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import polars as pl

from nlq.catalog import SAMPLE_ROWS, TableInfo, sample
from nlq.errors import CheckError
from nlq.intent import item_words
from nlq.joins import pointer
from nlq.link import Link

log = logging.getLogger("nlq")


def _whole(table: TableInfo) -> bool:
    return table.n_rows <= SAMPLE_ROWS


def run_sample(code: str, catalog: Mapping[str, TableInfo]) -> pl.DataFrame:
    """The answer's `result` on the tables' samples; raises what the code raises."""
    scope: dict[str, object] = {"pl": pl}
    for name, table in catalog.items():
        scope[name] = sample(table)
    exec(compile(code, "<answer>", "exec"), scope)  # noqa: S102 - allowlisted code, see module docstring
    result = scope.get("result")
    if not isinstance(result, pl.DataFrame):
        raise CheckError("the answer does not assign a DataFrame to `result`")
    return result


def _pointed_at(column: str, shown: list[str], catalog: Mapping[str, TableInfo]) -> bool:
    """A shown column points at the listed key: "airline code" of flights is their `f_al_code`
    as much as the airlines' `al_code`."""
    return any(pointer(source, table, column, catalog) in shown
               for table, info in catalog.items() if column in info.columns for source in catalog)


def check(code: str, catalog: Mapping[str, TableInfo], link: Link) -> CheckError | None:
    """How the answer's result disagrees with the question's Intent, or None."""
    intent = link.intent
    whole = all(_whole(t) for t in catalog.values())
    try:
        result = run_sample(code, catalog)
    except CheckError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - the answer's own failure is what is checked
        if not whole:
            log.info("check: the answer failed on a sample (%s); not judged", exc)
            return None
        return CheckError(f"the plan fails when run: {type(exc).__name__}: {str(exc)[:200]}",
                          hint="use only columns the step before has, with their types")
    if intent is None:
        return None
    renamed = dict(intent.renames)
    # "fare, with fare renamed to price": a rename names a listed column by the item's words too.
    said = {item_words(words): new for words, new in intent.renames}
    wanted = [item.name or renamed.get(column) or said.get(item.words, column)
              for item, column in zip(intent.listed, intent.listed_columns() or [])]
    missing = [c for c in wanted if c not in result.columns and not _pointed_at(c, result.columns, catalog)]
    if missing and not intent.aggregates:
        return CheckError(f"the question lists {missing} but the answer has {result.columns}",
                          hint="select the columns the question lists, in its order")
    if intent.answer == "scalar" and result.height != 1:
        return CheckError(f"the question asks for one row of numbers but the plan returns {result.height} rows",
                          hint="aggregate the whole table with agg, without group_by")
    limit = 1 if intent.single else None if intent.per_group else intent.limit
    if limit is not None and result.height > limit:
        return CheckError(f"the question asks for {limit} row(s) but the plan returns {result.height}",
                          hint=f"sort by what the question ranks by, then limit to {limit}")
    if limit is not None and limit > 1 and result.height == 1 and intent.answer == "rows" and min(
            t.n_rows for t in catalog.values()) > 1:
        return CheckError(f"the question asks for {limit} rows but the plan returns one",
                          hint="keep the rows (or group them); sort, then limit")
    if whole and result.height == 0 and link.values:
        named = ", ".join(f"{v.column} = {v.value!r}" for v in link.values[:3])
        return CheckError(f"the plan returns no rows, though the data has {named}",
                          hint="filter on values exactly as the data writes them")
    return None
