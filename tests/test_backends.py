"""Choosing a backend, llama.cpp's saved states, and the openai backend against a live
OpenAI-compatible server: llama-cpp-python's own, on the embedded GGUF, on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import requests

from nlq import backends
from nlq.backends.openai import OpenAIEngine
from nlq.engine import load_engine
from nlq.errors import FillError
from serverutil import free_port, stop
from tests.test_engine import PREFIX, SCHEMA, Plan
from tests.tinymodel import local_backend


def test_the_backend_is_chosen_by_env_else_by_the_device(monkeypatch):
    import torch

    monkeypatch.setenv("NLQ_BACKEND", "transformers")
    assert backends.default_backend() == "transformers"
    monkeypatch.delenv("NLQ_BACKEND")
    assert backends.default_backend() == ("transformers" if torch.cuda.is_available() else "llamacpp")
    monkeypatch.setenv("NLQ_BACKEND", "vllm")
    with pytest.raises(FillError) as caught:
        backends.default_backend()
    assert "unknown backend" in caught.value.message and "llamacpp, transformers, openai" in caught.value.hint


def test_the_openai_backend_needs_an_address(monkeypatch):
    monkeypatch.delenv("NLQ_OPENAI_URL", raising=False)
    with pytest.raises(FillError, match="address"):
        load_engine(backend="openai")


def test_a_llama_cpp_snapshot_restores_the_state_it_saved():
    backend = local_backend("llamacpp")
    ids = backend.tokenizer("Count the films per rating, then sort them.")["input_ids"]
    backend.reset()
    backend.feed(ids[:6])
    saved = backend.snapshot()
    backend.feed(ids[6:])
    after = backend.logits().copy()
    backend.feed(backend.tokenizer(" And more words.")["input_ids"])
    backend.restore(saved)
    assert backend.tokens() == ids[:6]
    backend.feed(ids[6:])
    assert np.allclose(backend.logits(), after, atol=1e-3)
    # Truncating keeps the state of the tokens kept: feeding the rest again gives what the
    # same batches give from scratch (batches of other sizes round differently).
    backend.truncate(4)
    backend.feed(ids[4:])
    truncated = backend.logits().copy()
    backend.reset()
    backend.feed(ids[:4])
    backend.feed(ids[4:])
    assert backend.tokens() == ids and np.allclose(truncated, backend.logits(), atol=1e-3)


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory) -> Iterator[str]:
    """`python -m llama_cpp.server` on the embedded GGUF; its OpenAI API root."""
    from nlq.model import gguf_path

    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path()), "--model_alias", "nlq-test",
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--verbose", "False"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"llama_cpp.server did not start:\n{Path(log).read_text()[-3000:]}")
            try:
                if requests.get(url + "/models", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield url
    finally:
        stop(process)


@pytest.fixture
def remote(llama_server, monkeypatch) -> OpenAIEngine:
    monkeypatch.setenv("NLQ_OPENAI_URL", llama_server)
    monkeypatch.setenv("NLQ_OPENAI_FORMAT", "json_object")  # llama-cpp-python's server's dialect
    monkeypatch.delenv("NLQ_OPENAI_MODEL", raising=False)
    return OpenAIEngine.from_env()


def test_the_server_lists_its_model(remote):
    assert remote.model == "nlq-test"


def test_the_server_fills_json_under_the_schema(remote):
    remote.warm(PREFIX, SCHEMA)
    generation = remote.generate_json(PREFIX, "Sow the north bed, four rows.", SCHEMA, max_tokens=120)
    assert generation.complete and not generation.timed_out
    Plan.model_validate_json(generation.text)
    assert generation.prompt_tokens > 20 and 0 < generation.generated_tokens <= 120


def test_a_deadline_passed_during_the_request_is_a_timeout(remote):
    generation = remote.generate_json(PREFIX, "Water 3 litres.", SCHEMA, max_tokens=120,
                                      deadline=time.monotonic() + 0.01)
    assert generation.timed_out and not generation.complete


def test_a_server_without_lark_grammars_says_so(remote):
    with pytest.raises(FillError, match="no lark grammar"):
        remote.generate_grammar(PREFIX, "x", 'start: "a"', max_tokens=4)


def test_an_unreachable_server_is_a_fill_error():
    engine = OpenAIEngine(f"http://127.0.0.1:{free_port()}/v1", "m")
    with pytest.raises(FillError, match="cannot reach"):
        engine.generate_json(PREFIX, "x", SCHEMA, max_tokens=4)
