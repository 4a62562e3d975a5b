"""fill: the model fills a compact form of the IR under a per-request JSON schema.

The model never sees the full IR. It fills a short JSON ("the fill form") whose keys are
Polars words and whose expressions are strings of grammar/expr.lark:

    {"from": "shop_orders", "steps": [
        {"filter": "status == 'PAID'"},
        {"group_by": ["customer_id"], "agg": {"total": "round(sum(amount), 2)"}},
        {"sort": ["total"], "descending": true}, {"head": 5}]}

The schema is built per request: table names are enums, and every identifier inside an
expression must be a column of the request's tables or a function of the expression
language (a regex over tokens), so an unknown column or a call outside the vocabulary
cannot be produced. `to_query` turns the fill form into the IR, which resolve then checks.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from nlq import ir
from nlq.catalog import TableInfo
from nlq.errors import FillError, NlqError, UnfinishedError
from nlq.exprlang import FUNCTION_NAMES, parse_expr, quote_name
from nlq.intent import Intent

MAX_STEPS = 8
JOIN_HOWS = ["inner", "left", "semi", "anti"]
_NEW_NAME = r"^[a-z][a-z0-9_]{0,30}$"
# Tokens in one expression: enough for any question of this kind, and a bound on how long a
# model that lost its way can keep writing.
MAX_EXPR_TOKENS = 40


# ---------------------------------------------------------------------------------------
# The per-request JSON schema


def _identifier_alternatives(columns: Iterable[str]) -> str:
    names = []
    for name in sorted(set(columns), key=lambda n: (-len(n), n)):
        names.append(re.escape(quote_name(name)))
    return "|".join(names)


def expression_pattern(columns: Iterable[str]) -> str:
    """A regex over the tokens of the expression language whose only identifiers are the
    given columns and the language's functions (a function name must be followed by `(`).

    Parentheses are not balanced by a regex; the parser reports those and the repair
    round fixes them.
    """
    ident = _identifier_alternatives(columns)
    func = "|".join(sorted(FUNCTION_NAMES, key=lambda n: (-len(n), n)))
    operand = [
        rf"(?:{func})\(",
        *( [rf"(?:{ident})"] if ident else [] ),
        r"-?[0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?",
        r"'[^'\\\n]{0,60}'",
        r"not|true|false|null|\(",
    ]
    token = "|".join([
        *operand,
        r"==|!=|<=|>=|<|>|\+|-|\*|//|/|%",
        r"and|or|in|is|by=|order_by=|descending=",
        r"[()\[\],. ]",
    ])
    # An expression starts as an operand does, never with a bracket or a comma ("]," is no key).
    first = "|".join(operand)
    return rf"^(?:{first})(?:{token}){{0,{MAX_EXPR_TOKENS - 1}}}$"


def step_kinds(intent: Intent, n_tables: int) -> set[str]:
    """The step kinds the steps surface offers for a question of this Intent. A 0.5B model
    copies the shape of the nearest example; offering only the steps the question's shape
    needs keeps a filter question a filter."""
    kinds = {"filter", "sort", "head", "select"}
    if n_tables > 1:
        kinds |= {"join"}
    if intent.window or intent.derived:
        kinds |= {"with_columns"}
    if intent.aggregates or (intent.groups and not intent.window):
        kinds |= {"agg"} if intent.answer == "scalar" else {"group_by", "agg"}
    if intent.distinct:
        kinds |= {"unique"}
    return kinds


def fill_schema(tables: Iterable[str], columns: Iterable[str], kinds: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON schema of the fill form for one request, offering the step `kinds` (all by default)."""
    tables = list(tables)
    columns = sorted(set(columns))
    expr = {"type": "string", "pattern": expression_pattern(columns)}
    known = {"enum": columns} if columns else {"type": "string", "pattern": _NEW_NAME}
    # Sort and select may also name outputs made by earlier steps (aggregates, new columns).
    new_name = {"type": "string", "pattern": _NEW_NAME}
    name_ref = {"anyOf": [known, new_name]}
    # New column names are snake_case (patternProperties: llguidance ignores propertyNames).
    named = {"type": "object", "patternProperties": {_NEW_NAME: expr}, "additionalProperties": False,
             "minProperties": 1, "maxProperties": 6}

    def step(properties: dict[str, Any], required: int = 1) -> dict[str, Any]:
        return {"type": "object", "properties": properties, "required": list(properties)[:required],
                "additionalProperties": False}

    steps = [
        step({"filter": expr}),
        step({"join": {"enum": tables}, "how": {"enum": JOIN_HOWS}}),
        step({"with_columns": named}),
        # A group key is a column, an output of an earlier step, or an expression ("year(d)").
        step({"group_by": {"type": "array", "items": {"anyOf": [expr, new_name]}, "minItems": 1, "maxItems": 4},
              "agg": named}, required=2),
        step({"agg": named}),
        step({"select": {"type": "array", "items": name_ref, "minItems": 1, "maxItems": 12}}),
        step({"sort": {"type": "array", "items": name_ref, "minItems": 1, "maxItems": 3},
              "descending": {"type": "boolean"}}),
        step({"head": {"type": "integer", "minimum": 1, "maximum": 1000}}),
        step({"unique": {"type": "array", "items": known, "maxItems": 4}}),
    ]
    if kinds is not None:
        wanted = set(kinds)
        steps = [s for s in steps if next(iter(s["properties"])) in wanted]
    return {
        "type": "object",
        "properties": {
            "from": {"enum": tables},
            "steps": {"type": "array", "items": {"anyOf": steps}, "maxItems": MAX_STEPS},
        },
        "required": ["from", "steps"],
        "additionalProperties": False,
    }


# ---------------------------------------------------------------------------------------
# The slots surface: every part of the answer's shape is a slot the model always fills

# The slots in the order the model fills them and the plan runs them (distinct moves the
# select before the order: the rows are made distinct first).
SLOTS = ("from", "join", "filter", "with_columns", "group_by", "agg", "having", "sort", "descending", "limit",
         "select", "distinct")
MAX_SLOT_ITEMS = 6


def slots_schema(tables: Iterable[str], columns: Iterable[str], intent: Intent | None = None,
                 first_columns: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON schema of the slots form. Every slot is required, so the model decides each
    one; the slots the Intent settles are constants, which the engine forces without decoding
    (`first_columns`: those of the most relevant table, whose group keys need no join)."""
    tables = list(tables)
    columns = sorted(set(columns))
    expr = {"type": "string", "pattern": expression_pattern(columns)}
    optional_expr = {"anyOf": [{"const": ""}, expr]}
    known = {"enum": columns} if columns else {"type": "string", "pattern": _NEW_NAME}
    new_name = {"type": "string", "pattern": _NEW_NAME}
    name_ref = {"anyOf": [known, new_name]}

    def named(at_least: int = 0) -> dict[str, Any]:
        return {"type": "object", "patternProperties": {_NEW_NAME: expr}, "additionalProperties": False,
                "minProperties": at_least, "maxProperties": MAX_SLOT_ITEMS}

    def names(items: dict[str, Any], at_least: int = 0, at_most: int = 4) -> dict[str, Any]:
        return {"type": "array", "items": items, "minItems": at_least, "maxItems": at_most}

    properties: dict[str, Any] = {
        "from": {"enum": tables},
        "join": names({"type": "object", "properties": {"table": {"enum": tables}, "how": {"enum": JOIN_HOWS}},
                       "required": ["table", "how"], "additionalProperties": False}, at_most=3),
        "filter": optional_expr,
        "with_columns": named(),
        "group_by": names({"anyOf": [expr, new_name]}),
        "agg": named(),
        "having": optional_expr,
        "sort": names(name_ref, at_most=3),
        "descending": {"type": "boolean"},
        "limit": {"type": "integer", "minimum": 0, "maximum": 1000},
        "select": names(name_ref, at_most=12),
        "distinct": {"type": "boolean"},
    }
    if intent is not None:
        properties.update(_settled_slots(settled_shape(intent, first_columns or ()), properties))
    return {"type": "object", "properties": properties, "required": list(SLOTS), "additionalProperties": False}


@dataclass(frozen=True)
class Settled:
    """What the question's Intent settles about the answer's shape: one reading, which each
    surface renders its own way (JSON-schema constants, forced grammar text)."""

    distinct: bool = False
    limit: int | None = None  # a forced head(n); a sort is then required
    descending: bool | None = None
    unordered: bool = False  # neither sort nor head
    no_having: bool = False
    scalar: bool = False  # one row: an aggregate over the whole table
    grouped: bool = False  # a group_by with keys and aggregates
    group_keys: tuple[str, ...] | None = None  # forced keys (columns or periods, expression text)
    rows: bool = False  # no aggregate at all
    window: bool = False  # a with_columns is required
    select: tuple[str, ...] | None = None  # the forced output columns


def settled_shape(intent: Intent, first_columns: Iterable[str]) -> Settled:
    """Read the Intent's confident parts (`first_columns`: those of the most relevant table,
    whose group keys need no join, so they can be forced)."""
    first_columns = set(first_columns)
    out: dict[str, Any] = {"distinct": intent.distinct}
    limit = 1 if intent.single else None if intent.per_group else intent.limit
    if limit is not None:
        out.update(limit=limit, descending=intent.descending)
    elif not intent.ordered:
        out["unordered"] = True
    out["no_having"] = not (intent.aggregates or intent.groups)
    if intent.answer == "scalar":
        out["scalar"] = True
    elif intent.groups and not intent.window:
        out["grouped"] = True
        keys = [g.expr or g.column for g in intent.groups]
        if all(keys) and len(set(keys)) == len(keys) and all(
                g.expr or g.column in first_columns for g in intent.groups):
            out["group_keys"] = tuple(keys)
    elif limit is not None and limit > 1 and not intent.window:
        # "the 5 customers with the highest total": one row per customer; "the 5 books that
        # cost the most": rows, not an aggregate.
        out["grouped" if intent.aggregates else "rows"] = True
    out["window"] = intent.window
    listed = intent.listed_columns()
    renamed = any(item.name for item in intent.listed)
    if listed is not None and not intent.aggregates and not intent.window and not renamed:
        out["select"] = tuple(listed)
    return Settled(**out)


def _settled_slots(settled: Settled, properties: dict[str, Any]) -> dict[str, Any]:
    """The settled shape as slots: constants, or bounds the model must meet."""
    out: dict[str, Any] = {"distinct": {"const": settled.distinct}}
    if settled.limit is not None:
        out["limit"] = {"const": settled.limit}
        out["sort"] = {**properties["sort"], "minItems": 1}
        if settled.descending is not None:
            out["descending"] = {"const": settled.descending}
    elif settled.unordered:
        out.update(sort={"const": []}, descending={"const": False}, limit={"const": 0})
    if settled.no_having:
        out["having"] = {"const": ""}
    if settled.scalar:
        out["group_by"] = {"const": []}
    elif settled.group_keys is not None:
        out["group_by"] = {"const": list(settled.group_keys)}
    elif settled.grouped:
        out["group_by"] = {**properties["group_by"], "minItems": 1}
    elif settled.rows:
        out.update(group_by={"const": []}, agg={"const": {}})
    if settled.scalar or settled.grouped:
        out["agg"] = {**properties["agg"], "minProperties": 1}
    if settled.window:
        out["with_columns"] = {**properties["with_columns"], "minProperties": 1}
    if settled.select is not None:
        out["select"] = {"const": list(settled.select)}
    return out


def slots_to_query(form: Mapping[str, Any]) -> ir.Query:
    """Translate a slots form (already valid against its schema) into the IR."""
    steps: list[dict[str, Any]] = [{"join": j["table"], "how": j["how"]} for j in form.get("join", [])]
    if form.get("filter"):
        steps.append({"filter": form["filter"]})
    if form.get("with_columns"):
        steps.append({"with_columns": form["with_columns"]})
    if form.get("group_by"):
        steps.append({"group_by": form["group_by"], "agg": form.get("agg") or {"count": "len()"}})
    elif form.get("agg"):
        steps.append({"agg": form["agg"]})
    if form.get("having"):
        steps.append({"filter": form["having"]})
    order: list[dict[str, Any]] = []
    if form.get("sort"):
        order.append({"sort": form["sort"], "descending": bool(form.get("descending"))})
    if form.get("limit"):
        order.append({"head": form["limit"]})
    shape = [{"select": form["select"]}] if form.get("select") else []
    if form.get("distinct"):
        shape.append({"unique": []})
        steps += shape + order
    else:
        steps += order + shape
    return to_query({"from": form["from"], "steps": steps})


def as_slots(form: Mapping[str, Any]) -> dict[str, Any]:
    """A steps form in canonical order as the slots form (the prompt's examples are written once)."""
    out: dict[str, Any] = {"from": form["from"], "join": [], "filter": "", "with_columns": {}, "group_by": [],
                           "agg": {}, "having": "", "sort": [], "descending": False, "limit": 0, "select": [],
                           "distinct": False}
    for step in form["steps"]:
        if "join" in step:
            out["join"].append({"table": step["join"], "how": step.get("how", "inner")})
        elif "filter" in step:
            out["having" if out["agg"] else "filter"] = step["filter"]
        elif "group_by" in step:
            out["group_by"], out["agg"] = step["group_by"], step["agg"]
        elif "sort" in step:
            out["sort"], out["descending"] = step["sort"], bool(step.get("descending"))
        elif "head" in step:
            out["limit"] = step["head"]
        elif "unique" in step:
            out["distinct"] = True
        else:
            (kind, value), = step.items()
            out[kind] = value
    return out


# ---------------------------------------------------------------------------------------
# The fill form -> the IR


def _named(mapping: Mapping[str, str], path: tuple[str | int, ...]) -> list[ir.Named]:
    out = []
    for name, text in mapping.items():
        out.append(ir.Named(name=name, expr=_expr(text, (*path, name))))
    return out


def _expr(text: str, path: tuple[str | int, ...]) -> ir.Node:
    try:
        return parse_expr(text)
    except NlqError as exc:
        exc.path = path
        raise


def _step_filter(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.Filter(predicate=_expr(raw["filter"], (*path, "filter")))]


def _step_join(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.Join(right=raw["join"], how=raw.get("how", "inner"))]


def _step_with_columns(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.WithColumns(columns=_named(raw["with_columns"], (*path, "with_columns")))]


def _group_key(text: str, path: tuple[str | int, ...]) -> ir.ColumnItem:
    node = _expr(text, path)
    if isinstance(node, ir.Col):
        return node.name
    # An expression key is named after what it extracts: "per month (YYYY-MM)" -> month.
    name = {"year_month": "month"}.get(node.part, node.part) if isinstance(node, ir.DatePart) else "key"
    return ir.Named(name=name, expr=node)


def _step_group_by(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    by = [_group_key(text, (*path, "group_by", i)) for i, text in enumerate(raw["group_by"])]
    return [ir.GroupBy(by=by, agg=_named(raw["agg"], (*path, "agg")))]


def _step_agg(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.Select(columns=_named(raw["agg"], (*path, "agg")))]


def _step_select(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.Select(columns=list(raw["select"]))]


def _step_sort(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    descending = bool(raw.get("descending", False))
    return [ir.Sort(by=[ir.SortKey(column=c, descending=descending) for c in raw["sort"]])]


def _step_head(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.Head(n=raw["head"])]


def _step_unique(raw: dict[str, Any], path: tuple[str | int, ...]) -> list[ir.Node]:
    return [ir.Unique(subset=list(raw["unique"]) or None)]


_STEPS = {
    "filter": _step_filter, "join": _step_join, "with_columns": _step_with_columns,
    "group_by": _step_group_by, "agg": _step_agg, "select": _step_select, "sort": _step_sort, "head": _step_head,
    "unique": _step_unique,
}


def to_query(form: Mapping[str, Any]) -> ir.Query:
    """Translate a fill form (already valid against its schema) into the IR."""
    steps: list[ir.Node] = []
    for index, raw in enumerate(form.get("steps", [])):
        path = ("steps", index)
        kind = next((k for k in raw if k in _STEPS), None)
        if kind is None:
            raise FillError(f"step {index} has no known kind", path=path,
                            hint="one of: " + ", ".join(_STEPS))
        steps.extend(_STEPS[kind](raw, path))
    try:
        return ir.Query(source=form["from"], steps=steps)
    except (KeyError, ValueError) as exc:
        raise FillError(f"the fill form does not make a query: {exc}") from None


def parse_form(text: str) -> dict[str, Any]:
    try:
        form = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnfinishedError(f"the model's output is not complete JSON: {exc.msg} at {exc.pos}",
                              hint="raise the token budget or shorten the prompt") from None
    if not isinstance(form, dict):
        raise FillError("the model's output is not a JSON object")
    return form


# ---------------------------------------------------------------------------------------
# The prompt

# Domain words and naming, the same on every surface.
_DOMAIN = "Revenue or sales of a line is price * quantity * (1 - discount) when there is a discount column.\n"
_NAMING = "Name new columns after the question's words, in snake_case."

# The expression language both JSON surfaces explain the same way.
_VOCABULARY = """\
EXPR: columns, numbers, 'strings', + - * / == != < <= > >= and or not, x in ['a', 'b'], is_null(x),
is_not_null(x), between(x, lo, hi), starts_with(x, 'A'), contains(x, 'A'), lower(x), year(d), month(d),
year_month(d), date_diff(end, start), round(x, 2), abs(x), when(cond, a, b).
AGG: len() counts rows, sum(x), mean(x), median(x), min(x), max(x), std(x), n_unique(x), count(x).
Windows in with_columns: over(rank(x, 'dense', descending=true), by=[g]), over(cum_sum(x), by=[g], order_by=[d]),
over(shift(x, 1), by=[g], order_by=[d]), over(mean(x), by=[g]), share(x, by=[g], percent=true).
""" + _DOMAIN

SYSTEM_RULES = """\
You translate a question about data tables into a JSON query plan for Polars.
Answer with JSON only: {"from": TABLE, "steps": [STEP, ...]}. Steps run in order:
{"filter": EXPR} keeps rows where EXPR is true.
{"join": TABLE, "how": "inner"|"left"|"semi"|"anti"} joins on keys found automatically; anti keeps rows with no match.
{"with_columns": {"new_name": EXPR}} adds computed columns.
{"group_by": [COLUMN], "agg": {"new_name": AGG}} makes one row per group.
{"agg": {"new_name": AGG}} makes one row for the whole table.
{"select": [COLUMN]} keeps only these columns, in this order.
{"sort": [COLUMN]} ascending, {"sort": [COLUMN], "descending": true}, {"head": N}, {"unique": [COLUMN]}.
""" + _VOCABULARY + "Use only the steps the question asks for. " + _NAMING

SLOTS_RULES = """\
You translate a question about data tables into a JSON query plan for Polars.
Answer with JSON only, every key in this order; a step the question does not need stays empty:
"from": TABLE, "join": [{"table": TABLE, "how": "inner"|"left"|"semi"|"anti"}] (keys found automatically; anti keeps rows with no match),
"filter": EXPR keeps rows where it is true, "with_columns": {"new_name": EXPR} adds computed columns,
"group_by": [COLUMN] with "agg": {"new_name": AGG} makes one row per group; "agg" alone makes one row for the whole table,
"having": EXPR filters the groups, "sort": [COLUMN] with "descending": true|false, "limit": N rows (0: all),
"select": [COLUMN] the answer's columns in the question's order ([]: all), "distinct": true for distinct rows.
""" + _VOCABULARY + _NAMING

_PETS = """\
pet_owners(owner_id int, name str, city str [Leeds, Oslo, Porto], joined_on str date)
pet_pets(pet_id int, owner_id int, name str, species str [cat, dog, fish], age int, weight float, vaccinated bool)
pet_visits(visit_id int, pet_id int, visit_date str date, cost float)"""
_TRIPS = """\
dp_depot(dp_depotkey int, dp_name str, dp_region str [NORTH, SOUTH])
tr_trip(tr_tripkey int, tr_depotkey int, tr_date str date, tr_km float, tr_mode str [AIR, RAIL, ROAD])"""

# Worked examples, shown to the model as earlier turns of the conversation. They use the
# project's own made-up tables; tests check that every answer compiles against them. A small
# model leans on the nearest turns, so the plainest shapes come last.
EXAMPLES: list[tuple[str, str, str]] = [
    (_PETS, "Average visit cost per owner city, rounded to 2 decimals, highest first.",
     '{"from":"pet_visits","steps":[{"join":"pet_pets","how":"inner"},{"join":"pet_owners","how":"inner"},{"group_by":["city"],"agg":{"avg_cost":"round(mean(cost), 2)"}},{"sort":["avg_cost"],"descending":true}]}'),
    (_TRIPS, "Number of trips per month (YYYY-MM).",
     '{"from":"tr_trip","steps":[{"with_columns":{"month":"year_month(tr_date)"}},{"group_by":["month"],"agg":{"trip_count":"len()"}},{"sort":["month"]}]}'),
    (_PETS, "The 3 heaviest pets with their owner's name.",
     '{"from":"pet_pets","steps":[{"join":"pet_owners","how":"inner"},{"sort":["weight"],"descending":true},{"head":3},{"select":["pet_id","name_right","weight"]}]}'),
    (_TRIPS, "Total and average trip distance per depot region.",
     '{"from":"tr_trip","steps":[{"join":"dp_depot","how":"inner"},{"group_by":["dp_region"],"agg":{"total_km":"sum(tr_km)","avg_km":"mean(tr_km)"}}]}'),
    (_PETS, "For each pet, a running total of visit cost ordered by visit date.",
     '{"from":"pet_visits","steps":[{"with_columns":{"running_total":"over(cum_sum(cost), by=[pet_id], order_by=[visit_date])"}}]}'),
    (_PETS, "Rank pets by age within each species, oldest first.",
     '{"from":"pet_pets","steps":[{"with_columns":{"age_rank":"over(rank(age, \'dense\', descending=true), by=[species])"}}]}'),
    (_PETS, "Total visit cost and number of visits across all visits.",
     '{"from":"pet_visits","steps":[{"agg":{"total_cost":"sum(cost)","visit_count":"len()"}}]}'),
    (_PETS, "Count pets per species.",
     '{"from":"pet_pets","steps":[{"group_by":["species"],"agg":{"count":"len()"}}]}'),
    (_TRIPS, "How many ROAD trips were longer than 100 km?",
     '{"from":"tr_trip","steps":[{"filter":"tr_mode == \'ROAD\' and tr_km > 100"},{"agg":{"trip_count":"len()"}}]}'),
    (_PETS, "Return the name, species and age of the 2 oldest pets.",
     '{"from":"pet_pets","steps":[{"sort":["age"],"descending":true},{"head":2},{"select":["name","species","age"]}]}'),
    (_PETS, "Owners who have no pets.",
     '{"from":"pet_owners","steps":[{"join":"pet_pets","how":"anti"}]}'),
    (_PETS, "Pets with no recorded weight.",
     '{"from":"pet_pets","steps":[{"filter":"is_null(weight)"}]}'),
    (_TRIPS, "Find trips by RAIL or AIR longer than 500 km in 2023.",
     '{"from":"tr_trip","steps":[{"filter":"tr_mode in [\'RAIL\', \'AIR\'] and tr_km > 500 and year(tr_date) == 2023"}]}'),
    (_PETS, "Find vaccinated dogs older than 3.",
     '{"from":"pet_pets","steps":[{"filter":"vaccinated and species == \'dog\' and age > 3"}]}'),
]


POLARS_RULES = """\
You translate a question about data tables into one Polars method chain.
Answer with the chain only, on one line, its parts in this order (each only when the question needs it):
TABLE.join(TABLE, how="inner"|"left"|"semi"|"anti") (keys found automatically; anti keeps rows with no match)
.filter(EXPR) .with_columns(EXPR.alias("new_name"), ...)
.group_by("col", ...).agg(EXPR.alias("new_name"), ...) one row per group, or .select(AGG.alias("new_name"), ...) one row
.filter(pl.col("new_name") > N) on the groups .sort("col", descending=True) .head(N) .select("col", ...) .unique().
EXPR: pl.col("c"), numbers, "strings", + - * / == != < <= > >=, (a) & (b), (a) | (b), ~a, .is_in([...]), .is_null(),
.is_between(lo, hi), .str.contains("A"), .str.starts_with("A"), .str.to_lowercase(), .dt.year(), .dt.month(),
.dt.strftime("%Y-%m"), (pl.col("end") - pl.col("start")).dt.total_days(), .round(2), .abs(), pl.when(c).then(a).otherwise(b).
AGG: pl.len() counts rows, .sum(), .mean(), .median(), .min(), .max(), .std(), .n_unique(), .count().
Windows: .rank("dense", descending=True).over("g"), .cum_sum().over("g", order_by="d"), .shift(1).over("g", order_by="d").
""" + _DOMAIN + _NAMING

# The worked examples in the chain's spelling, one for each of EXAMPLES, in the same order
# (a test checks that each makes the same IR as its twin).
POLARS_EXAMPLES: list[str] = [
    'pet_visits.join(pet_pets, how="inner").join(pet_owners, how="inner").group_by("city")'
    '.agg(pl.col("cost").mean().round(2).alias("avg_cost")).sort("avg_cost", descending=True)',
    'tr_trip.with_columns(pl.col("tr_date").dt.strftime("%Y-%m").alias("month")).group_by("month")'
    '.agg(pl.len().alias("trip_count")).sort("month")',
    'pet_pets.join(pet_owners, how="inner").sort("weight", descending=True).head(3)'
    '.select("pet_id", "name_right", "weight")',
    'tr_trip.join(dp_depot, how="inner").group_by("dp_region")'
    '.agg(pl.col("tr_km").sum().alias("total_km"), pl.col("tr_km").mean().alias("avg_km"))',
    'pet_visits.with_columns(pl.col("cost").cum_sum().over("pet_id", order_by="visit_date").alias("running_total"))',
    'pet_pets.with_columns(pl.col("age").rank("dense", descending=True).over("species").alias("age_rank"))',
    'pet_visits.select(pl.col("cost").sum().alias("total_cost"), pl.len().alias("visit_count"))',
    'pet_pets.group_by("species").agg(pl.len().alias("count"))',
    'tr_trip.filter((pl.col("tr_mode") == "ROAD") & (pl.col("tr_km") > 100)).select(pl.len().alias("trip_count"))',
    'pet_pets.sort("age", descending=True).head(2).select("name", "species", "age")',
    'pet_owners.join(pet_pets, how="anti")',
    'pet_pets.filter(pl.col("weight").is_null())',
    'tr_trip.filter((pl.col("tr_mode").is_in(["RAIL", "AIR"])) & (pl.col("tr_km") > 500)'
    ' & (pl.col("tr_date").dt.year() == 2023))',
    'pet_pets.filter((pl.col("vaccinated")) & (pl.col("species") == "dog") & (pl.col("age") > 3))',
]

Surface = Literal["slots", "steps", "polars"]
SURFACES: tuple[Surface, ...] = ("slots", "steps", "polars")


def prefix_messages(surface: Surface = "steps") -> list[dict[str, str]]:
    """The fixed head of every conversation: the rules, then the worked examples as turns.
    It is the same for every request, so its KV cache is computed once per process."""
    rules = {"slots": SLOTS_RULES, "steps": SYSTEM_RULES, "polars": POLARS_RULES}[surface]
    messages = [{"role": "system", "content": rules}]
    for (tables, question, answer), chain in zip(EXAMPLES, POLARS_EXAMPLES, strict=True):
        if surface == "polars":
            shown = chain
        elif surface == "slots":
            shown = json.dumps(as_slots(json.loads(answer)), separators=(",", ":"))
        else:
            shown = answer
        messages.append({"role": "user", "content": render_request(question, tables)})
        messages.append({"role": "assistant", "content": shown})
    return messages


# Caps on what one request puts in the prompt, so prefill costs a bounded time whatever
# the request: the question, the linked schema text (cut at a table's line, then inside the
# line) and a repair's error message. The worked examples are far under them.
MAX_PROMPT_QUESTION_CHARS = 1_000
MAX_PROMPT_SCHEMA_CHARS = 6_000
MAX_PROMPT_FEEDBACK_CHARS = 600


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def _capped_schema(text: str, limit: int = MAX_PROMPT_SCHEMA_CHARS) -> str:
    if len(text) <= limit:
        return text
    lines, used = [], 0
    for line in text.split("\n"):
        if used + len(line) > limit:
            if not lines:  # one table wider than the cap: its columns up to it
                lines.append(_capped(line, limit))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def render_request(question: str, schema_text: str, feedback: NlqError | None = None) -> str:
    parts = [f"Tables:\n{_capped_schema(schema_text)}",
             f"Question: {_capped(question.strip(), MAX_PROMPT_QUESTION_CHARS)}"]
    if feedback is not None:
        failed = feedback.message + (f" ({feedback.hint})" if feedback.hint else "")
        parts.append(f"Your previous plan failed: {_capped(failed, MAX_PROMPT_FEEDBACK_CHARS)}. Write a corrected plan.")
    return "\n\n".join(parts) + "\n"


def default_surface() -> Surface:
    # The held-out half prefers steps (eval 12/160 against slots' 10/160, in one bench run).
    surface = os.environ.get("NLQ_SURFACE", "steps")
    if surface not in SURFACES:
        raise FillError(f"unknown fill surface {surface!r}", hint="NLQ_SURFACE is one of: " + ", ".join(SURFACES))
    return surface  # type: ignore[return-value]


@dataclass
class ModelFiller:
    """Fills the IR with a language model through the constrained engine (nlq.engine), on
    one of three surfaces: `slots` (every part of the shape a required slot), `steps` (a
    list of the steps the question's shape offers) or `polars` (a Polars method chain under
    a lark grammar)."""

    engine: Any
    max_tokens: int = 128
    surface: Surface = field(default_factory=default_surface)

    def _constraint(self, tables: list[str], columns: list[str], intent: Intent | None,
                    first_columns: Iterable[str] = ()) -> dict[str, Any] | str:
        if self.surface == "polars":
            from nlq.polars_chain import polars_grammar

            return polars_grammar(tables, columns, settled_shape(intent, first_columns) if intent else None)
        if self.surface == "slots":
            return slots_schema(tables, columns, intent, first_columns)
        return fill_schema(tables, columns, step_kinds(intent or Intent(), len(tables)))

    def warm(self) -> None:
        """Compute the system prefix's KV cache (and one request's constraint) before the first
        request, so the first `/chat` pays for neither."""
        constraint = self._constraint(["warm_table"], ["warm_column"], None)
        if self.surface == "polars":
            self.engine.warm(prefix_messages(self.surface))
            if hasattr(self.engine, "lark_matcher"):  # a model server builds its own
                self.engine.lark_matcher(constraint)
        else:
            self.engine.warm(prefix_messages(self.surface), constraint)

    def fill(self, question: str, link: Any, catalog: Mapping[str, TableInfo],
             feedback: NlqError | None = None):
        from nlq.compile import DEADLINE, FillResult

        tables = [catalog[name] for name in link.tables]
        constraint = self._constraint([t.name for t in tables], [c for t in tables for c in t.columns], link.intent,
                                      tables[0].columns if tables else ())
        prompt = render_request(question, link.schema_text, feedback)
        chain = self.surface == "polars"
        decode = self.engine.generate_grammar if chain else self.engine.generate_json
        # A chain spells more than a JSON plan: `pl.col("x")` where JSON writes `x`.
        budget = self.max_tokens * 2 if chain else self.max_tokens
        generation = decode(prefix_messages(self.surface), prompt, constraint, budget, deadline=DEADLINE.get())
        if generation.timed_out:
            raise UnfinishedError("the model ran out of time before its plan was complete",
                                  hint="the answer's budget (NLQ_BUDGET_S) passed during decoding")
        if chain:
            from nlq.polars_chain import parse_chain

            if not generation.complete:
                raise UnfinishedError("the model's chain is not complete",
                                      hint="raise the token budget or shorten the prompt")
            query = to_query(parse_chain(generation.text))
        else:
            form = parse_form(generation.text)
            query = slots_to_query(form) if self.surface == "slots" else to_query(form)
        return FillResult(query=query, prompt_tokens=generation.prompt_tokens,
                          generated_tokens=generation.generated_tokens,
                          timings={"constraint": generation.constraint_s})
