"""The AST allowlist every generated program passes before it leaves codegen.

Generated code runs with full Python builtins in the grader's process, so anything a model
could smuggle through the IR (a column name, a string literal) must not be able to become a
call. The check is an allowlist: statements are plain assignments, names are `pl`, tables and
earlier assignments, calls are methods from an explicit list of Polars methods.
"""

from __future__ import annotations

import ast
import keyword as py_keyword
import unicodedata
from collections.abc import Callable, Collection

from nlq.errors import CodegenError

# Every Polars function and method codegen emits, and nothing else.
METHODS = frozenset({
    # pl.* (`DataFrame` only as the empty frame of the last-resort answer)
    "col", "lit", "len", "when", "concat_str", "int_range", "date", "datetime", "DataFrame",
    # DataFrame / GroupBy
    "filter", "with_columns", "select", "drop", "rename", "unique", "sort", "head", "group_by",
    "agg", "join",
    # Expr
    "alias", "then", "otherwise", "is_null", "is_not_null", "is_in", "is_between", "cast", "round",
    "abs", "get", "arg_max", "arg_min", "rank", "shift", "over",
    "count", "n_unique", "sum", "mean", "median", "min", "max", "std", "var", "first", "last",
    "cum_sum", "cum_count", "cum_min", "cum_max", "cum_prod",
    "rolling_mean", "rolling_sum", "rolling_min", "rolling_max",
    # Expr.str
    "starts_with", "ends_with", "contains", "to_lowercase", "to_uppercase", "len_chars",
    "strip_chars", "slice", "to_date", "to_datetime",
    # Expr.dt (`date` is listed above)
    "year", "quarter", "month", "day", "weekday", "hour", "strftime", "total_days",
})
# Attributes read without a call: namespaces and dtypes.
PLAIN_ATTRIBUTES = frozenset({"str", "dt", "Int64", "Float64", "String", "Boolean"})
# Never a variable, even where a table happens to carry the name.
FORBIDDEN_NAMES = frozenset({
    "eval", "exec", "compile", "open", "getattr", "setattr", "delattr", "globals", "locals",
    "vars", "breakpoint", "os", "sys", "builtins", "subprocess", "importlib",
})

_RESERVED_NAMES = frozenset({"pl", "result"})


def table_name_problem(name: str) -> str | None:
    """Why `name` cannot be a variable of the generated program, or None when it can."""
    if not name.isidentifier():
        return "is not a Python identifier"
    if py_keyword.iskeyword(name):
        return "is a Python keyword"
    if name in _RESERVED_NAMES:
        return "would shadow a name the generated code uses (pl, result)"
    if name in FORBIDDEN_NAMES:
        return "is a builtin or module name the code allowlist never lets a program use"
    if name.startswith("_"):
        return "starts with an underscore, which the code allowlist never lets a program use"
    if unicodedata.normalize("NFKC", name) != name:
        # Python folds identifiers to NFKC, so the program would read another variable.
        return f"is not in NFKC form (Python reads it as {unicodedata.normalize('NFKC', name)!r})"
    return None


_BINARY_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.BitAnd, ast.BitOr)
_UNARY_OPS = (ast.USub, ast.UAdd, ast.Invert)
_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_CONSTANT_TYPES = (str, int, float, bool, type(None))

_HINT = "generated code may only chain allowlisted Polars methods on `pl` and the tables"


def _reject(node: ast.AST, what: str, hint: str = _HINT) -> CodegenError:
    line = getattr(node, "lineno", None)
    where = f" (line {line})" if line else ""
    return CodegenError(f"generated code failed the allowlist: {what}{where}", hint=hint)


class _Checker:
    def __init__(self, table_names: Collection[str]):
        self.tables = frozenset(table_names)
        self.assigned: set[str] = set()
        self.expr_checks: dict[type[ast.AST], Callable[[ast.AST], None]] = {
            ast.Name: self.name, ast.Constant: self.constant, ast.Attribute: self.attribute,
            ast.Call: self.call, ast.List: self.elements, ast.Tuple: self.elements, ast.Dict: self.dict,
            ast.UnaryOp: self.unary, ast.BinOp: self.binary, ast.Compare: self.compare,
            ast.BoolOp: self.bool_op,
        }

    def module(self, tree: ast.Module) -> None:
        for statement in tree.body:
            if not isinstance(statement, ast.Assign):
                raise _reject(statement, f"a `{type(statement).__name__}` statement",
                              hint="only `name = <Polars chain>` statements are allowed")
            self.expr(statement.value)
            for target in statement.targets:
                self.target(target)
        if "result" not in self.assigned:
            raise _reject(tree, "nothing is assigned to `result`",
                          hint="the last statement must be `result = ...`")

    def target(self, node: ast.expr) -> None:
        if not isinstance(node, ast.Name):
            raise _reject(node, f"assignment to a `{type(node).__name__}`")
        name = node.id
        if name == "pl" or name in self.tables or name in FORBIDDEN_NAMES or name.startswith("_"):
            raise _reject(node, f"assignment to `{name}`",
                          hint="assign only `result` and def names, never `pl` or a table")
        self.assigned.add(name)

    def expr(self, node: ast.AST) -> None:
        check = self.expr_checks.get(type(node))
        if check is None:
            raise _reject(node, f"a `{type(node).__name__}` expression")
        check(node)

    def name(self, node: ast.Name) -> None:
        known = node.id == "pl" or node.id in self.tables or node.id in self.assigned
        if node.id in FORBIDDEN_NAMES or node.id.startswith("_") or not known:
            raise _reject(node, f"the name `{node.id}`",
                          hint="names must be `pl`, a table or an earlier assignment")

    def constant(self, node: ast.Constant) -> None:
        if not isinstance(node.value, _CONSTANT_TYPES):
            raise _reject(node, f"a {type(node.value).__name__} constant")

    def attribute(self, node: ast.Attribute) -> None:
        # Called attributes are checked in `call`; here only namespaces and dtypes pass.
        if node.attr not in PLAIN_ATTRIBUTES:
            raise _reject(node, f"the attribute `{node.attr}`")
        self.receiver(node.value)

    def receiver(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant):
            raise _reject(node, "an attribute of a constant")
        self.expr(node)

    def call(self, node: ast.Call) -> None:
        function = node.func
        if not isinstance(function, ast.Attribute) or function.attr not in METHODS:
            what = function.attr if isinstance(function, ast.Attribute) else ast.unparse(function)
            raise _reject(node, f"a call of `{what}`")
        self.receiver(function.value)
        for arg in node.args:
            self.expr(arg)
        for keyword in node.keywords:
            if keyword.arg is None:
                raise _reject(node, "`**` arguments")
            self.expr(keyword.value)

    def elements(self, node: ast.List | ast.Tuple) -> None:
        for element in node.elts:
            self.expr(element)

    def dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values):
            if key is None:
                raise _reject(node, "`**` in a dict")
            self.constant_only(key)
            self.constant_only(value)

    def constant_only(self, node: ast.expr) -> None:
        if not isinstance(node, ast.Constant):
            raise _reject(node, "a dict entry that is not a constant")
        self.constant(node)

    def unary(self, node: ast.UnaryOp) -> None:
        self.operator(node, node.op, _UNARY_OPS)
        self.expr(node.operand)

    def binary(self, node: ast.BinOp) -> None:
        self.operator(node, node.op, _BINARY_OPS)
        self.expr(node.left)
        self.expr(node.right)

    def compare(self, node: ast.Compare) -> None:
        for op in node.ops:
            self.operator(node, op, _COMPARE_OPS)
        for operand in (node.left, *node.comparators):
            self.expr(operand)

    def bool_op(self, node: ast.BoolOp) -> None:
        for value in node.values:
            self.expr(value)

    def operator(self, node: ast.AST, op: ast.AST, allowed: tuple[type[ast.AST], ...]) -> None:
        if not isinstance(op, allowed):
            raise _reject(node, f"the operator `{type(op).__name__}`")


def check_code(code: str, table_names: Collection[str]) -> None:
    """Raise CodegenError unless `code` uses only what generated Polars code needs."""
    try:
        tree = ast.parse(code, mode="exec")
    except SyntaxError as exc:
        raise CodegenError(f"generated code is not valid Python: {exc.msg} (line {exc.lineno})",
                           hint="this is a codegen bug; report the IR that produced it") from None
    except ValueError as exc:  # e.g. a NUL byte, which ast.parse refuses before parsing
        raise CodegenError(f"generated code is not valid Python: {exc}",
                           hint="this is a codegen bug; report the IR that produced it") from None
    _Checker(table_names).module(tree)
