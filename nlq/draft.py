"""draft: the Intent's own plan, built with no model.

The Intent often says the whole shape of an answer, and the link says what it is about. This
stage builds the plan those two describe: the tables the question's words need, joined along
the inferable keys; the values it names, and the comparisons its literals ask for on the column
named nearest; one row per group with the aggregates it lists; its limit in its order; the
columns it lists, in its order and with the names it gives; rows of one table with no match
(anti) or at least one (semi) in another, or with more than so many rows in it. compile tries
it before the model (it is right more often where it answers, and costs no decoding) and
checks it like any plan; settle still names and rounds its outputs.

Windows other than ranks (a running total, the previous or next row's value and the change
from it, a share of the group's total, the difference from the group's mean, the group's
average or total beside each of its rows, rows numbered, a moving average over N rows) are
built on one table: the measure, the group and the order (and the columns that break its ties)
each read from the words around the window's own; a window is named by the question's words
for its measure.

Two-stage shapes: an entity's aggregate ranked ("rank customers by their total spending,
highest first": one row per entity, every one kept, with its rank), rows or entities compared
with an average ("priced above the average price", "more than their department's average",
"more orders than the average customer": the mean of all rows, of the row's group, or of the
entities' aggregates), and entities kept by an aggregate against a number ("cost more than
6,000 in total", "an average salary above 70,000").

Computed columns the words define (a formula written out, "dose times days", "cost per kg",
"full name": nlq.derive) are read as columns of their table: the question with each definition
replaced by its name is drafted over the tables extended by them, and the columns are computed
once the tables are joined. One aggregate divided by another ("total fare divided by total
distance per airline") is the two drafted as a list, then divided; "whether <clause>" closing a
list is the filter the clause says, read as a true/false column of the listed rows.

A row's columns compared with each other ("returned after the due date", "came back late":
the event's date after the due date) and dates said set or not by their participle ("returned
loans", "never returned", "unpaid") filter rows, or say which rows a share counts; a share of
rows counts every row, those whose value is missing too.

It answers None where the words leave a part it cannot build (a formula or an operand that
names no column, a window's measure, group or order, a literal compared with no column): the
model fills then.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from nlq import ir
from nlq import lexicon as L
from nlq import words as W
from nlq.catalog import ColumnInfo, TableInfo
from nlq.derive import NAME_AFTER, Derived, derivations, extended, in_unit, rewritten, spoken
from nlq.errors import NlqError
from nlq.intent import (CURRENT_AND_BEFORE, EXCLUDING, FIRST_ROW, KEEP_EMPTY, PHRASE, RUN_EXTREME, SENTENCE_END, Intent,
                         Item, Window, aggregate_fn, entity_labels, group_aggregate, item_words, rank_column,
                         rank_start, rank_starts, row_date, table_nouns)
from nlq.joins import JoinEdge, candidate_pairs, join_path, pointer, role_pointer, side_of
from nlq.link import VERB_OBJECT, Link, NameHint, ValueMatch
from nlq.link import link as link_question
from nlq.resolve import resolve

_NUMERIC = ("int", "float")


@dataclass(frozen=True)
class _Ref:
    table: str
    column: str


def draft(link: Link, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """The plan the link and its Intent describe, or None where they leave a part open."""
    drafted = draft_read(link, catalog)
    return drafted[0] if drafted is not None else None


def draft_read(link: Link, catalog: Mapping[str, TableInfo]) -> tuple[ir.Query, Link] | None:
    """The draft and the link it was read from: `link`, or where the words define computed
    columns, the link of the question that reads them as columns."""
    intent = link.intent
    if intent is None or not link.tables or intent.pairs:
        return None
    if (reshaped := _reshaped(link, catalog)) is not None:
        return reshaped, link
    if (quotient := _QUOTIENT.search(link.question)) is not None:
        return _aggregate_quotient(link, quotient, catalog)
    if (difference := _DIFFERENCE.search(link.question)) is not None \
            and (drafted := _aggregate_quotient(link, difference, catalog)) is not None:
        return drafted
    if (flag := _FLAG_ASKED.search(link.question)) is not None:
        return _flag_asked(link, flag, catalog)
    if (revenue := _implied_revenue(link, catalog)) is not None:
        return revenue
    if (selling := _SELLING.search(link.question)) is not None and not intent.aggregates \
            and (sold := _sold_most(link, selling, catalog)) is not None:
        return sold
    if (which := _WHICH_MOST.match(link.question)) and intent.single and not intent.aggregates and not intent.groups \
            and (total := _total_of_value(link, which, catalog)) is not None:
        return total
    if (rows := _ROWS_PER.match(link.question)) and intent.groups and intent.aggregates and "len" not in intent.aggregates \
            and W.singular(rows.group("noun").lower()) != rows.group("noun").lower() \
            and _table_named(rows.group("noun"), list(link.tables)) is not None:
        # "Visits per month in 2024, with the total fee": the rows the question opens with are
        # counted beside what it adds.
        start = rows.start("noun")
        return draft_read(link_question(f"{link.question[:start]}Number of {link.question[start:]}", catalog), catalog)
    # "the difference from the department average" is a window, not a derived column.
    if intent.derived and not (intent.ratio or _window(intent)):
        return _derived(link, catalog)
    # "the running total of (quantity * unit_price) per order": a formula written out is a
    # column the window reads, computed first; where nothing computes it, the window is read alone.
    if intent.derived and _window(intent) and _WRITTEN_FORMULA.search(link.question) \
            and (computed := _derived(link, catalog)) is not None:
        return computed
    # "Total sales per country": money taken that no column names is computed on the lines
    # that hold it (nlq.derive); where nothing computes it, the words are read as they are.
    if _TAKINGS.search(link.question) and not (intent.ratio or _window(intent)) \
            and (taken := _derived(link, catalog)) is not None:
        return taken
    if intent.first_step is not None:
        # "Count orders per customer, then the average of that count": the first step is read
        # alone, and so are its names.
        read = link_question(intent.first_step, catalog)
        query = _over_groups(read, intent, catalog) if read.intent is not None and read.tables else None
        return (query, read) if query is not None else None
    if intent.keep_empty:
        # "..., counting 0 for those with none": the clause keeps groups and says nothing else
        # (no 0 to compare, no rows without); the rest of the question is read without it.
        read = link_question(KEEP_EMPTY.sub(lambda m: " " * len(m.group()), link.question), catalog)
        if read.intent is not None and read.tables:
            query = _built(read, read.intent, catalog)
            # "keeping countries without one" of a lookup: its join keeps them already.
            return (_with_empty_groups(query, catalog) or query, read) if query is not None else None
    query = _built(link, intent, catalog)
    if query is not None and not (query.steps or query.defs):
        if _whole_table(link.question, query.source):
            return query, link
        query = _sorted_only(link, intent, query, catalog)
    if (query is None or not (query.steps or query.defs)) and _THEN_STEP.search(link.question):
        # "..., then sort by that count and keep the top 5": the steps' "then" joins them and
        # lists nothing; where the words drafted nothing, they are read without it.
        read = link_question(_THEN_STEP.sub(lambda m: " " * len(m.group()), link.question), catalog)
        if read.intent is not None and read.tables and not read.intent.pairs and not read.intent.derived:
            query, link = _built(read, read.intent, catalog), read
    # A bare table is what the linker answers too: the words settled nothing, the model may.
    return (query, link) if query is not None and (query.steps or query.defs) else None


# "then" before a step's verb ("then sort", "then keep"); before a noun it breaks ties.
_THEN_STEP = re.compile(rf"\bthen(?=\s+(?:{W.alternatives(L.STEP_VERBS)})\b)", re.IGNORECASE)


# "Products without their supplier and category ids", "Orders, comment left out": every
# column of the rows but those named ("without" and a possessive: the rows' own columns, no
# rows kept by a missing value, as "products without a category" are).
_WITHOUT_COLUMNS = re.compile(r"\bwithout\s+(?:their|its)\s+(?P<x>[^,.;:?!]+?)(?:\s+columns?)?\s*(?=[,.;:?!]|$)"
                              r"|(?:,\s*|\bwith\s+)(?:the\s+|their\s+|its\s+)?(?P<y>[^,.;:?!]+?)(?:\s+columns?)?\s+"
                              rf"(?:{W.alternatives(L.LEFT_OUT_WORDS)})\s*(?=[,.;:?!]|$)", re.IGNORECASE)
# "Genres with the columns named id and genre": every column renamed, in the table's order.
_COLUMNS_NAMED = re.compile(r"\bwith\s+(?:the\s+|their\s+|its\s+)?columns\s+(?:re)?named\s+(?:to\s+|as\s+)?"
                            r"(?P<names>[^.;:?!]+?)\s*(?=[.;:?!]|$)", re.IGNORECASE)
_AND_LIST = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\b)\s*", re.IGNORECASE)


def _reshaped(link: Link, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """Every row of the table the words name, some columns dropped or all renamed in order,
    where the words say nothing else: no value, no number, nothing besides the table's noun."""
    question = link.question
    dropped = [m for m in _WITHOUT_COLUMNS.finditer(question)]
    # "..., named id and genre, comment left out": the names end where a drop begins.
    named = [(m.start(), min([m.end(), *(d.start() for d in dropped if d.start() > m.start())]))
             for m in _COLUMNS_NAMED.finditer(question)]
    if not dropped and not named or len(named) > 1 or link.literals:
        return None
    rest = question
    for start, end in (*(m.span() for m in dropped), *named):
        rest = W.blanked(rest, start, end)
    words = [w.lower for w in W.words(rest) if w.lower not in W.STOPWORDS and w.lower not in L.LIST_OPENERS
             and w.lower not in L.WHOLE_TABLE_WORDS]
    source = _table_named(words[-1], list(link.tables)) if 0 < len(words) <= 3 else None
    if source is None or link.values:  # "Shipments, delayed ones removed" keeps rows by a value
        return None
    columns = list(catalog[source].columns)
    drop: list[str] = []
    for m in dropped:
        items = [item_words(part) for part in _AND_LIST.split(m.group("x") or m.group("y"))]
        # "their supplier and category ids": a word alone shares the noun the last item ends with.
        items = [(*words, items[-1][-1]) if len(words) == 1 and len(items[-1]) > 1 and words != items[-1] else words
                 for words in items]
        refs = [_find(words, [source], catalog) for words in items if words]
        if not refs or None in refs or len(refs) != len(items):
            return None
        # "Employees without their manager" may be the rows that have none: one column said
        # alone is dropped only where the words name it as a column ("their genre id").
        if m.group("x") and len(items) == 1 and W.singular(items[0][-1]) not in (*L.KEY_PARTS, "column", "field"):
            return None
        drop += [ref.column for ref in refs]
    steps: list[ir.Step] = [ir.Drop(columns=list(dict.fromkeys(drop)))] if drop else []
    kept = [c for c in columns if c not in drop]
    if named:
        said = _COLUMNS_NAMED.match(question[:named[0][1]], named[0][0])
        parts = [item_words(part) for part in _AND_LIST.split(said.group("names")) if part] if said else []
        names = [W.snake_case(list(words)) for words in parts]
        if not names or not all(names) or len(set(names)) < len(names) or len(names) > len(kept):
            return None
        if len(names) == len(kept):
            mapping = dict(zip(kept, names))
        else:
            # "Nations with the columns renamed to nation and region key, comment left out": fewer
            # names than columns, each names its own ("region key"), the table's noun its label.
            owned = [_renamed_column(words, source, kept, catalog) for words in parts]
            if None in owned or len(set(owned)) < len(owned):
                return None
            mapping = dict(zip(owned, names))
        steps.append(ir.Rename(mapping={old: new for old, new in mapping.items() if old != new}))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


def _renamed_column(words: tuple[str, ...], source: str, kept: list[str],
                    catalog: Mapping[str, TableInfo]) -> str | None:
    """The one kept column the words name, or where they name none and are the table's noun,
    its one label ("nation" -> `na_name`)."""
    ranked = [(rank, column) for column in kept if (rank := rank_column(words, column, source)) is not None]
    best = [column for rank, column in ranked if rank == min(r for r, _ in ranked)] if ranked else []
    if len(best) == 1:
        return best[0]
    labels = [label for label in entity_labels(catalog[source]) if label in kept]
    return labels[0] if not ranked and _names_table(words, source) and len(labels) == 1 else None


_TAKINGS = re.compile(rf"\b(?:{W.alternatives(L.TAKINGS_WORDS)})\b", re.IGNORECASE)
# Two operands joined by an operator symbol: a formula written out ("quantity * unit_price").
_WRITTEN_FORMULA = re.compile(r"[\w)]\s*[*/+]\s*[\w(]|[\w)]\s+-\s+[\w(]")


def _with_empty_groups(query: ir.Query, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Number of books per author, including authors with none": the rows counted per entity
    they point at, over every entity: its table joined (left) to the rows, whose own key is
    counted, so that an entity with none counts 0. None where the plan counts no such rows."""
    at = next((k for k, step in enumerate(query.steps) if isinstance(step, ir.GroupBy)), None)
    rows, counted = query.source, catalog.get(query.source)
    if at is None or query.defs or counted is None or counted.entity_key is None or at > 1:
        return None
    group, joined = query.steps[at], query.steps[:at]
    if any(not isinstance(agg.expr, ir.Agg) or agg.expr.fn != "len" for agg in group.agg) \
            or any(not isinstance(key, str) for key in group.by) \
            or joined and (not isinstance(joined[0], ir.Join) or joined[0].right not in catalog):
        return None
    was = _frame_names(ir.Query(source=rows, steps=joined), catalog)
    for table in [joined[0].right] if joined else catalog:
        try:
            route = join_path(catalog, [rows, table]) if table != rows else None
        except NlqError:
            continue
        if route is None or len(route) != 1 or was.get((rows, route[0].left_on[0])) != group.by[0]:
            continue
        join = ir.Join(right=rows, how="left", left_on=[route[0].right_on[0]], right_on=[route[0].left_on[0]])
        now = _frame_names(ir.Query(source=table, steps=[join]), catalog)
        # Each key under its name in the new frame: the rows' pointer is the entity's key now.
        keys = [next((now[ref] for ref, name in was.items() if name == key and ref in now), None) for key in group.by]
        if None in keys:
            return None
        agg = [agg.model_copy(update={"expr": ir.Agg(fn="count", operand=ir.Col(name=now[rows, counted.entity_key]))})
               for agg in group.agg]
        return _resolving(query.model_copy(update={"source": table, "steps": [
            join, ir.GroupBy(by=keys, agg=agg), *query.steps[at + 1:]]}), catalog)
    return None


def _whole_table(question: str, source: str) -> bool:
    """"List all products", "Show every customer": words that name the table and nothing else."""
    words = [w.lower for w in W.words(question) if w.lower not in W.STOPWORDS and w.lower not in L.WHOLE_TABLE_WORDS]
    return bool(words) and all(_names_table((word,), source) for word in words)


def _sorted_only(link: Link, intent: Intent, query: ir.Query, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Employees sorted by salary", "List employees ordered by hire date": every row, in the
    order of the column after "by"."""
    if not intent.ordered or intent.listed or intent.groups or intent.aggregates or intent.limit or intent.single \
            or link.values or link.literals:
        return None
    order = _order_column(link, intent, [], [query.source], catalog, _own_frame(query.source, catalog))
    if order is None:
        return None
    return query.model_copy(update={"steps": [ir.Sort(by=[ir.SortKey(column=order, descending=bool(intent.descending))])]})


def _window(intent: Intent) -> Window | None:
    return intent.window_kind if intent.window_kind and intent.window_kind.kind != "rank" else None


# "numbered 1, 2, 3, ...": the numbers a window gives its rows, shown by example.
_COUNTING_UP = re.compile(r"\b1\s*,\s*2\s*,\s*3\b(?:\s*,?\s*(?:\.\.\.|…|etc\b\.?))?")


def _built(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    if intent.window:  # "1 being the busiest", "largest first (1 = largest)" is no filter
        starts = rank_starts(link.question)
        link = replace(link, literals=tuple(lit for lit in link.literals
                                            if not any(s <= lit.span[0] < e for s, e in starts)))
    if intent.window:
        runs = [m.span() for m in _COUNTING_UP.finditer(link.question)]
        link = replace(link, literals=tuple(lit for lit in link.literals
                                            if not any(s <= lit.span[0] < e for s, e in runs)))
    link = replace(link, values=tuple(v for v in link.values if not _in_column_name(v, link.question, catalog)))
    try:
        if (window := _window(intent)) is not None:
            return _numbered_top(link, intent, window, catalog) or _windowed(link, intent, window, catalog)
        if intent.window and intent.aggregates:
            return _ranked_aggregate(link, intent, catalog)
        if intent.window:
            return _ranked(link, intent, catalog)
        if intent.over_groups:
            return None  # the groups' own aggregate is read apart first (draft_read)
        return (_role_lookup(link, intent, catalog)
                or _versus_entity(link, intent, catalog) or _versus_average(link, intent, catalog)
                or _membership(link, intent, catalog) or _column_membership(link, intent, catalog)
                or _counted(link, intent, catalog) or _aggregate_kept(link, intent, catalog)
                or _most_counted(link, intent, catalog)
                or _most_common(link, intent, catalog) or _busiest(link, intent, catalog)
                or _extreme(link, intent, catalog)
                or _top_per_group(link, intent, catalog) or _top_entities(link, intent, catalog)
                or _kept_by_facts(link, intent, catalog) or _labelled_groups(link, intent, catalog)
                or _plain(link, intent, catalog))
    except NlqError:
        return None


_NUMBERED_FROM = re.compile(r"\s+(?:from\s+)?\d+\s+(?:to|through|-)\s+\d+\b", re.IGNORECASE)


def _numbered_top(link: Link, intent: Intent, window: Window, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"The 10 most recent invoices numbered 1 to 10, newest first: position, invoice id, ...":
    the top rows as drafted without the numbering, then numbered in their order, 1 first, the
    number named by the one listed item that names no column."""
    if window.kind != "number" or intent.limit is None or intent.groups or intent.aggregates:
        return None
    unnamed = [item for item in intent.listed if item.column is None and not item.fn]
    if len(unnamed) != 1:
        return None
    # "numbered 1 to 10": the numbers say the limit again, no rows kept.
    said = _NUMBERED_FROM.match(link.question, window.span[1])
    literals = tuple(lit for lit in link.literals if not (said and said.start() <= lit.span[0] < said.end()))
    plain = intent.model_copy(update={"window": False, "window_kind": None,
                                      "listed": tuple(item for item in intent.listed if item is not unnamed[0])})
    query = _plain(replace(link, literals=literals), plain, catalog)
    if query is None or not query.steps or not isinstance(query.steps[-1], ir.Select) \
            or not any(isinstance(step, ir.Head) for step in query.steps):
        return None
    columns = list(query.steps[-1].columns)
    columns.insert(intent.listed.index(unnamed[0]), ir.Named(name=W.column_name(list(unnamed[0].words)),
                                                              expr=ir.RowNumber()))
    return _resolving(query.model_copy(update={"steps": [*query.steps[:-1], ir.Select(columns=columns)]}), catalog)


def _over_groups(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"The average number of orders per customer", "Total amount per customer, then the
    average and the highest of those totals": the first step (`link`, read alone) gives each
    group's aggregate, then each aggregate of the second step is taken over it, named by it
    ("avg_order_count", "max_total_amount")."""
    query = _built(link, link.intent, catalog) if not link.intent.over_groups else None
    group_by = query.steps[-1] if query is not None and query.steps else None
    if not isinstance(group_by, ir.GroupBy) or len(group_by.agg) != 1:
        return None
    each = group_by.agg[0].name
    over = [ir.Named(name=f"{_PREFIX[fn]}_{each}", expr=ir.Agg(fn=fn, operand=ir.Col(name=each)))
            for fn in dict.fromkeys(intent.over_groups)]
    if intent.over_counted:  # "..., and how many customers there are"
        over.append(ir.Named(name=f"{intent.over_counted}_count", expr=ir.Agg(fn="len")))
    return _resolving(query.model_copy(update={"steps": [*query.steps, ir.Select(columns=over)]}), catalog)


def _derived(link: Link, catalog: Mapping[str, TableInfo]) -> tuple[ir.Query, Link] | None:
    """"Net sales for each basket. Net sales = price * units * (1 - rebate).", "cost per
    kg", "full name": the computed columns the words define (nlq.derive), each read as a column
    of its table: the question with their definitions replaced by their names is drafted over
    the tables extended by them, and the columns are computed once the tables are joined."""
    intent = link.intent
    assert intent is not None
    tables = list(dict.fromkeys([*link.tables, *catalog]))

    def find(words: tuple[str, ...]) -> tuple[str, str] | None:
        ref = _find(words, tables, catalog)
        return (ref.table, ref.column) if ref is not None else None

    rows = intent.answer == "rows" and not intent.groups and any(item.column for item in intent.listed)
    found = derivations(link.question, tables, catalog, find, rows)
    virtual = extended(catalog, found) if found else None
    if found is None or virtual is None:
        return None
    reread = link_question(rewritten(link.question, found), virtual)
    # ("the difference between value and the order's average value" is a window's words, no computation)
    if reread.intent is None or reread.intent.derived and not _window(reread.intent) or not reread.tables:
        return None  # words of another computation are left: the model fills
    if renamed := _listed_names(reread.intent, found, virtual):
        # "Album titles in upper case ...: album id, upper title, title length": the list said
        # after the definition names the column its words name.
        found = [replace(d, name=renamed.get(d.name, d.name), text=renamed.get(d.name, d.text)) for d in found]
        virtual = extended(catalog, found)
        if virtual is None:
            return None
        reread = link_question(rewritten(link.question, found), virtual)
        if reread.intent is None or reread.intent.derived or not reread.tables:
            return None
    # The rows a computed column is of are the answer's, before a table the rest of the words name.
    reread = replace(reread, tables=tuple(dict.fromkeys([*(d.table for d in found), *reread.tables])))
    # "For each line, compute the line value (quantity * unit_price)", "for each order item, ...":
    # a group that names the computed table's own rows (and no column of it) keeps every row.
    if any("agg" in ir.node_kinds(d.expr) for d in found):
        # "the z-score for every line's price within its basket: (price - mean) / std": a
        # formula's aggregates are over the group the words name, on every row; no group is made.
        table = next(d.table for d in found if "agg" in ir.node_kinds(d.expr))
        # ("For each flight, ... within its airline": a group of the rows themselves is none.)
        grouping = intent.model_copy(update={"groups": tuple(g for g in intent.groups
                                                             if not _names_own_rows(g.words, table))})
        owner = _OWNER_AGGREGATE.search(link.question)
        key = _partition_key((owner.group(1).lower(),), table, catalog) if owner else None
        # "from its category average" names the group; else the words' group ("within its airline")
        within = (key,) if key else _partition(link, grouping, table, catalog) \
            or tuple(_within(link.question, table, catalog))
        # Each aggregate is over the rows of its group (all rows where none is named).
        found = [replace(d, expr=_replaced(d.expr, lambda node: ir.Over(operand=node, partition_by=list(within))
                                           if isinstance(node, ir.Agg) and within else None)) for d in found]
        reread = replace(reread, intent=reread.intent.model_copy(update={"groups": ()}))
    # (A column the intent gives such a group is the table's key: one group per row.)
    own_rows = [g for g in reread.intent.groups if g.expr is None and any(
        _names_own_rows(g.words, d.table) and g.column in (None, catalog[d.table].entity_key) for d in found)]
    if own_rows:
        reread = replace(reread, intent=reread.intent.model_copy(update={
            "groups": tuple(g for g in reread.intent.groups if g not in own_rows)}))
    query = _built(reread, reread.intent, virtual)
    if query is None:
        return None
    steps = list(query.steps)
    at = next((k for k, step in enumerate(steps) if not isinstance(step, ir.Join)), len(steps))
    try:
        frame = _frame_names(ir.Query(defs=query.defs, source=query.source, steps=steps[:at]), catalog)
    except NlqError:
        return None
    # A column a join renamed (`unit_price_right`) is not the one the formula names.
    if any(frame.get((d.table, c)) != c for d in found for c in d.columns):
        return None
    # "Full names of ...: full name and hire date": a column said twice is computed once.
    computed = {d.name: d.expr for d in found}
    for d in found:
        # "the running total of (quantity * unit_price)": a formula no words name, read inside
        # a window's expression only, is written there, no column of the answer.
        inlined = _replaced(steps[at:], lambda node, d=d: d.expr if isinstance(node, ir.Col) and node.name == d.name
                            else None)
        if d.name == spoken(d.expr) and not _WINDOW_NODE_KINDS.isdisjoint(ir.node_kinds(steps[at:])) \
                and not _reads(inlined, d.name):
            steps[at:] = inlined
            computed.pop(d.name, None)
        elif d.name in computed and all(isinstance(step, (ir.Filter, ir.Head)) for step in steps[at:]) \
                and _reads(steps[at:], d.name):
            # "Shipments delivered more than 5 days after they shipped": whole rows kept by a
            # computed quantity; the filter computes it, the rows stay as they are.
            steps[at:] = inlined
            computed.pop(d.name)
    for d in found:
        if d.name in computed and not _reads(steps[at:], d.name) and _holds(steps[at:], d.expr):
            computed.pop(d.name)  # "by weekday of the visit": the reread plan computes it as its group
    if computed:
        steps.insert(at, ir.WithColumns(columns=[ir.Named(name=name, expr=expr) for name, expr in computed.items()]))
    after = at + 1 if computed else at
    if (shown := _computed_shown(link.question, found, steps[after:], reread.intent, catalog)) is not None:
        steps.append(ir.Select(columns=shown))
    query = query.model_copy(update={"steps": steps})
    try:
        output = resolve(query, catalog).schema
    except NlqError:
        return None
    # A computed column nothing reads and the answer does not show: the words were read another way.
    return (query, reread) if all(_reads(steps[after:], d.name) or d.name in output or d.name not in computed
                                  for d in found) else None


# "its category average", "their department's mean": the group an aggregate is of.
_OWNER_AGGREGATE = re.compile(rf"\b(?:its|their)\s+([A-Za-z_]+?)(?:'s)?\s+(?:{W.alternatives(tuple(L.ROW_AGGREGATE_WORDS))})\b",
                              re.IGNORECASE)


def _names_own_rows(words: tuple[str, ...], table: str) -> bool:
    """The words name the table's rows: its noun ("order item" of `order_items`), or a word
    for a row after words of its name ("line", "invoice line")."""
    if not words:
        return False
    parts = {W.stem(p) for p in W.split_identifier(table)}
    # ("line item" spells `lineitem`)
    return _names_table(words, table) or _names_table(("".join(words),), table) or W.singular(words[-1]) in L.ROW_NOUNS \
        and all(W.stem(w) in parts for w in words[:-1])


def _replaced(value: object, swap: Callable[[ir.Node], ir.Node | None]) -> object:
    """`value` with each node that `swap` gives a replacement for replaced (not looked inside)."""
    if isinstance(value, ir.Node) and (new := swap(value)) is not None:
        return new
    if isinstance(value, list):
        return [_replaced(item, swap) for item in value]
    if isinstance(value, ir.Node):
        return value.model_copy(update={field: _replaced(getattr(value, field), swap) for field in type(value).model_fields})
    return value


# Expressions of a window's (over rows, not one row's).
_WINDOW_NODE_KINDS = frozenset({"over", "share", "rank", "cum_agg", "shift", "rolling"})


def _listed_names(intent: Intent, found: list[Derived], catalog: Mapping[str, TableInfo]) -> dict[str, str]:
    """Each computed column a listed item names by other words than its own name ("upper
    title" for `album_titles_in_upper_case`, "days to ship" for `delivery_time_in_days`), with
    the name those words give it."""
    names = {d.name for d in found}
    tables = list(dict.fromkeys(d.table for d in found))
    out = {}
    for item in intent.listed:
        said = W.snake_case([w.lower for w in W.words(item.text) if w.lower not in _ARTICLE_WORDS])
        # "...: company name and contact": words that name one computed column alone name it, where
        # the real column they name too (`contact_name`) is the one it is computed from.
        derived = [d.name for d in found if rank_column(item.words, d.name, d.table) is not None]
        column = item.column or getattr(_find(item.words, tables, catalog), "column", None) \
            or (derived[0] if len(derived) == 1 else None)
        if column in names and not item.fn and not item.name and column not in item.text \
                and said and said not in names and said not in out.values():
            out[column] = said
    return out


_FOR_EACH = re.compile(r"\b(?:for\s+)?(?:each|every)\s+[A-Za-z_]", re.IGNORECASE)
_ARTICLE_WORDS = frozenset({"the", "a", "an", "its", "their", "each", "every"})


# The words before a computed column the answer shows it beside: "Book titles with", "Show each".
_SHOWN_BEFORE = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?P<x>.*?)"
                           rf"(?:\s*,?\s+(?:{W.alternatives((*L.LIST_OPENERS_AFTER_COMMA, *L.ITEM_SEPARATORS))}))?\s*$",
                           re.IGNORECASE | re.DOTALL)


_WITH_AFTER = re.compile(r"\s*,?\s*(?:together\s+)?with\s+(?:the|its|their|each)\s+(?P<x>[^,;:.!?()]+?)\s*[.!?]?\s*$",
                         re.IGNORECASE)
# Words between rows' noun and a column that make the column a thing of its own, said apart.
_NAMED_APART = re.compile(rf",|\b(?:with|{W.alternatives(L.ITEM_SEPARATORS)})\b", re.IGNORECASE)


def _computed_shown(question: str, found: list[Derived], after: list[ir.Step], intent: Intent,
                catalog: Mapping[str, TableInfo]) -> list[str] | None:
    """"Book titles with the length of the title", "Airline name in upper case (as airline)":
    where the computed columns are what is asked (no list, no group, nothing reads them after),
    the answer is them, after the columns the words before them name; None where the plan
    shapes its answer already or the words before name something else ("Products with unit
    price times units in stock": every product's row, with it)."""
    if intent.listed or any(not isinstance(step, (ir.Filter, ir.Sort, ir.Head)) for step in after) \
            or any(_reads(after, d.name) for d in found) or len({d.table for d in found}) != 1:
        return None
    said_at = min(d.span[0] for d in found)
    before = _SHOWN_BEFORE.match(question[:said_at]).group("x")  # matches any text
    words = [said for part in _FLAG_ITEMS.split(before) if (said := item_words(part)) and not set(said) <= W.STOPWORDS]
    if len(words) == 1 and _names_table(words[0], found[0].table) and not after \
            and not _NAMED_APART.search(question[:said_at]):
        words = []  # "Guest last names in uppercase": the rows' noun says whose the column is
    refs = [_find(said, [found[0].table], catalog) for said in words]
    if None in refs or any(_names_table(said, table) for said in words for table in catalog):
        return None
    with_after = _WITH_AFTER.match(question, max(d.span[1] for d in found))
    if not refs and _FOR_EACH.search(before) and with_after is None:
        return None  # "For each flight, the z-score of ...": each row, with it, as a window's column is
    # "Revenue of each sale (units times price), with the sale id": the columns said after it lead
    if with_after is not None:
        parts = [said for part in _FLAG_ITEMS.split(with_after.group("x")) if (said := item_words(part))]
        after_refs = [_find(said, [found[0].table], catalog) for said in parts]
        if not parts or None in after_refs:
            return None
        refs = [*after_refs, *refs]
    # (where no column is listed)
    return [*dict.fromkeys([*(ref.column for ref in refs if ref), *(d.name for d in found)])]


_AGGREGATE_SAID = (rf"(?:{W.alternatives(L.QUOTIENT_AGGREGATES)})\s+(?:the\s+)?[A-Za-z_'$()#%]+"
                   r"(?:\s+(?!(?:to|and|per|for|by|as)\b)[A-Za-z_'$()#%]+){0,4}")
_QUOTIENT = re.compile(rf"\b(?:the\s+)?(?:ratio\s+of\s+(?:the\s+)?(?P<a>{_AGGREGATE_SAID})\s+to"
                       rf"|(?P<x>{_AGGREGATE_SAID})\s+(?:{W.alternatives(L.QUOTIENT_WORDS)}))"
                       rf"\s+(?:the\s+)?(?P<b>{_AGGREGATE_SAID})(?=[\s.,;:!?]|$)", re.IGNORECASE)


_DEFINED_BEFORE = re.compile(r"(?:\b(?:the|its|their|a|an)\s+|(?:'s|s')\s+)(?P<name>(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)"
                             rf"\s*,?\s+(?:{W.alternatives(L.DEFINING_VERBS)})\s*$", re.IGNORECASE)
# "the difference between the highest and the lowest fee": an aggregate (maybe bare, its
# measure said after) minus another.
_EXTREMES = W.alternatives((*L.QUOTIENT_AGGREGATES, "highest", "lowest", "largest", "smallest"))
_EXTREME_SAID = (rf"(?:{_EXTREMES})"
                 r"(?:\s+(?:the\s+)?(?!(?:and|to)\b)[A-Za-z_'$()#%]+(?:\s+(?!(?:to|and|per|for|by|as)\b)[A-Za-z_'$()#%]+){0,4})?")
_DIFFERENCE = re.compile(rf"\b(?:the\s+)?difference\s+between\s+(?:the\s+)?(?P<a>{_EXTREME_SAID})\s+and\s+(?:the\s+)?"
                         rf"(?P<b>{_EXTREME_SAID})(?=[\s.,;:!?]|$)", re.IGNORECASE)
_REVENUE = re.compile(rf"\b(?:{W.alternatives(L.REVENUE_WORDS)})\b", re.IGNORECASE)
_DEFINED = re.compile(r"\b(?:is|are|=|means|being|defined\s+as|computed\s+as|calculated\s+as)\b|\(|\btimes\b", re.IGNORECASE)


def _implied_revenue(link: Link, catalog: Mapping[str, TableInfo]) -> tuple[ir.Query, Link] | None:
    """"Revenue per part type" over line items with a price and a discount and no revenue column:
    the question again with the revenue defined as the price times one minus the discount."""
    found = _REVENUE.search(link.question)
    if found is None or _DEFINED.search(link.question, found.end()) \
            or any(set(W.split_identifier(c)) & {"revenue", "revenues"} for t in catalog for c in catalog[t].columns):
        return None
    for table in link.tables:
        numeric = [c for c, info in catalog[table].columns.items() if info.dtype in _NUMERIC and not W.key_like(c)]
        prices = [c for c in numeric if any("price" in p for p in W.split_identifier(c))]
        discounts = [c for c in numeric if any(p in ("discount", "disc") or p.endswith("discount") for p in W.split_identifier(c))]
        quantities = [c for c in numeric if set(W.split_identifier(c)) & {"quantity", "qty"}]
        if len(prices) != 1 or len(discounts) != 1:
            continue
        unit = "unit" in W.split_identifier(prices[0]) and len(quantities) == 1
        formula = f"{prices[0]} times {quantities[0]} times one minus {discounts[0]}" if unit \
            else f"{prices[0]} times one minus {discounts[0]}"
        question = f"{link.question.rstrip(' .?!')}, where revenue is {formula}."
        return draft_read(link_question(question, catalog), catalog)
    return None


_SELLING = re.compile(rf"\b(?P<adj>{W.alternatives(tuple(L.SELLING_WORDS))})\s+(?P<x>(?:[A-Za-z_]+\s+)?[A-Za-z_]+?)"
                      r"(?:\s+by\s+(?P<m>(?:[A-Za-z_]+\s+)?[A-Za-z_]+))?(?=\s*(?:[.,;:?!]|$|\s+(?:in|of|for|during)\b))",
                      re.IGNORECASE)


def _sold_most(link: Link, said: re.Match[str], catalog: Mapping[str, TableInfo]) -> tuple[ir.Query, Link] | None:
    """"The best-selling product by revenue", "the 3 best-selling products": the question again as
    the values with the highest total of the measure said (else of the quantity sold)."""
    measure = said.group("m")
    if measure is None:
        sold = [c for t in link.tables for c, info in catalog[t].columns.items() if info.dtype in _NUMERIC
                and set(W.split_identifier(c)) & L.SOLD_QUANTITY_WORDS]
        if len(sold) != 1:
            return None
        measure = " ".join(W.split_identifier(sold[0]))
    most = "highest" if L.SELLING_WORDS[" ".join(said.group("adj").lower().split())] else "lowest"
    question = f"{link.question[:said.start()]}{said.group('x')} with the {most} total {measure}{link.question[said.end():]}"
    return draft_read(link_question(question, catalog), catalog)


# "Which region had the highest revenue in 2023?": a value of a column the rows share, by the
# total of a measure over its rows.
_WHICH_MOST = re.compile(r"^\s*(?:which|what)\s+(?P<x>(?:[A-Za-z_]+\s+)?[A-Za-z_]+?)\s+"
                         rf"(?:{W.alternatives(L.EARNING_VERBS)})\s+"
                         rf"the\s+(?P<adj>{W.alternatives(tuple(L.HIGH_WORDS | L.LOW_WORDS))})\s+(?P<m>[A-Za-z_]+(?:\s+[A-Za-z_]+)?)\b",
                         re.IGNORECASE)


def _total_of_value(link: Link, which: re.Match[str], catalog: Mapping[str, TableInfo]) -> tuple[ir.Query, Link] | None:
    """The question again with "sum of" before the measure, where the words before the verb name a
    text column of values the rows share (no table's own noun) and those after the superlative a
    measure whose rows add up."""
    tables = list(link.tables)
    said = item_words(which.group("x"))
    value = _find(said, tables, catalog) if said and not any(_names_table(said[-1:], t) for t in catalog) else None
    measure = _find(item_words(which.group("m")), tables, catalog)
    measured = set(item_words(which.group("m")))
    # ("the highest total fare" of `total_fare`: the column's own word is no aggregate, and says it adds up)
    own = measured & L.AGGREGATE_WORDS.keys() & set(W.split_identifier(measure.column)) if measure is not None else set()
    if value is None or measure is None or catalog[value.table].columns[value.column].dtype != "str" \
            or catalog[value.table].columns[value.column].values is None or not _measure(measure, catalog) \
            or measured & L.AGGREGATE_WORDS.keys() - own \
            or not own and not {W.split_identifier(p)[-1] for p in measured} & L.SUMMED_MEASURES:
        return None
    question = f"{link.question[:which.start('m')]}sum of {link.question[which.start('m'):]}"
    return draft_read(link_question(question, catalog), catalog)


_ROWS_PER = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?:the\s+)?(?P<noun>[A-Za-z]+)\s+"
                       rf"(?:{W.alternatives(L.GROUP_OPENERS)}|by)\s", re.IGNORECASE)
_LAST_NAME = re.compile(rf"(?:{NAME_AFTER.pattern})(?=\s*[.?!]?\s*$)", re.IGNORECASE)


def _aggregate_quotient(link: Link, said: re.Match[str], catalog: Mapping[str, TableInfo]
                        ) -> tuple[ir.Query, Link] | None:
    """"For each airline, total fare divided by total distance", "the ratio of total fees to
    the number of courses per subject": the two aggregates drafted as a list ("total fare and
    total distance"), then the first divided by the second, named as the question names it,
    else `<a>_per_<b>` (`<a>_to_<b>_ratio` for a ratio), a and b the measures' words."""
    a, b = said.group("a") or said.group("x"), said.group("b")
    op = "-" if said.re is _DIFFERENCE else "/"
    written = NAME_AFTER.match(link.question, said.end())
    end = written.end() if written else said.end()
    # "each driver's fare-to-distance ratio, i.e. total fare divided by total distance": the
    # words the formula defines name it, and the formula stands where they stood.
    defined = _DEFINED_BEFORE.search(link.question, 0, said.start()) if not written else None
    start = defined.start("name") if defined else said.start()
    question = f"{link.question[:start]}{a} and {b}{link.question[end:]}"
    if not written and (written := _LAST_NAME.search(link.question, said.end())):
        # "Ratio of total freight to the number of orders per status (freight_per_order).": the
        # name closes the question, after the group.
        question = f"{link.question[:said.start()]}{a} and {b}{link.question[said.end():written.start()]}"
    drafted = draft_read(link_question(question, catalog), catalog)
    if drafted is None:
        return None
    query, read = drafted
    step = query.steps[-1] if query.steps else None
    outputs = step.agg if isinstance(step, ir.GroupBy) else step.columns if isinstance(step, ir.Select) else []
    if len(outputs) < 2 or not all(isinstance(o, ir.Named) for o in outputs[-2:]):
        return None
    top, bottom = outputs[-2:]
    x, y = (_measure_words(w) for w in (a, b))
    if "_of_" in f"{x}_{y}":
        # "the average cost of express shipments": the rows' words are in the drafted names
        x, y = (named.name.split("_", 1)[-1] for named in (top, bottom))
    if written:
        name = written.group("p") or written.group("a")
    elif defined:
        name = W.snake_case([w.lower() for w in re.split(r"[\s-]+", defined.group("name"))])
    elif op == "-":  # "the difference between the highest and the lowest fee" -> fee_diff
        name = f"{y}_diff" if not x or x == y else f"{x}_minus_{y}"
    elif x and y:  # "total fees divided by the number of courses" -> fees_per_course
        *head, last = y.split("_")
        name = f"{x}_to_{y}_ratio" if said.group("a") else f"{x}_per_{W.snake_case([*head, W.singular(last)])}"
    else:
        return None
    quotient = ir.Named(name=name, expr=ir.Binary(op=op, left=top.expr, right=bottom.expr))
    kept = [*outputs[:-2], quotient]
    step = step.model_copy(update={"agg": kept} if isinstance(step, ir.GroupBy) else {"columns": kept})
    return query.model_copy(update={"steps": [*query.steps[:-1], step]}), read


# "Loan id and whether the loan was returned late": the last item of a list, a clause to the
# end of its sentence (or the name given it).
_FLAG_ASKED = re.compile(rf"(?:,?\s+and)?\s+(?:{W.alternatives(L.FLAG_WORDS)})\s+(?P<clause>[^,;:.!?()]+?)"
                         r"(?=\s*(?:\(|,?\s+(?:as|called|named)\s)|\s*[.!?]?\s*$)", re.IGNORECASE)


def _flag_asked(link: Link, said: re.Match[str], catalog: Mapping[str, TableInfo]) -> tuple[ir.Query, Link] | None:
    """"Loan id and whether the loan was returned late", "Visit id, fee and whether the fee is
    above 100 (as pricey)": the columns listed before it, then the filter the clause says read
    as a true/false column, named as the question names it, else by the clause's words less its
    subject and small verbs (`returned_late`)."""
    question = link.question
    written = NAME_AFTER.match(question, said.end())
    end = written.end() if written else said.end()
    filtered = draft_read(link_question(f"{question[:said.start()]} {said.group('clause')}{question[end:]}", catalog),
                          catalog)
    if filtered is None:
        return None
    query = filtered[0]
    filters = [k for k, step in enumerate(query.steps) if isinstance(step, ir.Filter)]
    if len(filters) != 1 or any(isinstance(step, (ir.Join, ir.GroupBy)) for step in query.steps):
        return None
    listed = [_find(words, [query.source], catalog) if words else None
              for words in map(item_words, _FLAG_ITEMS.split(question[:said.start()]))]
    if any(ref is None for ref in listed):
        return None
    name = (written.group("p") or written.group("a")) if written else W.snake_case(
        [w.lower for w in W.words(said.group("clause"))
         if w.lower not in L.FLAG_AUXILIARIES and W.stem(w.lower) not in table_nouns((query.source,))])
    if not name:
        return None
    predicate = query.steps[filters[0]].predicate
    steps = [step for step in query.steps if not isinstance(step, ir.Select)]
    if isinstance(predicate, ir.Col) and not written:  # "whether the account is closed": `IS_CLOSED` as it is
        name = predicate.name
        del steps[filters[0]]
    else:
        steps[filters[0]] = ir.WithColumns(columns=[ir.Named(name=name, expr=predicate)])
    steps.append(ir.Select(columns=[*(ref.column for ref in listed if ref), name]))
    return query.model_copy(update={"steps": steps}), link


# The items of the list a flag closes: "Visit id, fee".
_FLAG_ITEMS = re.compile(rf",|\b(?:{W.alternatives(L.ITEM_SEPARATORS)})\b", re.IGNORECASE)


def _measure_words(said: str) -> str:
    """An aggregate's words for its measure, in snake_case ("the number of courses" -> courses)."""
    words = re.sub(rf"^(?:{_EXTREMES})\b\s*", "", said.strip(), flags=re.IGNORECASE)
    return W.snake_case([w.lower for w in W.words(words) if w.lower not in ("the", "a", "an")])


def _holds(value: object, node: ir.Node) -> bool:
    """Some step computes `node` itself."""
    if value == node:
        return True
    if isinstance(value, list):
        return any(_holds(item, node) for item in value)
    if isinstance(value, ir.Node):
        return any(_holds(getattr(value, field), node) for field in type(value).model_fields)
    return False


def _reads(value: object, name: str) -> bool:
    """Some step reads the column `name` (a name a step gives is no reading)."""
    if isinstance(value, str):
        return value == name
    if isinstance(value, list):
        return any(_reads(item, name) for item in value)
    if isinstance(value, ir.Node):
        return any(_reads(getattr(value, field), name) for field in type(value).model_fields
                   if not (isinstance(value, ir.Named) and field == "name"))
    return False


# ---------------------------------------------------------------------------------------
# Columns named by words, in any table of the request


def _find(words: tuple[str, ...], tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The one column the words name most closely, in the earliest table that has it; else
    the one a shorter run of the words names ("origin airport" -> origin, "join date" ->
    joined_on) when every run of that length agrees."""
    found = _find_said(words, tables, catalog)
    return found[0] if found is not None else None


def _find_said(words: tuple[str, ...], tables: list[str],
               catalog: Mapping[str, TableInfo]) -> tuple[_Ref, tuple[str, ...]] | None:
    """`_find`'s column and the run of the words that names it: a window is named by the
    question's words for its measure ("by replacement cost within its genre" ->
    replacement_cost)."""
    if not words:
        return None
    found = _named(words, tables, catalog)
    if found is not None:
        return (found, words) if found else None
    for size in range(len(words) - 1, 0, -1):
        # A run that names a column by its own words outweighs one that names a key through a
        # synonym ("membership type" is `membership`, not the genre key "type" may stand for).
        for keys in (False, True):
            named = [(ref, _names_table(run, ref.table) or set(run) <= set(W.split_identifier(ref.table)), run)
                     for start in range(len(words) - size + 1)
                     if (ref := _named(run := words[start:start + size], tables, catalog, keys))]
            # "amount invoiced": a word that only names a table ("invoiced") says whose column, not
            # which; so does a word of its name ("churn reason" of churn_events is `reason`).
            runs = [(ref, run) for ref, table_noun, run in named if not table_noun] or [(ref, run) for ref, _, run in named]
            # "churn reason" of churn_events is `reason`: the other words name its table, not
            # another table's `churned`.
            owned = [(ref, run) for ref, run in runs if {W.stem(w) for w in words} - {W.stem(w) for w in run}
                     <= {W.stem(p) for p in W.split_identifier(ref.table)}]
            runs = owned if len({ref for ref, _ in owned}) == 1 else runs
            if runs:
                return runs[0] if len({ref for ref, _ in runs}) == 1 else None
    return None


def _named(words: tuple[str, ...], tables: list[str], catalog: Mapping[str, TableInfo],
           keys: bool = True) -> _Ref | bool | None:
    """The column the words name (or, with `keys`, the entity key they name); False when they
    name two columns of one table alike, None when they name none."""
    ranked = [(rank, i, _Ref(table, column)) for i, table in enumerate(tables)
              for column in catalog[table].columns
              if (rank := rank_column(words, column, table)) is not None]
    if not ranked:
        # "the previous alert time": a row's noun and a word for a time name the row's date.
        dated = row_date(words[:1], tuple(tables), catalog) if len(words) == 2 and words[1] in L.TIME_ORDER_WORDS else None
        return _Ref(*dated) if dated else _entity_key(words, tables, catalog) if keys else None
    best = min(rank for rank, _, _ in ranked)
    found = sorted(((i, ref) for rank, i, ref in ranked if rank == best), key=lambda pair: pair[0])
    if len({ref.table for _, ref in found}) == 1 and len(found) > 1:
        return False  # two columns of one table: the words do not say which
    return found[0][1]


def _entity_key(words: tuple[str, ...], tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """"each flight", "depot": the key of the table the noun names, or a key column named by
    the noun and a key word ("depot" -> DepotID)."""
    for table in tables:
        if _names_table(words, table) and (key := catalog[table].entity_key):
            return _Ref(table, key)
    for suffix in L.KEY_SUFFIXES:
        for table in tables:
            for column in catalog[table].columns:
                if rank_column((*words, suffix), column, table) in (1, 2, 3):
                    return _Ref(table, column)
    return None


def _names_table(words: tuple[str, ...], table: str) -> bool:
    parts = W.split_identifier(table)
    return bool(parts) and bool(words) and tuple(map(W.stem, words)) in (tuple(map(W.stem, parts[-len(words):])),
                                                          (W.stem(parts[-1]),) * (len(words) == 1))


def _naming_first(words: tuple[str, ...], tables: list[str]) -> list[str]:
    """The tables, the one the words' first noun names first ("the loan id" is the loans' id)."""
    return sorted(dict.fromkeys(tables), key=lambda table: not _names_table(words[:1], table))


def _table_named(text: str, tables: list[str]) -> str | None:
    """The first table a noun of `text` names ("a visit" -> visits; "enrolled" -> enrollments:
    a verb shares the noun's start)."""
    words = W.words(text)
    for k, word in enumerate(words):
        # "line items" name `lineitem`, written as one word
        said = [word.lower, *([word.lower + words[k + 1].lower] if k + 1 < len(words) else [])]
        named = [table for table in tables if (noun := W.split_identifier(table)[-1:])
                 and any(_same_root(form, noun[0]) for form in said)]
        if named:
            # "actors" are the actors' own table, not the table that links films to actors: the
            # name with the fewest words besides the noun.
            return min(named, key=lambda table: len(W.split_identifier(table)))
    return None


def _same_root(word: str, noun: str) -> bool:
    if W.stem(word) == W.stem(noun) or W.singular(word) == W.singular(noun) \
            or L.ROW_NOUN_ALIASES.get(W.singular(word)) == W.singular(noun):  # "lines" of order_items
        return True
    if len(W.stem(word)) >= 4 and noun.startswith(W.stem(word)):
        return True  # "shipped" -> shipments
    shared = len(os.path.commonprefix([word, noun]))
    return shared >= 6 or (shared >= 5 and shared >= min(len(word), len(noun)) - 3)


# ---------------------------------------------------------------------------------------
# Rows of one table matched (or not) in another


_MEMBERSHIP = re.compile(rf"\b(?P<anti>{W.alternatives(L.ANTI_WORDS)})\b|\b(?P<semi>{W.alternatives(L.SEMI_WORDS)})\b"
                         # "Films that are not in the inventory": a table's noun after "not in"
                         r"|\b(?P<not_in>not\s+(?:in|on|part\s+of)\s+(?:the|any)\s+)", re.IGNORECASE)


def _membership(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Airports with no departing flights", "customers with at least one unpaid invoice": the
    subject's rows, kept by whether the other table (filtered by the values named after the
    phrase) has a row for them."""
    counted = intent.answer == "scalar" and intent.aggregates == ("len",)
    if intent.groups or intent.aggregates and not counted or intent.answer == "scalar" and not counted \
            or len(catalog) < 2:
        return None
    question = link.question
    for found in _MEMBERSHIP.finditer(question):
        tables = list(catalog)
        subject = _table_named(question[:found.start()], tables)
        how = "anti" if found.group("anti") or found.group("not_in") or _negated(question[:found.start()]) else "semi"
        following = W.words(question[found.end():])[:1]
        if subject is None or (following and following[0].lower in L.NOT_ABSENCE):
            continue  # "no more than 3": a comparison
        rest = [t for t in tables if t != subject]
        other = _table_named(question[found.end():found.end() + 60], rest)
        if found.group("not_in") and (other is None or not _table_named(W.words(question[found.end():])[0].text, rest)):
            continue  # "not in the Paris office" keeps rows by a value; only a table's noun right after is membership
        # "no active devices": the "no" is the anti join's; the flag after it is not negated.
        # "shipped to Germany at least once": an adverb of occurrences ends what the rows did, the
        # words on either side say which of the other rows count.
        once = found.group().lower().endswith("once")
        values = [replace(v, value=True) if how == "anti" and v.how == "boolean" and v.value is False
                  and 0 <= v.span[0] - found.end() <= 1 and W.stem(v.text.lower()) in
                  {W.stem(part) for part in W.split_identifier(v.column)} else v
                  for v in link.values if (once or v.span[0] >= found.end()) and v.table != subject]
        if other is None and values:
            other = values[0].table
        if other is None and _absent_column(question, found.end(), subject, catalog) is None:
            other = _only_referrer(subject, catalog)  # "members who never borrowed anything"
        if other is None:
            continue
        # "at least one Mathematics course": the courses' subject, not their teachers' department.
        values = _in_table_said(values, other, question)
        # "a delay of more than 3 hours", "during 2024": the literals after the phrase filter the other side.
        after = replace(link, literals=tuple(lit for lit in link.literals if once or lit.span[0] >= found.end()))
        intent = _listed_of(intent, subject, catalog)
        if intent.listed and (counted or any(item.fn or item.column not in catalog[subject].columns
                                             or item.table not in (None, subject) for item in intent.listed)):
            return None
        kept = _own_kept(_kept_by(subject, other, how, values, catalog, after, intent), link, found.start(),
                         {*(v.span for v in values), *(lit.span for lit in after.literals)}, intent, catalog)
        return _counted_rows_of(kept, link, intent, subject, catalog) if counted else _shown_of(kept, intent, catalog)
    return None


# The words before a membership phrase that name its subject: "Which directors have", "Students who".
_SUBJECT_BEFORE = re.compile(rf"^\s*(?:(?:{W.alternatives((*L.LIST_OPENERS, 'which', 'what'))})\s+)?(?:(?:all|the)\s+)?"
                             r"(?P<noun>[A-Za-z_]+(?:\s+[A-Za-z_]+)?)\s+"
                             rf"(?:(?:{W.alternatives(L.RELATIVE_WORDS)})\s+)?(?:(?:have|has|had|with)\s+)?$", re.IGNORECASE)


def _column_membership(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Directors with at least one movie rated 8 or higher", "Students who never scored below
    70" over one table whose text column the plural names (`director`, `student`): its values
    are the entities, each kept once by whether a row of theirs meets what the words after the
    phrase say (for "never", whether none does)."""
    if intent.groups or intent.aggregates or len(link.tables) != 1:
        return None
    source = link.tables[0]
    found = _MEMBERSHIP.search(link.question)
    said = _SUBJECT_BEFORE.match(link.question[:found.start()]) if found and not found.group("not_in") else None
    words = item_words(said.group("noun")) if said else ()
    if not words or W.singular(words[-1]) == words[-1] or _names_table(words, source):
        return None
    entity = _find(words, [source], catalog)
    if entity is None or catalog[source].columns[entity.column].dtype != "str" \
            or any(item.fn or item.column != entity.column for item in intent.listed):
        return None
    frame = {(source, c): c for c in catalog[source].columns}
    conditions = _conditions(link, intent, catalog, frame, list(link.values), lambda at: at >= found.end())
    if not conditions:
        return None
    entities = [ir.Select(columns=[entity.column]), ir.Unique()]
    met = [ir.Filter(predicate=_all(conditions)), *entities]
    if not (found.group("anti") or _negated(link.question[:found.start()])):
        return _resolving(ir.Query(source=source, steps=met), catalog)
    return _resolving(ir.Query(defs={"met": ir.Pipeline(source=source, steps=met)}, source=source, steps=[
        *entities, ir.Join(right="met", how="anti", on=[entity.column])]), catalog)


# The comparison words right before a number: "is above 500", "of more than 20".
_COMPARED_BEFORE = re.compile(rf"\b(?:{W.alternatives((*L.ABOVE_WORDS, *L.BELOW_WORDS, *L.AT_LEAST_WORDS, *L.AT_MOST_WORDS))})"
                              r"\s*[$€£]?\s*$", re.IGNORECASE)


def _own_kept(kept: ir.Query | None, link: Link, end: int, used: set[tuple[int, int]], intent: Intent,
              catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"the reference books that were never loaned out", "books published before 2000 that
    nobody borrowed": the values and literals said of the subject before the membership phrase
    (and not of the other rows, as "billed in Peru at least once" is) keep its own rows first."""
    if kept is None:
        return None
    subject = kept.source
    conditions = _values_conditions([v for v in link.values if v.table == subject and v.span[1] <= end
                                     and v.span not in used], {(subject, c): c for c in catalog[subject].columns})
    for lit in link.literals:
        if lit.span[1] <= end and lit.span not in used:
            # ("Parts whose supply cost is above 500 ...": a number said of another table's column is not theirs)
            said = _COMPARED_BEFORE.search(link.question, 0, lit.span[0])
            named = _named_before(link.question, said.start() if said else lit.span[0], list(catalog), catalog,
                                  ("amount", "number")) if lit.kind == "number" else None
            placed = _placed(replace(link, literals=(lit,)), intent, [subject], catalog)
            if placed is None or named is not None and named[1].table != subject:
                return None
            conditions.append(placed[1])
    if (predicate := _all(conditions)) is None:
        return kept
    return _resolving(kept.model_copy(update={"steps": [ir.Filter(predicate=predicate), *kept.steps]}), catalog)


def _counted_rows_of(kept: ir.Query | None, link: Link, intent: Intent, subject: str,
                     catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"How many customers have no account?": the kept rows, counted."""
    if kept is None:
        return None
    count = ir.Named(name=_count_name(link, intent, subject), expr=ir.Agg(fn="len"))
    return _resolving(kept.model_copy(update={"steps": [*kept.steps, ir.Select(columns=[count])]}), catalog)


_NEGATED = re.compile(rf"(?:\b(?:{W.alternatives(L.NEGATIONS)})|n't)\b[^.,;:!?]*$", re.IGNORECASE)


def _negated(before: str) -> bool:
    """"not enrolled in any course": a negation earlier in the clause that "any" ends."""
    return _NEGATED.search(before) is not None


# "no-show visits": a hyphen makes "no" part of a word of its own.
_ABSENT = re.compile(rf"\b(?:{W.alternatives(L.ABSENT_WORDS)})\b(?!-)", re.IGNORECASE)


# "with a fine", "have an email address": a column a row holds a value in.
_PRESENT = re.compile(rf"\b(?:{W.alternatives(L.PRESENT_WORDS)})\s+an?\s", re.IGNORECASE)
# ... up to the next "and"/"or": "with a known district and fewer than 100000 inhabitants"
# compares another column.
_COMPARED_LATER = re.compile(rf"(?:(?!\b(?:and|or)\b)[^.,;:!?()])*?(?:\d|\b(?:{W.alternatives((*L.ABOVE_WORDS, *L.BELOW_WORDS))})\b)",
                             re.IGNORECASE)


# "with a known manager hired after 2020": the adjective says the value is set, whatever follows.
_KNOWN = re.compile(rf"\s*(?:{W.alternatives(L.VALUE_SET_WORDS)})\s", re.IGNORECASE)


def _absent_column(question: str, at: int, table: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """"no email address", "without a phone" (or "with a fine"): the column of the table the
    words after `at` name, where they name no table."""
    text = re.split(r"[.,;:!?()]", question[at:at + 48])[0]
    # "with a known district": the adjective says only that the value is there.
    text = text[found.end():] if (found := _KNOWN.match(text)) else text
    words = item_words(text)
    # "with a known manager hired after 2020": a participle after the noun says something else of the row.
    words = words[:next((k for k, w in enumerate(words) if k and W.participle(w)), len(words))]
    if not words or words[0] in L.NOT_ABSENCE or _table_named(text, [t for t in catalog if t != table]) is not None:
        return None
    ref = _find(words, [table], catalog)
    return ref if ref is not None and ref.table == table else None


def _only_referrer(subject: str, catalog: Mapping[str, TableInfo]) -> str | None:
    """The one table whose rows point at the subject's key, when only one does."""
    referrers = [table for table in catalog if table != subject and _refers(table, subject, catalog)]
    return referrers[0] if len(referrers) == 1 else None


def _refers(table: str, subject: str, catalog: Mapping[str, TableInfo]) -> bool:
    """The table's rows point at the subject's key."""
    keys = set(catalog[subject].keys)
    try:
        route = join_path(catalog, [table, subject])
    except NlqError:
        return False
    return len(route) == 1 and bool(keys) and set(route[0].right_on) <= keys


def _counted_rows(subject: str | None, counted: str, catalog: Mapping[str, TableInfo]) -> str:
    """The rows that count `counted` things for the subject: "members who borrowed more books"
    count the loans, the one table that points at both a member and a book."""
    if subject is None or subject == counted or _refers(counted, subject, catalog):
        return counted
    bridges = [t for t in catalog if t not in (subject, counted) and _refers(t, subject, catalog)
               and _refers(t, counted, catalog)]
    return bridges[0] if len(bridges) == 1 else counted


def _kept_by(subject: str, other: str, how: str, values: list[ValueMatch], catalog: Mapping[str, TableInfo],
             link: Link, intent: Intent) -> ir.Query | None:
    """The subject's rows with (semi) or without (anti) a row of `other` reached along the
    join route, each table on the way filtered by the values and literals that fall on it.
    The way is a chain of semi joins, so no table's columns collide with another's."""
    route = join_path(catalog, [other, *dict.fromkeys(v.table for v in values if v.table != other), subject],
                      link.roles)
    if not route or route[-1].right != subject:
        return None
    chain = [other, *(edge.right for edge in route[:-1])]
    conditions: dict[str, list[ir.Node]] = {table: _values_conditions(
        [v for v in values if v.table == table], {(table, c): c for c in catalog[table].columns}) for table in chain}
    for lit in link.literals:
        placed = _placed(replace(link, literals=(lit,)), intent, chain, catalog)
        if placed is None:
            return None
        conditions[placed[0]].append(placed[1])
    defs: dict[str, ir.Node] = {}

    def kept(table: str, parent: str | None) -> str:
        # The route is a tree: each table keeps its rows matched in every table beyond it.
        steps: list[ir.Node] = []
        if (predicate := _all(conditions[table])) is not None:
            steps.append(ir.Filter(predicate=predicate))
        for edge in route[:-1]:
            for near, far, near_on, far_on in ((edge.left, edge.right, edge.left_on, edge.right_on),
                                               (edge.right, edge.left, edge.right_on, edge.left_on)):
                if near == table and far != parent:
                    steps.append(ir.Join(right=kept(far, table), how="semi", left_on=list(near_on),
                                         right_on=list(far_on)))
        name = f"kept{len(defs)}"
        defs[name] = ir.Pipeline(source=table, steps=steps)
        return name

    last = route[-1]
    steps = [ir.Join(right=kept(last.left, None), how=how, left_on=list(last.right_on), right_on=list(last.left_on))]
    return _resolving(ir.Query(defs=defs, source=subject, steps=steps), catalog)


_RELATIVE = re.compile(rf"\b(?:{W.alternatives(L.RELATIVE_WORDS)})\b", re.IGNORECASE)
_WITH_ROWS = re.compile(r"\bwith\s+(?:any\s+)?(?=[A-Za-z]+s\s*(?:[.,;:?!]|$))", re.IGNORECASE)
# "Customers that do not have an account", "devices that haven't sent a reading": the verb
# that relates the rows, negated.
_NOT_DOING = re.compile(r"\b(?:do|does|did|have|has|had)(?:\s+not\b|n't\b)", re.IGNORECASE)


def _kept_by_facts(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Customers who have a savings account", "students in courses of the Science department":
    whole rows of the subject (or their count), kept by values of a table reached through one that holds many
    rows for each of them ("customers that do not have an account": by the rows they have none of). A semi join keeps each subject row once, where a join would repeat
    it for every match."""
    counted = intent.answer == "scalar" and intent.aggregates == ("len",)
    if not (intent.answer == "rows" and not intent.aggregates or counted) or intent.groups \
            or intent.ratio or intent.limit or intent.single or intent.distinct or intent.window or intent.renames:
        return None
    subject = _table_named(link.question, list(link.tables))
    intent = _listed_of(intent, subject, catalog) if subject is not None else intent
    # "Which members borrowed a book in 2023? Show member names.": columns of the subject listed
    # are shown of each row kept, once.
    if intent.listed and (subject is None or counted or any(
            item.fn or item.column not in catalog[subject].columns or item.table not in (None, subject)
            for item in intent.listed)):
        return None
    # The words name one value each: in the subject's own column where it has one ("customers
    # from Germany" are not those with a delivery at a German depot), else in the one the link
    # ranks first.
    values = list({v.span: v for v in reversed(link.values) if v.table != subject}.values())
    values = list({v.span: v for v in [*values, *(v for v in link.values if v.table == subject
                                                  and not any(o.span == v.span for o in values if _verb_names(o, link.question)))]}.values())
    others = {v.table for v in values} - {subject}
    negated = _NOT_DOING.search(link.question)
    if not values and subject is not None and (clause := _RELATIVE.search(link.question) or negated):
        # "Customers who have cards", "users who viewed a page in 2024": the table named after.
        named = _table_named(link.question[clause.end():], [t for t in catalog if t != subject])
        # "Members who borrowed a book in 2024": a verb of none of the subject's columns names
        # the rows of the one table that points at it.
        verb = W.words(link.question[clause.end():])[:1]
        if named is None and verb and not any(W.stem(verb[0].lower) in map(W.stem, W.split_identifier(column))
                                              or W.holds_verb(column, verb[0].lower) for column in catalog[subject].columns):
            # ... where the verb's object is theirs ("a book": the loans' `book_id`)
            referrer = _only_referrer(subject, catalog)
            objects = {W.stem(w.lower) for w in itertools.takewhile(
                lambda w: w.lower not in L.ITEM_END and not w.lower[0].isdigit(), W.words(link.question[clause.end():])[1:4])}
            named = referrer if referrer and any(objects & {W.stem(p) for p in W.split_identifier(column)} - L.KEY_PARTS
                                                 for column in catalog[referrer].columns) else None
        others = {named} if named else set()
    elif not values and subject is not None and (clause := _WITH_ROWS.search(link.question)) \
            and (named := _table_named(W.words(link.question[clause.end():])[0].text, [t for t in catalog if t != subject])):
        others = {named}  # "names of customers with orders": the rows they have, a table's noun right after
    if subject is None or len(others) != 1:
        return None
    # "Customers from Germany who have Express shipments": the subject's own values keep its rows.
    own = [v for v in values if v.table == subject]
    values = [v for v in values if v.table != subject]
    if own and not values:
        return None
    if negated:
        # "who don't have a savings account": the "not" is the relation's, none of the value's.
        values = [replace(v, negated=False) if v.span[0] >= negated.end() else v for v in values]
    route = join_path(catalog, [subject, *others], link.roles)
    if not any(edge.fans_out for edge in route):
        return None
    kept = _own_kept(_kept_by(subject, others.pop(), "anti" if negated else "semi", values, catalog, link, intent),
                     link, len(link.question), {*(v.span for v in values), *(lit.span for lit in link.literals)},
                     intent, catalog)
    # "How many students take Science courses?": each student counted once.
    return _counted_rows_of(kept, link, intent, subject, catalog) if counted else _shown_of(kept, intent, catalog)


def _listed_of(intent: Intent, subject: str, catalog: Mapping[str, TableInfo]) -> Intent:
    """"Return the id and name of every employee who ...": a listed item no one column answers
    to is the subject's column its words name ("id" of employees is their `emp_id`)."""
    def own(words: tuple[str, ...]) -> str | None:
        if set(words) <= L.KEY_PARTS:  # "the id": the subject's own key, not a key it points with
            return catalog[subject].entity_key
        ref = _find(words, [subject], catalog)
        return ref.column if ref is not None else None

    return intent.model_copy(update={"listed": tuple(
        item.model_copy(update={"column": column, "table": subject})
        if item.column is None and not item.fn and item.words and (column := own(item.words)) is not None else item
        for item in intent.listed)})


def _shown_of(kept: ir.Query | None, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """The subject's rows kept, with the columns the question lists of them ("Which members
    borrowed a book in 2023? Show member names."), each once."""
    if kept is None or not intent.listed:
        return kept
    shown = [item.column if item.name is None else ir.Named(name=item.name, expr=ir.Col(name=item.column))
             for item in intent.listed]
    return _resolving(kept.model_copy(update={"steps": [*kept.steps, ir.Select(columns=shown)]}), catalog)


_VERB_BEFORE = re.compile(rf"\b(?P<verb>[A-Za-z]+)\s+(?:{W.alternatives((*L.VERB_OBJECT_WORDS, *L.PLACE_WORDS))})\s+(?:the\s+)?$",
                          re.IGNORECASE)


def _verb_names(value: ValueMatch, question: str) -> bool:
    """"an order shipped to Germany": the verb before the value names its column (`ship_country`)."""
    found = _VERB_BEFORE.search(question, 0, value.span[0])
    return found is not None and W.stem(found.group("verb").lower()) in {W.stem(p) for p in W.split_identifier(value.column)}


def _placed(link: Link, intent: Intent, chain: list[str], catalog: Mapping[str, TableInfo]) -> tuple[str, ir.Node] | None:
    """The table of the chain a literal compares on, and the comparison: the first whose column
    it names or holds, one that dates an event before one that stamps a row's writing."""
    said = {W.synonym(w.lower) for w in W.words(link.question)} - {W.synonym(w) for w in L.GENERIC_PARTS}
    found = []
    for table in chain:
        compared = _comparisons(replace(link, tables=(table,)), intent, catalog,
                                {(table, c): c for c in catalog[table].columns})
        if compared:
            read = {part for node in compared for name in catalog[table].columns if _reads(node, name)
                    for part in W.split_identifier(name)}
            # "members who borrowed a book in 2023": the loan's date, which the verb names, not
            # the year the book was published.
            found.append(((bool(read & L.AUDIT_PARTS), not {W.synonym(p) for p in read} & said), table, compared[0]))
    return min(found, key=lambda f: f[0])[1:] if found else None


# ---------------------------------------------------------------------------------------
# Entities kept by how many rows of another table they have


_OR_MORE = re.compile(r"\s+or\s+(?:more|greater|higher|above|over)\b", re.IGNORECASE)


_RELATIVE_PRONOUN = re.compile(r"\b(?:who|that|which)\b", re.IGNORECASE)


def _before_relative(text: str) -> str:
    """The words before a relative clause ("Patients who visited ..."), past an opening "Which"."""
    return next((part for part in _RELATIVE_PRONOUN.split(text) if part.strip()), text)


# The values a question opens with, before a verb that says how often ("Payment types used ...").
_HOW_OFTEN = re.compile(r"^\s*(?P<subject>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+(?:(?:that|which)\s+)?"
                        r"(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?[A-Za-z]+\s+(?!with\b)", re.IGNORECASE)


def _counted(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Departments with more than 15 employees: name and headcount": one row per subject,
    the rows of the counted table it has, kept by the comparison."""
    question = link.question
    tables = list(catalog)
    for lit in link.literals:
        if lit.kind != "number" or lit.op not in (">", ">=", "==", "<", "<="):
            continue
        # "15 employees", "5 paid invoices", "20 or more employees"
        at = (more.end() if (more := _OR_MORE.match(question, lit.span[1])) else lit.span[1])
        # ... in its clause: "invoices over 100, by subscription", "a fee above 200 per doctor"
        # count no subscriptions, no doctors.
        after = W.words(re.split(rf"[.,;:!?]|\b(?:{W.alternatives(L.GROUP_OPENERS)})\b", question[at:])[0])[:2]
        subject = _table_named(question[:lit.span[0]], tables)
        if after and after[0].lower in L.DISTINCT_WORDS and (distinct := _distinct_counted(
                question, at + after[0].end, _table_named(_before_relative(question[:lit.span[0]]), tables),
                tables, catalog)) is not None:
            # "Customers who shipped to at least 2 different countries": the countries of their rows, each once.
            subject, key, counted, column, said = distinct
            return _count_kept(link, intent, subject, key, counted, lit, catalog,
                               noun="_".join([*said[:-1], W.singular(said[-1])]), distinct=column)
        counted = _table_named(question[at:at + after[-1].end], tables) if after else None
        if counted is None and after and subject and (pair := _entity_key((W.singular(after[0].lower),), tables, catalog)) \
                and pair.table != subject and _refers(pair.table, subject, catalog):
            counted = pair.table  # "Actors in at least 5 films" of film_actors: the pairs that name a film
            return _count_kept(link, intent, subject, catalog[subject].entity_key, counted, lit, catalog,
                               noun=W.singular(after[0].lower))
        if counted is None and after and after[0].lower in L.OCCASION_WORDS:
            # "Patients who visited more than 3 times": the rows the verb names, else the one table
            # whose rows point at the subject, else the rows of the one table asked about; the
            # subject is named before the verb's clause.
            subject = _table_named(_before_relative(question[:lit.span[0]]), tables)
            others = [t for t in tables if t != subject]
            counted = next((t for w in W.words(question[:lit.span[0]]) if (t := _table_named(w.text, others))), None) \
                or (_only_referrer(subject, catalog) if subject else link.tables[0] if len(link.tables) == 1 else None)
            if counted is None and subject is None and (said := _HOW_OFTEN.match(question)):
                # "Payment types used more than 70 times": the rows that hold the values counted
                ref = _find(item_words(said.group("subject")), list(link.tables), catalog)
                counted = ref.table if ref is not None and not W.key_like(ref.column) else None
        if counted is None:
            continue
        if lit.op in ("<", "<=") and subject not in (None, counted):
            continue  # "fewer than" also keeps the subjects with none: not a count of joined rows
        if subject is None or subject == counted:
            # "users with more than 6 sessions", no table of users: their key where the sessions are.
            # ("patients who visited more than 3 times": the noun before the relative clause)
            nouns = [w.lower for w in W.words(_before_relative(question[:lit.span[0]]))
                     if w.lower not in W.STOPWORDS | _OP_WORDS]
            # ... or a label of theirs the noun names ("Countries with more than 20 users",
            # "device types with more than 300 sessions").
            said = [(*nouns[-2:-1], W.singular(nouns[-1])), (W.singular(nouns[-1]),)] if nouns else []
            entity = next((ref for words in dict.fromkeys(said)
                           if (ref := _entity_key(words, [counted], catalog) or _label(words, counted, catalog))), None)
            if entity is None or entity.column in catalog[counted].keys:
                continue
            subject, key = counted, entity.column
        else:
            key = catalog[subject].entity_key
        return _count_kept(link, intent, subject, key, counted, lit, catalog)
    return None


def _distinct_counted(question: str, at: int, subject: str | None, tables: list[str],
                      catalog: Mapping[str, TableInfo]) -> tuple[str, str, str, str, tuple[str, ...]] | None:
    """The subject, its key, the rows counted, their column the words after "different" at `at`
    name and those words ("at least 2 different countries": the subject's rows' country); None
    where they name none."""
    words = item_words(re.split(r"[.,;:!?]", question[at:])[0])[:2]
    others = [t for t in tables if t != subject] or tables
    ref, said = next(((hit, words[:n]) for n in (2, 1) if len(words) >= n
                      and (hit := _find(tuple(words[:n]), others, catalog))), (None, ()))
    if ref is None:
        return None
    if subject is not None and subject != ref.table:
        key = catalog[subject].entity_key
        return (subject, key, ref.table, ref.column, said) if key and join_path(catalog, [subject, ref.table], ()) else None
    # No table of theirs: the entity before the clause is a column of the rows counted or of rows
    # they are reached from ("customers who rented from 2 stores": the rentals' customer_id).
    nouns = [w.lower for w in W.words(_before_relative(question[:at])) if w.lower not in W.STOPWORDS | _OP_WORDS]
    for table in dict.fromkeys([ref.table, *tables]):
        # ("visitors" of visits: their `visitor_id`, before the visits' own key)
        entity = next((_Ref(table, c) for suffix in L.KEY_SUFFIXES for c in catalog[table].columns
                       if nouns and rank_column((W.singular(nouns[0]), suffix), c, table) == 1), None) \
            or (_entity_key((W.singular(nouns[0]),), [table], catalog) if nouns else None)
        if entity is not None and entity.column != ref.column and (table == ref.table or join_path(catalog, [table, ref.table], ())):
            return table, entity.column, ref.table, ref.column, said
    return None


def _count_kept(link: Link, intent: Intent, subject: str, key: str | None, counted: str, lit,
                catalog: Mapping[str, TableInfo], noun: str | None = None, distinct: str | None = None) -> ir.Query | None:
    steps = _joined(subject, join_path(catalog, list(dict.fromkeys([subject, counted])), link.roles), catalog)
    frame = _frame_names(ir.Query(source=subject, steps=steps), catalog)
    # "How many departments have more than 10 employees?": the count the words name is of the
    # departments kept; each department's own count is of its employees.
    count = next((h.name for h in link.names if h.fn == "len" and intent.answer == "rows"),
                 f"{noun}_count" if noun else _rows_counted(counted))
    keys: list[str] = []
    # "...: department name, headcount and earliest hire date", "with their session count and
    # total duration": the other aggregates listed are of the counted rows too.
    others = [item for item in intent.listed if item.fn not in (None, "len")]
    measured = _aggregates(link, intent.model_copy(update={"listed": others}), [counted, subject], catalog) \
        if others else []
    if measured is None or len(measured) != len(others):
        return None
    # "Average fee per doctor id for doctors with more than 100 visits": the aggregates asked of
    # the groups kept, shown after their keys; the count only keeps them.
    asked = [] if intent.listed or intent.answer == "scalar" or set(intent.aggregates) <= {"len"} \
        else _aggregates(link, intent, list(dict.fromkeys([counted, subject])), catalog)
    if asked is None or asked and len(asked) != len(intent.aggregates):
        return None
    aggs = dict(zip(map(id, others), (ir.Named(name=name, expr=ir.Agg(
        fn=fn, operand=_operand(ref, fn, frame[ref.table, ref.column], catalog))) for name, fn, ref in measured)))
    shown: list[str | None] = []  # the listed columns and aggregates in their order; None is the count
    # "...: department name and headcount": the one listed item that names no column is the count.
    unnamed = [item for item in intent.listed if item.fn is None and _find(item.words, [subject], catalog) is None]
    for item in intent.listed:
        if id(item) in aggs:
            shown.append(aggs[id(item)].name)
            continue
        if item.fn == "len" or len(unnamed) == 1 and item is unnamed[0]:
            count = item.name or (count if item.fn else W.column_name(list(item.words)))
            shown.append(None)
            continue
        ref = _find(item.words, [subject], catalog)
        if ref is None or item.fn:
            return None
        keys.append(frame[ref.table, ref.column])
        shown.append(keys[-1])
    by = list(dict.fromkeys([frame[subject, key], *keys])) if key else keys
    # "Airlines with more than 150 cancelled flights": the rows counted are those the words keep;
    # "with more than 20 orders in 2024": a date no words name is the counted rows'.
    counting = replace(link, tables=(counted, *(t for t in link.tables if t != counted)))
    conditions = _conditions(counting, intent, catalog, frame, link.values, lambda at: not _inside(at, lit.span))
    if not by or conditions is None:
        return None
    if (predicate := _all(conditions)) is not None:
        steps.append(ir.Filter(predicate=predicate))
    if None not in shown:
        shown.insert(len(keys), None)  # "...: department name" alone shows the count after the columns
    measures = {named.name: named for named in aggs.values()}
    counting_expr = ir.Agg(fn="n_unique", operand=ir.Col(name=frame[counted, distinct])) if distinct else ir.Agg(fn="len")
    agg = [measures.get(name) or ir.Named(name=count, expr=counting_expr) for name in shown if name not in keys]
    extra = [ir.Named(name=name, expr=ir.Agg(fn=fn, operand=_operand(ref, fn, frame[ref.table, ref.column], catalog)))
             for name, fn, ref in asked if ref is not None and (ref.table, ref.column) in frame]
    if len(extra) != len(asked):
        return None
    agg += extra
    steps += [ir.GroupBy(by=by, agg=agg),
              ir.Filter(predicate=ir.Binary(op=lit.op, left=ir.Col(name=count), right=ir.Lit(value=lit.value)))]
    if asked:
        steps.append(ir.Select(columns=[*by, *(name for name, _, _ in asked)]))
    elif intent.answer == "scalar":
        steps.append(_groups_counted(link, subject))
    elif keys:
        steps.append(ir.Select(columns=[count if name is None else name for name in shown]))
    return _resolving(ir.Query(source=subject, steps=steps), catalog)


def _groups_counted(link: Link, subject: str | None) -> ir.Select:
    """"How many departments have more than 10 employees?", "How many students have an
    average grade above 80?": the entities kept, counted in one row named by their noun."""
    name = next((h.name for h in link.names if h.fn == "len"), None) or _rows_counted(subject or "row")
    return ir.Select(columns=[ir.Named(name=name, expr=ir.Agg(fn="len"))])


# "6,000 in total", "20,000 in fees in total", "50,000 in balance combined", "1,000 in total
# fees": the sum of the entity's rows is compared, not each row (and the words between or
# after may name the measure).
_IN_TOTAL = re.compile(r"\s+in\s+total((?:\s+[A-Za-z_]+){1,2})\b"
                       r"|(?:\s+(?:in|of))?((?:\s+[A-Za-z_]+){0,3}?)\s+(?:in\s+total|in\s+all|combined|altogether)\b",
                       re.IGNORECASE)
_KEPT_FNS = ("sum", "mean", "median", "min", "max")


def _aggregate_kept(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Which customers' shipments cost more than 6,000 in total?", "departments with an
    average salary above 70,000": one row per entity with its aggregate of a measure, kept by
    that aggregate against the number (a having, not a filter on rows)."""
    if intent.groups or intent.limit or intent.single or intent.window_kind:
        return None
    question = link.question
    tables = [*link.tables, *(t for t in catalog if t not in link.tables)]
    comparing = _OP_WORDS | {w for phrase in (*L.ABOVE_WORDS, *L.BELOW_WORDS) for w in phrase.split()}
    for lit in link.literals:
        if lit.kind != "number" or lit.op not in (">", ">=", "<", "<="):
            continue
        before = question[W.clause_start(question, lit.span[0]):lit.span[0]]
        said = _OF_SUBJECT.split(before)[-1]  # "customers whose total amount", "departments with an average salary"
        total = _IN_TOTAL.match(question, lit.span[1])
        fn = "sum" if total else aggregate_fn(said)
        subject = _table_named(before, tables)
        words = tuple(w for w in item_words(said) if w not in comparing)
        # The words between the number and "in total" first: "tracks totalling more than 9000 seconds in total".
        operands = (_operand_words(total.group(1) or total.group(2) or "") if total else (),
                    tuple(w for w in _operand_words(" ".join(words)) if not (subject and _names_table((w,), subject))))
        named = next((hit for words_ in operands if (hit := _measure_named(words_, tables, catalog))), None)
        if named is None and fn == "sum" and subject and set(words) & L.MONEY_VERBS \
                and (paid := _only_referrer(subject, catalog)) and (amount := _row_value(paid, catalog)):
            # "customers who paid more than 150 in total": their payments' amount, named by it
            said = tuple(part for part in W.split_identifier(amount.column) if part not in L.AGGREGATE_WORDS)
            named, words = (amount, said), ()
        # "orders with a total amount above 500": a column's own name holds the aggregate word.
        if fn not in _KEPT_FNS or named is None or words and _named(words, tables, catalog):
            continue
        measure, words = named
        span = (lit.span[0] - len(said), total.end() if total else lit.span[1])
        return _above_entity_average(link, intent, before, subject, measure.table, fn, measure, lit.op, 1, False,
                                     span, words, catalog, threshold=ir.Lit(value=lit.value))
    return None


# ---------------------------------------------------------------------------------------
# Entities ranked by how many rows of another table they have


_MOST = re.compile(rf"\b(most|fewest|least|(?:{W.alternatives(tuple(L.HIGH_WORDS | L.LOW_WORDS))})\s+number\s+of)"
                   r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?", re.IGNORECASE)


def _most(found: re.Match[str]) -> bool:
    """Whether "the most visits", "the largest number of visits" asks for the most rows, not
    the fewest."""
    return found.group(1).split()[0].lower() in L.HIGH_WORDS


def _most_counted(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"The customer with the most orders", "the most rented film", "the 3 genres with the
    fewest tracks": the subject's rows counted in another table, the top ones."""
    # "Which user has the most sessions? Show the user name and session count.": the subject's
    # columns and the count may be listed.
    counts = [item for item in intent.listed if item.fn]
    if not (intent.single or intent.limit) or intent.groups or intent.aggregates != tuple(i.fn for i in counts) \
            or intent.aggregates not in ((), ("len",)):
        return None
    found = _MOST.search(link.question)
    if found is None:
        return None
    tables = list(catalog)
    counted = _table_named(found.group(2), tables)
    # "the customer with the most cancelled orders": a value before the plural noun keeps the
    # rows counted (`_entities_by_count` filters them by it).
    valued = found.group(3) and any(v.span[0] == found.start(2) for v in link.values) \
        and W.singular(found.group(3)) != found.group(3).lower() and _table_named(found.group(3), tables)
    if valued:
        counted = _table_named(found.group(3), tables)
        subject = _table_named(link.question[:found.start()], tables)
    elif counted is not None and W.singular(found.group(2)) != found.group(2).lower():
        subject = _table_named(link.question[:found.start()], tables)  # "the customer with the most orders"
    elif counted is not None and found.group(3):
        subject = _table_named(found.group(3), tables)  # "the most rented film": a verb of the counted rows
    else:
        return None
    if subject in (None, counted) and counted is not None:  # "account types" name no entity of their own
        return _most_counted_values(link, intent, found, counted, catalog)
    if subject is None or subject == counted:
        return None
    return _entities_by_count(link, intent, subject, counted, _most(found), catalog)


_BUSIEST = re.compile(rf"\b(?:{W.alternatives(tuple(L.BUSY_WORDS))})\b", re.IGNORECASE)
_WHICH_ENTITY = re.compile(r"\s*(?:which|what)\s+((?:[A-Za-z_]+\s+)?[A-Za-z_]+?)\s+(?:is|was|has|have|had|got|gets)\b",
                           re.IGNORECASE)
# "Which book has been loaned the most?", "Who borrowed the least often?": a verb of the rows
# counted, then the superlative alone.
_DONE_MOST = re.compile(r"\b[A-Za-z]+(?:ed|en|t)\s+(?:the\s+)?(?P<most>most|least|fewest)"
                        r"(?:\s+(?:often|frequently|times))?(?=\s*(?:[.?!,;:]|$))", re.IGNORECASE)
_VALUE_IS = re.compile(r"\b(?:which|what)\s+((?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+(?:is|was|are|were)\s+(?:the\s+)?$",
                       re.IGNORECASE)


def _busiest(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Which doctor is the busiest?", "the 3 most popular books", "the most popular genre among
    members": the entities with the most rows pointing at them, in the table the question names
    beside them, else the one table that points at them; "Which device type is the most
    popular?": the value of a column with the most rows."""
    found = _BUSIEST.search(link.question) or _DONE_MOST.search(link.question)
    if found is None or not (intent.single or intent.limit) or intent.groups or intent.aggregates:
        return None
    most = L.BUSY_WORDS[found.group().lower()] if found.re is _BUSIEST else found.group("most").lower() == "most"
    said = _VALUE_IS.search(link.question[:found.start()])
    words = item_words(said.group(1)) if said else ()
    ref = _find(words, list(link.tables), catalog) if words and not any(_names_table(words[-1:], t) for t in catalog) \
        else None
    if ref is not None and not W.key_like(ref.column) and catalog[ref.table].columns[ref.column].dtype == "str":
        # "Which device type is the most popular?": the value of a column with the most rows.
        return _resolving(ir.Query(source=ref.table, steps=_most_rows([ref.column], _rows_counted(ref.table), most,
                                                                       intent.limit or 1)), catalog)
    tables = list(catalog)
    subject = _table_named(link.question, tables)
    asked = _WHICH_ENTITY.match(link.question)
    if asked is not None and (subject is None or not _table_named(asked.group(1), tables)) \
            and (key := _entity_key(item_words(asked.group(1)), list(link.tables), catalog)) is not None:
        # "Which book has been loaned the most?" of loans alone: the books are their key there.
        return _resolving(ir.Query(source=key.table, steps=_most_rows([key.column], _rows_counted(key.table), most,
                                                                       intent.limit or 1)), catalog)
    if subject is None:
        return None
    named = [t for t in tables if t != subject and _table_named(link.question, [t]) and _refers(t, subject, catalog)]
    counted = named[0] if len(named) == 1 else _only_referrer(subject, catalog)
    if counted is None:
        return None
    return _entities_by_count(link, intent, subject, counted, most, catalog)


def _entities_by_count(link: Link, intent: Intent, subject: str, counted: str, most: bool,
                       catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """The subject's entities with the most (or fewest) rows of `counted`, the top ones, with
    the columns the question lists."""
    if not (key := catalog[subject].entity_key):
        return None
    shown = [item for item in intent.listed if not item.fn]
    refs = [_find(item.words, [subject], catalog) for item in shown]
    if None in refs:
        return None
    steps = _joined(subject, join_path(catalog, [subject, counted], link.roles), catalog)
    frame = _frame_names(ir.Query(source=subject, steps=steps), catalog)
    # "(ties by customer id)": the subject's columns that order rows tied at the cut.
    ties = _tie_breaks(link.question, subject, catalog)
    if ties is None or any((subject, tie) not in frame for tie in ties):
        return None
    ties = [frame[subject, tie] for tie in ties]
    keys = list(dict.fromkeys([frame[subject, key], *(frame[ref.table, ref.column] for ref in refs), *ties]))
    count = next((h.name for h in link.names if h.fn == "len"), None) or _rows_counted(counted)
    # "the most orders in 2023": only the rows the words keep are counted.
    conditions = _conditions(link, intent, catalog, frame, link.values, lambda at: True)
    if conditions is None:
        return None
    if conditions:
        steps.append(ir.Filter(predicate=_all(conditions)))
    # "Which employee handled the most orders?": a person is shown by a first and last name (two
    # people may share them: grouped by the key too), as the top entities by an aggregate are.
    labels = entity_labels(catalog[subject]) if not intent.listed else []
    shown = [frame[subject, label] for label in labels if (subject, label) in frame] if len(labels) == 2 else []
    if len(shown) == 2:
        keys = list(dict.fromkeys([keys[0], *shown, *keys[1:]]))
    steps += _most_rows(keys, count, most, intent.limit or 1, ties)
    if intent.listed:
        shown_columns = iter(frame[ref.table, ref.column] for ref in refs)
        steps.append(ir.Select(columns=[count if item.fn else next(shown_columns) for item in intent.listed]))
    elif len(shown) == 2:
        steps.append(ir.Select(columns=[*shown, count]))
    return _resolving(ir.Query(source=subject, steps=steps), catalog)


_VALUES_BEFORE = re.compile(rf"\b(?:{W.SMALL_NUMBER})\s+((?:[A-Za-z_]+\s+){{0,2}}[A-Za-z_]+s)\s+(?:with|have|had|has)\b",
                            re.IGNORECASE)


# ("The clerk with the most orders": the one value the question opens with)
_VALUE_BEFORE = re.compile(rf"(?:\b(?:which|what)|^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?the)\s+"
                           r"((?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+(?:with|have|had|has|gets|got)\b", re.IGNORECASE)


def _most_counted_values(link: Link, intent: Intent, found: re.Match[str], counted: str,
                         catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"The 3 specialties with the most visits", "Which 2 account types have the most
    accounts?": the values of a column said in the plural, by the rows of another table counted;
    "Which destination has the most flights?": the one value with the most."""
    before = link.question[:found.start()]
    said = _VALUES_BEFORE.search(before) if intent.limit else _VALUE_BEFORE.search(before) if intent.single else None
    if said is None:
        return None
    words = item_words(said.group(1))
    tables = [counted, *(t for t in catalog if t != counted)]
    ref = _find((*words[:-1], W.singular(words[-1])), tables, catalog)
    # ("Which genre id has the fewest books?": a column of the counted rows, whatever its type)
    if ref is None or catalog[ref.table].columns[ref.column].dtype != "str" and ref.table != counted:
        # "Which doctor has the most visits?" of visits alone: the doctors are their key there.
        ref = _entity_key((*words[:-1], W.singular(words[-1])), [counted], catalog)
    if ref is None:
        return None
    steps = _joined(counted, join_path(catalog, list(dict.fromkeys([counted, ref.table])), link.roles), catalog)
    frame = _frame_names(ir.Query(source=counted, steps=steps), catalog)
    if (ref.table, ref.column) not in frame:
        return None
    # "the most cancelled flights": the rows counted are those the words keep.
    conditions = _conditions(link, intent, catalog, frame, link.values, lambda at: not _inside(at, said.span(1)))
    if conditions is None:
        return None
    if (predicate := _all(conditions)) is not None:
        steps.append(ir.Filter(predicate=predicate))
    steps += _most_rows([frame[ref.table, ref.column]], _rows_counted(counted), _most(found),
                        intent.limit or 1)
    return _resolving(ir.Query(source=counted, steps=steps), catalog)


def _counted_source(link: Link) -> str | None:
    """"Shipment count per carrier name": the rows a count counts are those of the table its
    noun names, whichever table the group's words name first."""
    counts = [h for h in link.names if h.fn == "len"]
    if len(counts) != 1:
        return None
    # The count's name holds its noun, where the words before "count" gave it ("shipment_count"),
    # or a synonym of the table's ("staff_count", "headcount" of employees).
    nouns = W.split_identifier(counts[0].name)
    # ("Number of line items": the words said, where the name kept the last noun only)
    return _table_named(" ".join(nouns), list(link.tables)) or _table_named(counts[0].text, list(link.tables)) or next(
        (t for t in link.tables if W.split_identifier(t)
         and W.synonym(W.split_identifier(t)[-1]) in {W.synonym(noun) for noun in nouns} - {"count"}), None)


def _rows_counted(table: str) -> str:
    """A count of a table's rows is named after one of them: `order_count`."""
    return f"{W.singular(W.split_identifier(table)[-1])}_count"


def _most_rows(keys: list[str], count: str, most: bool, n: int, ties: tuple[str, ...] | list[str] = ()) -> list[ir.Node]:
    """The `n` values of `keys` with the most (or fewest) rows, and their count; `ties` order
    the rows tied at the cut."""
    return [ir.GroupBy(by=list(keys), agg=[ir.Named(name=count, expr=ir.Agg(fn="len"))]),
            ir.Sort(by=[ir.SortKey(column=count, descending=most), *(ir.SortKey(column=tie) for tie in ties)]),
            ir.Head(n=n)]


_MOST_COMMON = re.compile(r"\bmost\s+(?:common|frequent|popular|frequently\s+\w+|often\s+\w+)\s+"
                          r"((?:[A-Za-z_]+\s*){1,3})"
                          # "Which churn reason is the most common?": the noun before the verb.
                          r"|^\s*(?:which|what)\s+((?:[A-Za-z_]+\s+){1,3}?)(?:is|was|are|were)\s+(?:the\s+)?"
                          r"most\s+(?:common|frequent|popular)\s*[?.!]?\s*$", re.IGNORECASE)


def _most_common(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"The most common language", "the 3 most frequent causes": the values of a column with the
    most rows."""
    found = _MOST_COMMON.search(link.question)
    # ("Which churn reason is most common?" lists the column it asks about: no other)
    if found is None or intent.groups or intent.aggregates \
            or intent.listed and not (found.group(2) and len(intent.listed) == 1):
        return None
    ref = _find(item_words(found.group(1) or found.group(2)), list(link.tables), catalog)
    if ref is None or W.key_like(ref.column):
        return None
    return _resolving(ir.Query(source=ref.table, steps=_most_rows([ref.column], _rows_counted(ref.table), True,
                                                                   intent.limit or 1)), catalog)


_ORDER_WORD = re.compile(r"\b(" + "|".join(sorted(L.HIGH_WORDS | L.LOW_WORDS)) + r")\b", re.IGNORECASE)
_ORDER_TAIL = re.compile(rf"\s+(?:{W.alternatives(tuple(L.ORDER_TAIL))})\b", re.IGNORECASE)


def _picking(word: re.Pattern[str], question: str) -> re.Match[str] | None:
    """The first superlative that picks rows: "highest first" only orders them."""
    return next((found for found in word.finditer(question) if not _ORDER_TAIL.match(question, found.end())), None)


# "the most recent visit date": a value asked, not the rows that hold it.
_AGE_OF_VALUE = re.compile(rf"(?:\s+[A-Za-z_]+){{0,2}}?\s+(?:{W.alternatives(tuple(L.DATE_SUFFIXES))})\b",
                           re.IGNORECASE)


_PLACE = re.compile(rf"\b({W.alternatives(tuple(L.PLACES))})[\s-]+(?:most\s+|least\s+)?(?:{W.alternatives(tuple(L.HIGH_WORDS | L.LOW_WORDS | set(L.AGE_WORDS)))}|\w+est)\b", re.IGNORECASE)


_VALUE_ASKED = re.compile(r"^\s*(?:what(?:'s|\s+is|\s+was)|find|give\s+me|return)\s+the\s+", re.IGNORECASE)


def _value_at_place(link: Link, order: str, tables: list[str], catalog: Mapping[str, TableInfo],
                    frame: Mapping[tuple[str, str], str]) -> bool:
    """"What is the second highest salary?": a value asked for, the words after the place
    naming the column ordered by and nothing else."""
    asked, place = _VALUE_ASKED.match(link.question), _PLACE.search(link.question)
    if asked is None or place is None or place.start() != asked.end():
        return False
    ref = _find(item_words(link.question[place.end():]), tables, catalog)
    return ref is not None and frame.get((ref.table, ref.column)) == order


def _top_per_group(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"For each category, the most expensive product", "the top 2 products by price in each
    category", "the 3 most expensive flights for each airline", "for each doctor, the three most
    recent visits": the rows ranked first within their group (ties kept), every column."""
    word, aged = _picking(_ORDER_WORD, link.question), _picking(_AGE_WORD, link.question)
    # "Each customer's first order": the first by time, as "earliest" says (the group's words
    # read it as a pick, `intent.FIRST_ROW`).
    first = FIRST_ROW.match(link.question, re.compile(r"(?:'s|')?").match(link.question, intent.groups[0].span[1]).end()) \
        if len(intent.groups) == 1 else None
    if first is not None:
        # ... whatever words say how its time is read ("(earliest date, then lowest order id)")
        aged, word = first, None
    if word is None and aged is None or len(intent.groups) != 1 or intent.aggregates or intent.groups[0].expr:
        return None
    # "The most recent transaction of each account": the rows ranked are those the noun after
    # the superlative names, whatever table the link ranks first.
    # The noun may follow the superlative's adjective or a number ("the most expensive flight",
    # "the top 2 products").
    said = max((found for found in (word, aged) if found is not None), key=lambda found: found.end())
    source = next((table for after in W.words(link.question[said.end():])[:2]
                   if (table := _table_named(after.text, list(link.tables)))), link.tables[0])
    group = _source_group(intent.groups[0], source, catalog)
    # "For each genre, the 2 longest books: genre id, title and pages": the rows' columns listed.
    listed = [_find(item.words, [source], catalog) for item in intent.listed]
    steps: list[ir.Node] = []
    if group is None and not listed:
        # "the most populous city in each continent": a column of a table the rows reach in
        # one join groups them; the rows keep their own columns.
        group = _group_ref(intent.groups[0], [t for t in catalog if t != source], catalog)
        try:
            route = join_path(catalog, [source, group.table], link.roles) if group is not None else []
        except NlqError:
            return None
        if len(route) != 1:
            return None
        steps = _joined(source, route, catalog)
    if group is None or group.column in catalog[group.table].keys or None in listed:
        return None
    frame = _frame_names(ir.Query(source=source, steps=steps), catalog) if steps else _own_frame(source, catalog)
    order = _order_column(link, intent, listed, [source], catalog, frame) if word is not None else None
    if order is not None:
        descending = intent.descending if intent.limit is not None else word.group(1).lower() in L.HIGH_WORDS
    elif aged is not None and not _AGE_OF_VALUE.match(link.question, aged.end()) \
            and (by_age := _by_age(link.question, source, catalog, frame)) is not None:
        order, descending = by_age  # "the three most recent visits": by their date, the latest first
    else:
        return None
    rank = ir.Over(operand=ir.Rank(operand=ir.Col(name=order), method="min", descending=bool(descending)),
                   partition_by=[frame[group.table, group.column]])
    conditions = _conditions(link, intent, catalog, frame, link.values, lambda at: True)
    if conditions is None:
        return None
    # "the second most expensive product in each category": the rows of that place alone.
    place = _PLACE.search(link.question) if intent.limit is None else None
    kept = ir.Binary(op="==", left=rank, right=ir.Lit(value=L.PLACES[place.group(1).lower()])) if place \
        else ir.Binary(op="<=", left=rank, right=ir.Lit(value=intent.limit or 1))
    steps.append(ir.Filter(predicate=_all([*conditions, kept])))
    if steps[:-1]:
        steps.append(ir.Select(columns=[frame[source, c] for c in catalog[source].columns]))
    if listed:
        steps.append(ir.Select(columns=[_shown(ref.column, item, ref, catalog)
                                        for item, ref in zip(intent.listed, listed)]))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


def _top_entities(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Top 5 patients by total visit fees, with their names", "the top 3 sites by total
    reading quantity: the site name and the total": one row per entity with its aggregate,
    grouped by the entity's key (two patients may share a name), shown by the columns listed,
    else by its labels, the aggregates after them."""
    if intent.limit is None or len(intent.groups) != 1 or not intent.aggregates:
        return None
    group = intent.groups[0]
    if group.table is None or group.column != catalog[group.table].entity_key:
        return None
    shown = [item for item in intent.listed if not item.fn]
    found = [_find(item.words, [group.table], catalog) for item in shown] if shown else \
        [_Ref(group.table, label) for label in entity_labels(catalog[group.table]) if label != group.column]
    refs = [ref for ref in found if ref is not None and ref.table == group.table]
    if not refs or len(refs) < len(found):
        return None
    # ("guest id and number of bookings": the key listed is shown as itself, no label of it)
    labels = tuple(Item(text=group.text, words=W.split_identifier(ref.column), span=group.span, column=ref.column,
                        table=ref.table) for ref in refs if ref.column != group.column)
    query = _plain(link, intent.model_copy(update={"groups": (group, *labels)}), catalog)
    grouped = [step for step in query.steps if isinstance(step, ir.GroupBy)] if query is not None else []
    if len(grouped) != 1:
        return None
    key, *said = [k if isinstance(k, str) else k.name for k in grouped[0].by]
    shown_labels = iter(said)
    names = [key if ref.column == group.column else next(shown_labels) for ref in refs]
    names += [named.name for named in grouped[0].agg]
    return _resolving(query.model_copy(update={"steps": [*query.steps, ir.Select(columns=names)]}), catalog)


def _labelled_groups(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"For each branch: branch name, number of accounts, total balance": the columns listed
    beside the aggregates are more keys of the group, shown with them in the order listed."""
    tables = [*link.tables, *(t for t in catalog if t not in link.tables)]
    grouped = [group.column or getattr(_group_ref(group, tables, catalog), "column", None) for group in intent.groups]
    plain = [item for item in intent.listed if not item.fn and item.column and item.column not in grouped]
    if not intent.groups or not plain or len(plain) == len(intent.listed) or intent.limit or intent.single:
        return None
    query = _plain(link, intent.model_copy(update={"groups": (*intent.groups, *plain)}), catalog)
    steps = [step for step in query.steps if isinstance(step, ir.GroupBy)] if query is not None else []
    if len(steps) != 1 or len(steps[0].by) != len(intent.groups) + len(plain):
        return None
    keys = [k if isinstance(k, str) else k.name for k in steps[0].by]
    shown = dict(zip(map(id, plain), keys[len(intent.groups):]))
    shown |= {id(item): keys[k] for item in intent.listed for k, column in enumerate(grouped)
              if not item.fn and item.column == column}
    aggregates = iter(named.name for named in steps[0].agg)
    columns = [shown.get(id(item)) if not item.fn else next(aggregates, None) for item in intent.listed]
    if None in columns:
        return None
    return _resolving(query.model_copy(update={"steps": [*query.steps, ir.Select(columns=columns)]}), catalog)


_EXTREME = re.compile(rf"\b({W.alternatives((*L.RUN_MAX_WORDS, *L.RUN_MIN_WORDS, 'maximum', 'minimum'))})\s+"
                      r"((?:[A-Za-z_]+\s*){1,3})", re.IGNORECASE)
_LOW_END = frozenset({*L.RUN_MIN_WORDS, "minimum"})


def _extreme(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"What is the earliest order date?": one number, the least or greatest value of a column
    of the rows the question keeps."""
    found = _EXTREME.search(link.question)
    if found is None or intent.answer != "scalar" or intent.aggregates or intent.groups or intent.listed:
        return None
    source = link.tables[0]
    ref = _find(item_words(found.group(2)), [source], catalog)
    if ref is None or W.key_like(ref.column):
        return None
    dated = ref.column in _dates(source, catalog)
    word = found.group(1).lower()
    # "oldest" is the least date but the greatest age.
    fn = "min" if (word in _LOW_END) != (word == "oldest" and not dated) else "max"
    # The column's words end where words about the rows begin ("freight of delivered orders").
    end = found.start(2) + next((w.start for w in W.words(found.group(2)) if w.lower in L.ITEM_END),
                                len(found.group(2)))
    conditions = _conditions(link, intent, catalog, _own_frame(source, catalog), link.values,
                             lambda at: not found.start() <= at < end)
    if conditions is None:
        return None
    steps: list[ir.Node] = [ir.Filter(predicate=predicate)] if (predicate := _all(conditions)) is not None else []
    # Named by the question's words up to those that name the column ("the latest delivery date
    # recorded" -> max_delivery_date; "the largest department budget" -> max_department_budget).
    words = item_words(link.question[found.start(2):end])
    said = _find_said(words, [source], catalog)
    run = said[1] if said is not None and said[0] == ref else words
    named = next((words[:k + len(run)] for k in range(len(words)) if words[k:k + len(run)] == run), words)
    name = _aggregate_name(fn, named) if named else f"{fn}_{W.snake_case([ref.column])}"
    steps.append(ir.Select(columns=[ir.Named(name=name, expr=ir.Agg(fn=fn, operand=_operand(ref, fn, ref.column, catalog)))]))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


# ---------------------------------------------------------------------------------------
# Rows or entities compared with an average


_TIMES = r"(?:(?P<times>" + W.alternatives(tuple(L.MULTIPLES)) + rf"|{W.SMALL_NUMBER}\s+times)\s+)?"
# "the average", "their department's average", "that customer's average", or a bare "average"
# ("more books than average").
_AVERAGE_TAIL = (r"(?:that\s+of\s+)?(?:(?:the|their|its|that|this)\s+(?P<owner>(?:[A-Za-z_-]+(?:'s|s')?\s+){0,2}?))?"
                 rf"(?:{W.alternatives(L.MEAN_WORDS)})\b(?P<after>(?:\s+[A-Za-z_']+){{0,3}})")
# "above the average ...", and "more <things> than the average ...": a count compared.
_VERSUS_AVERAGE = (
    re.compile(rf"\b(?:(?P<above>{W.alternatives((*L.ABOVE_WORDS, *L.MEASURED_ABOVE_WORDS))})"
               rf"|(?P<below>{W.alternatives((*L.BELOW_WORDS, *L.MEASURED_BELOW_WORDS))})"
               rf"|(?P<least>{W.alternatives(L.AT_LEAST_WORDS)})|(?P<most>{W.alternatives(L.AT_MOST_WORDS)}))\s+"
               + _TIMES + _AVERAGE_TAIL, re.IGNORECASE),
    re.compile(r"\b(?P<more>more|fewer|less)\s+(?:in\s+)?(?P<counted>[A-Za-z_]+)\s+than\s+" + _TIMES + _AVERAGE_TAIL,
               re.IGNORECASE),
    # "customers with an above-average number of orders", "below-average revenue": the average
    # before what it compares, as "more orders than the average".
    re.compile(rf"\b(?:(?P<above>above)|(?P<below>below))[-\s](?P<owner>)(?P<times>)(?:{W.alternatives(L.MEAN_WORDS)})"
               r"(?P<after>)\s+(?:(?:number|count)\s+of\s+)?(?P<counted>[A-Za-z_]+)\b", re.IGNORECASE),
    # "a higher population than the average": the measure between the comparative and "than".
    re.compile(rf"\b(?:(?P<above>{W.alternatives(L.HIGHER_WORDS)})|(?P<below>{W.alternatives(L.LOWER_WORDS)}))\s+"
               r"(?P<measured>(?:[A-Za-z_]+\s+)?[A-Za-z_]+)\s+than\s+" + _TIMES + _AVERAGE_TAIL, re.IGNORECASE))


# "the average salary of their department", "the average of their billing country", "the
# average product in the same category": the group (in one or two words) after the average's.
_OWNER_AFTER = re.compile(r"(?:\s+[A-Za-z_]+){0,2}?\s+(?:(?:of|in|for|within|across)\s+(?:their|its|the\s+same)|with\s+the\s+same)\s+"
                          r"(?P<group>[A-Za-z_]+(?:\s+[A-Za-z_]+)?)",
                          re.IGNORECASE)
# Where the words about the subject's value begin: "customers whose total amount", "routes
# that have an average fare".
_OF_SUBJECT = re.compile(r"\b(?:which|who|whose|that|where|with|have|has|had)\b", re.IGNORECASE)


def _versus_average(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Products priced above the average price", "employees earning more than their region's
    average salary": rows kept by their value against the mean of all rows or of their group.
    "Customers with a combined balance above the average customer's", "members who borrowed
    more books than the average borrower": one row per entity with its aggregate, kept by it
    against the mean of the entities' (the mean of all rows where the words say "overall")."""
    question = link.question
    found = min((m for pattern in _VERSUS_AVERAGE if (m := pattern.search(question))), key=lambda m: m.start(),
                default=None)
    # "the average total cost per customer": a group inside the average's words is what it averages over.
    # ("each student whose average score is above ...": the group is the subject compared)
    if found is None or intent.window_kind is not None or intent.limit or intent.single \
            or any(group.span[0] < found.start() and not _RELATIVE_AFTER.match(question, group.span[1])
                   for group in intent.groups):
        return None
    groups = found.groupdict()
    op = ">" if groups.get("above") or (groups.get("more") or "").lower() == "more" else \
        ">=" if groups.get("least") else "<=" if groups.get("most") else "<"  # "at least twice the average"
    times = (found.group("times") or "").lower()
    factor = L.MULTIPLES.get(times) or (W.small_number(times.split()[0]) if times else 1)
    tables = [*link.tables, *(t for t in catalog if t not in link.tables)]
    before = question[W.clause_start(question, found.start()):found.start()]
    subject = _table_named(before, tables)
    said_owner = found.group("owner") or ""
    owner = item_words(said_owner.replace("'s", " ").replace("s' ", " "))
    if not owner and (of := _OWNER_AFTER.match(question, found.start("after"))):
        owner = item_words(of.group("group"))  # "the average salary of their department"
    # "the overall average", "the school-wide average", "the average fee of all visits"; "the
    # average customer's total" is the entities'.
    overall = any(set(w.lower.split("-")) & L.OVERALL_WORDS for w in W.words(said_owner)) \
        or bool(re.match(r"(?:\s+[A-Za-z_]+)?\s+(?:of|across|over)\s+(?:all|every)\b", found.group("after")))
    # "How many customers have a combined balance above ...": the count asked is of the entities
    # kept; the words after the subject say what each is compared by.
    compared = _OF_SUBJECT.split(before)[-1] if intent.answer == "scalar" else before
    # "doctors who earned more in fees", "users who generated more revenue": a measure, summed.
    summed = _summed(groups["counted"], tables, catalog) if groups.get("counted") else None
    if summed is not None:
        measure, words = summed
        counted = measure.table
        # "tracks with more bytes than the average": a value each of the subject's rows holds, as is.
        fn = None if measure.table == subject else "sum"
    elif groups.get("counted"):
        # "members who borrowed more books": the rows that point at the subject, where the
        # counted noun names no table of the request.
        counted = _table_named(groups["counted"], tables) or (_only_referrer(subject, catalog) if subject else None)
        fn, measure, words = "len", None, ()
        if counted is None:
            return None
        counted = _counted_rows(subject, counted, catalog)
    elif aggregate_fn(compared) == "len" and (counted := _table_named(_OF_SUBJECT.split(before)[-1], tables)):
        fn, measure, words = "len", None, ()  # "users whose session count is above the average user's"
    else:
        said = _OF_SUBJECT.split(before)[-1]
        # "films with a rental rate above ...": an aggregate word of the column's own name asks no aggregate.
        own = _own_name_aggregate(said, tables, catalog)
        fn = None if own else aggregate_fn(compared)
        if own:  # nor is it one of the question's aggregates ("invoices with a total above ...")
            intent = intent.model_copy(update={"aggregates": tuple(a for a in intent.aggregates
                                                                   if a != aggregate_fn(said))})
        operands = (tuple(w for w in (item_words(said) if own else _operand_words(said))
                          if not (subject and _names_table((w,), subject))),
                    _operand_words(found.group("after")))  # "earning more than the average salary"
        # "List names and prices for products priced above ...": else the word right before the comparison.
        nearest = tuple(w.lower for w in W.words(said)[-1:])
        measured = item_words(groups.get("measured") or "")
        if groups.get("measured") and aggregate_fn(groups["measured"]):
            return None  # "a higher total spend than the average customer" is an entity's aggregate
        named = next((hit for words in (measured, *operands, nearest) if words
                      and (hit := _measure_named(words, tables, catalog))), None)
        # "earning more than their manager's average bonus": the average's own noun names no column.
        # "... exceeds the average country's total": an aggregate's noun names the total compared.
        last = [w.lower for w in W.words(found.group("after"))][-1:]
        unnamed = operands[1] and not _measure_named(operands[1], tables, catalog) \
            and _table_named(" ".join(operands[1]), tables) is None \
            and not (last and L.AGGREGATE_WORDS.get(last[0]) == fn == "sum")
        compared_by = " ".join((groups.get("above") or groups.get("below") or "").lower().split())
        if named is None and (not operands[1] or _table_named(" ".join(operands[1]), tables)) \
                and compared_by in (*L.MEASURED_ABOVE_WORDS, *L.MEASURED_BELOW_WORDS):
            # "tracks longer than the average (track) of their album": what the comparative measures.
            adjective = compared_by.split()[-2]
            named = next((hit for noun in (W.synonym(adjective), *W.measured_by(adjective))
                          if (hit := _measure_named((noun,), tables, catalog))), None)
        if named is None or unnamed or fn not in (None, *_AGG_FNS) or fn == "len":
            return None
        measure, words = named
        counted = measure.table
    if fn is None:
        return _above_row_average(link, intent, counted, measure, op, factor, owner, overall, found.span(), catalog)
    return _above_entity_average(link, intent, before, subject, counted, fn, measure, op, factor, overall, found.span(),
                                 words, catalog)


_RELATIVE_AFTER = re.compile(r"\s+(?:whose|who|that|which)\b", re.IGNORECASE)


def _own_name_aggregate(said: str, tables: list[str], catalog: Mapping[str, TableInfo]) -> bool:
    """"a rental rate", "an average_rating", "the total amount" of a `total_amount`: the
    aggregate word the words hold is part of the name of the column they name."""
    words = item_words(said)
    ref = _named(words, tables, catalog, keys=False) if words else None
    return isinstance(ref, _Ref) and bool(set(words) & set(W.split_identifier(ref.column)) & set(L.AGGREGATE_WORDS))


# "more books than member 12", "fewer accounts than customer #1004": the entity a number names.
_VERSUS_ENTITY = re.compile(r"\b(?P<more>more|fewer|less)\s+(?:in\s+)?(?P<counted>[A-Za-z_]+)\s+than\s+(?:the\s+)?"
                            r"(?P<noun>[A-Za-z_]+)\s+(?:(?:id|number|no\.?)\s*|#\s*)?(?P<key>\d+)\b", re.IGNORECASE)


def _versus_entity(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Members who borrowed more books than member 12", "departments with fewer employees than
    department 30", "members who paid more in fines than member 20": one row per entity with its
    count of rows (or sum of a measure), kept by it against that of the one entity the number names."""
    question = link.question
    found = _VERSUS_ENTITY.search(question)
    if found is None or intent.window_kind is not None or intent.limit or intent.single or intent.groups:
        return None
    tables = [*link.tables, *(t for t in catalog if t not in link.tables)]
    before = question[W.clause_start(question, found.start()):found.start()]
    subject = _table_named(before, tables)
    summed = _summed(found.group("counted"), tables, catalog)
    counted = summed[0].table if summed else \
        _table_named(found.group("counted"), tables) or (_only_referrer(subject, catalog) if subject else None)
    if counted is None or counted == subject:
        return None
    # "Customers with more accounts than customer 12", no table of customers: their key where the accounts are.
    noun = (W.singular(found.group("noun").lower()),)
    entity = _Ref(subject, key) if subject and (key := catalog[subject].entity_key) and _names_table(noun, subject) \
        else None if subject else _entity_key(noun, [counted], catalog)
    if entity is None or catalog[entity.table].columns[entity.column].dtype not in _NUMERIC:
        return None
    op = ">" if found.group("more").lower() == "more" else "<"
    if summed:
        return _above_entity_average(link, intent, before, subject, counted, "sum", summed[0], op, 1, False,
                                     found.span(), summed[1], catalog, against=int(found.group("key")))
    return _above_entity_average(link, intent, before, subject, _counted_rows(subject, counted, catalog), "len", None,
                                 op, 1, False, found.span(), (), catalog, against=int(found.group("key")))


def _summed(said: str, tables: list[str], catalog: Mapping[str, TableInfo]) -> tuple[_Ref, tuple[str, ...]] | None:
    """The measure "more in fees", "more revenue" names, summed for each entity; none where the
    word names a table's rows, counted ("more books")."""
    return None if _table_named(said, tables) else _measure_named(item_words(said), tables, catalog)


def _above_row_average(link: Link, intent: Intent, source: str, measure: _Ref, op: str, factor: float,
                       owner: tuple[str, ...], overall: bool, span: tuple[int, int],
                       catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    partition = None if overall else _owner_partition(tuple(w for w in owner if w not in L.MEAN_WORDS), source, catalog)
    if partition is False or intent.aggregates and intent.aggregates != ("mean",):
        return None
    col = ir.Col(name=measure.column)
    mean: ir.Node = ir.Agg(fn="mean", operand=col)
    if partition:
        mean = ir.Over(operand=mean, partition_by=[partition])
    # "the product name, category name and unit price of products priced above ...": a listed
    # column of another table is looked up after the rows are kept.
    others = [t for t in link.tables if t != source]
    listed = [_find(item.words, [source], catalog) if item.column in (None, *catalog[source].columns)
              else _find(item.words, others, catalog) for item in intent.listed]
    if None in listed:
        return None
    frame = _own_frame(source, catalog)
    conditions = _conditions(link, intent, catalog, frame, link.values, lambda at: not _inside(at, span))
    if conditions is None:
        return None
    steps: list[ir.Node] = [ir.Filter(predicate=_all([*conditions, _compared(col, op, factor, mean)]))]
    looked_up = list(dict.fromkeys(ref.table for ref in listed if ref and ref.table != source))
    if looked_up:
        steps += _joined(source, join_path(catalog, [source, *looked_up], link.roles), catalog)
        frame = _frame_names(ir.Query(source=source, steps=steps), catalog)
    if listed:
        steps.append(ir.Select(columns=[frame[ref.table, ref.column] for ref in listed if ref]))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


_WITH_THEIR_AFTER = re.compile(rf",\s*(?:{W.alternatives(L.WITH_THEIR)})\s+(?P<words>[A-Za-z_ ]+?)\s*(?:[.?!]|$)",
                               re.IGNORECASE)


def _above_entity_average(link: Link, intent: Intent, before: str, subject: str | None, counted: str, fn: str,
                          measure: _Ref | None, op: str, factor: float, overall: bool, span: tuple[int, int],
                          words: tuple[str, ...], catalog: Mapping[str, TableInfo],
                          threshold: ir.Node | None = None, against: int | None = None) -> ir.Query | None:
    """One row per entity with its aggregate, kept by it against the mean of the entities'
    (of every row where `overall`), against `threshold` where the words give a number, or
    against the aggregate of the entity whose key is `against`."""
    tables = [counted, *(t for t in catalog if t != counted)]
    plain = [item for item in intent.listed if not item.fn]
    nouns = [w.lower for w in W.words(before) if w.lower not in W.STOPWORDS and w.lower not in L.LIST_OPENERS]
    noun = (W.singular(nouns[0]),) if nouns else ()
    if subject is not None and subject != counted and (key := catalog[subject].entity_key):
        # "Countries whose users generated more than 5000 in total": a label of the subject's
        # that the first noun names is the group, not the subject itself.
        said = [(nouns[0], W.singular(nouns[1])), noun] if len(nouns) > 1 else [noun]  # "signup channels"
        label = next((ref for words in said if (ref := _label(words, subject, catalog))), None) \
            if noun and not _names_table(noun, subject) else None
        entity: _Ref | None = label or _Ref(subject, key)
    else:  # "Which devices ...", no table of devices: their key where the rows are
        # ... else a label of the rows' own the noun names ("Subjects with an average fee above 700").
        # ("Room types with an average rate above 150": a label the first two nouns name, first)
        pair = _label((nouns[0], W.singular(nouns[1])), counted, catalog) if len(nouns) > 1 else None
        entity = (pair or _entity_key(noun, tables, catalog) or _label(noun, counted, catalog)) if nouns else None
    near = list(dict.fromkeys([*([entity.table] if entity else []), *tables]))
    columns = [_Ref(item.table, item.column) if item.table and item.column else _find(item.words, near, catalog)
               for item in plain]
    if not plain and entity is not None and (their := _WITH_THEIR_AFTER.search(link.question, span[1])):
        # "Customers whose total spend exceeds 1000, with their name": the entity shown by a
        # column of its own, its aggregate after it.
        parts = [item_words(part) for part in re.split(r",|\band\b", their.group("words")) if item_words(part)]
        # "their first and last name": a part said short shares the last part's noun.
        columns = [_find(words, [entity.table], catalog) or _find((*words, parts[-1][-1]), [entity.table], catalog)
                   for words in parts]
    if None in columns or entity is None and not columns or fn != "len" and measure is None:
        return None
    needed = [counted, *([entity.table] if entity else []), *(ref.table for ref in columns if ref)]
    steps = _joined(counted, join_path(catalog, list(dict.fromkeys(needed)), link.roles), catalog)
    frame = _frame_names(ir.Query(source=counted, steps=steps), catalog)
    conditions = _conditions(link, intent, catalog, frame, link.values, lambda at: not _inside(at, span))
    if conditions is None:
        return None
    if (predicate := _all(conditions)) is not None:
        steps.append(ir.Filter(predicate=predicate))
    keys = list(dict.fromkeys([*([frame[entity.table, entity.column]] if entity else []),
                               *(frame[ref.table, ref.column] for ref in columns if ref)]))
    named = next((item.name for item in intent.listed if item.fn), None)
    if fn == "len":
        name = named or next((h.name for h in link.names if h.fn == "len" and intent.answer == "rows"), None) \
            or _rows_counted(counted)
        agg = ir.Agg(fn="len")
    else:
        name = named or _aggregate_name(fn, words)  # "combined balance" -> total_balance
        agg = ir.Agg(fn=fn, operand=ir.Col(name=frame[measure.table, measure.column]))
    aggs = [ir.Named(name=name, expr=agg)]
    value = ir.Col(name=name)
    if threshold is not None:
        mean: ir.Node = threshold
    elif against is not None and entity is not None:
        # "more books than member 12": that member's own count is the bar, 0 where it has no rows.
        held = ir.Binary(op="==", left=ir.Col(name=frame[entity.table, entity.column]), right=ir.Lit(value=against))
        mean = ir.Agg(fn="max", operand=ir.When(branches=[ir.Branch(when=held, then=value)], otherwise=ir.Lit(value=0)))
    elif overall and measure is not None:
        # The mean of every row, not of the entities': taken before the rows are grouped.
        steps.append(ir.WithColumns(columns=[ir.Named(name=f"overall_{name}", expr=ir.Agg(
            fn="mean", operand=ir.Col(name=frame[measure.table, measure.column])))]))
        aggs.append(ir.Named(name=f"overall_{name}", expr=ir.Agg(fn="first", operand=ir.Col(name=f"overall_{name}"))))
        mean = ir.Col(name=f"overall_{name}")
    else:
        mean = ir.Agg(fn="mean", operand=value)
    steps += [ir.GroupBy(by=keys, agg=aggs), ir.Filter(predicate=_compared(value, op, factor, mean))]
    shown = [frame[ref.table, ref.column] for ref in columns if ref] or keys
    position = next((k for k, item in enumerate(intent.listed) if item.fn), len(shown)) if plain else len(shown)
    steps.append(_groups_counted(link, subject or entity and entity.table) if intent.answer == "scalar"
                 else ir.Select(columns=[*shown[:position], name, *shown[position:]]))
    return _resolving(ir.Query(source=counted, steps=steps), catalog)


def _label(words: tuple[str, ...], table: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The table's column the words name, where it labels rows rather than measures them."""
    ref = _find(words, [table], catalog)
    return ref if ref is not None and not _measure(ref, catalog) and _kind(ref, catalog) != "date" else None


def _measure_named(words: tuple[str, ...], tables: list[str],
                   catalog: Mapping[str, TableInfo]) -> tuple[_Ref, tuple[str, ...]] | None:
    """The measure the words name and the words that name it: a column, or the one measure of
    the table they name ("the average salary" of a salaries table); a plural that names a table
    says whose rows, not what is measured ("shipments cost" -> cost)."""
    said = _find_said(words, tables, catalog) if words else None
    # "the customer's average payment": a table's noun names its one measure, not its own id.
    if (said is None or not _measure(said[0], catalog)) and len(words) == 1:
        ref = next((_only_measure(t, catalog) for t in tables if _names_table(words, t)), None)
        said = (ref, words) if ref is not None else said
    if said is None or not _measure(said[0], catalog):
        return None
    ref, named = said
    kept = tuple(w for w in named if W.singular(w) == w or not _names_table((w,), ref.table))
    return ref, kept or named


def _in_column_name(value: ValueMatch, question: str, catalog: Mapping[str, TableInfo]) -> bool:
    """A value's words that open the name of another column ("the earliest hire date" is
    `e_hire_dt`, not the salary changes of reason "hire")."""
    # "the average discount of their ship mode": its own column too (`li_shipmode`, whose
    # values include SHIP).
    return _column_opened(value.span, question, catalog) is not None


def _column_opened(span: tuple[int, int], question: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The column the words in `span` name together with the word after them ("hire date",
    "delivered date")."""
    said = [w.lower for w in W.words(question[span[0]:span[1]]) if w.lower not in W.STOPWORDS]
    after = W.words(question[span[1]:])[:1]
    if not said or not after:
        return None
    ref = _named((*item_words(question[span[0]:span[1]]), after[0].lower), list(catalog), catalog)
    # The words themselves are the name's ("hire" of `e_hire_dt`), not words a looser match skipped.
    parts = {W.stem(p) for p in W.split_identifier(ref.column)} if ref else set()
    # ... or run together in one part of it ("ship mode" of `li_shipmode`).
    whole = ref.column.lower().replace("_", "") if ref else ""
    return ref if ref and (all(W.stem(w) in parts for w in said)
                           or "".join((*said, after[0].lower)) in whole) else None


def _inside(at: int, span: tuple[int, int]) -> bool:
    return span[0] <= at < span[1]


def _compared(value: ir.Node, op: str, factor: float, mean: ir.Node) -> ir.Node:
    return ir.Binary(op=op, left=value, right=mean if factor == 1 else ir.Binary(op="*", left=ir.Lit(value=factor),
                                                                               right=mean))


# ---------------------------------------------------------------------------------------
# Lookups through a pointer the question names by its role

# "the name of their manager": the looked-up column's words come before the role.
# "the email of each employee's manager" too.
_OF_ROLE = re.compile(r"\bof\s+(?:their|its|his|her|the|(?:each|every)\s+[A-Za-z]+'s)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class _RoleLookup:
    word: W.Word        # the role's word: "manager", "origin"
    pointer: str        # the column it names: `e_mgr_id`, `f_origin`
    key: str            # the key it points at: `emp_id`, `ap_code`
    ref: _Ref           # the column looked up
    said: tuple[str, ...]  # the words that name that column: ("name",), ("city",)
    at: int             # where the words of the lookup start


def _role_lookup(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Employees and the name of their manager", "flights with their origin and destination
    city": columns looked up through pointers the question names by their role, into the
    entity's own table (a self-join) or into one table that two pointers reach. Each lookup
    joins a copy of the table whose key takes the pointer's name and whose column takes the
    question's words (`manager_name`, `origin_city`), so no copy's columns meet another's."""
    if intent.aggregates or intent.limit or intent.single or intent.window or intent.ratio or intent.distinct \
            or link.literals:
        return None
    source = _table_named(link.question, list(link.tables)) or link.tables[0]
    pointers = _role_pointers(source, catalog)
    said_to = _pointers_said(link.question, source, pointers, catalog)
    pointers.update(said_to)
    lookups = _role_lookups(link.question, pointers, catalog)
    # "the name of their manager": the role's word is no value ("Manager" of job titles).
    values = [value for value in link.values
              if not any(lookup.word.start <= value.span[0] < lookup.word.end for lookup in lookups)]
    # "Cancelled flights with ...", "Active employees with ...": values keep the source's rows.
    if any(value.table != source for value in values):
        return None
    targets = {pointers[lookup.pointer][0] for lookup in lookups}
    if not lookups or not (source in targets or len(lookups) > 1 or any(lookup.pointer in said_to for lookup in lookups)):
        return None  # one role into another table is an ordinary lookup
    labels = entity_labels(catalog[source])
    # "their department's name and their manager's name": a lookup of no role besides.
    if _table_named(link.question, [t for t in link.tables if t not in (source, *targets)]) or any(
            item.column not in labels and not any(item.span[1] <= lookup.at <= item.span[1] + 1
                                                  or _inside(lookup.word.start, item.span)
                                                  # "...: country and capital", "...: manager last name"
                                                  or item.words[:1] == (lookup.word.lower,)
                                                  for lookup in lookups)
            for item in intent.listed):
        return None
    defs: dict[str, ir.Pipeline] = {}
    kept = values_predicate(values, {(source, column): column for column in catalog[source].columns})
    steps: list[ir.Node] = [ir.Filter(predicate=kept)] if kept is not None else []
    shown: list[ir.ColumnItem] = list(labels)
    for lookup in lookups:
        role = W.singular(lookup.word.lower)
        # "the name of their manager (as boss)": the name the question gives the item, else its words.
        out = next((item.name for item in intent.listed if item.name and _inside(lookup.word.start, item.span)),
                   W.column_name([role, *map(W.singular, lookup.said)]))
        defs[f"{role}s"] = ir.Pipeline(source=lookup.ref.table, steps=[ir.Select(columns=[
            ir.Named(name=lookup.pointer, expr=ir.Col(name=lookup.key)),
            ir.Named(name=out, expr=ir.Col(name=lookup.ref.column))])])
        steps.append(ir.Join(right=f"{role}s", how="left", on=[lookup.pointer]))
        shown.append(out)
    steps.append(ir.Select(columns=shown))
    return _resolving(ir.Query(defs=defs, source=source, steps=steps), catalog)


def _role_lookups(question: str, pointers: Mapping[str, tuple[str, str]],
                  catalog: Mapping[str, TableInfo]) -> list[_RoleLookup]:
    """Each role the question names with the column it looks up: after the role ("manager's
    name", "origin city") or before it ("the name of their manager")."""
    words = W.words(question)
    lookups: list[_RoleLookup] = []
    for i, word in enumerate(words):
        pointer = _pointer_said(word.lower, pointers)
        chain = [(word, pointer)] if pointer and pointer not in {lookup.pointer for lookup in lookups} else []
        # "origin and destination city": roles joined by "and" share the words after the last.
        while chain and i + 2 < len(words) and words[i + 1].lower == "and" \
                and (pointer := _pointer_said(words[i + 2].lower, pointers)) and pointer not in {p for _, p in chain}:
            chain.append((words[i + 2], pointer))
            i += 2
        if not chain:
            continue
        before = _OF_ROLE.search(question, 0, chain[0][0].start)
        said = _after_article(question[:before.start()]) if before else ()
        after = tuple(w.lower for w in words[i + 1:i + 3] if w.lower not in W.STOPWORDS)
        target = pointers[chain[0][1]][0]
        found = _find_said(said, [target], catalog) or _find_said(after, [target], catalog)
        if found is not None and found[0].table == target:
            lookups += [_RoleLookup(w, pointer, pointers[pointer][1], found[0], found[1],
                                    before.start() if before else w.start) for w, pointer in chain]
    return lookups


def _after_article(text: str) -> tuple[str, ...]:
    """The words of a noun phrase at the end of `text`, after its article ("with the name")."""
    said = [w.lower for w in W.words(text)]
    start = max((k + 1 for k, w in enumerate(said) if w in L.DETERMINERS), default=len(said))
    return tuple(said[start:])[-2:]


def _pointer_said(word: str, pointers: Mapping[str, tuple[str, str]]) -> str | None:
    """The pointer a word names by its role ("manager": `e_mgr_id`; "departing": `f_origin`)."""
    if word in L.KEY_PARTS or word in W.STOPWORDS or "_" in word:
        return None  # "as manager_name" gives a name
    role = L.ROLE_WORDS.get(word, word)
    return next((pointer for pointer in pointers if W.names_part(role, pointer)), None)


def _role_pointers(source: str, catalog: Mapping[str, TableInfo]) -> dict[str, tuple[str, str]]:
    """The source's columns that point by a role, each with the table and key it points at:
    at the source's own rows (`e_mgr_id`: a key-like column of its key's type, named by a
    relation between rows, that points at no other table), or at a table another pointer
    reaches too (`f_origin`, `f_dest`)."""
    own = side_of(catalog[source], source)
    key = catalog[source].entity_key
    reached: dict[str, list[tuple[str, str]]] = {}
    for column, typed in own.items():
        if column in catalog[source].keys:
            continue
        reached[column] = [(table, right) for table in catalog if table != source
                           for _, _, right in candidate_pairs({column: typed}, side_of(catalog[table], table))]
    pointers = {column: (source, key) for column, found in reached.items()
                if not found and key is not None and W.key_like(column) and own[column].dtype == own[key].dtype
                and any(_relation_part(word, column) for word in L.RELATION_WORDS)}
    shared = Counter(found[0][0] for found in reached.values() if len(found) == 1)
    pointers.update({column: found[0] for column, found in reached.items()
                     if len(found) == 1 and shared[found[0][0]] > 1})
    return pointers


def _pointers_said(question: str, source: str, pointers: Mapping[str, tuple[str, str]],
                   catalog: Mapping[str, TableInfo]) -> dict[str, tuple[str, str]]:
    """"the name of its capital city": a key-like column named by a role (`capital_id`) that no
    name joins anywhere points at the table the noun after the role's word names, where that
    table's key has the column's type."""
    own = catalog[source]
    dangling = {column: (source, column) for column, info in own.columns.items()
                if column not in own.keys and column not in pointers and W.key_like(column)
                and not any(candidate_pairs({column: side_of(own, source)[column]}, side_of(catalog[table], table))
                            for table in catalog if table != source)}
    words = W.words(question)
    out: dict[str, tuple[str, str]] = {}
    for word, noun in zip(words, words[1:]):
        pointer = _pointer_said(word.lower, dangling)
        table = _table_named(noun.text, [t for t in catalog if t != source]) if pointer else None
        key = catalog[table].entity_key if table else None
        if key is not None and catalog[table].columns[key].dtype == own.columns[pointer].dtype:
            out[pointer] = (table, key)
    return out


def _relation_part(word: str, column: str) -> bool:
    """A part of the column's name is the relation's word, or an abbreviation that drops its
    vowels (`mgr`); a bare three-letter start is too loose (`rep` of `support_rep_id` is a
    representative, not who one "reports" to)."""
    return any(part == word or W.shortens(part, word) and not (len(part) <= 3 and word.startswith(part))
               for part in W.split_identifier(column))


# ---------------------------------------------------------------------------------------
# Everything else: joins, filters, groups, aggregates, order, columns


_ITEM_END = re.compile(rf"\b(?:{W.alternatives(tuple(L.ITEM_END))})\b", re.IGNORECASE)


def _after_values(value: ValueMatch, link: Link) -> int:
    """Where the words after a value go on, past the values said right after it ("VIP Corporate customers")."""
    at = value.span[1]
    while (nxt := next((v for v in link.values if v.span[0] > at and not link.question[at:v.span[0]].strip()), None)):
        at = nxt.span[1]
    return at


def _naming_span(item: Item, question: str) -> tuple[int, int]:
    """The part of an item's span that names it: "city of patients not living in Paris" names
    `city` up to "of"; the value after it keeps rows."""
    start, end = item.span
    cut = _ITEM_END.search(question, start, end)
    return start, cut.start() if cut and cut.start() > start else end


_RATIO_WORD = re.compile(rf"\b(?:{W.alternatives(L.RATIO_WORDS)})(?=\s+of\b)", re.IGNORECASE)


# Words that ask for an order of the answer: "highest first", "in descending order", "sorted".
# ("order" alone is a noun: "per order status")
_ORDER_SAID = re.compile(r"\b(?:[A-Za-z]+\s+(?:first|last)|sort(?:ed|ing)?|ordered|rank(?:ed)?|order\s+by|in\s+[A-Za-z]+\s+order"
                         r"|descending|ascending|from\s+[A-Za-z]+\s+to\s+[A-Za-z]+)\b", re.IGNORECASE)
# "sorted by name", "in order of ...": the order is of a column the words name, not the measure.
_SORTED_BY = re.compile(r"\b(?:sort|sorted|order|ordered|ordering|rank|ranked)\s+(?:\w+\s+)?(?:by|of)\b", re.IGNORECASE)


# "... of aircraft built after 2015": the noun of the rows a list is of.
_OF_ROWS_NOUN = re.compile(r"\bof\s+(?:(?:the|all|every|each)\s+)?([A-Za-z_]+)", re.IGNORECASE)


def _plain(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    source = link.tables[0]
    if intent.answer == "rows" and not (intent.listed or intent.groups or intent.aggregates or intent.ratio):
        # "Find all suppliers in the nation GERMANY": whole rows of the table the subject names,
        # however the link ranks the table that holds the value; "Antibiotics with a strength
        # above 200 mg": of the table whose value the subject is.
        source = _table_named(link.question, list(link.tables)) or _value_subject(link) or source
    elif intent.listed and not intent.aggregates:
        # A lookup starts from the entity it is for, whose column the question lists first.
        first = intent.listed[0]
        source = first.table or next((t for t in link.tables if first.column in catalog[t].columns), None) \
            or getattr(_find(first.words, _naming_first(first.words, [*link.tables, *catalog]), catalog), "table",
                       source)
        # "the airline code, model and seat count of aircraft": the rows named, whose own
        # pointer holds the first column (the aircraft's airline code, not the airlines' key).
        subject = next((table for m in _OF_ROWS_NOUN.finditer(link.question, first.span[1])
                        if (table := _table_named(m.group(1), list(link.tables)))), None)
        if subject is not None and subject != source and first.column is not None \
                and pointer(subject, source, first.column, catalog) is not None:
            source = subject
            intent = intent.model_copy(update={"listed": tuple(
                item.model_copy(update={"column": held, "table": source})
                if item.column is not None and item.column not in catalog[source].columns
                and (held := next((p for t in catalog if item.column in catalog[t].columns
                                   and (p := pointer(source, t, item.column, catalog))), None)) else item
                for item in intent.listed)})
    elif intent.ratio:  # a share is of the rows its counted value is of ("no-show rate per doctor": visits)
        # ... the subject's own where it holds the value too ("flights departing from LIS", not airports)
        tables = [v.table for v in link.values if v.span[0] >= intent.ratio.counted_at]
        source = source if source in tables else next(iter(tables), source)
    elif "len" in intent.aggregates:
        source = _counted_source(link) or source
    tables = list(dict.fromkeys([source, *link.tables, *catalog]))
    # A value inside the words of a group or a listed column names that column, not rows
    # ("per ship country" is not the shipped orders).
    # "For each course, give its title and teacher": with columns listed and nothing to
    # aggregate, "each" asks for rows, not groups.
    items = intent.listed or _distinct_item(link.question, intent)
    lookup = items and not intent.aggregates and not any(item.fn for item in items)
    # ... and the values in its words keep rows ("for each delivered shipment"), as do those of
    # a group of one row each ("the average fee per completed visit").
    rows = () if lookup and intent.listed else [g for g in intent.groups if not _per_row(link.question, g, source)]
    spans = [_naming_span(item, link.question) for item in (*rows, *intent.listed, *_distinct_item(link.question, intent))]
    if intent.ratio:  # "Share of sessions that bounced": the word that asks for it is no value ("share")
        spans += [m.span() for m in _RATIO_WORD.finditer(link.question)]
    # "For each carrier name, count the delivered shipments and their total cost": a value in the
    # one count's words keeps the rows counted (a flag's is counted: "the number of cancelled
    # flights"); beside another count, a flag's counts its own ("the number of users and the
    # number of verified users").
    counts = [item.span for item in intent.listed if item.fn == "len"]
    held = [v for v in link.values if len(counts) == 1 and _inside(v.span[0], counts[0]) and v.how != "boolean"]
    flagged = [v for v in link.values if len(counts) > 1 and v.how == "boolean"
               and any(_inside(v.span[0], span) for span in counts)]
    # "Show active customers' first name", "VIP customers from Germany with their email": a
    # value before the rows' noun inside a listed item keeps rows; the item names the column.
    qualifying = [v for v in link.values if any(_inside(v.span[0], _naming_span(item, link.question)) for item in intent.listed)
                  and _table_named(" ".join(w.text for w in W.words(link.question[_after_values(v, link):])[:1]),
                                   list(catalog))]
    aggregates = _aggregates(link, intent, tables, catalog)
    if aggregates is None or (intent.ratio and aggregates):
        return None
    own_values = _own_values(link, intent, [fn for _, fn, _ in aggregates])
    values = _in_table_said([v for v in link.values if v in held or v in qualifying or v not in flagged
                             and not any(s <= v.span[0] < e for s, e in spans)
                             and not any(v in own for own in own_values)], source, link.question)
    needed = [source, *(v.table for v in values), *(v.table for own in own_values for v in own)]
    needed += _compared_elsewhere(link, needed, catalog)
    # "What plan name does subscription 10 have?": the row a number names is of its own table.
    needed += [ref.table for lit in link.literals if (ref := _number_names(link, lit, link.tables, catalog))]

    periods: dict[int, ir.ColumnItem] = {}  # the period keys, by their place among the groups
    key_refs: list[tuple[_Ref, Item]] = []
    if lookup and intent.distinct and not intent.listed:
        items = (*intent.groups, *items)  # "distinct models for each airline": the pairs
    for k, group in enumerate(() if lookup else intent.groups):
        if group.expr is not None:
            periods[k] = _period_key(group.expr)
            continue
        ref = _group_ref(group, tables, catalog)
        if ref is None:
            return None
        key_refs.append((ref, group))
        needed.append(ref.table)

    needed += [ref.table for _, _, ref in aggregates if ref is not None]
    if aggregates and all(ref is None or ref.table == source for _, _, ref in aggregates):
        key_refs = [(ref, group) for ref, group in key_refs
                    if not (ref.table == source and _per_row(link.question, group, source))]
    changed = _shown_with(link.question, intent, key_refs, tables, catalog) if aggregates and not intent.ratio \
        else ([], [])
    if changed is None:
        return None
    shown, replaced = changed
    key_refs = [(ref, group) for ref, group in key_refs if ref not in replaced] + shown
    if aggregates and not shown and not replaced and not intent.listed:
        named = [(_entity_named(ref, group, catalog) or ref, group) for ref, group in key_refs]
        if len({ref for ref, _ in named}) == len(named):  # "... per genre, with the genre name" says it once
            key_refs = named
            needed += [ref.table for ref, _ in key_refs]
    needed += [ref.table for ref, _ in shown]

    listed: list[_Ref] | None = None
    if not aggregates and items:
        listed = [ref for item in items if (ref := _Ref(item.table, item.column) if item.table and item.column
                                            else _find(item.words, tables, catalog)) is not None]
        if len(listed) != len(items):
            return None
        needed += [ref.table for ref in listed]
    elif intent.distinct and not aggregates and not intent.groups:
        return None  # distinct rows of what, the words do not say

    # "Total fee per doctor id": the keys and measures of one other table need nothing of the
    # table the link ranks first (the doctors): they are that table's rows, grouped.
    used = set(needed[1:])
    if aggregates and all(ref is not None for _, _, ref in aggregates) and len(used) == 1 and source not in used:
        source = needed[0] = used.pop()
    route = join_path(catalog, list(dict.fromkeys(needed)), link.roles)
    # Rows listed with what they look up keep the rows that find nothing ("each flight with its
    # airline": a flight with no airline is still a flight); aggregates and distinct combinations
    # hold only what matched.
    steps = _joined(source, route, catalog, "inner" if aggregates or intent.groups or intent.distinct else "left")
    frame = _frame_names(ir.Query(source=source, steps=steps), catalog)
    # A ratio's words after its subject say which rows it counts; the rest filter.
    counted_at = intent.ratio.counted_at if intent.ratio else len(link.question)
    over_at = intent.ratio.over_at if intent.ratio and intent.ratio.over_at else len(link.question)
    having = _having(link, aggregates, tables, catalog, intent.groups) if aggregates and intent.groups else {}
    conditions = _conditions(link, intent, catalog, frame, values, lambda at: at < counted_at and at not in having)
    counted = _conditions(link, intent, catalog, frame, values, lambda at: counted_at <= at < over_at)
    over = _conditions(link, intent, catalog, frame, values, lambda at: at >= over_at)
    if conditions is None or counted is None or over is None:
        return None
    if (predicate := _all(conditions)) is not None:
        steps.append(ir.Filter(predicate=predicate))
    name = lambda ref: frame.get((ref.table, ref.column))  # noqa: E731 - a lookup, named once
    column_keys = [_key_said(name(ref), ref, group) for ref, group in key_refs]
    said = iter(column_keys)
    # "per doctor and year": the keys in the order the question says them.
    keys: list[ir.ColumnItem] = [periods[k] if k in periods else next(said) for k in range(len(periods) + len(key_refs))]
    if None in keys:
        return None

    if intent.ratio:
        share = _share(link, intent, counted, over, tables, catalog, frame)
        if share is None:
            return None
        steps.append(ir.GroupBy(by=keys, agg=[share]) if keys else ir.Select(columns=[share]))
        order = share.name
    elif aggregates:
        named = [ir.Named(name=out, expr=ir.Agg(fn=fn, operand=None if ref is None else _operand(ref, fn, name(ref),
                                                                                                 catalog)))
                 for out, fn, ref in aggregates]
        if len(own_values) == len(named):
            named = [_of_rows(agg, _all(_values_conditions(own, frame))) for agg, own in zip(named, own_values)]
        steps.append(ir.GroupBy(by=keys, agg=named) if keys else ir.Select(columns=named))
        steps += [ir.Filter(predicate=ir.Binary(op=op, left=ir.Col(name=out), right=ir.Lit(value=value)))
                  for out, op, value in having.values()]
        order = named[0].name if len(named) == 1 or intent.limit or intent.single else None
        if shown:
            held = {(ref.table, ref.column): key if isinstance(key, str) else key.name
                    for (ref, _), key in zip(key_refs, column_keys)}
            steps.append(ir.Select(columns=_shown_columns(intent, shown, named, lambda ref: held.get(
                (ref.table, ref.column)), catalog)))
    elif keys:
        count = next((h.name for h in link.names if h.fn == "len"), None) or _count_name(link, intent, source)
        steps.append(ir.GroupBy(by=keys, agg=[ir.Named(name=count, expr=ir.Agg(fn="len"))]))
        order = count
    else:
        # "the 5 most recent transactions" order by their date, whatever measure the table has,
        # unless the words say "by" what; with no one date to order by, no guess.
        aged = (intent.limit or intent.single) and not re.search(r"\bby\b", link.question, re.IGNORECASE) \
            and (_AGE_WORD.search(link.question) or _FIRST_N_DONE.search(link.question))
        order = None if aged else _order_column(link, intent, listed or [], tables, catalog, frame)

    limit = 1 if intent.single else intent.limit
    descending = intent.descending is not False
    if intent.ordered and limit is None and keys and order is not None and _ORDER_SAID.search(link.question) \
            and not _SORTED_BY.search(link.question):
        # "Total amount per status, highest first": the groups in the order of their one measure
        steps.append(ir.Sort(by=[ir.SortKey(column=order, descending=descending)]))
    if limit is not None and order is None and (dated := _by_age(link.question, source, catalog, frame)):
        order, descending = dated
    if limit is not None and intent.answer != "scalar":
        # "(ties by id)", "then by visit id": the columns that order rows tied at the cut
        ties = _tie_breaks(link.question, source, catalog)
        if order is None or ties is None or any((source, tie) not in frame for tie in ties):
            return None
        by = [order, *(frame[source, tie] for tie in ties if frame[source, tie] != order)]
        down = {frame[source, tie] for tie in _descending_ties(link.question, source, catalog)}
        if intent.place and listed is None and not keys and _value_at_place(link, order, tables, catalog, frame):
            # "What is the second highest salary?": the second of the distinct values, no row
            steps += [ir.Select(columns=[order]), ir.Unique()]
            by = [order]
        steps += [ir.Sort(by=[ir.SortKey(column=key, descending=descending if key == order else key in down)
                              for key in by]),
                  # "the second longest book": the row at that place, after the sort
                  ir.Filter(predicate=ir.Binary(op="==", left=ir.RowNumber(), right=ir.Lit(value=intent.place)))
                  if intent.place else ir.Head(n=limit)]
    shown = _shown_by(link, tables, catalog) if limit is not None and listed is None and not keys else None
    if shown is not None and name(shown) is not None and order is not None:
        steps.append(ir.Select(columns=list(dict.fromkeys([name(shown), order]))))  # "..., by name": name and measure
    elif listed is not None:
        columns = [name(ref) for ref in listed]
        if None in columns:
            return None
        # A column looked up in another table that shares its name is named by the words said.
        # ("their country names": each row's one name, `country_name`)
        said = [item.name or (W.snake_case([*item.words[:-1], W.singular(item.words[-1])])
                              if column not in catalog[ref.table].columns else None)
                for column, item, ref in zip(columns, items, listed)]
        steps.append(ir.Select(columns=[column if name is None else ir.Named(name=name, expr=ir.Col(name=column))
                                        for column, name in zip(columns, said)]))
    elif not aggregates and not keys and route:
        steps.append(ir.Select(columns=[name(_Ref(source, c)) for c in catalog[source].columns]))
    if intent.renames:
        mapping = {}
        for words, new in intent.renames:
            if any(item.name == new for item in intent.listed):
                continue  # "titles and labels, renaming the label to publisher": the listed label took the name
            ref = _owner(words, tables, catalog) or _find(item_words(words), tables, catalog)
            if ref is None or name(ref) is None:
                return None
            mapping[name(ref)] = new
        if listed is not None and isinstance(steps[-1], ir.Select):
            # "the book titles with the pages renamed to length": a column renamed is shown too,
            # after those listed.
            shown = {column for column in steps[-1].columns if isinstance(column, str)}
            steps[-1] = ir.Select(columns=[*steps[-1].columns, *(old for old in mapping if old not in shown)])
        steps += [ir.Rename(mapping=mapping)] if mapping else []
    if intent.distinct or _other_entity_rows(link.question, source, steps):
        steps.append(ir.Unique())
    return _resolving(ir.Query(source=source, steps=steps), catalog)


_SUBJECT_NOUN = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?:(?:all|the)\s+)?(?P<noun>[A-Za-z]+s)\b",
                           re.IGNORECASE)


def _other_entity_rows(question: str, source: str, steps: list[ir.Node]) -> bool:
    """"Show the customers whose names start with J: Customer ID and Customer Name" over order
    lines: the rows asked for are another entity's, each shown once, where every column shown
    is that entity's by its first word."""
    said = _SUBJECT_NOUN.match(question)
    noun = W.stem(W.singular(said.group("noun").lower())) if said else ""
    shown = steps[-1].columns if steps and isinstance(steps[-1], ir.Select) else []
    return bool(noun and shown) and not _names_table((said.group("noun").lower(),), source) and all(
        isinstance(column, str) and len(W.split_identifier(column)) > 1 and W.stem(W.split_identifier(column)[0]) == noun
        for column in shown)


# "..., then keep customers above 500000", "keeping only countries with more than 5": the
# groups' own noun right before a comparison with a bare number.
_GROUPS_KEPT = re.compile(r"\b(?P<noun>[A-Za-z_]+)\s+(?:(?:with|having)\s+(?P<measure>(?:(?:a|an|the)\s+)?[A-Za-z_]+\s+)?)?"
                          rf"(?:{W.alternatives((*L.ABOVE_WORDS, *L.BELOW_WORDS, *L.AT_LEAST_WORDS, *L.AT_MOST_WORDS))})\s*$",
                          re.IGNORECASE)


def _having(link: Link, aggregates: list[tuple[str, str, _Ref | None]], tables: list[str],
            catalog: Mapping[str, TableInfo], groups: tuple[Item, ...] = ()) -> dict[int, tuple[str, str, object]]:
    """"Total sales per country, only countries with total sales above 100", "Total units per
    category, for categories with more than 100 units": a number compared with one of the
    groups' aggregates (its words before the number, or the sum's measure after it) keeps
    groups, not rows. Where each such number is, with the aggregate's name, the comparison and
    the number."""
    question = link.question
    out = {}
    for lit in link.literals:
        if lit.kind != "number" or lit.op not in (">", ">=", "<", "<="):
            continue
        clause = question[W.clause_start(question, lit.span[0]):lit.span[0]]
        fn = aggregate_fn(clause)
        # The words after the aggregate's word, up to the comparison: "whose average fee exceeds".
        tail = re.split(rf"\b(?:{W.alternatives(tuple(L.AGGREGATE_WORDS))})\b", clause, flags=re.IGNORECASE)[-1]
        before = tuple(w for w in item_words(tail) if w not in _OP_WORDS) if fn else ()
        after = item_words(" ".join(w.text for w in W.words(question[lit.span[1]:])[:3]))

        def names(words: tuple[str, ...], name: str, ref: _Ref) -> bool:
            """The words (or their end) name the aggregate's measure: its column, or as its name does."""
            said = tuple(W.stem(p) for p in W.split_identifier(name)[1:])
            return any(tail == said or _find(tail, tables, catalog) == ref
                       or {W.stem(w) for w in tail} <= {W.stem(p) for p in W.split_identifier(ref.column)}
                       for k in range(len(words)) if (tail := words[k:]) and (tail := tuple(map(W.stem, tail))))
        # "Total price per customer, then keep customers above 500000": the groups' one aggregate.
        kept = _GROUPS_KEPT.search(clause)
        # ("only types with revenue over 1000": the words between name the aggregate's measure)
        if kept is not None and fn is None and len(aggregates) == 1 and not after \
                and W.singular(kept.group("noun").lower()) in {W.singular(w) for group in groups for w in group.words} \
                and (not kept.group("measure") or aggregates[0][2] is not None and names(
                    tuple(w for w in item_words(kept.group("measure")) if w not in _OP_WORDS),
                    aggregates[0][0], aggregates[0][2])):
            out[lit.span[0]] = (aggregates[0][0], lit.op, lit.value)
            continue
        for name, agg_fn, ref in aggregates:
            if ref is not None and (fn == agg_fn and names(before, name, ref)
                                    or fn is None and agg_fn == "sum" and len(aggregates) == 1 and names(after, name, ref)):
                out[lit.span[0]] = (name, lit.op, lit.value)
                break
    return out


# "Rank each customer's accounts by balance": the words a rank ranks by.
_RANK_BY = re.compile(r"\b(?:" + W.alternatives(L.RANK_WORDS) + r")\b(?:\s+[\w']+){0,6}?\s+by\s+"
                      r"(?:their\s+|its\s+|the\s+)?((?:[A-Za-z_]+\s*){1,3})", re.IGNORECASE)


def _ranked(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Rank the books within each genre by cost, most expensive first": every row with its
    rank by one column, within the group the words name; the columns listed, else all."""
    lowered = {w.lower for w in W.words(link.question)}
    if intent.aggregates or not lowered & L.RANK_WORDS or lowered & L.OTHER_WINDOW_WORDS:
        return None
    tables = [*link.tables, *(t for t in catalog if t not in link.tables)]
    # "Rank rentals by ...": the rows ranked are the table the rank names, else the ranked column's.
    named = _RANKED_ENTITY.search(link.question)
    source = next((t for t in tables if named and _names_table(item_words(named.group(1)), t)), None)
    tables = [source, *(t for t in tables if t != source)] if source else tables
    is_rank = [bool(set(item.words) & L.RANK_WORDS) for item in intent.listed]
    by = _RANK_BY.search(link.question)
    # "the fee's rank within its subject", "Shipment weight rank within each priority": the
    # words before the rank name what it ranks.
    words = item_words(by.group(1)) if by else _words_after_ends(link.question) or next(
        (item.words[:item.words.index(w)] for item, rank in zip(intent.listed, is_rank) if rank
         for w in item.words if w in L.RANK_WORDS), ()) or _words_after_rank(link.question) or _words_before_rank(link.question)
    said = _find_said(words, tables, catalog) if words else None
    if said is None and by:  # "by units in stock": a column's own words may hold a word that ends an item
        said = _find_said(tuple(w.lower for w in W.words(by.group(1))), tables, catalog)
    if said is None or sum(is_rank) > 1:
        return None
    ranked = said[0]
    source = source or ranked.table
    tables = [source, *(t for t in tables if t != source)]
    # A listed column of the ranked rows' own before one of another table ("visit id" is the
    # visits' id, not a `visit_id` elsewhere).
    shown = [item for item, rank in zip(intent.listed, is_rank) if not rank]
    listed = [_named(item.words, [source], catalog) or _find(item.words, tables, catalog) for item in shown]
    # ("airline code" of flights ranked is the flights' own pointer at the airline, no join)
    listed = [_pointer(source, ref, catalog) or ref for ref in listed]
    partitions = [_group_ref(group, tables, catalog) for group in intent.groups]
    # "For every shipment give ...": a group over the source's own key is every row ("for each
    # airline" over flights is a group: the airlines' key the flights point at).
    partitions = [ref for ref in partitions if ref is None or ref.table != source or ref.column not in catalog[source].keys]
    # "within each department" over employees: the rows' own pointer at the department, no join.
    partitions = [_pointer(source, ref, catalog) or ref for ref in partitions]
    if not partitions:
        partitions = [_Ref(source, key) for key in _within(link.question, source, catalog)
                      or _each_group(link.question, source, catalog)]
    if None in listed or None in partitions or len(partitions) > 1:
        return None
    needed = [source, ranked.table, *(ref.table for ref in (*listed, *partitions))]
    steps = _joined(source, join_path(catalog, list(dict.fromkeys(needed)), link.roles), catalog)
    frame = _frame_names(ir.Query(source=source, steps=steps), catalog)
    conditions = _conditions(link, intent, catalog, frame, link.values, lambda at: True)
    if conditions is None:
        return None
    if (predicate := _all(conditions)) is not None:
        steps.append(ir.Filter(predicate=predicate))
    rank: ir.Node = ir.Rank(operand=ir.Col(name=frame[ranked.table, ranked.column]), method=_rank_method(link.question),
                            descending=_date_direction(link.question, ranked, catalog, intent.descending))
    if partitions:
        rank = ir.Over(operand=rank, partition_by=[frame[partitions[0].table, partitions[0].column]])
    if intent.limit and not intent.listed and _IN_THE_TOP.search(link.question):
        # "films ranked in the top 2 by rental rate within their rating": the rows the rank keeps.
        steps.append(ir.Filter(predicate=ir.Binary(op="<=", left=rank, right=ir.Lit(value=intent.limit))))
        return _resolving(ir.Query(source=source, steps=steps), catalog)
    hint = next((h.name for h in link.names if h.fn is None and not h.explicit and h.name.endswith("_rank")), None)
    # "..., balance and the balance rank": a listed rank named by its own words names it.
    own = next((words for item, rank in zip(intent.listed, is_rank) if rank
                for words in [[w for w in item.words if w not in W.STOPWORDS]] if len(words) > 1), None)
    named = ir.Named(name=intent.names[0] if len(intent.names) == 1 else W.column_name(own) if own else hint
                     or W.column_name([*said[1], "rank"]), expr=rank)
    if not intent.listed:
        steps.append(ir.WithColumns(columns=[named]))
    else:
        columns: list[ir.Node | str] = [_shown(frame[ref.table, ref.column], item, ref, catalog)
                                        for item, ref in zip(shown, listed) if ref is not None]
        columns.insert(is_rank.index(True) if any(is_rank) else len(columns), named)
        steps.append(ir.Select(columns=columns))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


_IN_THE_TOP = re.compile(rf"\b(?:{W.alternatives(tuple(L.RANK_WORDS))})\s+(?:with)?in\s+the\s+(?:top|bottom)\s+"
                         rf"(?:{W.SMALL_NUMBER})\b", re.IGNORECASE)
_ENDS = rf"{W.alternatives(tuple(L.HIGH_WORDS | L.LOW_WORDS))}|[a-z]+est|most\s+[a-z]+|least\s+[a-z]+"
_BEFORE_RANK = re.compile(rf"((?:[A-Za-z_]+(?:'s)?\s+){{1,3}})(?:{W.alternatives(tuple(L.RANK_WORDS))})\b", re.IGNORECASE)


def _words_before_rank(question: str) -> tuple[str, ...]:
    """"Shipment weight rank within each priority", "each course's fee rank": the words of a noun
    phrase ending in "rank", the row's possessive dropped."""
    found = _BEFORE_RANK.search(question)
    return item_words(re.sub(r"^.*'s?\s", "", found.group(1))) if found else ()


# "the rank of each film's rental rate within its rating": the measure after "rank of", the
# row's possessive dropped.
_RANK_OF = re.compile(rf"\b(?:{W.alternatives(tuple(L.RANK_WORDS))})\s+of\s+(?:the\s+|each\s+|every\s+|its\s+|their\s+)?"
                      r"(?:[A-Za-z_]+(?:'s|s')\s+)?((?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)"
                      r"(?=\s+(?:of\s+(?:each|every|the|its)\s+[A-Za-z_]+\s+)?(?:within|in|among|per|for)\b)",
                      re.IGNORECASE)


# "Rank each customer's invoices from largest to smallest total": the measure after the two
# ends of the order.
_ENDS_THEN = re.compile(rf"\b(?:{W.alternatives(L.RANK_WORDS)})\b[^.;:,()]*?\bfrom\s+(?:the\s+)?(?:{_ENDS})\s+to\s+"
                        rf"(?:the\s+)?(?:{_ENDS})\s+((?:[A-Za-z_]+\s*){{1,3}})", re.IGNORECASE)


def _words_after_ends(question: str) -> tuple[str, ...]:
    found = _ENDS_THEN.search(question)
    return item_words(found.group(1)) if found else ()


def _words_after_rank(question: str) -> tuple[str, ...]:
    found = _RANK_OF.search(question)
    return item_words(found.group(1)) if found else ()


def _shown(held: str, item: Item, ref: _Ref, catalog: Mapping[str, TableInfo]) -> ir.ColumnItem:
    """A listed column as the answer shows it: under the name the frame holds it by, or where a
    join renamed it (`name_right`), the words that named it ("doctor name")."""
    # (A key the join merged into the left table's is shown by that name: "airline code" of
    # flights joined to airlines is `f_al_code` as the flights hold it.)
    name = item.name or (W.snake_case(list(item.words)) if held not in catalog[ref.table].columns
                         and held.endswith("_right") else None)
    return held if name is None or name == held else ir.Named(name=name, expr=ir.Col(name=held))


# An entity's aggregate ranked: "Rank customers by their total spending, highest first"


# The entity a rank ranks: the words after the rank word, up to what it ranks by or within.
_RANKED_ENTITY = re.compile(r"\b(?:" + W.alternatives(L.RANK_WORDS) + r")\s+(?:of\s+)?(?:the\s+|all\s+)?"
                            r"((?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+(?:by|within|in|on|according|based|from)\b",
                            re.IGNORECASE)


def _ranked_aggregate(link: Link, intent: Intent, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Rank airline codes by their number of flights, 1 being the busiest", "rank the devices
    by total quantity within each site, largest first", "rank doctors within each specialty by
    their number of visits: specialty, doctor name, visit count and rank": one row per entity (and
    the group it is ranked within) with its aggregate, every row kept and ranked by it; the
    columns listed (each a key of the rows), else every key."""
    found = _RANKED_ENTITY.search(link.question)
    if len(intent.aggregates) != 1 or len(intent.groups) > 1:
        return None
    # A ranking of entities by an aggregate with no direction said puts the largest first, as
    # a league table does ("Rank customers by their total invoice amount").
    descending = intent.descending is not False
    tables = [*link.tables, *(t for t in catalog if t not in link.tables)]
    within = intent.groups
    if found is not None:
        words = item_words(found.group(1))
        entity = _entity_key(words, tables, catalog) or _find(words, tables, catalog)
        if entity is None:
            return None
        item = Item(text=found.group(1), words=words, span=found.span(1), column=entity.column, table=entity.table)
    elif within and within[0].column and W.key_like(within[0].column):
        item, within = within[0], ()  # "Give each doctor a rank by number of visits": the entity is the group
    elif (keyed := next((listed for listed in intent.listed if not listed.fn and listed.column), None)) is not None:
        item = keyed  # "Airline code, flight count and rank by flight count": the first column listed is the entity
    else:
        return None
    is_rank = [bool(set(listed.words) & L.RANK_WORDS) and not listed.fn for listed in intent.listed]
    shown = [listed for listed, rank in zip(intent.listed, is_rank) if not rank and not listed.fn]
    if sum(is_rank) > 1 or sum(bool(listed.fn) for listed in intent.listed) > 1:
        return None
    # A listed column is a key the rows are grouped by: the entity's, its group's, or one more.
    groups = [item, *within]
    refs = [_group_ref(group, tables, catalog) for group in groups]
    at: list[int] = []
    for listed in shown:
        ref = _group_ref(listed, tables, catalog)
        if ref is None:
            return None
        if ref not in refs:
            groups.append(listed)
            refs.append(ref)
        at.append(refs.index(ref))
    # "by their number of products", "flight count and rank by flight count": the rows counted are
    # the products', the flights', whatever table the link ranks first.
    said = [*(listed.text for listed in intent.listed if listed.fn == "len"), *(h.text for h in link.names if h.fn == "len")]
    counted = next((table for text in said if (table := _table_named(text, tables))), None) \
        if intent.aggregates == ("len",) else None
    if counted is not None:
        link = replace(link, tables=(counted, *(t for t in link.tables if t != counted)))
    # The rank's words asked for the order; the groups are what the aggregate is taken per.
    # Each group as its table's column, whatever table the counted rows put first ("member id" is the members' id).
    groups = [group.model_copy(update={"column": ref.column, "table": ref.table}) if ref else group
              for group, ref in zip(groups, refs)]
    grouped = intent.model_copy(update={"groups": tuple(groups), "listed": tuple(i for i in intent.listed if i.fn),
                                        "window": False, "window_kind": None,
                                        "descending": None, "single": False, "limit": None, "ordered": False})
    query = _plain(link, grouped, catalog)
    group_by = query.steps[-1] if query is not None and query.steps else None
    if not isinstance(group_by, ir.GroupBy) or len(group_by.agg) != 1 or len(group_by.by) != len(groups):
        return None
    measure = group_by.agg[0].name
    rank: ir.Node = ir.Rank(operand=ir.Col(name=measure), method=_rank_method(link.question), descending=descending)
    if within:
        rank = ir.Over(operand=rank, partition_by=[_key_name(group_by.by[1])])
    named = ir.Named(name=intent.names[0] if len(intent.names) == 1 else f"{measure}_rank", expr=rank)
    if not intent.listed:
        return _resolving(query.model_copy(update={"steps": [*query.steps, ir.WithColumns(columns=[named])]}), catalog)
    keys = iter(at)
    columns: list[ir.Node | str] = [named if rank_item else measure if listed.fn else _key_name(group_by.by[next(keys)])
                                    for listed, rank_item in zip(intent.listed, is_rank)]
    if not any(is_rank):
        columns.append(named)
    return _resolving(query.model_copy(update={"steps": [*query.steps, ir.Select(columns=columns)]}), catalog)


def _key_name(key: ir.ColumnItem) -> str:
    return key if isinstance(key, str) else key.name


def _date_direction(question: str, ranked: _Ref, catalog: Mapping[str, TableInfo],
                    descending: bool | None) -> bool:
    """Whether a rank starts at the high end: of a date, by the age word where it starts ("by
    install date, oldest first" starts at the earliest), else as the Intent read it; unsaid, a
    date's rank starts at the earliest (seniority) and a number's at the largest (a league table)."""
    starts = rank_start(question)
    said = [L.AGE_WORDS[w.lower] for w in W.words(question[starts[0]:starts[1]]) if w.lower in L.AGE_WORDS] \
        if starts else []
    dated = ranked.column in _dates(ranked.table, catalog)
    if said and dated:
        return said[0]
    return descending if descending is not None else not dated


_DENSE_RANK = re.compile(rf"\b(?:{W.alternatives(L.DENSE_RANK_PHRASES)})\b", re.IGNORECASE)
_ORDINAL_RANK = re.compile(rf"\b(?:{W.alternatives(L.ORDINAL_RANK_PHRASES)})\b", re.IGNORECASE)
# "ties taking the highest rank number", "tied rows sharing the lowest rank".
_TIED_RANK = re.compile(rf"\b(?P<end>{W.alternatives(tuple(L.TIE_RANK_WORDS))})\s+"
                        rf"(?:{W.alternatives(tuple(L.RANK_WORDS))})\b", re.IGNORECASE)


def _rank_method(question: str) -> str:
    """A dense or ordinal rank where the words ask for one, the end of a tied run's ranks where
    they say which ("ties taking the highest rank" -> max); else ties share the lowest rank."""
    lowered = {w.lower for w in W.words(question)}
    if _ORDINAL_RANK.search(question):
        return "ordinal"
    if _DENSE_RANK.search(question):
        return "dense"
    tied = _TIED_RANK.search(question) if any(w.startswith("tie") for w in lowered) else None
    return L.TIE_RANK_WORDS[tied.group("end").lower()] if tied else "min"


# What a window's words name around them: the measure ("a running total of the amount"), its
# group ("for each account", "that patient's", "its order's total", "the department average")
# and its order ("ordered by date", "in invoice-date order", "in time order").
_MEASURE_AFTER = re.compile(rf"\s*(?:(?:\d+|{W.SMALL_NUMBER})[-\s][A-Za-z]+\s+)?"  # "a rolling 3-row average"
                            r"(?:(?P<fn>total|sum|count|number|average|mean|avg|maximum|max|minimum|min)(?:\s+|(?=[.,;:!?]|$)))?"
                            r"(?:of\s+)?(?:the\s+|its\s+|their\s+|each\s+)?", re.IGNORECASE)
# "the fee of the previous visit": the words before "of", a list's "with" or "and" not among them.
# ("the fee charged at that same patient's previous visit": a participle and "at" say it too)
_OF_BEFORE = re.compile(r"\b(?:the\s+)?((?:(?!(?:with|and|the)\b)[A-Za-z_]+\s+){0,2}?(?!(?:with|and)\b)[A-Za-z_]+)"
                        r"(?:\s+[A-Za-z]+ed)?\s+(?:of|at|on|in|for|from)\s+(?:the|that|this|its|their|each|every)(?:\s+same)?"
                        r"(?:\s+[A-Za-z_]+(?:'s|s'))?\s*$", re.IGNORECASE)
_LAG_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
# "the same customer's previous order": "same" says the group, as "that customer's" does.
_POSSESSIVE = re.compile(r"\b(?:each|every|its|their|that|this|the)\s+(?:same\s+)?([A-Za-z_]+)(?:'s|s')(?=\s)",
                         re.IGNORECASE)
_ORDERED_BY = re.compile(r"\b(?:(?:ordered|sorted|sequentially|consecutively|order)\s+by|in\s+order\s+of|based\s+on)\s+"
                         r"(?:the\s+|its\s+|their\s+)?" + PHRASE
                         + r"|\bin\s+(?:the\s+)?((?:[A-Za-z_-]+\s+){1,3}?)order\b",
                         re.IGNORECASE)
# "a cumulative invoice count", "the running visit count": the rows counted named before the count.
_NOUN_COUNT = re.compile(r"\s+[A-Za-z_]+\s+count\b", re.IGNORECASE)
_POSSESSIVE_WORD = re.compile(r"\b[A-Za-z_]+(?:'s|s')(?:\s+|$)")
_WINDOW_TAIL = re.compile(r"(?:\s+[A-Za-z_]+(?:'s|s'))?" + _MEASURE_AFTER.pattern, re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+|its\s+|their\s+)?" + PHRASE, re.IGNORECASE)
# "in the order they occurred", "in the order in which it happened", "from earliest to
# latest": the rows' own time.
_TIME_ORDER = re.compile(r"\b(?:chronologically|chronological\s+order|over\s+time"
                         r"|in\s+the\s+order\s+(?:in\s+which\s+)?(?:they|it)|as\s+they\s+(?:happened|occurred)"
                         r"|from\s+(?:the\s+)?(?:earliest|oldest|first)\s+to\s+(?:the\s+)?"
                         r"(?:latest|newest|last|most\s+recent))\b",
                         re.IGNORECASE)
# "ties broken by invoice id", "ordered by date then id".
# ("ties broken by the number of votes" of a `votes` column: the count a row holds)
_TIES = re.compile(rf"(?:\b(?:{W.alternatives(L.TIE_WORDS)})|\bthen\b)\s*(?:is\s+|by\s+|on\s+)?(?:the\s+|its\s+|their\s+)?"
                   r"(?:(?:number|count)\s+of\s+(?:the\s+)?)?" + PHRASE,
                   re.IGNORECASE)
# "the previous flight's fare": the row's own noun before the measure, in the possessive.
_ROW_POSSESSIVE = re.compile(r"\s+[A-Za-z_]+(?:'s|s')\s")
_ROWS = re.compile(rf"\b({W.SMALL_NUMBER})[-\s]+(?:(?:last|previous|preceding)\s+)?([a-z]+?)s?\b", re.IGNORECASE)
_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "quarter", "year"})
# "share of the total fare", "share of its order's total quantity"; "share of its continent's
# population": a group's possessive says whose total without the word.
_SHARE_OF = re.compile(rf"\b(?:{W.alternatives(L.SHARE_WORDS)})\s+of\s+(?:(?:the\s+|its\s+|their\s+)?"
                       r"(?P<owner>(?:[A-Za-z_-]+(?:'s|s')?\s+){0,2}?)total\b"
                       r"|(?:the|its|their)\s+(?P<owner_said>[A-Za-z_-]+(?:'s|s')\s))(?P<after>[^.;?!]*)", re.IGNORECASE)
_PERCENT = re.compile(r"\bas\s+an?\s+percent(?:age)?\b", re.IGNORECASE)
_AS_SHARE = re.compile(rf"((?:[A-Za-z_]+\s+){{1,3}})as\s+an?\s+(?:{W.alternatives(L.SHARE_WORDS)})\b", re.IGNORECASE)
_MEAN_OF = re.compile(rf"\b(?:the|its|their)\s+(?P<owner>(?:[A-Za-z_-]+(?:'s|s')?\s+){{0,2}}?)"
                      rf"(?P<agg>{W.alternatives(tuple(L.VERSUS_AGGREGATES))})\b"
                      r"(?:(?P<measure>(?:\s+[A-Za-z_]+){0,2}?)"
                      r"\s+(?:of|for|in|within)\s+(?:its|their|the|each)\s+(?P<after>[A-Za-z_]+))?", re.IGNORECASE)
_VERSUS_OPERAND = re.compile(r"\bbetween\s+(?:each|every|the|its|their)?\s*"
                             r"((?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+)\s+and\b"
                             # "each track's length compared with its album's average"
                             r"|\b(?:each|every|its|their)\s+((?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+)\s+(?:is|are|compared"
                             r"|measured|set\s+against|relative\s+to|versus|vs|against)\b",
                             re.IGNORECASE)
# "the change in price from the previous order", "the difference between each amount and the
# previous (amount)": the measure, where the words name one.
_CHANGE_IN = re.compile(rf"\b(?:{W.alternatives(L.CHANGE_WORDS)})\s+(?:in\s+(?:the\s+)?((?:[A-Za-z_]+\s+){{0,2}}?"
                        r"[A-Za-z_]+)\s+)?(?:from|since|over|versus|vs|compared)\b"
                        rf"|\b(?:{W.alternatives(L.CHANGE_WORDS)})\s+between\s+(?:each|every|the|its|their)?\s*"
                        r"((?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+and\s+(?:the|its|their|that)?\s*$"
                        # "how much each order's freight moved from the same customer's previous order"
                        r"|\b(?:each|every|its|their|the)\s+(?:[A-Za-z_]+(?:'s|s')\s+)?"
                        r"((?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)"
                        rf"\s+(?:{W.alternatives(L.CHANGE_VERBS)})\s+(?:from|since)\b", re.IGNORECASE)
_DAYS = re.compile(rf"\b(?:{W.alternatives(L.DAYS_WORDS)})\b", re.IGNORECASE)
_PERCENT_CHANGE = re.compile(rf"(?:\b|(?<=%))(?:{W.alternatives(L.PERCENT_CHANGE_WORDS)})\b", re.IGNORECASE)
_ABSOLUTE = re.compile(rf"\b(?:{W.alternatives(L.ABSOLUTE_WORDS)})\b", re.IGNORECASE)
# "when the same customer rented next": the time of the row before or after.
_WHEN = re.compile(r"\bwhen\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:[:;.!?]|$)")
# A row before or after: the shift and the prefix of its name.
_SHIFTS = {"previous": (1, "prev"), "next": (-1, "next")}
_FNS = {"total": "sum", "sum": "sum", "average": "mean", "mean": "mean", "avg": "mean", "maximum": "max", "max": "max",
        "minimum": "min", "min": "min"}


def _windowed(link: Link, intent: Intent, window: Window, catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"For each account, a running total of amount ordered by date", "the time of that
    patient's previous visit", "each line's share of its order's total quantity", "the
    difference between each salary and the department average", "Number each user's sessions
    in time order", "a 3-reading moving average of the value": every row of one table with the
    window's column, computed within the group the words name, in the order they name; the
    columns listed, else all: on the first table of the question's whose columns the words name."""
    if len(intent.groups) == 1 and intent.groups[0].expr is not None:
        return _over_periods(link, intent, window, intent.groups[0], catalog)
    # "Each branch's share of the total balance": the rows summed may be of a table the words do not name.
    return next((query for source in [*link.tables, *(t for t in catalog if t not in link.tables)]
                 if (query := _group_share(link, intent, window, source, catalog))), None) \
        or next((query for source in link.tables if (query := _windowed_on(link, intent, window, source, catalog))),
                None)


def _share_owner(found: re.Match[str]) -> str:
    return found.group("owner") or found.group("owner_said") or ""


def _over_periods(link: Link, intent: Intent, window: Window, period: Item,
                  catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"The running total of monthly revenue", "total sales per month and the previous month's
    total", "a 3-month moving average of the monthly order count": the rows summed (or counted)
    per period first, then the window over the periods in time order: the period, its
    aggregate and the window."""
    question, source = link.question, link.tables[0]
    start, end = window.span
    if period.expr is None:
        return None
    key = _period_key(period.expr)
    # The aggregate per period: the one listed apart from the window's item, else the measure
    # the window's words name ("the running total of monthly revenue" sums the revenue).
    items = tuple(item for item in intent.listed if item.fn and not item.span[0] <= start < item.span[1]
                  and not set(item.words) & L.OTHER_WINDOW_WORDS)
    base = intent.model_copy(update={"window": False, "window_kind": None, "listed": items})
    # "Monthly invoice totals with a running total": an aggregate the words ask for apart from the window's.
    hints = [h for h in link.names if h.fn and not start <= h.span[0] < end
             and not {w.lower for w in W.words(h.text)} & L.OTHER_WINDOW_WORDS]
    asked = _aggregates(link, base, [source], catalog) \
        if items or len(hints) == 1 and base.aggregates == (hints[0].fn,) else []
    if asked is None and len(items) == 1 and items[0].fn in ("sum", "mean", "min", "max"):
        # "each month's total": of what the words name, else of the one amount the rows hold
        words = _without_periods(_operand_words(items[0].text))
        said = _window_measure(words, source, catalog) if words else None
        ref = said[0] if said else _only_measure(source, catalog)
        # named by its words ("each month's total" -> total)
        name = _aggregate_name(items[0].fn, said[1]) if said \
            else W.column_name(list(_without_periods(items[0].words)) or [ref.column]) if ref else ""
        asked = [(name, items[0].fn, ref)] if ref else None
    if asked is None or len(asked) > 1:
        return None
    m = _MEASURE_AFTER.match(question, end)
    fn_word = (m.group("fn") or "").lower()
    # "a running total of revenue", else the words before it ("Monthly invoice totals with a running total")
    words = _without_periods(item_words(question[m.end():]) or item_words(question[:start]))
    if not words and item_words(question[m.end():]):
        # "Monthly revenue and its change from the previous month": the period after it, the
        # measure before, up to the "and" that joins the window on.
        words = _without_periods(item_words(_AND.split(question[:start])[0]))
    # "its 3-month moving average": the window's size is no filter
    rows = next((r for r in _ROWS.finditer(question) if r.start() < end + 60), None) if window.kind == "rolling" else None
    if asked:
        name, fn, ref = asked[0]
    elif fn_word in ("count", "number") or len(words) == 1 and _names_table(words, source) \
            and words[0] not in L.MONEY_WORDS:
        name, fn, ref = W.snake_case([W.singular(W.split_identifier(source)[-1]), "count"]), "len", None
    else:
        said = _window_measure(words, source, catalog)
        if said is None:
            return None
        name, fn, ref = f"total_{W.column_name(list(said[1]))}", "sum", said[0]
    # "Monthly revenue and its change from the previous month: month, revenue, change": the
    # period, its aggregate and the window listed after the colon, in that order, are named so.
    colon = question.find(":")
    as_listed = len(intent.listed) == 3 and colon > end and all(item.span[0] > colon for item in intent.listed) \
        and set(intent.listed[0].words) <= {*L.PERIOD_WORDS, key.name}
    if as_listed:
        name = W.column_name(list(intent.listed[1].words))
    conditions = _conditions(link, intent, catalog, _own_frame(source, catalog), link.values,
                             lambda at: not period.span[0] <= at < period.span[1]
                             and not (rows and rows.start() <= at < rows.end()))
    if conditions is None:
        return None
    steps: list[ir.Node] = [ir.Filter(predicate=predicate)] if (predicate := _all(conditions)) is not None else []
    aggregate: ir.Node = ir.Agg(fn=fn, operand=ir.Col(name=ref.column) if ref else None)
    changed = window.kind not in ("cumulative", "rolling") and _CHANGE_IN.search(question[:start])
    if changed and fn == "len":
        aggregate = ir.Cast(operand=aggregate, dtype="int")  # a count is unsigned: its fall would wrap
    steps += [ir.GroupBy(by=[key], agg=[ir.Named(name=name, expr=aggregate)]),
              ir.Sort(by=[ir.SortKey(column=key.name)])]
    measure = ir.Col(name=name)
    if window.kind == "cumulative":
        expr: ir.Node = ir.CumAgg(fn="sum", operand=measure)
        # "running_total_<w>", <w> the column the answer computed ("the running count" names itself)
        out = "running_count" if fn_word in ("count", "number") else f"running_total_{name}"
    elif window.kind == "rolling":
        if rows is None or fn_word not in _FNS:
            return None
        expr, out = ir.Rolling(fn=_FNS[fn_word], operand=measure, window_size=W.small_number(rows.group(1))), \
            f"{W.snake_case([question[start:end].lower(), fn_word])}_{name}"
    else:
        n, prefix = _SHIFTS[window.kind]
        shifted = ir.Shift(operand=measure, n=n)
        if changed:  # "the change from the previous month"
            expr, out = ir.Binary(op="-", left=measure, right=shifted), f"{name}_change"
            if _PERCENT_CHANGE.search(question[:start]):  # "its percentage change": of the value before
                expr, out = _percent_of(expr, shifted), f"{name}_pct_change"
        else:
            expr, out = shifted, f"{prefix}_{name}"
    if as_listed:
        out = W.column_name(list(intent.listed[2].words))
    steps.append(ir.WithColumns(columns=[ir.Named(name=intent.names[0] if len(intent.names) == 1 else out, expr=expr)]))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _period_key(expr: str) -> ir.Named:
    """A period's group key, named by the word for its date part ("by departure year" -> year;
    a year's months are its month, a date's day its day)."""
    part = expr.split("(")[0]
    return ir.Named(name={"year_month": "month", "date": "day"}.get(part, part), expr=expr)


def _without_periods(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if w not in L.PERIOD_ADVERBS and w not in L.PERIOD_WORDS)


def _group_share(link: Link, intent: Intent, window: Window, source: str,
                 catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    """"Each warehouse's share of total shipment cost", "each airline's percentage of the
    total fare": one row per group, its sum over the sum of every row (not each row's share);
    "each city's share of its country's total sales": over the sum of the larger group's rows."""
    question = link.question
    clause = W.clause_start(question, window.span[0])
    found = _SHARE_OF.search(question, clause) if window.kind == "share" else None
    owner = _possessive_owner(question[clause:found.start()], source, catalog) if found else None
    # "its order's total" over each row is a window: a group's share of it is one row per
    # group within it.
    parent = _owner_partition(item_words(_share_owner(found)), source, catalog) if owner and found else None
    words = item_words(found.group("after")) if owner and found else ()
    # "each country's share of the employee's orders": of the rows the words name, counted.
    counted = len(words) == 1 and _names_table(words, source) and words[0] not in L.MONEY_WORDS
    said = (_Ref(source, ""), words) if counted else _window_measure(words, source, catalog) if words else None
    if said is None or not (counted or _measure(said[0], catalog)) or intent.listed or parent is False \
            or parent == owner:
        return None
    what = W.column_name(list(said[1]))
    summed = ir.Agg(fn="len") if counted else ir.Agg(fn="sum", operand=ir.Col(name=said[0].column))
    percent = found.group().lower().startswith("percent") or bool(_PERCENT.search(question))
    name = intent.names[0] if len(intent.names) == 1 else f"pct_{what}" if percent else f"{what}_share"
    conditions = _conditions(link, intent, catalog, _own_frame(source, catalog), link.values,
                             lambda at: not found.start() <= at < found.end())
    if conditions is None:
        return None
    steps: list[ir.Node] = [ir.Filter(predicate=predicate)] if (predicate := _all(conditions)) is not None else []
    if isinstance(parent, str):
        total = f"total_{what}"
        steps += [ir.GroupBy(by=[parent, owner], agg=[ir.Named(name=total, expr=summed)]),
                  ir.WithColumns(columns=[ir.Named(name=name, expr=ir.Share(operand=ir.Col(name=total),
                                                                              partition_by=[parent], percent=percent))]),
                  ir.Select(columns=[parent, owner, name])]
        return _resolving(ir.Query(source=source, steps=steps), catalog)
    # The total of every row taken before the rows are grouped, as "overall" means elsewhere.
    total = f"overall_{what}"
    share: ir.Node = ir.Binary(op="/", left=summed, right=ir.Agg(fn="first", operand=ir.Col(name=total)))
    if percent:
        share = ir.Binary(op="*", left=share, right=ir.Lit(value=100))
    steps += [ir.WithColumns(columns=[ir.Named(name=total, expr=summed)]),
              ir.GroupBy(by=[owner], agg=[ir.Named(name=name, expr=share)])]
    return _resolving(ir.Query(source=source, steps=steps), catalog)


# "..., in rental order: rental id, customer id, rental count so far": a running value listed.
_SO_FAR = re.compile(rf"\b(?:{W.alternatives(L.SO_FAR_WORDS)})\b", re.IGNORECASE)


def _windowed_on(link: Link, intent: Intent, window: Window, source: str,
                 catalog: Mapping[str, TableInfo]) -> ir.Query | None:
    question = link.question
    start, end = window.span
    clause = W.clause_start(question, start)
    built = _window_expr(link, intent, window, source, catalog, clause)
    if built is None:
        return None
    expr, name, used, steps = built
    out = intent.names[0] if len(intent.names) == 1 else name
    # The window's item: the one holding its words where they first ask for it, that names it
    # again ("..., a running total of fees ...: patient id, fee and running total"), or its
    # measure right after them ("the previous session's duration").
    word = question[start:end].lower()
    tail = _WINDOW_TAIL.match(question, end).end()
    # "..., start time and session number": a number listed is the rows numbered.
    is_window = [item.span[0] <= start < item.span[1] or bool(item.name) and item.name == out or word in item.words
                 or item.span[0] == tail
                 or window.kind == "number" and item.words[-1:] != () and item.words[-1] in L.POSITION_WORDS
                 or window.kind == "cumulative" and bool(_SO_FAR.search(item.text))
                 or W.column_name(list(item.words)) == out  # "..., freight change": the name the window takes
                 # "... compared with its album's average: track id, difference"
                 or window.kind in ("versus_mean", "previous", "next") and item.words[-1:] != ()
                 and item.words[-1] in L.CHANGE_WORDS
                 # "Sum of the current and two previous quantities: ..., rolling quantity"
                 or any(L.WINDOW_KINDS.get(w) == window.kind for w in item.words)
                 or window.kind == "share" and item.words[-1:] in {(w,) for w in L.SHARE_WORDS}
                 for item in intent.listed]
    if window.kind == "group_aggregate" and not any(is_window) and sum(bool(item.fn) for item in intent.listed) == 1:
        # "Each order with the customer's earliest order date: ..., first order date": the one
        # aggregate listed after the window's words is the window's.
        is_window = [bool(item.fn) for item in intent.listed]
    # "the difference between the fare and the airline's average fare": a list's "and" inside
    # the window's own words splits no column off it.
    inside = [start <= item.span[0] < end and not hit for item, hit in zip(intent.listed, is_window)]
    if sum(is_window) > 1 or any(inside) and not any(is_window):
        return None
    # "For each subscription, ...": the group's words are no column listed ("Each transaction's
    # amount" is one, its words going on past the group's).
    inside = [part or any(m.start() <= item.span[0] < m.end() and not question[m.end():item.span[1]].strip(" ,;:")
                          for m in _EACH_GROUP.finditer(question))
              for item, part in zip(intent.listed, inside)]
    intent = intent.model_copy(update={"listed": tuple(item for item, part in zip(intent.listed, inside) if not part)})
    is_window = [hit for hit, part in zip(is_window, inside) if not part]
    # "Running total of payment amounts per customer ...: payment id, amount, running total": a
    # running or moving value (or the days since the row before) listed by its own words alone,
    # no measure among them, is named by them.
    own = next((item for item, hit in zip(intent.listed, is_window) if hit), None)
    if own is not None and not intent.names and (window.kind in ("cumulative", "rolling") or name.startswith("days_")) \
            and set(own.words) <= L.BARE_WINDOW_WORDS and own.span[0] > end:
        out = W.column_name(list(own.words))
    # "Flight id, aircraft id, ...": a key of another table is the source's column that points at it.
    listed = [_find(item.words, [source], catalog) or _source_group(item, source, catalog)
              for item, hit in zip(intent.listed, is_window) if not hit]
    if None in listed:
        return None  # an item that names no column may be the window itself: its words do not say
    conditions = _conditions(link, intent, catalog, _own_frame(source, catalog), link.values,
                             lambda at: not any(s <= at < e for s, e in used))
    if conditions is None:
        return None
    if (predicate := _all(conditions)) is not None:
        steps.insert(0, ir.Filter(predicate=predicate))
    named = ir.Named(name=out, expr=expr)
    # "Show each invoice with a running total of ...", "the previous session's duration": the
    # window's item alone lists no column; all are kept.
    if not listed:
        steps.append(ir.WithColumns(columns=[named]))
    else:
        columns: list[ir.Node | str] = [ref.column for ref in listed if ref is not None]
        columns.insert(is_window.index(True) if any(is_window) else len(columns), named)
        steps.append(ir.Select(columns=columns))
    return _resolving(ir.Query(source=source, steps=steps), catalog)


def _window_expr(link: Link, intent: Intent, window: Window, source: str, catalog: Mapping[str, TableInfo],
                 clause: int) -> tuple[ir.Node, str, list[tuple[int, int]], list[ir.Node]] | None:
    """The window's column, the name the convention gives it, the spans of the literals it
    reads (a window's size, not a filter) and the steps before it; None where a part is open."""
    question = link.question
    start, end = window.span
    before = question[clause:start]
    columns = catalog[source].columns
    measure = lambda ref: ref is not None and _measure(ref, catalog)  # noqa: E731 - a test, named once
    if window.kind == "share":
        found = _SHARE_OF.search(question, clause)
        owner = _possessive_owner(question[clause:found.start()], source, catalog) if found else None
        if found is None or owner is not None:
            return None  # "each region's share of total sales" is one share per group, not per row
        partition = _owner_partition(item_words(_share_owner(found)), source, catalog)
        if partition is None and (after := _OWNER_AFTER.match(question, found.start("after"))) is not None:
            # "share of the total pallet capacity of its country": the owner said after the measure
            partition = _owner_partition(item_words(after.group("group")), source, catalog)
        words = item_words(found.group("after"))
        shared = _AS_SHARE.search(question, clause)
        # "total units in stock": a column's own words may hold a word that ends an item.
        ref = _find(words, [source], catalog) or _find(tuple(w.lower for w in W.words(found.group("after"))[:3]),
                                                       [source], catalog) if words else \
            _find(item_words(shared.group(1)), [source], catalog) if shared else _only_measure(source, catalog) \
            or _named_value(source, catalog)
        if partition is False or not measure(ref):
            return None
        # "share of its category's units, as a percentage": a percentage said apart from the share
        percent = found.group().lower().startswith("percent") or bool(_PERCENT.search(question, clause))
        share = ir.Share(operand=ir.Col(name=ref.column), partition_by=[partition] if partition else [],
                         percent=percent)
        # Named by the words for the measure ("share of its subject's total fees" -> fees_share).
        said = _find_said(words, [source], catalog) if words else None
        c = W.column_name(list(said[1])) if said is not None and said[0] == ref else W.snake_case([ref.column])
        return share, f"pct_{c}" if percent else f"{c}_share", [], []
    if window.kind == "versus_mean":
        found = _MEAN_OF.search(question, start)
        operand = _VERSUS_OPERAND.search(question, clause)
        if found is None:
            return None
        partition = _owner_partition(item_words(found.group("after") or found.group("owner")), source, catalog)
        # "between each salary and ...", else the measure the mean names ("from its airline's average fare").
        # "between each flight's distance and ...": the row's possessive is no word of the measure.
        words = item_words(_POSSESSIVE_WORD.sub("", operand.group(1) or operand.group(2))) if operand else \
            item_words(found.group("measure") or question[found.end():])[:3]
        said = _find_said(words, [source], catalog) if words else None
        if partition is False or said is None or not measure(said[0]):
            return None
        col = ir.Col(name=said[0].column)
        fn = L.VERSUS_AGGREGATES[found.group("agg").lower()]  # "its airline's highest fare": max
        mean: ir.Node = ir.Agg(fn=fn, operand=col)
        if partition:
            mean = ir.Over(operand=mean, partition_by=[partition])
        diff: ir.Node = ir.Binary(op="-", left=col, right=mean)
        if (unit := _UNIT_SAID.match(question, found.end())) is not None:
            diff = in_unit(said[0].column, unit.group("unit").lower(), diff) or diff  # "..., in seconds"
        return diff, f"{W.column_name(list(said[1]))}_diff_from_{_PREFIX[fn]}", [], []
    if window.kind == "group_aggregate":
        # "the student's average grade": the group's aggregate of the measure, on each of its rows.
        found = group_aggregate(question, start)
        if found is None:
            return None
        fn = L.GROUP_AGGREGATE_WORDS[found.fn.lower()]
        partition = _owner_partition(item_words(found.owner), source, catalog)
        words = item_words(found.measure)
        # Named as the aggregate's words name it elsewhere ("average grade" -> avg_grade).
        named = next((h.name for h in link.names if h.fn == fn and start <= h.span[0] < end), None)
        if fn == "len":  # "the number of flights of its airline": the group's rows counted
            if not partition or not _names_table(words, source):
                return None
            return ir.Over(operand=ir.Agg(fn="len"), partition_by=[partition]), \
                named or W.snake_case([W.singular(words[-1]), "count"]), [], []
        said = _window_measure(words, source, catalog)  # "the total amount paid by the same customer"
        if said is None and fn in ("min", "max") and (dated := _find_said(words, [source], catalog)) is not None \
                and dated[0].column in _dates(source, catalog):
            said = dated  # "the patient's latest visit time": a date's extreme
        if not partition or said is None or not (measure(said[0]) or said[0].column in _dates(source, catalog)):
            return None
        name = named or _aggregate_name(fn, said[1])
        return ir.Over(operand=ir.Agg(fn=fn, operand=ir.Col(name=said[0].column)), partition_by=[partition]), name, [], []
    days = bool(_DAYS.search(before))  # "the number of days since ..." counts no rows
    if intent.aggregates and window.kind not in ("cumulative", "rolling") and not days:
        return None
    within = _partition(link, intent, source, catalog)
    order = _window_order(question, source, catalog)
    ties = _tie_breaks(question, source, catalog)
    if within is None or ties is None:
        return None
    used: list[tuple[int, int]] = []
    if window.kind in ("previous", "next"):
        of = _OF_BEFORE.search(before)
        after = item_words(question[end:])
        if not after and (lag_of := _LAG_OF.match(question, end)):
            after = item_words(question[lag_of.end():])  # "the lead of order total price": its measure after "of"
        # "the time of the previous visit" is the visit's time: the noun first, then the words alone.
        said = (_find_said((*after[:1], *item_words(of.group(1))), [source], catalog)
                or _find_said(item_words(of.group(1)), [source], catalog)) if of else None
        if said is not None and of is not None:
            said = (said[0], item_words(of.group(1)))  # "the fare of the previous flight" -> prev_fare
        own = bool(after) and _names_table(after[:1], source)
        if said is None and own and after[1:2] and after[1] in L.DATE_SUFFIXES \
                and (row_date := next(iter(_row_dates(source, _dates(source, catalog))), None)):
            said = (_Ref(source, row_date), after[:2])  # "the previous rental date": the rows' own date
        if said is None and _CLAUSE_END.match(question, end) and _WHEN.search(before) \
                and (row_date := next(iter(_row_dates(source, _dates(source, catalog))), None)):
            # "when the same customer rented next": the rows' own time
            said = (_Ref(source, row_date), tuple(W.split_identifier(row_date)))
        if said is None and after and (not own or len(after) > 1):
            # "the previous flight's fare": the row's possessive is dropped; "the previous visit" names no column.
            said = _find_said(after[1:] if own and _ROW_POSSESSIVE.match(question, end) else after, [source], catalog)
        ref = said[0] if said is not None else None
        change = _CHANGE_IN.search(before)
        # "the change in price from ...", "how much each order's freight moved from ..."
        if change is not None and (changed := change.group(1) or change.group(2) or change.group(3)):
            said = _find_said(item_words(changed), [source], catalog)
            ref = said[0] if said is not None else None
        elif change is not None:  # "the change from the previous invoice": the one measure
            ref = ref or _only_measure(source, catalog)
        dates = _dates(source, catalog)
        if days:  # "days since the previous order": the order's date
            named = _find((*after[:1], "date"), [source], catalog) if after else None
            ref = _Ref(source, order) if order in dates else named if named and named.column in dates \
                else _Ref(source, dates[0]) if len(dates) == 1 else None
        if ref is None:
            return None
        if order is None:
            # "the previous amount for the same employee": in the order of the rows' own date.
            order = ref.column if ref.column in dates else next(iter(_row_dates(source, dates)), None)
        col = ir.Col(name=ref.column)
        n, prefix = _SHIFTS[window.kind]
        shifted = ir.Shift(operand=col, n=n)
        # Named by the words for the measure ("the change in salary amount" -> salary_amount_change).
        shown = _said_as_listed(intent, ref, said[1], catalog) if said is not None and ref == said[0] \
            else W.snake_case([ref.column])
        if days:
            expr, name = (lambda prior: ir.DateDiff(end=col, start=prior)), "days_since_prev"
            if window.kind == "next":  # "days until the next order": from this row's date on to the next's
                expr, name = (lambda later: ir.DateDiff(end=later, start=col)), "days_until_next"
        elif change is not None:
            if not measure(ref):
                return None
            expr, name = (lambda prior: ir.Binary(op="-", left=col, right=prior)), f"{shown}_change"
            if _ABSOLUTE.search(question):  # "as an absolute amount": the change's size
                expr = (lambda prior: ir.Abs(operand=ir.Binary(op="-", left=col, right=prior)))
            elif _PERCENT_CHANGE.search(before):  # "the percentage change in fare": of the value before
                expr, name = (lambda prior: _percent_of(ir.Binary(op="-", left=col, right=prior), prior)), \
                    f"{shown}_pct_change"
        else:
            expr, name = (lambda prior: prior), f"{prefix}_{shown}"
        if order is None:
            return None
        over, steps = _ordered(shifted, within, [order, *ties])
        return expr(over), name, used, steps
    if order is None and window.kind in ("cumulative", "rolling") and len(row_dates := _row_dates(
            source, _dates(source, catalog))) == 1:
        order = row_dates[0]  # "a running total of freight for each customer": in the time of the rows' one date
    if order is None and window.kind == "number" and within and not (ties and intent.descending) \
            and (by := next((ref for m in _BY.finditer(question) if measure(ref := _find(
                item_words(m.group(1)), [source], catalog))), None)) is not None:
        # "Number each doctor's visits by fee, highest first": in the order of the measure, its
        # direction as said (no tie-break: a descending order would turn it round too)
        return ir.Over(operand=ir.RowNumber(), partition_by=list(within), order_by=[by.column, *ties],
                       descending=bool(intent.descending)), "row_number", used, []
    if order is None:
        return None
    if window.kind == "number":
        over, steps = _ordered(ir.RowNumber(), within, [order, *ties])
        return over, "row_number", used, steps
    m = _MEASURE_AFTER.match(question, end)
    fn = (m.group("fn") or "").lower()
    word = question[start:end].lower()
    current = CURRENT_AND_BEFORE.fullmatch(question, start, end) if window.kind == "rolling" else None
    extreme = RUN_EXTREME.fullmatch(question, start, end) if window.kind == "cumulative" else None
    if extreme is not None:  # "the highest invoice total so far": a running maximum of the words' measure
        said = _window_measure(item_words(extreme.group("measure")), source, catalog)
        if said is None or not measure(said[0]):
            return None
        fn = "min" if extreme.group("end").lower() in (*L.RUN_MIN_WORDS, "minimum") else "max"
        over, steps = _ordered(ir.CumAgg(fn=fn, operand=ir.Col(name=said[0].column)), within, [order, *ties])
        # named as listed where the list says it ("..., best so far"), else by the convention
        listed = next((item for item in intent.listed if _SO_FAR.search(item.text)), None)
        shown = _said_as_listed(intent, said[0], said[1], catalog)
        return over, W.snake_case(list(listed.words)) if listed else f"running_{fn}_{shown}", used, steps
    if window.kind == "cumulative" and (fn in ("count", "number") or _NOUN_COUNT.match(question, end)):
        over, steps = _ordered(ir.CumAgg(fn="count", operand=ir.Col(name=order)), within, [order, *ties])
        return over, "running_count", used, steps
    # "a running total of the amount", else the measure named before it ("Visit fees with a running total").
    said = _window_measure(item_words(question[m.end():]), source, catalog) \
        or _find_said(item_words(before), [source], catalog)
    ref = said[0] if said is not None else None
    if said is None or not measure(ref):
        return None
    col = ir.Col(name=ref.column)
    shown = _said_as_listed(intent, ref, said[1], catalog)
    if window.kind == "cumulative":
        # "a running maximum of the fare": the largest so far
        extent = {"maximum": "max", "max": "max", "minimum": "min", "min": "min"}.get(fn)
        if extent is not None:
            over, steps = _ordered(ir.CumAgg(fn=extent, operand=col), within, [order, *ties])
            return over, f"{W.snake_case([word, fn])}_{shown}", used, steps  # running_maximum_fare
        if fn in ("average", "mean", "avg"):  # "a running average of the fare": the sum so far over the count so far
            total, steps = _ordered(ir.CumAgg(fn="sum", operand=col), within, [order, *ties])
            count, _ = _ordered(ir.CumAgg(fn="count", operand=col), within, [order, *ties])
            return ir.Binary(op="/", left=total, right=count), f"{W.snake_case([word, fn])}_{shown}", used, steps
        if fn not in ("", "total", "sum"):
            return None
        over, steps = _ordered(ir.CumAgg(fn="sum", operand=col), within, [order, *ties])
        return over, f"running_total_{shown}", used, steps
    if current is not None:  # the row and the n before it: n + 1 rows
        size, fn, word = W.small_number(current.group("n")) + 1, current.group("fn").lower(), "rolling"
        used.append(current.span("n"))
    else:
        rows = next((r for r in _ROWS.finditer(question, clause) if r.start() < end + 60), None)
        if rows is None or fn not in _FNS or W.singular(rows.group(2).lower()) in _TIME_UNITS:
            return None  # "a 7-day moving average" is a window of time, not of rows
        size = W.small_number(rows.group(1))
        used.append(rows.span())
    rolling = ir.Rolling(fn=L.ROLLING_FNS[fn] if current is not None else _FNS[fn], operand=col, window_size=size)
    over, steps = _ordered(rolling, within, [order, *ties])
    return over, f"{W.snake_case([word, fn])}_{shown}", used, steps


# "compared with its album's average, in seconds": the unit a difference is said in.
_UNIT_SAID = re.compile(rf"\s*,?\s*(?:{W.alternatives(L.UNIT_CONNECTORS)})\s+"
                        rf"(?P<unit>{W.alternatives(tuple(L.UNIT_SCALES))})\b", re.IGNORECASE)


def _percent_of(change: ir.Node, prior: ir.Node) -> ir.Node:
    """A change as a percentage of the value before it."""
    return ir.Binary(op="*", left=ir.Binary(op="/", left=change, right=prior), right=ir.Lit(value=100))


def _window_measure(words: tuple[str, ...], source: str,
                    catalog: Mapping[str, TableInfo]) -> tuple[_Ref, tuple[str, ...]] | None:
    """What a running total or moving average adds up, and the words that name it: the column
    the words name; of the columns their words name one by one, the one measure ("the amount
    paid"); else the table's one measure, where they name its rows ("a running total of
    payments") or no column ("the cumulative spend")."""
    if not words:
        return None
    said = _find_said(words, [source], catalog)
    if said is not None and _measure(said[0], catalog):
        return said
    measures = {ref: (word,) for word in words
                if isinstance(ref := _named((word,), [source], catalog, keys=False), _Ref) and _measure(ref, catalog)}
    if len(measures) == 1:
        return next(iter(measures.items()))
    only = _only_measure(source, catalog)
    if only is None or measures or said is not None and not _names_table(said[1], source):
        return None
    return only, said[1] if said is not None else words[:1]


def _ordered(expr: ir.Node, partition: tuple[str, ...], order: list[str]) -> tuple[ir.Node, list[ir.Node]]:
    """`expr` in `order` within the partition; over all rows the rows are sorted first, as an
    `over` needs a partition."""
    if partition:
        return ir.Over(operand=expr, partition_by=list(partition), order_by=order), []
    return expr, [ir.Sort(by=[ir.SortKey(column=column) for column in order])]


def _said_as_listed(intent: Intent, ref: _Ref, words: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> str:
    """A window's measure named by the question's words for it; a bare word that refers back
    to a listed column by that column's words ("visit time and the time of the previous visit")."""
    listed = next((item.words for item in intent.listed if set(words) < set(item.words)
                   and not set(item.words) & L.OTHER_WINDOW_WORDS  # the window's own item
                   and not set(item.words) & set(L.CHANGE_WORDS)  # "..., freight change"
                   and (item.column == ref.column if item.column else _find(item.words, [ref.table], catalog) == ref)),
                  words)
    return W.column_name(list(listed))


def _tie_breaks(question: str, source: str, catalog: Mapping[str, TableInfo]) -> list[str] | None:
    """The columns that order rows tied in a window's order ("ties broken by invoice id"), None
    where the words name none."""
    out = []
    for found in _TIES.finditer(question):
        ref = _find(_undirected(item_words(found.group(1))), [source], catalog)
        if ref is None:
            return None
        out.append(ref.column)
    return out


# "then by length descending", "then by the latest date first": a tie-break said to run from the high end.
_DOWN_AFTER = re.compile(rf",?\s*(?:descending|desc\b|(?:{W.alternatives(tuple(L.HIGH_END_WORDS | L.LATE_WORDS))})\s+first\b)",
                         re.IGNORECASE)


def _descending_ties(question: str, source: str, catalog: Mapping[str, TableInfo]) -> list[str]:
    """The tie-break columns (as `_tie_breaks` reads them) whose words say they descend; the
    others ascend, as a tie-break with no direction does."""
    return [ref.column for found in _TIES.finditer(question)
            if (_DOWN_AFTER.match(question, found.end()) or item_words(found.group(1))[:1] in _DOWN_BEFORE)
            and (ref := _find(_undirected(item_words(found.group(1))), [source], catalog)) is not None]


# "(ties by higher invoice id)", "then by the latest date": a word before the tie-break's column
# that says where its order starts.
_DOWN_BEFORE = {(w,) for w in (*L.HIGHER_WORDS, *L.HIGH_WORDS, *L.LATE_WORDS, "later", "newer")}
_UP_BEFORE = {(w,) for w in (*L.LOW_WORDS, *L.EARLY_WORDS, "lower", "smaller", "earlier", "older")}


def _undirected(words: tuple[str, ...]) -> tuple[str, ...]:
    return words[1:] if len(words) > 1 and words[:1] in _DOWN_BEFORE | _UP_BEFORE else words


def _own_frame(source: str, catalog: Mapping[str, TableInfo]) -> dict[tuple[str, str], str]:
    """The frame of one table before any join: each column under its own name."""
    return {(source, c): c for c in catalog[source].columns}


def _dates(source: str, catalog: Mapping[str, TableInfo]) -> list[str]:
    return [c for c, info in catalog[source].columns.items() if info.iso or info.dtype in ("date", "datetime")]


def _measures(table: str, catalog: Mapping[str, TableInfo]) -> list[_Ref]:
    return [ref for c in catalog[table].columns if _measure(ref := _Ref(table, c), catalog)]


def _only_measure(source: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    found = _measures(source, catalog)
    return found[0] if len(found) == 1 else None


def _valued(measures: list[_Ref]) -> list[_Ref]:
    """The measures whose name calls them the row's value (`line_value`, `amt`)."""
    return [ref for ref in measures if any(W.shortens(part, word) or part == word for part in W.split_identifier(ref.column)
                                           for word in L.ROW_VALUE_WORDS)]


def _named_value(table: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """"each line's share of the order total, where line value = ...": of several measures,
    the one whose name calls it the row's value."""
    valued = _valued(_measures(table, catalog))
    return valued[0] if len(valued) == 1 else None


def _row_value(table: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The number a row of `table` is: its one measure, or of several the one named a value."""
    found = _measures(table, catalog)
    valued = _valued(found)
    # "total order value" of orders with a total price and a priority: the one that is money.
    priced = [ref for ref in found if any(part.endswith(money) for part in W.split_identifier(ref.column.lower())
                                          for money in L.MONEY_PARTS)]
    return found[0] if len(found) == 1 else valued[0] if len(valued) == 1 else \
        priced[0] if not valued and len(priced) == 1 else None


def _partition_key(words: tuple[str, ...], source: str, catalog: Mapping[str, TableInfo]) -> str | None:
    """The source's column a group's words name, where many rows share each value: "for each
    visit" over visits names each row, no group."""
    # A group is an entity: its key ("order" -> order_id) before a column sharing its word.
    if _names_table(words, source):
        return None
    # "country" + "id" may name the rows' own id on cities: a key of every row is no group.
    ref = next((ref for suffix in L.KEY_SUFFIXES if (ref := _find((*words, suffix), [source], catalog))
                and ref.column not in catalog[source].keys), None) or _find(words, [source], catalog) if words else None
    # "its airline's average" over flights: the column that points at the table the noun names.
    ref = ref or _pointer(source, _entity_key(words, [t for t in catalog if t != source], catalog), catalog) \
        if words else None
    return ref.column if ref is not None and ref.column not in catalog[source].keys else None


def _partition(link: Link, intent: Intent, source: str, catalog: Mapping[str, TableInfo]) -> tuple[str, ...] | None:
    """The groups a window runs within ("for each account", "each customer's invoices", "per
    customer and staff member"), () for all rows, None where the words name one the source
    does not hold or several ways to group."""
    groups = []
    for group in intent.groups:
        ref = _source_group(group, source, catalog)
        if ref is None:
            return None
        if ref.column not in catalog[source].keys:
            groups.append(ref.column)
    found = set(groups) | {key for m in _POSSESSIVE.finditer(link.question)
                           if (key := _partition_key(item_words(m.group(1)), source, catalog)) is not None}
    found |= set(_within(link.question, source, catalog)) if not found else set()
    found |= set(_each_group(link.question, source, catalog)) if not found else set()
    if len(found) > 1 and found != set(groups):
        return None
    return tuple(dict.fromkeys(groups)) if len(found) > 1 else tuple(found)


# "Number the loans of each member", "For each subscription, ...", "Rank each customer's
# accounts", "the running total for that customer", "the next transaction on that account", "a
# running total of revenue for its user", "for the patient": the
# group a window runs within, where the Intent read the words as no group ("for each visit" over
# visits is every row).
_EACH_GROUP = re.compile(r"\b(?:(?:of|for|per|on)\s+(?:each|every|that|its|their)|for\s+the|the\s+same)\s+([A-Za-z_]+)"
                         r"|\b(?:each|every)\s+([A-Za-z_]+)(?:'s|s')\s", re.IGNORECASE)


def _each_group(question: str, source: str, catalog: Mapping[str, TableInfo]) -> list[str]:
    return [key for m in _EACH_GROUP.finditer(question)
            if (key := _partition_key(item_words(m.group(1) or m.group(2)), source, catalog)) is not None]


# "its rank within the branch": the group a window runs within, said with an article ("within
# the last 30 days" is a time range, not a group).
# "within the department", "in its album", "among their peers": the group a window runs within.
_WITHIN = re.compile(r"\b(?:within\s+the\s+(?!(?:last|past|next|first|previous|same)\b)"
                     r"|(?:within|in|among|across)\s+(?:its|their)\s+)(?:" + PHRASE + r"|([A-Za-z_]+))",
                     re.IGNORECASE)


def _within(question: str, source: str, catalog: Mapping[str, TableInfo]) -> list[str]:
    return [key for m in _WITHIN.finditer(question)
            if (key := _partition_key(item_words(m.group(1) or m.group(2)), source, catalog)) is not None]


def _pointer(source: str, ref: _Ref | None, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The source's column that points at the key `ref` names (nlq.joins.pointer)."""
    held = pointer(source, ref.table, ref.column, catalog) if ref is not None else None
    return _Ref(source, held) if held is not None else None


def _owner_partition(words: tuple[str, ...], source: str, catalog: Mapping[str, TableInfo]) -> str | None | bool:
    """The group whose total or mean the words name ("its order's", "the department"): None
    for all rows ("the overall"), False where they name no group of the source."""
    words = tuple(w for w in words if w not in L.OVERALL_WORDS)
    if not words:
        return None
    return _partition_key(words, source, catalog) or False


def _possessive_owner(text: str, source: str, catalog: Mapping[str, TableInfo]) -> str | None:
    """The group a share belongs to, where the words before it name one ("each region's"); a
    measure's is the share's own ("the fee's share of its subject's total")."""
    found = list(re.finditer(r"([A-Za-z_]+)(?:'s|s')\s+$", text))
    if found and _names_table(item_words(found[-1].group(1)), source):
        return None  # "each item's share" over order items: each row's
    key = _partition_key(item_words(found[-1].group(1)), source, catalog) if found else None
    return key if key is None or not _measure(_Ref(source, key), catalog) else None


def _window_order(question: str, source: str, catalog: Mapping[str, TableInfo]) -> str | None:
    """The column a window's order names: "ordered by X", "in X order"; a time order
    ("chronologically", "by date", "in time order") the date of the source's rows."""
    dates = _dates(source, catalog)
    by_time = next(iter(_row_dates(source, dates)), None)
    for pattern in (_ORDERED_BY, _BY):
        for m in pattern.finditer(question):
            words = item_words(next(g for g in m.groups() if g is not None))
            ref = _find(words, [source], catalog) if words else None
            if ref is not None and ref.column not in dates and set(words) & L.TIME_ORDER_WORDS and by_time:
                return by_time  # "in rental time order" is the rentals' time, not their id
            if ref is not None and (ref.column in dates or pattern is _ORDERED_BY):
                return ref.column
            if words and set(words) <= L.TIME_ORDER_WORDS:
                return by_time
    return by_time if _TIME_ORDER.search(question) else None


def _conditions(link: Link, intent: Intent, catalog: Mapping[str, TableInfo], frame: Mapping[tuple[str, str], str],
                values: list[ValueMatch], where: Callable[[int], bool]) -> list[ir.Node] | None:
    """The conditions on rows that the values, literals and absence words at positions
    `where` accepts ask for; None when a literal compares with no column."""
    compared = _comparisons(replace(link, literals=tuple(lit for lit in link.literals if where(lit.span[0]))),
                            intent, catalog, frame)
    if compared is None:
        return None
    source = link.tables[0]
    absent = [(found.end(), ref) for found in _ABSENT.finditer(link.question) if where(found.start())
              and (ref := _absent_column(link.question, found.end(), source, catalog)) is not None]
    # "Skip accounts with no balance": the rows an absence describes are left out.
    compared += [(ir.IsNotNull if EXCLUDING.match(link.question, W.clause_start(link.question, at), at) else ir.IsNull)(
        operand=ir.Col(name=frame[ref.table, ref.column])) for at, ref in absent]
    # "Percentage of loans with a fine": a column that is sometimes empty, set; one compared
    # after it ("with a balance over 50000", "a combined balance above the average") is not checked.
    present = [(found.end(), ref) for found in _PRESENT.finditer(link.question) if where(found.start())
               and not _ABSENT.match(link.question, found.end())  # "with an unknown composer" is absence
               and (not _COMPARED_LATER.match(link.question, found.end()) or _KNOWN.match(link.question, found.end()))
               and (ref := _absent_column(link.question, found.end(), source, catalog)) is not None
               and (info := catalog[ref.table].columns[ref.column]).null_count and info.dtype != "bool"]
    compared += [(ir.IsNull if _negated(link.question[W.clause_start(link.question, at):at]) else ir.IsNotNull)(
        operand=ir.Col(name=frame[ref.table, ref.column])) for at, ref in present]
    absent += present
    checked = _null_checks(link.question, frame, catalog, where)
    compared += [ir.IsNotNull(operand=column) if negated else ir.IsNull(operand=column)
                 for column, negated, _ in checked]
    pairs = _columns_compared(link.question, frame, catalog, where)
    compared += [node for node, _ in pairs]
    # A date column the answer lists ("When was loan 3 returned?") is asked for, set or not.
    listed = [_naming_span(item, link.question) for item in intent.listed]
    unset: list[tuple[int, int]] = []  # the words of events said not to have happened, a date's check
    compared += _dates_set(link, frame, catalog, lambda at: where(at) and not any(
        s <= at < e for s, e in (*(span for _, span in pairs), *listed)), unset)
    # "not shipped yet (shipped_date is null)": the value a checked column's words name is that check.
    said = {W.stem(part) for _, _, parts in checked for part in parts}
    values = [v for v in values if where(v.span[0]) and not any(at <= v.span[0] < at + 48 for at, _ in absent)
              and not {W.stem(w.lower) for w in W.words(v.text)} & said and v.span not in unset]
    return _values_conditions(values, frame) + compared


# "shipped_date is null", "a fax number (not null)": a null check the question writes out.
_NULL_CHECK = re.compile(r"((?:[A-Za-z_]+\s+){0,2}[A-Za-z_]+)\s*(?:\(\s*|\s+(?:is|are)\s+)(not\s+)?"
                         rf"(?:(?:{W.alternatives(L.UNSET_WORDS)})|(?P<set>{W.alternatives(L.SET_WORDS)}))\b", re.IGNORECASE)


def _null_checks(question: str, frame: Mapping[tuple[str, str], str], catalog: Mapping[str, TableInfo],
                 where: Callable[[int], bool]) -> list[tuple[ir.Col, bool, tuple[str, ...]]]:
    """Each written null check at positions `where` accepts: the column, whether it asks for
    values (not null), and the column's words."""
    tables = list(dict.fromkeys(table for table, _ in frame))
    out = []
    for found in _NULL_CHECK.finditer(question):
        words = [w.lower for w in W.words(found.group(1))]
        # "orders where shipped_date is null": the column's words are those after the clause's opener.
        tail = words[max((k + 1 for k, w in enumerate(words) if w in L.ITEM_END), default=0):]
        # ... else those before them ("an email on file (not null)").
        # ("whose return date is missing": a word that opens a list elsewhere is a column's here)
        ref = next((ref for said in (item_words(" ".join(tail)), item_words(found.group(1)), tuple(tail))
                    if (ref := _find(said, tables, catalog))), None) if where(found.start()) else None
        if ref is not None and (ref.table, ref.column) in frame:
            out.append((ir.Col(name=frame[ref.table, ref.column]), (found.group(2) is None) == bool(found.group("set")),
                        W.split_identifier(ref.column)))
    return out


# "returned after the due date", "a fare above its ceiling": a column compared with another.
_COMPARED = re.compile(rf"\b(?P<op>{W.alternatives(tuple(L.COLUMN_COMPARISONS))})\s+(?:the\s+|its\s+|their\s+)?"
                       r"(?P<b>(?:[A-Za-z_']+\s+){0,2}[A-Za-z_']+)", re.IGNORECASE)
_LATE = re.compile(rf"\b(?:{W.alternatives(L.LATE_EVENT_WORDS)})\b", re.IGNORECASE)


def _columns_compared(question: str, frame: Mapping[tuple[str, str], str], catalog: Mapping[str, TableInfo],
                      where: Callable[[int], bool]) -> list[tuple[ir.Node, tuple[int, int]]]:
    """Each comparison of two columns of a row at positions `where` accepts, and its words:
    "returned after the due date" (the column the words before the comparison name, and the
    one after it), "came back late" (the date of the event named, else the one date of the
    due date's table that may be unset, after the due date)."""
    tables = list(dict.fromkeys(table for table, _ in frame))
    # Dates compare with dates, amounts with amounts: "the due date" is no count of days.
    kinds = [{t: replace(catalog[t], columns={c: info for c, info in catalog[t].columns.items()
                                              if _kind(_Ref(t, c), catalog) == kind}) for t in tables}
             for kind in ("date", "amount")]
    out = []
    for found in _COMPARED.finditer(question):
        words = item_words(found.group("b").replace("'s", ""))
        right = next((ref for kind in kinds if (ref := _find(words, tables, kind))), None) \
            if words and not set(words) & set(L.MEAN_WORDS) else None
        left = _named_before(question, found.start(), tables, catalog, _kind(right, catalog)) if right else None
        if where(found.start()) and left is not None and left[1] != right and (left[1].table, left[1].column) in frame \
                and (right.table, right.column) in frame:
            out.append((ir.Binary(op=L.COLUMN_COMPARISONS[found.group("op").lower()],
                                  left=ir.Col(name=frame[left[1].table, left[1].column]),
                                  right=ir.Col(name=frame[right.table, right.column])), (left[0], found.end())))
    for found in _LATE.finditer(question):
        due = [_Ref(t, c) for (t, c) in frame if _kind(_Ref(t, c), catalog) == "date"
               and set(W.split_identifier(c)) & L.DUE_PARTS]
        if not where(found.start()) or len(due) != 1:
            continue
        named = _named_before(question, found.start(), tables, catalog, "date")
        unset = [_Ref(due[0].table, c) for c, info in catalog[due[0].table].columns.items()
                 if c != due[0].column and info.null_count and _kind(_Ref(due[0].table, c), catalog) == "date"]
        event, start = (named[1], named[0]) if named else (unset[0] if len(unset) == 1 else None, found.start())
        if event is not None and event != due[0] and (event.table, event.column) in frame:
            out.append((ir.Binary(op=">", left=ir.Col(name=frame[event.table, event.column]),
                                  right=ir.Col(name=frame[due[0].table, due[0].column])), (start, found.end())))
    return out


def _named_before(question: str, at: int, tables: list[str], catalog: Mapping[str, TableInfo],
                  kind: str | tuple[str, ...] | None) -> tuple[int, _Ref] | None:
    """Where the words just before `at` that name a column of the `kind` (or of one of the
    kinds) begin, and the column ("returned after ...", "the fare is above ..."); None where
    they name none."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    words = [w for w in W.words(re.split(r"[.,;:!?()]", question[:at])[-1])][-5:]
    while words and words[-1].lower in L.COMPARISON_FILLERS:
        words.pop()
    for size in range(min(3, len(words)), 0, -1):
        run = words[-size:]
        ref = _find(tuple(w.lower for w in run if w.lower not in W.STOPWORDS), tables, catalog)
        if ref is not None and kind is not None and _kind(ref, catalog) in kinds:
            return run[0].start, ref
    if kind == "date" and words and W.participle(words[-1].lower):
        # "shipped after ..." of `l_shipdate`, "received ..." of `l_receiptdate`: the one date whose
        # name runs the verb's noun into its own.
        dated = [_Ref(t, c) for t in tables for c in catalog[t].columns if _kind(_Ref(t, c), catalog) == "date"
                 and W.holds_verb(c, words[-1].lower)]
        if len(dated) == 1:
            return words[-1].start, dated[0]
    return None


def _kind(ref: _Ref | None, catalog: Mapping[str, TableInfo]) -> str | None:
    """What a column holds as far as comparing it with another goes: dates or amounts."""
    if ref is None:
        return None
    info = catalog[ref.table].columns[ref.column]
    if info.iso or info.dtype in ("date", "datetime"):
        return "date"
    return "amount" if _measure(ref, catalog) else None


# "orders that have not shipped yet": the event has not happened, whatever status is named so.
_YET = re.compile(r"\s+yet\b", re.IGNORECASE)
_NEVER = re.compile(r"\bnever\s+$", re.IGNORECASE)


def _not_yet(question: str, span: tuple[int, int]) -> bool:
    """"not shipped yet", "never shipped": the words say an event has not happened."""
    return _YET.match(question, span[1]) is not None or _NEVER.search(question[:span[0]]) is not None


def _dates_set(link: Link, frame: Mapping[tuple[str, str], str], catalog: Mapping[str, TableInfo],
               where: Callable[[int], bool], unset: list[tuple[int, int]] | None = None) -> list[ir.Node]:
    """"returned loans", "invoices that were paid", "never returned", "unpaid": rows kept by
    whether the date of their event is set, where a participle names a date that may be unset
    (and no value of the question's, unless the words say the event has not happened: "not
    shipped yet", "never shipped"; their spans are added to `unset`)."""
    tables = list(dict.fromkeys(table for table, _ in frame))
    # Only a date is set by an event: "shipped" names `shipped_date`, not `ship_country` too.
    dated = {t: replace(catalog[t], columns={c: info for c, info in catalog[t].columns.items()
                                             if _kind(_Ref(t, c), catalog) == "date"}) for t in tables}
    out: list[ir.Node] = []
    for word in W.words(link.question):
        if not where(word.start) or any(v.span[0] <= word.start < v.span[1] for v in link.values) \
                and not _not_yet(link.question, (word.start, word.end)) \
                or _column_opened((word.start, word.end), link.question, catalog):
            continue  # "the latest delivered date" names a date, it keeps no rows
        lower, not_set = word.lower, False
        if not W.participle(lower) and lower.startswith("un") and W.participle(lower[2:]):
            lower, not_set = lower[2:], True  # "unpaid"
        ref = _find((lower,), tables, dated) if W.participle(lower) else None
        if ref is None or _kind(ref, catalog) != "date" or not catalog[ref.table].columns[ref.column].null_count \
                or (ref.table, ref.column) not in frame:
            continue
        # "orders shipped to Germany": the verb a value is said with keeps the rows that value keeps.
        if (joined := VERB_OBJECT.match(link.question, word.end)) and any(v.span[0] == joined.end() for v in link.values):
            continue
        before = {w.lower for w in W.words(link.question[max(0, word.start - 12):word.start])}
        not_set = not_set or bool(before & {"not", "never"})
        col = ir.Col(name=frame[ref.table, ref.column])
        if unset is not None and not_set and _not_yet(link.question, (word.start, word.end)):
            unset.append((word.start, word.end))
        out.append(ir.IsNull(operand=col) if not_set else ir.IsNotNull(operand=col))
    return out + _not_ended(link, frame, catalog, where)


def _not_ended(link: Link, frame: Mapping[tuple[str, str], str], catalog: Mapping[str, TableInfo],
               where: Callable[[int], bool]) -> list[ir.Node]:
    """"active subscriptions", "the current salary": rows of the table the next word names
    whose one end date is unset, where no flag of theirs says so."""
    out: dict[str, ir.Node] = {}  # one condition a column, however often the words say it
    words = W.words(link.question)
    for k, word in enumerate(words):
        if word.lower not in L.ONGOING_WORDS or not where(word.start) \
                or any(v.span[0] <= word.start < v.span[1] for v in link.values):
            continue
        # "subscriptions that are still running": said of the rows the question is about.
        said_of = link.tables[0] if k and words[k - 1].lower in L.STATE_VERBS else None
        noun = words[k + 1].lower if k + 1 < len(words) else ""
        table = said_of or next((t for t, _ in frame if _names_table((noun,), t)), None)
        ends = [c for c in _dates(table, catalog) if set(W.split_identifier(c)) & L.END_PARTS
                and catalog[table].columns[c].null_count] if table else []
        if len(ends) == 1 and (table, ends[0]) in frame:
            out[frame[table, ends[0]]] = ir.IsNull(operand=ir.Col(name=frame[table, ends[0]]))
    return list(out.values())


def _shown_with(question: str, intent: Intent, keys: list[tuple[_Ref, Item]], tables: list[str],
                catalog: Mapping[str, TableInfo]) -> tuple[list[tuple[_Ref, Item]], list[_Ref]] | None:
    """The keys to group by that show the text columns listed beside aggregates, and the keys
    they replace. "How many visits did each doctor have? Include the doctor's name.": the name
    of the entity a group key points at is the group. "Customer names with their number of accounts": with
    no group said, the names are the groups, each entity kept apart by its key (two customers
    may share a name). None where a listed column names nothing."""
    plain = [item for item in intent.listed if not item.fn]
    # A list of a group's columns and its aggregates is settled by the group's words (nlq.settle),
    # a sentence after the aggregates' adds a column to them; a period's group ("per month")
    # shows no entity.
    if not plain or not intent.groups and len(plain) == len(intent.listed) \
            or intent.groups and (len(keys) != len(intent.groups) or not all(
                SENTENCE_END.search(question, item.span[1], plain[0].span[0]) for item in intent.listed if item.fn)):
        return [], []
    add: list[tuple[_Ref, Item]] = []
    drop: list[_Ref] = []
    for item in plain:
        # "customer names": an entity's name, held as first and last name where it has no one column.
        entity = _table_named(" ".join(item.words[:-1]), tables) \
            if len(item.words) > 1 and W.singular(item.words[-1]) == "name" and not item.column else None
        ref = _Ref(item.table, item.column) if item.table and item.column else _find(item.words, tables, catalog)
        refs = [_Ref(entity, label) for label in entity_labels(catalog[entity])] if entity else [ref] if ref else []
        if not refs:
            return None
        if any(catalog[r.table].columns[r.column].dtype != "str" or catalog[r.table].columns[r.column].iso for r in refs):
            return [], []  # a date or a number beside aggregates is no label: what groups by it is the words' to say
        if any(r.column in [k.column for k, _ in (*keys, *add)] for r in refs):
            continue  # a key listed again ("accounts with their number of cards") is the group's
        if intent.groups:
            pointing = [k for k, _ in keys if _points_to(k, refs[0].table, catalog)]
            if not pointing:
                return [], []
            drop += pointing
        elif not add and (key := catalog[refs[0].table].entity_key) is not None and key != refs[0].column \
                and not W.key_like(refs[0].column):  # ("the airline code" of flights is the airline's own key)
            add.append((_Ref(refs[0].table, key), item))
        add += [(r, item) for r in refs]
    return add, drop


def _points_to(key: _Ref, table: str, catalog: Mapping[str, TableInfo]) -> bool:
    """The group key is `table`'s own column, or the one column its rows join `table` on."""
    if key.table == table:
        return True
    try:
        route = join_path(catalog, [key.table, table])
    except NlqError:
        return False
    return len(route) == 1 and route[0].left_on == (key.column,)


def _shown_columns(intent: Intent, shown: list[tuple[_Ref, Item]], named: list[ir.Named],
                   name: Callable[[_Ref], str | None], catalog: Mapping[str, TableInfo]) -> list[str]:
    """The text columns listed beside the aggregates, then the aggregates, as a group's keys
    come before its aggregates (less the key that only keeps entities apart)."""
    labels = [held for ref, item in shown if (held := name(ref)) is not None
              and (ref.column != catalog[ref.table].entity_key or item.column == ref.column)]
    return list(dict.fromkeys([*labels, *(agg.name for agg in named)]))


def _key_said(held: str | None, ref: _Ref, group: Item) -> ir.ColumnItem | None:
    """A group key the join renamed (`name_right`) named by the group's words ("per genre
    name" -> genre_name, "per genre" -> genre_name)."""
    if held is None or held == ref.column or not held.endswith("_right"):
        return held
    words = group.words if len(group.words) > 1 else (*group.words, *W.split_identifier(ref.column))
    if tuple(map(W.stem, group.words)) == tuple(map(W.stem, W.split_identifier(ref.column))):
        # "the artists ... by name": the column's own words say no whose; its table's noun does.
        words = (_noun(ref.table), *W.split_identifier(ref.column))
    return ir.Named(name=W.snake_case(list(words)), expr=ir.Col(name=held))


def _in_table_said(values: list[ValueMatch], source: str, question: str) -> list[ValueMatch]:
    """Where words name a value of several tables, the one of the table named just before it
    ("orders made by clients who live in Peru": the clients' country, not the orders' ship
    country), else the source's ("customers from France": no join needed to hold it)."""
    out: list[ValueMatch] = []
    for span in dict.fromkeys(v.span for v in values):
        matches = [v for v in values if v.span == span]
        tables = list(dict.fromkeys(v.table for v in matches))
        near = next((table for word in reversed(W.words(question[:span[0]])[-4:])
                     if (table := _table_named(word.text, tables)) is not None), None)
        out += [v for v in matches if v.table == near] or [v for v in matches if v.table == source] or matches
    return out


def _share(link: Link, intent: Intent, counted: list[ir.Node], over: list[ir.Node], tables: list[str],
           catalog: Mapping[str, TableInfo], frame: Mapping[tuple[str, str], str]) -> ir.Named | None:
    """The share of rows that meet the counted conditions, or, when the words name none, a
    true/false column the ratio's word names ("percentage of flights cancelled"); of the rows
    that meet the `over` conditions where there are some ("to active employees"), else of all."""
    ratio = intent.ratio
    assert ratio is not None
    predicate = _all(counted)
    if predicate is None:
        words = item_words(link.question[ratio.counted_at:])[:1]
        ref = _find(words, tables, catalog) if words else None
        if ref is None or catalog[ref.table].columns[ref.column].dtype != "bool" or (ref.table, ref.column) not in frame:
            return None
        predicate = ir.Col(name=frame[ref.table, ref.column])
    # Of every row: a row whose value is missing is not counted, but it is one of the rows.
    total = ir.Agg(fn="sum", operand=over_all) if (over_all := _all(over)) is not None else ir.Agg(fn="len")
    part = ir.Agg(fn="sum", operand=predicate)
    if ratio.measure:
        # "the share of the total cost from delayed shipments": their cost over all the cost.
        ref = _find(ratio.measure, tables, catalog)
        if ref is None or not _measure(ref, catalog) or (ref.table, ref.column) not in frame:
            return None
        measure = ir.Col(name=frame[ref.table, ref.column])
        part = ir.Agg(fn="sum", operand=measure, where=predicate)
        total = ir.Agg(fn="sum", operand=measure, where=over_all)
    share: ir.Node = ir.Binary(op="/", left=part, right=total)
    if ratio.percent:
        share = ir.Binary(op="*", left=share, right=ir.Lit(value=100))
    return ir.Named(name=intent.names[0] if len(intent.names) == 1 else ratio.name, expr=share)


_OPENER_AT_END = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in (*L.GROUP_OPENERS, "by")) + r")\s*$",
                            re.IGNORECASE)


def _subject_words(link: Link, intent: Intent) -> tuple[str, ...]:
    """The words before the first group ("Hires per year" -> hires, "Amount invoiced per
    month" -> amount, invoiced), or after a period's adjective that opens the question."""
    if not intent.groups:
        return ()
    first = min(intent.groups, key=lambda group: group.span)
    before = link.question[:first.span[0]]
    opener = _OPENER_AT_END.search(before)
    if opener is None and first.expr is not None and not item_words(before):
        return item_words(link.question[first.span[1]:])  # "Monthly revenue for 2024": those after
    return item_words(before[:opener.start()]) if opener else ()


def _without_groups(question: str, intent: Intent) -> str:
    """The question with each group's words and their opener blanked ("How much has each plan
    billed" -> "How much has billed")."""
    for group in intent.groups:
        opener = _OPENER_AT_END.search(question[:group.span[0]])
        start = opener.start() if opener else group.span[0]
        question = W.blanked(question, start, group.span[1])
    return question


def _count_name(link: Link, intent: Intent, source: str) -> str:
    """`<noun>_count`, the noun the rows are counted as ("Hires per year" -> hire_count), else
    the table's."""
    words = _subject_words(link, intent)
    table = W.split_identifier(source)
    for size in (3, 2):  # "page views per URL" -> page_view_count, when the words name the table
        if len(words) >= size and tuple(map(W.stem, words[-size:])) == tuple(map(W.stem, table[-size:])):
            return "_".join([*words[-size:-1], W.singular(words[-1])]) + "_count"
    noun = words[-1] if words and W.singular(words[-1]) != words[-1] else table[-1]
    return f"{W.singular(noun)}_count"


_DISTINCT_ITEM = re.compile(r"\b(?:distinct|unique|different)\s+((?:[A-Za-z_]+\s*){1,3})", re.IGNORECASE)


def _distinct_item(question: str, intent: Intent) -> tuple[Item, ...]:
    """"Which distinct event types ...": the one column a distinct answer lists."""
    found = _DISTINCT_ITEM.search(question) if intent.distinct else None
    words = item_words(found.group(1)) if found else ()
    return (Item(text=found.group(1).strip(), words=words, span=found.span(1)),) if found and words else ()


def _per_row(question: str, group: Item, source: str) -> bool:
    """"the average seats per subscription" of subscriptions: an aggregate "per" one of the rows
    it runs over is taken over all of them; a group of one row each is no group."""
    return _names_table(group.words[-1:], source) and re.search(
        r"\bper\s+(?:\w+\s+)?$", question[:group.span[0]], re.IGNORECASE) is not None


def _group_ref(group: Item, tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The column a group's words name: the one the Intent linked, else the closest; "per origin
    city": the column the words after a role name, of the table that role points at (the join
    takes its pointer, `Link.roles`)."""
    if group.column is None:
        ref = _find(group.words, tables, catalog)
        if ref is None and len(group.words) > 1 and (ref := _find(group.words[1:], tables, catalog)) is not None:
            role = L.ROLE_WORDS.get(group.words[0], group.words[0])
            # "per customer nation": the nation the customers' table (the first word's) points at.
            owner = next((t for t in tables if t != ref.table and _names_table(group.words[:1], t)), None)
            return ref if role_pointer({t: catalog[t] for t in tables}, role, ref.table) \
                or owner is not None and _refers(owner, ref.table, catalog) else None
        return ref
    return _Ref(group.table, group.column) if group.table else _owner(group.column, tables, catalog)


def _source_group(group: Item, source: str, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The source's column a group's words name, or that points at the table they name ("for
    each airline" over flights: the flights' airline code)."""
    # "each genre name" over tracks: the genres' name, not the tracks' own, where the words name
    # it closer; the rows of one genre are those that point at it.
    closest = _group_ref(group, [source, *(t for t in catalog if t != source)], catalog)
    if closest is not None and closest.table != source and (labelled := _label_pointer(source, closest, catalog)):
        return labelled
    return _group_ref(group, [source], catalog) or _pointer(source, _group_ref(group, list(catalog), catalog), catalog)


def _label_pointer(source: str, ref: _Ref, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The source's column that points at the table whose label `ref` is, in one join (a
    continent of countries is no label: the countries' code groups no cities by it)."""
    if ref.column not in entity_labels(catalog[ref.table]):
        return None
    try:
        route = join_path(catalog, [source, ref.table])
    except NlqError:
        return None
    return _Ref(source, route[0].left_on[0]) if len(route) == 1 and len(route[0].left_on) == 1 else None


def _entity_named(ref: _Ref, group: Item, catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """"Number of tracks per genre" with the genres given: the group is the genre, shown by its
    one label, where its words name the table the rows' pointer (`genre_id`) joins in one step;
    "per genre id" says the key itself."""
    if not W.key_like(ref.column) or any(w in L.KEY_PARTS for w in group.words):
        return None
    for table in catalog:
        if table == ref.table or not _names_table(group.words, table):
            continue
        labels = entity_labels(catalog[table])
        if len(labels) != 1 or labels[0] == catalog[table].entity_key or not _kind_list(catalog[table], labels[0]):
            continue
        try:
            route = join_path(catalog, [ref.table, table])
        except NlqError:
            continue
        if len(route) == 1 and list(route[0].left_on) == [ref.column]:
            return _Ref(table, labels[0])
    return None


def _kind_list(info: TableInfo, label: str) -> bool:
    """A table that lists kinds (genres, categories, regions): besides its keys and its label,
    only free text (a description, a comment), no dates, amounts or values rows share. Its rows
    are known by their label; a person's or a branch's rows by their key (two may share a name)."""
    for column, col in info.columns.items():
        if column == label or column in info.keys or W.key_like(column):
            continue
        if col.dtype != "str" or col.iso or info.repeats(column):
            return False
    return True


def _owner(column: str, tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    return next((_Ref(t, column) for t in tables if column in catalog[t].columns), None)


def _of_rows(named: ir.Named, predicate: ir.Node | None) -> ir.Named:
    """An aggregate over the rows the predicate keeps: a count sums it."""
    agg = named.expr
    if predicate is None or not isinstance(agg, ir.Agg):
        return named
    kept = ir.Agg(fn="sum", operand=predicate) if agg.fn == "len" else agg.model_copy(update={"where": predicate})
    return named.model_copy(update={"expr": kept})


def _asked(link: Link, intent: Intent) -> list[tuple[str, str, str | None, tuple[int, int]]] | None:
    """Each aggregate the words ask for, in order: its function, its words, the name they give
    it and where they are; None where the hints do not add up to the Intent's aggregates."""
    items = [item for item in intent.listed if item.fn]
    if items:
        return [(item.fn, item.text, item.name or _hint_name(link.names, item), item.span) for item in items]
    if not intent.aggregates:
        return []
    hints = sorted((h for h in link.names if h.fn), key=lambda h: h.span)
    # "recorded in total": an aggregate word with nothing after it to aggregate
    bare = [h for h in hints if h.fn != "len" and not _operand_words(h.text)]
    hints = [h for h in hints if h not in bare]
    if not hints and intent.aggregates == ("len",) and intent.groups and all(g.expr for g in intent.groups):
        hints = [NameHint("", "len", "", (0, 0))]  # "Which month had the most loans?": the rows counted
    if len(hints) != len(intent.aggregates) - len(bare):
        return None
    return [(h.fn, h.text, h.name or None, h.span) for h in hints]


def _own_values(link: Link, intent: Intent, fns: list[str]) -> list[list[ValueMatch]]:
    """The values each aggregate's own clause names, where two aggregates of one function are
    asked (`fns`, as drafted): "how many transactions and how many of them are online", "total
    credit amount and total debit amount" count and sum the rows of their value each; [] each
    where none."""
    asked = _asked(link, intent) or []
    if len(asked) != len(fns):
        return [[] for _ in fns]
    return [[v for v in link.values if v.how != "boolean" and start <= v.span[0] < end]
            if fns.count(fn) > 1 and fn in ("len", "sum", "mean") else []
            for fn, (start, end) in zip(fns, _clauses(link.question, asked))]


def _clauses(question: str, asked: list[tuple[str, str, str | None, tuple[int, int]]]) -> list[tuple[int, int]]:
    """Where each aggregate's words run: from its own to the next one's, the last to the end."""
    starts = [span[0] for _, _, _, span in asked]
    return list(zip(starts, [*starts[1:], len(question)]))


def _aggregates(link: Link, intent: Intent, tables: list[str],
                catalog: Mapping[str, TableInfo]) -> list[tuple[str, str, _Ref | None]] | None:
    """Each aggregate the question asks for: its name, its function and what it aggregates (None
    for a count of rows); None when one names nothing the tables have."""
    asked_at = _asked(link, intent)
    if asked_at is None:
        return None if intent.answer == "scalar" or intent.groups else []
    asked = [(fn, text, name) for fn, text, name, _ in asked_at]
    items = [item for item in intent.listed if item.fn]
    out = []
    operands = [_operand_words(text) for _, text, _ in asked]
    # "the minimum, maximum and average fare": an aggregate with no words of its own is of
    # the next one's; "the first signup date and the latest one" of the one before.
    for k in range(len(operands) - 2, -1, -1):
        if not operands[k] and asked[k][0] != "len" and asked[k + 1][0] != "len":
            operands[k] = operands[k + 1]
    for k in range(1, len(operands)):
        if not operands[k] and asked[k][0] != "len" and asked[k - 1][0] != "len":
            operands[k] = operands[k - 1]
    # "Top 3 sites by total reading quantity: the site name and the total": of the measure
    # the question names for it outside the list, and named after it.
    for k, item in enumerate(items):
        if not operands[k] and item.fn != "len" and (said := _said_elsewhere(link.names, items, item.fn)):
            operands[k] = _operand_words(said.text)
            asked[k] = (item.fn, item.text, item.name or _hint_name(link.names, item, written=True) or said.name)
    # "When was the latest visit?": the column the Intent read for an item, where it read its table too.
    read = [_Ref(item.table, item.column) if item.table and item.column else None for item in items] \
        or [None] * len(asked)
    for (fn, text, name), operand, given, (*_, at) in zip(asked, operands, read, asked_at):
        if fn not in _AGG_FNS:
            return None
        if fn == "len" and len(asked) > 1 and (flag := _flag(operand, tables, catalog)) is not None:
            # "the number of sessions and how many bounced": the rows the flag marks, named by its
            # words where the count's own name is another's too ("the number of verified users").
            said = name not in (None, "count") and [n for _, _, n in asked].count(name) == 1
            own = W.column_name([*operand[:-1], W.singular(operand[-1]), "count"])
            out.append((name if said else own, "sum", flag))
            continue
        if fn == "len" and out and (pointing := _other_entity(operand, tables, link, catalog)) is not None:
            # "How many employees are on leave and how many departments do they belong to?":
            # after the rows counted, another entity's count is of those the rows point at.
            out.append((name or f"{W.singular(operand[0])}_count", "n_unique", pointing))
            continue
        # ("total units in stock" of `units_in_stock`: a column's name may hold a word that ends a phrase elsewhere)
        # ("How many distinct orders" of order lines: the orders' key, `Order ID`, not their date)
        counted_key = _entity_key(tuple(map(W.singular, operand)), tables, catalog) \
            if fn == "n_unique" and operand and W.singular(operand[-1]) != operand[-1] else None
        ref = None if fn == "len" else given or counted_key or _name_with_ends(text, tables, catalog) \
            or _find(operand, tables, catalog) or _spelled_whole(text, tables, catalog)
        if ref is None and fn != "len" and len(operand) > 1 and W.participle(operand[-1]):
            ref = _find(operand[:-1], tables, catalog)  # "the total amount paid": the amount; "paid" says what it is
        if fn in ("sum", "mean", "median", "min", "max") and (ref is None or not _measure(ref, catalog)) \
                and (whole := _with_aggregate_word(text, tables, catalog)) is not None:
            ref = whole  # "Total order price": the orders' `totalprice`, its aggregate word a word of its name
        if fn in ("sum", "mean", "median") and (ref is None or not _measure(ref, catalog)) \
                and (verb := _table_named(" ".join(operand), tables)):
            ref = _row_value(verb, catalog)  # "Total invoiced in March": the amount invoices hold
        if fn in ("sum", "mean", "median", "min", "max") and ref is None and operand and (value := next((
                v for v in link.values if at[0] <= v.span[0] < at[1] and v.how != "boolean"
                and W.singular(v.text.lower()) == W.singular(operand[0])), None)) is not None:
            ref = _row_value(value.table, catalog)  # "Total fees per month": the amount of the rows of type FEE
        if fn in ("sum", "mean", "median") and ref is None and set(operand) & L.MONEY_WORDS:
            ref = next((only for t in tables if (only := _only_measure(t, catalog))), None)  # "total sales"
        if fn in ("sum", "mean", "median", "min", "max") and ref is not None and W.key_like(ref.column) \
                and _table_named(operand[-1], [ref.table]):
            # "the longest delay", "the average sensor reading": the amount a delay, a reading is
            ref = _row_value(ref.table, catalog)
        if fn == "n_unique" and (entity := _entity_counted(operand, tables)) \
                and (own := _noun_column(operand[0], entity, catalog)) is not None:
            # "distinct languages" of a table of languages that holds a `language` column: its
            # values are the languages, whatever key the table's rows have.
            ref = _Ref(entity, own)
        elif fn == "n_unique" and (entity := _entity_counted(operand, tables)) \
                and (key := catalog[entity].entity_key) is not None:
            ref = _pointing(_Ref(entity, key), link, catalog)
        if fn != "len" and (ref is None or catalog[ref.table].columns[ref.column].dtype not in (*_NUMERIC, "date", "datetime")
                            and fn not in ("n_unique", "min", "max")):
            return None
        if fn in ("sum", "mean", "median", "std", "var") and not _measure(ref, catalog):
            return None  # "total order value" is no sum of order keys
        # "the highest balance" is max_balance, in the question's words, not the column's.
        default = "count" if ref is None else _aggregate_name(fn, operand)
        if fn == "len" and (name or default) == "count" and "count" not in intent.names:
            name = _rows_counted(tables[0])  # "Summarize shipments by status: count, ...": shipment_count
        out.append((name or default, fn, ref))
    how_much = _HOW_MUCH.match(link.question)
    if not asked and set(intent.aggregates) <= {"sum"} and (intent.groups and not intent.listed or how_much):
        # "Amount invoiced per month", "How much was credited in each month?": the number the
        # words before the group name, summed (after "how much", the one amount of the rows),
        # named by those words ("Flight id and fare for every flight" lists each row's).
        words = item_words(_without_groups(link.question, intent)[how_much.end():]) if how_much \
            else _subject_words(link, intent)
        # "Rentals per day": a table's own noun counts its rows.
        ref = None if any(_names_table(words, t) for t in link.tables) else _find(words, tables, catalog)
        if how_much and (ref is None or not _measure(ref, catalog)):
            ref = _only_measure(tables[0], catalog)
        if words and ref is not None and _measure(ref, catalog):
            # ("Total price per status" of `o_totalprice`: the total said once)
            out.append((W.column_name(["total", *words] if words[0] != "total" else list(words)), "sum", ref))
    own = _own_values(link, intent, [fn for _, fn, _ in out])
    if asked and len(own) == len(out):
        # "how many transactions and how many of them are online (as online_count)": a count of
        # the rows of a value is named as its clause writes it, else by the value.
        clauses = _clauses(link.question, asked_at)
        names = [name for name, _, _ in out]
        said = [[W.singular(w) for v in values for w in item_words(v.text)] for values in own]
        out = [(next((h.name for h in link.names if h.explicit and start <= h.span[0] < end), None)
                or (name if names.count(name) == 1 else W.column_name([*words, "count"])),
                fn, ref) if values and fn == "len"
               # "the average cost of express shipments and of standard shipments": avg_express_cost
               else (W.column_name([name.split("_", 1)[0], *words, *name.split("_", 1)[1:]]), fn, ref)
               if values and names.count(name) > 1 else (name, fn, ref)
               for (name, fn, ref), values, words, (start, end) in zip(out, own, said, clauses)]
        # "Average retail price per brand, top 5 brands by average price": one aggregate said
        # again by other words (not of rows of its own value) is the one said first.
        out = [agg for k, agg in enumerate(out) if agg[2] is None or own[k] or not any(
            (fn, ref) == agg[1:] and not own[j] for j, (_, fn, ref) in enumerate(out[:k]))]
    # "Total sales per country, only countries with total sales above 100": one aggregate said twice.
    out = list(dict.fromkeys(out))
    if len({name for name, _, _ in out}) < len(out):
        return None
    return out


_HOW_MUCH = re.compile(r"\s*how\s+much\b", re.IGNORECASE)


def _entity_counted(words: tuple[str, ...], tables: list[str]) -> str | None:
    """The table whose rows "different customers (hold an account)" are: a plural noun first,
    what follows says what they did."""
    if not words or W.singular(words[0]) == words[0]:
        return None
    return next((t for t in tables if _names_table(words[:1], t)), None)


def _spelled_whole(text: str, tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """"the total units in stock": a column whose whole name the words after the aggregate's
    spell, a word that ends an item among them (`units_in_stock`)."""
    words = [w.lower for w in W.words(text)]
    while words and (words[0] in L.AGGREGATE_WORDS or words[0] in L.DETERMINERS or words[0] == "of"):
        words = words[1:]
    spelled = "_".join(words)
    return next((_Ref(t, c) for t in tables for c in catalog[t].columns if len(words) > 1
                 and spelled in (c.lower(), "_".join(W.split_identifier(c)[1:]))), None)


def _with_aggregate_word(text: str, tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The measure an aggregate's words name with its aggregate word as one of the column's
    ("total price" -> `totalprice`), the words that name a table only saying whose ("order")."""
    words = [w for w in item_words(text) if not any(_names_table((w,), t) for t in tables)]
    # "average total price": the aggregate asked first, then the one the column's name holds.
    for k in range(len(words) - 1):
        if words[k] not in L.AGGREGATE_WORDS:
            return None
        ref = _find(tuple(words[k:]), tables, catalog)
        if ref is not None and _measure(ref, catalog) and words[k] in W.split_identifier(ref.column)[-1]:
            return ref
    return None


def _noun_column(noun: str, table: str, catalog: Mapping[str, TableInfo]) -> str | None:
    """The table's column named by the noun alone, not a key (`language` for "languages")."""
    return next((c for c in catalog[table].columns if not W.key_like(c)
                 and tuple(map(W.stem, W.split_identifier(c))) == (W.stem(W.singular(noun)),)), None)


def _other_entity(words: tuple[str, ...], tables: list[str], link: Link,
                  catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The key by which the rows of `tables[0]` point at the entities a plural noun other than
    theirs names ("departments" of employees: `e_dept_id`), through the entities' table where
    the tables hold it, else the key column of the rows the noun names."""
    if not words or W.singular(words[0]) == words[0] or _names_table(words[:1], tables[0]):
        return None
    entity = _entity_counted(words, tables)
    if entity is not None and (key := catalog[entity].entity_key) is not None:
        ref = _pointing(_Ref(entity, key), link, catalog)
        return ref if ref.table == tables[0] else None
    ref = _find(words[:1], tables[:1], catalog)
    return ref if ref is not None and W.key_like(ref.column) else None


def _pointing(ref: _Ref, link: Link, catalog: Mapping[str, TableInfo]) -> _Ref:
    """"How many different patients visited in 2024?": the distinct entities are counted
    where the other table the question names points at them (the visits' `patient_id`); with
    no such table, by their own key. A verb may name that table ("How many different drugs
    have been prescribed?": the prescriptions' `drug_id`)."""
    acted = _table_named(link.question, [t for t in catalog if t not in link.tables and t != ref.table])
    for table in (*link.tables, *([acted] if acted else [])):
        route = join_path(catalog, [ref.table, table], link.roles) if table != ref.table else []
        if len(route) == 1 and route[0].left_on == (ref.column,) and len(route[0].right_on) == 1:
            return _Ref(table, route[0].right_on[0])
    return ref


def _flag(words: tuple[str, ...], tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The true/false column the words of a count name ("how many bounced" -> isBounce)."""
    ref = _find(words, tables, catalog) if words else None
    return ref if ref is not None and catalog[ref.table].columns[ref.column].dtype == "bool" else None


def _operand(ref: _Ref, fn: str, held: str | None, catalog: Mapping[str, TableInfo]) -> ir.Node:
    """The column an aggregate takes; the earliest or latest of ISO date strings is a date,
    as the convention parses them."""
    iso = catalog[ref.table].columns[ref.column].iso
    col = ir.Col(name=held)
    return ir.ToDate(operand=col, dtype=iso) if iso and fn in ("min", "max") else col


# "the standard deviation of fee": an aggregate said in two words, no word of its measure.
_STD = re.compile(r"\bstandard\s+deviation\b", re.IGNORECASE)
# "the average number of pages" is of the pages the rows hold.
_AGGREGATE_OF = re.compile(r"^\s*(?:the\s+)?(?:(?:total|average|mean|avg|median|maximum|minimum|max|min)\s+"
                           r"(?=(?:number|count)\s+of\b))?"
                           r"(?:sum|total|average|mean|avg|median|maximum|minimum|max|min|number|count"
                           r"|standard\s+deviation|variance)"
                           r"\s+of\s+(?:(?:the|all)\s+)*", re.IGNORECASE)


def _operand_words(text: str) -> tuple[str, ...]:
    # "(first_signup)" is a name, not a measure; "the sum of all X" is of X.
    words = item_words(_STD.sub(" ", _AGGREGATE_OF.sub(" ", re.sub(r"\([^)]*\)", " ", text))))
    if words[:1] and words[0] in L.ORDINAL_AGGREGATES:
        words = words[1:]  # "the first signup date"
    kept = tuple(w for w in words if w not in L.AGGREGATE_WORDS and w not in L.PRONOUNS and w not in ("per", "all"))
    if len(words) >= 2 and (words[-1],) in L.NOUN_AGGREGATES and words[-2] in kept:
        kept = (*kept, words[-1])  # "the largest invoice total": a total is a noun after its owner's
    said = [w for w in words if w in L.AGGREGATE_WORDS]
    # "the average total": one aggregate word after another is of a column named like one.
    return kept or (said[-1:] if len(said) >= 2 else ())


def _said_elsewhere(hints: tuple[NameHint, ...], items: list[Item], fn: str) -> NameHint | None:
    """The one phrase outside the listed items that names a measure for the aggregate `fn`."""
    found = [h for h in hints if h.fn == fn and not h.explicit and _operand_words(h.text)
             and not any(item.span[0] <= h.span[0] < item.span[1] for item in items)]
    return found[0] if len(found) == 1 else None


_AGG_FNS = ("len", "sum", "mean", "median", "min", "max", "n_unique", "std", "var")
_PREFIX = {"sum": "total", "mean": "avg", "median": "median", "min": "min", "max": "max", "n_unique": "unique",
           "std": "std", "var": "var"}


def _aggregate_name(fn: str, words: list[str] | tuple[str, ...]) -> str:
    """An aggregate's name: its prefix, then the measure's words ("the sum of total amount" is
    `total_amount`, its prefix said once)."""
    return W.prefixed_name(_PREFIX[fn], words)


def _hint_name(hints: tuple[NameHint, ...], item: Item, written: bool = False) -> str | None:
    """The name the item's words give: a name written inside them ("(first_signup)") first,
    else (unless only a `written` one is asked) their aggregate phrase's."""
    inside = [h for h in hints if h.span[0] < item.span[1] and item.span[0] < h.span[1]]
    return next((h.name for h in inside if h.explicit), None) or (
        None if written else next((h.name for h in inside if h.fn == item.fn), None))


def _order_column(link: Link, intent: Intent, listed: list[_Ref], tables: list[str],
                  catalog: Mapping[str, TableInfo], frame: dict[tuple[str, str], str]) -> str | None:
    """What "the 5 largest ..." orders by: the column after "by", else the one number the
    superlative's words or the listed columns name."""
    # "by" in "ties broken by id" names the tie-breaker, not the order; "in descending order of
    # fare" names the order as "by fare" does.
    ties = [found.span() for found in _TIES.finditer(link.question)]
    by = next((found for found in re.finditer(r"\b(?:by|order\s+of)\s+(?:their\s+|its\s+|the\s+)?((?:[A-Za-z_]+\s*){1,3})",
                                               link.question) if not any(s <= found.start() < e for s, e in ties)), None)
    # "by units in stock": a word that ends a column's words elsewhere is part of its name here.
    if by and (ref := _find(item_words(by.group(1)), tables, catalog) or _name_with_ends(by.group(1), tables, catalog)) \
            is not None and _shown_by(link, tables, catalog) is None:
        return frame.get((ref.table, ref.column))
    superlatives = list(re.finditer(r"(?:\b([A-Za-z_]+)\s+the\s+)?\b(" + "|".join(sorted(L.HIGH_WORDS | L.LOW_WORDS))
                                    + r"|\w+est)(?:[\s-]+([A-Za-z_]+))?", link.question, re.IGNORECASE))
    superlative = superlatives[0] if superlatives else None
    # "the highest fare" orders by the noun after the adjective ("the highest-paid teacher"
    # as "highest paid"); "the 5 heaviest shipments", "Which product is the heaviest?" by
    # what the adjective measures; "Which drug costs the most?" by what the verb before it
    # names. A key is never what any means. "The top 3 most populous countries": a
    # superlative that names nothing ("top") leaves the order to the next one's words.
    for found in superlatives:
        # "the largest extended price": the words after the adjective, together, first ("the
        # largest number of pages": those after "number of")
        start = counted.end() if (counted := _NUMBER_OF.match(link.question, found.end(2))) else found.end(2)
        after = tuple(itertools.takewhile(lambda w: w not in _RUN_ENDS, (
            w.lower for w in W.words(re.split(r"[,;:.!?()]|'s\b", link.question[start:])[0]))))[:3]
        if counted and (ref := _find(after, tables, catalog)) is not None and _measure(ref, catalog) \
                and (ref.table, ref.column) in frame:
            return frame[ref.table, ref.column]
        said = _find_said(after, tables, catalog) if len(after) > 1 else None
        if said is not None and len(said[1]) > 1 and _measure(said[0], catalog) \
                and (said[0].table, said[0].column) in frame:
            return frame[said[0].table, said[0].column]
        for word in filter(None, reversed(found.groups())):
            for noun in (W.synonym(word), *W.measured_by(word)):
                ref = _find((noun,), tables, catalog)
                # "the most expensive visits" of visits: a price of another table is none of theirs
                if ref is not None and _measure(ref, catalog) and (ref.table, ref.column) in frame:
                    return frame[ref.table, ref.column]
    if _AGE_WORD.search(link.question):
        return None  # "the 10 latest loans" are ordered by a date (`_by_age`), not by a number
    numbers = [ref for ref in listed if _measure(ref, catalog)]
    if not numbers and superlative:
        source = link.tables[0]
        numbers = [ref for c, info in catalog[source].columns.items()
                   if info.dtype == "float" and _measure(ref := _Ref(source, c), catalog)]
    return frame.get((numbers[0].table, numbers[0].column)) if len(numbers) == 1 else None


_NUMBER_OF = re.compile(r"\s+(?:number|count|amount)\s+of\s+", re.IGNORECASE)
# Words that end the run of words naming a column after a superlative ("the highest list price in ...").
_RUN_ENDS = frozenset({"in", "of", "for", "per", "by", "with", "and", "or", "from", "to", "on", "at", "among", "first"})


def _name_with_ends(said: str, tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """The column whose own name holds the word that ends a column's words elsewhere ("units
    in stock" for `units_in_stock`; "size per media type" names no `media_type_id`)."""
    words = tuple(w.lower for w in W.words(said) if w.lower != "the")
    ref = _find(words, tables, catalog) if set(words) & L.ITEM_END else None
    return ref if ref is not None and set(words) & L.ITEM_END & set(W.split_identifier(ref.column)) else None


_SHOWN_BY = re.compile(rf"\b(?:{W.alternatives(tuple(L.HIGH_WORDS | L.LOW_WORDS))}|[a-z]+est)\b[^,;:]*?,?\s+"
                       r"\(?by\s+(?:their\s+|its\s+|the\s+)?([a-z_]+(?:\s+[a-z_]+)?)\)?\s*[.?!]?$", re.IGNORECASE)


def _shown_by(link: Link, tables: list[str], catalog: Mapping[str, TableInfo]) -> _Ref | None:
    """"The 3 departments with the highest budget, by name": a text column after a superlative,
    at the end, says what the rows are shown by, not what orders them."""
    found = _SHOWN_BY.search(link.question)
    ref = _find(item_words(found.group(1)), tables, catalog) if found else None
    return ref if ref is not None and catalog[ref.table].columns[ref.column].dtype == "str" else None


_FIRST_OF_EACH = re.compile(r"\b[A-Za-z_]+(?:'s|s')\s+(first|last)\s+[A-Za-z]+\b", re.IGNORECASE)
_AGE_WORD = re.compile(rf"\b({W.alternatives(tuple(L.AGE_WORDS))})\b", re.IGNORECASE)
# "the last 3 invoices issued", "the first 4 loans made": rows in the order of the deed's date.
_FIRST_N_DONE = re.compile(rf"\b(first|last)\s+(?:\d+|{W.SMALL_NUMBER})\s+[A-Za-z_]+\s+"
                           rf"(?=(?:[a-z]+ed|{W.alternatives(tuple(L.IRREGULAR_PARTICIPLES))})\b)", re.IGNORECASE)


def _by_age(question: str, source: str, catalog: Mapping[str, TableInfo],
            frame: Mapping[tuple[str, str], str]) -> tuple[str, bool] | None:
    """"The 5 oldest patients", "the 3 newest accounts": the order of the source's date (of
    birth, for people's ages), and which end comes first."""
    found = _AGE_WORD.search(question) or _FIRST_OF_EACH.search(question) or _FIRST_N_DONE.search(question)
    if found is None:
        return None
    # "each customer's last order" is its latest; "first", its earliest.
    latest_first = L.AGE_WORDS.get(" ".join(found.group(1).lower().split()), found.group(1).lower() == "last")
    # A table with no date ages by its year ("the 3 newest books": the latest published_year).
    years = [c for c, info in catalog[source].columns.items() if info.dtype == "int" and "year" in W.split_identifier(c)]
    dates = _dates(source, catalog) or years
    # ("the youngest users" of a year of birth beside a signup date: people age by their birth)
    aging = (*dates, *years) if found.group(1).lower() in ("youngest", "oldest") else dates
    born = [c for c in aging if set(W.split_identifier(c)) & L.BIRTH_PARTS][:1]
    # A date said after the age word ("the most recently hired"), else the rows' own.
    chosen = born or _dates_said(question[found.end():], dates) or _row_dates(source, dates)
    if len(chosen) != 1:
        chosen = _event_dates(dates)
    if not chosen or (source, chosen[0]) not in frame:
        return None
    # The oldest people were born first; the oldest records were made first.
    return frame[source, chosen[0]], latest_first


def _dates_said(text: str, dates: list[str]) -> list[str]:
    """The dates whose name shares a stem with the words after an age word ("the 5 most recently
    hired employees" -> `e_hire_dt`)."""
    stems = {W.stem(w.lower) for w in W.words(text)[:3]}
    return [c for c in dates if stems & {W.stem(p) for p in W.split_identifier(c)} - {W.stem(p) for p in L.WHEN_PARTS}]


def _row_dates(source: str, dates: list[str]) -> list[str]:
    """The date of a table's rows: its one date, else of several the one the table's noun
    names ("the most recent orders": order_date), else the row's event date."""
    if len(dates) <= 1:
        return dates
    noun = W.split_identifier(source)[-1:]
    own = [c for c in dates if noun and any(_same_root(part, noun[0]) for part in W.split_identifier(c))]
    return own if len(own) == 1 else _event_dates(dates)


def _event_dates(dates: list[str]) -> list[str]:
    """A table's own dates, not those stamping when its row was written: the first of them
    dates the row's event (an order's date before its shipping date, a loan's before its due
    date)."""
    return [c for c in dates if not set(W.split_identifier(c)) & L.AUDIT_PARTS][:1]


def _measure(ref: _Ref, catalog: Mapping[str, TableInfo]) -> bool:
    return catalog[ref.table].columns[ref.column].dtype in _NUMERIC \
        and not W.key_like(ref.column)


# ---------------------------------------------------------------------------------------
# Pieces


def _joined(source: str, route: list[JoinEdge], catalog: Mapping[str, TableInfo],
            how: Literal["inner", "left"] = "inner") -> list[ir.Node]:
    """The route's joins from `source`, each left key named as the frame holds it by then
    (`id_right` where an earlier table holds an `id` of its own). A third table with that name
    would make a second `id_right`: the earlier one takes its table's noun first (`id_visit`)."""
    steps: list[ir.Node] = []
    for edge in route:
        frame = _frame_names(ir.Query(source=source, steps=steps), catalog)
        held = set(frame.values())
        clashes = {f"{c}_right" for c in catalog[edge.right].columns if c not in edge.right_on and c in held
                   and f"{c}_right" in held}
        if clashes:
            owners = {name: key[0] for key, name in frame.items() if name in clashes}
            steps.append(ir.Rename(mapping={name: f"{name.removesuffix('_right')}_{_noun(owners[name])}"
                                            for name in sorted(clashes)}))
            frame = _frame_names(ir.Query(source=source, steps=steps), catalog)  # a key may be one renamed
        steps.append(ir.Join(right=edge.right, how=how, left_on=[frame.get((edge.left, c), c) for c in edge.left_on],
                             right_on=list(edge.right_on)))
    return steps


def _noun(table: str) -> str:
    """A table's noun, singular: `shop_order_items` -> item."""
    return W.singular(W.split_identifier(table)[-1])


def values_predicate(values: list[ValueMatch], frame: Mapping[tuple[str, str], str]) -> ir.Node | None:
    """The rows that hold the values the question names: one of several of a column, each
    column's in turn."""
    return _all(_values_conditions(values, frame))


def _values_conditions(values: list[ValueMatch], frame: Mapping[tuple[str, str], str]) -> list[ir.Node]:
    by_column: dict[tuple[str, bool], list[str | bool]] = {}
    leading: list[ir.Node] = []
    spans: set[tuple[int, int]] = set()
    for match in values:
        if match.span in spans:
            continue  # the words name one value, in the column the link ranks first
        if (name := frame.get((match.table, match.column))) is not None and match.how == "leading":
            spans.add(match.span)  # "JUMBO containers": every value that starts with the word
            started = ir.StrMatch(op="starts_with", operand=ir.Col(name=name), pattern=f"{match.value} ")
            leading.append(ir.Not(operand=started) if match.negated else started)
        elif name is not None:
            spans.add(match.span)
            by_column.setdefault((name, match.negated), []).append(match.value)
    conditions: list[ir.Node] = list(leading)
    for (column, negated), found in by_column.items():
        col = ir.Col(name=column)
        if len(found) > 1 and all(isinstance(v, str) for v in found):
            held: ir.Node = ir.IsIn(operand=col, values=list(dict.fromkeys(found)))
            conditions.append(ir.Not(operand=held) if negated else held)
        elif found[0] is True:
            conditions.append(col)
        elif found[0] is False:
            conditions.append(ir.Not(operand=col))
        else:
            conditions.append(ir.Binary(op="!=" if negated else "==", left=col, right=ir.Lit(value=found[0])))
    return conditions


def _all(conditions: list[ir.Node]) -> ir.Node | None:
    if not conditions:
        return None
    predicate = conditions[0]
    for condition in conditions[1:]:
        predicate = ir.Binary(op="and", left=predicate, right=condition)
    return predicate


_OR_GAP = re.compile(r"['\"]?\s*,?\s*or\s*['\"]?", re.IGNORECASE)
# "starts with 'A'": the string match the words before a quoted literal ask for.
_STRING_MATCH = re.compile("|".join(rf"\b(?P<{op}>{W.alternatives(verbs)})" for op, verbs in L.STRING_MATCHES.items())
                           + rf"(?:\s+(?:{W.alternatives(L.PATTERN_NOUNS)}))?\W*$", re.IGNORECASE)
# "with 'Guide' in the title": a text said to be in a column is contained in it.
_IN_COLUMN = re.compile(r"\W*\s+in\s+(?:the|its|their)\s+\w", re.IGNORECASE)
# What ends the words a literal is compared on: a colon, or a relative clause of their own.
_CLAUSE_BREAK = re.compile(r"[:;]|\b(?:that|which|who|whose|where)\b", re.IGNORECASE)
# "composer's name": the noun after a possessive that says what the owner is called.
_LABEL_AFTER = re.compile(rf"\s+(?:{W.alternatives(L.LABEL_NOUNS)})\b", re.IGNORECASE)
# "contains 'garcia' in any letter case": the text matched whatever the case of its letters.
_ANY_CASE = re.compile(rf"[^.;:]{{0,24}}?\b(?:{W.alternatives(L.ANY_CASE_WORDS)})\b", re.IGNORECASE)
_ROUNDING = re.compile(r"\b(?:round|decimal|digit|place)", re.IGNORECASE)


def _comparisons(link: Link, intent: Intent, catalog: Mapping[str, TableInfo],
                 frame: Mapping[tuple[str, str], str]) -> list[ir.Node] | None:
    """The comparisons the question's literals ask for ("freight above 100", "after
    2024-03-01", "in 2023", "between 10 and 20"), each on the column named nearest to it; None
    when a literal asks for a comparison on no column of the frame."""
    out: list[ir.Node] = []
    literals = [lit for lit in link.literals if lit.kind != "top_n"]
    bounds: list = []
    matched = None  # the last text matched and how, the condition last in `out`
    listed = _number_lists(link.question, literals)
    for lit in literals:
        if lit.span in listed and not listed[lit.span]:
            continue  # a later number of a list ("categories 2, 5 or 7"): the first one's column holds it
        near = link.question[max(0, lit.span[0] - 24):lit.span[1] + 12]
        if lit.kind == "number" and (lit.op is None and lit.value == intent.limit or _ROUNDING.search(near)):
            continue
        if lit.kind == "string" and any(v.span[0] <= lit.span[0] < v.span[1] or lit.span[0] <= v.span[0] < lit.span[1]
                                        for v in link.values):
            continue  # the quoted text is a value the link already keeps
        if lit.kind == "number" and lit.op in (None, "=="):
            # "branch 106", "site 3", "with 100, 200 or 300 pages"
            column = _numbered(link, lit, catalog, frame, listed[lit.span][-1][1] if listed.get(lit.span) else None)
        else:
            column = _compared_column(link, lit, catalog, frame)
        if column is None:
            return None
        col = ir.Col(name=column)
        if lit.kind == "year" and _dtype(frame, column, catalog) == "int":
            operand: ir.Node = col  # "published before 1980": a column of years
        elif lit.kind in ("year", "year_month", "month", "quarter", "weekday"):
            operand: ir.Node = ir.DatePart(part=lit.kind, operand=col)
        elif lit.kind == "date" and (info := _info(frame, column, catalog)) is not None \
                and "datetime" in (info.dtype, info.iso):
            # "visits in the first quarter of 2024" include the last day's visits after midnight
            # (an ISO date-time text's too).
            operand = ir.DatePart(part="date", operand=col)
        else:
            operand = col
        if lit.op == "between":
            bounds.append((operand, lit))
            if len(bounds) == 2:
                (operand, low), (_, high) = bounds
                out.append(ir.Between(operand=operand, low=ir.Lit(value=low.value), high=ir.Lit(value=high.value)))
                bounds = []
            continue
        if listed.get(lit.span):
            values = [lit.value, *(value for value, _ in listed[lit.span])]
            # ("a fee of 50 or 100": whole numbers of a float column are checked as floats)
            floats = operand is col and _dtype(frame, column, catalog) == "float"
            out.append(ir.IsIn(operand=operand, values=[float(v) for v in values] if floats else values))
            continue
        if lit.kind == "string":
            before = _STRING_MATCH.search(link.question[max(0, lit.span[0] - 36):lit.span[0]])
            # "starts with 'A' or 'B'": either text, the match said once before the first
            other = matched is not None and _OR_GAP.fullmatch(link.question, matched[0].span[1], lit.span[0])
            if before is not None or other or _IN_COLUMN.match(link.question, lit.span[1]):
                op = next(name for name, found in before.groupdict().items() if found) if before \
                    else matched[1] if other else "contains"
                match: ir.Node = ir.StrMatch(op=op, operand=col, pattern=str(lit.value),
                                             case_insensitive=_ANY_CASE.match(link.question, lit.span[1]) is not None)
                if other:
                    match = ir.Binary(op="or", left=out.pop(), right=match)
                out.append(match)
                matched = (lit, op)
                continue
        out.append(ir.Binary(op=lit.op or "==", left=operand, right=ir.Lit(value=_in_units(link.question, lit, column))))
    return None if bounds else out


# "2, 5 or 7", "3 and 4": only the words of a list between two numbers.
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:or\s+|and\s+)?|or\s+|and\s+)$", re.IGNORECASE)


def _number_lists(question: str, literals: list) -> dict[tuple[int, int], list]:
    """"in categories 2, 5 or 7", "in 2023 or 2024": bare numbers said as a list, one value of
    several of the column the words before the first name (or of the year its first names).
    The first number's span maps to the later numbers, each with where its words end; each
    later number's to an empty list; a number alone is absent."""
    def opens(lit) -> bool:
        return lit is not None and (lit.kind == "number" and lit.op is None
                                    or lit.kind in ("year", "year_month") and lit.op == "==")

    def joins(lit) -> bool:
        if lit is not None and lit.kind == "year_month" == run[0].kind:
            return lit.op in (None, "==")  # "in December 2024 or January 2025"
        return lit is not None and lit.kind == "number" and lit.op is None and (
            run[0].kind == "number" or isinstance(lit.value, int) and 1000 <= lit.value <= 2999)

    out: dict[tuple[int, int], list] = {}
    run: list = []
    for lit in [*literals, None]:
        if run and joins(lit) and _LIST_GAP.fullmatch(question[run[-1].span[1]:lit.span[0]]):
            run.append(lit)
            continue
        if len(run) > 1:
            out[run[0].span] = [(later.value, later.span[1]) for later in run[1:]]
            out.update({later.span: [] for later in run[1:]})
        run = [lit] if opens(lit) else []
    return out


def _value_subject(link: Link) -> str | None:
    """The table of a value the question opens with, past the words that ask ("Show
    antibiotics ...", "Which antibiotics ...")."""
    first = next((w for w in W.words(link.question) if w.lower not in W.STOPWORDS | L.ASKING_WORDS), None)
    return next((v.table for v in link.values if first and v.span[0] <= first.start < v.span[1]
                 and v.how != "boolean"), None)


def _compared_elsewhere(link: Link, needed: list[str], catalog: Mapping[str, TableInfo]) -> list[str]:
    """"Loans of books with more than 500 pages", "books by authors born after 1970": the
    tables whose column a number or year is compared with, where the tables needed so far have
    none or name none; they are joined as a value's table is."""
    def frame(tables) -> dict[tuple[str, str], str]:
        return {(t, c): f"{t}\0{c}" for t in dict.fromkeys(tables) for c in catalog[t].columns}

    everything, so_far = frame(catalog), frame(needed)
    out: list[str] = []
    for lit in link.literals:
        if lit.kind not in ("number", "year") or lit.kind == "number" and lit.op in (None, "=="):
            continue
        found = _compared_column(link, lit, catalog, everything)
        held = _compared_column(link, lit, catalog, so_far)
        if found is not None and (held is None or not _named_near(link, lit, held.split("\0"))
                                  and _named_near(link, lit, found.split("\0"))):
            out.append(found.split("\0")[0])
        elif found is not None and held is not None and lit.kind == "year" and found != held \
                and not _named_near(link, lit, held.split("\0")) and _refers(needed[0], found.split("\0")[0], catalog):
            out.append(found.split("\0")[0])  # "revenue in 2024" of order lines: their orders' year
    return out


def _named_near(link: Link, lit, ref: list[str]) -> bool:
    """The words before a literal name the column (`born` of `birth_year`)."""
    return any(match.table == ref[0] and c.column == ref[1] and c.span is not None and c.span[1] <= lit.span[0]
               for match in link.ranking for c in match.columns)


def _in_units(question: str, lit, column: str) -> object:
    """A number of one unit of time said against a column of another, in the column's unit."""
    said = W.words(question[lit.span[1]:lit.span[1] + 16])[:1]
    held = [L.TIME_UNITS[p] for p in W.split_identifier(column) if p in L.TIME_UNITS]
    if lit.kind != "number" or not said or said[0].lower not in L.TIME_UNITS or len(held) != 1:
        return lit.value
    value = lit.value * L.TIME_UNITS[said[0].lower] / held[0]
    return int(value) if float(value).is_integer() else value


def _numbered(link: Link, lit, catalog: Mapping[str, TableInfo], frame: Mapping[tuple[str, str], str],
              end: int | None = None) -> str | None:
    """The column a bare number names a row by: the column or entity the words just before it
    name ("branch 106" -> BRANCH_ID, "rating 5" -> rating, "Device 2's" -> dev_id)."""
    ref = _number_names(link, lit, list(dict.fromkeys(table for table, _ in frame)), catalog, end)
    return frame[ref.table, ref.column] if ref is not None and (ref.table, ref.column) in frame else None


_BEFORE_VALUE = frozenset({"of", "is", "are", "was", "were", "either", "exactly", "equal", "equals", "to"})


def _number_names(link: Link, lit, tables: list[str], catalog: Mapping[str, TableInfo],
                  end: int | None = None) -> _Ref | None:
    """The numeric column of `tables` the words just before a bare number name ("branch 106",
    "a fee of 50"); else, after "with" or "having", the noun after it (or after the list it
    opens, ending at `end`: "with 100, 200 or 300 pages")."""
    if lit.kind != "number" or lit.op not in (None, "=="):
        return None
    before = W.words(link.question[:lit.span[0]])
    while before and before[-1].lower in _BEFORE_VALUE:
        before = before[:-1]  # "a fee of 50", "whose rate is either 0.99 or 2.99": the fee, the rate
    before = before[-2:]
    for size in (2, 1):
        words = tuple(w.lower for w in before[-size:]) if len(before) >= size else ()
        if not words or words[-1] in W.STOPWORDS:
            continue
        ref = _entity_key(words, tables, catalog) or _named(words, tables, catalog) or None
        if ref is not None and catalog[ref.table].columns[ref.column].dtype in _NUMERIC:
            return ref
    after = W.words(link.question[end or lit.span[1]:])[:1]
    if before and before[-1].lower in L.PRESENT_WORDS and after and after[0].lower not in W.STOPWORDS:
        ref = _named((after[0].lower,), tables, catalog, keys=False) or None
        if ref is not None and catalog[ref.table].columns[ref.column].dtype in _NUMERIC and not W.key_like(ref.column):
            return ref
    return None


def _info(frame: Mapping[tuple[str, str], str], name: str, catalog: Mapping[str, TableInfo]) -> ColumnInfo | None:
    """The catalog's facts of the column the frame holds under `name`."""
    return next((catalog[t].columns[c] for (t, c), n in frame.items() if n == name), None)


def _dtype(frame: Mapping[tuple[str, str], str], name: str, catalog: Mapping[str, TableInfo]) -> str | None:
    return info.dtype if (info := _info(frame, name, catalog)) is not None else None


def _compared_column(link: Link, lit, catalog: Mapping[str, TableInfo],
                     frame: Mapping[tuple[str, str], str]) -> str | None:
    """The frame's column a literal is compared with: of the right type, named nearest to it
    (before it first); a date's the first table's first date column when none is named."""
    # "airlines founded after 1990": the verb just before a year names a column of years.
    said = {W.stem(w.lower) for w in W.words(link.question[max(0, lit.span[0] - 32):lit.span[0]])[-5:]}

    def fits(table: str, column: str) -> bool:
        info = catalog[table].columns[column]
        if lit.kind == "number":
            # ("floor 2 or above" of `floor_no`: a number of a place in an order, no key of rows, is ordered)
            return info.dtype in _NUMERIC and (not W.key_like(column) or lit.op in (">", ">=", "<", "<=")
                                               and W.split_identifier(column)[-1].lower() in L.ORDINAL_PARTS
                                               and column != catalog[table].entity_key
                                               and not any(column in catalog[t].columns for t in catalog if t != table))
        if lit.kind == "string":
            return info.dtype == "str" and info.iso is None
        if lit.kind == "year" and info.dtype == "int":
            # ("order count for 2024": a count is no year, whatever words name it)
            parts = W.split_identifier(column)
            return "year" in parts or len(parts) > 1 and W.stem(parts[-1]) in said \
                and parts[-1] not in ("count", "number", "qty", "quantity", "total", "amount")
        return info.iso is not None or info.dtype in ("date", "datetime")

    # "whose type contains 'BRASS'": the matching verb names no column (`container`).
    verb = _STRING_MATCH.search(link.question, max(0, lit.span[0] - 36), lit.span[0]) if lit.kind == "string" else None
    ranked = []
    for match in link.ranking:
        # "whose composer's name contains 'x'": a text column's name is the column's own text, said
        # up to the noun "name".
        named = {c: replace(c, span=(c.span[0], found.end()))
                 for c in match.columns if lit.kind == "string" and c.span is not None and c.text
                 and re.search(r"'s?$", c.text) and (found := _LABEL_AFTER.match(link.question, c.span[1]))}
        for c in match.columns:
            if c in named and (match.table, c.column) in frame and fits(match.table, c.column):
                c = named[c]
            elif c.span is not None and any(o.span[0] <= c.span[0] < o.span[1] for o in named.values()):
                continue
            if c.span is not None and c.span[0] >= lit.span[1] and _CLAUSE_BREAK.search(link.question[lit.span[1]:c.span[0]]):
                # "contains 'Ann': title and singer" lists the columns shown; "made after 1 May
                # that were never returned" says another condition.
                continue
            if c.span is None or c.how in ("value", "count") or (match.table, c.column) not in frame \
                    or not fits(match.table, c.column) or verb is not None and verb.start() <= c.span[0] < verb.end():
                continue
            # The column's words said again nearer the literal ("weight times rebate for crates with a
            # rebate of at most 0.1") are where it is named for it.
            spans = [c.span, *(m.span() for m in re.finditer(rf"\b{re.escape(c.text)}\b", link.question, re.IGNORECASE)
                               if c.text and c.how != "value")]
            # A column whose words stand around the literal ("weighing more than 1,000 kg") is the nearest.
            # A column the comparison follows ("quantity above 20 units") is the one compared, whatever
            # noun names the literal's unit after it.
            gaps = [(0 if a <= lit.span[0] < b or b <= lit.span[0] and _only_comparison(link.question[b:lit.span[0]])
                     else lit.span[0] - b if b <= lit.span[0] else a - lit.span[1] + 3, a)
                    for a, b in spans]
            if (near := min((g for g in gaps if g[0] >= 0), default=None)) is not None:
                ranked.append((near[0], c.score * -1, frame[match.table, c.column], near[1] > lit.span[0]))
    if lit.kind != "number":
        return min(ranked)[2] if ranked else _date_compared(link, lit, frame, fits, catalog)
    # "with at least 3 bedrooms": the noun right after the number, a number column's whole name.
    following = W.words(link.question[lit.span[1]:])[:1]
    unit = next((name for gap, _, name, after in ranked
                 if after and gap <= 4 and following and name.lower() == following[0].lower), None)
    if unit is not None:
        return unit
    if ranked and not all(after for *_, after in ranked):
        return min(ranked)[2]
    # "Unpaid invoices above 300": an amount said right after the rows' noun (or an earlier
    # literal) is the table's one measure, also where a column is named after it ("Payments of
    # 5 or more with the title of the rented film"); after another noun ("a weight above 5") it is not.
    # "Deck hands older than 30": the quantity the comparative measures.
    tables = list(dict.fromkeys(table for table, _ in frame))
    if (than := _THAN_BEFORE.search(link.question, 0, lit.span[0])) is not None and (measured := next(
            (hit for noun in W.measured_by(than.group(1)) if (hit := _measure_named((noun,), tables, catalog))), None)):
        ref = measured[0]
        if (ref.table, ref.column) in frame:
            return frame[ref.table, ref.column]
    before = [w for w in W.words(link.question[:lit.span[0]]) if w.lower not in _OP_WORDS | W.STOPWORDS][-1:]
    only = _only_measure(link.tables[0], catalog) \
        if not before or before[0].lower.isdigit() or _table_named(before[0].text, [link.tables[0]]) else None
    if only is not None and (only.table, only.column) in frame:
        return frame[only.table, only.column]
    return min(ranked)[2] if ranked else None


# "longer than 2000", "that cost less than 150": the word that says what is compared.
_THAN_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:(?:less|more|fewer|greater)\s+)?than\s*$", re.IGNORECASE)


def _only_comparison(text: str) -> bool:
    """Whether the words between a column and its literal only compare ("is at least", "above",
    "starts with")."""
    said = [w.lower for w in W.words(text)]
    if (matching := _STRING_MATCH.search(text)) is not None and not W.words(text[:matching.start()]):
        return True
    return bool(said) and all(w in _OP_WORDS or w in W.STOPWORDS for w in said) and any(w in _OP_WORDS for w in said)


def _date_compared(link: Link, lit, frame: Mapping[tuple[str, str], str], fits: Callable[[str, str], bool],
                   catalog: Mapping[str, TableInfo]) -> str | None:
    """The date a date literal compares where the question names none."""
    # The first date of the first table, the one a period groups by too.
    source = link.tables[0]
    dates = [name for (table, column), name in frame.items() if table == source and fits(table, column)]
    if not dates:
        # "Total quantity per employee in 2024" of order lines: a line has no date of its own;
        # it is of the order it points at, the date of that order's.
        # ... of the most rows, where several: the order a line is of, not the product it names.
        owners = sorted((t for t in link.tables if t != source and _refers(source, t, catalog)),
                        key=lambda t: -catalog[t].n_rows)
        dates = [name for owner in owners[:1] for (table, column), name in frame.items()
                 if table == owner and fits(table, column)]
    # "Students born in 2005": a date the words before the literal name (people's birth) comes
    # first, then a date before a number of years ("year level" holds no year).
    said = {W.stem(w.lower) for w in W.words(link.question[max(0, lit.span[0] - 32):lit.span[0]])[-5:]}
    birth = bool(said & {W.stem(w) for w in L.BIRTH_PARTS})
    table_of = {name: (table, column) for (table, column), name in frame.items()}

    def order(name: str) -> int:
        table, column = table_of[name]
        parts = {W.stem(p) for p in W.split_identifier(column)}
        if parts & said or birth and parts & {W.stem(w) for w in L.BIRTH_PARTS}:
            return 0
        return 2 if catalog[table].columns[column].dtype == "int" else 1
    dates = sorted(dates, key=order)
    dated = {table for (table, column) in frame if fits(table, column)}
    if not dates and len(dated) == 1:
        # "Total extended price per supplier nation in 1997" of suppliers: the one table of
        # the frame with dates (the line items') holds the year.
        dates = [name for (table, column), name in frame.items() if table in dated and fits(table, column)]
    return dates[0] if dates else None


_OP_WORDS = frozenset({"above", "over", "under", "below", "more", "less", "fewer", "greater", "higher", "lower",
                       "than", "exceeding", "exceed", "exceeds", "exceeded", "surpassed", "at", "least", "most",
                       "longer", "shorter", "bigger", "smaller", "larger", "lasted", "lasting", "took"})


def _frame_names(query: ir.Query, catalog: Mapping[str, TableInfo]) -> dict[tuple[str, str], str]:
    """Each (table, column) of the joined frame and the name it has there (`name_right` where
    an earlier table holds the name)."""
    schema = resolve(query, catalog).schema
    out: dict[tuple[str, str], str] = {}
    for name, t in schema.items():
        if t.table is None:
            continue
        column = name if name in catalog[t.table].columns else name.removesuffix("_right")
        out.setdefault((t.table, column), name)
    # A column `_joined` renamed to keep a join's names apart is still its table's column.
    for k, step in enumerate(query.steps):
        if isinstance(step, ir.Rename) and (k + 1 == len(query.steps) or isinstance(query.steps[k + 1], ir.Join)):
            before = _frame_names(query.model_copy(update={"steps": query.steps[:k]}), catalog)
            for key, name in before.items():
                if name in step.mapping and step.mapping[name] in schema:
                    out.setdefault(key, step.mapping[name])
    # A join keeps one column of each key pair: the right table's key is held by the left's.
    for step in query.steps:
        if isinstance(step, ir.Join) and step.right in catalog:
            for left, right in zip(step.left_on, step.right_on):
                if isinstance(left, str) and isinstance(right, str) and left in schema:
                    out.setdefault((step.right, right), left)
    return out


def _resolving(query: ir.Query, catalog: Mapping[str, TableInfo]) -> ir.Query:
    resolve(query, catalog)  # raises where the draft does not type-check: no draft then
    return query
