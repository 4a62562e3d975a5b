"""`nlq explain "<question>" --table name=path ...`: print the IR (JSON) and the code."""

from __future__ import annotations

import argparse
from pathlib import Path

from nlq.catalog import load_catalog
from nlq.commands.common import add_table_args, tables_from_args
from nlq.compile import compile_ir, compile_question, explain, load_filler
from nlq.ir import dump_ir


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="the question (not needed with --ir)")
    parser.add_argument("--ir", type=Path, help="explain a hand-written IR file instead of a question")
    parser.add_argument("--fill", choices=["model", "deterministic"], default=None,
                        help="how to fill the IR (default: env NLQ_FILL, else the model)")
    add_table_args(parser, demo=True)


def run(args: argparse.Namespace) -> int:
    tables = tables_from_args(args)
    if args.ir is not None:
        from nlq.commands.compile import read_ir

        query, code = compile_ir(read_ir(args.ir), load_catalog(tables))
        print(dump_ir(query, indent=2))
        print(code, end="")
        return 0
    if not args.question:
        print("nlq: give a question or --ir FILE")
        return 2
    compiled = compile_question(args.question, tables, filler=load_filler(args.fill))
    print(explain(compiled))
    print(compiled.code, end="")
    return 0
