"""Arguments shared by the commands that take tables."""

from __future__ import annotations

import argparse
from pathlib import Path

from nlq.catalog import TableRef, data_root, root_problem
from nlq.errors import NlqError


def add_table_args(parser: argparse.ArgumentParser, *, demo: bool = False) -> None:
    parser.add_argument("--table", action="append", default=[], metavar="NAME=PATH",
                        help="a table variable and its parquet/CSV file (repeatable)")
    parser.add_argument("--data-root", default=None, metavar="DIR",
                        help="refuse tables whose files resolve outside DIR (default: env NLQ_DATA_ROOT)")
    if demo:
        parser.add_argument("--demo", action="store_true",
                            help="use the project's demo tables (generated on first use)")


def tables_from_args(args: argparse.Namespace) -> dict[str, TableRef]:
    tables: dict[str, TableRef] = {}
    if getattr(args, "demo", False):
        from nlq.demo import demo_tables

        tables.update(demo_tables())
    for spec in args.table:
        name, sep, path = spec.partition("=")
        if not sep or not name.isidentifier() or not path:
            raise NlqError(f"bad --table {spec!r}", hint="write --table name=path/to/file.parquet")
        fmt = "csv" if Path(path).suffix.lower() == ".csv" else "parquet"
        tables[name] = TableRef(path=str(Path(path).resolve()), format=fmt)
    if not tables:
        raise NlqError("no tables given", hint="add --table name=path (or --demo)")
    root = getattr(args, "data_root", None) or data_root()
    for name, ref in tables.items():
        if problem := root_problem(name, ref.path, root):
            raise NlqError(problem, hint="move the file under the data root, or point --data-root / NLQ_DATA_ROOT at its directory")
    return tables
