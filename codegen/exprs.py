"""Expression nodes -> Polars expression source, one handler per node kind.

A handler returns the code and its Python precedence, so parentheses go only where Python
needs them. Every construct here behaves the same on Polars 1.39 and 2.x (tests/test_codegen.py
runs it on both).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from codegen.pysrc import call, literal, names
from nlq import ir
from nlq.errors import CodegenError

Code = tuple[str, int]

# Python's precedence, lowest first. Comparisons sit below `|` and `&` (so `a > 1 & b` is
# `a > (1 & b)`) and chain (`a < b < c` calls bool() on an Expr), hence always parenthesized.
COMPARE, OR, AND, SUM, PRODUCT, UNARY, ATOM = 1, 2, 3, 4, 5, 6, 9

_BINARY_OPS: dict[str, tuple[str, int]] = {
    **{op: (op, COMPARE) for op in ("==", "!=", "<", "<=", ">", ">=")},
    "or": ("|", OR), "and": ("&", AND),
    "+": ("+", SUM), "-": ("-", SUM),
    **{op: (op, PRODUCT) for op in ("*", "/", "//", "%")},
}

_DTYPES = {"int": "pl.Int64", "float": "pl.Float64", "str": "pl.String", "bool": "pl.Boolean"}

_STR_FNS = {"lower": "str.to_lowercase", "upper": "str.to_uppercase", "len_chars": "str.len_chars",
            "strip": "str.strip_chars"}

_DATE_PARTS = {
    **{part: f"dt.{part}()" for part in ("year", "quarter", "month", "day", "weekday", "hour", "date")},
    "year_month": 'dt.strftime("%Y-%m")',
}

# ISO literals become `pl.date(...)` / `pl.datetime(...)` instead of parsing text at run time.
_ISO_LITERAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def expr_code(node: ir.Node) -> str:
    return _fmt(node)[0]


def named_code(item: ir.Named) -> str:
    """An expression with its output column name: `<expr>.alias(name)`."""
    return f"{_receiver(item.expr)}.{call('alias', literal(item.name))}"


def _fmt(node: ir.Node) -> Code:
    handler = EXPR_HANDLERS.get(node.kind)  # type: ignore[attr-defined]
    if handler is None:
        raise CodegenError(
            f"no codegen handler for expression kind `{node.kind}`",  # type: ignore[attr-defined]
            hint="sugar kinds are rewritten by nlq.lower; run lower before codegen",
        )
    return handler(node)


def _wrap(code: Code, parent: int, right: bool = False) -> str:
    text, prec = code
    if prec < parent or (prec == parent and (right or parent == COMPARE)):
        return f"({text})"
    return text


def _receiver(node: ir.Node) -> str:
    return _wrap(_fmt(node), ATOM)


def _method(node: ir.Node, method: str, *args: str, **kwargs: str | None) -> Code:
    return f"{_receiver(node)}.{call(method, *args, **kwargs)}", ATOM


def _bare(node: ir.Node, other: ir.Node) -> Code:
    """An operand of a binary operator: a literal beside an expression needs no `pl.lit`."""
    if isinstance(node, ir.Lit) and node.value is not None and not isinstance(other, ir.Lit):
        is_negative = isinstance(node.value, (int, float)) and node.value < 0
        return literal(node.value), UNARY if is_negative else ATOM
    return _fmt(node)


def _number_or_expr(node: ir.Node) -> str:
    # Polars reads a bare string argument as a column name, so only numbers go bare.
    value = getattr(node, "value", None)
    if isinstance(node, ir.Lit) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return literal(value)
    return expr_code(node)


def _binary(node: ir.Binary) -> Code:
    op, prec = _BINARY_OPS[node.op]
    left = _wrap(_bare(node.left, node.right), prec)
    right = _wrap(_bare(node.right, node.left), prec, right=True)
    return f"{left} {op} {right}", prec


def _unary(op: str) -> Callable[[Any], Code]:
    return lambda node: (f"{op}{_wrap(_fmt(node.operand), UNARY)}", UNARY)


def _str_match(node: ir.StrMatch) -> Code:
    receiver, pattern = _receiver(node.operand), node.pattern
    if node.case_insensitive:
        receiver, pattern = f"{receiver}.str.to_lowercase()", pattern.lower()
    literal_kw = "True" if node.op == "contains" else None
    return f"{receiver}.str.{call(node.op, literal(pattern), literal=literal_kw)}", ATOM


def _str_slice(node: ir.StrSlice) -> Code:
    length = [] if node.length is None else [literal(node.length)]
    return _method(node.operand, "str.slice", literal(node.offset), *length)


def _str_concat(node: ir.StrConcat) -> Code:
    parts = "[" + ", ".join(expr_code(p) for p in node.parts) + "]"
    return call("pl.concat_str", parts, separator=literal(node.separator) if node.separator else None), ATOM


def _date_diff(node: ir.DateDiff) -> Code:
    difference = _fmt(ir.Binary(op="-", left=node.end, right=node.start))
    return f"{_wrap(difference, ATOM)}.dt.total_days()", ATOM


def _to_date(node: ir.ToDate) -> Code:
    value = getattr(node.operand, "value", None)
    match = _ISO_LITERAL.fullmatch(value) if isinstance(value, str) else None
    if match and (node.dtype == "datetime" or match[4] is None):
        fields = [int(g) for g in match.groups() if g is not None]
        return call(f"pl.{node.dtype}", *(str(f) for f in fields)), ATOM
    if node.dtype == "date":
        return _method(node.operand, "str.to_date", literal("%Y-%m-%d"))
    # Without a format Polars accepts "2024-01-02", "2024-01-02 10:00[:00[.123]]" and the "T"
    # spelling alike, on 1.39 and 2.x; a fixed time unit keeps the output dtype stable.
    return _method(node.operand, "str.to_datetime", time_unit=literal("us"))


def _when(node: ir.When) -> Code:
    code = "pl"
    for branch in node.branches:
        code += f".{call('when', expr_code(branch.when))}.{call('then', expr_code(branch.then))}"
    if node.otherwise is not None:
        code += f".{call('otherwise', expr_code(node.otherwise))}"
    return code, ATOM


def _agg(node: ir.Agg) -> Code:
    if node.operand is None:
        return "pl.len()", ATOM
    if node.where is not None:  # the rows it takes: pl.col("Cost").filter(...).sum()
        return f"{_method(node.operand, 'filter', expr_code(node.where))[0]}.{call(node.fn)}", ATOM
    return _method(node.operand, node.fn)


def _arg_best(node: ir.ArgBest) -> Code:
    # `get(arg_max())` takes the first best row and gives null when every `by` is null;
    # `sort_by(...).first()` would pick a null `by` row first when sorting descending.
    index = f"{_receiver(node.by)}.{call('arg_' + node.best)}"
    return _method(node.operand, "get", index)


def _over(node: ir.Over) -> Code:
    return _method(
        node.operand, "over", names(node.partition_by),
        order_by=names(node.order_by) if node.order_by else None,
        descending="True" if node.descending else None,
    )


EXPR_HANDLERS: dict[str, Callable[[Any], Code]] = {
    "col": lambda n: (call("pl.col", literal(n.name)), ATOM),
    "lit": lambda n: (call("pl.lit", literal(n.value)), ATOM),
    "binary": _binary,
    "not": _unary("~"),
    "neg": _unary("-"),
    "is_null": lambda n: _method(n.operand, "is_null"),
    "is_not_null": lambda n: _method(n.operand, "is_not_null"),
    "is_in": lambda n: _method(n.operand, "is_in", literal(n.values)),
    "between": lambda n: _method(n.operand, "is_between", _number_or_expr(n.low), _number_or_expr(n.high),
                                 closed=None if n.closed == "both" else literal(n.closed)),
    "str_match": _str_match,
    "str_fn": lambda n: _method(n.operand, _STR_FNS[n.op]),
    "str_slice": _str_slice,
    "str_concat": _str_concat,
    "date_part": lambda n: (f"{_receiver(n.operand)}.{_DATE_PARTS[n.part]}", ATOM),
    "date_diff": _date_diff,
    "to_date": _to_date,
    "cast": lambda n: _method(n.operand, "cast", _DTYPES[n.dtype]),
    "round": lambda n: _method(n.operand, "round", literal(n.decimals)),
    "abs": lambda n: _method(n.operand, "abs"),
    "when": _when,
    "agg": _agg,
    "arg_best": _arg_best,
    "rank": lambda n: _method(n.operand, "rank", literal(n.method), descending="True" if n.descending else None),
    # int_range numbers rows in the frame's order, or in `order_by` order inside an `over`.
    "row_number": lambda n: ("pl.int_range(1, pl.len() + 1)", ATOM),
    "cum_agg": lambda n: _method(n.operand, f"cum_{n.fn}"),
    "shift": lambda n: _method(n.operand, "shift", literal(n.n)),
    # `min_periods` became `min_samples`; the default (a full window) needs neither name.
    "rolling": lambda n: _method(n.operand, f"rolling_{n.fn}", window_size=literal(n.window_size)),
    "over": _over,
}
