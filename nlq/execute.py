"""Run an answer the way the Polars Bench runner does.

A fresh Python process imports Polars, loads each table eagerly into a variable named by its
key, runs the code and requires a `pl.DataFrame` in `result`. The frame travels back as an
Arrow IPC file (lossless for every Polars dtype), so grading here sees what the runner sees.
Golden tests, `nlq ask`, the server tests and the bench all go through `run_code`.

Every run is bounded: a time limit (`NLQ_EXEC_TIMEOUT_S`, default 60 s; the whole process
group is killed at it) and a memory limit on the process's address space (`RLIMIT_AS`, set by
the child itself before it imports anything: `NLQ_EXEC_MEMORY_MB`, default half the machine's
memory and at least 4 GiB, since Polars alone reserves about 1 GiB of it; 0 for none), tables
included. An answer past either gets an error that names the limit,
and the next run starts fresh.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import polars as pl

from nlq.catalog import TableRef

# A runaway answer can print megabytes; only the end of its output says what went wrong.
_TAIL_CHARS = 4000
DEFAULT_TIMEOUT_S = 60.0
# Polars' allocator aborts the process with this line when an allocation fails.
_RUST_OOM = re.compile(r"memory allocation of (\d+) bytes failed")

# The child writes `status.json` itself, so its own stdout/stderr never carry the verdict.
_HARNESS = """
import json, sys, time, traceback
spec_path, out_dir = sys.argv[1], sys.argv[2]
with open(spec_path) as fh:
    spec = json.load(fh)
if spec["memory_bytes"]:
    # Before Polars is imported: its threads and tables count too. Soft and hard alike, so the
    # answer cannot raise it again.
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (spec["memory_bytes"], spec["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an allocation failure aborts: no core file

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
    # The limit the run was stopped at, if any.
    exceeded: Literal["time", "memory"] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def default_timeout_s() -> float:
    """Seconds one run may take: env NLQ_EXEC_TIMEOUT_S, else 60."""
    return float(os.environ.get("NLQ_EXEC_TIMEOUT_S") or DEFAULT_TIMEOUT_S)


def default_memory_mb() -> int:
    """The address space one run may use, in MiB: env NLQ_EXEC_MEMORY_MB (0: no limit), else half
    the machine's memory, so that a runaway answer fails on its own before the OS kills anything."""
    configured = os.environ.get("NLQ_EXEC_MEMORY_MB")
    if configured:
        return int(configured)
    return max(4096, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2 // 2**20)


def run_code(code: str, tables: Mapping[str, TableRef], timeout_s: float | None = None,
             memory_mb: int | None = None) -> ExecResult:
    """Run `code` in a fresh process after loading `tables`, within `timeout_s` seconds and
    `memory_mb` MiB of address space (None: the defaults above, 0 MiB: no memory limit);
    never raises for a bad answer."""
    timeout_s = default_timeout_s() if timeout_s is None else timeout_s
    memory_mb = default_memory_mb() if memory_mb is None else memory_mb
    bad = [name for name in tables if not name.isidentifier()]
    if bad:
        return ExecResult(None, f"table names that are not identifiers: {bad}", 0.0)
    with tempfile.TemporaryDirectory(prefix="nlq-exec-") as tmp:
        work = Path(tmp)
        spec = {"code": code, "memory_bytes": memory_mb * 2**20,
                "tables": {n: [str(Path(t.path).resolve()), t.format] for n, t in tables.items()}}
        (work / "spec.json").write_text(json.dumps(spec))
        started = time.perf_counter()
        # Output goes to a file, not a pipe: a chatty answer cannot fill memory or deadlock.
        with open(work / "output.txt", "w+b") as output:
            # A session of its own, so the time limit ends whatever the answer started too.
            child = subprocess.Popen([sys.executable, "-c", _HARNESS, str(work / "spec.json"), str(work)],
                                     stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                                     env={**os.environ, "RUST_BACKTRACE": "0"}, cwd=work, start_new_session=True)
            try:
                returncode = child.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _kill_group(child)
                return ExecResult(None, f"timed out after {timeout_s:g} s (the time limit: bench --timeout, "
                                        "NLQ_EXEC_TIMEOUT_S)", time.perf_counter() - started, "time")
            output.seek(0, 2)
            output.seek(max(0, output.tell() - _TAIL_CHARS))
            tail = output.read().decode("utf-8", "replace").strip()
        return _collect(work, tail, time.perf_counter() - started, returncode, memory_mb)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:  # gone already
        pass
    child.wait()


def _out_of_memory(error: str, memory_mb: int) -> ExecResult | None:
    if not memory_mb or not ("MemoryError" in error or _RUST_OOM.search(error)):
        return None
    match = _RUST_OOM.search(error)
    asked = f": it asked for {int(match.group(1)) / 2**20:,.0f} MiB at once" if match else ""
    return ExecResult(None, f"exceeded the memory limit of {memory_mb:,} MiB (NLQ_EXEC_MEMORY_MB){asked}",
                      0.0, "memory")


def _collect(work: Path, tail: str, wall_s: float, returncode: int = 0, memory_mb: int = 0) -> ExecResult:
    status_path = work / "status.json"
    if not status_path.exists():
        # The process died before reporting (crash, out of memory, killed).
        return _out_of_memory(tail, memory_mb) or \
            ExecResult(None, f"process died without a result: {tail or f'no output (exit {returncode})'}", wall_s)
    status = json.loads(status_path.read_text())
    if status["error"] is not None:
        stopped = _out_of_memory(status["error"], memory_mb)
        if stopped is not None:
            return replace(stopped, seconds=status["seconds"])
        return ExecResult(None, status["error"], status["seconds"])
    # Read from bytes: the file lives in a directory about to be deleted (no memory map).
    frame = pl.read_ipc(io.BytesIO((work / "result.arrow").read_bytes()))
    return ExecResult(frame, None, status["seconds"])
