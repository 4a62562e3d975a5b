"""resolve: check a Query against the tables' schemas and normalize it.

Walks the defs, then the body, keeping the schema of the running frame after every step, and
checks each column reference and operand type on the way. The normalized query it returns
spells out what codegen would otherwise need types for: inferred join keys are written into
each join, and ISO-date strings that meet date functions or real date columns are wrapped in
`ToDate`. Every problem is a ResolveError with a path into the IR and a hint.

Three slips of the model are read the way they were meant, because the schemas settle them:
a join of a table that shares no key with the frame gets the joins through the request's other
tables that connect it (a bridge, inserted before it); a reference to a right join key that the
join coalesced into its left key reads the left key; a column name without the short table
prefix that exactly one column carries (`amount` for `pa_amount`) reads that column. The
normalized query spells each of them out. Paths and messages always name the steps as written:
with a bridge, the normalized pipeline has more steps than the query it came from.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Literal, get_args

from nlq import ir
from nlq import words as W
from nlq.catalog import Dtype, TableInfo
from nlq.errors import Path, ResolveError
from nlq.exprlang import format_expr
from nlq.joins import (ColType, bridge, candidate_pairs, drops_prefix, infer_join_keys, many_to_many,
                       one_to_many_keys, qualifies, side_of)


Schema = dict[str, ColType]


@dataclass(frozen=True)
class PipelineSchemas:
    source: Schema
    steps: tuple[Schema, ...]  # the schema after each step of the normalized pipeline

    @property
    def output(self) -> Schema:
        return self.steps[-1] if self.steps else self.source


@dataclass(frozen=True)
class Resolved:
    query: ir.Query  # normalized: explicit join keys, ToDate around ISO strings
    body: PipelineSchemas
    defs: dict[str, PipelineSchemas]

    @property
    def schema(self) -> Schema:
        return self.body.output


def resolve(query: ir.Query, catalog: Mapping[str, TableInfo], *, many_to_many: bool = False) -> Resolved:
    """Type-check `query` against `catalog`; raises ResolveError. A join whose key values
    repeat on both sides is refused unless `many_to_many` (the question asks for pairs)."""
    frames = {name: side_of(table, name) for name, table in catalog.items()}
    defs: dict[str, ir.Pipeline] = {}
    def_schemas: dict[str, PipelineSchemas] = {}
    names = list(query.defs)
    for k, (name, pipeline) in enumerate(query.defs.items()):
        if name in catalog:
            raise ResolveError(f"def `{name}` has the name of a table", path=("defs", name),
                               hint="give the def a name of its own")
        scope = _Scope(dict(frames), frozenset(names[k:]), catalog, many_to_many)
        defs[name], def_schemas[name] = _pipeline(pipeline, scope, ("defs", name), f"def `{name}` ")
        frames[name] = def_schemas[name].output
    body, body_schemas = _pipeline(query.body, _Scope(frames, frozenset(), catalog, many_to_many), (), "")
    normalized = query.model_copy(update={"defs": defs, "steps": body.steps})
    return Resolved(normalized, body_schemas, def_schemas)


@dataclass(frozen=True)
class _Scope:
    """The frames a pipeline may start from or join: tables and the defs before it."""

    frames: Mapping[str, Schema]
    later_defs: frozenset[str]  # this def and those after it
    catalog: Mapping[str, TableInfo]  # the request's tables, for bridges
    many_to_many: bool = False  # joins whose keys repeat on both sides are let through

    def get(self, name: str, where: str, path: Path) -> Schema:
        if name in self.later_defs:
            raise ResolveError(f"def `{name}` is used before it is defined, in {where}", path=path,
                               hint="a def may use only the defs listed before it")
        if name not in self.frames:
            raise ResolveError(f"unknown table or def `{name}` in {where}", path=path,
                               hint=_did_you_mean(name, self.frames, "tables and defs"))
        return self.frames[name]


@dataclass(frozen=True)
class _Frame:
    """The running frame of a pipeline, as a step sees it."""

    schema: Schema
    name: str  # the pipeline's source, for messages
    scope: _Scope
    where: str  # "step 2 (filter)", for messages


def _pipeline(pipeline: ir.Pipeline, scope: _Scope, prefix: Path,
              label: str) -> tuple[ir.Pipeline, PipelineSchemas]:
    source = scope.get(pipeline.source, f"the {label}source", (*prefix, "source"))
    schema, steps, schemas = source, [], []
    for i, written in enumerate(pipeline.steps):
        where, path = f"{label}step {i} ({written.kind})", (*prefix, "steps", i)
        # The joins a bridge inserts answer for the join that needed them: same path, same words.
        for step in _bridged(written, _Frame(schema, pipeline.source, scope, where)):
            frame = _Frame(schema, pipeline.source, scope, where)
            normalized, schema = _STEP_RULES[step.kind](step, frame, path)
            steps.append(normalized)
            schemas.append(schema)
    return pipeline.model_copy(update={"steps": steps}), PipelineSchemas(source, tuple(schemas))


# ---------------------------------------------------------------------------------------
# Names

def _did_you_mean(name: str, known: Mapping[str, object] | list[str], what: str) -> str:
    names = list(known)
    close = [n for n in names if n.lower() == name.lower()] or difflib.get_close_matches(name, names, n=3)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    shown = ", ".join(names[:40]) + (", ..." if len(names) > 40 else "")
    return f"{what}: {shown}" if names else f"there are no {what}"


def _lookup(schema: Schema, name: str) -> str | None:
    """The column a reference to `name` means: the column of that name, else the one left key
    that a join coalesced right key `name` into, else the one column that is `name` behind a
    short table prefix, else the one column that `name` qualifies by its table's noun
    (`genre_name` for `name_right` from a genres table). None where there is none, or several."""
    if name in schema:
        return name
    meant = ([n for n, t in schema.items() if name in t.coalesced]
             or [n for n in schema if drops_prefix(name, n)]
             or [n for n, t in schema.items() if qualifies(name, n, t.table)])
    return meant[0] if len(meant) == 1 else None


def _column(schema: Schema, name: str, where: str, path: Path) -> tuple[str, ColType]:
    """A column reference of a step: the name it means in the frame (for the normalized query)
    and its type."""
    meant = _lookup(schema, name)
    if meant is None:
        raise ResolveError(f"unknown column `{name}` in {where}", path=path,
                           hint=_did_you_mean(name, schema, "columns"))
    return meant, schema[meant]


def _columns(schema: Schema, names: list[str], where: str, path: Path) -> list[str]:
    return [_column(schema, name, where, (*path, i))[0] for i, name in enumerate(names)]


def _unique_names(names: list[str], where: str, path: Callable[[int], Path]) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise ResolveError(f"two output columns named `{name}` in {where}", path=path(i),
                               hint="give each output column its own name")
        seen.add(name)


# ---------------------------------------------------------------------------------------
# Expressions

NUMBER = frozenset({"int", "float"})
DATES = frozenset({"date", "datetime"})
# Types too loose to check (a null literal, a nested or decimal column): anything goes.
LOOSE = frozenset({"null", "other"})
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?P<time>[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")

Typed = tuple[ir.Node, ColType]


@dataclass(frozen=True)
class _Ctx:
    schema: Schema
    where: str
    # "row": filter, with_columns, select; "agg": group_by.agg; "key": group_by.by.
    scope: Literal["row", "agg", "key"] = "row"
    in_agg: bool = False
    in_over: bool = False


def _fail(message: str, ctx: _Ctx, path: Path, hint: str | None = None) -> ResolveError:
    return ResolveError(f"{message} in {ctx.where}", path=path, hint=hint)


def _expr(node: ir.Node, ctx: _Ctx, path: Path) -> Typed:
    return _EXPR_RULES[node.kind](node, ctx, path)


def _sub(node: ir.Node, field: str, ctx: _Ctx, path: Path) -> Typed:
    return _expr(getattr(node, field), ctx, (*path, field))


def _need(t: ColType, allowed: frozenset[str], node: ir.Node, what: str, ctx: _Ctx, path: Path,
          hint: str | None = None) -> None:
    if t.dtype not in allowed | LOOSE:
        raise _fail(f"{what} needs {_type_words(allowed)}, but `{format_expr(node)}` is {t.dtype}", ctx, path, hint)


def _type_words(dtypes: frozenset[str]) -> str:
    words = ["a number"] if NUMBER <= dtypes else []
    words += sorted(f"a {d}" if d != "bool" else "true/false" for d in dtypes - NUMBER)
    return " or ".join(words)


def _family(t: ColType) -> str:
    return "number" if t.dtype in NUMBER else "date" if t.dtype in DATES else t.dtype


def _lit_type(value: ir.Scalar) -> ColType:
    if value is None:
        return ColType("null")
    if isinstance(value, bool):
        return ColType("bool")
    if isinstance(value, (int, float)):
        return ColType("int" if isinstance(value, int) else "float")
    match = _ISO.fullmatch(value)
    return ColType("str", ("datetime" if match.group("time") else "date") if match else None)


def _col(node: ir.Col, ctx: _Ctx, path: Path) -> Typed:
    name, t = _column(ctx.schema, node.name, ctx.where, path)
    if ctx.scope == "agg" and not ctx.in_agg:
        raise _fail(f"column `{name}` is not aggregated", ctx, path,
                    f"wrap it in an aggregation such as first({name}), sum({name}) or "
                    f"mean({name}), or group by it")
    return node.model_copy(update={"name": name}), ColType(t.dtype, t.iso)


def _as_date(node: ir.Node, t: ColType, ctx: _Ctx, path: Path, what: str,
             target: Literal["date", "datetime"] | None = None) -> Typed:
    """A date or datetime operand: ISO strings are wrapped in ToDate."""
    if t.dtype in DATES | LOOSE:
        return node, t
    if t.dtype == "str" and t.iso:
        dtype = "datetime" if "datetime" in (t.iso, target) else "date"
        return ir.ToDate(operand=node, dtype=dtype), ColType(dtype)
    kind = "text that is not an ISO date" if t.dtype == "str" else t.dtype
    raise _fail(f"{what} needs a date, but `{format_expr(node)}` is {kind}", ctx, path,
                'use a date column, or a full ISO date such as "2024-01-31"; for a year compare year(x)')


def _comparable(left: Typed, right: Typed, ctx: _Ctx, lpath: Path, rpath: Path) -> tuple[Typed, Typed]:
    """Both sides of a comparison, ISO strings wrapped when the other side is a real date."""
    (lnode, lt), (rnode, rt) = left, right
    for node, path in ((lnode, lpath), (rnode, rpath)):
        if isinstance(node, ir.Lit) and node.value is None:
            raise _fail("a comparison with null is never true", ctx, path, "use is_null(x) or is_not_null(x)")
    if lt.dtype in LOOSE or rt.dtype in LOOSE or _family(lt) == _family(rt):
        return left, right
    if lt.dtype in DATES and rt.dtype == "str":
        target = lt.dtype if isinstance(rnode, ir.Lit) else None
        what = f"comparing with {lt.dtype} `{format_expr(lnode)}`"
        return left, _as_date(rnode, rt, ctx, rpath, what, target)
    if rt.dtype in DATES and lt.dtype == "str":
        target = rt.dtype if isinstance(lnode, ir.Lit) else None
        what = f"comparing with {rt.dtype} `{format_expr(rnode)}`"
        return _as_date(lnode, lt, ctx, lpath, what, target), right
    hint = 'cast one side, e.g. cast(x, "float")' if {_family(lt), _family(rt)} == {"number", "str"} else None
    raise _fail(f"cannot compare {lt.dtype} `{format_expr(lnode)}` with {rt.dtype} `{format_expr(rnode)}`",
                ctx, rpath, hint)


def _on_day(side: Typed, other: Typed) -> Typed:
    """"Readings taken on 2024-01-15": a datetime equal to a day is one of that day's times."""
    (node, t), (lit, lt) = side, other
    if not (isinstance(lit, ir.Lit) and lt.iso == "date"):
        return side
    if t.dtype == "str" and t.iso == "datetime":
        node, t = ir.ToDate(operand=node, dtype="datetime"), ColType("datetime")
    return (ir.DatePart(part="date", operand=node), ColType("date")) if t.dtype == "datetime" else side


def _arith_dtype(op: str, lt: ColType, rt: ColType) -> Dtype | None:
    kinds = {lt.dtype, rt.dtype}
    if kinds & LOOSE:
        known = kinds - LOOSE
        return "float" if op == "/" else (known.pop() if known else "other")
    if kinds <= NUMBER:
        return "float" if op == "/" or "float" in kinds else "int"
    if op == "+" and kinds == {"str"}:
        return "str"
    if op == "-" and kinds <= DATES:
        return "duration"
    if op in ("+", "-") and "duration" in kinds and kinds - {"duration"} <= DATES:
        return (kinds - {"duration"} or {"duration"}).pop()  # type: ignore[return-value]
    return None


def _binary(node: ir.Binary, ctx: _Ctx, path: Path) -> Typed:
    left, right = _sub(node, "left", ctx, path), _sub(node, "right", ctx, path)
    lpath, rpath = (*path, "left"), (*path, "right")
    if node.op in ("and", "or"):
        for (operand, t), side in ((left, lpath), (right, rpath)):
            _need(t, frozenset({"bool"}), operand, f"`{node.op}`", ctx, side, "compare it, e.g. x > 0")
        dtype: Dtype | None = "bool"
    elif node.op in ("==", "!=", "<", "<=", ">", ">="):
        if node.op in ("==", "!="):
            left, right = _on_day(left, right), _on_day(right, left)
        left, right = _comparable(left, right, ctx, lpath, rpath)
        dtype = "bool"
    else:
        dtype = _arith_dtype(node.op, left[1], right[1])
        if dtype is None:
            iso = left[1].iso or right[1].iso
            hint = ("for the days between two dates use date_diff(end, start)" if iso and node.op == "-"
                    else 'cast text to a number first, e.g. cast(x, "float")')
            raise _fail(f"cannot apply `{node.op}` to {left[1].dtype} `{format_expr(left[0])}` and "
                        f"{right[1].dtype} `{format_expr(right[0])}`", ctx, path, hint)
    return node.model_copy(update={"left": left[0], "right": right[0]}), ColType(dtype)


def _unary(allowed: frozenset[str], what: str, result: Dtype | None = None) -> Callable[..., Typed]:
    """A rule for a node with one `operand` of an allowed type; the result has the operand's
    type unless `result` says otherwise."""
    def rule(node: ir.Node, ctx: _Ctx, path: Path) -> Typed:
        operand, t = _sub(node, "operand", ctx, path)
        _need(t, allowed, operand, what, ctx, (*path, "operand"))
        out = ColType(result) if result else ColType(t.dtype, t.iso)
        return node.model_copy(update={"operand": operand}), out
    return rule


def _is_in(node: ir.IsIn, ctx: _Ctx, path: Path) -> Typed:
    operand, t = _sub(node, "operand", ctx, path)
    if t.dtype in DATES:
        raise _fail(f"`in` cannot match the dates of `{format_expr(operand)}` against text", ctx, (*path, "values"),
                    'use between(x, "2024-01-01", "2024-03-31") or comparisons')
    for i, value in enumerate(node.values):
        vt = _lit_type(value)
        if t.dtype not in LOOSE and vt.dtype != "null" and _family(vt) != _family(t):
            raise _fail(f"`in` compares {t.dtype} `{format_expr(operand)}` with the {vt.dtype} "
                        f"{format_expr(ir.Lit(value=value))}",
                        ctx, (*path, "values", i), f"list {t.dtype} values")
    return node.model_copy(update={"operand": operand}), ColType("bool")


def _between(node: ir.Between, ctx: _Ctx, path: Path) -> Typed:
    operand = _sub(node, "operand", ctx, path)
    opath = (*path, "operand")
    operand, low = _comparable(operand, _sub(node, "low", ctx, path), ctx, opath, (*path, "low"))
    operand, high = _comparable(operand, _sub(node, "high", ctx, path), ctx, opath, (*path, "high"))
    return node.model_copy(update={"operand": operand[0], "low": low[0], "high": high[0]}), ColType("bool")


def _str_concat(node: ir.StrConcat, ctx: _Ctx, path: Path) -> Typed:
    parts = [_expr(part, ctx, (*path, "parts", i))[0] for i, part in enumerate(node.parts)]
    return node.model_copy(update={"parts": parts}), ColType("str")


_PART_TYPES: dict[str, Dtype] = {"year_month": "str", "date": "date"}


def _date_part(node: ir.DatePart, ctx: _Ctx, path: Path) -> Typed:
    operand, t = _sub(node, "operand", ctx, path)
    operand, t = _as_date(operand, t, ctx, (*path, "operand"), f"`{node.part}`")
    if node.part == "hour" and t.dtype == "date":
        raise _fail(f"`hour` needs a datetime, but `{format_expr(node.operand)}` holds dates", ctx,
                    (*path, "operand"), "dates have no time of day")
    return node.model_copy(update={"operand": operand}), ColType(_PART_TYPES.get(node.part, "int"))


def _date_diff(node: ir.DateDiff, ctx: _Ctx, path: Path) -> Typed:
    update = {}
    for field in ("end", "start"):
        operand, t = _sub(node, field, ctx, path)
        update[field] = _as_date(operand, t, ctx, (*path, field), "`date_diff`")[0]
    return node.model_copy(update=update), ColType("int")


def _to_date(node: ir.ToDate, ctx: _Ctx, path: Path) -> Typed:
    operand, t = _sub(node, "operand", ctx, path)
    if t.dtype in DATES:
        return operand, t  # already a date: parsing it again would fail at run time
    _need(t, frozenset({"str"}), operand, f"`to_{node.dtype}`", ctx, (*path, "operand"))
    return node.model_copy(update={"operand": operand}), ColType(node.dtype)


def _cast(node: ir.Cast, ctx: _Ctx, path: Path) -> Typed:
    operand, _ = _sub(node, "operand", ctx, path)
    return node.model_copy(update={"operand": operand}), ColType(node.dtype)


def _when(node: ir.When, ctx: _Ctx, path: Path) -> Typed:
    branches, results = [], []
    for i, branch in enumerate(node.branches):
        bpath = (*path, "branches", i)
        cond, ct = _expr(branch.when, ctx, (*bpath, "when"))
        _need(ct, frozenset({"bool"}), cond, "a `when` condition", ctx, (*bpath, "when"), "compare it, e.g. x > 0")
        then = _expr(branch.then, ctx, (*bpath, "then"))
        branches.append(branch.model_copy(update={"when": cond, "then": then[0]}))
        results.append((then, (*bpath, "then")))
    update: dict[str, object] = {"branches": branches}
    if node.otherwise is not None:
        otherwise = _expr(node.otherwise, ctx, (*path, "otherwise"))
        update["otherwise"] = otherwise[0]
        results.append((otherwise, (*path, "otherwise")))
    return node.model_copy(update=update), _common_type(results, ctx)


def _common_type(results: list[tuple[Typed, Path]], ctx: _Ctx) -> ColType:
    known = [(t, node, path) for (node, t), path in results if t.dtype not in LOOSE]
    if not known:
        return ColType("null")
    first, first_node, _ = known[0]
    for t, node, path in known[1:]:
        if _family(t) != _family(first):
            raise _fail(f"`when` gives {first.dtype} `{format_expr(first_node)}` in one branch and "
                        f"{t.dtype} `{format_expr(node)}` in another", ctx, path,
                        'make every branch the same type, e.g. cast(x, "str")')
    dtypes = {t.dtype for t, _, _ in known}
    if dtypes <= NUMBER:
        return ColType("float" if "float" in dtypes else "int")
    isos = {t.iso for t, _, _ in known}
    return ColType(first.dtype, isos.pop() if len(isos) == 1 else None)


def _enter_agg(ctx: _Ctx, path: Path, name: str) -> _Ctx:
    if ctx.scope == "key":
        raise _fail(f"aggregation `{name}` in a group_by key", ctx, path,
                    "group by plain columns or row expressions; aggregate in `agg`")
    if ctx.in_agg:
        raise _fail(f"aggregation `{name}` inside another aggregation", ctx, path,
                    "aggregate once; for a per-group value inside an expression use over(...)")
    return replace(ctx, in_agg=True)


_AGG_NEEDS: dict[str, frozenset[str]] = {fn: NUMBER | {"bool"} for fn in ("sum", "mean", "median", "std", "var")}
_AGG_TYPES: dict[str, Dtype] = {"len": "int", "count": "int", "n_unique": "int", "sum": "int",
                                "mean": "float", "median": "float", "std": "float", "var": "float"}


def _agg(node: ir.Agg, ctx: _Ctx, path: Path) -> Typed:
    inner = _enter_agg(ctx, path, node.fn)
    if node.operand is None:
        return node, ColType("int")
    operand, t = _sub(node, "operand", inner, path)
    if node.fn in _AGG_NEEDS:
        _need(t, _AGG_NEEDS[node.fn], operand, f"`{node.fn}`", ctx, (*path, "operand"))
    where = None
    if node.where is not None:
        where, w = _sub(node, "where", inner, path)
        _need(w, frozenset({"bool"}), where, "the rows an aggregation takes", ctx, (*path, "where"))
    out = ColType(t.dtype, t.iso)
    if node.fn in _AGG_TYPES:
        keeps_float = node.fn == "sum" and t.dtype == "float"
        out = ColType("float" if keeps_float else _AGG_TYPES[node.fn])
    return node.model_copy(update={"operand": operand, "where": where}), out


def _arg_best(node: ir.ArgBest, ctx: _Ctx, path: Path) -> Typed:
    inner = _enter_agg(ctx, path, f"arg_{node.best}")
    operand, t = _sub(node, "operand", inner, path)
    by, _ = _sub(node, "by", inner, path)
    return node.model_copy(update={"operand": operand, "by": by}), ColType(t.dtype, t.iso)


def _window(rule: Callable[..., Typed]) -> Callable[..., Typed]:
    """Window functions give a value per row: not inside group_by, not under an aggregation."""
    def checked(node: ir.Node, ctx: _Ctx, path: Path) -> Typed:
        if ctx.scope != "row":
            raise _fail(f"window function `{format_expr(node)}` inside group_by", ctx, path,
                        "compute it with with_columns before or after the group_by")
        if ctx.in_agg:
            raise _fail(f"window function `{format_expr(node)}` inside an aggregation", ctx, path,
                        "compute it with with_columns first, then aggregate the new column")
        return rule(node, ctx, path)
    return checked


def _rank(node: ir.Rank, ctx: _Ctx, path: Path) -> Typed:
    operand, _ = _sub(node, "operand", ctx, path)
    return node.model_copy(update={"operand": operand}), ColType("float" if node.method == "average" else "int")


def _cum_agg(node: ir.CumAgg, ctx: _Ctx, path: Path) -> Typed:
    operand, t = _sub(node, "operand", ctx, path)
    if node.fn in ("sum", "prod"):
        _need(t, NUMBER, operand, f"`cum_{node.fn}`", ctx, (*path, "operand"))
    out = ColType("int") if node.fn == "count" else ColType(t.dtype)
    return node.model_copy(update={"operand": operand}), out


def _rolling(node: ir.Rolling, ctx: _Ctx, path: Path) -> Typed:
    operand, t = _sub(node, "operand", ctx, path)
    _need(t, NUMBER, operand, f"`rolling_{node.fn}`", ctx, (*path, "operand"))
    return node.model_copy(update={"operand": operand}), ColType("float" if node.fn == "mean" else t.dtype)


def _share(node: ir.Share, ctx: _Ctx, path: Path) -> Typed:
    if ctx.in_over:
        raise _fail("`share` inside `over`", ctx, path, "give the groups as the share's own `by`")
    partition_by = _columns(ctx.schema, node.partition_by, ctx.where, (*path, "partition_by"))
    operand, t = _sub(node, "operand", ctx, path)
    _need(t, NUMBER, operand, "`share`", ctx, (*path, "operand"))
    return node.model_copy(update={"operand": operand, "partition_by": partition_by}), ColType("float")


def _over(node: ir.Over, ctx: _Ctx, path: Path) -> Typed:
    if ctx.in_over:
        raise _fail("`over` inside another `over`", ctx, path, "compute the inner window with with_columns first")
    partition_by = _columns(ctx.schema, node.partition_by, ctx.where, (*path, "partition_by"))
    order_by = _columns(ctx.schema, node.order_by, ctx.where, (*path, "order_by"))
    operand, t = _sub(node, "operand", replace(ctx, in_over=True), path)
    update = {"operand": operand, "partition_by": partition_by, "order_by": order_by}
    return node.model_copy(update=update), ColType(t.dtype, t.iso)


_STR = frozenset({"str"})
_ANY = frozenset(get_args(Dtype))
_EXPR_RULES: dict[str, Callable[..., Typed]] = {
    "col": _col,
    "lit": lambda node, ctx, path: (node, _lit_type(node.value)),
    "binary": _binary,
    "not": _unary(frozenset({"bool"}), "`not`"),
    "neg": _unary(NUMBER | {"duration"}, "`-`"),
    "is_null": _unary(_ANY, "`is_null`", "bool"),
    "is_not_null": _unary(_ANY, "`is_not_null`", "bool"),
    "is_in": _is_in,
    "between": _between,
    "str_match": _unary(_STR, "a text match", "bool"),
    "str_fn": lambda node, ctx, path: _unary(_STR, f"`{node.op}`", "int" if node.op == "len_chars" else "str")(
        node, ctx, path),
    "str_slice": _unary(_STR, "`slice`", "str"),
    "str_concat": _str_concat,
    "date_part": _date_part,
    "date_diff": _date_diff,
    "to_date": _to_date,
    "cast": _cast,
    "round": _unary(NUMBER, "`round`"),
    "abs": _unary(NUMBER, "`abs`"),
    "when": _when,
    "agg": _agg,
    "arg_best": _arg_best,
    "rank": _window(_rank),
    "row_number": _window(lambda node, ctx, path: (node, ColType("int"))),
    "cum_agg": _window(_cum_agg),
    "shift": _window(_unary(_ANY, "`shift`")),
    "rolling": _window(_rolling),
    "share": _window(_share),
    "over": _window(_over),
}


# ---------------------------------------------------------------------------------------
# Steps

StepResult = tuple[ir.Node, Schema]


def _derived(t: ColType) -> ColType:
    """A computed column: its type, but no origin table and no key."""
    return ColType(t.dtype, t.iso)


def _filter(step: ir.Filter, frame: _Frame, path: Path) -> StepResult:
    ctx = _Ctx(frame.schema, frame.where)
    predicate, t = _sub(step, "predicate", ctx, path)
    _need(t, frozenset({"bool"}), predicate, "a filter predicate", ctx, (*path, "predicate"), "compare it, e.g. x > 0")
    return step.model_copy(update={"predicate": predicate}), frame.schema


def _named_one(item: ir.Named, ctx: _Ctx, path: Path) -> tuple[ir.Named, ColType]:
    """A named expression and its column's type: a plain column that keeps its name keeps its
    origin and key, anything else is derived."""
    expr, t = _expr(item.expr, ctx, (*path, "expr"))
    keeps = isinstance(expr, ir.Col) and expr.name == item.name
    return item.model_copy(update={"expr": expr}), ctx.schema[item.name] if keeps else _derived(t)


def _named(items: list[ir.Named], ctx: _Ctx, path: Path) -> list[tuple[ir.Named, ColType]]:
    return [_named_one(item, ctx, (*path, i)) for i, item in enumerate(items)]


def _with_columns(step: ir.WithColumns, frame: _Frame, path: Path) -> StepResult:
    _unique_names([c.name for c in step.columns], frame.where, lambda i: (*path, "columns", i, "name"))
    checked = _named(step.columns, _Ctx(frame.schema, frame.where), (*path, "columns"))
    schema = dict(frame.schema)
    schema.update((item.name, t) for item, t in checked)
    return step.model_copy(update={"columns": [item for item, _ in checked]}), schema


def _items(items: list[ir.ColumnItem], ctx: _Ctx, path: Path) -> tuple[list[ir.ColumnItem], Schema]:
    """A select's or a group_by key's list: bare names and named expressions, in order."""
    _unique_names([i if isinstance(i, str) else i.name for i in items], ctx.where, lambda i: (*path, i))
    out_items: list[ir.ColumnItem] = []
    schema: Schema = {}
    for i, item in enumerate(items):
        if isinstance(item, str):
            name, t = _column(ctx.schema, item, ctx.where, (*path, i))
            if name.endswith("_right") and name != item:
                # A join's `_right` suffix is no name to return: keep the one that was written.
                out_items.append(ir.Named(name=item, expr=ir.Col(name=name)))
                schema[item] = t
            else:
                out_items.append(name)
                schema[name] = t
        else:
            named, schema[item.name] = _named_one(item, ctx, (*path, i))
            out_items.append(named)
    return out_items, schema


def _select(step: ir.Select, frame: _Frame, path: Path) -> StepResult:
    columns, schema = _items(step.columns, _Ctx(frame.schema, frame.where), (*path, "columns"))
    return step.model_copy(update={"columns": columns}), schema


def _group_by(step: ir.GroupBy, frame: _Frame, path: Path) -> StepResult:
    by, keys = _items(step.by, _Ctx(frame.schema, frame.where, scope="key"), (*path, "by"))
    names = [*keys, *(a.name for a in step.agg)]
    _unique_names(names, frame.where, lambda i: (*path, "by", i) if i < len(keys) else
                  (*path, "agg", i - len(keys), "name"))
    agg = _named(step.agg, _Ctx(frame.schema, frame.where, scope="agg"), (*path, "agg"))
    # One row per key: a single key column is unique afterwards.
    schema = {name: replace(t, unique=len(keys) == 1, repeats=False) for name, t in keys.items()}
    schema.update((item.name, t) for item, t in agg)
    return step.model_copy(update={"by": by, "agg": [item for item, _ in agg]}), schema


def _drop(step: ir.Drop, frame: _Frame, path: Path) -> StepResult:
    columns = _columns(frame.schema, step.columns, frame.where, (*path, "columns"))
    schema = {n: t for n, t in frame.schema.items() if n not in columns}
    return step.model_copy(update={"columns": columns}), schema


def _rename(step: ir.Rename, frame: _Frame, path: Path) -> StepResult:
    mapping = {_column(frame.schema, old, frame.where, (*path, "mapping", old))[0]: new
               for old, new in step.mapping.items()}
    schema = {mapping.get(n, n): (_derived(t) if n in mapping else t) for n, t in frame.schema.items()}
    if len(schema) < len(frame.schema):
        for old, new in mapping.items():
            if new in frame.schema and new not in mapping or list(mapping.values()).count(new) > 1:
                raise ResolveError(f"renaming gives two columns named `{new}` in {frame.where}",
                                   path=(*path, "mapping", old), hint=f"drop `{new}` first or choose another name")
    return step.model_copy(update={"mapping": mapping}), schema


def _unique(step: ir.Unique, frame: _Frame, path: Path) -> StepResult:
    if step.subset is None:
        return step, frame.schema
    subset = _columns(frame.schema, step.subset, frame.where, (*path, "subset"))
    schema = dict(frame.schema)
    if len(subset) == 1:
        schema[subset[0]] = replace(schema[subset[0]], unique=True, repeats=False)
    return step.model_copy(update={"subset": subset}), schema


def _sort_keys(keys: list[ir.SortKey], frame: _Frame, path: Path) -> list[ir.SortKey]:
    return [key.model_copy(update={"column": _column(frame.schema, key.column, frame.where,
                                                     (*path, i, "column"))[0]})
            for i, key in enumerate(keys)]


def _sort(step: ir.Sort, frame: _Frame, path: Path) -> StepResult:
    return step.model_copy(update={"by": _sort_keys(step.by, frame, (*path, "by"))}), frame.schema


def _top_n(step: ir.TopN, frame: _Frame, path: Path) -> StepResult:
    by = _sort_keys(step.by, frame, (*path, "by"))
    per = _columns(frame.schema, step.per, frame.where, (*path, "per"))
    return step.model_copy(update={"by": by, "per": per}), frame.schema


def _join(step: ir.Join, frame: _Frame, path: Path) -> StepResult:
    right = frame.scope.get(step.right, frame.where, (*path, "right"))
    left_on, right_on = _join_keys(step, frame, right, path)
    written = (step.on, step.on) if step.on is not None else (step.left_on, step.right_on)
    if written != (left_on, right_on):  # inferred, or a key read as a column of another name
        step = step.model_copy(update={"on": None, "left_on": None, "right_on": None,
                                       **_join_fields(left_on, right_on)})
    if step.how in ("semi", "anti"):
        return step, frame.schema
    if not frame.scope.many_to_many and many_to_many(frame.schema, right, left_on, right_on) \
            and not _pairs_table(right.get(right_on[0]), frame.scope.catalog) \
            and not _pairs_table(frame.schema.get(left_on[0]), frame.scope.catalog):
        raise _many_to_many_error(step, frame, right, left_on[0], right_on[0], path)
    # Many rows may meet one right row: left keys stay unique only when the right key is; where
    # the right key repeats, so do the values of every left column that met it.
    many_to_one = len(right_on) == 1 and right[right_on[0]].unique
    repeats = len(right_on) == 1 and right[right_on[0]].repeats
    schema = {n: t if many_to_one else replace(t, unique=False, repeats=t.repeats or repeats)
              for n, t in frame.schema.items()}
    for lname, rname in zip(left_on, right_on):
        if lname != rname:
            schema[lname] = replace(schema[lname], coalesced=(*schema[lname].coalesced, rname))
    for name, out in _right_names(frame.schema, right, right_on).items():
        if out in schema:
            raise ResolveError(f"the join gives two columns named `{out}` in {frame.where}", path=path,
                               hint=f"rename or drop `{out}` before the join")
        schema[out] = replace(right[name], unique=False)
    return step, schema


def _pairs_table(key: ColType | None, catalog: Mapping[str, TableInfo]) -> bool:
    """The key is of a table of pairs (`film_categories`: film id, category id and nothing
    else): joined on one of its keys, each row meets its many partners by design, which is
    what the table is for, not rows multiplied by a wrong key."""
    table = catalog.get(key.table) if key is not None and key.table else None
    # A table with a key of its own (`shipments`: shipment_id) holds things, not pairs.
    return table is not None and len(table.columns) >= 2 and all(W.key_like(c) for c in table.columns) \
        and not table.keys


def _many_to_many_error(step: ir.Join, frame: _Frame, right: Schema, lname: str, rname: str,
                        path: Path) -> ResolveError:
    keys = one_to_many_keys(frame.schema, right)
    if keys:
        lkey, rkey = keys[0]
        side = f"`{rkey}` is unique in `{step.right}`" if right[rkey].unique else f"`{lkey}` is unique in the frame"
        fix = (f"join on `{lkey}`" if lkey == rkey else f"join with left_on=[{lkey}], right_on=[{rkey}]") + \
              f" ({side}), which makes it one-to-many"
    else:
        fix = (f"make one side one row per key first (group `{step.right}` by `{rname}` in a def, or "
               f"unique on it), so that the join is one-to-many")
    return ResolveError(
        f"the join of `{step.right}` on `{lname}` = `{rname}` in {frame.where} is many-to-many: values of "
        f"`{lname}` repeat in the frame and values of `{rname}` repeat in `{step.right}`, so it multiplies rows",
        path=path, hint=f"{fix}; a question that asks for every pair gets the many-to-many join")


def _join_fields(left_on: list[str], right_on: list[str]) -> dict[str, list[str]]:
    return {"on": left_on} if left_on == right_on else {"left_on": left_on, "right_on": right_on}


def _right_names(left: Collection[str], right: Schema, right_on: Collection[str]) -> dict[str, str]:
    """The name each column of a join's right side takes in the joined frame: right keys are
    coalesced into the left keys (left out), a name the left side has gets `_right`."""
    return {name: f"{name}_right" if name in left else name for name in right if name not in right_on}


def _join_keys(step: ir.Join, frame: _Frame, right: Schema, path: Path) -> tuple[list[str], list[str]]:
    if step.on is not None:
        pairs = [(name, name, (*path, "on", i), (*path, "on", i)) for i, name in enumerate(step.on)]
    elif step.left_on is not None and step.right_on is not None:
        pairs = [(lname, rname, (*path, "left_on", i), (*path, "right_on", i))
                 for i, (lname, rname) in enumerate(zip(step.left_on, step.right_on, strict=True))]
    else:
        return infer_join_keys(frame.schema, right, left_name=f"`{frame.name}`", right_name=f"`{step.right}`",
                               path=path)
    left_on, right_on = [], []
    for lname, rname, lpath, rpath in pairs:
        lname, lt = _column(frame.schema, lname, frame.where, lpath)
        meant = _lookup(right, rname)
        if meant is None:
            raise ResolveError(f"unknown column `{rname}` of `{step.right}` in {frame.where}", path=rpath,
                               hint=_did_you_mean(rname, right, f"columns of {step.right}"))
        rname, rt = meant, right[meant]
        # Polars joins integers of any width, but no other two types.
        if LOOSE.isdisjoint({lt.dtype, rt.dtype}) and lt.dtype != rt.dtype:
            raise ResolveError(f"join key `{lname}` is {lt.dtype} but `{rname}` of `{step.right}` is {rt.dtype} "
                               f"in {frame.where}", path=rpath, hint="join on keys of the same type")
        left_on.append(lname)
        right_on.append(rname)
    return left_on, right_on


def _bridged(step: ir.Node, frame: _Frame) -> list[ir.Node]:
    """The step, and before a join of a table none of whose columns looks like a key of the
    frame's (no candidate pair), the joins through the request's other tables that connect it (`joins.bridge`), each with its
    keys written out. Only where the keys were left to inference and the join brings columns
    (a semi or anti join promises not to); with no chain, or one whose joins would give two
    columns one name, the join alone fails as before."""
    if (not isinstance(step, ir.Join) or step.on is not None or step.left_on is not None
            or step.how not in ("inner", "left") or step.right not in frame.scope.catalog
            or candidate_pairs(frame.schema, frame.scope.frames[step.right])):
        return [step]
    joins: list[ir.Node] = []
    names = list(frame.schema)
    in_frame: dict[str, str] = {}  # column of the table joined last -> its name in the frame
    for edge in bridge(frame.schema, step.right, frame.scope.catalog):
        left_on, right_on = [in_frame.get(n, n) for n in edge.left_on], list(edge.right_on)
        joins.append(step.model_copy(update={"right": edge.right, **_join_fields(left_on, right_on)}))
        renamed = _right_names(names, frame.scope.frames[edge.right], right_on)
        names += renamed.values()
        if len(set(names)) < len(names):
            return [step]
        in_frame = {**renamed, **dict(zip(right_on, left_on))}
    return joins or [step]


_STEP_RULES: dict[str, Callable[..., StepResult]] = {
    "filter": _filter,
    "with_columns": _with_columns,
    "select": _select,
    "group_by": _group_by,
    "drop": _drop,
    "rename": _rename,
    "unique": _unique,
    "sort": _sort,
    "head": lambda step, frame, path: (step, frame.schema),
    "top_n": _top_n,
    "join": _join,
}
