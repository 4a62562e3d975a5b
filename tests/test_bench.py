"""`nlq bench`: case loading, running systems against gold, the summary, the reports and the
free-form baseline's prompt and code extraction (no model weights are loaded here)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from nlq.baseline import EXAMPLES, extract_code, system_prompt, user_prompt
from nlq.bench import BenchError, Progress, bench, build_systems, load_cases, parse_system
from nlq.catalog import TableRef, load_catalog
from nlq.compile import Compiled
from nlq.errors import FillError
from nlq.execute import run_code
from nlq.report import format_report, format_summary, runner_score, summarize, summarize_suites, write_reports

SHIPS = pl.DataFrame({"ship_id": [1, 2, 3, 4], "fleet": ["north", "south", "north", "east"],
                      "tonnage": [1200.5, 800.25, 640.0, 2100.75], "launched": [1999, 2008, 2015, 2011]})

CASES = [
    {"id": "SF01", "set": "filters", "question": "Ships launched after 2005.",
     "gold_code": "result = ships.filter(pl.col('launched') > 2005)"},
    {"id": "SA01", "set": "aggregations", "question": "Total tonnage per fleet.",
     "gold_code": "result = ships.group_by('fleet').agg(pl.col('tonnage').sum().alias('total_tonnage'))"},
    {"id": "SA02", "set": "aggregations", "question": "Mean tonnage of the fleet.",
     "gold_code": "result = ships.select(pl.col('tonnage').mean().alias('mean_tonnage'))"},
    {"id": "SA03", "set": "aggregations", "question": "Any one ship.",
     "gold_code": "result = ships.sample(1)", "nondeterministic_gold": True},
]


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench")
    (root / "data").mkdir()
    SHIPS.write_parquet(root / "data" / "ships.parquet")
    tables = {"ships": {"file_name": "data/ships.parquet", "format": "parquet"}}
    lines = [json.dumps({**case, "tables": tables}) for case in CASES]
    (root / "cases.jsonl").write_text("\n".join(lines) + "\n\n")
    return root / "cases.jsonl"


@dataclass
class Scripted:
    """A system whose answers are fixed in advance, keyed by question."""

    name: str
    answers: Mapping[str, str]

    def answer(self, question: str, tables: Mapping[str, TableRef]) -> Compiled:
        return Compiled(code=self.answers[question], prompt_tokens=100, generated_tokens=20,
                        timings={"fill": 0.5})


# ---------------------------------------------------------------------------------------
# Cases

def test_load_cases_resolves_paths_and_filters_by_prefix(case_file: Path) -> None:
    cases = load_cases(case_file)
    assert [c.id for c in cases] == ["SF01", "SA01", "SA02", "SA03"]
    assert cases[0].tables["ships"] == TableRef(str(case_file.parent / "data/ships.parquet"))
    assert [c.nondeterministic for c in cases] == [False, False, False, True]
    assert [c.id for c in load_cases(case_file, only=("SA02", "SF"))] == ["SF01", "SA02"]
    moved = load_cases(case_file, data_root=Path("/elsewhere"))
    assert moved[0].tables["ships"].path == "/elsewhere/data/ships.parquet"


def test_bad_case_files_are_bench_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "X1", "set": "s", "question": "q"}\n')
    with pytest.raises(BenchError) as error:
        load_cases(bad)
    assert error.value.path == (1,) and "gold_code" in (error.value.hint or "")
    with pytest.raises(BenchError, match="cannot read"):
        load_cases(tmp_path / "absent.jsonl")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({**CASES[0], "tables": {}}) + "\n")
    with pytest.raises(BenchError, match="no cases"):
        load_cases(good, only=("ZZ",))


# ---------------------------------------------------------------------------------------
# Running and summarizing

def _answers(*, right: bool) -> dict[str, str]:
    if right:
        return {c["question"]: c["gold_code"] for c in CASES}
    return {
        CASES[0]["question"]: "result = ships.filter(pl.col('launched') >= 2008).lazy()",
        CASES[1]["question"]: "result = ships.group_by('fleet').agg(pl.col('tonnage').sum())",
        CASES[2]["question"]: "result = ships.select(pl.col('tonnage').mean().round(2).alias('mean_tonnage'))",
        CASES[3]["question"]: "result = ships.head(1)",
    }


@pytest.fixture(scope="module")
def records(case_file: Path) -> list[dict]:
    systems = [Scripted("right", _answers(right=True)), Scripted("wrong", _answers(right=False))]
    return bench(load_cases(case_file), systems, timeout_s=30, suite="ships")


def test_bench_grades_each_system_against_gold(records: list[dict]) -> None:
    assert [r["counted"] for r in records] == [True, True, True, False]
    assert all(r["systems"]["right"]["verdict"]["outcome"] == "match" for r in records[:3])
    wrong = [r["systems"]["wrong"]["verdict"] for r in records]
    assert [v["outcome"] for v in wrong[:3]] == ["exec_error", "wrong_columns", "wrong_values"]
    assert "LazyFrame" in wrong[0]["detail"]
    assert wrong[1]["would_match"] == ["positional"]
    assert wrong[2]["would_match"] == ["float_tolerance"]
    assert records[0]["systems"]["right"]["code"] == CASES[0]["gold_code"]


def test_summary_counts_ratios_and_score(records: list[dict]) -> None:
    resources = {"peak_rss_gb": 2.0, "vram_gb": None}
    summary = summarize(records, ["right", "wrong"], resources)
    right, wrong = summary["systems"]["right"], summary["systems"]["wrong"]
    assert (right["exact"], right["counted"], wrong["exact"]) == (3, 3, 0)
    assert right["by"] == {"set": {"filters": [1, 1], "aggregations": [2, 2]}}
    assert wrong["outcomes"] == {"exec_error": 1, "wrong_columns": 1, "wrong_values": 1}
    assert wrong["would_match"] == {"positional": 1, "float_tolerance": 1}
    assert right["prompt_tokens"] == 400 and right["generated_tokens"] == 80
    assert right["stage_seconds"] == {"fill": 2.0}
    assert right["model_answers"] == 4  # every scripted answer reports prompt tokens
    assert summary["left_out"] == {"nondeterministic": 1, "gold_error": 0}
    total = right["seconds"]["total"]
    assert right["score"] == pytest.approx(3 / (total * 2.0 ** 0.01))
    assert summary["ratios"]["against"]["wrong"]["exact"] is None  # 3 / 0
    text = format_summary(summary)
    assert re.search(r"aggregations +2/2 +0/2", text) and re.search(r"float_tolerance +0 +1", text)


def test_answers_the_model_never_saw_are_not_model_answers(records: list[dict]) -> None:
    drafted = [{**r, "systems": {**r["systems"], "right": {**r["systems"]["right"], "prompt_tokens": 0}}}
               if r["id"] == "SF01" else r for r in records]
    summary = summarize(drafted, ["right", "wrong"], {"peak_rss_gb": 1.0, "vram_gb": None})
    assert summary["systems"]["right"]["model_answers"] == 3
    assert summary["systems"]["wrong"]["model_answers"] == 4


def test_runner_score_formula() -> None:
    assert runner_score(50, 100.0, None, None) == pytest.approx(0.5)
    assert runner_score(50, 100.0, 80.0, 4.0) == pytest.approx(0.5 / (80 ** 0.1 * 4 ** 0.01))
    assert runner_score(5, 0.0, None, None) == 0.0


def test_progress_prints_each_case_and_keeps_running_totals(records: list[dict]) -> None:
    import io

    stream = io.StringIO()
    with Progress(len(records), stream) as progress:
        for record in records:
            progress(record)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("ships SF01") and "right ok" in lines[0] and "wrong exec_error" in lines[0]
    assert progress.exact == {"right": 3, "wrong": 0} and progress.counted == 3
    assert "4/4" in stream.getvalue()  # the bar's final state


def test_suites_side_by_side_with_the_gap(records: list[dict]) -> None:
    other = [{**r, "suite": "other", "style": "terse"} for r in records]
    resources = {"peak_rss_gb": 1.0, "vram_gb": None}
    report = summarize_suites(records + other, ["right", "wrong"], resources)
    assert list(report["suites"]) == ["ships", "other"]
    assert report["accuracy"]["right"] == {"ships": 1.0, "other": 1.0}
    assert report["suites"]["other"]["systems"]["right"]["by"]["style"] == {"terse": [3, 3]}
    text = format_report(report)
    assert "== ships (4 cases) ==" in text and "== other (4 cases) ==" in text
    assert re.search(r"right +100.00 +100.00 +0.00", text)


def test_the_report_names_each_systems_load(records: list[dict]) -> None:
    loads = {"right": {"load_s": 12.5, "load_rss_gb": 0.75}, "wrong": {"load_s": 3.0, "load_rss_gb": None}}
    report = summarize_suites(records, ["right", "wrong"], {"peak_rss_gb": 1.0, "vram_gb": None, "loads": loads})
    assert "in turn: right 12.5 s, +0.75 GB RSS; wrong 3.0 s" in format_report(report)
    assert "in turn" not in format_report(summarize_suites(records, ["right"], {"peak_rss_gb": 1.0, "vram_gb": None}))


@pytest.mark.parametrize(("spec", "parsed"), [("llamacpp:qwen2.5-coder-1.5b", ("llamacpp", "qwen2.5-coder-1.5b")),
                                              ("transformers", ("transformers", None)),
                                              ("llamacpp:/models/a:b.gguf", ("llamacpp", "/models/a:b.gguf"))])
def test_parse_system(spec: str, parsed: tuple[str, str | None]) -> None:
    assert parse_system(spec) == parsed


def test_each_system_is_loaded_in_turn_and_named_by_its_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    import nlq.compile

    loaded = []

    def load_filler(mode: str | None, model: str | None, backend: str | None) -> object:
        loaded.append((mode, backend, model))
        return object()

    monkeypatch.setattr(nlq.compile, "load_filler", load_filler)
    args = argparse.Namespace(server=None, system=["llamacpp", "transformers:tiny", "llamacpp"], model=None,
                              backend=None, fill="model", surface=[], baseline=None)
    systems = build_systems(args)
    assert [s.name for s in systems] == ["llamacpp", "transformers:tiny"]  # a repeated spec runs once
    assert loaded == [("model", "llamacpp", None), ("model", "transformers", "tiny")]
    assert all(s.load["load_s"] >= 0 for s in systems)
    with pytest.raises(BenchError, match="--system"):
        build_systems(argparse.Namespace(**{**vars(args), "model": "qwen2.5-coder-1.5b"}))
    with pytest.raises(FillError, match="unknown backend 'cuda'"):
        build_systems(argparse.Namespace(**{**vars(args), "system": ["cuda:tiny"]}))


def test_reports_are_written_with_charts(records: list[dict], tmp_path: Path) -> None:
    other = [{**r, "suite": "other", "family": "sea"} for r in records]
    summary = summarize_suites(records + other, ["right", "wrong"], {"peak_rss_gb": 1.0, "vram_gb": None})
    paths = write_reports({"summary": summary, "cases": records + other}, tmp_path / "out")
    assert sorted(p.name for p in paths) == ["accuracy.png", "by_set.png", "latency.png", "report.json", "report.md"]
    for png in ("accuracy.png", "by_set.png", "latency.png"):
        assert (tmp_path / "out" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert "![accuracy](accuracy.png)" in markdown and "## Suites side by side" in markdown
    assert "| ships SA02 | wrong | wrong_values | float_tolerance |" in markdown
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["summary"]["suites"]["ships"]["systems"]["right"]["exact"] == 3


def test_cli_bench_with_deterministic_fill(case_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from nlq.cli import main

    out = tmp_path / "report"
    assert main(["bench", "--cases", str(case_file), "--fill", "deterministic", "--only", "SF,SA01",
                 "--out", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    assert [r["id"] for r in report["cases"]] == ["SF01", "SA01"]
    nlq = report["summary"]["suites"]["cases"]["systems"]["nlq"]
    assert nlq["counted"] == 2 and nlq["score"] >= 0
    assert all(r["systems"]["nlq"]["verdict"]["outcome"] != "exec_error" for r in report["cases"])
    assert "nlq" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# The free-form baseline (prompt and extraction only)

def test_prompt_holds_the_requests_schema_and_question(case_file: Path) -> None:
    catalog = load_catalog(load_cases(case_file)[0].tables)
    user = user_prompt("Which fleet is biggest?", catalog)
    assert user.startswith("Tables:\nships: ship_id (Int64), fleet (String; values 'east', 'north', "
                           "'south'), tonnage (Float64)")
    assert user.endswith("Question: Which fleet is biggest?")
    # The fixed prefix (cached once) knows nothing of the request, and shows both examples.
    assert "ships" not in system_prompt()
    assert all(example.code in system_prompt() for example in EXAMPLES)


@pytest.mark.parametrize("reply, code", [
    ("```python\nresult = t.head(3)\n```\nThis keeps three rows.", "result = t.head(3)\n"),
    ("Here:\n```py\nx = 1\nresult = t\n```", "x = 1\nresult = t\n"),
    ("```python\nresult = t.filter(pl.col('a') > 1)", "result = t.filter(pl.col('a') > 1)\n"),
    ("result = t", "result = t\n"),
])
def test_extract_code(reply: str, code: str) -> None:
    assert extract_code(reply) == code


def test_prompt_examples_run_on_polars(tmp_path: Path) -> None:
    # The examples teach the model; each must run and give a DataFrame on the supported Polars.
    frames = {
        "garden_plants": pl.DataFrame({"plant_id": [1, 2, 3], "species": ["fern", "fern", "oak"],
                                       "height_cm": [45.0, 50.0, 30.0],
                                       "planted_on": ["2022-04-01", "2023-05-02", "2021-01-09"]}),
        "library_loans": pl.DataFrame({"loan_id": [1, 2, 3], "member_id": [7, 7, 8],
                                       "loaned_on": ["2023-01-05", "2022-12-30", "2023-03-01"]}),
        "library_members": pl.DataFrame({"member_id": [7, 8], "full_name": ["Ada", "Bo"],
                                         "city": ["Oslo", "Bergen"]}),
    }
    refs = {}
    for name, frame in frames.items():
        frame.write_parquet(tmp_path / f"{name}.parquet")
        refs[name] = TableRef(str(tmp_path / f"{name}.parquet"))
    results = [run_code(example.code, refs) for example in EXAMPLES]
    assert [r.error for r in results] == [None, None]
    assert results[0].frame.rows() == [("fern", 47.5)]
    assert results[1].frame.rows() == [(7, "Ada", 1)]


def test_server_system_sends_the_runners_request(case_file: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from nlq.bench import ServerSystem

    seen: list[dict] = []

    class Chat(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            status, body = (200, {"response": "result = ships.head(1)"}) if self.path == "/chat" else (500, {})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(body).encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        case = load_cases(case_file)[0]
        assert ServerSystem(url + "/").answer(case.question, case.tables).code == "result = ships.head(1)"
        assert seen[0] == {"message": case.question, "tables": {
            "ships": {"file_name": str(case_file.parent / "data/ships.parquet"), "format": "parquet"}}}
        broken = ServerSystem(url + "/broken").answer(case.question, case.tables)
        assert broken.code == "" and "HTTPError" in broken.diagnostics[0]
    finally:
        server.shutdown()
