"""`nlq bench --suite NAME ... | --cases FILE.jsonl`: answer every case of one or more suites,
run answer and gold like the runner, grade like the runner, and report each suite side by
side (and the gap between them), optionally next to free-form generation.

A case file holds one JSON object a line: `id`, `set` (or `family`), `question`, `tables`
(name -> `{"file_name", "format"}`, `file_name` relative to the data root), `gold_code`, an
optional `nondeterministic_gold` (such cases are run and graded but left out of N) and the
suite's optional tags `family`, `split`, `style`, `shape` (cases/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from nlq.catalog import TableRef
from nlq.compile import Compiled, compile_question
from nlq.errors import BenchError
from nlq.fill import SURFACES
from nlq.execute import ExecResult, run_code
from nlq.grade import Verdict, compare


@dataclass(frozen=True)
class Case:
    id: str
    set: str
    question: str
    tables: dict[str, TableRef]
    gold_code: str
    nondeterministic: bool = False
    family: str = ""
    split: str = ""
    style: str = ""
    shape: str = ""


class System(Protocol):
    """Something that answers a question with code: the compiler, a server, a baseline."""

    name: str

    def answer(self, question: str, tables: Mapping[str, TableRef]) -> Compiled: ...


# ---------------------------------------------------------------------------------------
# Cases

ROOT = Path(__file__).resolve().parent.parent
# The suite's tags, in the order reports break results down by them.
TAGS = ("family", "split", "style", "shape")

def load_cases(path: Path, data_root: Path | None = None,
               only: tuple[str, ...] = (), allow_empty: bool = False) -> list[Case]:
    """Read a case file; `only` keeps the cases whose id starts with one of the prefixes."""
    root = data_root or path.parent
    try:
        lines = path.read_text().splitlines()
    except OSError as exc:
        raise BenchError(f"cannot read {path}: {exc.strerror}", hint="pass --cases FILE.jsonl") from None
    cases = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            case = Case(id=raw["id"], set=raw.get("set") or raw["family"], question=raw["question"],
                        tables={name: TableRef(str(root / spec["file_name"]), spec.get("format", "parquet"))
                                for name, spec in raw["tables"].items()},
                        gold_code=raw["gold_code"],
                        nondeterministic=bool(raw.get("nondeterministic_gold", False)),
                        **{tag: str(raw.get(tag, "")) for tag in TAGS})
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise BenchError(f"{path}:{number}: not a case ({type(exc).__name__}: {exc})",
                             path=(number,),
                             hint="each line needs id, set or family, question, tables, gold_code") from None
        if not only or case.id.startswith(only):
            cases.append(case)
    if not cases and not allow_empty:
        raise BenchError(f"no cases in {path}" + (f" with ids starting {list(only)}" if only else ""),
                         hint="check --cases and --only")
    return cases


def devset_path() -> Path:
    return Path(os.environ.get("NLQ_DEVSET") or ROOT.parent / "shared" / "devset" / "cases.jsonl")


def _suite_cases(split: str | None, only: tuple[str, ...]) -> list[Case]:
    from nlq.demo import DEMO_DIR
    from nlq.families import FAMILIES, refs, write_family

    cases = [case for path in sorted((ROOT / "cases" / "suite").glob("*.jsonl")) if path.stem in FAMILIES
             for case in load_cases(path, DEMO_DIR, only, allow_empty=True)
             if split is None or case.split == split]
    if not cases:
        raise BenchError(f"no {split or 'suite'} cases" + (f" with ids starting {list(only)}" if only else ""),
                         hint="check --only")
    for family in dict.fromkeys(case.family for case in cases):  # generated on first use
        if not all(Path(ref.path).is_file() for ref in refs(family, DEMO_DIR).values()):
            write_family(family, DEMO_DIR)
    return cases


def _demo_cases(only: tuple[str, ...]) -> list[Case]:
    from nlq.demo import DEMO_DIR, demo_tables

    demo_tables(DEMO_DIR)
    return load_cases(ROOT / "cases" / "demo.jsonl", DEMO_DIR, only)


# suite name -> its cases; `train` and `eval` are the halves of cases/suite/
SUITES: dict[str, Callable[[tuple[str, ...]], list[Case]]] = {
    "eval": lambda only: _suite_cases("eval", only),
    "train": lambda only: _suite_cases("train", only),
    "suite": lambda only: _suite_cases(None, only),
    "demo": _demo_cases,
    "devset": lambda only: load_cases(devset_path(), None, only),
}


# ---------------------------------------------------------------------------------------
# Systems

@dataclass
class CompilerSystem:
    filler: Any
    name: str = "nlq"
    # What loading (and warming) the filler took: seconds, and the resident memory it added.
    load: dict[str, float | None] = field(default_factory=dict)

    def answer(self, question: str, tables: Mapping[str, TableRef]) -> Compiled:
        return compile_question(question, tables, filler=self.filler)


@dataclass
class ServerSystem:
    """A running server, asked through the runner's own request."""

    url: str
    timeout_s: float = 200.0
    name: str = "server"

    def answer(self, question: str, tables: Mapping[str, TableRef]) -> Compiled:
        import requests

        body = {"message": question,
                "tables": {n: {"file_name": str(Path(t.path).resolve()), "format": t.format}
                           for n, t in tables.items()}}
        try:
            reply = requests.post(self.url.rstrip("/") + "/chat", json=body, timeout=self.timeout_s)
            reply.raise_for_status()
            return Compiled(code=reply.json()["response"])
        except (requests.RequestException, ValueError, KeyError) as exc:
            # The runner aborts on any of these; the bench records it as this case's error.
            return Compiled(code="", diagnostics=[f"server: {type(exc).__name__}: {exc}"],
                            fallback=True)


def _current_rss_gb() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:  # not Linux
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024**3


def parse_system(spec: str) -> tuple[str, str | None]:
    """`BACKEND[:MODEL]` -> the backend and the model (None: the default one)."""
    from nlq.backends import check_backend

    backend, _, model = spec.partition(":")
    return check_backend(backend), model or None


def _load_system(args: argparse.Namespace, name: str, backend: str | None, model: str | None) -> list[System]:
    from nlq.compile import load_filler

    rss, started = _current_rss_gb(), time.perf_counter()
    filler = load_filler(args.fill, model, backend)
    after = _current_rss_gb()
    load = {"load_s": time.perf_counter() - started,
            "load_rss_gb": after - rss if rss is not None and after is not None else None}
    surfaces = list(dict.fromkeys(getattr(args, "surface", None) or []))
    if not (surfaces and hasattr(filler, "surface")):
        return [CompilerSystem(filler, name, load)]
    # One model, one system per fill surface, side by side on the same cases.
    systems: list[System] = []
    for surface in surfaces:
        each = replace(filler, surface=surface)
        each.warm()
        systems.append(CompilerSystem(each, f"{name}-{surface}", load))
    return systems


def build_systems(args: argparse.Namespace) -> list[System]:
    if args.server:
        systems: list[System] = [ServerSystem(args.server)]
    elif args.system:
        if args.model or args.backend:
            raise BenchError("--system names its own backend and model",
                             hint="pass --system BACKEND[:MODEL] for each, without --model and --backend")
        # Each backend and model its own system, loaded in turn into this process, so their
        # seconds are measured side by side on the same cases under the same load.
        systems = [system for spec in dict.fromkeys(args.system)
                   for system in _load_system(args, spec, *parse_system(spec))]
    else:
        systems = _load_system(args, "nlq", args.backend, args.model)
    if args.baseline == "freeform":
        from nlq.baseline import FreeformBaseline
        from nlq.engine import load_engine

        systems.append(FreeformBaseline(load_engine(args.model, args.backend)))
    return systems


# ---------------------------------------------------------------------------------------
# Running

@dataclass
class Attempt:
    """One system's answer to one case, run and graded."""

    code: str
    seconds: float
    timings: dict[str, float]
    prompt_tokens: int
    generated_tokens: int
    diagnostics: list[str]
    fallback: bool
    drafted: bool
    exec_seconds: float
    verdict: Verdict

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict.to_json()}


def run_attempt(system: System, case: Case, gold: ExecResult, timeout_s: float) -> Attempt:
    started = time.perf_counter()
    compiled = system.answer(case.question, case.tables)
    seconds = time.perf_counter() - started
    executed = run_code(compiled.code, case.tables, timeout_s) if compiled.code else \
        ExecResult(None, "; ".join(compiled.diagnostics) or "no code", 0.0)
    return Attempt(code=compiled.code, seconds=seconds, timings=dict(compiled.timings),
                   prompt_tokens=compiled.prompt_tokens, generated_tokens=compiled.generated_tokens,
                   diagnostics=list(compiled.diagnostics), fallback=compiled.fallback,
                   drafted=compiled.drafted, exec_seconds=executed.seconds, verdict=compare(executed, gold))


def bench(cases: list[Case], systems: list[System], timeout_s: float = 60,
          progress: Callable[[dict[str, Any]], None] | None = None, suite: str = "") -> list[dict[str, Any]]:
    """Every case through every system; one record per case."""
    records = []
    for case in cases:
        gold = run_code(case.gold_code, case.tables, timeout_s)
        attempts = {system.name: run_attempt(system, case, gold, timeout_s) for system in systems}
        record = {"id": case.id, "suite": suite, "set": case.set, "question": case.question,
                  **{tag: getattr(case, tag) for tag in TAGS},
                  "counted": gold.ok and not case.nondeterministic,
                  "nondeterministic": case.nondeterministic, "gold_error": gold.error,
                  "systems": {name: a.to_json() for name, a in attempts.items()}}
        records.append(record)
        if progress:
            progress(record)
    return records


def resources() -> dict[str, float | None]:
    """Peak RSS of this process and peak GPU memory (None when no GPU was used), in GB."""
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux: KiB
    vram_gb = None
    torch = sys.modules.get("torch")  # only when a system imported it: never import it here
    if torch is not None and torch.cuda.is_available() and torch.cuda.max_memory_reserved():
        vram_gb = torch.cuda.max_memory_reserved() / 1024**3
    return {"peak_rss_gb": rss_gb, "vram_gb": vram_gb}


class Progress:
    """A progress bar over every case of every suite (rich), with each system's running exact
    count, and one line per case above it: each system's verdict and seconds."""

    def __init__(self, total: int, stream: Any = None):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.console = Console(file=stream or sys.stderr, highlight=False)
        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn(), TextColumn("{task.fields[totals]}"), console=self.console)
        self.task = self.bar.add_task("bench", total=total, totals="")
        self.exact: dict[str, int] = {}
        self.counted = 0

    def __enter__(self) -> Progress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def __call__(self, record: dict[str, Any]) -> None:
        self.counted += record["counted"]
        parts = []
        for name, answer in record["systems"].items():
            verdict = answer["verdict"]
            matched = verdict["outcome"] == "match"
            self.exact[name] = self.exact.get(name, 0) + (record["counted"] and matched)
            parts.append(f"{name} {'ok' if matched else verdict['outcome']} {answer['seconds']:.1f}s")
        totals = ", ".join(f"{name} {n}/{self.counted}" for name, n in self.exact.items())
        self.console.print(f"{record['suite'] or '-'} {record['id']:<10} {'  '.join(parts)}", markup=False)
        self.bar.update(self.task, advance=1, description=record["suite"] or "bench", totals=totals)


# ---------------------------------------------------------------------------------------
# Command

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--suite", action="append", choices=list(SUITES), default=[],
                        help="a named suite (repeat to run several side by side): eval and train are "
                             "the halves of cases/suite/, suite both, demo cases/demo.jsonl, devset "
                             "the practice set (env NLQ_DEVSET)")
    parser.add_argument("--cases", type=Path, default=None, help="a case file (JSON lines) of your own")
    parser.add_argument("--data-root", type=Path, default=None,
                        help="folder --cases' file_name are relative to (default: the case file's)")
    parser.add_argument("--only", default="", help="comma-separated id prefixes, e.g. FIL,hr-0")
    parser.add_argument("--model", default=None, help="model path or hub id (default: env NLQ_MODEL, "
                                                      "else the embedded model)")
    parser.add_argument("--backend", choices=["llamacpp", "transformers", "openai"], default=None,
                        help="the model's backend (default: env NLQ_BACKEND, else transformers on CUDA, "
                             "llamacpp elsewhere)")
    parser.add_argument("--system", action="append", default=[], metavar="BACKEND[:MODEL]",
                        help="a backend and model as a system of its own (repeat to run several side by "
                             "side in one process), e.g. llamacpp:qwen2.5-coder-1.5b")
    parser.add_argument("--fill", choices=["model", "deterministic"], default=None,
                        help="how nlq fills the IR (default: env NLQ_FILL, else the model)")
    parser.add_argument("--surface", action="append", choices=list(SURFACES), default=[],
                        help="the model's fill surface (repeat to run several side by side; default: env "
                             "NLQ_SURFACE, else steps)")
    parser.add_argument("--server", default=None, help="ask a running server (POST URL/chat) instead")
    parser.add_argument("--baseline", choices=["freeform"], default=None,
                        help="also run the model writing Polars code directly, for comparison")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one code run may take")
    parser.add_argument("--out", type=Path, default=Path("out/bench"), help="report folder")


def selected_suites(args: argparse.Namespace) -> dict[str, list[Case]]:
    only = tuple(p.strip() for p in args.only.split(",") if p.strip())
    if not args.suite and not args.cases:
        raise BenchError("no cases chosen", hint="pass --suite eval (and more --suite) or --cases FILE.jsonl")
    suites = {name: SUITES[name](only) for name in dict.fromkeys(args.suite)}
    if args.cases:
        suites[args.cases.stem] = load_cases(args.cases, args.data_root, only)
    return suites


def run(args: argparse.Namespace) -> int:
    from nlq.report import format_report, summarize_suites, write_reports

    suites = selected_suites(args)
    systems = build_systems(args)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    with Progress(sum(map(len, suites.values()))) as progress:
        for name, cases in suites.items():
            records += bench(cases, systems, args.timeout, progress, suite=name)
    used = {**resources(), "loads": {s.name: s.load for s in systems if getattr(s, "load", None)}}
    report = {
        "options": {key: value if value is None or isinstance(value, list) else str(value)
                    for key, value in vars(args).items()},
        "wall_s": time.perf_counter() - started,
        "resources": used,
        # Over HTTP the answering process is the server, whose memory this process cannot see.
        "summary": summarize_suites(records, [s.name for s in systems], used, ram_measured=not args.server),
        "cases": records,
    }
    print(format_report(report["summary"]))
    for path in write_reports(report, args.out):
        print(f"wrote {path}", file=sys.stderr)
    return 0
