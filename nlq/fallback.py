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
from nlq.draft import draft_read, values_predicate
from nlq.errors import FillError, NlqError, ResolveError


def link_query(link) -> ir.Query:
    source = link.tables[0]
    own = {(source, match.column): match.column for match in link.values if match.table == source}
    predicate = values_predicate(list(link.values), own)
    return ir.Query(source=source, steps=[ir.Filter(predicate=predicate)] if predicate is not None else [])


class LinkFiller:
    """A filler with no model: the link's deterministic query."""

    def fill(self, question: str, link, catalog: Mapping[str, TableInfo],
             feedback: NlqError | None = None):
        from nlq.compile import FillResult

        return FillResult(query=link_query(link))


class Drafter:
    """A filler with no model: the plan the link and its Intent describe (nlq.draft)."""

    def fill(self, question: str, link, catalog: Mapping[str, TableInfo],
             feedback: NlqError | None = None):
        from nlq.compile import FillResult

        drafted = draft_read(link, catalog)
        if drafted is None:
            raise FillError("the question's shape leaves a part no draft builds")
        query, read = drafted
        return FillResult(query=query, link=None if read is link else read)


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
