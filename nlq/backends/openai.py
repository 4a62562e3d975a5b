"""The openai backend: any OpenAI-compatible server with per-request structured output.

For scale-out (`docs/scale-out.md`): many nlq front-ends share one engine (vLLM, SGLang)
that batches their requests, caches prompt prefixes and enforces each request's JSON schema
itself. The server's grammar engine decodes, so there is no forced-token fast path here and
no view of the logits: a generation reports no least certain choice.

Settings (env): `NLQ_OPENAI_URL` (the API root, e.g. `http://10.0.0.5:8000/v1`), `NLQ_OPENAI_MODEL`
(the served model's name; default: the spec given, else the first the server lists),
`NLQ_OPENAI_KEY` (a bearer token, if the server wants one), and `NLQ_OPENAI_FORMAT`:
`json_schema` (OpenAI's `response_format`, what vLLM and SGLang take; the default) or
`json_object` (llama-cpp-python's server, which takes the schema inside a `json_object`).
Lark grammars go as vLLM's `structured_outputs: {"grammar": ...}` (its guidance backend).
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from nlq.engine import Generation
from nlq.errors import FillError

FORMATS = ("json_schema", "json_object")
# Seconds a request may take when it has no deadline of its own.
TIMEOUT_S = 120.0


@dataclass
class OpenAIEngine:
    url: str
    model: str
    key: str | None = None
    format: str = "json_schema"

    @classmethod
    def from_env(cls, model: str | None = None) -> OpenAIEngine:
        url = os.environ.get("NLQ_OPENAI_URL")
        if not url:
            raise FillError("the openai backend needs the server's address",
                            hint="set NLQ_OPENAI_URL, e.g. http://127.0.0.1:8000/v1")
        fmt = os.environ.get("NLQ_OPENAI_FORMAT", "json_schema")
        if fmt not in FORMATS:
            raise FillError(f"unknown NLQ_OPENAI_FORMAT {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
        engine = cls(url.rstrip("/"), os.environ.get("NLQ_OPENAI_MODEL") or model or "",
                     os.environ.get("NLQ_OPENAI_KEY"), fmt)
        if not engine.model:
            listed = engine._call("GET", "/models", None, TIMEOUT_S)["data"]
            if not listed:
                raise FillError(f"the server at {engine.url} serves no model", hint="start it with a model")
            engine.model = listed[0]["id"]
        return engine

    # -- requests ---------------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict[str, Any] | None, timeout: float) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=max(timeout, 0.001)) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:300]
            raise FillError(f"the model server answered {exc.code} to {path}: {detail}",
                            hint="check NLQ_OPENAI_FORMAT and that the server supports structured output") from exc
        except (urllib.error.URLError, ConnectionError) as exc:
            if isinstance(getattr(exc, "reason", None), socket.timeout):
                raise TimeoutError from exc
            raise FillError(f"cannot reach the model server at {self.url}: {exc}",
                            hint="start the server, or fix NLQ_OPENAI_URL") from exc

    @staticmethod
    def _messages(prefix: str | list[dict[str, str]], prompt: str) -> list[dict[str, str]]:
        head = [{"role": "system", "content": prefix}] if isinstance(prefix, str) else list(prefix)
        return [*head, {"role": "user", "content": prompt}]

    def _complete(self, prefix: str | list[dict[str, str]], prompt: str, constraint: dict[str, Any], max_tokens: int,
                  deadline: float | None) -> Generation:
        body = {"model": self.model, "messages": self._messages(prefix, prompt), "temperature": 0,
                "max_tokens": max_tokens, **constraint}
        timeout = TIMEOUT_S if deadline is None else deadline - time.monotonic()
        start = time.perf_counter()
        try:
            answer = self._call("POST", "/chat/completions", body, timeout)
        except TimeoutError:
            return Generation(text="", prompt_tokens=0, generated_tokens=0, constraint_s=0.0, prefill_s=0.0,
                              decode_s=time.perf_counter() - start, complete=False, timed_out=True)
        seconds = time.perf_counter() - start
        choice = answer["choices"][0]
        usage = answer.get("usage") or {}
        cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
        # The server decodes: its seconds are reported as decoding, prefill included.
        return Generation(text=(choice["message"].get("content") or "").strip(),
                          prompt_tokens=usage.get("prompt_tokens", 0),
                          generated_tokens=usage.get("completion_tokens", 0), constraint_s=0.0, prefill_s=0.0,
                          decode_s=seconds, complete=choice.get("finish_reason") == "stop",
                          reused_prefix_tokens=cached)

    # -- the engine's interface -------------------------------------------------------

    def _json_constraint(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.format == "json_object":
            return {"response_format": {"type": "json_object", "schema": schema}}
        return {"response_format": {"type": "json_schema",
                                    "json_schema": {"name": "fill", "schema": schema, "strict": True}}}

    def warm(self, prefix: str | list[dict[str, str]], schema: dict[str, Any] | None = None) -> None:
        """One short request: the server caches the prefix and compiles the schema."""
        constraint = self._json_constraint(schema) if schema is not None else {}
        self._complete(prefix, "", constraint, 1, None)

    def generate_json(self, prefix: str | list[dict[str, str]], prompt: str, schema: dict[str, Any], max_tokens: int,
                      deadline: float | None = None) -> Generation:
        return self._complete(prefix, prompt, self._json_constraint(schema), max_tokens, deadline)

    def generate_grammar(self, prefix: str | list[dict[str, str]], prompt: str, grammar: str, max_tokens: int,
                         deadline: float | None = None) -> Generation:
        if self.format == "json_object":
            raise FillError("this model server takes no lark grammar",
                            hint="use a vLLM server (guidance backend) with NLQ_OPENAI_FORMAT=json_schema")
        return self._complete(prefix, prompt, {"structured_outputs": {"grammar": grammar}}, max_tokens, deadline)
