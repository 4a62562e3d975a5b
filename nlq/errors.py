"""One error tree for every stage.

Each error carries a JSON path into the IR (a tuple of keys and indexes), a message and a
hint, so the CLI can print one line, the API can return JSON and the fill stage can feed the
error back to the model for a repair.
"""

from __future__ import annotations

from typing import Any

Path = tuple[str | int, ...]


class NlqError(Exception):
    stage = "nlq"

    def __init__(self, message: str, *, path: Path = (), hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = tuple(path)
        self.hint = hint

    @property
    def pointer(self) -> str:
        """The path as a JSON pointer (RFC 6901), e.g. ``/body/steps/2/predicate``."""
        return "".join(f"/{p}" for p in self.path)

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "error": type(self).__name__,
            "message": self.message,
            "path": self.pointer,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        where = f" at {self.pointer}" if self.path else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.stage} error{where}: {self.message}{hint}"


class CatalogError(NlqError):
    """A table file is missing, unreadable or of an unsupported format."""

    stage = "catalog"


class ParseError(NlqError):
    """An expression string does not follow grammar/expr.lark."""

    stage = "parse"


class IRError(NlqError):
    """The IR is malformed on its own, before any table schema is consulted."""

    stage = "ir"


class ResolveError(NlqError):
    """The IR does not fit the tables: unknown column, wrong operand type, no join path."""

    stage = "resolve"


class CodegenError(NlqError):
    """A node has no codegen handler, or emitted code failed the allowlist check."""

    stage = "codegen"


class CheckError(NlqError):
    """The compiled answer's result disagrees with the question's Intent (one row asked,
    several returned; a listed column missing), or fails when run on the tables."""

    stage = "check"


class FillError(NlqError):
    """The model could not fill the IR (load failure, constraint failure, budget exhausted)."""

    stage = "fill"


class UnfinishedError(FillError):
    """The model's plan ran past its token budget. Asking again with the error would run out
    the same way, so this one is not worth a repair round."""


class BenchError(NlqError):
    """A cases file or a bench option is unusable."""

    stage = "bench"
