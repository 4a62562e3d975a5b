"""Run an answer the way the Polars Bench runner does.

A fresh Python process imports Polars, loads each table eagerly into a variable named by its
key, runs the code and requires a `pl.DataFrame` in `result`. The frame travels back as an
Arrow IPC file (lossless for every Polars dtype), so grading here sees what the runner sees.
Golden tests, `nlq ask`, the server tests and the bench all go through `run_code`.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from nlq.catalog import TableRef

# A runaway answer can print megabytes; only the end of its output says what went wrong.
_TAIL_CHARS = 4000

# The child writes `status.json` itself, so its own stdout/stderr never carry the verdict.
_HARNESS = """
import json, sys, time, traceback
spec_path, out_dir = sys.argv[1], sys.argv[2]
with open(spec_path) as fh:
    spec = json.load(fh)

def report(error, seconds):
    # Polars errors can embed a whole query plan; the first part names the problem.
    status = {"error": error if error is None or len(error) <= 2000 else error[:2000] + " ...",
              "seconds": seconds}
    with open(out_dir + "/status.json", "w") as fh:
        json.dump(status, fh)

import polars as pl
ns = {"__name__": "__main__", "__builtins__": __builtins__, "pl": pl}
readers = {"parquet": pl.read_parquet, "csv": pl.read_csv}
try:
    for name, (path, fmt) in spec["tables"].items():
        ns[name] = readers[fmt](path)
except Exception as exc:
    report(error=f"loading tables: {type(exc).__name__}: {exc}", seconds=0.0)
    sys.exit(1)

start = time.perf_counter()
try:
    exec(compile(spec["code"], "<answer>", "exec"), ns)
except BaseException as exc:
    seconds = time.perf_counter() - start
    frames = traceback.extract_tb(exc.__traceback__)
    line = next((f.lineno for f in reversed(frames) if f.filename == "<answer>"), None)
    where = f" (line {line})" if line else ""
    report(error=f"{type(exc).__name__}{where}: {exc}", seconds=seconds)
    sys.exit(1)
seconds = time.perf_counter() - start

result = ns.get("result", None)
if not isinstance(result, pl.DataFrame):
    kind = "no `result`" if "result" not in ns else f"`result` is a {type(result).__name__}"
    report(error=f"{kind}, not a pl.DataFrame", seconds=seconds)
    sys.exit(1)
try:
    result.write_ipc(out_dir + "/result.arrow")
except Exception as exc:
    report(error=f"result cannot be serialized: {type(exc).__name__}: {exc}", seconds=seconds)
    sys.exit(1)
report(error=None, seconds=seconds)
"""


@dataclass(frozen=True)
class ExecResult:
    frame: pl.DataFrame | None
    error: str | None
    # Seconds spent in the answer's own code: process start and table loading left out.
    seconds: float

    @property
    def ok(self) -> bool:
        return self.error is None


def run_code(code: str, tables: Mapping[str, TableRef], timeout_s: float = 60) -> ExecResult:
    """Run `code` in a fresh process after loading `tables`; never raises for a bad answer."""
    bad = [name for name in tables if not name.isidentifier()]
    if bad:
        return ExecResult(None, f"table names that are not identifiers: {bad}", 0.0)
    with tempfile.TemporaryDirectory(prefix="nlq-exec-") as tmp:
        work = Path(tmp)
        spec = {"code": code,
                "tables": {n: [str(Path(t.path).resolve()), t.format] for n, t in tables.items()}}
        (work / "spec.json").write_text(json.dumps(spec))
        started = time.perf_counter()
        # Output goes to a file, not a pipe: a chatty answer cannot fill memory or deadlock.
        with open(work / "output.txt", "w+b") as output:
            try:
                subprocess.run([sys.executable, "-c", _HARNESS, str(work / "spec.json"), str(work)],
                               stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                               timeout=timeout_s, check=False)
            except subprocess.TimeoutExpired:
                return ExecResult(None, f"timed out after {timeout_s:g} s",
                                  time.perf_counter() - started)
            output.seek(0, 2)
            output.seek(max(0, output.tell() - _TAIL_CHARS))
            tail = output.read().decode("utf-8", "replace").strip()
        return _collect(work, tail, time.perf_counter() - started)


def _collect(work: Path, tail: str, wall_s: float) -> ExecResult:
    status_path = work / "status.json"
    if not status_path.exists():
        # The process died before reporting (crash, out of memory, killed).
        return ExecResult(None, f"process died without a result: {tail or 'no output'}", wall_s)
    status = json.loads(status_path.read_text())
    if status["error"] is not None:
        return ExecResult(None, status["error"], status["seconds"])
    # Read from bytes: the file lives in a directory about to be deleted (no memory map).
    frame = pl.read_ipc(io.BytesIO((work / "result.arrow").read_bytes()))
    return ExecResult(frame, None, status["seconds"])
