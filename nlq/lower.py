"""lower: rewrite sugar nodes into plain ones, so codegen stays one-to-one with the IR.

| sugar                              | becomes                                                  |
|------------------------------------|----------------------------------------------------------|
| top_n, no `per`                    | sort + head                                              |
| top_n per groups, one sort key     | filter(over(rank(key, "ordinal"), by=per) <= n)          |
| top_n per groups, several keys     | sort + filter(over(row_number(), by=per) <= n)           |
| share(x, by=[g], percent=true)     | x / over(sum(x), by=[g]) * 100  (no `over` without `by`) |

Top-n per group keeps the first n rows of each group in sort order, like
`sort(by).group_by(per).head(n)`, but as a filter: the columns stay in frame order, and the
ordinal rank cuts ties by frame order, so the same rows come back on every run.

Run it on a resolved query: it relies on the column references being valid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nlq import ir

# Node kinds lower removes: codegen never sees them.
LOWERED_KINDS = frozenset({"top_n", "share"})


def lower(query: ir.Query) -> ir.Query:
    defs = {name: pipeline.model_copy(update={"steps": _steps(pipeline.steps)})
            for name, pipeline in query.defs.items()}
    return query.model_copy(update={"defs": defs, "steps": _steps(query.steps)})


def _steps(steps: list[ir.Node]) -> list[ir.Node]:
    out: list[ir.Node] = []
    for step in steps:
        step = _rewrite(step)
        out.extend(_STEP_LOWERINGS[step.kind](step) if step.kind in _STEP_LOWERINGS else [step])
    return out


def _rewrite(node: ir.Node) -> ir.Node:
    """Lower every sugar expression inside `node`, innermost first."""
    update = {name: _rewrite_value(getattr(node, name)) for name in type(node).model_fields}
    node = node.model_copy(update=update)
    lowering = _EXPR_LOWERINGS.get(getattr(node, "kind", ""))
    return lowering(node) if lowering else node


def _rewrite_value(value: Any) -> Any:
    if isinstance(value, ir.Node):
        return _rewrite(value)
    if isinstance(value, list):
        return [_rewrite_value(item) for item in value]
    return value


def _share(node: ir.Share) -> ir.Node:
    total: ir.Node = ir.Agg(fn="sum", operand=node.operand)
    if node.partition_by:
        total = ir.Over(operand=total, partition_by=node.partition_by)
    ratio = ir.Binary(op="/", left=node.operand, right=total)
    # Divide first, then scale: `x / total * 100` is how percentages are usually written, and
    # the other order can differ in the last float digit.
    return ir.Binary(op="*", left=ratio, right=ir.Lit(value=100)) if node.percent else ratio


def _top_n(step: ir.TopN) -> list[ir.Node]:
    if not step.per:
        return [ir.Sort(by=step.by), ir.Head(n=step.n)]
    if len(step.by) == 1:
        key = step.by[0]
        position: ir.Node = ir.Rank(operand=ir.Col(name=key.column), method="ordinal", descending=key.descending)
        before: list[ir.Node] = []
    else:
        # A rank takes one key; with several, sort first and number the rows in frame order.
        position, before = ir.RowNumber(), [ir.Sort(by=step.by)]
    within = ir.Binary(op="<=", left=ir.Over(operand=position, partition_by=step.per), right=ir.Lit(value=step.n))
    return [*before, ir.Filter(predicate=within)]


_EXPR_LOWERINGS: dict[str, Callable[[Any], ir.Node]] = {"share": _share}
_STEP_LOWERINGS: dict[str, Callable[[Any], list[ir.Node]]] = {"top_n": _top_n}
