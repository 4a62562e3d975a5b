"""`nlq ask "<question>" --table name=path ... | --demo`: compile, run the code in a fresh
process the way the runner does, and print the IR summary, the code and the frame."""

from __future__ import annotations

import argparse
import json

from nlq.commands.common import add_table_args, tables_from_args
from nlq.compile import compile_question, load_filler
from nlq.execute import run_code
from nlq.exprlang import compact


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question")
    parser.add_argument("--fill", choices=["model", "deterministic"], default=None,
                        help="how to fill the IR (default: env NLQ_FILL, else the model)")
    add_table_args(parser, demo=True)


def _summary(query) -> str:
    # One line per step, expressions in the compact language: shorter than the JSON.
    lines = [f"from {query.source}"]
    for step in query.steps:
        lines.append(f"  {step.kind} {json.dumps(compact(step), ensure_ascii=False)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    tables = tables_from_args(args)
    compiled = compile_question(args.question, tables, filler=load_filler(args.fill))
    if compiled.query is not None:
        print(_summary(compiled.query), end="\n\n")
    print(compiled.code)
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in compiled.timings.items())
    print(f"[{timings}; prompt {compiled.prompt_tokens} tokens, generated {compiled.generated_tokens}]")
    if compiled.fallback:
        print("diagnostic: the model's plan failed; this is the linker's fallback answer")
    executed = run_code(compiled.code, tables)
    if executed.error:
        print(f"error running the code: {executed.error}")
        return 1
    print(executed.frame)
    return 0
