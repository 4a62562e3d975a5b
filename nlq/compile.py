"""`compile()`: question + tables -> Polars code, through link -> fill -> resolve -> lower ->
codegen. The server, the CLI and the bench all call this one function.

`compile()` never raises: whatever fails inside, it returns allowlisted code that runs and a
diagnostic saying what went wrong.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from nlq.catalog import TableInfo, TableRef, load_catalog
from nlq.errors import NlqError
from nlq.ir import Query


@dataclass
class FillResult:
    query: Query
    prompt_tokens: int = 0
    generated_tokens: int = 0
    # Extra per-stage seconds the filler measured itself (e.g. "constraint").
    timings: dict[str, float] = field(default_factory=dict)


class Filler(Protocol):
    """Fills an IR for a question. `feedback` is the previous attempt's error, for a repair."""

    def fill(self, question: str, link: Any, catalog: Mapping[str, TableInfo],
             feedback: NlqError | None = None) -> FillResult: ...


@dataclass
class Compiled:
    code: str
    query: Query | None = None
    diagnostics: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    prompt_tokens: int = 0
    generated_tokens: int = 0
    fallback: bool = False


def compile_ir(query: Query, catalog: Mapping[str, TableInfo]) -> tuple[Query, str]:
    """Resolve, lower and generate code for a hand-written or filled IR; raises NlqError."""
    from codegen import generate
    from nlq.lower import lower
    from nlq.resolve import resolve

    lowered = lower(resolve(query, catalog).query)
    return lowered, generate(lowered, catalog)


def compile_question(question: str, tables: Mapping[str, TableRef], *, filler: Filler | None = None,
                     budget_s: float | None = None) -> Compiled:
    raise NotImplementedError  # wired up once link and fill land
