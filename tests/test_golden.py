"""Golden codegen tests on the demo tables.

Each `tests/golden/<case>/` holds a question, its tables, a hand-written IR and the code the
compiler generates for it (`expected.py`, rewritten by `pytest --update-goldens` and reviewed
by hand). A case's code must equal `expected.py` byte for byte, and its result must match the
result of the case's hand-written gold code in `cases/demo.jsonl` under the runner's rule.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from nlq.catalog import TableRef, load_catalog
from nlq.compile import compile_ir
from nlq.demo import DEMO_DIR, demo_tables
from nlq.grade import compare
from nlq.ir import EXPR_KINDS, STEP_KINDS, Query, node_kinds

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
CASES_FILE = ROOT / "cases" / "demo.jsonl"
CASE_SETS = {"filters", "joins", "window_functions", "aggregations", "full_pipeline"}
# Resolve inserts `to_date`; a hand-written IR never spells it.
UNWRITTEN_KINDS = {"to_date"}

# Cases the compiler gets wrong today, with the reason; strict, so a fix shows up as XPASS.
KNOWN_FAILURES: dict[str, str] = {}

CASES: dict[str, dict[str, Any]] = {
    row["id"]: row for row in map(json.loads, CASES_FILE.read_text().splitlines())
}
GOLDEN_IDS = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def _golden_param(case_id: str) -> Any:
    marks = [pytest.mark.xfail(reason=KNOWN_FAILURES[case_id], strict=True)] if case_id in KNOWN_FAILURES else []
    return pytest.param(case_id, marks=marks, id=case_id)


@pytest.fixture(scope="session", autouse=True)
def _demo_data() -> None:
    demo_tables(DEMO_DIR)  # generates the files once where they are missing


def _refs(case: dict[str, Any]) -> dict[str, TableRef]:
    return {name: TableRef(str(DEMO_DIR / entry["file_name"]), entry["format"])
            for name, entry in case["tables"].items()}


@cache
def _read(ref: TableRef) -> pl.DataFrame:
    return pl.read_csv(ref.path) if ref.format == "csv" else pl.read_parquet(ref.path)


def _run(code: str, case: dict[str, Any]) -> Any:
    """What the runner leaves in `result`: `pl` and each table as an eager frame, then the code."""
    namespace: dict[str, Any] = {"pl": pl, **{name: _read(ref) for name, ref in _refs(case).items()}}
    exec(compile(code, f"<{case['id']}>", "exec"), namespace)
    return namespace.get("result")


def _query(case_id: str) -> Query:
    return Query.model_validate_json((GOLDEN / case_id / "ir.json").read_text())


@pytest.mark.compat
@pytest.mark.parametrize("case_id", [_golden_param(c) for c in GOLDEN_IDS])
def test_golden(case_id: str, request: pytest.FixtureRequest) -> None:
    case = CASES[case_id]
    _, code = compile_ir(_query(case_id), load_catalog(_refs(case)))
    expected = GOLDEN / case_id / "expected.py"
    if request.config.getoption("--update-goldens"):
        expected.write_text(code)
    assert code == expected.read_text(), f"generated code differs from {expected.relative_to(ROOT)}"
    verdict = compare(_run(code, case), _run(case["gold_code"], case))
    assert verdict.match, f"{verdict.outcome}: {verdict.detail}"


@pytest.mark.compat
@pytest.mark.parametrize("case_id", sorted(CASES))
def test_gold_code_gives_a_non_empty_frame(case_id: str) -> None:
    result = _run(CASES[case_id]["gold_code"], CASES[case_id])
    assert isinstance(result, pl.DataFrame) and result.height > 0


def test_cases_and_goldens_agree() -> None:
    assert all(case["set"] in CASE_SETS for case in CASES.values())
    assert {case["set"] for case in CASES.values()} == CASE_SETS
    for case_id in GOLDEN_IDS:
        folder = GOLDEN / case_id
        assert case_id in CASES, f"{folder} has no case in {CASES_FILE.name}"
        assert (folder / "question.txt").read_text().strip() == CASES[case_id]["question"]
        assert (folder / "tables").read_text().split() == list(CASES[case_id]["tables"])




def test_goldens_cover_every_node_kind() -> None:
    counts = Counter(kind for case_id in GOLDEN_IDS for kind in node_kinds(_query(case_id)))
    width = max(map(len, [*EXPR_KINDS, *STEP_KINDS]))
    print("\nnode kind counts over the golden IRs")
    for group, kinds in (("step", STEP_KINDS), ("expr", EXPR_KINDS)):
        for kind in sorted(kinds, key=lambda k: (-counts[k], k)):
            print(f"  {group}  {kind:<{width}}  {counts[kind]}")
    missing = sorted(set(EXPR_KINDS) - UNWRITTEN_KINDS - set(counts)) + sorted(set(STEP_KINDS) - set(counts))
    assert not missing, f"no golden case uses: {missing}"
