"""`compile_question()`: question + tables -> Polars code, through link -> fill -> resolve ->
settle -> lower -> codegen. The server, the CLI and the bench all call this one function.

It never raises: whatever fails inside, it returns allowlisted code that runs and a
diagnostic saying what went wrong. (The server writes the one log line per request.)
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from nlq.catalog import TableInfo, TableRef, load_catalog
from nlq.errors import NlqError, UnfinishedError
from nlq.ir import Query, dump_ir, renamed_tables

if TYPE_CHECKING:
    from nlq.intent import Intent
    from nlq.link import Link
    from nlq.resolve import Resolved

log = logging.getLogger("nlq")

# When the current compile must be done (a `time.monotonic()` value), or None: set by
# compile_question from its budget, read by fillers that can stop early (the model's decoding).
DEADLINE: ContextVar[float | None] = ContextVar("nlq_deadline", default=None)


@dataclass
class FillResult:
    query: Query
    prompt_tokens: int = 0
    generated_tokens: int = 0
    # Extra per-stage seconds the filler measured itself (e.g. "constraint").
    timings: dict[str, float] = field(default_factory=dict)
    # The link the plan was read from where it is not the question's own (a draft over the
    # computed columns the words define, nlq.derive): settle and check read its words.
    link: Link | None = None


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
    drafted: bool = False  # answered by the draft the question's words describe (nlq.draft)
    intent: Intent | None = None


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now


def compile_ir(query: Query, catalog: Mapping[str, TableInfo], clock: _Clock | None = None,
               link: Link | None = None) -> tuple[Query, str]:
    """Resolve, lower and generate code for a hand-written or filled IR; raises NlqError.
    Given the question's `link`, the resolved plan is settled by the question's words first,
    and a many-to-many join is let through only where the question asks for pairs."""
    from codegen import generate
    from nlq.lower import lower
    from nlq.resolve import resolve

    clock = clock or _Clock()
    t = time.perf_counter()
    resolved = resolve(query, catalog, many_to_many=link is not None and link.intent is not None and link.intent.pairs)
    t = clock.lap("resolve", t)

    def finish(plan: Query) -> tuple[Query, str]:
        lowered = lower(plan)
        code = generate(lowered, catalog)
        clock.lap("codegen", t)
        return lowered, code

    if link is not None:
        settled = _settled(resolved, link, catalog)
        t = clock.lap("settle", t)
        if settled is not resolved:
            try:
                return finish(settled.query)
            except Exception:  # noqa: BLE001 - settling only refines a plan that compiles as it is
                log.exception("the settled plan does not compile; keeping the plan as resolved")
    return finish(resolved.query)


def _settled(resolved: Resolved, link: Link, catalog: Mapping[str, TableInfo]) -> Resolved:
    """`settle`, or the plan as it was where settling fails: a refinement must never cost an answer."""
    from nlq.settle import settle

    try:
        return settle(resolved, link, catalog)
    except Exception:  # noqa: BLE001 - a bug in a rule must not cost the answer
        log.exception("settle failed; keeping the plan as resolved")
        return resolved


def _checked(code: str, catalog: Mapping[str, TableInfo], link: Link) -> NlqError | None:
    """`check`, or None where checking itself fails: a check must never cost an answer."""
    from nlq.check import check

    try:
        return check(code, catalog, link)
    except Exception:  # noqa: BLE001 - a bug in the check must not cost the answer
        log.exception("check failed; answering unchecked")
        return None


def load_filler(mode: str | None = None, model: str | None = None, backend: str | None = None) -> Filler:
    """The filler for this process: `model` (the LLM, loaded and warmed here) or
    `deterministic` (the Intent's draft, else the linker's answer; imports no torch). Env NLQ_FILL chooses the
    mode; `model` (else env NLQ_MODEL, else the embedded default) the weights, `backend`
    (else env NLQ_BACKEND, else transformers on CUDA, llamacpp elsewhere) what runs them."""
    mode = mode or os.environ.get("NLQ_FILL", "model")
    if mode == "deterministic":
        from nlq.fallback import LinkFiller

        return LinkFiller()
    if mode == "model":
        from nlq.engine import load_engine
        from nlq.fill import ModelFiller

        filler = ModelFiller(load_engine(model, backend))
        filler.warm()
        return filler
    raise NlqError(f"unknown fill mode {mode!r}", hint="use 'model' or 'deterministic'")


COMMENT_CHARS = 300


def comment_lines(diagnostics: list[str]) -> str:
    """Diagnostics as `# nlq: ...` lines: one line each, nothing a source file cannot hold."""
    out = []
    for text in diagnostics:
        flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
        out.append(f"# nlq: {flat[:COMMENT_CHARS]}\n")
    return "".join(out)


def fallback_code(tables: Mapping[str, TableRef], diagnostics: list[str]) -> str:
    """The answer when nothing better exists: the first table as it is.

    The runner loads every table before it runs an answer, so which one exists on disk does
    not matter here; `pl.DataFrame()` is left for a request whose tables are unknown.
    """
    first = next(iter(tables), None)
    body = f"result = {first}\n" if first else "result = pl.DataFrame()\n"
    return comment_lines(diagnostics) + body


def _last_resort(tables: Mapping[str, TableRef], diagnostics: list[str]) -> Compiled:
    return Compiled(code=fallback_code(tables, diagnostics), diagnostics=diagnostics, fallback=True)


def compile_question(question: str, tables: Mapping[str, TableRef], *, filler: Filler | None = None,
                     budget_s: float | None = None) -> Compiled:
    """Question + tables -> code. Never raises: failures become a diagnostic and fallback code.
    `budget_s` also sets DEADLINE, which the model's decoding stops at."""
    token = DEADLINE.set(time.monotonic() + budget_s if budget_s is not None else None)
    try:
        return _compile_question(question, tables, filler, budget_s)
    finally:
        DEADLINE.reset(token)


def _compile_question(question: str, tables: Mapping[str, TableRef], filler: Filler | None,
                      budget_s: float | None) -> Compiled:
    from nlq.fallback import Drafter, LinkFiller, PlanStart
    from codegen import generate
    from nlq.link import link as link_question
    from nlq.link import row_alias

    started = time.perf_counter()
    clock = _Clock()
    diagnostics: list[str] = []
    alias = real = None
    try:
        t = time.perf_counter()
        catalog = load_catalog(tables)
        t = clock.lap("catalog", t)
        link = link_question(question, catalog)
        if (alias := row_alias(link, catalog)) is not None:
            # The question's noun for the one table's rows reads as the table's name; the
            # answer names the table as the request does.
            real = next(iter(catalog))
            catalog = {alias: replace(catalog[real], name=alias)}
            link = link_question(question, catalog)
        clock.lap("link", t)
    except NlqError as exc:
        return _last_resort(tables, [str(exc)])
    except Exception as exc:  # noqa: BLE001 - the server must answer whatever broke
        log.exception("catalog/link failed")
        return _last_resort(tables, [f"internal error before fill: {type(exc).__name__}: {exc}"])

    filler = filler or LinkFiller()
    plan_start = PlanStart()
    # The draft comes first and is checked like the model's plans: where the question's words
    # settle the whole shape it is right more often than the model (nlq bench, train half),
    # and it costs no decoding.
    drafter = Drafter()
    attempts: list[Filler] = [drafter, filler, filler, plan_start] if not isinstance(filler, LinkFiller) else [drafter]
    attempts.append(LinkFiller())
    feedback: NlqError | None = None
    result = Compiled(code="")
    # The first answer that compiled but disagreed with the question's Intent: answered when
    # no later attempt agrees.
    kept: tuple[Query, str, bool, bool] | None = None
    for attempt, current in enumerate(attempts):
        is_fallback = isinstance(current, (LinkFiller, PlanStart))
        if kept is not None and is_fallback:
            break  # a model's plan that compiled beats the linker's
        over_budget = budget_s is not None and time.perf_counter() - started > budget_s / 2
        again = current is filler and filler in attempts[:attempt]
        if again and (over_budget or isinstance(feedback, UnfinishedError)):
            continue
        if current is plan_start and plan_start.query is None:
            continue
        filled = None
        try:
            t = time.perf_counter()
            filled = current.fill(question, link, catalog, feedback if current is filler else None)
            t = clock.lap("fill", t)
            result.prompt_tokens += filled.prompt_tokens
            result.generated_tokens += filled.generated_tokens
            for stage, seconds in filled.timings.items():
                clock.timings[stage] = clock.timings.get(stage, 0.0) + seconds
            read = filled.link or link
            query, code = compile_ir(filled.query, catalog, clock, read)
        except NlqError as exc:
            if current is drafter and filled is None:
                continue  # no draft: the words leave a part open, which is no failure
            feedback = exc if current is filler else feedback
            diagnostics.append(f"attempt {attempt + 1}: {exc}")
            if filled is not None and current is filler:
                plan_start.offer(filled.query, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a model or library failure must not reach the server
            log.exception("fill attempt %d failed", attempt + 1)
            feedback = None if current is filler else feedback
            diagnostics.append(f"attempt {attempt + 1}: internal error: {type(exc).__name__}: {exc}")
            continue
        if current is plan_start:
            diagnostics.append(f"attempt {attempt + 1}: answered with the {len(filled.query.steps)} step(s) "
                               "of a rejected plan before the one rejected")
        if not is_fallback:
            t = time.perf_counter()
            problem = _checked(code, catalog, read)
            clock.lap("check", t)
            if problem is not None:
                diagnostics.append(f"attempt {attempt + 1}: {problem}")
                feedback = problem if current is filler else feedback
                kept = kept or (query, code, is_fallback, current is drafter)
                continue
        kept = (query, code, is_fallback, current is drafter)
        break
    if kept is not None and alias is not None:
        # The plan over the table's own name: a name no variable may have fails here as it
        # would have in any attempt.
        try:
            renamed = renamed_tables(kept[0], {alias: real})
            kept = (renamed, generate(renamed, {real}), *kept[2:])
        except NlqError as exc:
            diagnostics.append(str(exc))
            kept = None
    if kept is not None:
        query, code, is_fallback, result.drafted = kept
        result.code = comment_lines(diagnostics) + code
        result.query = query
        result.fallback = is_fallback and not isinstance(filler, LinkFiller)
    else:
        result = _last_resort(tables, diagnostics)
    result.diagnostics = diagnostics
    result.timings = clock.timings
    result.intent = link.intent
    return result


def explain(compiled: Compiled) -> str:
    """The question's Intent and the IR as JSON, for `nlq explain` and logs."""
    intent = compiled.intent.model_dump_json(exclude_defaults=True) if compiled.intent is not None else "null"
    return f"intent: {intent}\n" + (dump_ir(compiled.query, indent=2) if compiled.query else "null")
