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


def _record_build(root: Path, name: str, version: str) -> Path:
    import json

    folder = root / name
    (folder / "lib").mkdir(parents=True)
    (folder / "build.json").write_text(json.dumps({"variant": name, "version": version}))
    return folder


def test_the_fastest_built_llama_cpp_this_cpu_runs_is_chosen(tmp_path):
    from nlq.backends.cpubuild import PORTABLE, VARIANTS, choose

    fast = VARIANTS[0]
    folder = _record_build(tmp_path, fast.name, "1.0")
    assert choose(fast.flags | {"sse4_2"}, tmp_path, "1.0") == (fast.name, folder)
    # A CPU without one of its instructions, or bindings of another version, get the portable build.
    assert choose(fast.flags - {"avx512bw"}, tmp_path, "1.0") == (PORTABLE, None)
    assert choose(fast.flags, tmp_path, "1.1") == (PORTABLE, None)
    assert choose(fast.flags, tmp_path / "none", "1.0") == (PORTABLE, None)
    assert choose(fast.flags, tmp_path, "1.0", wanted=PORTABLE) == (PORTABLE, None)
    assert choose(fast.flags, tmp_path, "1.0", wanted=fast.name) == (fast.name, folder)
    with pytest.raises(FillError, match="lacks avx512bw"):
        choose(fast.flags - {"avx512bw"}, tmp_path, "1.0", wanted=fast.name)
    with pytest.raises(FillError, match="not in") as info:
        choose(fast.flags, tmp_path, "1.1", wanted=fast.name)
    assert "build-cpu" in info.value.hint
    with pytest.raises(FillError, match="unknown llama.cpp CPU build"):
        choose(fast.flags, tmp_path, "1.0", wanted="native")


def test_cpu_flags_are_read_from_cpuinfo(tmp_path):
    from nlq.backends.cpubuild import cpu_flags

    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu avx2 fma\n\nprocessor\t: 1\n")
    assert cpu_flags(info) == {"fpu", "avx2", "fma"}
    assert cpu_flags(tmp_path / "absent") == frozenset()


def test_the_chosen_build_is_the_library_llama_cpp_loads(tmp_path):
    """A build in the cache (here a copy of the installed library, which runs on any CPU) is
    what the first `import llama_cpp` maps, unless NLQ_CPU_BUILD asks for the portable one."""
    import os
    import shutil

    import llama_cpp

    from nlq.backends.cpubuild import VARIANTS, installed_version

    installed = Path(llama_cpp.__file__).parent / "lib"
    variant = _record_build(tmp_path / "llama-cpu", VARIANTS[0].name, installed_version())
    (variant / "lib").rmdir()
    shutil.copytree(installed, variant / "lib", symlinks=True)
    probe = ("from nlq.backends import cpubuild\n"
             "cpubuild.cpu_flags = lambda: cpubuild.VARIANTS[0].flags\n"
             "name = cpubuild.select()\n"
             "import llama_cpp\n"
             "maps = open('/proc/self/maps').read().split()\n"
             "print(name, next(p for p in maps if p.endswith('libllama.so.0') or p.endswith('libllama.so')))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LLAMA_CPP_LIB_PATH", "NLQ_CPU_BUILD")}
    env["NLQ_CACHE"] = str(tmp_path)

    def loaded(**extra: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe], env={**env, **extra}, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.split()

    name, library = loaded()
    assert name == VARIANTS[0].name and Path(library).resolve().is_relative_to(variant.resolve())
    name, library = loaded(NLQ_CPU_BUILD="portable")
    assert name == "portable" and Path(library).resolve().is_relative_to(installed.resolve())


def test_a_cpu_build_compiles_with_its_own_flags_and_keeps_the_libraries(tmp_path):
    import json
    import stat

    from nlq.backends.cpubuild import VARIANTS, build, installed_version

    calls = tmp_path / "calls.json"
    fake_uv = tmp_path / "uv"
    fake_uv.write_text(f"""#!{sys.executable}
import json, os, pathlib, sys
args = sys.argv[1:]
json.dump({{"args": args, "cmake_args": os.environ.get("CMAKE_ARGS")}}, open({str(calls)!r}, "w"))
lib = pathlib.Path(args[args.index("--target") + 1]) / "llama_cpp" / "lib"
lib.mkdir(parents=True)
(lib / "libllama.so").write_text("built")
""")
    fake_uv.chmod(fake_uv.stat().st_mode | stat.S_IEXEC)
    folder = build(VARIANTS[0].name, root=tmp_path / "root", uv=str(fake_uv))
    call = json.loads(calls.read_text())
    assert call["cmake_args"] == VARIANTS[0].cmake_args and "-DGGML_AMX_TILE=OFF" in call["cmake_args"]
    # The project's pinned portable flags (its uv config) and uv's wheel cache must not stand in.
    assert {"--no-config", "--no-cache", "--no-deps"} <= set(call["args"])
    assert call["args"][-1] == f"llama-cpp-python=={installed_version()}"
    assert (folder / "lib" / "libllama.so").read_text() == "built"
    assert json.loads((folder / "build.json").read_text())["version"] == installed_version()


def test_a_failed_cpu_build_says_why_and_leaves_the_last_build(tmp_path):
    import stat

    from nlq.backends.cpubuild import VARIANTS, build

    root = tmp_path / "root"
    kept = _record_build(root, VARIANTS[0].name, "0.0")
    fake_uv = tmp_path / "uv"
    fake_uv.write_text("#!/bin/sh\necho 'cmake: no compiler found' >&2\nexit 1\n")
    fake_uv.chmod(fake_uv.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(FillError, match="no compiler found"):
        build(VARIANTS[0].name, root=root, uv=str(fake_uv))
    assert (kept / "build.json").is_file() and sorted(p.name for p in root.iterdir()) == [VARIANTS[0].name]
