"""codegen: a resolved, lowered Query -> deterministic Polars source assigning `result`.

Each def becomes `name = <chain>` in order, then the body becomes `result = <chain>`. The
output always passes the AST allowlist before it is returned.
"""

from __future__ import annotations

from collections.abc import Collection

from codegen.allowlist import check_code
from codegen.pysrc import variable
from codegen.steps import pipeline_statement
from nlq.ir import Query

__all__ = ["check_code", "generate"]


def generate(query: Query, catalog: Collection[str]) -> str:
    """Polars source for `query`; `catalog` is the request's tables (a Catalog, or their names)."""
    statements = [pipeline_statement(variable(name, ("defs", name)), pipeline, ("defs", name))
                  for name, pipeline in query.defs.items()]
    statements.append(pipeline_statement("result", query.body, ()))
    code = "\n".join(statements) + "\n"
    check_code(code, catalog)
    return code
