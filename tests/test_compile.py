"""compile_question's attempts: a plan resolve rejects is filled again with the error; a plan
that ran out of tokens is not (it would run out again); the linker answers when both fail."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlq import ir
from nlq.compile import FillResult, compile_question
from nlq.demo import demo_tables
from nlq.errors import NlqError, UnfinishedError


@dataclass
class Scripted:
    """A filler that answers from a script: a plan, or an error to raise, per attempt. It stands
    in for the model only to drive compile's control flow; the model is tested by the engine
    and fill tests and measured by the bench."""

    script: list[ir.Query | NlqError]
    feedback: list[NlqError | None] = field(default_factory=list)

    def fill(self, question, link, catalog, feedback=None):
        self.feedback.append(feedback)
        step = self.script[len(self.feedback) - 1]
        if isinstance(step, NlqError):
            raise step
        return FillResult(query=step)


TABLES = {"shop_orders": demo_tables()["shop_orders"]}
GOOD = ir.Query.model_validate({"source": "shop_orders", "steps": [{"kind": "filter", "predicate": "freight > 100"}]})
BAD = ir.Query.model_validate({"source": "shop_orders", "steps": [{"kind": "filter", "predicate": "fraight > 100"}]})


def test_a_rejected_plan_is_filled_again_with_the_error():
    filler = Scripted([BAD, GOOD])
    compiled = compile_question("Orders with freight above 100.", TABLES, filler=filler)
    assert filler.feedback[0] is None and "unknown column `fraight`" in filler.feedback[1].message
    assert not compiled.fallback and 'pl.col("freight") > 100' in compiled.code
    assert len(compiled.diagnostics) == 1 and compiled.diagnostics[0].startswith("attempt 1: resolve error")


def test_a_plan_that_ran_out_of_tokens_goes_straight_to_the_linker():
    filler = Scripted([UnfinishedError("the model's output is not complete JSON"), GOOD])
    compiled = compile_question("Delivered orders.", TABLES, filler=filler)
    assert len(filler.feedback) == 1
    assert compiled.fallback and 'pl.col("status") == "delivered"' in compiled.code


def test_when_both_attempts_fail_the_linker_answers():
    filler = Scripted([BAD, BAD])
    compiled = compile_question("Delivered orders.", TABLES, filler=filler)
    assert len(filler.feedback) == 2 and compiled.fallback
    assert [d.split(":")[0] for d in compiled.diagnostics] == ["attempt 1", "attempt 2"]
    assert compiled.code.startswith("# nlq: attempt 1: resolve error")
