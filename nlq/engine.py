"""Constrained generation: greedy decoding of JSON under a JSON schema, with llguidance.

The loop is ours rather than outlines' generator because KV caches outlive a request, which
outlines' generator cannot take: the fixed system prefix's is computed once per process and
recent requests' own tokens are kept, so a question over the tables of a recent one, or the
repair of a failed plan, prefills only what differs; and because it stops the moment the JSON
closes, feeds the tokens the grammar forces in one forward pass, and times prefill and decode
apart. The token mask comes from llguidance's matcher (outlines' llguidance backend wraps the
same matcher), built once per schema with compact JSON whitespace; outlines_core's own backend
took 18-33 s per schema.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import llguidance
import llguidance.hf
import numpy as np
import torch

from transformers import DynamicCache
from transformers.cache_utils import Cache, DynamicLayer

from nlq.errors import FillError
from nlq.model import LoadedModel


@dataclass(frozen=True)
class Generation:
    text: str
    prompt_tokens: int
    generated_tokens: int
    constraint_s: float  # building the schema's grammar; 0 when it was cached
    prefill_s: float  # the prompt after the cached prefix
    decode_s: float  # every step after prefill, masks included
    complete: bool = True  # False: max_tokens ran out before the JSON closed
    reused_prefix_tokens: int = 0
    forward_passes: int = 0  # decode passes: one per token the model chose, forced ones ride along
    timed_out: bool = False  # the deadline passed before the JSON closed (complete is then False)


@dataclass
class _Prefix:
    ids: list[int]
    cache: Any  # the model's KV cache after `ids`, never decoded into: each request copies it


@dataclass
class _Request:
    """A recent request's tokens after its head and their keys and values, per layer: the
    head's own are the pinned prefix's, so a kept request costs its own tokens only."""

    head: str
    tail: list[int]
    states: list[tuple[Any, Any]]


# Free room a cache layer's buffer keeps for the tokens of later passes.
_SPARE_TOKENS = 256


class _GrowingLayer(DynamicLayer):
    """A layer's keys and values in a buffer with room to spare: a pass writes its tokens in
    place, where transformers' layer copies the whole cache to append them (a tenth of a
    decoding pass at 2,000 cached tokens). `keys` and `values` are views of the buffer, so
    cropping and deep copies work as on the parent."""

    def update(self, key_states: Any, value_states: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        start = self.get_seq_length()
        stop = start + key_states.shape[-2]
        if start == 0 or stop > self._buffers[0].shape[-2]:
            self._buffers = tuple(self._grown(old, new, start, stop + _SPARE_TOKENS)
                                  for old, new in ((self.keys, key_states), (self.values, value_states)))
        for buffer, new in zip(self._buffers, (key_states, value_states)):
            buffer[..., start:stop, :] = new
        self.keys, self.values = (buffer[..., :stop, :] for buffer in self._buffers)
        return self.keys, self.values

    @staticmethod
    def _grown(old: Any, new: Any, length: int, capacity: int) -> Any:
        buffer = new.new_empty((*new.shape[:-2], capacity, new.shape[-1]))
        if length:
            buffer[..., :length, :] = old
        return buffer


class _GrowingCache(DynamicCache):
    def __init__(self) -> None:
        Cache.__init__(self, layer_class_to_replicate=_GrowingLayer)


def _common_length(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    differ = np.flatnonzero(np.asarray(a[:n]) != np.asarray(b[:n]))
    return int(differ[0]) if len(differ) else n


# Options of llguidance's JSON compiler: no free whitespace (every token is content; prompts
# show compact JSON to match), and pydantic's `oneOf` for tagged unions read as `anyOf` (the
# tags make the branches exclusive). Not lenient: a keyword it cannot enforce is an error.
_JSON_OPTIONS = {"whitespace_flexible": False, "coerce_one_of": True}

# Below this share of the vocabulary allowed, score only the allowed rows of the output
# layer: on CPU that layer's weights are a quarter of what each step reads from memory.
_SPARSE_HEAD = 0.125


# Tokens guessed per pass. A pass over a few tokens reads the weights once, as one token's
# does, but the int8 kernels' cost still grows with the rows (a 3-token pass ~1.3x a 1-token
# one on CPU): two guessed tokens measured faster overall than three or four.
DRAFT_TOKENS = 2

# Recent requests whose keys and values are kept (~25 KB a token for the 0.5B model, ~2.5 MB
# a request). Questions come in runs over the same tables, and a repair repeats its failed
# request up to the feedback.
RECENT_REQUESTS = 64


def _lookup(tokens: list[int], k: int) -> list[int]:
    """Up to `k` tokens that followed the latest earlier occurrence of the last few tokens
    ("prompt lookup"): a plan copies column names, values and words from its request."""
    for n in (3, 2, 1):
        if k <= 0 or len(tokens) <= n:
            continue
        tail = tokens[-n:]
        for start in range(len(tokens) - n - 1, -1, -1):
            if tokens[start:start + n] == tail:
                return tokens[start + n:start + n + k]
    return []


@lru_cache(maxsize=4)
def _lltokenizer(tokenizer: Any) -> Any:
    # Seconds to build from a 150k vocabulary; engines over one tokenizer share it.
    return llguidance.hf.from_tokenizer(tokenizer)


class Engine:
    """Greedy constrained JSON generation with one model; safe to share between threads."""

    def __init__(self, loaded: LoadedModel, *, reuse_prefix: bool = True, draft: int = DRAFT_TOKENS):
        self.loaded = loaded
        self.reuse_prefix = reuse_prefix  # off only to measure what the prefix cache saves
        self.draft = draft  # guessed tokens checked per pass; 0 only to measure what guessing saves
        self._lltokenizer = _lltokenizer(loaded.tokenizer)
        self._vocab = self._lltokenizer.vocab_size
        self._matchers: dict[str, Any] = {}
        self._prefixes: dict[str, _Prefix] = {}
        self._recent: list[_Request] = []  # most recent last
        self._lock = threading.Lock()

    # -- prompts ----------------------------------------------------------------------

    def render(self, prefix: str | list[dict[str, str]], prompt: str) -> tuple[str, str]:
        """The fixed head and the full prompt text, through the tokenizer's chat template;
        the first is a prefix of the second, so its tokens (and KV cache) can be reused.
        `prefix` is a system text, or whole messages (a system text and worked examples)."""
        tokenizer = self.loaded.tokenizer
        head_messages = [{"role": "system", "content": prefix}] if isinstance(prefix, str) else list(prefix)
        if not getattr(tokenizer, "chat_template", None):
            head = "".join(f"{m['content']}\n\n" for m in head_messages)
            return head, f"{head}{prompt}\n"
        head = tokenizer.apply_chat_template(head_messages, tokenize=False)
        full = tokenizer.apply_chat_template([*head_messages, {"role": "user", "content": prompt}], tokenize=False,
                                             add_generation_prompt=True)
        return head, full

    def _encode(self, text: str) -> list[int]:
        return self.loaded.tokenizer(text, add_special_tokens=False)["input_ids"]

    # -- constraints ------------------------------------------------------------------

    def matcher(self, schema: dict[str, Any]) -> tuple[Any, float]:
        """A fresh matcher for `schema` and the seconds spent building it (0 when cached)."""
        key = json.dumps(schema)  # not sort_keys: llguidance emits properties in their declared order
        start = time.perf_counter()
        built = key not in self._matchers
        if built:
            grammar = llguidance.LLMatcher.grammar_from_json_schema(key, overrides=_JSON_OPTIONS)
            template = llguidance.LLMatcher(self._lltokenizer, grammar, log_level=0)
            if template.is_error():
                raise FillError(f"the JSON schema cannot be compiled to a constraint: {template.get_error()}",
                                hint="simplify the schema: llguidance rejected it")
            self._matchers[key] = template
        return self._matchers[key].deep_copy(), (time.perf_counter() - start if built else 0.0)

    def _allowed_ids(self, matcher: Any) -> Any:
        bits = np.unpackbits(np.frombuffer(matcher.compute_bitmask(), dtype=np.uint8), bitorder="little")
        return torch.from_numpy(np.flatnonzero(bits[:self._vocab]))

    # -- the model --------------------------------------------------------------------

    def _forward(self, ids: list[int], cache: Any) -> tuple[Any, Any]:
        """Every position's hidden state (the output layer is applied by `_greedy`) and the cache."""
        model = self.loaded.model
        out = model.get_decoder()(input_ids=torch.tensor([ids], device=model.device),
                                  past_key_values=_GrowingCache() if cache is None else cache, use_cache=True)
        return out.last_hidden_state[0], out.past_key_values

    def _greedy(self, hidden: Any, allowed: Any) -> int:
        """The allowed token with the highest logit."""
        if not len(allowed):
            raise FillError("the constraint allows no next token", hint="the schema admits no completion here")
        head = self.loaded.model.get_output_embeddings()
        if len(allowed) < _SPARSE_HEAD * head.weight.shape[0]:
            rows = allowed.to(hidden.device)
            scores = head.weight.index_select(0, rows) @ hidden
            if head.bias is not None:
                scores = scores + head.bias.index_select(0, rows)
            return int(allowed[int(torch.argmax(scores))])
        logits = head(hidden).float()
        mask = torch.ones_like(logits, dtype=torch.bool)
        mask[allowed.to(logits.device)] = False
        return int(torch.argmax(logits.masked_fill(mask, float("-inf"))))

    def _prefix(self, head: str) -> _Prefix:
        if head not in self._prefixes:
            ids = self._encode(head)
            _, cache = self._forward(ids, None)
            self._prefixes[head] = _Prefix(ids, cache)
        return self._prefixes[head]

    def _reuse(self, head: str, ids: list[int]) -> tuple[int, Any]:
        """The longest cached token prefix of `ids` (the head's, or the head's and a recent
        request's) and a cache holding it: at least the last token is left to prefill, for
        its hidden state."""
        prefix = self._prefix(head)
        start = len(prefix.ids)
        length = min(_common_length(prefix.ids, ids), len(ids) - 1)
        best = None
        if length == start:  # the whole head: a recent request over it may share more
            tail = ids[start:]
            for request in (r for r in self._recent if r.head == head):
                common = start + min(_common_length(request.tail, tail), len(tail) - 1)
                if common > length:
                    best, length = request, common
        if length <= 0:
            return 0, None
        cache = copy.deepcopy(prefix.cache)
        if best is not None:
            for layer, (keys, values) in zip(cache.layers, best.states):
                layer.update(keys[..., :length - start, :], values[..., :length - start, :])
        elif length < start:
            cache.crop(length - start)
        return length, cache

    def _remember(self, head: str, ids: list[int], cache: Any) -> None:
        head_ids = self._prefix(head).ids
        start = len(head_ids)
        if ids[:start] != head_ids:
            return
        tail = ids[start:]
        states = [(layer.keys[..., start:len(ids), :].clone(), layer.values[..., start:len(ids), :].clone())
                  for layer in cache.layers]
        kept = [r for r in self._recent if (r.head, r.tail) != (head, tail)]
        self._recent = [*kept, _Request(head, tail, states)][-RECENT_REQUESTS:]

    def warm(self, prefix: str | list[dict[str, str]], schema: dict[str, Any] | None = None) -> None:
        """Compute the prefix's KV cache (and the schema's constraint) ahead of the first request."""
        with self._lock, torch.inference_mode():
            self._prefix(self.render(prefix, "")[0])
            if schema is not None:
                self.matcher(schema)

    def generate_json(self, prefix: str | list[dict[str, str]], prompt: str, schema: dict[str, Any], max_tokens: int,
                      deadline: float | None = None) -> Generation:
        """Greedy JSON under `schema`, after the system `prefix` and the user `prompt`.

        `deadline` (a `time.monotonic()` value) is checked between decoding passes: past it,
        generation stops with what it has (`timed_out`, not `complete`) and frees the engine
        for the next request."""
        with self._lock, torch.inference_mode():
            return self._generate(prefix, prompt, schema, max_tokens, deadline)

    def _generate(self, prefix: str | list[dict[str, str]], prompt: str, schema: dict[str, Any], max_tokens: int,
                  deadline: float | None = None) -> Generation:
        matcher, constraint_s = self.matcher(schema)
        head, full = self.render(prefix, prompt)
        start = time.perf_counter()
        ids = self._encode(full)
        reused, cache = self._reuse(head, ids) if self.reuse_prefix else (0, None)
        states, cache = self._forward(ids[reused:], cache)
        hidden = states[-1]
        prefill_s = time.perf_counter() - start

        start = time.perf_counter()
        generated: list[int] = []
        eos = set(self._lltokenizer.eos_tokens)
        passes = 0
        timed_out = False
        request = ids[reused:]
        while not matcher.is_stopped() and len(generated) < max_tokens:
            if deadline is not None and time.monotonic() > deadline:
                timed_out = True
                break
            # The model's token, then the tokens the grammar forces after it (`"},{"` after a
            # closing quote), then a guess at the next few, in one forward: a pass over a few
            # tokens reads the weights once, as one token's does (see `nlq.model._cpu_kernels`).
            step = [] if matcher.compute_ff_tokens() else [self._greedy(hidden, self._allowed_ids(matcher))]
            if step and step[0] in eos:
                break
            self._consume(matcher, step)
            forced = matcher.compute_ff_tokens()[: max_tokens - len(generated) - len(step)]
            self._consume(matcher, forced)
            step += forced
            generated.extend(step)
            if matcher.is_stopped() or not step:
                break
            draft = _lookup(request + generated, min(self.draft, max_tokens - len(generated)))
            draft = draft[:matcher.validate_tokens(draft)] if draft else []
            states, cache = self._forward(step + draft, cache)
            passes += 1
            hidden = states[len(step) - 1]
            # Keep the guesses the model would have chosen itself, so the text is the same as
            # without guessing; the cache forgets the rest.
            kept = 0
            for token in draft:
                if matcher.compute_ff_tokens() or self._greedy(hidden, self._allowed_ids(matcher)) != token:
                    break
                self._consume(matcher, [token])
                generated.append(token)
                kept += 1
                hidden = states[len(step) + kept - 1]
            if kept < len(draft):
                cache.crop(kept - len(draft))  # transformers 5: a negative count removes that many
        if self.reuse_prefix:
            self._remember(head, ids, cache)
        text = self.loaded.tokenizer.decode(generated, skip_special_tokens=True)
        return Generation(text=text, prompt_tokens=len(ids), generated_tokens=len(generated),
                          constraint_s=constraint_s, prefill_s=prefill_s, decode_s=time.perf_counter() - start,
                          complete=matcher.is_accepting() and not timed_out, reused_prefix_tokens=reused,
                          forward_passes=passes, timed_out=timed_out)

    @staticmethod
    def _consume(matcher: Any, tokens: list[int]) -> None:
        if tokens and not matcher.consume_tokens(tokens):
            raise FillError(f"the constraint rejected the model's tokens: {matcher.get_error()}",
                            hint="a bug in the engine or in llguidance; the schema itself compiled")
