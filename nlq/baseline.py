"""The obvious alternative to nlq, for `nlq bench --baseline freeform`: the same model writes
Polars code directly from a prompt holding the schema, a few Polars rules and two examples,
decoded greedily; the code is cut out of the reply. Nothing checks or repairs it.

The fixed part of the prompt (rules and examples) is computed once into a KV cache, as nlq
does for its own prefix, so the comparison measures the method, not a missing cache.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nlq.catalog import ColumnInfo, TableInfo, TableRef, load_catalog
from nlq.compile import Compiled
from nlq.errors import NlqError

RULES = """\
You write Python code with Polars that answers a question about tables.
- Every table is already loaded as an eager pl.DataFrame in a variable named like the table,
  and `import polars as pl` is done. Do not import anything or read files.
- Assign the answer, a pl.DataFrame (never a LazyFrame), to `result`.
- Use current Polars names: group_by, pl.len(), with_columns, sort(..., descending=True),
  join(..., on=..., how=...), pl.col(...).alias(...).
- Dates stored as strings are parsed with pl.col(c).str.to_date() before .dt.year() etc.
- Keep only the columns the question asks for; name computed columns after its words.
- Combine conditions with & and |, each condition in parentheses.
Answer with one ```python block and nothing else."""


def describe(table: TableInfo, max_values: int = 8) -> str:
    """`name: col (Dtype), ...` with the few values of a low-cardinality string column and
    a note on ISO dates stored as strings: what a hand-written prompt would say."""
    columns = []
    for col in table.columns.values():
        notes = [col.polars_dtype]
        if col.iso:
            notes.append(f"ISO {col.iso}")
        if col.values and len(col.values) <= max_values:
            notes.append("values " + ", ".join(map(repr, col.values)))
        columns.append(f"{col.name} ({'; '.join(notes)})")
    return f"{table.name}: {', '.join(columns)}"


_LOGICAL = {"Int64": "int", "Float64": "float", "String": "str"}


def _example_table(name: str, columns: str) -> TableInfo:
    """A made-up table for the prompt's examples, from "name Dtype [iso], ..." text."""
    cols = {}
    for spec in columns.split(", "):
        col, dtype, *iso = spec.split()
        cols[col] = ColumnInfo(col, _LOGICAL[dtype], dtype, iso=iso[0] if iso else None)  # type: ignore[arg-type]
    return TableInfo(name=name, path=f"{name}.parquet", format="parquet", n_rows=0, columns=cols)


@dataclass(frozen=True)
class Example:
    tables: tuple[TableInfo, ...]
    question: str
    code: str


# Two examples on invented tables: an aggregation with a having-filter, and a join with a
# date part.
EXAMPLES = (
    Example(
        tables=(_example_table("garden_plants",
                               "plant_id Int64, species String, height_cm Float64, planted_on String date"),),
        question=("Which species have an average height above 40 cm? Show the species and the "
                  "average height rounded to 1 decimal, tallest first."),
        code="""\
result = (
    garden_plants.group_by("species")
    .agg(pl.col("height_cm").mean().round(1).alias("avg_height_cm"))
    .filter(pl.col("avg_height_cm") > 40)
    .sort("avg_height_cm", descending=True)
)"""),
    Example(
        tables=(_example_table("library_loans", "loan_id Int64, member_id Int64, loaned_on String date"),
                _example_table("library_members", "member_id Int64, full_name String, city String")),
        question="How many loans did each member from Oslo make in 2023?",
        code="""\
result = (
    library_loans.filter(pl.col("loaned_on").str.to_date().dt.year() == 2023)
    .join(library_members.filter(pl.col("city") == "Oslo"), on="member_id", how="inner")
    .group_by("member_id", "full_name")
    .agg(pl.len().alias("loan_count"))
)"""),
)

FENCE_OPEN = "```python\n"
_FENCED = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)(?:```|$)", re.DOTALL)


def _request(tables: list[TableInfo], question: str) -> str:
    schema = "\n".join(describe(table) for table in tables)
    return f"Tables:\n{schema}\n\nQuestion: {question.strip()}"


def system_prompt() -> str:
    shots = [f"Example {i}:\n{_request(list(e.tables), e.question)}\n{FENCE_OPEN}{e.code}\n```"
             for i, e in enumerate(EXAMPLES, 1)]
    return "\n\n".join([RULES, *shots])


def user_prompt(question: str, catalog: Mapping[str, TableInfo]) -> str:
    return _request(list(catalog.values()), question)


def extract_code(reply: str) -> str:
    """The first fenced block of a reply (an unclosed fence runs to the end), else the reply."""
    found = _FENCED.search(reply)
    return (found.group(1) if found else reply).strip() + "\n"


@dataclass
class FreeformBaseline:
    """Answers with whatever code the model writes; `engine` is nlq's own (`nlq.engine`), so
    both systems decode on the same backend and weights."""

    engine: Any
    max_new_tokens: int = 320
    name: str = "freeform"

    def answer(self, question: str, tables: Mapping[str, TableRef]) -> Compiled:
        try:
            started = time.perf_counter()
            catalog = load_catalog(tables)
            read = time.perf_counter()
            # The opening fence is given, so the reply is code up to the closing one.
            generation = self.engine.generate_text(system_prompt(), user_prompt(question, catalog),
                                                   self.max_new_tokens, primer=FENCE_OPEN, stop="```")
            timings = {"catalog": read - started, "generate": time.perf_counter() - read}
        except NlqError as exc:
            return Compiled(code="", diagnostics=[str(exc)], fallback=True)
        except Exception as exc:  # noqa: BLE001 - a model failure is this case's miss, not the bench's end
            return Compiled(code="", diagnostics=[f"freeform: {type(exc).__name__}: {exc}"], fallback=True)
        return Compiled(code=extract_code(FENCE_OPEN + generation.text), timings=timings,
                        prompt_tokens=generation.prompt_tokens, generated_tokens=generation.generated_tokens)
