"""The AST allowlist: generated-looking programs pass, hostile ones fail with a hint."""

from __future__ import annotations

import pytest

from codegen import check_code
from nlq.errors import CodegenError

TABLES = ["orders", "people"]

ACCEPTED = [
    "result = orders",
    'result = orders.filter((pl.col("qty") > 2) & ~pl.col("tag").is_in(["a", "b"]))',
    'big = (\n    orders\n    .group_by("who", maintain_order=True)\n    .agg(pl.len().alias("n"))\n)\n'
    'result = people.join(big, left_on="name", right_on="who", how="left")',
    'result = orders.select((pl.col("at").str.to_datetime(time_unit="us") - pl.datetime(2024, 1, 1))'
    '.dt.total_days().alias("days"), pl.col("qty").cast(pl.Float64))',
    'result = orders.rename({"qty": "quantity"}).with_columns(-pl.col("quantity") * -1.5)',
    'result = orders.select(pl.when(pl.col("qty") > 1).then(pl.lit("x")).otherwise(pl.lit(None)))',
]


@pytest.mark.parametrize("code", ACCEPTED)
def test_generated_shapes_pass(code: str) -> None:
    check_code(code, TABLES)


REJECTED = {
    "import": ("import os\nresult = orders", "Import"),
    "from_import": ("from os import system\nresult = orders", "ImportFrom"),
    "dunder_import": ('result = __import__("os")', "__import__"),
    "dunder_import_chain": ('result = __import__("os").system("true")', "system"),
    "open": ('result = open("/etc/passwd")', "open"),
    "eval_call": ('result = eval("1")', "eval"),
    "exec_name": ("result = exec", "exec"),
    "getattr": ('result = getattr(orders, "head")()', "getattr"),
    "dunder_attribute": ("result = orders.__class__", "__class__"),
    "dunder_method": ('result = pl.col("a").__class__.__base__.__subclasses__()', "__subclasses__"),
    "private_method": ("result = orders._df", "_df"),
    "unknown_method": ('result = orders.write_csv("/tmp/x")', "write_csv"),
    "map_elements": ('result = orders.with_columns(pl.col("a").map_elements(print))', "map_elements"),
    "pl_io": ('result = pl.read_csv("/etc/passwd")', "read_csv"),
    "lambda": ('result = orders.filter((lambda: pl.col("a"))())', "call of `lambda"),
    "lambda_arg": ('result = orders.pipe(lambda df: df)', "pipe"),
    "comprehension": ('result = orders.select([pl.col(c) for c in "ab"])', "ListComp"),
    "fstring": ('result = orders.select(pl.col(f"{orders}"))', "JoinedStr"),
    "subscript": ("result = orders[0]", "Subscript"),
    "walrus": ("result = (x := orders)", "NamedExpr"),
    "power": ("result = orders.head(10 ** 10)", "Pow"),
    "unknown_name": ("result = secrets", "`secrets`"),
    "os_name": ("result = os", "`os`"),
    "builtin_call": ("result = print(orders)", "call of `print`"),
    "bare_expression": ("orders\nresult = orders", "Expr"),
    "reassign_pl": ("pl = orders\nresult = orders", "assignment to `pl`"),
    "reassign_table": ("people = orders\nresult = people", "assignment to `people`"),
    "attribute_target": ("orders.x = 1\nresult = orders", "assignment to a `Attribute`"),
    "tuple_target": ("result, x = orders, orders", "assignment to a `Tuple`"),
    "kwargs_splat": ('result = orders.sort(**{"by": "a"})', "`**`"),
    "constant_method": ('result = orders.select(pl.lit("{}".join(["a"])))', "constant"),
    "bytes": ('result = orders.filter(pl.col("a") == b"x")', "bytes"),
    "no_result": ("answer = orders", "`result`"),
    "def": ("def f():\n    return orders\nresult = orders", "FunctionDef"),
    "syntax": ("result = orders.filter(", "not valid Python"),
}


@pytest.mark.parametrize("code, what", REJECTED.values(), ids=REJECTED.keys())
def test_hostile_programs_fail(code: str, what: str) -> None:
    with pytest.raises(CodegenError) as info:
        check_code(code, TABLES)
    assert what in info.value.message
    assert info.value.hint


def test_names_are_only_read_after_their_assignment() -> None:
    with pytest.raises(CodegenError, match="`later`"):
        check_code("result = later\nlater = orders", TABLES)
    check_code("later = orders\nresult = later", TABLES)
