"""settle: the question's own words settle what the model's plan left open.

A small model gets a plan's structure roughly right but not the details a result is compared
on: what its new columns are called, whether a group is
keyed by an entity's id or by its name, which columns come back, which side of an anti join
keeps its rows. Once the plan resolves, these rules read those details from the question
(through the link and its Intent, nlq.intent) and the data (through the catalog), in this order:

| rule     | settles                                        | from                                           |
|----------|------------------------------------------------|------------------------------------------------|
| subject  | the source of a plan that starts with an anti or semi join | the table the question names first |
| scalar   | a question for one number answered with groups or bare rows | `Intent.answer == "scalar"`: the whole table aggregated, rows counted |
| groups   | a whole-table aggregate the question asks "per X" | X: a column, or the entity whose id it is  |
| periods  | a group key that is a whole date               | "per month", "yearly": its month or year       |
| years    | a date tested against a few days of the year the question names | "in 2023": year(d) == 2023 |
| entity   | a group key that is a joined table's own key   | the joins before it: group by the table's name |
| windows  | a window's partition, what a rank ranks by, a share | "within each X", "for each X", "per X"; "rank ... by Y"; "percentage of total" |
| lookups  | the columns of a join-only plan that looks one thing up per entity | "genre name for each track", "customers with their country" |
| names    | names of new aggregate and window outputs      | `Link.names` ("total revenue" -> total_revenue) |
| count names | a count named after a plural             | one of what it counts: `reading_count`         |
| ratio names | the one quotient of a percentage question | `Intent.ratio` ("percentage of flights cancelled" -> pct_cancelled) |
| single   | how many rows "the most ..." returns: one      | `Intent.single`                                |
| limit    | a plan that sorted but dropped or changed the limit | `Intent.limit` ("the 5 largest", "top 3")  |
| columns  | the final columns, when the question lists them, renamed where it names them | `Intent.listed` ("Return a, b and c", "its city as town") |
| rounding | the places of the answer's computed numbers    | `Intent.decimals` ("rounded to 2 decimals")    |

Each rule's query is resolved again and kept only when it resolves and ends in exactly the
columns the rule meant; otherwise the plan stays as it was. The rules read names' words, keys
and joins, never particular tables. Only the body is settled: a def's columns are internal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from nlq import ir
from nlq import words as W
from nlq.catalog import TableInfo
from nlq.errors import NlqError
from nlq.intent import SENTENCE_END as _SENTENCE_END
from nlq.intent import ROUNDED, Item
from nlq.intent import initials
from nlq.intent import item_words as _item_words
from nlq.intent import key_column as _group_key
from nlq.intent import listed as _listed
from nlq.intent import match_column as _match
from nlq.intent import one_year
from nlq.intent import rank_column as _rank
from nlq.lexicon import AGGREGATE_WORDS
from nlq.link import SHARE_OF_TOTAL, Link, NameHint
from nlq.resolve import Resolved, Schema, resolve

# A rule's answer: the settled query and the columns its result must have, or None.
Change = tuple[ir.Query, list[str]] | None


def settle(resolved: Resolved, link: Link, catalog: Mapping[str, TableInfo]) -> Resolved:
    """`resolved` with every rule that applies applied, resolved again."""
    for rule in _RULES:
        change = rule(_Plan(resolved, link, catalog))
        if change is None:
            continue
        query, columns = change
        try:
            candidate = resolve(query, catalog, many_to_many=bool(link.intent and link.intent.pairs))
        except NlqError:
            continue
        if list(candidate.schema) == columns:
            resolved = candidate
    return resolved


@dataclass(frozen=True)
class _Plan:
    resolved: Resolved
    link: Link
    catalog: Mapping[str, TableInfo]

    @property
    def steps(self) -> list[ir.Node]:
        return self.resolved.query.steps

    @property
    def columns(self) -> list[str]:
        return list(self.resolved.schema)

    def before(self, i: int) -> Schema:
        return self.resolved.body.steps[i - 1] if i else self.resolved.body.source

    def after(self, i: int) -> Schema:
        return self.resolved.body.steps[i]

    def names_seen(self) -> set[str]:
        """Every column name the body's frames hold at any step."""
        return {name for schema in (self.resolved.body.source, *self.resolved.body.steps) for name in schema}

    def with_steps(self, steps: list[ir.Node]) -> ir.Query:
        return self.resolved.query.model_copy(update={"steps": steps})


# ---------------------------------------------------------------------------------------
# The plan's new outputs

_WINDOWS = (ir.Over, ir.CumAgg, ir.Rolling, ir.Shift, ir.Rank, ir.RowNumber, ir.Share)
OutputKind = Literal["agg", "window", "other"]


@dataclass(frozen=True)
class _Output:
    """A new named column of the body: a group_by's agg item, or a named select or
    with_columns item (a select of aggregates is a whole-table aggregation)."""

    step: int
    where: str  # the step's field holding it: "agg" or "columns"
    index: int
    item: ir.Named = field(compare=False)
    kind: OutputKind = field(compare=False)

    @property
    def fn(self) -> str | None:
        agg = _top(self.item.expr)
        return agg.fn if isinstance(agg, ir.Agg) else None


def _top(expr: ir.Node) -> ir.Node:
    """The expression under any round()s: `round(sum(x), 2)` is a sum."""
    while isinstance(expr, ir.Round):
        expr = expr.operand
    return expr


def _kind(expr: ir.Node) -> OutputKind:
    top = _top(expr)
    return "agg" if isinstance(top, ir.Agg) else "window" if isinstance(top, _WINDOWS) else "other"


def _outputs(plan: _Plan) -> list[_Output]:
    outputs = []
    for i, step in enumerate(plan.steps):
        if isinstance(step, ir.GroupBy):
            outputs += [_Output(i, "agg", j, item, "agg" if _kind(item.expr) == "agg" else "other")
                        for j, item in enumerate(step.agg)]
        elif isinstance(step, (ir.Select, ir.WithColumns)):
            for j, item in enumerate(step.columns):
                # A plain column under its own name is no new output.
                if isinstance(item, str) or item.expr == ir.Col(name=item.name):
                    continue
                kind = _kind(item.expr)
                if kind == "agg" and isinstance(step, ir.WithColumns):
                    kind = "other"  # an aggregate in with_columns is broadcast to every row
                outputs.append(_Output(i, "columns", j, item, kind))
    return outputs


def _with_item(step: ir.Node, output: _Output, item: ir.Named) -> ir.Node:
    items = list(getattr(step, output.where))
    items[output.index] = item
    return step.model_copy(update={output.where: items})


# ---------------------------------------------------------------------------------------
# Renaming a column through the steps that read it

# Where an IR node holds column names (never literals or table names): one name, a list of
# names (whose other items are nodes), or a mapping whose keys are names.
_NAME_FIELDS: dict[tuple[type, str], str] = {
    (ir.Col, "name"): "one", (ir.SortKey, "column"): "one", (ir.Named, "name"): "one",
    (ir.Select, "columns"): "list", (ir.GroupBy, "by"): "list", (ir.Drop, "columns"): "list",
    (ir.Unique, "subset"): "list", (ir.TopN, "per"): "list", (ir.Over, "partition_by"): "list",
    (ir.Over, "order_by"): "list", (ir.Share, "partition_by"): "list", (ir.Join, "on"): "list",
    (ir.Join, "left_on"): "list", (ir.Rename, "mapping"): "keys",
}


def _renamed(value: Any, old: str, new: str) -> Any:
    """`value` with every reference to column `old` made a reference to `new`."""
    if isinstance(value, list):
        return [_renamed(item, old, new) for item in value]
    if not isinstance(value, ir.Node):
        return value
    update = {}
    for attr in type(value).model_fields:
        current = getattr(value, attr)
        holds = _NAME_FIELDS.get((type(value), attr))
        if holds == "one":
            update[attr] = new if current == old else current
        elif holds == "list" and current is not None:
            update[attr] = [new if item == old else _renamed(item, old, new) for item in current]
        elif holds == "keys":
            update[attr] = {new if key == old else key: to for key, to in current.items()}
        else:
            update[attr] = _renamed(current, old, new)
    return value.model_copy(update=update)


def _rename_after(plan: _Plan, steps: list[ir.Node], start: int, old: str, new: str) -> bool:
    """Rename `old` to `new` in the steps after `start` that still see it; True when the
    column reaches the end of the body under its new name."""
    for j in range(start + 1, len(steps)):
        if old not in plan.before(j):
            return False
        steps[j] = _renamed(steps[j], old, new)
    return old in plan.columns


# ---------------------------------------------------------------------------------------
# Rule: the subject of "X that have no Y" is X


def _subject(plan: _Plan) -> Change:
    """A plan that starts by anti- or semi-joining keeps the rows of its source; when the
    question names the joined table first ("members who never borrowed a book"), that table is the
    one whose rows the question asks for, so the two swap."""
    first = plan.steps[0] if plan.steps else None
    if not isinstance(first, ir.Join) or first.how not in ("anti", "semi") or first.right not in plan.catalog:
        return None
    source = plan.resolved.query.source
    spans = {t.table: t.span for t in plan.link.ranking if t.span is not None}
    if first.right not in spans or spans.get(source, (len(plan.link.question), 0))[0] < spans[first.right][0]:
        return None
    if first.on is not None:
        swapped = first.model_copy(update={"right": source})
    else:
        swapped = first.model_copy(update={"right": source, "left_on": first.right_on, "right_on": first.left_on})
    query = plan.resolved.query.model_copy(update={"source": first.right, "steps": [swapped, *plan.steps[1:]]})
    try:
        columns = list(resolve(query, plan.catalog, many_to_many=bool(plan.link.intent and plan.link.intent.pairs))
                       .schema)
    except NlqError:
        return None
    return query, columns


# ---------------------------------------------------------------------------------------
# Rule: "per X" groups by X

# "per order", "for each staff member": up to three words, ended by punctuation or a word that
# starts another clause.
_PHRASE_END = (r"(?=[.,;:!?()]|\s+(?:and|with|where|that|who|which|whose|in|of|for|from|per|by|then|ordered|"
               r"sorted|only|across|over|as|is|are|having|within|descending|ascending|largest|smallest|highest|"
               r"lowest|most|least)\b|\s*$)")
_PHRASE = r"((?:[A-Za-z_]+\s*){1,3}?)" + _PHRASE_END
_PER = re.compile(r"\b(?:per|for each|for every)\s+" + _PHRASE, re.IGNORECASE)


def _groups(plan: _Plan) -> Change:
    """A whole-table aggregation where the question says "per X" (X a column of the frame, or
    the entity whose id the frame holds) becomes a group_by X; a group_by whose keys have
    nothing to do with any X it names is keyed by the Xs instead."""
    found = [i for i, step in enumerate(plan.steps) if isinstance(step, ir.GroupBy)]
    if len(found) == 1:
        return _regroup(plan, found[0])
    aggs = [o for o in _outputs(plan) if o.where == "columns" and isinstance(plan.steps[o.step], ir.Select)]
    if found or not aggs or len({o.step for o in aggs}) != 1:
        return None
    i = aggs[0].step
    select = plan.steps[i]
    if any(isinstance(c, str) or _kind(c.expr) != "agg" for c in select.columns):
        return None
    joined = any(isinstance(step, ir.Join) for step in plan.steps)
    keys = _per_keys(plan.link.question, plan.before(i), rows=None if joined else plan.resolved.query.source)
    if not keys:
        return None
    steps = list(plan.steps)
    steps[i] = ir.GroupBy(by=keys, agg=list(select.columns))
    return plan.with_steps(steps), [*keys, *plan.columns]


def _regroup(plan: _Plan, i: int) -> Change:
    step, frame = plan.steps[i], plan.before(i)
    keys = _per_keys(plan.link.question, frame)
    planned = [k for k in step.by if isinstance(k, str)]
    if not keys or len(planned) != len(step.by) or set(keys) & set(planned):
        return None
    # A key that shares words with an X may be X by another name (its entity's name column).
    items = [_item_words(m.group(1)) for m in _PER.finditer(plan.link.question)]
    if any(_rank(item, key, frame[key].table) is not None for item in items for key in planned):
        return None
    if any(not isinstance(later, (ir.Sort, ir.Head)) or isinstance(later, ir.Sort) and any(
            k.column in planned for k in later.by) for later in plan.steps[i + 1:]):
        return None
    steps = list(plan.steps)
    steps[i] = step.model_copy(update={"by": keys})
    return plan.with_steps(steps), [*keys, *(item.name for item in step.agg)]


def _per_keys(question: str, frame: Schema, rows: str | None = None) -> list[str]:
    """The columns of `frame` that the question's "per X" phrases name, all or nothing; "per
    visit" of the `rows` visits asks for no group ("the average fee per visit")."""
    keys = []
    noun = W.split_identifier(rows)[-1:] if rows else ()
    for match in _PER.finditer(question):
        item = _item_words(match.group(1))
        if noun and item and match.group().lower().startswith("per") and W.stem(item[-1]) == W.stem(noun[0]):
            continue
        key = next((k for form in (item, (*item, "id"), (*item[:1], "id")) if form
                    and (k := _match(form, frame)) is not None), None) if item else None
        if key is None:
            return []
        keys.append(key)
    return keys if len(set(keys)) == len(keys) else []


# ---------------------------------------------------------------------------------------
# Rule: "per month" groups by the month of a date, not by the date

_PERIODS: dict[str, re.Pattern[str]] = {
    "year_month": re.compile(r"\b(?:per|by|each|every)\s+month\b|\bmonthly\b|\bmonth-over-month\b", re.IGNORECASE),
    "year": re.compile(r"\b(?:per|by|each|every)\s+year\b|\byearly\b|\bannual(?:ly)?\b", re.IGNORECASE),
}
_PERIOD_NAMES = {"year_month": "month", "month": "month", "year": "year"}


def _periods(plan: _Plan) -> Change:
    """A group key that is a whole date, where the question groups by month or by year."""
    parts = [part for part, pattern in _PERIODS.items() if pattern.search(plan.link.question)]
    if len(parts) != 1:
        return None
    part, steps, renames = parts[0], list(plan.steps), {}
    if part == "year_month" and one_year(plan.link.question):
        part = "month"  # "per month in 2024": the month of that year
    name = _PERIOD_NAMES[part]
    for i, step in enumerate(plan.steps):
        if not isinstance(step, ir.GroupBy):
            continue
        frame = plan.before(i)
        dates = [k for k in step.by if isinstance(k, str)
                 and (frame[k].iso is not None or frame[k].dtype in ("date", "datetime"))]
        if len(dates) != 1 or name in frame:
            continue
        key = ir.Named(name=name, expr=ir.DatePart(part=part, operand=ir.Col(name=dates[0])))
        steps[i] = step.model_copy(update={"by": [key if k == dates[0] else k for k in step.by]})
        if _rename_after(plan, steps, i, dates[0], name):
            renames[dates[0]] = name
    if steps == plan.steps:
        return None
    return plan.with_steps(steps), [renames.get(c, c) for c in plan.columns]


# ---------------------------------------------------------------------------------------
# Rule: "the most ..." asks for one row

def _single(plan: _Plan) -> Change:
    """"The most rented film", "the customer with the highest total": one row (intent.single)."""
    intent = plan.link.intent
    if intent is None or not intent.single or intent.place:  # "the second longest": kept by its place
        return None
    if any(isinstance(step, (ir.Head, ir.TopN)) for step in plan.steps) or not plan.steps:
        return None
    last_group = max((i for i, s in enumerate(plan.steps) if isinstance(s, ir.GroupBy)), default=-1)
    sorts = [i for i, s in enumerate(plan.steps) if isinstance(s, ir.Sort) and i > last_group]
    steps = list(plan.steps)
    if sorts:
        steps.insert(sorts[-1] + 1, ir.Head(n=1))
    else:
        aggs = [o for o in _outputs(plan) if o.kind == "agg" and o.item.name in plan.columns]
        if last_group < 0 or len(aggs) != 1:
            return None
        descending = bool(intent.descending)
        steps += [ir.Sort(by=[ir.SortKey(column=aggs[0].item.name, descending=descending)]), ir.Head(n=1)]
    return plan.with_steps(steps), plan.columns


# ---------------------------------------------------------------------------------------
# Rule: group by the entity, not its id


def _entity(plan: _Plan) -> Change:
    last = plan.steps[-1] if plan.steps else None
    # "How many students have an average grade above 80?": the groups are counted, and grouping
    # by the name would count two students of one name once.
    if isinstance(last, ir.Select) and [getattr(c, "expr", None) for c in last.columns] == [ir.Agg(fn="len")]:
        return None
    steps = list(plan.steps)
    renames: dict[str, str] = {}
    for i, step in enumerate(plan.steps):
        if not isinstance(step, ir.GroupBy):
            continue
        keys = {k if isinstance(k, str) else k.name for k in step.by}
        for key in [k for k in step.by if isinstance(k, str)]:
            entity = None if _spelled(plan.link.question, key) else _entity_of(plan, key, i)
            name = _name_column(plan, *entity, i) if entity else None
            if name is None or name in keys:
                continue
            steps[i] = steps[i].model_copy(update={"by": [name if k == key else k for k in steps[i].by]})
            if _rename_after(plan, steps, i, key, name):
                renames[key] = name
    if steps == plan.steps:
        return None
    return plan.with_steps(steps), [renames.get(c, c) for c in plan.columns]


def _spelled(question: str, column: str) -> bool:
    """Whether the question writes the column itself: "category_id", "category id", its words
    without a short column prefix ("nation key" for `na_nationkey`), or with a short part
    spelled out ("airline code" for `f_al_code`)."""
    words = [p for w in W.words(question) for p in W.split_identifier(w.lower)]
    said = [W.stem(w) for w in words]
    parts = W.split_identifier(column)
    forms = [parts, parts[1:]] if len(parts) > 1 and len(parts[0]) <= 2 else [parts]
    for form in forms:
        stems, joined = list(map(W.stem, form)), "".join(form)
        for i in range(len(said)):
            if said[i:i + len(stems)] == stems or any("".join(said[i:j]) == joined for j in range(i + 2, i + 4)):
                return True
            run = words[i:i + len(form)]
            if len(run) == len(form) and all(W.stem(p) == W.stem(w) or initials(p, w) or W.shortens(p, w)
                                             for p, w in zip(form, run)):
                return True
    return False


def _entity_of(plan: _Plan, key: str, before: int) -> tuple[str, str] | None:
    """(table, its key column) when `key` joined the frame to a table on that table's own key."""
    for j in range(before):
        join = plan.steps[j]
        if not isinstance(join, ir.Join) or join.how not in ("inner", "left"):
            continue
        pairs = list(zip(join.on or join.left_on or [], join.on or join.right_on or []))
        for left, right in pairs:
            if left != key:
                continue
            if join.right in plan.catalog and right in plan.catalog[join.right].keys:
                return join.right, right
            origin = plan.before(j)[left].table
            if origin in plan.catalog and left in plan.catalog[origin].keys:
                return origin, left
    return None


def _name_column(plan: _Plan, table: str, key: str, step: int) -> str | None:
    """The frame's column holding `table`'s name column (`name`, `<thing>_name`, `<prefix>_name`,
    its one `..._name`, or a column named as the thing itself), maybe suffixed `_right` by the
    join; None when there is no single one."""
    candidates = plan.catalog[table].name_columns(W.split_identifier(key)[0])
    if len(candidates) != 1:
        return None
    frame = plan.before(step)
    held = [c for c in (candidates[0], f"{candidates[0]}_right") if c in frame and frame[c].table == table]
    return held[0] if len(held) == 1 else None


# ---------------------------------------------------------------------------------------
# Rule: "in 2023" is the whole year


def _years(plan: _Plan) -> Change:
    """A date column tested against a few days of the one year the question names ("shipped
    in 2023" written as `d in ['2023-01-01', '2023-01-31']`) is tested for that year."""
    years = {lit.value for lit in plan.link.literals if lit.kind == "year"}
    if len(years) != 1:
        return None
    year = years.pop()
    steps = [_year_filter(step, plan.before(i), year) if isinstance(step, ir.Filter) else step
             for i, step in enumerate(plan.steps)]
    return (plan.with_steps(steps), plan.columns) if steps != plan.steps else None


def _year_filter(step: ir.Filter, frame: Schema, year: int) -> ir.Filter:
    def fix(expr: ir.Node) -> ir.Node:
        if isinstance(expr, ir.Binary) and expr.op in ("and", "or"):
            return expr.model_copy(update={"left": fix(expr.left), "right": fix(expr.right)})
        if (isinstance(expr, ir.IsIn) and isinstance(expr.operand, ir.Col) and expr.operand.name in frame
                and (frame[expr.operand.name].iso is not None or frame[expr.operand.name].dtype in ("date", "datetime"))
                and all(isinstance(v, str) and v.startswith(f"{year}-") for v in expr.values)):
            return ir.Binary(op="==", left=ir.DatePart(part="year", operand=expr.operand), right=ir.Lit(value=year))
        return expr
    return step.model_copy(update={"predicate": fix(step.predicate)})


# ---------------------------------------------------------------------------------------
# Rule: a window's groups and what a rank orders by

# Strongest first: "for each order, ... within the order", "for each order ... per line number".
_PARTITION_WORDS = (
    re.compile(r"\b(?:within|in)\s+(?:each|every|the|its|their)\s+" + _PHRASE, re.IGNORECASE),
    re.compile(r"\bfor\s+(?:each|every)\s+" + _PHRASE, re.IGNORECASE),
    re.compile(r"\bper\s+" + _PHRASE, re.IGNORECASE),
)
_RANK_BY = re.compile(r"\brank(?:s|ed|ing)?\b(?:\s+\w+){0,3}?\s+by\s+" + _PHRASE, re.IGNORECASE)


def _windows(plan: _Plan) -> Change:
    """A window's partition is the group the question names ("within each country", "for
    each customer", "per store"), and a rank ranks by what follows "rank ... by". A small
    model swaps these roles ("rank country by city"); the words do not. A column unique in
    the source is never a partition: "for each order" over orders means every row."""
    steps = list(plan.steps)
    share = SHARE_OF_TOTAL.search(plan.link.question)
    for i, step in enumerate(plan.steps):
        if not isinstance(step, ir.WithColumns):
            continue
        frame = plan.before(i)
        partition, ranked = _partition_of(plan, frame), _column_after(_RANK_BY, plan.link.question, frame)
        items = [_settled_window(item, partition, ranked, share) if not isinstance(item, str) else item
                 for item in step.columns]
        steps[i] = step.model_copy(update={"columns": items})
    if steps == plan.steps:
        return None
    return plan.with_steps(steps), plan.columns


def _partition_of(plan: _Plan, frame: Schema) -> str | None:
    source = plan.catalog.get(plan.resolved.query.source)
    unique = set(source.keys) if source is not None else set()
    for pattern in _PARTITION_WORDS:
        items = [item for match in pattern.finditer(plan.link.question) if (item := _item_words(match.group(1)))]
        found = {key for item in items if (key := _group_key(item, frame)) is not None and key not in unique}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _column_after(pattern: re.Pattern[str], question: str, frame: Schema) -> str | None:
    match = pattern.search(question)
    item = _item_words(match.group(1)) if match else ()
    return _match(item, frame) if item else None


def _settled_window(item: ir.Named, partition: str | None, ranked: str | None,
                    share: re.Match[str] | None) -> ir.Named:
    expr = _top(item.expr)
    if not isinstance(expr, ir.Over):
        return item
    update: dict[str, Any] = {}
    if partition is not None and expr.partition_by != [partition]:
        update["partition_by"] = [partition]
    inner = expr.operand
    if share is not None and isinstance(inner, (ir.Rank, ir.CumAgg, ir.Agg)) and isinstance(inner.operand, ir.Col):
        # "The percentage of total X" is X over its group's total, whatever window the model chose.
        percent = share.group(1).lower().startswith("percent")
        new = ir.Share(operand=inner.operand, partition_by=update.get("partition_by", expr.partition_by), percent=percent)
        return item.model_copy(update={"expr": new})
    rank = expr.operand
    if ranked is not None and isinstance(rank, ir.Rank) and isinstance(rank.operand, ir.Col) and rank.operand.name != ranked:
        update["operand"] = rank.model_copy(update={"operand": ir.Col(name=ranked)})
    if not update:
        return item
    return item.model_copy(update={"expr": _replaced_top(item.expr, expr.model_copy(update=update))})


def _replaced_top(expr: ir.Node, top: ir.Node) -> ir.Node:
    """`expr` with the expression under its round()s replaced by `top`."""
    if isinstance(expr, ir.Round):
        return expr.model_copy(update={"operand": _replaced_top(expr.operand, top)})
    return top


# ---------------------------------------------------------------------------------------
# Rule: "the country of each customer" returns the customer and the country

# "genre name for each track", "the country of each customer": the words before name what is
# looked up; "customers with their country": the words after.
_FOR_EACH = re.compile(r"((?:[A-Za-z_']+\s+){1,3})(?:for|of)\s+(?:each|every)\s+([A-Za-z_]+)", re.IGNORECASE)
_WITH_THEIR = re.compile(r"\b([A-Za-z_]+)\s+with\s+their\s+" + r"((?:[A-Za-z_']+\s*){1,3}?)" + _PHRASE_END,
                         re.IGNORECASE)


def _lookups(plan: _Plan) -> Change:
    """A plan that only joins, for a question that looks one thing up per entity ("genre
    name for each track", "customers with their country"), returns the entity's name
    columns and the thing looked up, named as the question says it when the join renamed it."""
    if not plan.steps or not all(isinstance(s, (ir.Join, ir.Filter, ir.Sort, ir.Head)) for s in plan.steps):
        return None
    if not any(isinstance(s, ir.Join) for s in plan.steps):
        return None
    question, frame = plan.link.question, plan.resolved.schema
    found = [(m.group(1).split(), m.group(2)) for m in _FOR_EACH.finditer(question)]
    found += [(m.group(2).split(), m.group(1)) for m in _WITH_THEIR.finditer(question)]
    if len(found) != 1:
        return None
    words, entity = found[0]
    source = plan.catalog.get(plan.resolved.query.source)
    if source is None or W.stem(W.split_identifier(source.name)[-1]) != W.stem(entity.lower()):
        return None
    labels = source.labels()
    # The longest run of the words before "for each" that names a column.
    runs = [item for k in range(len(words)) if (item := _item_words(" ".join(words[k:])))]
    item, looked_up = next(((item, column) for item in runs if (column := _match(item, frame)) is not None),
                           ((), None))
    if looked_up is None or not labels or len(labels) > 2 or looked_up in labels or any(c not in frame for c in labels):
        return None
    said = W.snake_case(list(item))
    column: ir.ColumnItem = ir.Named(name=said, expr=ir.Col(name=looked_up)) if looked_up.endswith("_right") \
        and said not in frame else looked_up
    columns = [*labels, column if isinstance(column, str) else column.name]
    if columns == plan.columns:
        return None
    return plan.with_steps([*plan.steps, ir.Select(columns=[*labels, column])]), columns


# ---------------------------------------------------------------------------------------
# Rule: names from the question


def _ranks_aggregate(item: ir.Named, aggs: list[_Output]) -> bool:
    """A rank of an aggregate the plan computed, named `<aggregate>_rank`: the hint the words
    give ("by total quantity" -> quantity_rank) names the column, not the aggregate ranked."""
    rank = _top(item.expr)
    rank = rank.operand if isinstance(rank, ir.Over) else rank
    return isinstance(rank, ir.Rank) and isinstance(rank.operand, ir.Col) and item.name == f"{rank.operand.name}_rank" \
        and any(o.item.name == rank.operand.name for o in aggs)


def _names(plan: _Plan) -> Change:
    outputs = _outputs(plan)
    slots, unplaced = _slots(plan.link)
    chosen: dict[_Output, str] = {}
    named: set[_Output] = set()

    aggs = [o for o in outputs if o.kind == "agg"]
    # "the average cost of express shipments and the average cost of standard ones": one name
    # the words give twice names neither (the plan tells them apart).
    said = [h for h in slots if h.fn]
    hints = _preferred([h for h in said if h.explicit or [g.name for g in said].count(h.name) == 1],
                       aggs, _listed(plan.link.question)[0])
    used: set[int] = set()
    # ... and one named by a name the words give twice keeps it: "an average visit fee above the
    # average fee of all visits ...: their average visit fee" renames no output to avg_fee.
    named |= {output for output in aggs if [h.name for h in said].count(output.item.name) > 1}
    # An output the model already named as the question does keeps its name and uses the hint up.
    for pass_ in ("same name", "in order"):
        for output in aggs:
            if output in named:
                continue
            k = next((k for k, h in enumerate(hints) if k not in used and _fits(h.fn, output.fn)
                      and (pass_ == "in order" or h.name == output.item.name)), None)
            if k is not None:
                used.add(k)
                named.add(output)
                chosen[output] = hints[k].name

    windows = [o for o in outputs if o.kind == "window"]
    window_names = list(dict.fromkeys(h.name for h in slots if h.fn is None))
    # "a running total of the amount" is running_total_amt: a name that goes on from the
    # words' own, after its column, is kept.
    if len(windows) == 1 and len(window_names) == 1 and not windows[0].item.name.startswith(f"{window_names[0]}_") \
            and not _ranks_aggregate(windows[0].item, aggs):
        named.add(windows[0])
        chosen[windows[0]] = window_names[0]

    current = {o.item.name for o in outputs}
    free = [h.name for h in unplaced if h.name not in current]
    rest = [o for o in outputs if o not in named and o.item.name not in {h.name for h in unplaced}]
    if len(free) == 1 and len(rest) == 1:
        chosen[rest[0]] = free[0]

    steps = list(plan.steps)
    taken = plan.names_seen()
    renames: dict[str, str] = {}
    appended: list[str] = []
    for output, name in chosen.items():
        old = output.item.name
        if name == old or name in taken:
            continue  # never onto a column the plan already has
        if name == "count" and old.endswith("_count"):
            continue  # "Loans per branch: count and total fine": a bare count keeps the noun it counts
        overwrote = isinstance(plan.steps[output.step], ir.WithColumns) and old in plan.before(output.step)
        if overwrote and output.step != len(steps) - 1:
            continue
        taken.add(name)
        steps[output.step] = _with_item(steps[output.step], output, output.item.model_copy(update={"name": name}))
        if overwrote:
            appended.append(name)  # the input column the model wrote over comes back; the new one goes last
        elif _rename_after(plan, steps, output.step, old, name):
            renames[old] = name
    if steps == plan.steps:
        return None
    return plan.with_steps(steps), [renames.get(c, c) for c in plan.columns] + appended


def _fits(hint_fn: str | None, fn: str | None) -> bool:
    # "Number of orders" is a row count, whether the model counts rows or non-null values.
    return hint_fn == fn or (hint_fn == "len" and fn == "count")


def _preferred(hints: list[NameHint], aggs: list[_Output], listed: tuple[int, int] | None) -> list[NameHint]:
    """The hints without those a column list restates: when the question names an aggregate
    more often than the plan has it ("the number of products they supply ...: company name
    and product count"), the name in the list wins."""
    if listed is None:
        return hints
    kept = list(hints)
    for fn in dict.fromkeys(h.fn for h in hints):
        surplus = sum(h.fn == fn for h in kept) - sum(_fits(fn, o.fn) for o in aggs)
        outside = [h for h in kept if h.fn == fn and not listed[0] <= h.span[0] < listed[1]]
        # "Top 3 sites by total reading quantity: the site name and the total": a listed word
        # with no measure of its own is the measure the question names outside the list.
        bare = [h for h in kept if h.fn == fn and listed[0] <= h.span[0] < listed[1]
                and not set(_item_words(h.text)) - AGGREGATE_WORDS.keys()]
        for hint in (bare if bare and outside else outside)[:max(surplus, 0)]:
            kept.remove(hint)
    return kept


_SENTENCE_OPENS = re.compile(r"[.?!;]\s*$")


def _slots(link: Link) -> tuple[list[NameHint], list[NameHint]]:
    """The names the question gives its outputs, in its order. A name it writes itself takes
    the place of the aggregate or window phrase just before it in its sentence ("the average
    price as avg_price"); written names with no such phrase come back apart."""
    phrases = sorted((h for h in link.names if not h.explicit), key=lambda h: h.span)
    written: dict[int, NameHint] = {}
    unplaced = []
    for hint in sorted((h for h in link.names if h.explicit), key=lambda h: h.span):
        # "How many sessions per device? Name the count visits.", "...; label the total n": a
        # sentence or clause that opens with the name names what the one before it asks.
        alone = _SENTENCE_OPENS.search(link.question, 0, hint.span[0]) is not None
        before = [k for k, p in enumerate(phrases) if p.span[1] <= hint.span[0] and k not in written
                  and (alone or not _SENTENCE_END.search(link.question, p.span[1], hint.span[0]))]
        if before:
            written[before[-1]] = hint
        else:
            unplaced.append(hint)
    slots = [replace(p, name=written[k].name, explicit=True) if k in written else p for k, p in enumerate(phrases)]
    return slots, unplaced


def _ratio_names(plan: _Plan) -> Change:
    """The one quotient a percentage question makes takes the name its words give
    (`Intent.ratio`), unless the question writes a name itself."""
    intent = plan.link.intent
    if intent is None or intent.ratio is None or intent.names:
        return None
    quotients = [o for o in _outputs(plan) if _is_quotient(o.item.expr) and o.item.name in plan.columns]
    if len(quotients) != 1 or quotients[0].item.name == intent.ratio.name or intent.ratio.name in plan.names_seen():
        return None
    output, name = quotients[0], intent.ratio.name
    steps = list(plan.steps)
    steps[output.step] = _with_item(steps[output.step], output, output.item.model_copy(update={"name": name}))
    _rename_after(plan, steps, output.step, output.item.name, name)
    return plan.with_steps(steps), [name if c == output.item.name else c for c in plan.columns]


def _is_quotient(expr: ir.Node) -> bool:
    top = _top(expr)
    if isinstance(top, ir.Binary) and top.op == "*":
        return _is_quotient(top.left) or _is_quotient(top.right)
    return isinstance(top, ir.Binary) and top.op == "/"


def _count_names(plan: _Plan) -> Change:
    """A count is named after one of what it counts: `readings_count` -> `reading_count`."""
    steps = list(plan.steps)
    renames: dict[str, str] = {}
    taken = plan.names_seen()
    for output in _outputs(plan):
        parts = output.item.name.split("_")
        if output.fn not in ("len", "count", "n_unique") or len(parts) < 2 or parts[-1] != "count":
            continue
        name = "_".join([*parts[:-2], W.singular(parts[-2]), "count"])
        if name == output.item.name or name in taken:
            continue
        steps[output.step] = _with_item(steps[output.step], output, output.item.model_copy(update={"name": name}))
        if _rename_after(plan, steps, output.step, output.item.name, name):
            renames[output.item.name] = name
    if steps == plan.steps:
        return None
    return plan.with_steps(steps), [renames.get(c, c) for c in plan.columns]


# ---------------------------------------------------------------------------------------
# Rule: the columns the question lists

def _columns(plan: _Plan) -> Change:
    intent = plan.link.intent
    items = intent.listed if intent is not None else ()
    if not items:
        return None
    last = plan.steps[-1] if plan.steps else None
    frames = [(plan.resolved.schema, len(plan.steps))]
    if isinstance(last, ir.Select) and all(isinstance(c, str) for c in last.columns):
        frames.append((plan.before(len(plan.steps) - 1), len(plan.steps) - 1))  # a select that left one out
    outputs = {o.item.name: o for o in _outputs(plan)}
    for frame, keep in frames:
        wanted = _listed_columns(items, frame, outputs)
        if wanted is None:
            continue
        keys = _group_keys(plan, frame)
        if all(item.fn or item.column is None for item in items) and any(item.fn for item in items) and keys \
                and not set(keys) & set(wanted):
            # "For each type, show the number of ... and the earliest ...", "For each year, the
            # number of invoices and the running count": the keys come first.
            wanted, items = [*keys, *wanted], (*(None,) * len(keys), *items)
        # "Customers whose total balance exceeds 50000, with their first and last name": the
        # aggregate asked before a list added "with their" stays after it.
        added = [c for c in _asked_before_their(plan) if c in frame and c not in wanted]
        # "the book titles with the pages renamed to length": a renamed column is shown too.
        added += [new for _, new in intent.renames if new in frame and new not in wanted]
        wanted, items = [*wanted, *added], (*items, *(None,) * len(added))
        # "its city as city_name": a listed column the question names again is renamed.
        names = [item.name if item and item.name and item.name not in frame else column
                 for item, column in zip(items, wanted)]
        if names == plan.columns:
            return None
        steps = list(plan.steps[:keep])
        by_name = {c if isinstance(c, str) else c.name: c for c in last.columns} \
            if keep == len(plan.steps) and isinstance(last, ir.Select) else {}
        columns: list[ir.ColumnItem] = [
            by_name.get(column, column) if name == column else ir.Named(name=name, expr=ir.Col(name=column))
            for column, name in zip(wanted, names)]
        if by_name:
            steps[-1] = last.model_copy(update={"columns": columns})
        else:
            steps.append(ir.Select(columns=columns))
        return plan.with_steps(steps), names
    return None


def _asked_before_their(plan: _Plan) -> list[str]:
    """The aggregates the question names before a list it opens with "with their"/"with its"."""
    question = plan.link.question
    span = _listed(question)[0]
    if span is None or not (_WITH_BEFORE.search(question[:span[0]]) and _THEIR.match(question, span[0])):
        return []
    return [h.name for h in plan.link.names if h.fn and h.span[1] <= span[0] and h.name in plan.columns]


_WITH_BEFORE = re.compile(r"\bwith\s*$", re.IGNORECASE)
_THEIR = re.compile(r"\s*(?:their|its)\b", re.IGNORECASE)


def _group_keys(plan: _Plan, frame: Schema) -> list[str]:
    """The keys of the plan's last group_by, when they reach the end."""
    groups = [s for s in plan.steps if isinstance(s, ir.GroupBy)]
    if not groups:
        return []
    keys = [k if isinstance(k, str) else k.name for k in groups[-1].by]
    return keys if all(k in frame for k in keys) else []


def _listed_columns(items: tuple[Item, ...], frame: Schema, outputs: dict[str, _Output]) -> list[str] | None:
    """The frame's column for each listed item, all or nothing: a column its words name, else
    the plan's one aggregate of the kind the item asks for ("the average balance")."""
    wanted: list[str] = []
    for item in items:
        # "each loan with ...": the loans' own `id` the words were read as, not a `loaned_on` they
        # could name too.
        own = item.column if item.column in frame and item.table and frame[item.column].table == item.table else None
        column = own or _match(item.words, frame)
        if own is None and column is not None and item.table and frame[column].table not in (None, item.table):
            return None  # "Countries and the name of their capital city": not the countries' name
        if column is None and item.fn is not None:
            kinds = [name for name, o in outputs.items() if name in frame and name not in wanted
                     and _fits(item.fn, o.fn)]
            column = kinds[0] if len(kinds) == 1 else None
        if column is None or column in wanted:
            return None
        wanted.append(column)
    return wanted


# ---------------------------------------------------------------------------------------
# Rule: the limit the question asks for


def _limit(plan: _Plan) -> Change:
    """"The 5 largest ...", "top 3 ...": the plan ends its order with that many rows. A plan
    that sorted but dropped the limit gets it after its last sort; a different n is the
    question's n."""
    intent = plan.link.intent
    if intent is None or intent.limit is None or not plan.steps:
        return None
    steps = list(plan.steps)
    heads = [i for i, s in enumerate(steps) if isinstance(s, ir.Head)]
    if heads:
        i = heads[-1]
        if steps[i].n == intent.limit:
            return None
        steps[i] = steps[i].model_copy(update={"n": intent.limit})
        return plan.with_steps(steps), plan.columns
    if any(isinstance(s, ir.TopN) for s in steps):
        return None
    sorts = [i for i, s in enumerate(steps) if isinstance(s, ir.Sort)]
    if not sorts:
        return None
    steps.insert(sorts[-1] + 1, ir.Head(n=intent.limit))
    return plan.with_steps(steps), plan.columns


# ---------------------------------------------------------------------------------------
# Rule: a question for one number gets one row


def _scalar(plan: _Plan) -> Change:
    """"How many ...?", "What is the average ...?" with no "per X": a plan that grouped by
    keys the question never names aggregates the whole table instead, and a plan that only
    kept the rows to count counts them."""
    intent = plan.link.intent
    if intent is None or intent.answer != "scalar" or not plan.steps:
        return None
    steps = list(plan.steps)
    groups = [i for i, s in enumerate(steps) if isinstance(s, ir.GroupBy)]
    if len(groups) == 1 and all(isinstance(s, (ir.Sort, ir.Head)) for s in steps[groups[0] + 1:]):
        i = groups[0]
        agg = [item for item in steps[i].agg if _kind(item.expr) == "agg"]
        if not agg or len(agg) != len(steps[i].agg):
            return None
        steps[i:] = [ir.Select(columns=agg)]
        return plan.with_steps(steps), [item.name for item in agg]
    if groups or _outputs(plan) or intent.aggregates != ("len",):
        return None
    name = next((h.name for h in plan.link.names if h.fn == "len"), "count")
    return plan.with_steps([*steps, ir.Select(columns=[ir.Named(name=name, expr=ir.Agg(fn="len"))])]), [name]


# ---------------------------------------------------------------------------------------
# Rule: numbers rounded as the question asks


def _rounding(plan: _Plan) -> Change:
    """"rounded to 2 decimals": each computed number of the answer keeps that many places
    (counts and columns read as they are stay whole); no rounding the question did not ask for."""
    intent = plan.link.intent
    if intent is None or intent.decimals is None:
        return None
    steps, final = list(plan.steps), set(plan.columns)
    # "the fee rounded to the nearest whole number": a column read as it is, where its own
    # words round it
    said = {item.column for item in intent.listed if item.column and not item.fn and ROUNDED.search(item.text)}
    for k, step in enumerate(steps):
        if isinstance(step, ir.Select) and k == len(steps) - 1:
            steps[k] = step.model_copy(update={"columns": [
                ir.Named(name=c, expr=ir.Round(operand=ir.Col(name=c), decimals=intent.decimals))
                if isinstance(c, str) and c in said and plan.before(k)[c].dtype == "float" else c for c in step.columns]})
    for output in _outputs(plan):
        item = output.item
        if item.name in final and not isinstance(item.expr, ir.Round) \
                and plan.after(output.step)[item.name].dtype == "float":
            rounded = item.model_copy(update={"expr": ir.Round(operand=item.expr, decimals=intent.decimals)})
            steps[output.step] = _with_item(steps[output.step], output, rounded)
    return (plan.with_steps(steps), plan.columns) if steps != plan.steps else None


_RULES: tuple[Callable[[_Plan], Change], ...] = (
    _subject, _scalar, _groups, _periods, _years, _entity, _windows, _lookups, _names, _count_names, _ratio_names,
    _single, _limit, _columns, _rounding)
