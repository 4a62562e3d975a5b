"""run_code behaves like the runner: fresh process, eager tables, a DataFrame in `result`."""

from __future__ import annotations

import time

import polars as pl
import pytest

from nlq.catalog import TableRef
from nlq.execute import default_memory_mb, default_timeout_s, run_code


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TableRef]:
    root = tmp_path_factory.mktemp("tables")
    pl.DataFrame({"item": ["pen", "ink", "pad"], "stock": [3, 0, 7]}).write_parquet(root / "shelf.parquet")
    pl.DataFrame({"item": ["pen", "pad"], "price": [1.5, 4.25]}).write_csv(root / "prices.csv")
    return {"shelf": TableRef(str(root / "shelf.parquet")),
            "prices": TableRef(str(root / "prices.csv"), "csv")}


def test_tables_are_eager_frames_and_result_comes_back(tables: dict[str, TableRef]) -> None:
    code = "result = shelf.join(prices, on='item').filter(pl.col('stock') > 0).sort('item')"
    run = run_code(code, tables)
    assert run.ok and run.error is None
    assert run.frame is not None
    assert run.frame.to_dict(as_series=False) == {
        "item": ["pad", "pen"], "stock": [7, 3], "price": [4.25, 1.5]}


def test_lazyframe_result_is_an_error(tables: dict[str, TableRef]) -> None:
    run = run_code("result = shelf.lazy().filter(pl.col('stock') > 0)", tables)
    assert not run.ok and run.frame is None
    assert run.error == "`result` is a LazyFrame, not a pl.DataFrame"


def test_missing_result_and_exception_text(tables: dict[str, TableRef]) -> None:
    assert run_code("total = 1", tables).error == "no `result`, not a pl.DataFrame"
    error = run_code("x = 1\nresult = shelf.select(pl.col('colour'))", tables).error
    assert error is not None
    assert error.startswith("ColumnNotFoundError (line 2)") and "colour" in error


def test_each_run_is_a_fresh_process(tables: dict[str, TableRef]) -> None:
    assert run_code("leaked = 1\nresult = shelf", tables).ok
    assert "NameError" in (run_code("result = shelf.head(leaked)", tables).error or "")


def test_timeout_and_noisy_output_do_not_hang(tables: dict[str, TableRef]) -> None:
    slow = run_code("import time\ntime.sleep(30)", tables, timeout_s=1)
    assert slow.error is not None and slow.error.startswith("timed out after 1 s") and slow.exceeded == "time"
    noisy = run_code("print('x' * 5_000_000)\nraise SystemExit(3)", tables)
    assert noisy.error is not None and noisy.error.startswith("SystemExit")


def test_crash_and_unreadable_table(tables: dict[str, TableRef], tmp_path) -> None:
    died = run_code("import os, sys\nsys.stderr.write('boom')\nsys.stderr.flush()\nos._exit(9)", tables)
    assert died.error == "process died without a result: boom"
    missing = run_code("result = ghost", {"ghost": TableRef(str(tmp_path / "none.parquet"))})
    assert missing.error is not None and missing.error.startswith("loading tables:")
    assert run_code("result = 1", {"not-a-name": tables["shelf"]}).error.startswith(
        "table names that are not identifiers")


# ---------------------------------------------------------------------------------------
# Limits: a runaway answer is stopped with an error that names the limit, and the next runs.

def test_an_answer_past_the_time_limit_is_stopped_with_what_it_started(tables: dict[str, TableRef],
                                                                       tmp_path) -> None:
    marker = tmp_path / "grandchild.pid"
    code = ("import subprocess, sys, time\n"
            f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
            f"open({str(marker)!r}, 'w').write(str(p.pid))\n"
            "while True: pass")
    started = time.perf_counter()
    spun = run_code(code, tables, timeout_s=2)
    assert time.perf_counter() - started < 10
    assert spun.exceeded == "time" and "NLQ_EXEC_TIMEOUT_S" in (spun.error or "")
    pid = int(marker.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), "the answer's own child outlived the time limit"
    assert run_code("result = shelf", tables, timeout_s=30).ok


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"  # a zombie is dead, waiting for its parent
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.parametrize("code", [
    "result = pl.select(pl.int_range(0, 2_000_000_000).alias('x'))",   # Polars' allocator aborts
    "blob = bytearray(8 * 2**30)\nresult = shelf",                       # Python raises MemoryError
], ids=["polars", "python"])
def test_an_answer_past_the_memory_limit_is_stopped_and_the_next_runs(tables: dict[str, TableRef], code: str) -> None:
    hog = run_code(code, tables, memory_mb=2048)
    assert not hog.ok and hog.exceeded == "memory", hog.error
    assert hog.error is not None and hog.error.startswith("exceeded the memory limit of 2,048 MiB (NLQ_EXEC_MEMORY_MB)")
    after = run_code("result = shelf.head(1)", tables, memory_mb=2048)
    assert after.ok and after.frame is not None and after.frame.height == 1


def test_the_limits_come_from_the_environment(tables: dict[str, TableRef], monkeypatch) -> None:
    monkeypatch.setenv("NLQ_EXEC_MEMORY_MB", "2048")
    monkeypatch.setenv("NLQ_EXEC_TIMEOUT_S", "1.5")
    assert default_memory_mb() == 2048 and default_timeout_s() == 1.5
    assert run_code("blob = bytearray(8 * 2**30)", tables).exceeded == "memory"
    assert run_code("import time\ntime.sleep(30)", tables).error.startswith("timed out after 1.5 s")
    monkeypatch.setenv("NLQ_EXEC_MEMORY_MB", "0")  # no limit: what the limit refused runs
    assert run_code("blob = bytearray(2 * 2**30)\nresult = shelf", tables, timeout_s=30).ok
    monkeypatch.delenv("NLQ_EXEC_MEMORY_MB")
    assert default_memory_mb() >= 4096
