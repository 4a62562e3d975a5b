"""`nlq` command line: one subcommand per module, each exposing `configure(parser)` and
`run(args) -> int`. Modules are imported only when their command runs (or is configured),
so `nlq compile` never imports torch."""

from __future__ import annotations

import argparse
import importlib
import sys

from nlq.errors import NlqError

# command -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "compile": ("nlq.commands.compile", "compile an IR JSON file to Polars code"),
    "explain": ("nlq.commands.explain", "print the IR and the code for a question (or --ir FILE)"),
    "ask": ("nlq.commands.ask", "answer a question: compile, run like the runner, print the frame"),
    "bench": ("nlq.bench", "grade compile() on a cases file like the runner does"),
    "export-runner": ("nlq.export", "write a tree the Polars Bench runner installs"),
    "model": ("nlq.model", "prepare or inspect the embedded default model"),
    "demo-data": ("nlq.demo", "write the project's demo tables"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nlq", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    argv = sys.argv[1:] if argv is None else argv
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        # Configure only the chosen command: the others' modules stay unimported.
        if argv and argv[0] == name:
            importlib.import_module(module).configure(command)
    args = parser.parse_args(argv)
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return module.run(args)
    except NlqError as exc:
        print(f"nlq: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
