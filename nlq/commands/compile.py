"""`nlq compile IR.json --table name=path ...`: print the Polars code for a hand-written IR."""

from __future__ import annotations

import argparse
from pathlib import Path

from nlq.catalog import load_catalog
from nlq.commands.common import add_table_args, tables_from_args
from nlq.compile import compile_ir
from nlq.errors import IRError
from nlq.ir import Query


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ir", type=Path, help="an IR JSON file")
    add_table_args(parser)


def read_ir(path: Path) -> Query:
    from pydantic import ValidationError

    try:
        return Query.model_validate_json(path.read_text())
    except OSError as exc:
        raise IRError(f"cannot read {path}: {exc.strerror}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise IRError(f"{path}: {first['msg']}", path=tuple(first["loc"]),
                      hint="see nlq/ir.py for the node kinds and their fields") from None


def run(args: argparse.Namespace) -> int:
    query = read_ir(args.ir)
    _, code = compile_ir(query, load_catalog(tables_from_args(args)))
    print(code, end="")
    return 0
