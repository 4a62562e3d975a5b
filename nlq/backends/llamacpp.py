"""The llama.cpp backend: the GGUF as it ships, through llama-cpp-python; the default on CPU.

The library is built from its sdist with the portable settings pinned in pyproject.toml
(`[tool.uv.extra-build-variables]`); a faster build for this CPU is taken where one was built
(`nlq.backends.cpubuild`). Only llama-cpp-python's public `Llama` object and its
C API bindings are used: `eval` feeds a batch (and drops the state past the sequence's
length first), the last token's logits are read from the context, and a snapshot is the
context's state as llama.cpp serializes it.
"""

from __future__ import annotations

import ctypes
import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from nlq.errors import FillError

# The context window nlq asks for (capped by the model's): prompts run to ~2,500 tokens.
CONTEXT_TOKENS = 8192
# Tokens per llama.cpp decode call while prefilling.
BATCH_TOKENS = 512


def threads() -> int:
    """Env NLQ_THREADS, else every core this process may run on (llama-cpp-python's own
    default is half of them)."""
    return int(os.environ.get("NLQ_THREADS") or len(os.sched_getaffinity(0)))


@dataclass(frozen=True)
class _Snapshot:
    ids: list[int]
    state: bytes


class LlamaCppBackend:
    name = "llamacpp"
    device = "cpu"

    def __init__(self, llm: Any, tokenizer: Any, model_name: str, load_s: float, cpu_build: str):
        self._llm = llm
        self.cpu_build = cpu_build
        self.tokenizer = tokenizer
        self.model_name = model_name
        self.load_s = load_s
        self._vocab = llm.n_vocab()

    @classmethod
    def load(cls, spec: str | None = None) -> LlamaCppBackend:
        from transformers import AutoTokenizer

        from nlq.backends.cpubuild import select
        from nlq.model import gguf_path, resolve_spec, tokenizer_dir

        cpu_build = select()
        import llama_cpp  # after select(): this first import loads the chosen library

        start = time.perf_counter()
        source = resolve_spec(spec)
        path = gguf_path(source.spec)
        tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir(source.spec))
        try:
            llm = llama_cpp.Llama(model_path=str(path), n_ctx=CONTEXT_TOKENS, n_batch=BATCH_TOKENS,
                                  n_threads=threads(), n_threads_batch=threads(), verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise FillError(f"llama.cpp cannot load {path}: {exc}",
                            hint="give a GGUF llama.cpp reads, or use --backend transformers") from exc
        return cls(llm, tokenizer, source.spec, time.perf_counter() - start, cpu_build)

    def tokens(self) -> list[int]:
        return self._llm.input_ids[:self._llm.n_tokens].tolist()

    def feed(self, ids: list[int]) -> None:
        if self._llm.n_tokens + len(ids) > self._llm.n_ctx():
            raise FillError(f"the prompt needs {self._llm.n_tokens + len(ids)} tokens, more than the "
                            f"{self._llm.n_ctx()} of llama.cpp's context", hint="ask about fewer or narrower tables")
        self._llm.eval(ids)

    def truncate(self, length: int) -> None:
        # `eval` removes the state past `n_tokens` before it decodes.
        self._llm.n_tokens = min(length, self._llm.n_tokens)

    def logits(self) -> np.ndarray:
        import llama_cpp

        return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._llm.ctx, -1), shape=(self._vocab,))

    def snapshot(self) -> _Snapshot:
        import llama_cpp

        ctx = self._llm.ctx
        size = llama_cpp.llama_state_get_size(ctx)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_get_data(ctx, buffer, size)
        return _Snapshot(self.tokens(), bytes(buffer[:written]))

    def restore(self, snapshot: _Snapshot) -> None:
        import llama_cpp

        size = len(snapshot.state)
        buffer = (ctypes.c_uint8 * size).from_buffer_copy(snapshot.state)
        if llama_cpp.llama_state_set_data(self._llm.ctx, buffer, size) != size:
            raise FillError("llama.cpp refused a saved state", hint="a bug in nlq's llama.cpp backend")
        self._llm.input_ids[:len(snapshot.ids)] = snapshot.ids
        self._llm.n_tokens = len(snapshot.ids)

    def reset(self) -> None:
        self._llm.reset()
