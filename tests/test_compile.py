"""compile_question's attempts: the draft the question's words describe first; then a plan
resolve rejects is filled again with the error; a plan that ran out of tokens is not (it would
run out again); when both fail, the steps a rejected plan got right answer, else the linker.

The questions ask for a derived column the words leave open ("freight times the exchange rate":
no column is the rate), where the model must answer: the draft builds none."""

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


DERIVED = "Delivered orders with freight above 100, and their freight times the exchange rate."


def test_the_draft_answers_before_the_model_where_the_words_settle_the_shape():
    filler = Scripted([BAD])
    compiled = compile_question("Delivered orders with freight above 10.", TABLES, filler=filler)
    assert filler.feedback == [] and not compiled.fallback and compiled.drafted
    assert 'pl.col("status") == "delivered"' in compiled.code and 'pl.col("freight") > 10)' in compiled.code
    assert compiled.diagnostics == []


def test_a_rejected_plan_is_filled_again_with_the_error():
    filler = Scripted([BAD, GOOD])
    compiled = compile_question("Orders with freight above 100, and their freight times the exchange rate.", TABLES, filler=filler)
    assert filler.feedback[0] is None and "unknown column `fraight`" in filler.feedback[1].message
    assert not compiled.fallback and 'pl.col("freight") > 100' in compiled.code
    assert not compiled.drafted and len(compiled.diagnostics) == 1
    assert compiled.diagnostics[0].startswith("attempt 2: resolve error")


def test_a_plan_that_ran_out_of_tokens_goes_straight_to_the_linker():
    filler = Scripted([UnfinishedError("the model's output is not complete JSON"), GOOD])
    compiled = compile_question(DERIVED, TABLES, filler=filler)
    assert len(filler.feedback) == 1
    assert compiled.fallback and 'pl.col("status") == "delivered"' in compiled.code


def test_when_both_attempts_fail_the_linker_answers():
    filler = Scripted([BAD, BAD])
    compiled = compile_question(DERIVED, TABLES, filler=filler)
    assert len(filler.feedback) == 2 and compiled.fallback
    assert [d.split(":")[0] for d in compiled.diagnostics] == ["attempt 2", "attempt 3"]
    assert compiled.code.startswith("# nlq: attempt 2: resolve error")


LOOKUP = ir.Query.model_validate({"source": "shop_products", "steps": [
    {"kind": "join", "right": "shop_categories", "how": "left"},
    {"kind": "group_by", "by": ["category_name"], "agg": [{"name": "product_name", "expr": "product_name"}]}]})


def test_the_steps_a_rejected_plan_got_right_answer_before_the_linker():
    shop = {n: t for n, t in demo_tables().items() if n in ("shop_products", "shop_categories")}
    filler = Scripted([LOOKUP, BAD])
    compiled = compile_question("Products with their category name, and their price times the exchange rate.", shop, filler=filler)
    body = compiled.code.split("result =", 1)[1]
    # The join, then the lookup the question asks for (settle's rule), not the linker's table.
    assert compiled.fallback and ".join(shop_categories" in body and "group_by" not in body
    assert '.select("product_name", "category_name")' in body
    assert compiled.diagnostics[-1].startswith("attempt 4: answered with the 1 step(s) of a rejected plan")


def test_a_plan_rejected_at_its_first_step_leaves_the_linker_to_answer():
    filler = Scripted([BAD, BAD])
    compiled = compile_question(DERIVED, TABLES, filler=filler)
    assert len(compiled.diagnostics) == 2 and 'pl.col("status") == "delivered"' in compiled.code


UNSORTED = ir.Query.model_validate({"source": "shop_orders", "steps": [{"kind": "filter", "predicate": "freight > 10"}]})
TOP3 = ir.Query.model_validate({"source": "shop_orders", "steps": [
    {"kind": "sort", "by": [{"column": "freight", "descending": True}]}, {"kind": "head", "n": 3}]})


def test_an_answer_that_disagrees_with_the_intent_is_filled_again_with_the_check():
    filler = Scripted([UNSORTED, TOP3])
    compiled = compile_question("The 3 orders with the highest freight, and their freight times the exchange rate.", TABLES, filler=filler)
    assert "asks for 3 row(s)" in filler.feedback[1].message and filler.feedback[1].stage == "check"
    assert ".head(3)" in compiled.code and not compiled.fallback
    assert compiled.diagnostics[0].startswith("attempt 2: check error")


def test_when_no_attempt_agrees_the_first_compiled_answer_is_kept_not_the_linker():
    filler = Scripted([UNSORTED, BAD])
    compiled = compile_question("The 3 orders with the highest freight, and their freight times the exchange rate.", TABLES, filler=filler)
    assert len(filler.feedback) == 2 and not compiled.fallback
    assert "freight" in compiled.code and "> 10" in compiled.code
    assert [d.split(":")[0] for d in compiled.diagnostics] == ["attempt 2", "attempt 3"]


def test_an_answer_that_agrees_is_not_filled_again():
    filler = Scripted([TOP3])
    compiled = compile_question("The 3 orders with the highest freight, and their freight times the exchange rate.", TABLES, filler=filler)
    assert len(filler.feedback) == 1 and compiled.diagnostics == [] and "check" in compiled.timings
