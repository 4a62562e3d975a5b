"""Step nodes -> DataFrame method calls, and pipelines -> `name = (...)` statements.

Layout rule: a pipeline without steps is `name = source`; otherwise the chain is wrapped in
parentheses with one method call per line (group_by and its agg on two lines).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from codegen.exprs import expr_code, named_code
from codegen.pysrc import call, literal, names, variable
from nlq import ir
from nlq.errors import CodegenError, Path

_INDENT = "    "


def _column_item(item: ir.ColumnItem) -> str:
    return literal(item) if isinstance(item, str) else named_code(item)


def _sort(step: ir.Sort) -> list[str]:
    flags = [key.descending for key in step.by]
    descending = literal(flags[0]) if len(set(flags)) == 1 else literal(flags)
    return [call(
        ".sort", names([key.column for key in step.by]),
        descending=None if not any(flags) else descending,
        nulls_last="True" if step.nulls_last else None,
        # Ties keep their order, so a later head() picks the same rows every run.
        maintain_order="True",
    )]


def _unique(step: ir.Unique) -> list[str]:
    return [call(
        ".unique", subset=names(step.subset) if step.subset else None,
        keep=None if step.keep == "any" else literal(step.keep), maintain_order="True",
    )]


def _group_by(step: ir.GroupBy, ordered: bool) -> list[str]:
    # maintain_order makes the group order deterministic, for a later head() or row-order
    # window; it also sums groups on another path, whose floats differ from a plain group_by's
    # in the last digits (and from run to run), so it is asked for only where order is read.
    return [call(".group_by", *map(_column_item, step.by), maintain_order="True" if ordered else None),
            call(".agg", *map(named_code, step.agg))]


# Steps and expressions that read the frame's row order.
_ORDER_READERS = frozenset({"head", "row_number", "cum_agg", "shift", "rolling"})


def _order_read(later: list[ir.Node]) -> bool:
    """Whether the steps after a group_by read its row order."""
    return any(set(ir.node_kinds(step)) & _ORDER_READERS or isinstance(step, ir.Unique) and step.keep != "any"
               for step in later)


def _join(step: ir.Join, path: Path) -> list[str]:
    if step.on is None and step.left_on is None:
        raise CodegenError("join has no keys", path=(*path, "on"),
                           hint="resolve infers join keys; run resolve before codegen")
    keys = ({"on": names(step.on)} if step.on is not None
            else {"left_on": names(step.left_on or []), "right_on": names(step.right_on or [])})
    how = None if step.how == "inner" else literal(step.how)
    return [call(".join", variable(step.right, (*path, "right")), **keys, how=how)]


# Handlers take (step, path, ordered): the path only matters to steps that can fail, and
# `ordered` (whether a later step reads the row order) only to group_by.
STEP_HANDLERS: dict[str, Callable[[Any, Path, bool], list[str]]] = {
    "filter": lambda s, p, o: [call(".filter", expr_code(s.predicate))],
    "with_columns": lambda s, p, o: [call(".with_columns", *map(named_code, s.columns))],
    "select": lambda s, p, o: [call(".select", *map(_column_item, s.columns))],
    "drop": lambda s, p, o: [call(".drop", *map(literal, s.columns))],
    "rename": lambda s, p, o: [call(".rename", literal(s.mapping))],
    "unique": lambda s, p, o: _unique(s),
    "sort": lambda s, p, o: _sort(s),
    "head": lambda s, p, o: [call(".head", literal(s.n))],
    "group_by": lambda s, p, o: _group_by(s, o),
    "join": lambda s, p, o: _join(s, p),
}


def _step_lines(step: ir.Node, path: Path, ordered: bool) -> list[str]:
    handler = STEP_HANDLERS.get(step.kind)  # type: ignore[attr-defined]
    if handler is None:
        raise CodegenError(f"no codegen handler for step kind `{step.kind}`", path=path,  # type: ignore[attr-defined]
                           hint="sugar kinds are rewritten by nlq.lower; run lower before codegen")
    try:
        return handler(step, path, ordered)
    except CodegenError as exc:
        if exc.path:
            raise
        raise CodegenError(exc.message, path=path, hint=exc.hint) from None


def pipeline_statement(target: str, pipeline: ir.Pipeline, path: Path) -> str:
    """`target = <chain>` for one pipeline; `path` locates the pipeline in the Query."""
    source = variable(pipeline.source, (*path, "source"))
    steps = pipeline.steps
    # A def's order is read by no one: a join does not keep its right side's order.
    lines = [line for i, step in enumerate(steps)
             for line in _step_lines(step, (*path, "steps", i), _order_read(steps[i + 1:]))]
    if not lines:
        return f"{target} = {source}"
    body = "\n".join(_INDENT + line for line in [source, *lines])
    return f"{target} = (\n{body}\n)"
