"""Python source fragments shared by the expression and step generators: literals, argument
lists and variable names, each spelled one way so the same IR always gives the same bytes."""

from __future__ import annotations

import json
import keyword
import math
from typing import Any

from nlq.errors import CodegenError

# Names the generated program reserves for itself.
RESERVED = frozenset({"pl", "result"})


def literal(value: Any) -> str:
    """A Python literal for a JSON-like value; strings use double quotes like Polars' docs."""
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CodegenError(f"the number {value!r} has no literal in generated code",
                               hint="use a finite number")
        return repr(value)  # shortest round-trip form: stable across runs and platforms
    if isinstance(value, str):
        # JSON string escapes are a subset of Python's, with the same meaning. Lone surrogates
        # cannot be written out as UTF-8 source, so such a string is spelled with escapes.
        text = json.dumps(value, ensure_ascii=False)
        return text if _encodes(text) else json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise CodegenError(f"no literal for a value of type {type(value).__name__}")


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def names(columns: list[str]) -> str:
    """One column as a string, several as a list: how Polars' own examples pass them."""
    return literal(columns[0]) if len(columns) == 1 else literal(columns)


def call(name: str, *args: str, **kwargs: str | None) -> str:
    """`name(arg, ..., key=value)`; keywords whose code is None (a Polars default) are left out."""
    parts = [*args, *(f"{key}={code}" for key, code in kwargs.items() if code is not None)]
    return f"{name}({', '.join(parts)})"


def variable(name: str, path: tuple[str | int, ...]) -> str:
    """A table key or def name used as a Python variable."""
    if not name.isidentifier() or keyword.iskeyword(name) or name in RESERVED or name.startswith("_"):
        raise CodegenError(
            f"`{name}` cannot be a variable in generated code", path=path,
            hint="table keys and def names must be Python identifiers, not keywords, not "
                 "starting with `_`, and not `pl` or `result`",
        )
    return name
