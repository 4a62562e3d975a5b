"""The typed query IR: immutable pydantic nodes in closed, tagged unions.

Field names follow Polars (`filter`, `with_columns`, `group_by`, `agg`, `by`, `descending`,
`how`, `left_on`, `right_on`) so the model fills words it already knows. Every expression
field also accepts a string in the expression language of `grammar/expr.lark`; it is parsed
into nodes on validation, so a dumped IR is always the typed JSON form.

A `Query` is a pipeline (a source and ordered steps) plus named sub-pipelines (`defs`)
that a join may take as its right side.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, SerializerFunctionWrapHandler, field_validator,
    model_serializer, model_validator,
)

Scalar = Union[bool, int, float, str, None]


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_serializer(mode="wrap")
    def _keep_kind(self, handler: SerializerFunctionWrapHandler) -> Any:
        # The tag is a default, so `exclude_defaults` would drop it and make the dump ambiguous.
        data = handler(self)
        if "kind" in type(self).model_fields and isinstance(data, dict):
            data = {"kind": self.kind, **data}  # type: ignore[attr-defined]
        return data


def _parse_expr_string(value: Any) -> Any:
    # Strings are the compact surface syntax; the parser lives beside the grammar.
    if isinstance(value, str):
        from nlq.exprlang import parse_expr

        return parse_expr(value)
    return value


# ---------------------------------------------------------------------------------------
# Expressions

class Col(Node):
    kind: Literal["col"] = "col"
    name: str


class Lit(Node):
    kind: Literal["lit"] = "lit"
    value: Scalar


ArithOp = Literal["+", "-", "*", "/", "//", "%"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
LogicOp = Literal["and", "or"]


class Binary(Node):
    kind: Literal["binary"] = "binary"
    op: Union[ArithOp, CompareOp, LogicOp]
    left: Expr
    right: Expr


class Not(Node):
    kind: Literal["not"] = "not"
    operand: Expr


class Neg(Node):
    kind: Literal["neg"] = "neg"
    operand: Expr


class IsNull(Node):
    kind: Literal["is_null"] = "is_null"
    operand: Expr


class IsNotNull(Node):
    kind: Literal["is_not_null"] = "is_not_null"
    operand: Expr


class IsIn(Node):
    kind: Literal["is_in"] = "is_in"
    operand: Expr
    values: list[Scalar]

    @field_validator("values")
    @classmethod
    def _not_empty(cls, values: list[Scalar]) -> list[Scalar]:
        if not values:
            raise ValueError("is_in needs at least one value")
        return values


class Between(Node):
    kind: Literal["between"] = "between"
    operand: Expr
    low: Expr
    high: Expr
    closed: Literal["both", "left", "right", "none"] = "both"


class StrMatch(Node):
    """starts_with / ends_with / contains with a literal pattern (never a regex)."""

    kind: Literal["str_match"] = "str_match"
    op: Literal["starts_with", "ends_with", "contains"]
    operand: Expr
    pattern: str
    case_insensitive: bool = False


class StrFn(Node):
    kind: Literal["str_fn"] = "str_fn"
    op: Literal["lower", "upper", "len_chars", "strip"]
    operand: Expr


class StrSlice(Node):
    kind: Literal["str_slice"] = "str_slice"
    operand: Expr
    offset: int
    length: int | None = None


class StrConcat(Node):
    kind: Literal["str_concat"] = "str_concat"
    parts: list[Expr]
    separator: str = ""

    @field_validator("parts")
    @classmethod
    def _two_or_more(cls, parts: list[Any]) -> list[Any]:
        if len(parts) < 2:
            raise ValueError("str_concat needs at least two parts")
        return parts


DatePartName = Literal["year", "quarter", "month", "day", "weekday", "hour", "year_month", "date"]


class DatePart(Node):
    """A part of a date; `year_month` is the text "YYYY-MM", `weekday` is 1 (Monday) to 7."""

    kind: Literal["date_part"] = "date_part"
    part: DatePartName
    operand: Expr


class DateDiff(Node):
    """Whole days from `start` to `end`."""

    kind: Literal["date_diff"] = "date_diff"
    end: Expr
    start: Expr


class ToDate(Node):
    """Parse an ISO date or datetime string. Inserted by resolve, not written by hand."""

    kind: Literal["to_date"] = "to_date"
    operand: Expr
    dtype: Literal["date", "datetime"] = "date"


class Cast(Node):
    kind: Literal["cast"] = "cast"
    operand: Expr
    dtype: Literal["int", "float", "str", "bool"]


class Round(Node):
    kind: Literal["round"] = "round"
    operand: Expr
    decimals: int = 0


class Abs(Node):
    kind: Literal["abs"] = "abs"
    operand: Expr


class Branch(Node):
    when: Expr
    then: Expr


class When(Node):
    kind: Literal["when"] = "when"
    branches: list[Branch]
    otherwise: Expr | None = None

    @field_validator("branches")
    @classmethod
    def _at_least_one(cls, branches: list[Branch]) -> list[Branch]:
        if not branches:
            raise ValueError("when needs at least one branch")
        return branches


AggFn = Literal["len", "count", "n_unique", "sum", "mean", "median", "min", "max", "std", "var", "first", "last"]


class Agg(Node):
    """An aggregation; `len` counts rows and takes no operand."""

    kind: Literal["agg"] = "agg"
    fn: AggFn
    operand: Expr | None = None
    # The rows it takes, where not all: "the cost of the delayed shipments" over all the cost.
    where: Expr | None = None

    @model_validator(mode="after")
    def _operand_matches_fn(self) -> Agg:
        if self.fn == "len" and self.operand is not None:
            raise ValueError("agg 'len' counts rows and takes no operand; use 'count' to count non-null values")
        if self.fn != "len" and self.operand is None:
            raise ValueError(f"agg '{self.fn}' needs an operand")
        if self.fn == "len" and self.where is not None:
            raise ValueError("agg 'len' counts every row; sum a condition to count some")
        return self


class ArgBest(Node):
    """The value of `operand` on the row where `by` is largest (`best="max"`) or smallest."""

    kind: Literal["arg_best"] = "arg_best"
    operand: Expr
    by: Expr
    best: Literal["max", "min"] = "max"


class Rank(Node):
    kind: Literal["rank"] = "rank"
    operand: Expr
    method: Literal["dense", "ordinal", "min", "max", "average"] = "dense"
    descending: bool = False


class RowNumber(Node):
    """1, 2, 3 ... in frame order, or in `order_by` order inside an `over`."""

    kind: Literal["row_number"] = "row_number"


class CumAgg(Node):
    kind: Literal["cum_agg"] = "cum_agg"
    fn: Literal["sum", "count", "min", "max", "prod"]
    operand: Expr


class Shift(Node):
    """Lag by `n` rows (a negative `n` leads)."""

    kind: Literal["shift"] = "shift"
    operand: Expr
    n: int = 1


class Rolling(Node):
    kind: Literal["rolling"] = "rolling"
    fn: Literal["mean", "sum", "min", "max"]
    operand: Expr
    window_size: int = Field(ge=1)


class Share(Node):
    """`operand` divided by its total over `partition_by` (all rows when empty); lowered."""

    kind: Literal["share"] = "share"
    operand: Expr
    partition_by: list[str] = []
    percent: bool = False


class Over(Node):
    """Evaluate `operand` per partition, in `order_by` order when one is given."""

    kind: Literal["over"] = "over"
    operand: Expr
    partition_by: list[str]
    order_by: list[str] = []
    descending: bool = False

    @field_validator("partition_by")
    @classmethod
    def _partition_not_empty(cls, cols: list[str]) -> list[str]:
        if not cols:
            raise ValueError("over needs at least one partition_by column")
        return cols


ExprNode = Annotated[
    Union[
        Col, Lit, Binary, Not, Neg, IsNull, IsNotNull, IsIn, Between, StrMatch, StrFn, StrSlice,
        StrConcat, DatePart, DateDiff, ToDate, Cast, Round, Abs, When, Agg, ArgBest, Rank,
        RowNumber, CumAgg, Shift, Rolling, Share, Over,
    ],
    Field(discriminator="kind"),
]
Expr = Annotated[ExprNode, BeforeValidator(_parse_expr_string)]


class Named(Node):
    """An expression and the output column name it gets (`alias`)."""

    name: str
    expr: Expr

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, name: str) -> str:
        if not name:
            raise ValueError("an output column name cannot be empty")
        return name


# A bare string in a column list is a column name, kept as is (no expression parsing).
ColumnItem = Union[str, Named]


class SortKey(Node):
    column: str
    descending: bool = False


# ---------------------------------------------------------------------------------------
# Steps

class Filter(Node):
    kind: Literal["filter"] = "filter"
    predicate: Expr


class WithColumns(Node):
    kind: Literal["with_columns"] = "with_columns"
    columns: list[Named]


class Select(Node):
    kind: Literal["select"] = "select"
    columns: list[ColumnItem]


class Drop(Node):
    kind: Literal["drop"] = "drop"
    columns: list[str]


class Rename(Node):
    kind: Literal["rename"] = "rename"
    mapping: dict[str, str]


class Unique(Node):
    kind: Literal["unique"] = "unique"
    subset: list[str] | None = None
    keep: Literal["any", "first", "last"] = "any"


class Sort(Node):
    kind: Literal["sort"] = "sort"
    by: list[SortKey]
    nulls_last: bool = True


class Head(Node):
    kind: Literal["head"] = "head"
    n: int = Field(ge=0)


class GroupBy(Node):
    kind: Literal["group_by"] = "group_by"
    by: list[ColumnItem]
    agg: list[Named]


JoinHow = Literal["inner", "left", "semi", "anti"]


class Join(Node):
    """Join the running frame with a table or a def. Keys left out are inferred by resolve."""

    kind: Literal["join"] = "join"
    right: str
    how: JoinHow = "inner"
    on: list[str] | None = None
    left_on: list[str] | None = None
    right_on: list[str] | None = None

    @model_validator(mode="after")
    def _keys_consistent(self) -> Join:
        if self.on is not None and (self.left_on is not None or self.right_on is not None):
            raise ValueError("give either 'on' or 'left_on'/'right_on', not both")
        if (self.left_on is None) != (self.right_on is None):
            raise ValueError("'left_on' and 'right_on' go together")
        if self.left_on is not None and len(self.left_on) != len(self.right_on or []):
            raise ValueError("'left_on' and 'right_on' need the same number of columns")
        return self


class TopN(Node):
    """The `n` rows with the highest (or lowest) `by`, overall or per group in `per`; lowered."""

    kind: Literal["top_n"] = "top_n"
    n: int = Field(ge=1)
    by: list[SortKey]
    per: list[str] = []


Step = Annotated[
    Union[Filter, WithColumns, Select, Drop, Rename, Unique, Sort, Head, GroupBy, Join, TopN],
    Field(discriminator="kind"),
]


class Pipeline(Node):
    source: str
    steps: list[Step] = []


class Query(Node):
    """The whole answer: named sub-pipelines, then the pipeline whose frame is `result`."""

    defs: dict[str, Pipeline] = {}
    source: str
    steps: list[Step] = []

    @property
    def body(self) -> Pipeline:
        return Pipeline(source=self.source, steps=self.steps)


def renamed_tables(query: Query, names: Mapping[str, str]) -> Query:
    """The same query over tables renamed by `names` (sources and joins' right sides)."""
    def pipeline(source: str, steps: list[Step]) -> dict[str, Any]:
        return {"source": names.get(source, source),
                "steps": [step.model_copy(update={"right": names.get(step.right, step.right)})
                          if isinstance(step, Join) else step for step in steps]}

    return query.model_copy(update={**pipeline(query.source, query.steps),
                                    "defs": {name: Pipeline(**pipeline(p.source, p.steps)) for name, p in query.defs.items()}})


def dump_ir(node: Node, indent: int | None = None) -> str:
    """Compact JSON of any IR node: defaults left out, tags kept."""
    return node.model_dump_json(exclude_defaults=True, indent=indent)


def node_kinds(value: Any) -> Iterator[str]:
    """The `kind` of every node in an IR value, depth first (for coverage counts)."""
    if isinstance(value, Node):
        if "kind" in type(value).model_fields:
            yield value.kind  # type: ignore[attr-defined]
        for name in type(value).model_fields:
            yield from node_kinds(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from node_kinds(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from node_kinds(item)


# Every concrete node class, by union, for dispatch tables and their completeness tests.
EXPR_KINDS: dict[str, type[Node]] = {
    cls.model_fields["kind"].default: cls for cls in ExprNode.__args__[0].__args__  # type: ignore[attr-defined]
}
STEP_KINDS: dict[str, type[Node]] = {
    cls.model_fields["kind"].default: cls for cls in Step.__args__[0].__args__  # type: ignore[attr-defined]
}

for _cls in (*EXPR_KINDS.values(), Branch, Named, Pipeline, Query):
    _cls.model_rebuild()
