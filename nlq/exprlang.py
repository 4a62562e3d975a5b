"""The compact expression language (grammar/expr.lark): parse strings into IR nodes and
format nodes back into strings.

lark's objects and exceptions stay inside this module: callers get IR nodes or a ParseError.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any, Callable

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedInput, VisitError
from pydantic import ValidationError

from nlq import ir
from nlq.errors import ParseError


@cache
def _parser() -> Lark:
    grammar = files("grammar").joinpath("expr.lark").read_text()
    return Lark(grammar, parser="lalr", maybe_placeholders=False)


# Function name -> (node class, fixed fields, parameters). A parameter is `name:kind` with
# kind `e` (an expression), `v` (a literal value), `n` (a list of column names) or `*e`
# (all remaining positional expressions).
_FUNCTIONS: dict[str, tuple[type[ir.Node], dict[str, Any], str]] = {
    **{fn: (ir.Agg, {"fn": fn}, "operand:e") for fn in
       ("count", "n_unique", "sum", "mean", "median", "min", "max", "std", "var", "first", "last")},
    "len": (ir.Agg, {"fn": "len"}, ""),
    **{part: (ir.DatePart, {"part": part}, "operand:e") for part in
       ("year", "quarter", "month", "day", "weekday", "hour", "year_month", "date")},
    "date_diff": (ir.DateDiff, {}, "end:e start:e"),
    "to_date": (ir.ToDate, {"dtype": "date"}, "operand:e"),
    "to_datetime": (ir.ToDate, {"dtype": "datetime"}, "operand:e"),
    "is_null": (ir.IsNull, {}, "operand:e"),
    "is_not_null": (ir.IsNotNull, {}, "operand:e"),
    "between": (ir.Between, {}, "operand:e low:e high:e closed:v"),
    **{op: (ir.StrMatch, {"op": op}, "operand:e pattern:v case_insensitive:v") for op in
       ("starts_with", "ends_with", "contains")},
    **{op: (ir.StrFn, {"op": op}, "operand:e") for op in ("lower", "upper", "len_chars", "strip")},
    "slice": (ir.StrSlice, {}, "operand:e offset:v length:v"),
    "concat": (ir.StrConcat, {}, "parts:*e separator:v"),
    "cast": (ir.Cast, {}, "operand:e dtype:v"),
    "round": (ir.Round, {}, "operand:e decimals:v"),
    "abs": (ir.Abs, {}, "operand:e"),
    "arg_max": (ir.ArgBest, {"best": "max"}, "operand:e by:e"),
    "arg_min": (ir.ArgBest, {"best": "min"}, "operand:e by:e"),
    "rank": (ir.Rank, {}, "operand:e method:v descending:v"),
    "row_number": (ir.RowNumber, {}, ""),
    **{f"cum_{fn}": (ir.CumAgg, {"fn": fn}, "operand:e") for fn in ("sum", "count", "min", "max", "prod")},
    "shift": (ir.Shift, {}, "operand:e n:v"),
    **{f"rolling_{fn}": (ir.Rolling, {"fn": fn}, "operand:e window_size:v") for fn in ("mean", "sum", "min", "max")},
    "share": (ir.Share, {}, "operand:e partition_by:n percent:v"),
    "over": (ir.Over, {}, "operand:e partition_by:n order_by:n descending:v"),
}
# Every name the language calls, for the fill stage's token regex.
FUNCTION_NAMES: tuple[str, ...] = (*_FUNCTIONS, "when", "lag", "lead")
# Readable spellings of the same parameters, accepted as keywords.
_KEYWORD_ALIASES = {"by": "partition_by", "sep": "separator", "n": "n", "window": "window_size"}


class _Kwarg(tuple):
    """A `name=value` argument on its way from the lark tree to a call."""


class _List(list):
    """A `[...]` literal: literal values for `in`, column names for `by=`."""


def _literal_value(node: Any, what: str) -> Any:
    if isinstance(node, ir.Lit):
        return node.value
    if isinstance(node, _List):
        return [_literal_value(item, what) for item in node]
    raise ParseError(f"{what} must be a literal value, got an expression")


def _column_names(node: Any, what: str) -> list[str]:
    items = node if isinstance(node, _List) else [node]
    names = []
    for item in items:
        if not isinstance(item, ir.Col):
            raise ParseError(f"{what} must list column names")
        names.append(item.name)
    return names


def _build_call(name: str, args: list[Any]) -> ir.Node:
    if name == "when":
        return _build_when(args)
    if name in ("lag", "lead"):
        positional = [a for a in args if not isinstance(a, _Kwarg)]
        n = _literal_value(positional[1], "the shift") if len(positional) > 1 else 1
        return ir.Shift(operand=positional[0], n=n if name == "lag" else -n)
    if name not in _FUNCTIONS:
        close = difflib.get_close_matches(name, [*_FUNCTIONS, "when", "lag", "lead"], n=1)
        raise ParseError(f"unknown function `{name}`", hint=f"did you mean `{close[0]}`?" if close else None)
    cls, fixed, spec = _FUNCTIONS[name]
    params = [p.split(":") for p in spec.split()]
    fields: dict[str, Any] = dict(fixed)
    positional = [a for a in args if not isinstance(a, _Kwarg)]
    keywords = {_KEYWORD_ALIASES.get(k, k): v for k, v in (a for a in args if isinstance(a, _Kwarg))}
    if params and params[0][1] == "*e":
        fields[params[0][0]] = positional
        positional, params = [], params[1:]
    if len(positional) > len(params):
        raise ParseError(f"`{name}` takes at most {len(params)} arguments, got {len(positional)}")
    values = dict(zip((p[0] for p in params), positional))
    for key, value in keywords.items():
        if key not in {p[0] for p in params}:
            raise ParseError(f"`{name}` has no parameter `{key}`",
                             hint="parameters: " + ", ".join(p[0] for p in params))
        values[key] = value
    kinds = dict(params)
    for key, value in values.items():
        kind = kinds[key]
        if kind == "v":
            fields[key] = _literal_value(value, f"`{key}` of `{name}`")
        elif kind == "n":
            fields[key] = _column_names(value, f"`{key}` of `{name}`")
        else:
            fields[key] = value
    try:
        return cls(**fields)
    except ValidationError as exc:
        raise ParseError(f"bad arguments to `{name}`: {exc.errors()[0]['msg']}") from None


def _build_when(args: list[Any]) -> ir.When:
    # when(cond1, value1, cond2, value2, ..., otherwise)
    if any(isinstance(a, _Kwarg) for a in args) or len(args) < 2:
        raise ParseError("`when` takes condition, value pairs and an optional final otherwise value")
    pairs, rest = args[: len(args) // 2 * 2], args[len(args) // 2 * 2:]
    branches = [ir.Branch(when=pairs[i], then=pairs[i + 1]) for i in range(0, len(pairs), 2)]
    return ir.When(branches=branches, otherwise=rest[0] if rest else None)


@v_args(inline=True)
class _ToIR(Transformer):
    def number(self, token: Token) -> ir.Lit:
        text = str(token)
        is_int = re.fullmatch(r"\d+", text) is not None
        return ir.Lit(value=int(text) if is_int else float(text))

    def string(self, token: Token) -> ir.Lit:
        body = str(token)[1:-1]
        return ir.Lit(value=re.sub(r"\\(.)", r"\1", body))

    def true(self) -> ir.Lit:
        return ir.Lit(value=True)

    def false(self) -> ir.Lit:
        return ir.Lit(value=False)

    def null(self) -> ir.Lit:
        return ir.Lit(value=None)

    def column(self, token: Token) -> ir.Col:
        return ir.Col(name=str(token))

    def quoted_column(self, token: Token) -> ir.Col:
        return ir.Col(name=str(token)[1:-1].replace("``", "`"))

    def list(self, *items: Any) -> _List:
        return _List(item for item in items if item is not None)

    def args(self, *items: Any) -> list[Any]:
        return list(items)

    def kwarg(self, name: Token, value: Any) -> _Kwarg:
        return _Kwarg((str(name), value))

    def call(self, name: Token, args: list[Any] | None = None) -> ir.Node:
        if str(name) == "count" and not args:
            return ir.Agg(fn="len")
        return _build_call(str(name), args or [])

    def call_star(self, name: Token) -> ir.Node:
        if str(name) not in ("count", "len"):
            raise ParseError(f"`{name}(*)`: only count(*) takes `*`", hint="write count(*) or len()")
        return ir.Agg(fn="len")

    def method(self, receiver: Any, name: Token, args: list[Any] | None = None) -> ir.Node:
        return self.call(name, [receiver, *(args or [])])

    def is_null(self, operand: Any) -> ir.IsNull:
        return ir.IsNull(operand=operand)

    def is_not_null(self, operand: Any) -> ir.IsNotNull:
        return ir.IsNotNull(operand=operand)

    def neg(self, operand: Any) -> ir.Node:
        if isinstance(operand, ir.Lit) and isinstance(operand.value, (int, float)) and not isinstance(operand.value, bool):
            return ir.Lit(value=-operand.value)
        return ir.Neg(operand=operand)

    def arith(self, left: Any, op: Token, right: Any) -> ir.Binary:
        return ir.Binary(op=str(op), left=left, right=right)

    def compare(self, left: Any, op: Token, right: Any) -> ir.Binary:
        return ir.Binary(op=str(op), left=left, right=right)

    def and_(self, left: Any, right: Any) -> ir.Binary:
        return ir.Binary(op="and", left=left, right=right)

    def or_(self, left: Any, right: Any) -> ir.Binary:
        return ir.Binary(op="or", left=left, right=right)

    def not_(self, operand: Any) -> ir.Not:
        return ir.Not(operand=operand)

    def is_in(self, operand: Any, values: _List) -> ir.IsIn:
        return ir.IsIn(operand=operand, values=_literal_value(values, "the values of `in`"))

    def not_in(self, operand: Any, values: _List) -> ir.Not:
        return ir.Not(operand=self.is_in(operand, values))


def parse_expr(text: str) -> ir.Node:
    """Parse one expression string into IR nodes, or raise ParseError."""
    try:
        tree = _parser().parse(text)
        node = _ToIR().transform(tree)
    except UnexpectedInput as exc:
        context = exc.get_context(text, span=40).rstrip("\n")
        raise ParseError(
            f"cannot parse expression {text!r} at column {exc.column}",
            hint=f"near:\n{context}",
        ) from None
    except VisitError as exc:
        if isinstance(exc.orig_exc, ParseError):
            raise exc.orig_exc from None
        raise ParseError(f"cannot parse expression {text!r}: {exc.orig_exc}") from None
    except LarkError as exc:
        raise ParseError(f"cannot parse expression {text!r}: {exc}") from None
    if isinstance(node, _List):
        raise ParseError(f"a list is not an expression: {text!r}")
    return node


# ---------------------------------------------------------------------------------------
# Formatting: nodes back to the compact language (for `nlq explain` and prompts).

_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
               "in": 4, "+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6, "neg": 7}
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = {"and", "or", "not", "in", "is", "true", "false", "null"}


def quote_name(name: str) -> str:
    """A column name as the language spells it: bare where it is a plain identifier and no
    keyword, else in backticks with any backtick doubled (`Grade (%)`, `a``b`)."""
    if _NAME_RE.fullmatch(name) and name not in _KEYWORDS:
        return name
    return "`" + name.replace("`", "``") + "`"



def _fmt_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _fmt_names(names: list[str]) -> str:
    return "[" + ", ".join(quote_name(n) for n in names) + "]"


def _wrap(node: Any, parent_prec: int, right: bool = False) -> str:
    text, prec = _fmt(node)
    if prec < parent_prec or (right and prec == parent_prec):
        return f"({text})"
    return text


def _call(name: str, *args: str, **kwargs: str | None) -> tuple[str, int]:
    parts = list(args) + [f"{k}={v}" for k, v in kwargs.items() if v is not None]
    return f"{name}({', '.join(parts)})", 9


def _fmt(node: Any) -> tuple[str, int]:
    formatter = _FORMATTERS[node.kind]
    return formatter(node)


def _fmt_binary(node: ir.Binary) -> tuple[str, int]:
    prec = _PRECEDENCE[node.op]
    return f"{_wrap(node.left, prec)} {node.op} {_wrap(node.right, prec, right=True)}", prec


def _fmt_e(node: Any) -> str:
    return _fmt(node)[0]


def _fmt_opt(value: Any, default: Any) -> str | None:
    return None if value == default else _fmt_value(value)


_FORMATTERS: dict[str, Callable[[Any], tuple[str, int]]] = {
    "col": lambda n: (quote_name(n.name), 9),
    "lit": lambda n: (_fmt_value(n.value), 9),
    "binary": _fmt_binary,
    "not": lambda n: (f"not {_wrap(n.operand, 3)}", 3),
    "neg": lambda n: (f"-{_wrap(n.operand, 8)}", 7),
    "is_null": lambda n: _call("is_null", _fmt_e(n.operand)),
    "is_not_null": lambda n: _call("is_not_null", _fmt_e(n.operand)),
    "is_in": lambda n: (f"{_wrap(n.operand, 5)} in [{', '.join(_fmt_value(v) for v in n.values)}]", 4),
    "between": lambda n: _call("between", _fmt_e(n.operand), _fmt_e(n.low), _fmt_e(n.high),
                               closed=_fmt_opt(n.closed, "both")),
    "str_match": lambda n: _call(n.op, _fmt_e(n.operand), _fmt_value(n.pattern),
                                 case_insensitive=_fmt_opt(n.case_insensitive, False)),
    "str_fn": lambda n: _call(n.op, _fmt_e(n.operand)),
    "str_slice": lambda n: _call("slice", _fmt_e(n.operand), _fmt_value(n.offset),
                                 *([_fmt_value(n.length)] if n.length is not None else [])),
    "str_concat": lambda n: _call("concat", *(_fmt_e(p) for p in n.parts), sep=_fmt_opt(n.separator, "")),
    "date_part": lambda n: _call(n.part, _fmt_e(n.operand)),
    "date_diff": lambda n: _call("date_diff", _fmt_e(n.end), _fmt_e(n.start)),
    "to_date": lambda n: _call("to_date" if n.dtype == "date" else "to_datetime", _fmt_e(n.operand)),
    "cast": lambda n: _call("cast", _fmt_e(n.operand), _fmt_value(n.dtype)),
    "round": lambda n: _call("round", _fmt_e(n.operand), _fmt_value(n.decimals)),
    "abs": lambda n: _call("abs", _fmt_e(n.operand)),
    "when": lambda n: _call("when", *(s for b in n.branches for s in (_fmt_e(b.when), _fmt_e(b.then))),
                            *([_fmt_e(n.otherwise)] if n.otherwise is not None else [])),
    "agg": lambda n: _call(n.fn, *([_fmt_e(n.operand)] if n.operand is not None else []),
                           where=_fmt_e(n.where) if n.where is not None else None),
    "arg_best": lambda n: _call(f"arg_{n.best}", _fmt_e(n.operand), _fmt_e(n.by)),
    "rank": lambda n: _call("rank", _fmt_e(n.operand), _fmt_value(n.method),
                            descending=_fmt_opt(n.descending, False)),
    "row_number": lambda n: _call("row_number"),
    "cum_agg": lambda n: _call(f"cum_{n.fn}", _fmt_e(n.operand)),
    "shift": lambda n: _call("shift", _fmt_e(n.operand), _fmt_value(n.n)),
    "rolling": lambda n: _call(f"rolling_{n.fn}", _fmt_e(n.operand), _fmt_value(n.window_size)),
    "share": lambda n: _call("share", _fmt_e(n.operand),
                             by=_fmt_names(n.partition_by) if n.partition_by else None,
                             percent=_fmt_opt(n.percent, False)),
    "over": lambda n: _call("over", _fmt_e(n.operand), by=_fmt_names(n.partition_by),
                            order_by=_fmt_names(n.order_by) if n.order_by else None,
                            descending=_fmt_opt(n.descending, False)),
}


def format_expr(node: ir.Node) -> str:
    """The compact string of an expression node; `parse_expr(format_expr(n)) == n`."""
    return _fmt(node)[0]


def compact(value: Any) -> Any:
    """An IR value as plain data with every expression in the compact language: the short,
    readable form `nlq ask` prints."""
    if isinstance(value, ir.Node):
        kind = getattr(value, "kind", None)
        if kind in ir.EXPR_KINDS:
            return format_expr(value)
        fields = value.model_dump(exclude_defaults=True)
        return {name: compact(getattr(value, name)) for name in fields if name != "kind"}
    if isinstance(value, (list, tuple)):
        return [compact(item) for item in value]
    if isinstance(value, dict):
        return {key: compact(item) for key, item in value.items()}
    return value
