"""derive: the computed columns a question's words define, and the question with each
definition replaced by the column it makes.

A computed column is said by what computes it: a formula written out with column names
("Revenue = unit_price * quantity * (1 - discount)", "price with tax (price * 1.2)"), or
words that name an operation on columns ("dose times days", "cost per kg", "the difference
between X and Y", "full name", "name in capitals", "the year of the hire date", "the hire year",
"the length of the title", "price after a 10% discount", "the delay converted to hours"). Each is read
into an expression over one table's columns (written in the expression language of
`grammar/expr.lark`, so the names the words give are mapped to real columns first; a word that
names no column makes no formula) and named as the question names it: "as X", "(X)", "X = ...",
else its phrase in snake_case. Its words are then replaced by that name, so the rest of the
question reads it like any column ("total revenue per order" -> the sum of `revenue`), over the
table extended by it (`extended`). Where the words leave a formula or its name open, there is
none (None): the model fills.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from nlq import ir
from nlq import lexicon as L
from nlq import words as W
from nlq.catalog import ColumnInfo, TableInfo
from nlq.errors import NlqError
from nlq.exprlang import parse_expr, quote_name
from nlq.intent import (AFTER_PREFIX, AGE_IN, BANDED, DATE_PART_AFTER, DATE_PART_BEFORE, DATE_PART_WHEN, DAYS_AFTER, DAYS_AS_OF, FULL_NAME,
                        LEADING_PART, NEGATED, TEXTED, TRIMMED, TRUNCATED, WHOLE_AND_REST, row_date)
from nlq.resolve import resolve

Span = tuple[int, int]
# A column the words name, as (table, column); None where they name none.
Finder = Callable[[tuple[str, ...]], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Derived:
    name: str
    table: str
    expr: ir.Node  # over `table`'s columns, as the catalog names them
    span: Span     # the words that define it; the question reads its name there instead
    text: str      # what the question reads there: its name, after an aggregate the formula asks for

    @property
    def columns(self) -> set[str]:
        return set(_columns(self.expr))


_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_NUMBER = r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
# The name written after a definition: "as total_mg", "(as band_width)", "(fare_per_km)", "called X".
# ("as a share of ...", "as percentage of": an article or a word for a share after "as" names nothing.)
NAME_AFTER = re.compile(rf"\s*(?:\(\s*(?:(?:as|called|named)\s+)?[`'\"]?(?P<p>{_IDENT})[`'\"]?\s*\)"
                        rf"|,?\s*(?:as|called|named)\s+(?!(?:a|an|the|its|their|{W.alternatives(L.SHARE_WORDS)})\b)"
                        rf"[`'\"]?(?P<a>{_IDENT})[`'\"]?)", re.IGNORECASE)
# "Revenue = ...": a name, then the formula to the end of its sentence; the name may close a
# list ("Show job title and salary spread = max salary - min salary").
# "where revenue is extended price times (1 - discount)": a verb that defines says it as "=" does
# (the formula must still read as one, operators and columns, so "Which customer is ..." is none).
# "rank products by inventory value = unit_price * units_in_stock, descending": a definition
# may stand where the column it defines is read, after "by", up to a comma.
_DEFINITION = re.compile(r"(?:^|(?<=[.;:,]\s)|(?<=\band\s)|(?<=\bby\s)|(?<=\n)|(?<=\s)(?=(?:where|with)\s))\s*"
                         rf"(?:(?:{W.alternatives(L.DEFINITION_OPENERS)})\s+(?:(?:the|its|their)\s+)?)?"
                         # "Add a column line_value = ...", "compute a new field margin = ...": the
                         # words that ask for a column are no part of its name.
                         # ("compute each prescription's total mg = ...": whose it is, neither)
                         rf"(?i:(?:{W.alternatives(L.DERIVE_OPENERS)})\s+(?:(?:the|a|an|each|every|its|their)\s+)?"
                         r"(?:[A-Za-z]+(?:'s|s')\s+)?(?:new\s+)?"
                         r"(?:(?:column|field)\s+(?:(?:named|called)\s+)?)?)?"
                         r"(?P<name>[A-Za-z](?:(?!\s+(?:and|where|by)\b)[A-Za-z_ ]){0,40}?)"
                         # ("price per mg, i.e. unit price divided by strength": a comma before the verb)
                         # ("discount, the list_price minus the sale_price", "goal difference, home_goals
                         # minus away_goals": a formula set after a comma defines the words before it)
                         rf"(?:\s*=|,?\s+(?:{W.alternatives(L.DEFINING_VERBS)})|,(?=\s+(?:the\s|[a-z]+_\w+\s+(?:minus|plus|times|divided)\b)))\s*"
                         # "line_value = quantity * unit_price and the running sum of ...": an
                         # operator joins a formula's operands, "and" none; the sentence goes on.
                         r"(?P<formula>(?:(?!,?\s+and\s)[^=;:!?\n,])+?)\s*(?:[.;!?](?=\s|$)|$|(?=,|\s+and\s))")
# "quantity times unit price times one minus discount": one minus (or plus) a column after a
# product is the column's complement, as a factor: `* (1 - discount)`, not `* 1 - discount`.
_COMPLEMENT = re.compile(r"(?P<op>[*/])\s*(?:1|one)\s+(?P<sign>[-+])\s+(?P<x>[A-Za-z_][\w']*(?:[ \t]+[A-Za-z_][\w']*)*)",
                         re.IGNORECASE)
# A phrase that groups what it names: "revenue per category name ...", "sales for each region".
_GROUPED_PHRASE = re.compile(rf"(?P<name>.+?)\s+(?:{W.alternatives(L.GROUP_CUT_WORDS)})\s+(?P<after>[A-Za-z_]+)",
                             re.IGNORECASE | re.DOTALL)
_ORDERED_BY = re.compile(rf"\b(?:{W.alternatives(tuple(L.SORT_WORDS))})\b(?:\s+[A-Za-z_']+){{0,3}}?\s+by\s+"
                         r"(?:(?:the|its|their)\s+)?(?P<x>[A-Za-z_][A-Za-z_ ]*)$", re.IGNORECASE)
# ("the cumulative line value (...)": a window's word before the measure's words)
_WINDOW_OF = re.compile(rf"^(?:(?P<x>(?:[A-Za-z_]+\s+){{0,2}}?[A-Za-z_]+)\s+(?:{W.alternatives(L.SHARE_WORDS)})\s+of\b.*"
                        # "the difference between each line's value (...) and ...": the row's operand
                        rf"|(?:.*\s)?(?:(?:{W.alternatives((*L.WINDOW_KINDS, *L.SHARE_WORDS))})\s+(?:(?:[A-Za-z]+\s+)?of\s+)?"
                        r"|difference\s+between\s+)"
                        r"(?:the\s+)?(?P<y>[A-Za-z_][A-Za-z_' ]*))$", re.IGNORECASE)
_TERM = r"(?:\(\s*)*(?:[A-Za-z_]\w*|\d+(?:\.\d+)?)(?:\s*\))*"
# (one in parentheses is read as such: it opens with no parenthesis, and follows none)
_BARE = re.compile(rf"(?<![\w(])(?<!\(\s)(?:[A-Za-z_]\w*|\d+(?:\.\d+)?)(?:(?:\s*[*/+]\s*|\s+-\s+){_TERM})+(?![\w(])")
# The comma that sets a formula beside the noun before it: "Total revenue, l_extendedprice * ...".
_APPOSITION = re.compile(r"(?<=[A-Za-z])\s*,\s*$")
# A formula that closes the question after a colon: "...: (unit_price - mean) / std."
_AFTER_COLON = re.compile(r":\s*(?P<formula>[^:;?!]+?)\s*[.?!]?\s*$")
# The noun a request's words before a colon ask for: "compute the z-score for every ...".
_OPENERS = W.alternatives((*L.DERIVE_OPENERS, *L.LIST_OPENERS))
_HEAD_NOUN = re.compile(rf"(?:\b(?:{_OPENERS})\s+|(?:^|(?<=[,;]))\s*(?:(?:{_OPENERS})\s+)?)"
                        r"(?:(?:the|a|an|each)\s+)?"
                        r"(?P<head>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)(?=\s+(?:of|from|for|in|within)\b)",
                        re.IGNORECASE)
_SPOKEN_COMPLEMENT = re.compile(r"(?:one|1)\s+(?P<sign>minus|plus)\s+", re.IGNORECASE)
_PARENS = re.compile(r"\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_MADE_OF = re.compile(rf",?\s+(?:{W.alternatives(L.MADE_OF_WORDS)})\s+(?P<inner>[^.;:?!]*)", re.IGNORECASE)
_WORD_OPS = [(re.compile(rf"\b(?:{W.alternatives(words)})\b", re.IGNORECASE), op)
             for words, op in L.ARITHMETIC_WORDS.items()]
_TOKEN = re.compile(rf"\s*(?:(?P<num>{_NUMBER})(?![\w%])|(?P<op>[-+*/])|(?P<open>\()|(?P<close>\))"
                    r"|(?P<words>[A-Za-z_][\w']*(?:[ \t]+[A-Za-z_][\w']*)*))")
_OPERATOR = re.compile(rf"\s+(?:{'|'.join(p.pattern for p, _ in _WORD_OPS)}|per)\s+|\s*[*/+]\s*|\s-\s", re.IGNORECASE)
_LEADING_AGG = re.compile(rf"^\s*(?P<fn>{W.alternatives(tuple(L.FORMULA_AGGREGATES))})\s+(?:of\s+)?(?:the\s+)?",
                          re.IGNORECASE)
# An aggregate word a phrase opens with: "total takings", "average track length".
_AGGREGATE_LEAD = re.compile(rf"(?P<fn>{W.alternatives(tuple(L.FORMULA_AGGREGATES))})\s+", re.IGNORECASE)
_PHRASE_START = re.compile(rf"[,;:.(]\s*|\b(?:{W.alternatives((*L.LIST_OPENERS, *L.ITEM_SEPARATORS, *L.DERIVE_OPENERS))})"
                           r"\s+", re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:(?:the|a|an|its|their|each|every)\s+|[A-Za-z]+(?:'s|s')\s+)+", re.IGNORECASE)
_LEAD = re.compile(rf"(?:(?:[\w']+\s+)*(?:the|a|an|its|their)\s+)?(?:[A-Za-z]+(?:'s|s')\s+|\d+\s+"
                   rf"|(?:{'|'.join(sorted(L.HIGH_WORDS | L.LOW_WORDS))}|\w+est)\s+)*", re.IGNORECASE)
# ("full name (first name, a space, last name) in upper case": what makes it may come between)
_CASED = re.compile(rf"(?P<x>(?:[A-Za-z_']+\s+){{0,2}}?[A-Za-z_']+)(?:\s*\([^()]*\))?\s+in\s+(?:all\s+)?"
                    rf"(?P<case>{W.alternatives(tuple(L.CASE_WORDS))})\b", re.IGNORECASE)
# "Upper-cased part names", "lowercased emails": the case said before the column.
_CASED_BEFORE = re.compile(r"\b(?P<case>upper|lower)[- ]?cased\s+(?P<x>(?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+)"
                           r"(?=\s*(?:[,;:.!?()]|\s(?:and|as|with|for|of|in|from|per)\b|$))", re.IGNORECASE)
_PART_OF = re.compile(rf"\bthe\s+(?P<part>{W.alternatives(tuple(L.DATE_PART_OF))})\s+of\s+"
                      r"(?P<x>(?:[A-Za-z_']+\s+){0,3}?[A-Za-z_']+)(?=\s*(?:[,;:.!?()]|\s(?:and|as|for|of|in|from|per)\b|$))",
                      re.IGNORECASE)
_LENGTH = re.compile(rf"\b(?:the\s+)?(?:{W.alternatives(L.LENGTH_WORDS)})\s+(?:of|in)\s+(?:(?:the|its|their|each)\s+)?"
                     r"(?P<x>(?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+)(?=\s*(?:[,;:.!?()]|\s(?:and|as|for|of|in|from|per)\b|$))",
                     re.IGNORECASE)
_DIFFERENCE = re.compile(r"\bthe\s+difference\s+between\s+(?P<x>(?:[A-Za-z_']+\s+){0,3}?[A-Za-z_']+)\s+and\s+"
                         r"(?P<y>(?:[A-Za-z_']+\s+){0,3}?[A-Za-z_']+?)(?=\s*(?:[,;:.!?()]|\s(?:as|for|of|in|per)\b|$))",
                         re.IGNORECASE)
# "the duration in minutes", "the value in degrees Fahrenheit", "the delay converted to hours":
# a measure said in a unit.
_CONVERTED = re.compile(rf"(?P<x>[A-Za-z_']+)\s+(?:{W.alternatives(L.UNIT_CONNECTORS)})\s+(?:degrees\s+)?(?P<unit>{W.alternatives((*L.UNIT_SCALES, *L.FAHRENHEIT))})"
                        r"(?![\w°])", re.IGNORECASE)
# "days kept", "how many days late", "days between shipping and delivery": days between two
# dates of a row.
_DAYS = re.compile(r"\b(?:(?:the\s+)?number\s+of\s+|how\s+many\s+)?days\s+(?:"
                   r"(?:between|from)\s+(?:the\s+)?(?P<x>(?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+)\s+(?:and|to|until)\s+"
                   r"(?:the\s+)?(?P<y>(?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+?)(?=\s*(?:[,;:.!?()]|\s(?:as|for|of|in|per)\b|$))"
                   rf"|(?P<late>{W.alternatives(L.LATE_EVENT_WORDS)})\b|(?:it\s+took\s+)?(?:to|until)\s+(?P<to>[a-z]+)\b"
                   r"|(?P<verb>[a-z]+)\b)", re.IGNORECASE)
_PERCENT_CHANGE = re.compile(rf"\s+(?:(?P<up>{W.alternatives(L.PERCENT_UP_WORDS)})"
                             rf"|(?P<down>{W.alternatives(L.PERCENT_DOWN_WORDS)}))"
                             rf"\s+(?:an?\s+)?(?P<n>{_NUMBER})\s*%(?:\s+(?!(?:as|called|named|and|for|per)\b)"
                             r"(?P<noun>[A-Za-z]+))?(?:\s+(?P<after>added|included|on\s+top|off|applied))?",
                             re.IGNORECASE)

# "the price with tax at 20%", "the fee with a discount of 10%": the percentage said after its noun.
_PERCENT_AT = re.compile(rf"\s+(?P<up>{W.alternatives(L.PERCENT_UP_WORDS)})\s+(?:an?\s+)?(?P<noun>[A-Za-z]+)\s+(?:at|of)\s+"
                         rf"(?P<n>{_NUMBER})\s*%(?P<down>(?!))?(?P<after>(?!))?", re.IGNORECASE)


def derivations(question: str, tables: list[str], catalog: Mapping[str, TableInfo], find: Finder,
                rows: bool) -> list[Derived] | None:
    """The computed columns the question defines, in its order; None where a definition's
    formula or name is left open, or none is found. `rows`: the answer keeps each row."""
    found: list[Derived] = []
    taken: list[Span] = []

    def add(derived: Derived | None) -> bool:
        if derived is None or any(s < derived.span[1] and derived.span[0] < e for s, e in taken):
            return False
        found.append(derived)
        taken.append(derived.span)
        return True

    context = _Context(question, tables, catalog, find, rows)
    for m in _DEFINITION.finditer(question):
        if m.group("name").strip().lower() in L.QUESTION_WORDS:
            continue  # "What is the total revenue per region?" asks, defines nothing
        if _operators(m.group("formula")):
            # A verb may say other things than a definition ("the fee is above 10 times ..."): one
            # of up to three words that reads as no formula is no definition, where "=" is one left open.
            verb = "=" not in question[m.end("name"):m.start("formula")]
            # (a copula's formula runs to its sentence's end: "What is the total revenue per type, ..."; one
            # said by "i.e." or "meaning" may stop at a comma: "the unit price, i.e. Sales divided by Quantity, for ...")
            copula = question[m.end("name"):m.start("formula")].strip(" ,").lower() in ("is", "are", "being")
            if verb and (len(_ARTICLES.sub("", m.group("name")).split()) > 3
                         or copula and question[m.end("formula"):].lstrip().startswith(",")):
                continue
            if not add(context.defined(m)) and not verb:
                return None
    for m in _BARE.finditer(question):
        # "the running total of quantity * unit_price", "rank parts by ps_availqty * ps_supplycost":
        # a formula written out with no parentheses around it, the columns' own names its operands.
        if m.group().count("(") == m.group().count(")") and not any(s < m.end() and m.start() < e for s, e in taken):
            add(context.bare(m))
    for m in _AFTER_COLON.finditer(question):
        if _operators(m.group("formula")) and not any(s <= m.start("formula") < e for s, e in taken):
            add(context.after_colon(m))
    for m in _PARENS.finditer(question):
        if _operators(m.group("inner")) and not any(s <= m.start() < e for s, e in taken):
            if not add(context.parenthesized(m)):
                return None
    # A text example's words ("like '2.99 per rental'") are read first: no formula is said in them.
    for reader in (context.texted, context.cased, context.full_name, context.part_of, context.length, context.after_prefix,
                   context.difference,
                   context.percent_change,
                   context.converted, context.elapsed, context.elapsed_compared, context.aged, context.days_as_of,
                   context.spoken, context.takings,
                   context.negated, context.truncated, context.banded, context.whole_and_rest,
                   context.leading_part, context.trimmed):
        for derived in reader():
            if reader == context.takings and any(d.name == derived.name for d in found):
                continue  # "revenue (units times price)": the words' own formula, not the default
            add(derived)
    found = _computed_from(question, found)
    return sorted(found, key=lambda d: d.span) or None


# "Revenue per region name ..., from line items' extended price times one minus discount": the
# money the question opens with, computed from the formula after "from".
_FROM_FORMULA = re.compile(r"(?:,\s*)?(?:(?:computed|calculated|worked\s+out|taken)\s+)?from\s+(?:the\s+)?"
                           r"(?:[A-Za-z_]+(?:\s+[A-Za-z_]+)?(?:'s|s')\s+)?$", re.IGNORECASE)
_OPENING_TAKINGS = re.compile(rf"^\s*(?:(?:{W.alternatives(tuple(L.FORMULA_AGGREGATES))})\s+)?"
                              rf"(?P<noun>{W.alternatives(L.TAKINGS_WORDS)})\b", re.IGNORECASE)


def _computed_from(question: str, found: list[Derived]) -> list[Derived]:
    """A formula said after "from" names the money the question opens with: named by it, its
    words (and "from ...") read as nothing; the default money of that name is not computed."""
    opening = _OPENING_TAKINGS.match(question)
    said = [d for d in found if (lead := _FROM_FORMULA.search(question, 0, d.span[0])) and lead.end() == d.span[0]]
    if opening is None or len(said) != 1 or said[0].span[0] < opening.end():
        return found
    noun = opening.group("noun").lower()
    lead = _FROM_FORMULA.search(question, 0, said[0].span[0])
    named = replace(said[0], name=noun, span=(lead.start(), said[0].span[1]), text="")
    return [named if d is said[0] else d for d in found if d is said[0] or d.name != noun]


def rewritten(question: str, found: list[Derived]) -> str:
    """The question with each definition's words replaced by what reads it as a column."""
    out, at = [], 0
    for derived in sorted(found, key=lambda d: d.span):
        out += [question[at:derived.span[0]], derived.text]
        at = derived.span[1]
    return "".join(out) + question[at:]


def extended(catalog: Mapping[str, TableInfo], found: list[Derived]) -> dict[str, TableInfo] | None:
    """The catalog with each computed column in its table, typed as resolve types it; None
    where one does not type-check or takes the name of a column its table has."""
    out = dict(catalog)
    for k, derived in enumerate(found):
        table = out[derived.table]
        if any(d.name == derived.name and d.table == derived.table and d.expr == derived.expr for d in found[:k]):
            continue  # "full names of ...: full name and ...": one column, said twice
        if derived.name in table.columns:
            return None
        query = ir.Query(source=table.name, steps=[ir.WithColumns(columns=[ir.Named(name=derived.name,
                                                                                 expr=derived.expr)])])
        try:
            t = resolve(query, {table.name: catalog[table.name]}).schema[derived.name]
        except NlqError:
            return None
        info = ColumnInfo(name=derived.name, dtype=t.dtype, polars_dtype=t.dtype, iso=t.iso)
        out[derived.table] = replace(table, columns={**table.columns, derived.name: info})
    return out


def _operators(text: str) -> bool:
    """The text joins operands with an operator: a formula, not words in parentheses."""
    return _OPERATOR.search(_symbols(text)) is not None and "," not in text


def _symbols(text: str) -> str:
    """Operator words as the expression language writes them ("times" -> *)."""
    for pattern, op in _WORD_OPS:
        text = pattern.sub(f" {op} ", text)
    return text


class _Context:
    def __init__(self, question: str, tables: list[str], catalog: Mapping[str, TableInfo], find: Finder,
                 rows: bool):
        self.question, self.tables, self.catalog, self.find, self.rows = question, tables, catalog, find, rows

    # --- formulas written out -------------------------------------------------------

    def defined(self, m: re.Match[str]) -> Derived | None:
        """"Revenue = unit_price * quantity * (1 - discount).": read where the name is used;
        the definition reads as nothing, or as the name where the question uses it nowhere else."""
        said = [w.lower for w in W.words(_ARTICLES.sub("", m.group("name")))]
        # "Add a revenue column equal to ...": the word for a column is no part of its name
        name = W.snake_case(said[:-1] if len(said) > 1 and said[-1] in ("column", "field") else said)
        built, end = self.formula(m.group("formula")), m.end("formula")
        if built is None or not name:
            return None
        table, expr = built
        elsewhere = re.search(rf"\b{re.escape(m.group('name').strip())}\b", W.blanked(self.question, m.start(), end),
                              re.IGNORECASE)
        span = (m.start("name"), end)
        return Derived(name=name, table=table, expr=expr, span=span, text="" if elsewhere else name)

    def bare(self, m: re.Match[str]) -> Derived | None:
        """A formula of column names and numbers written out: named by the name after it, else
        as its words say it ("quantity_times_unit_price")."""
        if not any(ref in self.catalog[t].columns for t in self.tables for ref in re.findall(r"[A-Za-z_]\w*", m.group())):
            return None
        built = self.formula(m.group())
        if built is None:
            return None
        written = NAME_AFTER.match(self.question, m.end())
        # "the discounted price l_extendedprice * (1 - l_discount)", "Total revenue, l_extendedprice
        # * (1 - l_discount), of ...": a formula set beside a noun is named by it, as in parentheses.
        comma = _APPOSITION.search(self.question, 0, m.start())
        if not written and self.phrase_before(comma.start() if comma else m.start())[1]:
            closed = comma and re.match(r"\s*,", self.question[m.end():])
            end = m.end() + (closed.end() if closed else 0)
            return self.named_by_phrase(m.group(), (m.start(), end), comma.start() if comma else m.start())
        name = (written.group("p") or written.group("a")) if written else spoken(built[1])
        end = written.end() if written else m.end()
        return Derived(name=name, table=built[0], expr=built[1], span=(m.start(), end), text=name) if name else None

    def after_colon(self, m: re.Match[str]) -> Derived | None:
        """"compute the z-score for every line's price within its basket: (price - mean) /
        std.": the formula that closes the question after a colon is what the words before it
        ask for, named by their head noun ("z_score"); read as that name."""
        built = self.formula(m.group("formula"))
        head = _HEAD_NOUN.search(self.question, 0, m.start())
        name = _snake(head.group("head")) if head else ""
        if built is None or not name:
            return None
        return Derived(name=name, table=built[0], expr=built[1], span=(head.start("head"), m.end()), text=name)

    def parenthesized(self, m: re.Match[str]) -> Derived | None:
        """"revenue (unit_price * quantity)", "the yearly price (twelve times the monthly fee) as
        annual_fee", "total load in tonnes (sum of kg / 1000)": named by the name after it, else
        by the phrase before it."""
        return self.named_by_phrase(m.group("inner"), m.span(), m.start())

    def named_by_phrase(self, inner: str, span: Span, before: int) -> Derived | None:
        """The formula `inner`, written at `span`, named by the name after it, else by the
        phrase that ends at `before`."""
        agg = _LEADING_AGG.match(inner)
        built = self.formula(inner[agg.end():] if agg else inner)
        if built is None:
            return None
        start, phrase = self.phrase_before(before)
        if W.words(phrase) and W.words(phrase)[-1].lower in L.FORMULA_OPERAND_WORDS \
                and not NAME_AFTER.match(self.question, span[1]):
            # "the running total of (quantity * unit_price)", "rank by (a - b)": the formula stands
            # where a column would, its words name nothing; named by its own words, spoken.
            name = spoken(built[1])
            return Derived(name=name, table=built[0], expr=built[1], span=span, text=name) if name else None
        # "total takings (price * units) per basket", "total load in tonnes (sum of kg /
        # 1000)": an aggregate word of the phrase or the formula is read over the column, not
        # named with it; where the answer keeps rows ("id, dose and total milligrams (dose
        # times days)"), the phrase's is a word of the name.
        lead = None if self.rows else _AGGREGATE_LEAD.match(phrase)
        aggregate = lead.group("fn") if lead else _aggregate_word(agg.group("fn")) if agg else ""
        if lead is not None:
            start, phrase = start + lead.end(), phrase[lead.end():]
        written = NAME_AFTER.match(self.question, span[1])
        name = (written.group("p") or written.group("a")) if written else _snake(phrase)
        grouped = None if written else _GROUPED_PHRASE.match(phrase)
        inside = None if written else _WINDOW_OF.match(phrase)
        if inside is not None and (name := _snake(inside.group("x") or inside.group("y"))):
            # "the revenue share of each line (...)", "the running total of line revenue (...)": the
            # formula is the measure a window's words name, not the window; named by the measure's
            # words, which stay where they precede the window's.
            x = inside.group("x") is not None
            return Derived(name=name, table=built[0], expr=built[1],
                           span=span if x else (start + inside.start("y"), span[1]), text="" if x else name)
        ordered = None if written else _ORDERED_BY.search(phrase)
        if ordered is not None and (name := _snake(ordered.group("x"))):
            # "rank products by stock value (unit_price * units_in_stock)": after a verb that
            # orders, "by" opens the order, no group; the words after it name the formula.
            return Derived(name=name, table=built[0], expr=built[1], span=(start + ordered.start("x"), span[1]),
                           text=name)
        if grouped is not None and W.singular(grouped.group("after").lower()) not in L.UNIT_MEASURES \
                and not self.divides_by(built[1], grouped.group("after")):
            # "Revenue per category name from delivered orders (quantity times unit price)": the
            # words before the group are the name; they stay, read as the column, and the rest
            # of the phrase groups and filters it.
            name = _snake(grouped.group("name"))
            return Derived(name=name, table=built[0], expr=built[1], span=span, text="") if name else None
        if not name:
            return None
        end = written.end() if written else span[1]
        return Derived(name=name, table=built[0], expr=built[1], span=(start, end), text=f"{aggregate} {name}".strip())

    def divides_by(self, expr: ir.Node, words: str) -> bool:
        """"price per mg (unit_price / strength_mg)": the formula divides by the column the
        words after "per" name, so they name a rate, no group."""
        return isinstance(expr, ir.Binary) and expr.op == "/" and isinstance(expr.right, ir.Col) \
            and W.stem(words.lower()) in {W.stem(part) for part in W.split_identifier(expr.right.name)}

    def formula(self, text: str) -> tuple[str, ir.Node] | None:
        """The formula's expression over one table's columns: each run of words a number or
        the column it names; None where one names none."""
        pieces, refs = [], []
        text = _COMPLEMENT.sub(r"\g<op> (1 \g<sign> \g<x>)", _symbols(text))
        at = 0
        while at < len(text.rstrip()):
            token = _TOKEN.match(text, at)
            if token is None:
                return None
            at = token.end()
            if token.group("words") is not None:
                operand = self.operand(token.group("words"))
                fn = L.ROW_AGGREGATE_WORDS.get(_ARTICLES.sub("", token.group("words").strip()).lower())
                if operand is None and fn is not None:
                    # "(unit_price - mean) / std": an aggregate word is the aggregate of the
                    # formula's one column (over the group the question names: nlq.draft).
                    pieces.append(f"{fn}(\0)")
                    continue
                if operand is None:
                    return None
                if isinstance(operand, tuple):
                    refs.append(operand)
                    pieces.append(quote_name(operand[1]))
                else:
                    pieces.append(repr(operand))
            else:
                pieces.append(token.group().strip())
        tables = {table for table, _ in refs}
        # "quantity times unit price times (1 - discount)": a unit price the products hold too is
        # the lines' where the lines hold every column the formula names.
        holding = [t for t in self.tables if t in tables and all(c in self.catalog[t].columns for _, c in refs)]
        if len(tables) > 1 and holding:
            tables = {holding[0]}
        if len(tables) != 1:
            return None  # a formula of numbers alone, or over two tables' columns
        if any("(\0)" in piece for piece in pieces):
            if len({c for _, c in refs}) != 1:
                return None
            pieces = [piece.replace("\0", quote_name(refs[0][1])) for piece in pieces]
        try:
            table = tables.pop()
            return table, self.days_between(table, parse_expr(" ".join(pieces)))
        except NlqError:
            return None

    def operand(self, text: str) -> tuple[str, str] | int | None:
        words = _ARTICLES.sub("", text.strip())
        if words.lower() in W.NUMBER_WORDS:
            return W.NUMBER_WORDS[words.lower()]
        for table in self.tables:
            exact = [c for c in self.catalog[table].columns if c.lower() == words.lower()]
            if exact:
                return table, exact[0]
        said = tuple(w.lower for w in W.words(words))
        named = tuple(w for w in said if w not in W.STOPWORDS)
        # ("days between loan and return", "the return date": a word that is a stopword elsewhere
        # is a noun here, and the whole words are read first: "return date" is no bare "date")
        return (self.find(said) if said and said != named else None) or (self.find(named) if named else None)

    def phrase_before(self, at: int) -> tuple[int, str]:
        """Where the words that name what starts at `at` begin, and those words without articles."""
        head = self.question[:at]
        start = max((m.end() for m in _PHRASE_START.finditer(head)), default=0)
        # "the 3 items with the highest revenue (...)": the noun after the last article, less
        # the words that order by it.
        lead = _LEAD.match(head, start)
        return lead.end(), head[lead.end():].strip()

    # --- operations said in words ------------------------------------------------------

    def spoken(self) -> list[Derived]:
        """"dose times days", "twelve times the monthly fee", "max minus min (as band_width)",
        "cost per kg": two operands around an operator word, each a number or the column the
        words next to it name; named by the name after it, else by its words."""
        out = []
        for m in re.finditer(rf"\s+(?P<op>{'|'.join(p.pattern for p, _ in _WORD_OPS)}|per)\s+", self.question,
                             re.IGNORECASE):
            op = "/" if m.group("op").lower() == "per" else next(o for p, o in _WORD_OPS if p.fullmatch(m.group("op")))
            left = self.side(m.start(), before=True)
            # "extended price times one minus discount": the complement of the column after, as a factor.
            complement = _SPOKEN_COMPLEMENT.match(self.question, m.end()) if op in ("*", "/") else None
            right = self.side(complement.end() if complement else m.end(), before=False)
            if left is None or right is None:
                continue
            (start, lx), (end, rx) = left, right
            if op == "/" and m.group("op").lower() == "per" and not (self.measure(lx) and self.measure(rx)):
                continue  # "orders per customer": a group, not a quotient
            refs = [x for x in (lx, rx) if isinstance(x, tuple)]
            if not refs or len({t for t, _ in refs}) != 1:
                continue
            pieces = [quote_name(x[1]) if isinstance(x, tuple) else repr(x) for x in (lx, rx)]
            if complement:
                pieces[1] = f"(1 {'-' if complement.group('sign').lower() == 'minus' else '+'} {pieces[1]})"
            table = refs[0][0]
            out.append(self.named(table, self.days_between(table, parse_expr(f"{pieces[0]} {op} {pieces[1]}")),
                                  start, end))
        return out

    def side(self, at: int, before: bool) -> tuple[int, tuple[str, str] | int] | None:
        """The operand next to an operator at `at`: the longest run of up to three words there
        (after an article) that is a number or names a column, and where it starts or ends."""
        if before:
            run = re.search(r"((?:[A-Za-z_']+|\d+(?:\.\d+)?)(?:\s+[A-Za-z_']+){0,2})$", self.question[:at])
        else:
            run = re.match(r"\s*(?:(?:the|its|their|a|an)\s+)?((?:[A-Za-z_']+|\d+(?:\.\d+)?)(?:\s+[A-Za-z_']+){0,2})",
                           self.question[at:])
        if run is None:
            return None
        words = list(re.finditer(r"[A-Za-z_']+|\d+(?:\.\d+)?", run.group(1)))
        offset = (run.start(1) if before else at + run.start(1))
        sizes = range(len(words), 0, -1)
        for size in sizes:
            part = words[len(words) - size:] if before else words[:size]
            text = run.group(1)[part[0].start():part[-1].end()]
            inner = {w.group().lower() for w in part[1:-1]} & W.STOPWORDS
            if part[0].group().lower() in W.STOPWORDS or part[-1].group().lower() in W.STOPWORDS \
                    or not inner <= L.NAME_LINKS or before and re.search(r"'s?$", part[0].group()) and size > 1:
                continue  # "units in stock" is one operand; "show price", "cost and cost" are none; "shipment's" is whose
            value: tuple[str, str] | int | float | None
            value = float(text) if re.fullmatch(_NUMBER, text) else self.operand(text) or self.unit(text)
            if value is not None:
                return (offset + part[0].start(), value) if before else (offset + part[-1].end(), value)
        return None

    def unit(self, text: str) -> tuple[str, str] | None:
        """The column a unit measures ("per kilometre" -> the distance)."""
        measure = L.UNIT_MEASURES.get(W.singular(text.lower()))
        return self.find((measure,)) if measure else None

    def measure(self, x: tuple[str, str] | int | float) -> bool:
        if not isinstance(x, tuple):
            return True
        table, column = x
        return self.catalog[table].columns[column].dtype in ("int", "float") \
            and not set(W.split_identifier(column)) & L.KEY_PARTS

    def names(self) -> tuple[str, ir.Node] | None:
        """The first and last names of one table joined by a space, and that table."""
        first, last = self.find(("first", "name")), self.find(("last", "name"))
        if first is None or last is None or first[0] != last[0]:
            return None
        return first[0], ir.StrConcat(parts=[ir.Col(name=first[1]), ir.Col(name=last[1])], separator=" ")

    def full_name(self) -> list[Derived]:
        """"full name": the first and last names of one table joined by a space."""
        out = []
        for m in FULL_NAME.finditer(self.question):
            if (names := self.names()) is None:
                continue
            end = m.end()
            said = _PARENS.match(self.question, end + len(self.question[end:]) - len(self.question[end:].lstrip())) \
                or _MADE_OF.match(self.question, end)
            if said is not None and not NAME_AFTER.match(self.question, end):
                words = [w.lower for w in W.words(said.group("inner"))]
                if "last" in words and "first" in words and words.index("last") < words.index("first"):
                    continue  # "last, first": another order than the words "full name" say
                end = said.end()
            out.append(self.named(*names, m.start(), end, said="full_name"))
        return out

    def cased(self) -> list[Derived]:
        """"the name in capitals", "email in lowercase", "upper-cased names": a text column upper- or lower-cased."""
        out = []
        for m in _CASED.finditer(self.question):
            start, text = self.phrase_before(m.end("x"))
            # "the first three letters of each name in lower case": the part is cased.
            part = next((p for p in LEADING_PART.finditer(self.question, 0, m.end("x")) if p.end() == m.end("x")), None)
            # "the full name of each guest in upper case": the joined names, cased
            if not part and (full := FULL_NAME.search(self.question, start, m.end("x"))) and (names := self.names()):
                expr = ir.StrFn(op=L.CASE_WORDS[re.sub(r"\s+", " ", m.group("case").lower())], operand=names[1])
                out.append(self.named(names[0], expr, full.start(), m.end(), said="full_name"))
                continue
            ref = self.text_column(part.group("x")) if part else \
                self.find(tuple(w.lower for w in W.words(text) if w.lower not in W.STOPWORDS))
            if ref is None or self.catalog[ref[0]].columns[ref[1]].dtype != "str":
                continue
            operand: ir.Node = ir.Col(name=ref[1])
            if part is not None:
                start = part.start()
                operand = ir.StrSlice(operand=operand, offset=0, length=W.small_number(part.group("n")))
            expr = ir.StrFn(op=L.CASE_WORDS[re.sub(r"\s+", " ", m.group("case").lower())], operand=operand)
            out.append(self.named(ref[0], expr, start, m.end()))
        for m in _CASED_BEFORE.finditer(self.question):
            ref = self.find(tuple(w.lower for w in W.words(m.group("x")) if w.lower not in W.STOPWORDS))
            if ref is not None and self.catalog[ref[0]].columns[ref[1]].dtype == "str":
                expr = ir.StrFn(op=m.group("case").lower(), operand=ir.Col(name=ref[1]))
                out.append(self.named(ref[0], expr, m.start(), m.end()))
        return out

    def part_of(self) -> list[Derived]:
        """"the year of the hire date" (named as the part), "the hire year": a part of a date column."""
        out = []
        for m in _PART_OF.finditer(self.question):
            # "the quarter of each transaction": of the date of the rows the noun names.
            ref = self.operand(m.group("x"))
            ref = ref if isinstance(ref, tuple) and self.dated(ref) else row_date(
                _words(m.group("x")), tuple(self.tables), self.catalog) or ref
            out.append(self.date_part(ref, m.group("part"), m.start(), m.end()))
        for m in DATE_PART_WHEN.finditer(self.question):
            # "the year they signed up", "the month it was loaned": of the date the verb names
            dates = [(t, c) for t in self.tables for c in self.catalog[t].columns
                     if W.holds_verb(c, m.group("verb")) and self.dated((t, c))]
            if len(dates) == 1:
                out.append(self.date_part(dates[0], m.group("part"), m.start(), m.end()))
        for m in DATE_PART_BEFORE.finditer(self.question):  # "year of hire": no article, named by its words
            out.append(self.date_part(self.operand(m.group("x")), m.group("part"), m.start(), m.end(),
                                      _snake(f"{m.group('x')} {m.group('part')}")))
        for m in DATE_PART_AFTER.finditer(self.question):
            side = self.side(m.end("x"), before=True)
            if side is None or self.find((*_words(self.question[side[0]:m.end("x")]), m.group("part").lower())) \
                    not in (None, side[1]):
                continue  # "birth year" of `birthYear`: a column of its own
            # named by its words ("hire year" -> hire_year), as its words are the question's own
            out.append(self.date_part(side[1], m.group("part"), side[0], m.end(),
                                      _snake(self.question[side[0]:m.end()])))
        return [derived for derived in out if derived is not None]

    def date_part(self, ref: tuple[str, str] | int | float | None, word: str, start: int, end: int,
                  said: str | None = None) -> Derived | None:
        if not isinstance(ref, tuple) or not self.dated(ref):
            return None
        part = L.DATE_PART_OF[word.lower()]
        return self.named(ref[0], ir.DatePart(part=part, operand=ir.Col(name=ref[1])), start, end, said=said or part)

    def length(self) -> list[Derived]:
        """"the length of the title", "the number of characters in their user name": a text
        column's length in characters."""
        out = []
        for m in _LENGTH.finditer(self.question):
            ref = self.operand(m.group("x"))
            if not isinstance(ref, tuple) or self.catalog[ref[0]].columns[ref[1]].dtype != "str":
                continue
            # "the length of the title" -> title_length
            out.append(self.named(ref[0], ir.StrFn(op="len_chars", operand=ir.Col(name=ref[1])), m.start(), m.end(),
                                  said=f"{_snake(m.group('x'))}_length"))
        return out

    def after_prefix(self) -> list[Derived]:
        """"their brand number (the text after 'Brand#')": a text column less the prefix its
        values begin with, named by the words before it."""
        out = []
        for m in AFTER_PREFIX.finditer(self.question):
            start, phrase = self.phrase_before(m.start())
            ref = self.operand(phrase)
            if not isinstance(ref, tuple) or self.catalog[ref[0]].columns[ref[1]].dtype != "str" or not _snake(phrase):
                continue
            expr = ir.StrSlice(operand=ir.Col(name=ref[1]), offset=len(m.group("prefix")))
            out.append(self.named(ref[0], expr, start, m.end(), said=_snake(phrase)))
        return out

    def difference(self) -> list[Derived]:
        """"the difference between the max salary and the min salary": the first minus the second."""
        out = []
        for m in _DIFFERENCE.finditer(self.question):
            x, y = self.operand(m.group("x")), self.operand(m.group("y"))
            if not isinstance(x, tuple) or not isinstance(y, tuple) or x[0] != y[0]:
                continue
            expr = ir.Binary(op="-", left=ir.Col(name=x[1]), right=ir.Col(name=y[1]))
            out.append(self.named(x[0], expr, m.start(), m.end()))
        return out

    def percent_change(self) -> list[Derived]:
        """"the fee with 8% VAT added", "price plus 20%", "price after a 10% discount", "price with tax
        at 20%": a column
        raised (or lowered) by a percentage of itself."""
        out = []
        for m in [*_PERCENT_CHANGE.finditer(self.question), *_PERCENT_AT.finditer(self.question)]:
            start, text = self.phrase_before(m.start())
            ref = self.operand(text)
            if not isinstance(ref, tuple):
                # "Drug names with unit price including 20% VAT": the words right before it.
                start, ref = self.side(m.start(), before=True) or (start, None)
            if not isinstance(ref, tuple) or not self.measure(ref):
                continue
            off = bool({(m.group("noun") or "").lower(), (m.group("after") or "").lower()} & L.PERCENT_OFF_WORDS)
            change = float(m.group("n")) / 100 * (-1 if m.group("down") or off else 1)
            expr = ir.Binary(op="*", left=ir.Col(name=ref[1]), right=ir.Lit(value=round(1 + change, 10)))
            # "the fee with 8% VAT added" -> fee_with_vat: named by its words, not its rate.
            said = _snake(" ".join(filter(None, (self.question[start:m.start()], m.group("up") or m.group("down"),
                                                 m.group("noun") or m.group("after")))))
            out.append(self.named(ref[0], expr, start, m.end(), said=said))
        return out

    def converted(self) -> list[Derived]:
        """"the duration in minutes" of `durationSec`, "the value in Fahrenheit", "the balance in
        thousands": a measure in another unit than its column's name holds."""
        out = []
        for m in _CONVERTED.finditer(self.question):
            unit = m.group("unit").lower()
            side = self.side(m.end("x"), before=True)
            if side and isinstance(side[1], tuple) and self.measure(side[1]):
                start, ref = side  # "Sessions with duration in minutes": the words that name the measure
            else:
                start, text = self.phrase_before(m.end("x"))
                ref = self.find(tuple(w.lower for w in W.words(text) if w.lower not in W.STOPWORDS))
            if ref is None or not self.measure(ref):
                ref = self.in_units_of(unit)  # "the delay in hours": the delays' one time, `dl_minutes`
            expr = in_unit(ref[1], unit) if ref is not None else None
            if expr is None and unit in ("day", "days") and m.group("x").lower() in L.ELAPSED_NOUNS:
                # "delivery time in days": the days the row's event took, from its first date to its end.
                dates = next((pair for table in self.tables if (pair := self.event_dates(table, False))), None)
                if dates is not None and dates[0][0] == dates[1][0]:
                    ref, expr = dates[0], ir.DateDiff(end=ir.Col(name=dates[1][1]), start=ir.Col(name=dates[0][1]))
            if expr is not None:
                # "the average track length in seconds": the aggregate is read over the column.
                lead = None if self.rows else _AGGREGATE_LEAD.match(self.question, start)
                said = self.question[lead.end() if lead else start:m.end('x')]
                # "the delay converted to hours" -> delay_in_hours
                made = self.named(ref[0], expr, start, m.end(), said=_snake(f"{said} in {m.group('unit')}"))
                out.append(replace(made, text=f"{lead.group('fn')} {made.name}") if lead else made)
        return out

    def elapsed(self) -> list[Derived]:
        """"days between shipping and delivery" (the second date less the first), "days late"
        (the date of the event less the due date), "days kept" (the row's one date that may be
        unset, its event's end, less its first date)."""
        out = []
        for m in _DAYS.finditer(self.question):
            if m.group("x"):
                x, y = self.operand(m.group("x")), self.operand(m.group("y"))
                dates = (x, y) if isinstance(x, tuple) and isinstance(y, tuple) and x[0] == y[0] else None
            elif m.group("to"):
                dates = next((pair for table in self.tables if (pair := self.dates_to(table, m.group("to")))), None)
            elif m.group("verb") and not W.participle(m.group("verb").lower()):
                continue
            else:
                dates = next((pair for table in self.tables if (pair := self.event_dates(table, bool(m.group("late"))))),
                             None)
            if dates is None or not all(self.dated(ref) for ref in dates) or dates[0] == dates[1]:
                continue
            start, end = dates
            out.append(self.named(start[0], ir.DateDiff(end=ir.Col(name=end[1]), start=ir.Col(name=start[1])),
                                  m.start(), m.end()))
        return out

    def elapsed_compared(self) -> list[Derived]:
        """"delivered more than 5 days after they shipped": the days from the second date to the
        first, read as the column compared ("within" is at most)."""
        out = []
        for m in DAYS_AFTER.finditer(self.question):
            end, start = self.operand(m.group("y")), self.operand(m.group("x"))
            if not (isinstance(end, tuple) and isinstance(start, tuple) and end[0] == start[0] and end != start
                    and self.dated(end) and self.dated(start)):
                continue
            name = _snake(f"days from {start[1]} to {end[1]}")
            compared = "at most" if m.group("cmp").lower() == "within" else m.group("cmp")
            out.append(Derived(name=name, table=end[0], expr=ir.DateDiff(end=ir.Col(name=end[1]), start=ir.Col(name=start[1])),
                               span=m.span(), text=f"{name} {compared} {m.group('n')}"))
        return out

    def aged(self) -> list[Derived]:
        """"age in 2024": that year less the row's one year of birth or making (a whole year
        column, else the year of its one date of birth)."""
        out = []
        for m in AGE_IN.finditer(self.question):
            for table in self.tables:
                columns = self.catalog[table].columns
                years = [c for c in columns if "year" in map(str.lower, W.split_identifier(c)) and columns[c].dtype == "int"]
                born = [c for c in columns if self.dated((table, c))
                        and set(map(str.lower, W.split_identifier(c))) & {"birth", "born", "dob"}]
                if len(years) == 1 or not years and len(born) == 1:
                    year = ir.Col(name=years[0]) if years else ir.DatePart(part="year", operand=ir.Col(name=born[0]))
                    expr = ir.Binary(op="-", left=ir.Lit(value=int(m.group("year"))), right=year)
                    out.append(self.named(table, expr, m.start(), m.end(), said=f"age_in_{m.group('year')}"))
                    break
        return out

    def days_as_of(self) -> list[Derived]:
        """"days since joining as of 2024-12-31": from the row's date to that one."""
        out = []
        for m in DAYS_AS_OF.finditer(self.question):
            ref = self.operand(m.group("x"))
            if isinstance(ref, tuple) and self.dated(ref):
                expr = ir.DateDiff(end=ir.Lit(value=m.group("date")), start=ir.Col(name=ref[1]))
                out.append(self.named(ref[0], expr, m.start(), m.end(), said=_snake(f"days since {m.group('x')}")))
        return out

    def event_dates(self, table: str, late: bool) -> tuple[tuple[str, str], tuple[str, str]] | None:
        """The dates a row's event runs between: from its first date (or, `late`, its due
        date) to the one date that stays unset until the event ends."""
        dates = self.event_dates_of(table)
        due = [c for c in dates if set(W.split_identifier(c)) & L.DUE_PARTS]
        ends = [c for c in dates if self.catalog[table].columns[c].null_count and c not in due]
        starts = due if late else [c for c in dates if c not in due]
        if len(ends) != 1 or not starts or late and len(due) != 1:
            return None
        return (table, starts[0]), (table, ends[0])

    def event_dates_of(self, table: str) -> list[str]:
        """The table's dates of events, not of the record's own keeping (`created_at`)."""
        return [c for c in self.catalog[table].columns if self.dated((table, c))
                and not set(W.split_identifier(c)) & L.AUDIT_PARTS]

    def dates_to(self, table: str, verb: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
        """"days to ship": from the row's first date to the date the verb's event is on."""
        dates = self.event_dates_of(table)
        # ("days to receive" of `l_receiptdate`: a noun of the verb's, in a name of one word)
        ends = [c for c in dates if W.holds_verb(c, verb)]
        starts = [c for c in dates if c not in ends]
        return ((table, starts[0]), (table, ends[0])) if len(ends) == 1 and starts else None

    def days_between(self, table: str, expr: ir.Node) -> ir.Node:
        """"DeliveredOn minus ShippedOn": one date less another is the days between them."""
        if isinstance(expr, ir.Binary) and expr.op == "-" and all(
                isinstance(side, ir.Col) and side.name in self.catalog[table].columns and self.dated((table, side.name))
                for side in (expr.left, expr.right)):
            return ir.DateDiff(end=expr.left, start=expr.right)
        return expr

    def dated(self, ref: tuple[str, str]) -> bool:
        info = self.catalog[ref[0]].columns[ref[1]]
        return bool(info.iso) or info.dtype in ("date", "datetime")

    def in_units_of(self, unit: str) -> tuple[str, str] | None:
        """The one column of the first table that has one whose name holds a unit of what
        `unit` measures."""
        measure = L.UNIT_SCALES.get(unit, ("",))[0]
        for table in self.tables:
            held = [c for c in self.catalog[table].columns if self.measure((table, c))
                    and L.UNIT_SCALES.get(W.split_identifier(c)[-1], ("",))[0] == measure != "number"]
            if held:
                return (table, held[0]) if len(held) == 1 else None
        return None

    def takings(self) -> list[Derived]:
        """"total sales per country", "top customers by spend": money taken that no column
        names is, on the one table of lines that hold a quantity and a price, the quantity
        times the price (a discount only where the words say it)."""
        lines = [(table, quantity, price) for table in self.tables
                 if len(quantity := _columns_of(self.catalog[table], L.QUANTITY_PARTS, L.QUANTITY_NAMES)) == 1
                 and len(price := _columns_of(self.catalog[table], L.PRICE_PARTS)) == 1]
        # With no lines, the one table of payments: its amount ("revenue per film category",
        # a booking's `total_amount`) ...
        paid = [(table, amount) for table in self.tables
                if len(amount := _columns_of(self.catalog[table], (), L.AMOUNT_NAMES)
                       or [c for c in _columns_of(self.catalog[table], L.AMOUNT_NAMES)
                           if W.split_identifier(c)[-1].lower() in L.AMOUNT_NAMES]) == 1]
        # ... else the one table of dated events with a price: a ticket sold is its price.
        priced = [(table, price) for table in self.tables
                  if len(price := _columns_of(self.catalog[table], L.PRICE_PARTS)) == 1
                  and any(info.iso or info.dtype in ("date", "datetime") for info in self.catalog[table].columns.values())]
        if len(lines) == 1:
            table, [quantity], [price] = lines[0]
            expr: ir.Node = ir.Binary(op="*", left=ir.Col(name=quantity), right=ir.Col(name=price))
        elif not lines and (len(paid) == 1 or not paid and len(priced) == 1):
            table, [amount] = paid[0] if paid else priced[0]
            expr = ir.Col(name=amount)
        else:
            return []
        out = []
        for m in re.finditer(rf"\b(?:{W.alternatives(L.TAKINGS_WORDS)})\b", self.question, re.IGNORECASE):
            if self.find((m.group().lower(),)) is None:
                out.append(Derived(name=m.group().lower(), table=table, expr=expr, span=m.span(), text=m.group().lower()))
        return out

    def said_before(self, at: int) -> tuple[int, tuple[str, str]] | None:
        """The measure the words right before `at` name, and where they start."""
        side = self.side(at, before=True)
        return side if side and isinstance(side[1], tuple) and self.measure(side[1]) else None

    def negated(self) -> list[Derived]:
        """"the freight as a negative refund": the number's negative, named by the noun."""
        return [self.named(side[1][0], ir.Neg(operand=ir.Col(name=side[1][1])), side[0], m.end(),
                           said=m.group("name").lower())
                for m in NEGATED.finditer(self.question) if (side := self.said_before(m.start()))]

    def truncated(self) -> list[Derived]:
        """"unit price cut to whole units": the number's whole part (`whole_unit_price`)."""
        return [self.named(side[1][0], ir.Cast(operand=ir.Col(name=side[1][1]), dtype="int"), side[0], m.end(),
                           said=f"whole_{side[1][1].lower()}")
                for m in TRUNCATED.finditer(self.question) if (side := self.said_before(m.start()))]

    def texted(self) -> list[Derived]:
        """"the rental rate as a text label like '2.99 per rental'": the number as text, with
        the example's words around its digits (`label`; with no noun, `rental_rate_text`)."""
        out = []
        for m in TEXTED.finditer(self.question):
            side = self.said_before(m.start())
            if side is None or not (m.group("before") or m.group("after")):
                continue
            parts = [ir.Lit(value=m.group("before")), ir.Cast(operand=ir.Col(name=side[1][1]), dtype="str"),
                     ir.Lit(value=m.group("after"))]
            expr = ir.StrConcat(parts=[part for part in parts if not isinstance(part, ir.Lit) or part.value])
            out.append(self.named(side[1][0], expr, side[0], m.end(),
                                  said=(m.group("noun") or f"{side[1][1]}_text").lower()))
        return out

    def text_column(self, words: str) -> tuple[str, str] | None:
        ref = self.operand(words)
        return ref if isinstance(ref, tuple) and self.catalog[ref[0]].columns[ref[1]].dtype == "str" else None

    def leading_part(self) -> list[Derived]:
        """"the first three letters of each country name": the text's first characters."""
        return [self.named(ref[0], ir.StrSlice(operand=ir.Col(name=ref[1]), offset=0,
                                               length=W.small_number(m.group("n"))), m.start(), m.end())
                for m in LEADING_PART.finditer(self.question) if (ref := self.text_column(m.group("x")))]

    def trimmed(self) -> list[Derived]:
        """"contact names with surrounding spaces removed": the text without the spaces around
        it, named by the column's words ("contact_name_trimmed")."""
        out = []
        for m in TRIMMED.finditer(self.question):
            side = self.side(m.start(), before=True)
            ref = side[1] if side and isinstance(side[1], tuple) else None
            if ref is None or self.catalog[ref[0]].columns[ref[1]].dtype != "str":
                continue
            out.append(self.named(ref[0], ir.StrFn(op="strip", operand=ir.Col(name=ref[1])), side[0], m.end(),
                                  said=f"{_snake(self.question[side[0]:m.start()])}_trimmed"))
        return out

    def whole_and_rest(self) -> list[Derived]:
        """"track lengths as whole minutes and remaining seconds" of `milliseconds`: the whole
        minutes, then the seconds left over, each named by its unit ("minutes", "seconds")."""
        out = []
        for m in WHOLE_AND_REST.finditer(self.question):
            big, small = (L.UNIT_SCALES[m.group(g).lower()] for g in ("big", "small"))
            side = self.said_before(m.start())
            ref = side[1] if side else self.in_units_of(m.group("big").lower())
            held = L.UNIT_SCALES.get(W.split_identifier(ref[1])[-1]) if ref else None
            if held is None or held[0] != "time" or not held[1] <= small[1] < big[1]:
                continue
            col = ir.Col(name=ref[1])
            whole = ir.Binary(op="//", left=col, right=ir.Lit(value=_number(big[1] / held[1])))
            rest = ir.Binary(op="%", left=ir.Binary(op="//", left=col, right=ir.Lit(value=_number(small[1] / held[1])))
                             if small[1] != held[1] else col, right=ir.Lit(value=_number(big[1] / small[1])))
            start = side[0] if side else m.start()
            out += [Derived(name=m.group("big").lower(), table=ref[0], expr=whole, span=(start, m.end("big")),
                            text=m.group("big").lower()),
                    Derived(name=m.group("small").lower(), table=ref[0], expr=rest, span=(m.start("small"), m.end()),
                            text=m.group("small").lower())]
        return out

    def banded(self) -> list[Derived]:
        """"freight as low (under 10), medium (under 30) or high": the label of the first band
        whose bound the number is under, else the last (`freight_band`)."""
        out = []
        for m in BANDED.finditer(self.question):
            side = self.said_before(m.start())
            if side is None:
                continue
            col = ir.Col(name=side[1][1])
            bands = re.findall(rf"([A-Za-z]+)\s*\(\s*({W.alternatives(tuple(L.BAND_BOUNDS))})\s+(\d+(?:\.\d+)?)\s*\)",
                               m.group("bands"), re.IGNORECASE)
            last = W.words(m.group("bands"))[-1].text
            branches = [ir.Branch(when=ir.Binary(op=L.BAND_BOUNDS[re.sub(r"\s+", " ", bound.lower())], left=col,
                                                 right=ir.Lit(value=_number(float(n)))), then=ir.Lit(value=label))
                        for label, bound, n in bands]
            # "Label each order's freight as ...": the verb that asks for the band is its words too.
            verb = _BANDING_VERB.search(self.question, 0, side[0])
            out.append(self.named(side[1][0], ir.When(branches=branches, otherwise=ir.Lit(value=last)),
                                  verb.start() if verb else side[0], m.end(),
                                  said=f"{_snake(self.question[side[0]:m.start()])}_band"))
        return out

    def named(self, table: str, expr: ir.Node, start: int, end: int, said: str | None = None) -> Derived:
        """The column the words from `start` to `end` define, named by the name after them,
        else `said`, else by their words."""
        written = NAME_AFTER.match(self.question, end)
        name = (written.group("p") or written.group("a")) if written else said or _snake(self.question[start:end])
        end = written.end() if written else end
        return Derived(name=name, table=table, expr=expr, span=(start, end), text=name)


_BANDING_VERB = re.compile(rf"(?:^|(?<=[.;:]\s))\s*(?:{W.alternatives(L.BANDING_VERBS)})\s+(?:(?:each|every|the|its|their)\s+)?"
                           r"(?:[A-Za-z_]+(?:'s|s')\s+)?$", re.IGNORECASE)


def _columns_of(table: TableInfo, parts: tuple[str, ...], whole: tuple[str, ...] = ()) -> list[str]:
    """The table's numeric, non-key columns whose name holds one of the parts, or is one."""
    return [c for c, info in table.columns.items() if info.dtype in ("int", "float") and not W.key_like(c)
            and (any(p.lower() in parts for p in W.split_identifier(c)) or c.lower() in whole)]


def in_unit(column: str, unit: str, expr: ir.Node | None = None) -> ir.Node | None:
    """The column (or `expr`, a quantity of its) in the unit said, from the unit its name ends
    in (`durationSec`, `WeightKg`); a temperature of no unit is in Celsius, a number of no unit
    in ones. None where the units measure different things, or are the same."""
    col = expr or ir.Col(name=column)
    held = L.UNIT_SCALES.get(W.split_identifier(column)[-1])
    if unit in L.FAHRENHEIT:
        return None if held else ir.Binary(op="+", left=ir.Binary(op="/", left=ir.Binary(
            op="*", left=col, right=ir.Lit(value=9)), right=ir.Lit(value=5)), right=ir.Lit(value=32))
    said = L.UNIT_SCALES[unit]
    if said[0] == "number":
        held = None if held else ("number", 1)
    if held is None or held[0] != said[0] or held[1] == said[1]:
        return None
    # Divided by a larger unit's size, as written by hand: 90 / 60, not 90 * 0.01666...
    if said[1] > held[1]:
        return ir.Binary(op="/", left=col, right=ir.Lit(value=_number(said[1] / held[1])))
    return ir.Binary(op="*", left=col, right=ir.Lit(value=_number(held[1] / said[1])))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 9)


def _snake(phrase: str) -> str:
    """A phrase as a name: its words in snake_case, without articles and symbols."""
    words = [w.lower for w in W.words(_ARTICLES.sub("", phrase.strip())) if w.lower not in ("the", "a", "an")]
    return W.snake_case(words)


def spoken(expr: ir.Node) -> str:
    """A formula's name as its words say it: "quantity * unit_price" -> quantity_times_unit_price;
    empty where a part has no word."""
    if isinstance(expr, ir.Col):
        return W.snake_case([expr.name])
    if isinstance(expr, ir.Lit) and isinstance(expr.value, (int, float)):
        return str(_number(expr.value)).replace(".", "_")
    if isinstance(expr, ir.Binary) and expr.op in L.OPERATOR_WORDS:
        left, right = spoken(expr.left), spoken(expr.right)
        return f"{left}_{L.OPERATOR_WORDS[expr.op]}_{right}" if left and right else ""
    return ""


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower for w in W.words(text) if w.lower not in W.STOPWORDS)


def _aggregate_word(word: str) -> str:
    """The word the rest of the question reads an aggregate by ("sum of" -> total)."""
    return L.FORMULA_AGGREGATES[word.lower()]


def _columns(value: object) -> list[str]:
    if isinstance(value, ir.Col):
        return [value.name]
    if isinstance(value, list):
        return [c for item in value for c in _columns(item)]
    if isinstance(value, ir.Node):
        return [c for field in type(value).model_fields for c in _columns(getattr(value, field))]
    return []
