"""Constrained generation: greedy decoding under a JSON schema or a lark grammar, with llguidance.

The loop is ours rather than an engine's sampler because it drives a local backend
(`nlq.backends`) token by token: llguidance's matcher masks each choice, the tokens the
grammar forces after a choice (`"},{"` after a closing quote) are fed with it in one batch,
decoding stops the moment the grammar closes, and prefill and decode are timed apart. The
backend's state after the fixed prompt head is computed once and restored when a request
does not share it with the sequence in place; a request sharing more with that sequence (the
repair of the plan just rejected) prefills only what differs. Matchers are built once per
schema or grammar, with compact JSON whitespace.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import llguidance
import llguidance.hf
import numpy as np

from nlq.backends import Backend, check_backend, default_backend, load_backend
from nlq.errors import FillError
from nlq.model import LoadedModel


@dataclass(frozen=True)
class Choice:
    """The least certain decision of a generation: where, and the allowed tokens the model
    weighed most there with their probabilities among the allowed ones."""

    at: int  # index of the generated token decided
    options: tuple[tuple[str, float], ...]  # (token text, probability), best first


@dataclass(frozen=True)
class Generation:
    text: str
    prompt_tokens: int
    generated_tokens: int
    constraint_s: float  # building the grammar's matcher; 0 when it was cached
    prefill_s: float  # the prompt after the reused prefix
    decode_s: float  # every step after prefill, masks included
    complete: bool = True  # False: max_tokens ran out before the grammar closed
    reused_prefix_tokens: int = 0
    forward_passes: int = 0  # decode passes: one per token the model chose, forced ones ride along
    timed_out: bool = False  # the deadline passed before the grammar closed (complete is then False)
    least_certain: Choice | None = None  # None where the model made no choice (or the backend shows no logits)


def _common_length(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    differ = np.flatnonzero(np.asarray(a[:n]) != np.asarray(b[:n]))
    return int(differ[0]) if len(differ) else n


# Options of llguidance's JSON compiler: no free whitespace (every token is content; prompts
# show compact JSON to match), and pydantic's `oneOf` for tagged unions read as `anyOf` (the
# tags make the branches exclusive). Not lenient: a keyword it cannot enforce is an error.
_JSON_OPTIONS = {"whitespace_flexible": False, "coerce_one_of": True}

# Prompt heads whose state is kept (a few MB each): the fill prompt's, and a baseline's.
HEADS = 4
# Alternatives kept at the least certain decision.
ALTERNATIVES = 3


@lru_cache(maxsize=4)
def _lltokenizer(tokenizer: Any) -> Any:
    # Seconds to build from a 150k vocabulary; engines over one tokenizer share it.
    return llguidance.hf.from_tokenizer(tokenizer)


class Engine:
    """Greedy constrained generation on one local backend; safe to share between threads."""

    def __init__(self, backend: Backend | LoadedModel, *, reuse_prefix: bool = True):
        if isinstance(backend, LoadedModel):  # a transformers model as loaded by nlq.model
            from nlq.backends.hf import TransformersBackend

            backend = TransformersBackend(backend)
        self.backend = backend
        self.reuse_prefix = reuse_prefix  # off only to measure what reusing saves
        self._lltokenizer = _lltokenizer(backend.tokenizer)
        self._vocab = self._lltokenizer.vocab_size
        self._eos = set(self._lltokenizer.eos_tokens)
        self._matchers: dict[tuple[str, str], Any] = {}
        self._heads: OrderedDict[str, tuple[list[int], Any]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def tokenizer(self) -> Any:
        return self.backend.tokenizer

    # -- prompts ----------------------------------------------------------------------

    def render(self, prefix: str | list[dict[str, str]], prompt: str) -> tuple[str, str]:
        """The fixed head and the full prompt text, through the tokenizer's chat template;
        the first is a prefix of the second, so its tokens (and state) can be reused.
        `prefix` is a system text, or whole messages (a system text and worked examples)."""
        tokenizer = self.tokenizer
        head_messages = [{"role": "system", "content": prefix}] if isinstance(prefix, str) else list(prefix)
        if not getattr(tokenizer, "chat_template", None):
            head = "".join(f"{m['content']}\n\n" for m in head_messages)
            return head, f"{head}{prompt}\n"
        head = tokenizer.apply_chat_template(head_messages, tokenize=False)
        full = tokenizer.apply_chat_template([*head_messages, {"role": "user", "content": prompt}], tokenize=False,
                                             add_generation_prompt=True)
        return head, full

    def _encode(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    # -- constraints ------------------------------------------------------------------

    def matcher(self, schema: dict[str, Any]) -> tuple[Any, float]:
        """A fresh matcher for the JSON `schema` and the seconds spent building it (0 when cached)."""
        key = json.dumps(schema)  # not sort_keys: llguidance emits properties in their declared order
        return self._matcher(("json", key),
                             lambda: llguidance.LLMatcher.grammar_from_json_schema(key, overrides=_JSON_OPTIONS))

    def lark_matcher(self, grammar: str) -> tuple[Any, float]:
        """A fresh matcher for the lark `grammar` (llguidance's dialect) and the seconds spent building it."""
        return self._matcher(("lark", grammar), lambda: llguidance.LLMatcher.grammar_from_lark(grammar))

    def _matcher(self, key: tuple[str, str], grammar: Any) -> tuple[Any, float]:
        start = time.perf_counter()
        built = key not in self._matchers
        if built:
            template = llguidance.LLMatcher(self._lltokenizer, grammar(), log_level=0)
            if template.is_error():
                what = "JSON schema" if key[0] == "json" else "lark grammar"
                raise FillError(f"the {what} cannot be compiled to a constraint: {template.get_error()}",
                                hint=f"simplify the {what}: llguidance rejected it")
            self._matchers[key] = template
        return self._matchers[key].deep_copy(), (time.perf_counter() - start if built else 0.0)

    # -- the backend's state ----------------------------------------------------------

    def _head(self, head: str) -> tuple[list[int], Any]:
        """The head's tokens and a snapshot of the backend's state after them."""
        if head not in self._heads:
            ids = self._encode(head)
            self.backend.reset()
            self.backend.feed(ids)
            self._heads[head] = (ids, self.backend.snapshot())
            while len(self._heads) > HEADS:
                self._heads.popitem(last=False)
        self._heads.move_to_end(head)
        return self._heads[head]

    def _prefill(self, head: str, ids: list[int]) -> int:
        """Bring the backend's sequence to `ids`, reusing what it shares with the sequence in
        place or with the head; returns the tokens reused. At least the last token is fed,
        for its logits."""
        backend = self.backend
        if not self.reuse_prefix:
            backend.reset()
            backend.feed(ids)
            return 0
        head_ids, snapshot = self._head(head)
        reused = _common_length(backend.tokens(), ids)
        if reused < len(head_ids) and ids[:len(head_ids)] == head_ids:
            backend.restore(snapshot)
            reused = len(head_ids)
        reused = min(reused, len(ids) - 1)
        backend.truncate(reused)
        backend.feed(ids[reused:])
        return reused

    def warm(self, prefix: str | list[dict[str, str]], schema: dict[str, Any] | None = None) -> None:
        """Compute the prefix's state (and the schema's constraint) ahead of the first request."""
        with self._lock:
            self._head(self.render(prefix, "")[0])
            if schema is not None:
                self.matcher(schema)

    # -- generation -------------------------------------------------------------------

    def generate_json(self, prefix: str | list[dict[str, str]], prompt: str, schema: dict[str, Any], max_tokens: int,
                      deadline: float | None = None) -> Generation:
        """Greedy JSON under `schema`, after the system `prefix` and the user `prompt`.

        `deadline` (a `time.monotonic()` value) is checked between decoding passes: past it,
        generation stops with what it has (`timed_out`, not `complete`) and frees the engine
        for the next request."""
        with self._lock:
            matcher, constraint_s = self.matcher(schema)
            return self._generate(matcher, constraint_s, prefix, prompt, max_tokens, deadline)

    def generate_grammar(self, prefix: str | list[dict[str, str]], prompt: str, grammar: str, max_tokens: int,
                         deadline: float | None = None) -> Generation:
        """As `generate_json`, under a lark grammar in llguidance's dialect
        (`start: ...`, `%json {...}` for an embedded JSON schema)."""
        with self._lock:
            matcher, constraint_s = self.lark_matcher(grammar)
            return self._generate(matcher, constraint_s, prefix, prompt, max_tokens, deadline)

    def _start(self, prefix: str | list[dict[str, str]], prompt: str,
               primer: str = "") -> tuple[list[int], int, float]:
        """Prefill the conversation (and the assistant's `primer`): its ids, the tokens reused
        from the state in place, and the seconds it took."""
        head, full = self.render(prefix, prompt)
        start = time.perf_counter()
        ids = self._encode(full + primer)
        reused = self._prefill(head, ids)
        return ids, reused, time.perf_counter() - start

    def generate_text(self, prefix: str | list[dict[str, str]], prompt: str, max_tokens: int, *,
                      primer: str = "", stop: str | None = None) -> Generation:
        """Greedy text under no constraint after the assistant's turn opens with `primer`, up
        to `stop` (left out) or `max_tokens`: the free-form baseline's decoding, on the same
        backend as nlq's."""
        with self._lock:
            ids, reused, prefill_s = self._start(prefix, prompt, primer)
            start = time.perf_counter()
            generated: list[int] = []
            while len(generated) < max_tokens:
                token = int(np.argmax(self.backend.logits()[:self._vocab]))
                if token in self._eos:
                    break
                generated.append(token)
                if stop is not None and stop in self.tokenizer.decode(generated[-8:]):
                    break
                self.backend.feed([token])
            text = self.tokenizer.decode(generated, skip_special_tokens=True)
            if stop is not None:
                text = text.split(stop)[0]
            return Generation(text=text, prompt_tokens=len(ids), generated_tokens=len(generated), constraint_s=0.0,
                              prefill_s=prefill_s, decode_s=time.perf_counter() - start,
                              reused_prefix_tokens=reused, forward_passes=len(generated))

    def _generate(self, matcher: Any, constraint_s: float, prefix: str | list[dict[str, str]], prompt: str,
                  max_tokens: int, deadline: float | None) -> Generation:
        ids, reused, prefill_s = self._start(prefix, prompt)

        start = time.perf_counter()
        generated: list[int] = []
        passes = 0
        timed_out = False
        least: tuple[float, int, Any] | None = None  # (margin, index, options)
        while not matcher.is_stopped() and len(generated) < max_tokens:
            if deadline is not None and time.monotonic() > deadline:
                timed_out = True
                break
            # The model's token, then the tokens the grammar forces after it, in one batch.
            step = []
            if not matcher.compute_ff_tokens():
                token, margin, options = self._choose(matcher)
                if least is None or margin < least[0]:
                    least = (margin, len(generated), options)
                step = [token]
            if step and step[0] in self._eos:
                break
            self._consume(matcher, step)
            forced = matcher.compute_ff_tokens()[: max_tokens - len(generated) - len(step)]
            self._consume(matcher, forced)
            step += forced
            generated.extend(step)
            if matcher.is_stopped() or not step:
                break
            self.backend.feed(step)
            passes += 1
        text = self.tokenizer.decode(generated, skip_special_tokens=True)
        choice = None
        if least is not None:
            choice = Choice(least[1], tuple((self.tokenizer.decode([t]), p) for t, p in least[2]))
        return Generation(text=text, prompt_tokens=len(ids), generated_tokens=len(generated),
                          constraint_s=constraint_s, prefill_s=prefill_s, decode_s=time.perf_counter() - start,
                          complete=matcher.is_accepting() and not timed_out, reused_prefix_tokens=reused,
                          forward_passes=passes, timed_out=timed_out, least_certain=choice)

    def _choose(self, matcher: Any) -> tuple[int, float, list[tuple[int, float]]]:
        """The allowed token with the highest logit, the margin of its probability over the
        runner-up's (among the allowed), and the top ALTERNATIVES with their probabilities."""
        bits = np.unpackbits(np.frombuffer(matcher.compute_bitmask(), dtype=np.uint8), bitorder="little")
        logits = self.backend.logits()
        n = min(self._vocab, len(logits))
        allowed = np.flatnonzero(bits[:n])
        if not len(allowed):
            raise FillError("the constraint allows no next token", hint="the grammar admits no completion here")
        scores = logits[allowed].astype(np.float64)
        top = np.arange(len(scores))
        if len(scores) > ALTERNATIVES:
            top = np.argpartition(scores, -ALTERNATIVES)[-ALTERNATIVES:]
        top = top[np.argsort(scores[top])[::-1]]
        probs = np.exp(scores[top] - scores[top[0]]) / np.exp(scores - scores[top[0]]).sum()
        margin = float(probs[0] - (probs[1] if len(probs) > 1 else 0.0))
        return int(allowed[top[0]]), margin, [(int(allowed[i]), float(p)) for i, p in zip(top, probs)]

    @staticmethod
    def _consume(matcher: Any, tokens: list[int]) -> None:
        if tokens and not matcher.consume_tokens(tokens):
            raise FillError(f"the constraint rejected the model's tokens: {matcher.get_error()}",
                            hint="a bug in the engine or in llguidance; the grammar itself compiled")


_ENGINES: dict[tuple[str, str | None], Any] = {}


def load_engine(model: str | None = None, backend: str | None = None) -> Any:
    """The engine for `backend` (else env NLQ_BACKEND, else transformers on CUDA and llamacpp
    elsewhere) over `model` (see `nlq.model.resolve_spec`), loaded once per process: an
    `Engine`, or for `openai` an `nlq.backends.openai.OpenAIEngine` with the same methods."""
    name = check_backend(backend) if backend else default_backend()
    key = (name, model)
    if key not in _ENGINES:
        if name == "openai":
            from nlq.backends.openai import OpenAIEngine

            _ENGINES[key] = OpenAIEngine.from_env(model)
        else:
            _ENGINES[key] = Engine(load_backend(name, model))
    return _ENGINES[key]
