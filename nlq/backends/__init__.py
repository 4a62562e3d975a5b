"""Inference backends for the fill stage.

A local backend holds one token sequence and its KV state; the constrained engine
(`nlq.engine.Engine`) drives it token by token: feed tokens (a prompt, or a chosen token and
the ones the grammar forces after it, in one batch), then pick the allowed token with the
highest logit under llguidance's mask. A snapshot of the state after the fixed prompt head is
kept, and a request that shares a prefix with the sequence in place prefills only the rest.

- `llamacpp`: llama.cpp through llama-cpp-python, the default on CPU; reads the GGUF itself
  (the embedded one joined from its wheels).
- `transformers`: a transformers causal LM, bf16 on CUDA (the default there), fp32 on CPU;
  reads a transformers directory (a GGUF is converted once into the cache).
- `openai`: any OpenAI-compatible server with per-request JSON-schema output (vLLM, SGLang,
  llama-cpp-python's server) at `NLQ_OPENAI_URL`; not a token-level backend but an engine
  of its own with the engine's methods (`nlq.backends.openai`).

`NLQ_BACKEND` (or `--backend`) chooses; `nlq.engine.load_engine` builds the engine for one.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from nlq.errors import FillError

BACKENDS = ("llamacpp", "transformers", "openai")


class Backend(Protocol):
    """One model's token-level state: the sequence fed so far and the logits after its last token."""

    name: str  # the backend's name, one of BACKENDS
    model_name: str
    device: str
    load_s: float
    tokenizer: Any  # a transformers fast tokenizer: the chat template, encoding, decoding

    def tokens(self) -> list[int]:
        """The sequence whose state is in place."""

    def feed(self, ids: list[int]) -> None:
        """Append `ids` to the sequence in one batch; the logits after the last are then ready."""

    def truncate(self, length: int) -> None:
        """Keep the first `length` tokens of the sequence (their state stays valid)."""

    def logits(self) -> Any:
        """The next-token logits after the last token fed: a float numpy vector."""

    def snapshot(self) -> Any:
        """The state in place, for `restore`."""

    def restore(self, snapshot: Any) -> None:
        """Put a `snapshot`'s state back in place."""

    def reset(self) -> None:
        """Forget the sequence."""


def default_backend() -> str:
    """Env NLQ_BACKEND, else transformers on CUDA, else llamacpp."""
    chosen = os.environ.get("NLQ_BACKEND")
    if chosen:
        return check_backend(chosen)
    import torch

    return "transformers" if torch.cuda.is_available() else "llamacpp"


def check_backend(name: str) -> str:
    if name not in BACKENDS:
        raise FillError(f"unknown backend {name!r}", hint=f"use one of {', '.join(BACKENDS)} (--backend / NLQ_BACKEND)")
    return name


def load_backend(name: str, spec: str | None = None) -> Backend:
    """The local backend `name` over the model `spec` (see `nlq.model.resolve_spec`)."""
    if name == "llamacpp":
        from nlq.backends.llamacpp import LlamaCppBackend

        return LlamaCppBackend.load(spec)
    if name == "transformers":
        from nlq.backends.hf import TransformersBackend
        from nlq.model import load_model

        return TransformersBackend(load_model(spec))
    raise FillError(f"{name!r} is not a local backend", hint="the openai backend is an engine of its own")
