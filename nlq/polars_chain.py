"""The constrained Polars surface of the fill stage: the model writes one Polars method chain
(grammar/polars.lark), decoded under that grammar with the request's own table and column
names as its only names, and lark parses the chain into the steps form, so the IR, resolve,
settle and codegen are the same as for the JSON surfaces.

A small code model has seen far more `.filter(...).group_by(...).agg(...).head(5)` than any
JSON plan; the grammar keeps what it writes to names that exist and calls the IR has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, VisitError

from nlq.errors import FillError
from nlq.exprlang import parse_expr, quote_name

if TYPE_CHECKING:
    from nlq.fill import Settled

NEW_NAME = r'/"[a-z][a-z0-9_]{0,30}"/'
# For parsing: any name the chain may hold (the constraint has already kept it to real ones).
_ANY_NAME = r'/"[^"\\\n]{1,100}"/'


def _alternatives(names: Iterable[str]) -> str:
    # Sorted: the grammar's text is the engine's cache key for its matcher.
    return " | ".join(json.dumps(json.dumps(n)) for n in sorted(set(names)))


@cache
def _rules() -> str:
    return files("grammar").joinpath("polars.lark").read_text()


def _terminals(tables: Iterable[str] | None, columns: Iterable[str] | None) -> str:
    if tables is None:
        table, column = r"/[A-Za-z_][A-Za-z0-9_]*/", _ANY_NAME
    else:
        table = " | ".join(json.dumps(t) for t in tables)
        column = _alternatives(columns or ()) or NEW_NAME
    return f"TABLE: {table}\nCOL: {column}\nNEW: {NEW_NAME}\nREF: COL | NEW\n"


@cache
def _parser() -> Lark:
    return Lark("start: chain\n" + _rules() + _terminals(None, None), parser="earley", lexer="dynamic",
                maybe_placeholders=False)


# ---------------------------------------------------------------------------------------
# The per-request grammar


def polars_grammar(tables: Iterable[str], columns: Iterable[str], settled: Settled | None = None) -> str:
    """The lark grammar (llguidance's dialect) of one request's chain: the parts the
    question settles are forced text, required or left out."""
    parts = ["TABLE", "join*", "filter?", "with_columns?", "(aggregate having?)?", "tail"]
    if settled is not None:
        aggregate = _aggregate(settled)
        having = "" if settled.no_having else " having?"
        if aggregate.endswith("?"):
            aggregate = f"({aggregate[:-1]}{having})?"
        elif aggregate:
            aggregate += having
        parts[3:] = ["with_columns" if settled.window else "with_columns?", aggregate, _tail(settled)]
    return "start: " + " ".join(p for p in parts if p) + "\n" + _rules() + _terminals(tables, columns)


def _aggregate(settled: Settled) -> str:
    if settled.scalar:
        return "scalar_agg"
    keys = [key_text(k) for k in settled.group_keys or ()]
    if keys and None not in keys:
        return forced(f".group_by({', '.join(keys)}).agg(") + ' named (", " named)* ")"'
    return "group_agg" if settled.grouped else "" if settled.rows else "aggregate?"


def _tail(settled: Settled) -> str:
    if settled.limit is not None:
        sort = "sort" if settled.descending is None else (
            '".sort(" REF (", " REF)* ' + forced(", descending=True)" if settled.descending else ")"))
        order = f"{sort} {forced(f'.head({settled.limit})')}"
    else:
        order = "" if settled.unordered else "sort? head?"
    if settled.select is not None:
        select = forced(".select(" + ", ".join(json.dumps(c) for c in settled.select) + ")")
    else:
        select = "select" if settled.distinct else "select?"
    return f"{select} unique {order}" if settled.distinct else f"{order} {select}"


def forced(text: str) -> str:
    """Text the grammar forces, as a lark literal."""
    return json.dumps(text)


def column_text(name: str) -> str:
    return f"pl.col({json.dumps(name)})"


_PERIODS = {"year_month": '.dt.strftime("%Y-%m")'}


def key_text(key: str) -> str | None:
    """A group key (a column, or a period of a date as expression text) in the chain's
    spelling, or None where it has no one spelling."""
    node = parse_expr(key)
    if node.kind == "col":
        return json.dumps(node.name)
    if node.kind == "date_part" and node.operand.kind == "col":
        return column_text(node.operand.name) + _PERIODS.get(node.part, f".dt.{node.part}()")
    return None


# ---------------------------------------------------------------------------------------
# The chain -> the steps form (expressions as text of the expression language)


@dataclass(frozen=True)
class _E:
    """An expression on its way to text; `minus` keeps a subtraction's operands for
    `(a - b).dt.total_days()`."""

    text: str
    minus: tuple[str, str] | None = None


def _name(token: Token) -> str:
    return json.loads(str(token))


_STR_CALLS = {"to_lowercase": "lower", "to_uppercase": "upper", "strip_chars": "strip"}
_STRFTIME = {"%Y-%m": "year_month", "%Y": "year"}


class _ToSteps(Transformer):
    # -- expressions -------------------------------------------------------------------

    def column(self, children: list[Any]) -> _E:
        return _E(quote_name(_name(children[0])))

    def length(self, _: list[Any]) -> _E:
        return _E("len()")

    def literal(self, children: list[Any]) -> _E:
        value = str(children[0])
        return _E({"True": "true", "False": "false"}.get(value, value))

    def value(self, children: list[Any]) -> str:
        return str(children[0])

    def when(self, children: list[Any]) -> _E:
        cond, then, otherwise = children
        return _E(f"when({cond.text}, {then.text}, {otherwise.text})")

    def atom(self, children: list[Any]) -> _E:
        return children[0]

    def method(self, children: list[Any]) -> Any:
        child = children[0]
        if not isinstance(child, Token):
            return child
        name = str(child).removeprefix(".").removeprefix("dt.").removesuffix("()")  # CALL or DT_CALL
        if name == "total_days":
            def days(e: _E) -> _E:
                if e.minus is None:
                    raise FillError("`.dt.total_days()` needs a difference of two dates",
                                    hint='(pl.col("end") - pl.col("start")).dt.total_days()')
                return _E(f"date_diff({e.minus[0]}, {e.minus[1]})")
            return days
        return lambda e: _E(f"(not {e.text})" if name == "not_" else f"{name}({e.text})")

    def str_call(self, children: list[Any]) -> Any:
        name = str(children[0]).removeprefix(".str.").removesuffix("()").removesuffix("(")
        if len(children) == 1:
            return lambda e: _E(f"{_STR_CALLS.get(name, name)}({e.text})")
        pattern = str(children[1])
        return lambda e: _E(f"{name}({e.text}, {pattern})")

    def strftime(self, children: list[Any]) -> Any:
        part = _STRFTIME.get(_name(children[0]))
        if part is None:
            raise FillError(f"`.dt.strftime({children[0]})` has no date part in the IR", hint='use "%Y-%m" or "%Y"')
        return lambda e: _E(f"{part}({e.text})")

    def round(self, children: list[Any]) -> Any:
        return lambda e: _E(f"round({e.text}, {children[0]})")

    def is_in(self, children: list[Any]) -> Any:
        return lambda e: _E(f"({e.text} in [{', '.join(children)}])")

    def between(self, children: list[Any]) -> Any:
        return lambda e: _E(f"between({e.text}, {children[0]}, {children[1]})")

    def descending(self, children: list[Any]) -> bool:
        return str(children[0]) == "True"

    def rank(self, children: list[Any]) -> Any:
        method = str(children[0]).strip('"')
        descending = ", descending=true" if len(children) > 1 and children[1] else ""
        return lambda e: _E(f"rank({e.text}, '{method}'{descending})")

    def shift(self, children: list[Any]) -> Any:
        return lambda e: _E(f"shift({e.text}, {children[0]})")

    def order_by(self, children: list[Any]) -> str:
        return quote_name(_name(children[0]))

    def over(self, children: list[Any]) -> Any:
        order = [c for c in children if isinstance(c, str) and not isinstance(c, Token)]
        by = [quote_name(_name(c)) for c in children if isinstance(c, Token)]
        order_by = f", order_by=[{order[0]}]" if order else ""
        return lambda e: _E(f"over({e.text}, by=[{', '.join(by)}]{order_by})")

    def postfix(self, children: list[Any]) -> _E:
        value = children[0]
        for apply in children[1:]:
            value = apply(value)
        return value

    def unary(self, children: list[Any]) -> _E:
        if len(children) == 1:
            return children[0]
        op, operand = children
        return _E(f"(not {operand.text})" if str(op) == "~" else f"(-{operand.text})")

    def _binary(self, children: list[Any]) -> _E:
        value = children[0]
        for op, right in zip(children[1::2], children[2::2]):
            symbol = str(op).strip()
            minus = (value.text, right.text) if symbol == "-" and len(children) == 3 else None
            value = _E(f"({value.text} {symbol} {right.text})", minus)
        return value

    sum = product = compare = _binary

    def operand(self, children: list[Any]) -> _E:
        return children[0]

    def either(self, children: list[Any]) -> _E:
        return _E("(" + " or ".join(c.text for c in children) + ")")

    def both(self, children: list[Any]) -> _E:
        return _E("(" + " and ".join(c.text for c in children) + ")")

    def expr(self, children: list[Any]) -> _E:
        return children[0]

    def named(self, children: list[Any]) -> tuple[str, str]:
        return _name(children[1]), children[0].text

    def key(self, children: list[Any]) -> str:
        child = children[0]
        return quote_name(_name(child)) if isinstance(child, Token) else child.text

    # -- steps -------------------------------------------------------------------------

    def join(self, children: list[Any]) -> list[dict[str, Any]]:
        return [{"join": str(children[0]), "how": _name(children[1])}]

    def filter(self, children: list[Any]) -> list[dict[str, Any]]:
        return [{"filter": children[0].text}]

    def having(self, children: list[Any]) -> list[dict[str, Any]]:
        name, op, value = children
        return [{"filter": f"{quote_name(_name(name))} {str(op).strip()} {value}"}]

    def with_columns(self, children: list[Any]) -> list[dict[str, Any]]:
        return [{"with_columns": dict(children)}]

    def group_agg(self, children: list[Any]) -> list[dict[str, Any]]:
        keys = [c for c in children if isinstance(c, str)]
        return [{"group_by": keys, "agg": dict(c for c in children if isinstance(c, tuple))}]

    def scalar_agg(self, children: list[Any]) -> list[dict[str, Any]]:
        return [{"agg": dict(children)}]

    def aggregate(self, children: list[Any]) -> list[dict[str, Any]]:
        return children[0]

    def sort(self, children: list[Any]) -> list[dict[str, Any]]:
        descending = next((c for c in children if isinstance(c, bool)), False)
        return [{"sort": [_name(c) for c in children if isinstance(c, Token)], "descending": descending}]

    def head(self, children: list[Any]) -> list[dict[str, Any]]:
        return [{"head": int(children[0])}]

    def select(self, children: list[Any]) -> list[dict[str, Any]]:
        return [{"select": [_name(c) for c in children]}]

    def unique(self, _: list[Any]) -> list[dict[str, Any]]:
        return [{"unique": []}]

    def tail(self, children: list[Any]) -> list[dict[str, Any]]:
        return [step for steps in children for step in steps]

    def chain(self, children: list[Any]) -> dict[str, Any]:
        steps = [step for steps in children[1:] for step in steps]
        return {"from": str(children[0]), "steps": steps}

    def start(self, children: list[Any]) -> dict[str, Any]:
        return children[0]


def parse_chain(text: str) -> dict[str, Any]:
    """The steps form of a chain the model wrote (`nlq.fill.to_query` makes it the IR)."""
    try:
        tree = _parser().parse(text.strip())
    except LarkError as exc:
        raise FillError(f"the model's chain is not in the Polars subset: {str(exc).splitlines()[0]}",
                        hint="write one chain: TABLE.join(...).filter(...).group_by(...).agg(...)") from None
    try:
        return _ToSteps().transform(tree)
    except VisitError as exc:  # a callback's FillError arrives wrapped
        if isinstance(exc.orig_exc, FillError):
            raise exc.orig_exc from None
        raise FillError(f"the model's chain cannot be read: {exc.orig_exc}") from None
