"""The constrained engine on every local backend (transformers: a tiny random Qwen2 with the
real tokenizer; llamacpp: the embedded 0.5B GGUF): whatever the model says, the output is
complete and validates; reusing the head's and the previous request's state and the
constraint cache change timings, never the output."""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal, Union

import pytest
from pydantic import BaseModel, ConfigDict, Field

from nlq.engine import Engine
from nlq.errors import FillError
from tests.tinymodel import local_backend

PREFIX = "You fill a JSON plan for a question about a garden's planting log."


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sow(Strict):
    kind: Literal["sow"]
    bed: Literal["north", "south", "herb_spiral"]
    rows: int = Field(ge=1, le=40)


class Water(Strict):
    kind: Literal["water"]
    litres: float = Field(ge=0, le=100)
    note: str = Field(max_length=12)


class Harvest(Strict):
    kind: Literal["harvest"]
    crop: Literal["kale", "leek", "radish", "sorrel"]
    ripe: bool


class Plan(Strict):
    season: Literal["spring", "summer", "autumn"]
    tasks: list[Annotated[Union[Sow, Water, Harvest], Field(discriminator="kind")]] = Field(max_length=3)


SCHEMA = Plan.model_json_schema()


BACKENDS = ["transformers", "llamacpp"]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request):
    return local_backend(request.param)


@pytest.fixture(scope="module")
def engine(backend) -> Engine:
    return Engine(backend)


def test_the_schema_has_the_shapes_under_test():
    assert "oneOf" in json.dumps(SCHEMA) and "discriminator" in json.dumps(SCHEMA)


@pytest.mark.parametrize("prompt", ["Sow the north bed.", "What got harvested in autumn?", "Water 3 litres.", ""])
def test_output_validates_whatever_the_model_says(engine, prompt):
    generation = engine.generate_json(PREFIX, prompt, SCHEMA, max_tokens=200)
    assert generation.complete
    Plan.model_validate_json(generation.text)
    # Compact, and nothing after the closing brace: decoding stopped when the JSON closed.
    assert json.dumps(json.loads(generation.text), separators=(",", ":")) == generation.text
    # The keys and punctuation the schema forces ride along with the model's own tokens.
    assert generation.forward_passes < generation.generated_tokens


def test_every_union_branch_and_enum_value_can_be_produced(engine):
    # Schemas narrowed to one branch force the model through each of them.
    for task in (Sow, Water, Harvest):
        schema = {**SCHEMA, "properties": {**SCHEMA["properties"], "tasks": {
            "type": "array", "items": {"$ref": f"#/$defs/{task.__name__}"}, "minItems": 1, "maxItems": 1}}}
        generation = engine.generate_json(PREFIX, "Plan the week.", schema, max_tokens=200)
        plan = Plan.model_validate_json(generation.text)
        assert [type(t) for t in plan.tasks] == [task]


def test_prefix_state_is_reused_and_changes_nothing(backend):
    # Both engines drive one backend: each request of one finds the other's sequence in place.
    reused, fresh = Engine(backend), Engine(backend, reuse_prefix=False)
    prefix_tokens = len(backend.tokenizer(reused.render(PREFIX, "")[0])["input_ids"])
    for prompt in ("Sow radish in the south bed.", "Harvest the leeks."):
        a = reused.generate_json(PREFIX, prompt, SCHEMA, max_tokens=120)
        b = fresh.generate_json(PREFIX, prompt, SCHEMA, max_tokens=120)
        assert a.reused_prefix_tokens >= prefix_tokens > 0 and b.reused_prefix_tokens == 0
        assert a.prompt_tokens == b.prompt_tokens > prefix_tokens
        assert a.text == b.text


def test_a_repair_prefills_only_the_feedback(backend):
    reused, fresh = Engine(backend), Engine(backend, reuse_prefix=False)
    request = "Tables:\nbeds(name, rows)\n\nQuestion: Sow radish in the south bed."
    feedback = "\n\nYour previous plan failed: too many rows."
    first = reused.generate_json(PREFIX, request, SCHEMA, max_tokens=120)
    again = reused.generate_json(PREFIX, request + feedback, SCHEMA, max_tokens=120)
    assert first.reused_prefix_tokens < again.reused_prefix_tokens
    # Prefilled: the feedback, the template's closing turn markers (5 tokens) and the one
    # token where the request's end and the feedback's start tokenize together.
    prefilled = again.prompt_tokens - again.reused_prefix_tokens
    assert prefilled <= len(backend.tokenizer(feedback)["input_ids"]) + 6
    repair = request + feedback
    assert again.text == fresh.generate_json(PREFIX, repair, SCHEMA, max_tokens=120).text
    # The same request again keeps its last token to prefill, for the next token's logits.
    same = reused.generate_json(PREFIX, repair, SCHEMA, max_tokens=120)
    assert same.reused_prefix_tokens == same.prompt_tokens - 1 and same.text == again.text


def test_worked_examples_as_messages_are_part_of_the_reused_head(engine):
    messages = [{"role": "system", "content": PREFIX}, {"role": "user", "content": "Sow leeks."},
                {"role": "assistant", "content": '{"season":"spring","tasks":[]}'}]
    first = engine.generate_json(messages, "Harvest kale.", SCHEMA, max_tokens=120)
    second = engine.generate_json(messages, "Harvest leeks.", SCHEMA, max_tokens=120)
    head_tokens = len(engine.tokenizer(engine.render(messages, "")[0])["input_ids"])
    assert first.reused_prefix_tokens == head_tokens < second.reused_prefix_tokens
    Plan.model_validate_json(second.text)
    # Back to the plain head: restored from its snapshot (or shared with the examples' head's
    # opening system turn), not prefilled again.
    other = engine.generate_json(PREFIX, "Harvest kale.", SCHEMA, max_tokens=120)
    assert other.reused_prefix_tokens >= len(engine.tokenizer(engine.render(PREFIX, "")[0])["input_ids"])


def test_the_system_part_is_a_token_prefix_of_the_prompt(engine):
    head, full = engine.render(PREFIX, "Count the beds.")
    assert full.startswith(head) and "Count the beds." in full[len(head):]
    encode = engine.tokenizer
    head_ids = encode(head)["input_ids"]
    assert encode(full)["input_ids"][:len(head_ids)] == head_ids


def test_constraints_are_built_once_per_schema(engine):
    other = {**SCHEMA, "properties": {**SCHEMA["properties"], "season": {"enum": ["winter"]}}}
    first = engine.generate_json(PREFIX, "a", other, max_tokens=80)
    second = engine.generate_json(PREFIX, "b", other, max_tokens=80)
    assert first.constraint_s > 0 and second.constraint_s == 0
    assert json.loads(first.text)["season"] == "winter"


def test_properties_come_in_their_declared_order(engine):
    schema = {"type": "object", "additionalProperties": False, "required": ["zone", "bed"],
              "properties": {"zone": {"enum": ["east", "west"]}, "bed": {"enum": ["north", "south"]}}}
    generation = engine.generate_json(PREFIX, "Which bed?", schema, max_tokens=40)
    assert list(json.loads(generation.text)) == ["zone", "bed"]


def test_running_out_of_tokens_is_reported_not_hidden(engine):
    generation = engine.generate_json(PREFIX, "Sow.", SCHEMA, max_tokens=3)
    assert generation.generated_tokens <= 3 and not generation.complete


def test_a_schema_llguidance_rejects_is_a_fill_error(engine):
    with pytest.raises(FillError) as caught:
        engine.generate_json(PREFIX, "x", {"type": "object", "properties": {"a": {"$ref": "#/$defs/none"}},
                                          "required": ["a"]}, max_tokens=10)
    assert "constraint" in caught.value.message and caught.value.hint


GRAMMAR = r"""
start: "sow " BED " x" ROWS
BED: "north" | "south" | "herb_spiral"
ROWS: /[1-9][0-9]?/
"""


def test_a_lark_grammar_constrains_the_text(engine):
    generation = engine.generate_grammar(PREFIX, "Sow the south bed, six rows.", GRAMMAR, max_tokens=20)
    assert generation.complete and re.fullmatch(r"sow (north|south|herb_spiral) x[1-9][0-9]?", generation.text)
    again = engine.generate_grammar(PREFIX, "Sow the north bed.", GRAMMAR, max_tokens=20)
    assert generation.constraint_s > 0 and again.constraint_s == 0


def test_a_lark_grammar_llguidance_rejects_is_a_fill_error(engine):
    with pytest.raises(FillError, match="lark grammar"):
        engine.generate_grammar(PREFIX, "x", "start: undefined_rule", max_tokens=5)


def test_the_least_certain_choice_shows_its_alternatives(engine):
    generation = engine.generate_json(PREFIX, "Sow the north bed.", SCHEMA, max_tokens=120)
    choice = generation.least_certain
    assert choice is not None and 0 <= choice.at < generation.generated_tokens
    probabilities = [p for _, p in choice.options]
    assert 1 <= len(probabilities) <= 3 and probabilities == sorted(probabilities, reverse=True)
    assert 0 < sum(probabilities) <= 1 + 1e-9


def test_forced_tokens_go_in_the_same_batch_as_the_choice(backend, monkeypatch):
    feeds = []
    engine = Engine(backend)
    original = backend.feed
    monkeypatch.setattr(backend, "feed", lambda ids: (feeds.append(len(ids)), original(ids)))
    generation = engine.generate_json(PREFIX, "Sow the north bed.", SCHEMA, max_tokens=120)
    # Prefill (the head's first, then the request's) and one batch per decoding pass.
    assert len(feeds) - 2 == generation.forward_passes and max(feeds[2:]) > 1


def test_unconstrained_text_stops_at_its_stop_string_or_its_budget(engine):
    # The free-form baseline's decoding: greedy, no mask, the primer opens the reply.
    free = engine.generate_text(PREFIX, "Write a short plan.", 12, primer="```python\n")
    assert free.generated_tokens <= 12 and free.forward_passes == free.generated_tokens
    stopped = engine.generate_text(PREFIX, "Write a short plan.", 12, primer="```python\n", stop=free.text[:1] or "x")
    assert stopped.generated_tokens <= free.generated_tokens and (free.text[:1] or "x") not in stopped.text
