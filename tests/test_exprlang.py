"""The expression language: identity fixtures (parse -> format -> parse), errors, IR dumps."""

import pytest
from pydantic import ValidationError

from nlq import ir
from nlq.errors import NlqError, ParseError
from nlq.exprlang import format_expr, parse_expr

# Each line must survive parse -> format unchanged (the canonical spelling).
IDENTITY = """\
price * qty * (1 - discount)
a - (b - c)
a - b - c
a / (b * c)
-x + 3
x == -2.5
year(order_date) == 2023 and status in ["F", "O"]
not is_null(x) or y >= 10
not (a and b)
(a or b) and c
between(x, 1, 5)
between(x, 1, 5, closed="left")
starts_with(name, "Ab")
contains(lower(name), "x", case_insensitive=true)
slice(code, 0, 3)
concat(first, last, sep=" ")
round(sum(amount) / len(), 2)
cast(qty, "float")
abs(delta)
when(x > 5, "big", x > 2, "mid", "small")
date_diff(shipped, ordered)
year_month(to_date(day))
arg_max(title, score)
over(rank(total, "dense", descending=true), by=[customer])
over(cum_sum(amount), by=[customer], order_by=[paid_on])
over(shift(amount, 1), by=[g], order_by=[d], descending=true)
over(rolling_mean(x, 3), by=[g], order_by=[d])
share(amount, by=[customer], percent=true)
row_number()
n_unique(city)
`unit price` > 10
`and` == 1
"""


@pytest.mark.parametrize("text", IDENTITY.splitlines())
def test_identity(text):
    node = parse_expr(text)
    assert format_expr(node) == text
    assert parse_expr(format_expr(node)) == node


def test_sugar_spellings_parse_to_canonical_nodes():
    assert parse_expr("lag(x, 2)") == ir.Shift(operand=ir.Col(name="x"), n=2)
    assert parse_expr("lead(x)") == ir.Shift(operand=ir.Col(name="x"), n=-1)
    assert parse_expr("x not in [1, 2]") == ir.Not(operand=ir.IsIn(operand=ir.Col(name="x"), values=[1, 2]))
    assert parse_expr("'a b'") == ir.Lit(value="a b")
    assert parse_expr("android > 1").left == ir.Col(name="android")  # keyword prefix is a name


@pytest.mark.parametrize("text,canonical", [
    ("note.is_null()", "is_null(note)"),
    ("note is_null()", "is_null(note)"),
    ("rate.between(1, 5) and x", "between(rate, 1, 5) and x"),
    ("sum(a * b).round(2)", "round(sum(a * b), 2)"),
    ("fax is not null or y is null", "is_not_null(fax) or is_null(y)"),
    ("count(*)", "len()"),
    ("count()", "len()"),
])
def test_spellings_models_write_parse_to_canonical_nodes(text, canonical):
    assert format_expr(parse_expr(text)) == canonical


@pytest.mark.parametrize("text,message,hint", [
    ("a >", "at column 3", "^"),
    ("sums(x)", "unknown function `sums`", "did you mean `sum`?"),
    ("sum(x, y)", "at most 1 arguments", None),
    ("round(x, y)", "must be a literal value", None),
    ("over(x, by=[])", "at least one partition_by column", None),
    ("over(x, by=[a + 1])", "must list column names", None),
    ("rank(x, style=1)", "has no parameter `style`", "parameters: operand, method, descending"),
    ("[1, 2]", "a list is not an expression", None),
])
def test_errors_are_parse_errors_with_hints(text, message, hint):
    with pytest.raises(ParseError) as caught:
        parse_expr(text)
    assert message in caught.value.message
    if hint is not None:
        assert hint in caught.value.hint
    assert isinstance(caught.value, NlqError)


def test_ir_accepts_strings_and_dumps_typed_json_with_tags():
    query = ir.Query.model_validate({
        "source": "orders",
        "steps": [{"kind": "filter", "predicate": "total > 10"},
                  {"kind": "group_by", "by": ["region"], "agg": [{"name": "n", "expr": "len()"}]}],
    })
    dumped = ir.dump_ir(query)
    assert '"kind":"binary"' in dumped and '"kind":"agg"' in dumped
    assert ir.Query.model_validate_json(dumped) == query


def test_nodes_are_frozen_and_closed():
    node = ir.Col(name="x")
    with pytest.raises(ValidationError):
        node.name = "y"
    with pytest.raises(ValidationError):
        ir.Col(name="x", extra=1)
    with pytest.raises(ValidationError):
        ir.Query.model_validate({"source": "t", "steps": [{"kind": "explode", "columns": ["x"]}]})


@pytest.mark.parametrize("fields,message", [
    ({"kind": "agg", "fn": "len", "operand": "x"}, "takes no operand"),
    ({"kind": "agg", "fn": "sum"}, "needs an operand"),
])
def test_node_validators(fields, message):
    with pytest.raises(ValidationError, match=message):
        ir.Filter(predicate=fields)


def test_join_key_validation():
    with pytest.raises(ValidationError, match="not both"):
        ir.Join(right="t", on=["a"], left_on=["a"], right_on=["b"])
    with pytest.raises(ValidationError, match="go together"):
        ir.Join(right="t", left_on=["a"])


def test_compact_prints_steps_with_expressions_in_the_language():
    from nlq.exprlang import compact

    query = ir.Query.model_validate({"source": "t", "steps": [
        {"kind": "filter", "predicate": "a > 1 and b == 'x'"},
        {"kind": "group_by", "by": ["a"], "agg": [{"name": "n", "expr": "len()"}]}]})
    assert compact(query.steps[0]) == {"predicate": 'a > 1 and b == "x"'}
    assert compact(query.steps[1]) == {"by": ["a"], "agg": [{"name": "n", "expr": "len()"}]}
