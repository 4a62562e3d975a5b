"""The runner-facing HTTP server: `GET /` (readiness) and `POST /chat` (question -> code).

One HTTP error or one slow answer aborts a whole graded run, so the contract is strict:
a well-formed request always gets 200 and allowlisted code that leaves a DataFrame in
`result` (with a diagnostic comment on top when something went wrong); a malformed one gets
422 with a message that says what is wrong. One log line per request.

Started as `python -m uvicorn main:app`; `NLQ_FILL` picks the filler (see
`nlq.compile.load_filler`), `NLQ_BUDGET_S` the seconds one answer may take (default 60),
`NLQ_DATA_ROOT` the directory every table's file must resolve into (unset: anywhere).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, AsyncIterator, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, ValidationError

from codegen import check_code
from codegen.allowlist import table_name_problem
from nlq.catalog import TableRef, data_root, root_problem
from nlq.compile import COMMENT_CHARS, Compiled, Filler, comment_lines, compile_question, fallback_code, load_filler

log = logging.getLogger("nlq.server")

DEFAULT_BUDGET_S = 60.0
# Request limits: a longer question or more tables is a 422, not minutes of linking.
MAX_QUESTION_CHARS = 4_000
MAX_TABLES = 256
# Past the budget, compile() is expected to return its best answer on its own; the server
# waits this much longer before answering without it.
GRACE_S = 2.0


# ---------------------------------------------------------------------------------------
# Request and response bodies

def _valid_unicode(text: str) -> str:
    # JSON may carry lone surrogates ("\ud800"), which no UTF-8 source file or response can
    # hold; they become U+FFFD so the request stays answerable.
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


Text = Annotated[StrictStr, AfterValidator(_valid_unicode)]


def _usable_question(text: str) -> str:
    if not text.strip():
        raise ValueError("the question is empty; write a question about the tables")
    if len(text) > MAX_QUESTION_CHARS:
        raise ValueError(f"the question has {len(text):,} characters; at most {MAX_QUESTION_CHARS:,} are accepted")
    return text


Question = Annotated[Text, AfterValidator(_usable_question)]


def _usable_name(name: str) -> str:
    if problem := table_name_problem(name):
        raise ValueError(f"table name {name!r} {problem}")
    return name


TableName = Annotated[str, AfterValidator(_usable_name)]


class TableSpec(BaseModel):
    model_config = ConfigDict(extra="ignore")

    file_name: Text
    format: Literal["parquet", "csv"]


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message: Question
    tables: Annotated[dict[TableName, TableSpec], Field(min_length=1, max_length=MAX_TABLES)]

    def refs(self) -> dict[str, TableRef]:
        return {name: TableRef(spec.file_name, spec.format) for name, spec in self.tables.items()}


class ChatResponse(BaseModel):
    response: str


def _body_error(message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "body_invalid", "loc": ("body",), "msg": message}])


def parse_chat(body: bytes) -> ChatRequest:
    """The request body as a ChatRequest, or RequestValidationError saying what is wrong.

    Parsed here rather than by FastAPI so that a JSON body is read whatever its content type,
    and so that hostile JSON (nested past the recursion limit) is a 422 too.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise _body_error(f"request body is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _body_error(f"request body must be a JSON object with `message` and `tables`, not {type(data).__name__}")
    try:
        request = ChatRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_input=False)) from None
    if (root := data_root()) is not None:
        outside = [{"type": "outside_root", "loc": ("body", "tables", name, "file_name"), "msg": problem}
                   for name, spec in request.tables.items() if (problem := root_problem(name, spec.file_name, root))]
        if outside:
            raise RequestValidationError(outside)
    return request


def describe_errors(errors: list[dict[str, Any]]) -> str:
    """One line per problem: where in the body (`tables.sales.format`) and what is wrong."""
    lines = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "[key]"))
        # Our own checks raise ValueError; their text is the message, without pydantic's prefix.
        reason = error.get("ctx", {}).get("error") if error.get("type") == "value_error" else None
        lines.append(f"{where or 'body'}: {reason or error.get('msg', 'invalid')}")
    return "; ".join(lines)


# ---------------------------------------------------------------------------------------
# Answers

def deliverable(code: str, tables: Mapping[str, TableRef]) -> str | None:
    """Why `code` must not be sent (not UTF-8, fails the allowlist), or None when it may.

    codegen checks what it generates; this is the last gate before the network, for the
    comments and fallbacks added after it.
    """
    try:
        code.encode("utf-8")
        check_code(code, list(tables))
    except Exception as exc:  # whatever the check raises, the answer becomes the fallback
        return f"{type(exc).__name__}: {exc}"
    return None


@dataclass
class Outcome:
    code: str
    status: str  # ok | fallback | timeout | error
    compiled: Compiled | None = None
    notes: list[str] = field(default_factory=list)


class Service:
    """The filler, its readiness, and the one worker that every compile runs on.

    A single worker serializes model access; a request whose deadline passes while it is
    still queued is cancelled before it starts.
    """

    def __init__(self, budget_s: float):
        self.budget_s = budget_s
        self.ready = threading.Event()
        self.filler: Filler | None = None
        self.load_note: str | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlq-compile")

    def load(self) -> None:
        started = time.perf_counter()
        try:
            self.filler = load_filler()
        except Exception as exc:  # a broken model must not keep the server from answering
            self.load_note = f"the configured fill failed to load ({type(exc).__name__}: {exc}); using the deterministic fill"
            log.exception("load failed: %s", self.load_note)
            self.filler = load_filler("deterministic")
        log.info("ready in %.1fs", time.perf_counter() - started)
        self.ready.set()

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _compile(self, question: str, tables: dict[str, TableRef], deadline: float) -> Compiled:
        budget = max(deadline - time.monotonic(), 0.0)
        return compile_question(question, tables, filler=self.filler, budget_s=budget)

    async def answer(self, question: str, tables: dict[str, TableRef], started: float) -> Outcome:
        deadline = started + self.budget_s
        if not await asyncio.to_thread(self.ready.wait, deadline - time.monotonic()):
            return Outcome(fallback_code(tables, ["the fill model was still loading when the budget ran out"]), "timeout")
        try:
            job = self._worker.submit(self._compile, question, tables, deadline)
            remaining = deadline - time.monotonic() + GRACE_S
            compiled = await asyncio.wait_for(asyncio.wrap_future(job), timeout=remaining)
        except TimeoutError:
            return Outcome(fallback_code(tables, [f"no answer within the {self.budget_s:g}s budget"]), "timeout")
        except Exception as exc:  # compile() promises not to raise; this keeps the promise for it
            log.exception("compile raised")
            return Outcome(fallback_code(tables, [f"internal error ({type(exc).__name__})"]), "error")
        # compile() has already put its own diagnostics on top of the code.
        notes = [self.load_note] if self.load_note else []
        code = comment_lines(notes) + compiled.code
        if problem := deliverable(code, tables):
            return Outcome(fallback_code(tables, [f"generated code rejected ({problem})"]), "error", compiled)
        return Outcome(code, "fallback" if compiled.fallback else "ok", compiled, notes)


# ---------------------------------------------------------------------------------------
# Logging

def question_id(message: str) -> str:
    return hashlib.sha256(message.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def log_answer(message: str, outcome: Outcome, started: float) -> None:
    compiled = outcome.compiled or Compiled(code=outcome.code)
    fields = [f"q={question_id(message)}", f"outcome={outcome.status}",
              f"total={time.monotonic() - started:.3f}s",
              *(f"{stage}={seconds:.3f}s" for stage, seconds in compiled.timings.items()),
              f"prompt_tokens={compiled.prompt_tokens}", f"generated_tokens={compiled.generated_tokens}"]
    if notes := [*outcome.notes, *compiled.diagnostics]:
        fields.append(f"diagnostic={notes[0]!r}")
    log.info("chat %s", " ".join(fields))


def _configure_logging() -> None:
    # uvicorn configures only its own loggers; ours needs a handler of its own.
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


# ---------------------------------------------------------------------------------------
# The app

@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    _configure_logging()
    service = Service(float(os.environ.get("NLQ_BUDGET_S", DEFAULT_BUDGET_S)))
    app.state.service = service
    # Loading runs beside the server, so `GET /` can say 503 until it is done.
    threading.Thread(target=service.load, name="nlq-load", daemon=True).start()
    yield
    service.close()


app = FastAPI(title="nlq", summary="natural-language questions to Polars code", lifespan=lifespan)


@app.api_route("/", methods=["GET", "HEAD"])
async def readiness(request: Request) -> JSONResponse:
    service: Service = request.app.state.service
    if not service.ready.is_set():
        return JSONResponse({"status": "loading"}, status_code=503)
    return JSONResponse({"status": "ready", "note": service.load_note})


@app.post("/chat", response_model=ChatResponse)
async def chat(request: Request) -> ChatResponse:
    started = time.monotonic()
    chat_request = parse_chat(await request.body())
    tables = chat_request.refs()
    # Kept for the last-resort handler, which needs the tables to write a fallback.
    request.state.tables = tables
    outcome = await request.app.state.service.answer(chat_request.message, tables, started)
    log_answer(chat_request.message, outcome, started)
    return ChatResponse(response=outcome.code)


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail = describe_errors(list(exc.errors()))
    log.info("%s %s outcome=invalid detail=%r", request.method, request.url.path, detail[:COMMENT_CHARS])
    return JSONResponse({"detail": detail}, status_code=422)


@app.exception_handler(Exception)
async def last_resort(request: Request, exc: Exception) -> JSONResponse:
    """A bug anywhere above still answers /chat with 200 and code that runs."""
    log.error("%s %s outcome=error %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    if request.url.path != "/chat":
        return JSONResponse({"detail": "internal error"}, status_code=500)
    tables = getattr(request.state, "tables", {})
    return JSONResponse({"response": fallback_code(tables, [f"internal error ({type(exc).__name__})"])})
