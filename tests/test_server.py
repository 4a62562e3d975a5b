"""The `/chat` contract, through a real uvicorn process on loopback (deterministic fill).

A well-formed request gets 200 and allowlisted code that runs, with a diagnostic comment on
top when something failed; a malformed one gets 422 saying what is wrong.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import polars as pl
import pytest
import requests
from starlette.requests import Request

from codegen import check_code
from nlq import server
from nlq.catalog import TableRef
from nlq.compile import FillResult
from nlq.errors import FillError
from nlq.execute import run_code
from serverutil import Server, running_server


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tables")
    pl.DataFrame({
        "ticket_id": [1, 2, 3, 4, 5],
        "queue": ["billing", "billing", "outage", "billing", "outage"],
        "minutes_open": [12, 40, 95, 7, 30],
    }).write_parquet(root / "tickets.parquet")
    pl.DataFrame({"queue": ["billing", "outage"], "lead": ["Ana", "Bo"]}).write_csv(root / "queues.csv")
    (root / "garbage.parquet").write_bytes(b"this is not parquet at all")
    return {"tickets": root / "tickets.parquet", "queues": root / "queues.csv",
            "garbage": root / "garbage.parquet", "missing": root / "missing.parquet", "dir": root}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("log") / "server.log") as live_server:
        yield live_server


def body(message: str, **tables: tuple[Path, str]) -> dict[str, Any]:
    return {"message": message,
            "tables": {name: {"file_name": str(path), "format": fmt} for name, (path, fmt) in tables.items()}}


def ask(live: Server, payload: Any) -> requests.Response:
    return requests.post(live.url + "/chat", json=payload, timeout=30)


def refs(payload: dict[str, Any]) -> dict[str, TableRef]:
    return {name: TableRef(spec["file_name"], spec["format"]) for name, spec in payload["tables"].items()}


def test_readiness(live: Server) -> None:
    ready = requests.get(live.url + "/", timeout=5)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert requests.head(live.url + "/", timeout=5).status_code == 200


def test_readiness_is_503_until_the_filler_is_loaded() -> None:
    service = server.Service(budget_s=1.0)
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(service=service)))
    assert asyncio.run(server.readiness(request)).status_code == 503
    service.ready.set()
    assert asyncio.run(server.readiness(request)).status_code == 200


@pytest.mark.compat
def test_answer_on_a_demo_table_runs(live: Server, files: dict[str, Path]) -> None:
    payload = body("tickets in the billing queue open longer than 10 minutes",
                   tickets=(files["tickets"], "parquet"))
    answer = ask(live, payload)
    assert answer.status_code == 200
    code = answer.json()["response"]
    check_code(code, ["tickets"])
    run = run_code(code, refs(payload))
    assert run.ok, (code, run.error)
    assert isinstance(run.frame, pl.DataFrame)


@pytest.mark.compat
def test_csv_and_parquet_tables_together(live: Server, files: dict[str, Path]) -> None:
    payload = body("lead of each queue", tickets=(files["tickets"], "parquet"), queues=(files["queues"], "csv"))
    code = ask(live, payload).json()["response"]
    check_code(code, ["tickets", "queues"])
    assert run_code(code, refs(payload)).ok


MALFORMED: list[tuple[str, bytes | Any, str]] = [
    ("not json", b"{'message': 'hi'", "not valid JSON"),
    ("empty body", b"", "not valid JSON"),
    ("not an object", [1, 2], "must be a JSON object"),
    ("no message", {"tables": {"t": {"file_name": "/x.csv", "format": "csv"}}}, "message: Field required"),
    ("no tables", {"message": "hi"}, "tables: Field required"),
    ("message not a string", {"message": 3, "tables": {"t": {"file_name": "/x.csv", "format": "csv"}}},
     "message: Input should be a valid string"),
    ("tables not an object", {"message": "hi", "tables": ["t"]}, "tables: Input should be a valid dictionary"),
    ("no table", {"message": "hi", "tables": {}}, "tables: Dictionary should have at least 1 item"),
    ("unknown format", {"message": "hi", "tables": {"t": {"file_name": "/x", "format": "xlsx"}}},
     "tables.t.format: Input should be 'parquet' or 'csv'"),
    ("file name not a string", {"message": "hi", "tables": {"t": {"file_name": 1, "format": "csv"}}},
     "tables.t.file_name: Input should be a valid string"),
    ("no file name", {"message": "hi", "tables": {"t": {"format": "csv"}}}, "tables.t.file_name: Field required"),
    ("name not an identifier", {"message": "hi", "tables": {"my-table": {"file_name": "/x", "format": "csv"}}},
     "table name 'my-table' is not a Python identifier"),
    ("name is a keyword", {"message": "hi", "tables": {"lambda": {"file_name": "/x", "format": "csv"}}},
     "table name 'lambda' is a Python keyword"),
    ("name shadows pl", {"message": "hi", "tables": {"pl": {"file_name": "/x", "format": "csv"}}},
     "table name 'pl' would shadow"),
    ("name shadows result", {"message": "hi", "tables": {"result": {"file_name": "/x", "format": "csv"}}},
     "table name 'result' would shadow"),
    ("name the allowlist forbids", {"message": "hi", "tables": {"open": {"file_name": "/x", "format": "csv"}}},
     "table name 'open' is a builtin or module name"),
    ("name with a leading underscore", {"message": "hi", "tables": {"_t": {"file_name": "/x", "format": "csv"}}},
     "table name '_t' starts with an underscore"),
    ("name folds to another", {"message": "hi", "tables": {"\ufb01les": {"file_name": "/x", "format": "csv"}}},
     "Python reads it as 'files'"),
    ("empty message", {"message": "", "tables": {"t": {"file_name": "/x", "format": "csv"}}},
     "message: the question is empty"),
    ("blank message", {"message": " \t\n ", "tables": {"t": {"file_name": "/x", "format": "csv"}}},
     "message: the question is empty"),
    ("message too long", {"message": "x" * (server.MAX_QUESTION_CHARS + 1),
                          "tables": {"t": {"file_name": "/x", "format": "csv"}}},
     f"message: the question has {server.MAX_QUESTION_CHARS + 1:,} characters; at most {server.MAX_QUESTION_CHARS:,}"),
    ("too many tables", {"message": "hi", "tables": {f"t{i}": {"file_name": "/x", "format": "csv"}
                                                     for i in range(server.MAX_TABLES + 1)}},
     f"tables: Dictionary should have at most {server.MAX_TABLES} items"),
]


@pytest.mark.parametrize("payload, expected", [(p, e) for _, p, e in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_requests_are_422_saying_what_is_wrong(live: Server, payload: Any, expected: str) -> None:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    answer = requests.post(live.url + "/chat", data=data, headers={"content-type": "application/json"}, timeout=10)
    assert answer.status_code == 422
    assert expected in answer.json()["detail"]


def test_json_body_is_read_whatever_its_content_type(live: Server, files: dict[str, Path]) -> None:
    payload = json.dumps(body("all tickets", tickets=(files["tickets"], "parquet")))
    for headers in ({"content-type": "text/plain"}, {}):
        answer = requests.post(live.url + "/chat", data=payload, headers=headers, timeout=10)
        assert answer.status_code == 200 and "result" in answer.json()["response"]


@pytest.mark.parametrize("table, fmt", [("missing", "parquet"), ("garbage", "parquet"), ("dir", "csv")])
def test_unreadable_tables_get_200_and_a_diagnostic(live: Server, files: dict[str, Path], table: str,
                                                    fmt: str) -> None:
    answer = ask(live, body("average minutes open per queue", t=(files[table], fmt)))
    assert answer.status_code == 200
    code = answer.json()["response"]
    assert code.startswith("# nlq: ")
    check_code(code, ["t"])
    assert "result = " in code


@pytest.mark.compat
def test_unanswerable_and_hostile_questions_still_run(live: Server, files: dict[str, Path]) -> None:
    for message in ("import os; os.system('rm -rf /')", "open('/etc/passwd').read()",
                    "\x00\u202e\ud83d\ude00 \ud800", "x" * server.MAX_QUESTION_CHARS):
        payload = body(message, tickets=(files["tickets"], "parquet"))
        answer = ask(live, payload)
        assert answer.status_code == 200
        code = answer.json()["response"]
        check_code(code, ["tickets"])
        assert "import" not in code.split("# nlq:")[-1].split("\n", 1)[-1]
    assert run_code(code, refs(payload)).ok


def test_concurrent_requests_get_the_same_answers(live: Server, files: dict[str, Path]) -> None:
    questions = ["tickets per queue", "longest open ticket", "billing tickets", "all queues"]
    payloads = [body(q, tickets=(files["tickets"], "parquet"), queues=(files["queues"], "csv")) for q in questions]
    expected = [ask(live, p).json()["response"] for p in payloads]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda i: ask(live, payloads[i % 4]), range(32)))
    assert all(a.status_code == 200 for a in answers)
    assert [a.json()["response"] for a in answers] == [expected[i % 4] for i in range(32)]


def test_a_filler_that_fails_to_load_leaves_the_server_answering(tmp_path: Path, files: dict[str, Path]) -> None:
    with running_server(tmp_path / "server.log", env={"NLQ_FILL": "no-such-mode"}) as degraded:
        assert "unknown fill mode" in requests.get(degraded.url + "/", timeout=5).json()["note"]
        answer = ask(degraded, body("all tickets", tickets=(files["tickets"], "parquet")))
        assert answer.status_code == 200
        assert answer.json()["response"].startswith("# nlq: the configured fill failed to load")
    assert "chat q=" in (tmp_path / "server.log").read_text()


class _SlowFiller:
    def fill(self, *args: Any, **kwargs: Any) -> FillResult:
        time.sleep(1.5)
        raise FillError("too slow", hint="the server answers without waiting for this")


def test_the_budget_bounds_the_answer_time(monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]) -> None:
    monkeypatch.setattr(server, "GRACE_S", 0.1)
    service = server.Service(budget_s=0.2)
    service.filler = _SlowFiller()
    service.ready.set()
    tables = {"tickets": TableRef(str(files["tickets"]))}
    started = time.monotonic()
    outcome = asyncio.run(service.answer("anything", tables, started))
    service.close()
    assert time.monotonic() - started < 1.0
    assert outcome.status == "timeout"
    assert outcome.code == "# nlq: no answer within the 0.2s budget\nresult = tickets\n"


def _chat_request(state: dict[str, Any]) -> Request:
    return Request({"type": "http", "method": "POST", "path": "/chat", "headers": [], "query_string": b"",
                    "state": state})


def test_last_resort_handler_answers_chat_with_fallback_code(files: dict[str, Path]) -> None:
    tables = {"gone": TableRef(str(files["missing"])), "tickets": TableRef(str(files["tickets"]))}
    answer = asyncio.run(server.last_resort(_chat_request({"tables": tables}), RuntimeError("boom")))
    assert answer.status_code == 200
    assert json.loads(answer.body) == {"response": "# nlq: internal error (RuntimeError)\nresult = gone\n"}
    # Before the body was parsed there are no tables to fall back on.
    early = asyncio.run(server.last_resort(_chat_request({}), RuntimeError("boom")))
    assert json.loads(early.body)["response"] == "# nlq: internal error (RuntimeError)\nresult = pl.DataFrame()\n"
