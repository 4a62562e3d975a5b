"""The transformers backend: a causal LM and transformers' own KV cache, nothing patched.

The default on CUDA (bf16); on CPU it runs the model in fp32, and serves the tests' tiny
random Qwen2.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import torch
from transformers import DynamicCache

from nlq.model import LoadedModel


class TransformersBackend:
    name = "transformers"

    def __init__(self, loaded: LoadedModel):
        self.loaded = loaded
        self.model_name = loaded.name
        self.device = loaded.device
        self.load_s = loaded.load_s
        self.tokenizer = loaded.tokenizer
        self.reset()

    def reset(self) -> None:
        self._ids: list[int] = []
        self._cache: Any = DynamicCache()
        self._logits: Any = None

    def tokens(self) -> list[int]:
        return self._ids

    def feed(self, ids: list[int]) -> None:
        model = self.loaded.model
        with torch.inference_mode():
            out = model(input_ids=torch.tensor([ids], device=model.device), past_key_values=self._cache,
                        use_cache=True, logits_to_keep=1)
        self._cache = out.past_key_values
        self._logits = out.logits[0, -1].float().cpu().numpy()
        self._ids = [*self._ids, *ids]

    def truncate(self, length: int) -> None:
        if length < len(self._ids):
            self._cache.crop(length - len(self._ids))  # transformers 5: a negative count removes that many
            self._ids = self._ids[:length]
            self._logits = None  # the logits after a kept token are not kept: feed one

    def logits(self) -> np.ndarray:
        return self._logits

    def snapshot(self) -> Any:
        return copy.deepcopy(self._cache), list(self._ids), self._logits

    def restore(self, snapshot: Any) -> None:
        cache, ids, logits = snapshot
        self._cache, self._ids, self._logits = copy.deepcopy(cache), list(ids), logits
