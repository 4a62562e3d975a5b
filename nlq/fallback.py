"""What nlq returns when no model is configured or the model's plans fail.

First the start of a rejected plan: the steps before the one resolve rejected (the joins of
"tracks with their genre name" before a group_by nobody asked for). Else the linker's own
answer: the rows of the most relevant table that match the values and boolean adjectives
the question names ("paid orders", "discontinued products"), and nothing more. A plain
answer that runs is better than a guess that does not."""

from __future__ import annotations

from collections.abc import Mapping

from nlq import ir
from nlq.catalog import TableInfo
from nlq.errors import NlqError, ResolveError


def _condition(column: str, value: str | bool) -> ir.Node:
    col = ir.Col(name=column)
    if value is True:
        return col
    if value is False:
        return ir.Not(operand=col)
    return ir.Binary(op="==", left=col, right=ir.Lit(value=value))


def link_query(link) -> ir.Query:
    source = link.tables[0]
    by_column: dict[str, list[str | bool]] = {}
    for match in link.values:
        if match.table == source:
            by_column.setdefault(match.column, []).append(match.value)
    conditions = []
    for column, values in by_column.items():
        if len(values) > 1 and all(isinstance(v, str) for v in values):
            conditions.append(ir.IsIn(operand=ir.Col(name=column), values=values))
        else:
            conditions.append(_condition(column, values[0]))
    steps = []
    if conditions:
        predicate = conditions[0]
        for condition in conditions[1:]:
            predicate = ir.Binary(op="and", left=predicate, right=condition)
        steps.append(ir.Filter(predicate=predicate))
    return ir.Query(source=source, steps=steps)


class LinkFiller:
    """A filler with no model: the link's deterministic query."""

    def fill(self, question: str, link, catalog: Mapping[str, TableInfo],
             feedback: NlqError | None = None):
        from nlq.compile import FillResult

        return FillResult(query=link_query(link))


class PlanStart:
    """A filler with no model: the longest start of the model's rejected plans that resolved
    (a later plan's on a tie: it was written with the error in view)."""

    def __init__(self) -> None:
        self.query: ir.Query | None = None

    def offer(self, query: ir.Query, error: NlqError) -> None:
        # Resolve checks the steps in order, so those before the rejected one resolved.
        where = error.path[:2] if isinstance(error, ResolveError) else ()
        if len(where) < 2 or where[0] != "steps" or not isinstance(where[1], int) or where[1] < 1:
            return
        if self.query is None or where[1] >= len(self.query.steps):
            self.query = query.model_copy(update={"steps": query.steps[:where[1]]})

    def fill(self, question: str, link, catalog: Mapping[str, TableInfo],
             feedback: NlqError | None = None):
        """Asked only once a start was kept."""
        from nlq.compile import FillResult

        return FillResult(query=self.query)
