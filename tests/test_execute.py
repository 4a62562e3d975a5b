"""run_code behaves like the runner: fresh process, eager tables, a DataFrame in `result`."""

from __future__ import annotations

import polars as pl
import pytest

from nlq.catalog import TableRef
from nlq.execute import run_code


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
    assert slow.error == "timed out after 1 s"
    noisy = run_code("print('x' * 5_000_000)\nraise SystemExit(3)", tables)
    assert noisy.error is not None and noisy.error.startswith("SystemExit")


def test_crash_and_unreadable_table(tables: dict[str, TableRef], tmp_path) -> None:
    died = run_code("import os, sys\nsys.stderr.write('boom')\nsys.stderr.flush()\nos._exit(9)", tables)
    assert died.error == "process died without a result: boom"
    missing = run_code("result = ghost", {"ghost": TableRef(str(tmp_path / "none.parquet"))})
    assert missing.error is not None and missing.error.startswith("loading tables:")
    assert run_code("result = 1", {"not-a-name": tables["shelf"]}).error.startswith(
        "table names that are not identifiers")
