"""The constrained engine with a tiny random Qwen2 and the real tokenizer: whatever the
model says, the JSON is complete and validates; the prefix caches (the fixed head's and
recent requests') and the constraint cache change timings, never the output."""

from __future__ import annotations

import json
from typing import Annotated, Literal, Union

import pytest
from pydantic import BaseModel, ConfigDict, Field

from nlq import engine as engine_module
from nlq.engine import Engine
from nlq.errors import FillError
from tests.tinymodel import tiny_model

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


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(tiny_model())


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
    # Schemas narrowed to one branch force the random model through each of them.
    for task in (Sow, Water, Harvest):
        schema = {**SCHEMA, "properties": {**SCHEMA["properties"], "tasks": {
            "type": "array", "items": {"$ref": f"#/$defs/{task.__name__}"}, "minItems": 1, "maxItems": 1}}}
        generation = engine.generate_json(PREFIX, "Plan the week.", schema, max_tokens=200)
        plan = Plan.model_validate_json(generation.text)
        assert [type(t) for t in plan.tasks] == [task]


def test_prefix_cache_is_reused_and_changes_nothing():
    loaded = tiny_model()
    reused, fresh = Engine(loaded), Engine(loaded, reuse_prefix=False)
    prefix_tokens = len(loaded.tokenizer(reused.render(PREFIX, "")[0])["input_ids"])
    for prompt in ("Sow radish in the south bed.", "Harvest the leeks."):
        a = reused.generate_json(PREFIX, prompt, SCHEMA, max_tokens=120)
        b = fresh.generate_json(PREFIX, prompt, SCHEMA, max_tokens=120)
        # The second request also reuses the first one's user-turn opening.
        assert a.reused_prefix_tokens >= prefix_tokens > 0 and b.reused_prefix_tokens == 0
        assert a.prompt_tokens == b.prompt_tokens > prefix_tokens
        assert a.text == b.text


def test_a_request_extending_a_recent_one_prefills_only_the_rest():
    loaded = tiny_model()
    reused, fresh = Engine(loaded), Engine(loaded, reuse_prefix=False)
    request = "Tables:\nbeds(name, rows)\n\nQuestion: Sow radish in the south bed."
    feedback = "\n\nYour previous plan failed: too many rows."
    first = reused.generate_json(PREFIX, request, SCHEMA, max_tokens=120)
    reused.generate_json(PREFIX, "Tables:\nharvests(crop, kg)\n\nQuestion: Harvest kale.", SCHEMA, max_tokens=120)
    again = reused.generate_json(PREFIX, request + feedback, SCHEMA, max_tokens=120)
    assert first.reused_prefix_tokens < again.reused_prefix_tokens
    # Prefilled: the feedback, the template's closing turn markers (5 tokens) and the one
    # token where the request's end and the feedback's start tokenize together.
    prefilled = again.prompt_tokens - again.reused_prefix_tokens
    assert prefilled <= len(loaded.tokenizer(feedback)["input_ids"]) + 6
    repair = request + feedback
    assert again.text == fresh.generate_json(PREFIX, repair, SCHEMA, max_tokens=120).text
    # The same request again keeps its last token to prefill, for the next token's logits.
    same = reused.generate_json(PREFIX, repair, SCHEMA, max_tokens=120)
    assert same.reused_prefix_tokens == same.prompt_tokens - 1 and same.text == again.text


def test_only_the_most_recent_requests_are_kept(monkeypatch):
    monkeypatch.setattr(engine_module, "RECENT_REQUESTS", 2)
    engine = Engine(tiny_model())
    for prompt in ("Sow kale.", "Water 3 litres.", "Harvest leeks."):
        engine.generate_json(PREFIX, prompt, SCHEMA, max_tokens=60)
    kept = [engine.loaded.tokenizer.decode(r.tail) for r in engine._recent]
    assert len(kept) == 2 and "Water 3 litres." in kept[0] and "Harvest leeks." in kept[1]
    # A request keeps the states of its prompt after the head, nothing the model generated.
    assert all(keys.shape[-2] == len(r.tail) for r in engine._recent for keys, _ in r.states)


def test_scoring_only_allowed_tokens_picks_what_full_logits_pick(monkeypatch):
    loaded = tiny_model()
    prompts = ["Sow kale.", "Water the herb spiral."]
    sparse = [Engine(loaded).generate_json(PREFIX, p, SCHEMA, max_tokens=120).text for p in prompts]
    monkeypatch.setattr(engine_module, "_SPARSE_HEAD", 0.0)
    dense = [Engine(loaded).generate_json(PREFIX, p, SCHEMA, max_tokens=120).text for p in prompts]
    assert sparse == dense


def test_worked_examples_as_messages_are_part_of_the_reused_head(engine):
    messages = [{"role": "system", "content": PREFIX}, {"role": "user", "content": "Sow leeks."},
                {"role": "assistant", "content": '{"season":"spring","tasks":[]}'}]
    first = engine.generate_json(messages, "Harvest kale.", SCHEMA, max_tokens=120)
    second = engine.generate_json(messages, "Harvest leeks.", SCHEMA, max_tokens=120)
    head_tokens = len(engine.loaded.tokenizer(engine.render(messages, "")[0])["input_ids"])
    assert first.reused_prefix_tokens == head_tokens < second.reused_prefix_tokens
    Plan.model_validate_json(second.text)


def test_the_system_part_is_a_token_prefix_of_the_prompt(engine):
    head, full = engine.render(PREFIX, "Count the beds.")
    assert full.startswith(head) and "Count the beds." in full[len(head):]
    encode = engine.loaded.tokenizer
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


def test_guessed_tokens_change_nothing():
    loaded = tiny_model()
    guessing, plain = Engine(loaded), Engine(loaded, draft=0)
    # Prompts whose words the plan can copy, so some guesses are checked and kept.
    for prompt in ("Sow sow sow the north bed, north bed, north bed.", "Water: note 'leek leek'.", "Harvest."):
        a = guessing.generate_json(PREFIX, prompt, SCHEMA, max_tokens=150)
        b = plain.generate_json(PREFIX, prompt, SCHEMA, max_tokens=150)
        assert a.text == b.text and a.generated_tokens == b.generated_tokens
        assert a.forward_passes <= b.forward_passes


@pytest.mark.parametrize("tokens, k, expected", [
    ([5, 6, 7, 8, 9, 5, 6, 7], 3, [8, 9, 5]),   # the longest tail that occurred before leads
    ([1, 2, 3, 9, 2, 3, 4, 3], 2, [4, 3]),      # else a shorter one, its latest occurrence
    ([1, 2, 3], 3, []),                          # a tail never seen before: no guess
    ([5, 6, 5, 6], 0, []),
])
def test_lookup_guesses_what_followed_the_tail_before(tokens, k, expected):
    assert engine_module._lookup(tokens, k) == expected


def test_the_growing_cache_holds_what_transformers_cache_holds(monkeypatch):
    import copy

    import torch
    from transformers import DynamicCache

    monkeypatch.setattr(engine_module, "_SPARE_TOKENS", 4)  # grow the buffers often
    decoder = tiny_model().model.get_decoder()
    torch.manual_seed(0)
    prompt, steps = torch.randint(0, 5000, (1, 12)), torch.randint(0, 5000, (6, 1, 3))
    runs = []
    with torch.inference_mode():
        for cache in (engine_module._GrowingCache(), DynamicCache()):
            hidden = [decoder(input_ids=prompt, past_key_values=cache, use_cache=True).last_hidden_state]
            for step in steps:
                hidden.append(decoder(input_ids=step, past_key_values=cache, use_cache=True).last_hidden_state)
                cache.crop(-1)  # a rejected guess
                cache = copy.deepcopy(cache)  # as a request copies a kept prefix
            runs.append((torch.cat(hidden, dim=1), cache.layers[0].keys, cache.get_seq_length()))
    (grown, grown_keys, grown_length), (stock, stock_keys, stock_length) = runs
    assert grown_length == stock_length == 12 + 6 * 2
    assert torch.equal(grown_keys, stock_keys)
    assert torch.allclose(grown, stock, atol=1e-5)
