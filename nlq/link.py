"""link: deterministic schema linking, before any model runs.

`link(question, catalog)` decides what the question is about: which tables (and the join path
between them), which columns, which distinct values and booleans it names, which literals it
gives (numbers, dates, years, top-N) and what its aggregates should be called. The model then
only fills the slots that are left, over a schema cut down to what matters (`Link.render`).

Everything here is generic over unseen schemas: names are compared through `nlq.words`
(split identifiers, stripped family/column prefixes, stems, a few generic synonyms), never
through rules about particular tables.
"""

from __future__ import annotations

import calendar
import keyword
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from nlq import lexicon as L
from nlq import words as W
from nlq.catalog import ColumnInfo, TableInfo, find_values
from nlq.errors import ResolveError
from nlq.joins import JoinEdge, join_path

if TYPE_CHECKING:
    from nlq.intent import Intent

Span = tuple[int, int]
# mentioned by the question; needed to connect mentioned ones; kept because the request is
# small; left out.
TableRole = Literal["mentioned", "connector", "context", "other"]

# How strongly a name part matched a question word; "partial" is scaled by how much of a
# compound part ("shipclass") the words cover.
_PART_SCORES = {"exact": 1.0, "stem": 0.85, "synonym": 0.6, "partial": 0.8}
VERBATIM = 1.5        # the whole identifier written in the question ("unit_price")
MIN_PREFIX = 4        # the fewest letters a word must have to name a value it begins ("math")
VALUE_BOOST = 1.2     # a column whose distinct value the question names
COUNT_BOOST = 0.8     # a key column of the table a count ("number of orders") is about
MENTIONED = 0.5       # table-name score from which a table counts as named by the question
SMALL_TABLE = 12      # tables up to this many columns are rendered whole
MAX_VALUES = 8        # distinct values shown per low-cardinality column
MAX_CODE_CHARS = 5    # a column whose values are all this short and upper-case holds codes
MIN_CODE_PREFIX = 3   # ...that a word begins with ("critical": CRIT); "users" is not US
ALL_TABLES_UP_TO = 4  # requests with this many tables or fewer keep every table


@dataclass(frozen=True)
class ColumnMatch:
    column: str
    score: float
    how: str              # exact | stem | synonym | partial | value | count
    text: str | None      # the question's words that matched
    span: Span | None


@dataclass(frozen=True)
class TableMatch:
    table: str
    score: float
    role: TableRole
    text: str | None
    span: Span | None
    columns: tuple[ColumnMatch, ...]   # matched columns, best first


@dataclass(frozen=True)
class ValueMatch:
    table: str
    column: str
    value: str | bool
    text: str
    span: Span
    how: str              # exact | stem | demonym | code | prefix | leading (the values it starts) | boolean
    negated: bool = False  # "not in Paris", "other than cancelled" (a boolean's value says it itself)


@dataclass(frozen=True)
class LiteralMatch:
    kind: Literal["number", "string", "date", "datetime", "year_month", "year", "month", "quarter", "top_n", "weekday"]
    value: int | float | str
    text: str
    span: Span
    op: str | None = None              # the comparison the words around it ask for
    descending: bool | None = None     # top_n: highest first (True) or lowest first


@dataclass(frozen=True)
class NameHint:
    name: str                          # the output column name the question's words give
    fn: str | None                     # the aggregate those words ask for (ir.AggFn)
    text: str
    span: Span
    explicit: bool = False             # the question wrote the name itself


@dataclass(frozen=True)
class Link:
    question: str
    tables: tuple[str, ...]              # the tables the answer needs, most relevant first
    ranking: tuple[TableMatch, ...]      # every table of the request, scored
    values: tuple[ValueMatch, ...]
    literals: tuple[LiteralMatch, ...]
    names: tuple[NameHint, ...]
    joins: tuple[JoinEdge, ...]
    # Columns the question's words name, which settle a tie between two pointers at one table
    # ("flights departing from Oslo": `f_origin`, not `f_dest`; see `joins.join_path`).
    roles: tuple[str, ...] = ()
    schema_text: str = ""                # `render` of the catalog the link was made on
    intent: Intent | None = None         # the answer's shape the question asks for (nlq.intent)

    def to_json(self) -> dict[str, Any]:
        out = asdict(replace(self, intent=None))
        out["intent"] = self.intent.model_dump(mode="json") if self.intent is not None else None
        return out

    def columns(self, table: str) -> tuple[ColumnMatch, ...]:
        return next((t.columns for t in self.ranking if t.table == table), ())

    def render(self, catalog: Mapping[str, TableInfo]) -> str:
        """The schema the model sees: one line per needed table, `name(col dtype [values], ...)`;
        wide tables keep only their matched and join columns."""
        join_cols: dict[str, set[str]] = defaultdict(set)
        for edge in self.joins:
            join_cols[edge.left].update(edge.left_on)
            join_cols[edge.right].update(edge.right_on)
        named_values: dict[tuple[str, str], list[str]] = defaultdict(list)
        for match in self.values:
            if isinstance(match.value, str):
                named_values[match.table, match.column].append(match.value)
        lines = []
        for name in self.tables:
            table = catalog[name]
            keep = None
            if len(table.columns) > SMALL_TABLE:
                # The first column stays too: it is most often the table's own id.
                keep = {c.column for c in self.columns(name)} | join_cols[name] | {next(iter(table.columns))}
            cols = [_render_column(col, named_values[name, col.name])
                    for col in table.columns.values() if keep is None or col.name in keep]
            lines.append(f"{name}({', '.join(cols)})")
        return "\n".join(lines)


def _render_column(col: ColumnInfo, named: list[str]) -> str:
    text = f"{col.name} {col.dtype}"
    if col.iso:
        text += f" {col.iso}"
    if col.values and len(col.values) <= MAX_VALUES:
        text += " [" + ", ".join(col.values) + "]"
    elif named:
        # Too many values to list: show the ones the question names, so the model spells them right.
        text += " [" + ", ".join(dict.fromkeys(named)) + ", ...]"
    return text


# ---------------------------------------------------------------------------------------
# The question, indexed once


class _Hit:
    __slots__ = ("score", "how", "words")

    def __init__(self, score: float, how: str, *words: W.Word):
        self.score, self.how, self.words = score, how, words


class _Question:
    def __init__(self, text: str):
        self.text = text
        self.words = W.words(text)
        # Hyphenated and underscored words also count by their parts ("PG-rated", "unit_price").
        content = []
        for word in self.words:
            content.append(word)
            if "-" in word.text or "_" in word.text:
                content.extend(word.parts())
        self.content = [w for w in content if w.lower not in W.STOPWORDS and not w.lower[0].isdigit()]
        self.by_lower: dict[str, W.Word] = {}
        self.by_stem: dict[str, W.Word] = {}
        self.by_synonym: dict[str, W.Word] = {}
        for word in self.content:
            self.by_lower.setdefault(word.lower, word)
            self.by_stem.setdefault(word.stem, word)
            self.by_synonym.setdefault(W.synonym(word.lower), word)
        for word in self.content:  # "hire dates" names `hire_dt` as "hire date" does
            self.by_synonym.setdefault(W.synonym(W.singular(word.lower)), word)
        # Spellings a compound name part may begin or end with: the word or a short synonym
        # of it ("custref" holds "cust" for "customer").
        self.fragments = [(f, w) for w in self.content if w.lower.isalpha()
                          for f in {w.lower, w.stem, *W.spellings(w.stem)}
                          if len(f) >= 4 or (len(f) >= 3 and f != w.lower)]

    @cached_property
    def ngrams(self) -> dict[str, list[W.Word]]:
        """Every run of one to four words, lower-cased and space-joined, and the pieces of
        hyphenated words: the phrases a distinct value or a flag may be written as."""
        grams: dict[str, list[W.Word]] = {}
        ws = self.words
        for i in range(len(ws)):
            for j in range(i, min(i + 4, len(ws))):
                grams.setdefault(" ".join(w.lower for w in ws[i:j + 1]), ws[i:j + 1])
        for part in (p for w in ws if "-" in w.text for p in w.parts()):
            grams.setdefault(part.lower, [part])
        return grams

    def match_part(self, part: str) -> _Hit | None:
        if part in self.by_lower:
            return _Hit(_PART_SCORES["exact"], "exact", self.by_lower[part])
        if (word := self.by_stem.get(W.stem(part))) is not None:
            return _Hit(_PART_SCORES["stem"], "stem", word)
        if (word := self.by_synonym.get(W.synonym(part))) is not None:
            return _Hit(_PART_SCORES["synonym"], "synonym", word)
        if len(part) >= 6:
            return self._match_compound(part)
        # "lmt" for "limit", "amt" for "amount": a part that shortens a word of the question.
        word = next((w for w in self.content if w.lower.isalpha() and W.shortens(part, w.lower)), None)
        return _Hit(_PART_SCORES["synonym"], "synonym", word) if word is not None else None

    def _match_compound(self, part: str) -> _Hit | None:
        """A compound name part ("salesregion", "signupdate") that begins and/or ends with
        question words, scored by how much of it they cover."""
        head = max(((f, w) for f, w in self.fragments if len(f) < len(part) and part.startswith(f)),
                   key=lambda fw: len(fw[0]), default=None)
        tail = max(((f, w) for f, w in self.fragments if len(f) < len(part) and part.endswith(f)
                    and (head is None or len(head[0]) + len(f) <= len(part))),
                   key=lambda fw: len(fw[0]), default=None)
        found = [fw for fw in (head, tail) if fw is not None]
        if not found:
            # "account balance" for `acctbal`: consecutive words, each shortened, run together.
            words = [w for w in self.words if w.lower.isalpha()]
            run = next((words[i:j] for i in range(len(words)) for j in range(i + 2, min(i + 4, len(words)) + 1)
                        if W.run_together(part, tuple(w.lower for w in words[i:j]))), None)
            return _Hit(_PART_SCORES["partial"], "partial", *run) if run else None
        covered = sum(len(f) for f, _ in found) / len(part)
        return _Hit(_PART_SCORES["partial"] * (0.6 + 0.4 * covered), "partial", *(w for _, w in found))


# ---------------------------------------------------------------------------------------
# Names: tables and columns


def _family_prefixes(names: Iterable[str], min_share: int) -> set[str]:
    """First name parts that read as a family code: a vowel-less abbreviation ("wh", "nw"), or a
    short part at least `min_share` of the names share ("shop_", "cu_")."""
    firsts = Counter(W.split_identifier(n)[0] for n in names if len(W.split_identifier(n)) > 1)
    return {p for p, n in firsts.items() if W.is_abbreviation(p) or (len(p) <= 4 and n >= min_share)}


def _core_parts(name: str, prefixes: set[str]) -> tuple[str, ...]:
    """The parts of a name that say what it is: a family/column prefix left out."""
    parts = W.split_identifier(name)
    return parts[1:] if len(parts) > 1 and parts[0] in prefixes else parts


def _score_name(name: str, prefixes: set[str], q: _Question) -> tuple[float, str, list[W.Word]]:
    """How well the question's words cover an identifier: the share of its core parts matched
    (each by how well), or `VERBATIM` when the identifier itself is written in the question."""
    if (word := q.by_lower.get(name.lower())) is not None:
        return VERBATIM, "exact", [word]
    parts = _core_parts(name, prefixes)
    hits = [hit for hit in map(q.match_part, parts) if hit is not None]
    if not hits:
        return 0.0, "", []
    weakest = min(hits, key=lambda hit: hit.score).how
    return sum(hit.score for hit in hits) / len(parts), weakest, [w for hit in hits for w in hit.words]


def _match_table(table: TableInfo, family: set[str], q: _Question) -> tuple[float, list[W.Word], list[ColumnMatch]]:
    name_score, _, name_words = _score_name(table.name, family, q)
    col_prefixes = _family_prefixes(table.columns, max(2, len(table.columns) // 2))
    columns = []
    for col in table.columns:
        score, how, hit_words = _score_name(col, col_prefixes, q)
        if score > 0:
            text, span = _text_span(q.text, hit_words)
            columns.append(ColumnMatch(col, round(score, 3), how, text, span))
    return name_score, name_words, columns


def _text_span(text: str, hit_words: list[W.Word]) -> tuple[str | None, Span | None]:
    if not hit_words:
        return None, None
    start, end = min(w.start for w in hit_words), max(w.end for w in hit_words)
    return text[start:end], (start, end)


# ---------------------------------------------------------------------------------------
# Values: distinct strings of low-cardinality columns, and booleans


# Adjective endings that turn a place into its people ("Asia" -> "Asian", "Japan" -> "Japanese").
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ish", "i")
# ("excluding cancelled flights", "ignoring inactive ones": the words that keep a value's rows out)
_NEGATIONS = frozenset({"no", "non", "never", "without", "isn't", "aren't", "wasn't",
                        *(w for w in L.VALUE_NEGATIONS if " " not in w)})
_NEGATING_PREFIXES = ("non", "un", "in")
_BOOL_PREFIXES = frozenset({"is", "has", "was", "can", "flag"})
_ANTONYMS = {"female": "male"}


def _demonym_roots(word: str) -> list[str]:
    roots = list(L.DEMONYMS.get(W.singular(word), ()))
    for ending in _DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            root = word[: -len(ending)]
            roots += [root, root + "a", root + "e"]
    return roots


def _rate_event(q: _Question, word: W.Word) -> str | None:
    """The state an event's noun before "rate" names: "the cancellation rate" counts the rows
    cancelled, "completion percentage per doctor" those completed."""
    after = q.words[word.index + 1] if word.index + 1 < len(q.words) else None
    return L.RATE_EVENTS.get(word.lower) if after is not None and after.lower in (*L.RATIO_WORDS, "rates") else None


def _value_index(q: _Question) -> dict[str, tuple[list[W.Word], str]]:
    """Normalised question phrase -> (its words, how it would match a value)."""
    index: dict[str, tuple[list[W.Word], str]] = {}
    for word in q.content:
        # "median" asks for an aggregate; it is no demonym of "Med". "less than 3" compares: it is
        # no stem of "Lessing".
        if len(word.lower) >= 3 and word.lower.isalpha() and word.lower not in L.AGGREGATE_WORDS \
                and word.lower not in L.COMPARATIVES:
            for root in _demonym_roots(word.lower):
                index.setdefault(root, ([word], "demonym"))
            index.setdefault("~" + word.stem, ([word], "stem"))
            if (one := W.singular(word.lower)) != word.lower:
                index.setdefault("+" + one, ([word], "stem"))  # "fees" of a short value "FEE" (no stem key)
            if (event := _rate_event(q, word)) is not None:
                index.setdefault("~" + W.stem(event), ([word], "stem"))
        elif _HYPHENATED.fullmatch(word.lower):
            index.setdefault("~" + _hyphen_stem(word.lower), ([word], "stem"))  # "no-shows" is the value "no-show"
    for gram, ws in q.ngrams.items():
        if len(ws) > 1 or gram not in W.STOPWORDS:  # "per continent" names no Peru (PER)
            index[gram] = (ws, "exact")
        if len(ws) > 1 and all(w.lower.isalpha() for w in ws) and ws[-1].lower not in W.STOPWORDS:
            index.setdefault("~" + _last_stem(gram), (ws, "stem"))
    # "the IT department": a code written in capitals that is also a common word.
    for word in q.words:
        if word.lower in W.STOPWORDS and word.text.isupper() and word.text.isalpha():
            index.setdefault(word.lower, ([word], "exact"))
    # "users from Brazil", "German sites": the country's codes too.
    countries = [(gram, ws) for gram, ws in q.ngrams.items() if gram in L.COUNTRY_CODES] + [
        (root, [word]) for word in q.content for root in _demonym_roots(word.lower) if root in L.COUNTRY_CODES]
    for country, ws in countries:
        for code in L.COUNTRY_CODES[country]:
            index.setdefault("#" + code, (ws, "country"))
    return index


def _match_values(catalog: Mapping[str, TableInfo], q: _Question) -> list[ValueMatch]:
    index = _value_index(q)
    # ("Players with at least one goal": a table's noun begins no value, as "Goalkeeper")
    nouns = frozenset(W.stem(W.singular(part)) for name in catalog for part in W.split_identifier(name))
    # The first six letters of each long part of a column's name ("indepe" of `independence_year`).
    starts = {part[:6] for t in catalog.values() for c in t.columns for part in W.split_identifier(c) if len(part) >= 6}
    matches = []
    for table in catalog.values():
        for col in table.columns.values():
            if not col.values:
                continue
            lookup = _value_keys(col.values)
            found: dict[str, tuple[list[W.Word], str]] = {}
            # ("Total fees" of a FEE type: the plural of a short value names rows of a kind, not of a level)
            kinds = set(W.split_identifier(col.name)) & L.KIND_PARTS
            # Set intersection keeps this cheap on wide catalogs; a value's own words beat its stem.
            for key in sorted(k for k in lookup.keys() & index.keys() if kinds or not k.startswith("+")):
                value = lookup[key]
                if value not in found and (_plausible(value, index[key][0]) or index[key][1] == "country"):
                    found[value] = index[key]
            if not found:
                found = _match_codes(col.values, q, starts) or _match_prefixes(col.values, q, nouns)
            for value in col.values:
                if value in found:
                    ws, how = found[value]
                    text, span = _text_span(q.text, ws)
                    matches.append(ValueMatch(table.name, col.name, value, text or value, span or (0, 0), how))
                elif (typed := _typed_symbols(value, q.text)) is not None:
                    matches.append(ValueMatch(table.name, col.name, value, value, typed, "exact"))
            if not found:
                matches += [ValueMatch(table.name, col.name, word.text, word.text, (word.start, word.end), "leading")
                            for word in _leading_words(col.name, col.values, q)]
    return matches


def _leading_words(column: str, values: tuple[str, ...], q: _Question) -> list[W.Word]:
    """"JUMBO containers" of `JUMBO BAG`, `JUMBO BOX`, ... in `p_container`: a word written as
    the first word of several values of a column (and no value whole), right before a word of the
    column's name, names them all, those that start with it."""
    firsts = Counter(v.split(" ")[0] for v in values if " " in v)
    parts = {W.stem(part) for part in W.split_identifier(column)}
    return [word for word, after in zip(q.words, q.words[1:]) if firsts[word.text] > 1 and after.stem in parts
            and word.lower not in W.STOPWORDS and not word.text.isdigit()]


# The longest run of capitalised words looked up as one name ("Johann Sebastian Bach").
MAX_NAME_WORDS = 4


def _match_names(catalog: Mapping[str, TableInfo], q: _Question, taken: list[Span]) -> list[ValueMatch]:
    """Names written with capitals ("tracks composed by Greta Garcia", "orders of Acme Corp")
    that are values of a column with too many values to list: each run of capitalised words
    and its parts, looked up in the data, outside the words already read as a value or a
    quoted text."""
    runs: list[list[W.Word]] = []
    for word in q.words:
        if word.text[:1].isupper() and not any(s <= word.start < e for s, e in taken):
            if runs and runs[-1][-1].index == word.index - 1:
                runs[-1].append(word)
                continue
            runs.append([word])
    grams = {q.text[run[i].start:run[j - 1].end]: (run[i].start, run[j - 1].end)
             for run in runs for i in range(len(run)) for j in range(i + 1, min(len(run), i + MAX_NAME_WORDS) + 1)}
    matches = []
    for table in catalog.values():
        for column, hits in find_values(table, tuple(sorted(grams))).items():
            matches += [ValueMatch(table.name, column, hit, hit, grams[hit], "exact") for hit in hits]
    # The longest name wins where one holds another ("Maria Lopez" over "Maria").
    return [m for m in matches if not any(o.span[0] <= m.span[0] and m.span[1] <= o.span[1] and o.span != m.span
                                          for o in matches)]


_SIGN_INSIDE = re.compile(r"\w[#/&+\-]\w")


def _typed_symbols(value: str, text: str) -> tuple[int, int] | None:
    """Where a value ending in a sign ("O-", "AB+", "C++") or holding one ("Brand#13",
    "1-URGENT") is typed as it is, which words alone cannot find."""
    if len(value) > 24 or value not in text or not (re.search(r"[+\-#/&]$", value) or _SIGN_INSIDE.search(value)):
        return None
    found = re.search(rf"(?<![\w+\-#/&]){re.escape(value)}(?![\w+\-#/&])", text)
    return found.span() if found else None


def _match_codes(values: tuple[str, ...], q: _Question, starts: set[str]) -> dict[str, tuple[list[W.Word], str]]:
    """Values of a column of short upper-case codes that a word of the question begins with
    ("critical" -> CRIT, "medium" -> MED, two letters or more past the code, or a name one
    letter past it: "Oslo" -> OSL), or a letter code's word ("female" -> F). Words that say
    what to compute ("median") or how to order ("sorted") are never codes, nor are words that
    begin as a column's long part does ("independent" of `independence_year` is no IND)."""
    if not all(len(v) <= MAX_CODE_CHARS and v.isalnum() and v.isupper() for v in values):
        return {}
    found: dict[str, tuple[list[W.Word], str]] = {}
    for word in q.content:
        # "sort by", "ordered by month": words of an order, and participles ("cancelled"), say
        # what was done; they shorten nothing (no ORD, no CAN).
        if word.lower in L.AGGREGATE_WORDS or word.lower in L.SORT_WORDS or not word.lower.isalpha() \
                or word.lower.endswith("ed") or word.lower[:6] in starts:
            continue
        for value in values:
            code = value.lower()
            letter = len(code) == 1 and L.LETTER_CODES.get(word.lower) == code
            # A code shortens a longer word or a name: "made" is no MAD, where "medium" is MED
            # and "Oslo" OSL.
            longer = len(word.lower) > len(code) + 1 or len(word.lower) > len(code) and word.text[:1].isupper()
            if letter or len(code) >= MIN_CODE_PREFIX and longer and word.lower.startswith(code):
                found.setdefault(value, ([word], "code"))
    return found


def _match_prefixes(values: tuple[str, ...], q: _Question, nouns: frozenset[str]) -> dict[str, tuple[list[W.Word], str]]:
    """A word that is the start of one value's first word: "Math courses" -> Mathematics,
    "intro courses" -> Introduction."""
    found: dict[str, tuple[list[W.Word], str]] = {}
    for word in q.content:
        if len(word.lower) < MIN_PREFIX or not word.lower.isalpha() or word.lower in L.AGGREGATE_WORDS \
                or word.lower in L.COMPARATIVES or "_" in q.text[max(0, word.start - 1):word.end + 1] \
                or W.stem(W.singular(word.lower)) in nouns:
            continue  # ("as goal_id": a part of a name written with underscores begins no value)
        starting = [v for v in values if (first := v.lower().split(" ")[0]).startswith(word.lower)
                    and len(first) > len(word.lower) and first.isalpha()]
        if len(starting) == 1:
            found.setdefault(starting[0], ([word], "prefix"))
    return found


@lru_cache(maxsize=1024)
def _value_keys(values: tuple[str, ...]) -> dict[str, str]:
    """The `_value_index` keys the values answer to: their words, then ("~"-marked) their stems."""
    lookup: dict[str, str] = {}
    for value in values:
        key = " ".join(value.lower().split())
        if len(key) in (2, 3) and key.isalpha():
            lookup.setdefault("#" + key, value)  # a code a country's name answers to ("#in": IN)
        # Digits in a question are literals (limits, thresholds), not the labels of a text column.
        if key and (key not in W.STOPWORDS or value.isupper()) and not key.replace(".", "").isdigit():
            lookup.setdefault(key, value)
            if key.isalpha() and len(key) >= 4:
                lookup.setdefault("~" + W.stem(key), value)
            elif key.isalpha() and len(key) == 3:
                lookup.setdefault("+" + key, value)  # too short for a stem: its plural only
            elif " " in key and all(part.isalpha() for part in key.split()) and len(key.split()[-1]) >= 3:
                lookup.setdefault("~" + _last_stem(key), value)  # "Sales Rep" is said "sales reps" too
            elif _HYPHENATED.fullmatch(key):
                lookup.setdefault("~" + _hyphen_stem(key), value)
    return lookup


_HYPHENATED = re.compile(r"[a-z]+(?:-[a-z]+)+")


def _last_stem(phrase: str) -> str:
    """A phrase of words keyed by its last word's stem: "sales reps" -> "sales rep"."""
    head, _, last = phrase.rpartition(" ")
    return f"{head} {W.stem(last)}"


def _hyphen_stem(word: str) -> str:
    """A hyphenated word's stem: its last part's ("no-shows" -> "no-show")."""
    head, _, last = word.rpartition("-")
    return f"{head}-{W.stem(last)}"


def _plausible(value: str, ws: list[W.Word]) -> bool:
    # A one- or two-letter value ("R", "M") must be written as is, and not open the sentence,
    # or every "a" would be a grade.
    return len(value) > 2 or (" ".join(w.text for w in ws) == value and ws[0].start > 0)


def _match_booleans(catalog: Mapping[str, TableInfo], q: _Question) -> list[ValueMatch]:
    matches = []
    for table in catalog.values():
        # "f_cancelled" is said "cancelled": the table's column prefix is no word of the flag.
        prefixes = _family_prefixes(table.columns, max(2, len(table.columns) // 2))
        for col in table.columns.values():
            if col.dtype != "bool":
                continue
            parts = _core_parts(col.name, prefixes)
            parts = tuple(p for p in parts if p not in _BOOL_PREFIXES) or parts
            hit = _find_adjective(parts[0], q) if len(parts) == 1 else _find_phrase(parts, q)
            if hit is not None:
                ws, value = hit
                text, span = _text_span(q.text, ws)
                matches.append(ValueMatch(table.name, col.name, value, text or "", span or (0, 0), "boolean"))
    return matches


def _negated(q: _Question, word: W.Word) -> bool:
    return any(w.lower in _NEGATIONS for w in q.words[max(0, word.index - 2): word.index])


def _find_adjective(part: str, q: _Question) -> tuple[list[W.Word], bool] | None:
    """A question word for a one-word flag: "discontinued", "not active", "inactive", "female"."""
    target = W.stem(part)
    if part in L.IN_USE_FLAGS:
        for phrases, value in ((L.SWITCHED_OFF, False), (L.SWITCHED_ON, True)):
            if (ws := next((q.ngrams[p] for p in phrases if p in q.ngrams), None)) is not None:
                return ws, value != _negated(q, ws[0])
    for word in q.words:
        lower = word.lower
        if lower in _ANTONYMS and W.stem(_ANTONYMS[lower]) == target:
            return [word], False
        if target in (W.stem(lower), W.stem(_rate_event(q, word) or "")):
            return [word], not _negated(q, word)
        for prefix in _NEGATING_PREFIXES:
            if lower.startswith(prefix) and W.stem(lower[len(prefix):].lstrip("-")) == target:
                return [word], False
    return None


def _find_phrase(parts: tuple[str, ...], q: _Question) -> tuple[list[W.Word], bool] | None:
    """The words of a flag of several parts, spaced or hyphenated: `in_stock`, `gluten_free`."""
    ws = q.ngrams.get(" ".join(parts)) or q.ngrams.get("-".join(parts))
    return (ws, not _negated(q, ws[0])) if ws else None


# ---------------------------------------------------------------------------------------
# Literals


_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\b")
_YEAR_MONTH = re.compile(r"\b\d{4}-\d{2}\b(?!-)")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# "March 2024", "Sept. 2023": a month of a year in words, its name or a 3-letter start of it.
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")
# "the first half of 2024", "Q3 2023", "the second quarter of 2022": a range of dates.
_PART_OF_YEAR = re.compile(r"\b(?:(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th|last)\s+(?P<part>half|quarter)"
                           r"|(?P<short>[QH])(?P<n>[1-4]))\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# "15 March 2024", "March 15, 2024": one day written in words.
_DAY_MONTH_YEAR = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_NAME})|"
                             rf"(?P<m2>{_MONTH_NAME})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+(?P<year>\d{{4}})\b",
                             re.IGNORECASE)
# "between June 1 and June 7, 2024", "from 1 July to 31 December 2022": two days of one year.
_DAY = rf"(?:(?P<d{{k}}>\d{{{{1,2}}}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m{{k}}>{_MONTH_NAME})|(?P<n{{k}}>{_MONTH_NAME})\s+(?P<e{{k}}>\d{{{{1,2}}}})(?:st|nd|rd|th)?)"
_DAY_RANGE = re.compile(rf"\b(?:between|from)\s+(?:the\s+)?{_DAY.format(k=1)}\s+(?:and|to|through|until)\s+(?:the\s+)?"
                        rf"{_DAY.format(k=2)},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# "between January and June 2023", "from March to May 2024": whole months of one year.
_MONTH_RANGE = re.compile(rf"\b(?:between|from)\s+(?P<first>{_MONTH_NAME})\s+(?:and|to|through|until)\s+"
                          rf"(?P<last>{_MONTH_NAME})\s+(?:of\s+)?(?P<year>\d{{4}})\b", re.IGNORECASE)
# "invoices dated in December", "issued in a December": one month of every year.
_MONTH_ALONE = re.compile(rf"\b(?:in|during)\s+(?:the\s+month\s+of\s+|an?y?\s+)?({'|'.join(_MONTHS)})\b", re.IGNORECASE)
# "invoices in Q2", "in the second quarter": one quarter of every year.
_QUARTER_ALONE = re.compile(r"\b(?:in|during)\s+(?:the\s+)?(?:[Qq](?P<n>[1-4])|(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)"
                            r"\s+quarter)\b", re.IGNORECASE)
# "in the 1980s": the ten years of a decade.
_DECADE = re.compile(r"\b(?:the\s+)?(?P<decade>(?:19|20)\d0)'?s\b", re.IGNORECASE)
# "on a weekend", "at weekends", "on weekdays": the days of the week a date falls on.
_WEEKEND = re.compile(rf"\b(?:on|at|over|during)\s+(?:a\s+|the\s+)?({W.alternatives(L.WEEKEND_WORDS + L.WEEKDAY_WORDS)})s?\b",
                      re.IGNORECASE)
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_LAST_DAY = {3: 31, 6: 30, 9: 30, 12: 31}


def _part_of_year(m: re.Match[str]) -> list[str]:
    """The first and last day of the half or quarter a match names, as ISO dates."""
    months = 6 if (m.group("part") or "").lower() == "half" or (m.group("short") or "").upper() == "H" else 3
    count = 12 // months
    nth = int(m.group("n")) if m.group("n") else _NTH.get(m.group("nth").lower(), count)
    if nth > count:
        return []
    year, end = m.group("year"), nth * months
    return [f"{year}-{end - months + 1:02d}-01", f"{year}-{end:02d}-{_LAST_DAY[end]}"]


_PATTERN = re.compile(rf"\b(?:{W.alternatives(tuple(v for vs in L.STRING_MATCHES.values() for v in vs))})\s+"
                      rf"(?:(?:{W.alternatives(L.PATTERN_NOUNS)})\s+)?(?P<pat>[^\s'\"“”]+?)(?=[.,;:!?)]*(?:\s|$))",
                      re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]+)\"|(?<!\w)'([^']+)'(?!\w)|“([^”]+)”")
# "after the 45th minute": an ordinal before a noun is its number ("the 3rd shortest song" is
# a place, "the 1st of May" a day); a lookbehind has one width, so once per number of digits.
_ORDINAL_BEFORE_NOUN = r"(?:st|nd|rd|th)\s+(?!(?:days?|of|and|most|least|\w+est)\b)[a-z]"
_NUMBER = re.compile(r"(?<![\w.\-])-?\d+(?:,\d{3})*(?:\.\d+)?(?:e\d+)?%?"
                     rf"(?=(?<=\bthe\s\d){_ORDINAL_BEFORE_NOUN}|(?<=\bthe\s\d\d){_ORDINAL_BEFORE_NOUN}|(?![\w-]))", re.IGNORECASE)
# A number restated in parentheses ("5 minutes (300000 ms)"): the explicit one counts.
_RESTATED = re.compile(r"^\s*[A-Za-z%]*\s*\(\s*(?:i\.?e\.?,?|=|that is)?\s*$")
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE = re.compile(r"\s*(thousand|million|billion|trillion)\b", re.IGNORECASE)
_TOP_BEFORE = re.compile(rf"\b(top|first|bottom|last)\s+({W.SMALL_NUMBER})\b", re.IGNORECASE)
_TOP_AFTER = re.compile(rf"\b({W.SMALL_NUMBER})\s+(most|least|fewest|\w+est)\b", re.IGNORECASE)
# "Youngest 3 users", "the cheapest 5 products": the superlative before the number ("at least
# 3 loans" compares).
_SUPERLATIVE_N = re.compile(rf"\b((?:most|least)\s+[a-z]+|(?!least\b)[a-z]+est)\s+({W.SMALL_NUMBER})(?=\s+[a-z]+)",
                            re.IGNORECASE)
# "Give me 10 transactions in descending order of amount", "List 5 sessions sorted by duration":
# a bare number of rows asked for, that the words after it order ("customers with 3 accounts
# sorted by name" is no limit).
_N_ORDERED = re.compile(rf"(?:^\s*|\b(?:{W.alternatives((*L.LIST_OPENERS, 'me', 'us'))})\s+)({W.SMALL_NUMBER})\s+(?:[a-z]+\s+){{0,2}}?[a-z]+s\b(?=[^.;?!]*?\s(?:sorted|ordered|"
                        r"in\s+(?:descending|ascending)\s+order)\b)", re.IGNORECASE)
# ("the 2 costliest shipments" start at the high end, as the lexicon's superlatives say.)
_HIGH = frozenset("top most highest largest biggest greatest best longest richest heaviest busiest".split()) | L.HIGH_WORDS
_LOW = frozenset("bottom least fewest lowest smallest cheapest shortest lightest poorest".split()) | L.LOW_WORDS

# Comparison words before a literal.
_OPS_BEFORE = {
    "at least": ">=", "no less than": ">=", "not less than": ">=", "minimum of": ">=", "from": ">=",
    "since": ">=", "at most": "<=", "no more than": "<=", "not more than": "<=", "up to": "<=",
    "until": "<=", "maximum of": "<=", "more than": ">", "greater than": ">", "over": ">",
    "above": ">", "exceeding": ">", "exceeds": ">", "exceed": ">", "exceeded": ">", "surpassed": ">",
    "higher than": ">",
    "larger than": ">", "after": ">", "later than": ">", "older than": ">", "newer than": ">", "longer than": ">",
    "bigger than": ">", "less than": "<", "fewer than": "<", "under": "<", "below": "<",
    "before": "<", "earlier than": "<", "younger than": "<", "shorter than": "<",
    "cheaper than": "<", "lower than": "<", "smaller than": "<", "equal to": "==",
    "taller than": ">", "heavier than": ">", "wider than": ">", "farther than": ">", "further than": ">",
    "hotter than": ">", "warmer than": ">", "pricier than": ">", "costlier than": ">", "faster than": ">",
    "lighter than": "<", "narrower than": "<", "colder than": "<", "cooler than": "<", "slower than": "<",
    "equals": "==", "exactly": "==", "in": "==", "on": "==", "during": "==", "between": "between",
    "on or after": ">=", "on or before": "<=", "in or after": ">=", "in or before": "<=",
}
# Longest first, so "no more than" wins over "more than"; "between 3 and" makes the 2nd bound.
_OP_BEFORE = re.compile(r"\b(between\s+\S+\s+and|" + "|".join(sorted(_OPS_BEFORE, key=len, reverse=True)) + r")$")
_OPS_AFTER = {"or more": ">=", "or greater": ">=", "or above": ">=", "or higher": ">=", "or later": ">=",
              "or less": "<=", "or fewer": "<=", "or below": "<=", "or lower": "<=", "or earlier": "<="}
_YEAR_WORDS = frozenset({"in", "during", "since", "before", "after", "from", "until", "of", "for", "year"})
# "hired between 2019 and 2021", "from 2018 to 2020": a range of two years is of years, unless a
# unit follows it ("between 1950 and 2000 pages").
_YEAR_RANGE = re.compile(r"\b(?:between|from)\s+((?:19|20)\d\d)\s+(?:and|to|through|until|-)\s+((?:19|20)\d\d)\b"
                         r"(?!\s+[A-Za-z]{3,}s\b)", re.IGNORECASE)


def _month(word: str) -> int | None:
    """"March", "Mar.", "Sept" -> 3, 3, 9."""
    word = word.lower().rstrip(".")
    word = "sep" if word == "sept" else word
    return next((i for i, name in enumerate(_MONTHS, 1) if len(word) >= 3 and name.startswith(word)), None)


# "the 2024 invoices": a year before the rows' plural noun is theirs.
_YEAR_OF_ROWS = re.compile(r"\s+[A-Za-z]+s\b")
# "older than 2015", "older than model year 2015": words (no number) may name the year first
_AGED_THAN = re.compile(r"\b(older|newer)\s+than\s+(?:[a-z][\w-]*\s+){0,3}$", re.IGNORECASE)


def _op_before(text: str, start: int) -> str | None:
    head = text[max(0, start - 40):start].lower().rstrip(" $€£")
    # ("after the 45th minute": the article before an ordinal)
    m = _OP_BEFORE.search(head) or _THAN_COLUMN.search(head) or _OP_BEFORE.search(re.sub(r"\s+the$", "", head))
    return None if m is None else "between" if m.group(1).startswith("between") else _OPS_BEFORE[m.group(1)]


# "larger than size 25", "before minute 15": the column's word between a comparison and its number.
_THAN_COLUMN = re.compile(r"\b((?:more|greater|higher|larger|bigger|less|fewer|lower|smaller|longer|shorter|cheaper)"
                          r"\s+than|before|after|over|under|above|below|at\s+least|at\s+most)\s+"
                          rf"(?!(?:the|a|an|{'|'.join(W.NUMBER_WORDS)})\b)[a-z]{{3,}}$")


def _op_after(text: str, end: int) -> str | None:
    after = text[end:end + 16].lower()
    after = re.sub(r"^\s*[a-z%]*?\s*(?=or\b)", " ", after)
    return next((op for words_, op in _OPS_AFTER.items() if after.lstrip().startswith(words_)), None)


# "longer than an hour", "over a day": one of a unit of time, compared.
_ONE_UNIT = re.compile(rf"\b(an?|one)\s+(?=(?:{W.alternatives(tuple(w for w in L.TIME_UNITS if len(w) > 3))})\b)",
                       re.IGNORECASE)
_SIGNED = re.compile(r"\b(negative|positive)\s+(?=[A-Za-z])", re.IGNORECASE)
_NUMBER_WORD = re.compile(rf"\b(?:{W.alternatives(tuple(w for w in W.NUMBER_WORDS if w != 'zero'))})\b", re.IGNORECASE)
# "since one", "after two": a time, not a count.
_TIME_BEFORE = re.compile(r"\b(?:from|since|until|after|before|up\s+to)\s+$", re.IGNORECASE)
_AS_A = re.compile(r"\bas\s+an?\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_GOES_ON = re.compile(r"\s*(?:on\b|onwards?\b|forwards?\b|to\b|until\b|through\b|till\b|-|(?:and|or)\s+(?:later|after)\b)",
                      re.IGNORECASE)


def _in_period(text: str, span: Span, op: str | None) -> str | None:
    """"Invoices from 2023", "loans from March 2024": rows of that period, unless the words go
    on ("from 2023 on", "from 2022 to 2024")."""
    if op == ">=" and _FROM_BEFORE.search(text[:span[0]]) and not _GOES_ON.match(text, span[1]):
        return "=="
    return op


def _number(text: str) -> int | float:
    clean = text.replace(",", "").rstrip("%")
    value = float(clean)
    return int(value) if value.is_integer() and "." not in clean and "e" not in clean.lower() else value


# Words before a quoted name an output is given: 'as "doctor"', "renamed to 'cost'".
# ("Gadgets labelled 'Tiny'", "products named 'Chai'" name values of the rows).
_NAME_BEFORE = re.compile(r"\b(?:as|(?:renamed|relabell?ed)\s+to)\s*$", re.IGNORECASE)
_GIVEN_NAME_BEFORE = re.compile(rf"\b(?:{W.alternatives(L.NAMING_GERUNDS)})\s+(?:the|its|their)\s+[^.;:!?,]*?\b(?:column|field)"
                                r"\s+(?:to\s+|as\s+)?[`'\"]?$", re.IGNORECASE)


# "Median, deviation and variance ..., the last two rounded to 2 decimals": "the last two" are
# items of the list said before, no rows kept.
_ITEMS_RECALLED = re.compile(r"\s+(?:rounded|round)\b", re.IGNORECASE)


def _output_name(lit: LiteralMatch, question: str, catalog: Mapping[str, TableInfo]) -> bool:
    """'names as "doctor"': a quoted name an output is given, where no column holds it, is no
    value to compare."""
    if not _NAME_BEFORE.search(question, 0, lit.span[0]):
        return False
    said = str(lit.value).lower()
    return not any(v.lower() == said for t in catalog.values() for c in t.columns.values() for v in c.values or ())


def _extract_literals(text: str) -> list[LiteralMatch]:
    taken: list[Span] = []
    out: list[LiteralMatch] = []

    def free(span: Span) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    def add(lit: LiteralMatch) -> None:
        taken.append(lit.span)
        out.append(lit)

    for m in _QUOTED.finditer(text):
        value = next(g for g in m.groups() if g is not None)
        add(LiteralMatch("string", value, m.group(), m.span(), _op_before(text, m.start())))
    for m in _PATTERN.finditer(text):
        # "names starting with B": the text after a matching verb, written without quotes.
        if free(m.span("pat")) and m.group("pat").lower() not in W.STOPWORDS:
            add(LiteralMatch("string", m.group("pat"), m.group("pat"), m.span("pat"), None))
    for m in _DATE.finditer(text):
        if free(m.span()):
            kind = "datetime" if len(m.group()) > 10 else "date"
            add(LiteralMatch(kind, m.group(), m.group(), m.span(), _op_before(text, m.start())))
    for m in _MONTH_RANGE.finditer(text):
        first, last = _month(m.group("first")), _month(m.group("last"))
        if first and last and first <= last and free(m.span()):
            year = int(m.group("year"))
            for bound in (f"{year}-{first:02d}-01", f"{year}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"):
                add(LiteralMatch("date", bound, m.group(), m.span(), "between"))
    for m in _DAY_RANGE.finditer(text):
        year = int(m.group("year"))
        days = [(_month(m.group(f"m{k}") or m.group(f"n{k}")), int(m.group(f"d{k}") or m.group(f"e{k}"))) for k in (1, 2)]
        if all(month and 1 <= day <= calendar.monthrange(year, month)[1] for month, day in days) \
                and days[0] <= days[1] and free(m.span()):
            for month, day in days:
                add(LiteralMatch("date", f"{year}-{month:02d}-{day:02d}", m.group(), m.span(), "between"))
    for m in _DAY_MONTH_YEAR.finditer(text):
        month, day = _month(m.group("m1") or m.group("m2")), int(m.group("d1") or m.group("d2"))
        if month and 1 <= day <= calendar.monthrange(int(m.group("year")), month)[1] and free(m.span()):
            add(LiteralMatch("date", f"{m.group('year')}-{month:02d}-{day:02d}", m.group(), m.span(),
                             _op_before(text, m.start())))
    for m in _DECADE.finditer(text):
        if free(m.span()):
            # Years, not days: "books published in the 1990s" may be a column of years.
            start = int(m.group("decade"))
            for bound in (start, start + 9):
                add(LiteralMatch("year", bound, m.group(), m.span(), "between"))
    for m in _WEEKEND.finditer(text):
        # Polars numbers weekdays 1 (Monday) to 7: a weekend is 6 and 7.
        weekend = m.group(1).lower().startswith(L.WEEKEND_WORDS)
        add(LiteralMatch("weekday", 6 if weekend else 5, m.group(), m.span(), ">=" if weekend else "<="))
    for m in _PART_OF_YEAR.finditer(text):
        if free(m.span()):
            for bound in _part_of_year(m):
                add(LiteralMatch("date", bound, m.group(), m.span(), "between"))
    for m in _YEAR_MONTH.finditer(text):
        if free(m.span()):
            add(LiteralMatch("year_month", m.group(), m.group(), m.span(), _op_before(text, m.start())))
    for m in _MONTH_YEAR.finditer(text):
        month = _month(m.group(1))
        if month is not None and free(m.span()):
            add(LiteralMatch("year_month", f"{m.group(2)}-{month:02d}", m.group(), m.span(),
                             _in_period(text, m.span(), _op_before(text, m.start()))))
    for m in _QUARTER_ALONE.finditer(text):
        if free(m.span()):
            nth = int(m.group("n")) if m.group("n") else _NTH[m.group("nth").lower()]
            add(LiteralMatch("quarter", nth, m.group(), m.span(), "=="))
    for m in _MONTH_ALONE.finditer(text):
        if free(m.span(1)):
            add(LiteralMatch("month", _MONTHS.index(m.group(1).lower()) + 1, m.group(1), m.span(1), "=="))
    for m in _TOP_BEFORE.finditer(text):
        if free(m.span()) and not _ITEMS_RECALLED.match(text, m.end()):
            word = m.group(1).lower()
            # "the first 10 orders by date" starts at the low end, "the last 10" at the high one.
            descending = word in ("top", "last")
            add(LiteralMatch("top_n", W.small_number(m.group(2)), m.group(), m.span(), descending=descending))
    for m in _TOP_AFTER.finditer(text):
        if free(m.span()):
            word = m.group(2).lower()
            descending = True if word in _HIGH else False if word in _LOW else None
            add(LiteralMatch("top_n", W.small_number(m.group(1)), m.group(), m.span(), descending=descending))
    for m in _SUPERLATIVE_N.finditer(text):
        if free(m.span()):
            word = m.group(1).lower()
            descending = L.AGE_WORDS.get(word, True if word in _HIGH or word.startswith("most ") else False
                                         if word in _LOW else None)
            add(LiteralMatch("top_n", W.small_number(m.group(2)), m.group(), m.span(), descending=descending))
    for m in _N_ORDERED.finditer(text):
        if free(m.span()):
            # "sorted by" alone starts at the low end, as "the first 10 by date" does.
            add(LiteralMatch("top_n", W.small_number(m.group(1)), m.group(), m.span(1), descending=False))
    for m in _ONE_UNIT.finditer(text):
        if free(m.span(1)) and (op := _op_before(text, m.start(1))) not in (None, "=="):
            add(LiteralMatch("number", 1, m.group(1), m.span(1), op))  # "longer than an hour"
    for m in _SIGNED.finditer(text):
        # "customers with a negative account balance": the number after it compared with zero
        # ("the freight as a negative refund" computes one, nlq.derive).
        if free(m.span(1)) and not _AS_A.search(text, 0, m.start()):
            add(LiteralMatch("number", 0, m.group(1), m.span(1), "<" if m.group(1).lower() == "negative" else ">"))
    for m in _NUMBER_WORD.finditer(text):
        # "more than two reference books", "at least three loans": a count written as a word
        # ("at least one" asks only that there is one).
        op = _op_before(text, m.start()) if free(m.span()) and not _TIME_BEFORE.search(text, 0, m.start()) else None
        if op in (">", "<", ">=", "<=") and (m.group().lower() != "one" or op == ">"):
            add(LiteralMatch("number", W.small_number(m.group()), m.group(), m.span(), op))
    numbers = [m for m in _NUMBER.finditer(text) if free(m.span())]
    ranged = {span for m in _YEAR_RANGE.finditer(text) for span in (m.span(1), m.span(2))}
    carried_op = None
    for i, m in enumerate(numbers):
        # "in 2022 or later": the words after the number settle what "in" left open.
        op = "between" if m.span() in ranged else carried_op or _op_after(text, m.end()) or _op_before(text, m.start())
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        if following is not None and _RESTATED.match(text[m.end():following.start()]):
            carried_op = op  # "over 5 minutes (300000 ms)": the comparison belongs to 300000
            continue
        carried_op = None
        value = _number(m.group())
        scale = _SCALE.match(text, m.end())
        if scale is not None and isinstance(value, (int, float)):
            # "100 million": the number as the data writes it.
            value = value * _SCALES[scale.group(1).lower()]
            value = int(value) if float(value).is_integer() else value
        preceding = re.findall(r"\w+", text[max(0, m.start() - 12):m.start()].lower())
        yearish = isinstance(value, int) and 1900 <= value <= 2100
        is_year = yearish and (bool(preceding) and preceding[-1] in _YEAR_WORDS or m.span() in ranged
                               or _YEAR_OF_ROWS.match(text, m.end()) is not None and preceding[-1:] in (["the"], ["all"]))
        if yearish and (aged := _AGED_THAN.search(text, 0, m.start())):
            # "Vehicles older than 2015": an age compared with a year is the year's reverse
            is_year, op = True, "<" if aged.group(1).lower() == "older" else ">"
        add(LiteralMatch("year" if is_year else "number", value, m.group(), m.span(),
                         _in_period(text, m.span(), op) if is_year else op))
    return sorted(out, key=lambda lit: lit.span)


# ---------------------------------------------------------------------------------------
# Output-name hints


# Words that open an aggregate phrase -> (aggregate, how its name begins); longest first.
_AGG_OPENERS: tuple[tuple[tuple[str, ...], str, str], ...] = tuple(
    (tuple(words_.split()), fn, head) for words_, fn, head in (
    ("number of distinct", "n_unique", "count"),
    ("number of unique", "n_unique", "count"),
    ("count of distinct", "n_unique", "count"),
    ("how many distinct", "n_unique", "count"),
    ("how many different", "n_unique", "count"),
    ("total number of", "len", "count"),
    ("number of", "len", "count"),
    ("count of", "len", "count"),
    ("how many", "len", "count"),
    ("count", "len", "count"),
    *((word, "len", "count") for word in L.COUNT_NOUNS),
    ("counts", "len", "count"),  # "Reading counts per device type"
    ("counted", "len", "count"),  # "Accounts counted by account type"
    ("sum of", "sum", "total"),
    ("how much", "sum", "total"),  # "how much revenue did they bring in"
    ("sum", "sum", "total"),
    ("total", "sum", "total"),
    ("combined", "sum", "total"),  # "the combined population of all cities"
    ("average", "mean", "avg"),
    ("avg", "mean", "avg"),
    ("mean", "mean", "avg"),
    ("summed", "sum", "total"),  # "the summed and the mean payment amount"
    ("median", "median", "median"),
    ("standard deviation", "std", "std"),
    ("variance", "var", "var"),
    ("maximum", "max", "max"),
    ("max", "max", "max"),
    ("minimum", "min", "min"),
    ("min", "min", "min"),
    *((word, "max", "max") for word in L.RUN_MAX_WORDS),
    *((word, "min", "min") for word in L.RUN_MIN_WORDS),
))
# A superlative's words followed by a group ("highest fee for each subject") and those that make
# it pick a row instead ("the course with the highest fee").
_PER_GROUP = re.compile(r"\s+(?:(?:of|in|for|within|across|by)\s+(?:each|every)|per)\b", re.IGNORECASE)
_PICKS_ROW = re.compile(r"\b(?:with|has|have|had|having|whose)\s+(?:the|its|their)\s+$", re.IGNORECASE)
# The first words of the superlatives that open an aggregate only in a run of them (_in_runs).
_IN_RUNS_ONLY = frozenset(w.split()[0] for w in (*L.RUN_MAX_WORDS, *L.RUN_MIN_WORDS))
_RUN_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or|plus|along\s+with|together\s+with)\s+)?|(?:and|or)\s+)(?:(?:the|its|their)\s+)?",
                      re.IGNORECASE)
# ("Total amount split by channel": a grouping participle ends the aggregate's words.)
# ("an average grade higher than ...": a comparative ends it too)
_PHRASE_STOP = W.STOPWORDS | L.GROUPING_PARTICIPLES | L.COMPARATIVES | frozenset({
    "across", "among", "within", "where", "when", "sorted", "ordered", "then", "but", "only",
    "including", "excluding", "whose", "above", "below", "than", "more", "less", "greater", "between",
    "exceeding", "exceeds", "exceed", "exceeded", "is", "equal", "equals", "rounded", "round", "rounding", "descending", "ascending",
    "vary", "varies", "differ", "differs",
    "they", "he", "she", "them"})  # "the total fine they paid": a pronoun ends the measure's words
# Words before "total"/"sum"/"average" that make it a window, not an aggregate ("running total").
_WINDOW_WORDS = frozenset({"running", "cumulative", "rolling", "moving"})
# "The percentage of (the) total spending" divides by a total; the column is named after the
# share, not the total.
SHARE_OF_TOTAL = re.compile(r"\b(percentage|percent|share|fraction|proportion|ratio)\s+of\s+(?:the\s+)?total\b",
                            re.IGNORECASE)
_SKIP = frozenset({"the", "a", "an", "all", "of", "their", "its", "up", "distinct", "unique", "different"})
_PUNCTUATION = re.compile(r"[.,;:()\[\]=/*+<>!?]")
# "as" takes only a snake_case name: in "label it as low" the word is a value, in "as is_late" a name.
_EXPLICIT = re.compile(rf"\b(?:as\s+[`'\"]?(?=[A-Za-z][A-Za-z0-9]*_)|(?i:{W.NAMING})\s+[`'\"]?)"
                       r"([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|[a-z][a-z0-9]*)[`'\"]?")


def _ranking_count(lowered: list[str], i: int) -> bool:
    """"The 3 doctors with the highest number of visits", "Which genre has the largest number of
    books?": a count the subject has, after a superlative, ranks the subject as "the most visits"
    does; it is no aggregate asked for ("the largest number of accounts per customer" is one)."""
    return lowered[i:i + 2] == ["number", "of"] and i >= 3 and lowered[i - 1] in L.HIGH_WORDS | L.LOW_WORDS \
        and lowered[i - 2] == "the" and lowered[i - 3] in ("with", "has", "have", "had")


def _opener_at(lowered: list[str], i: int) -> tuple[tuple[str, ...], str, str] | None:
    found = next((o for o in _AGG_OPENERS if tuple(lowered[i:i + len(o[0])]) == o[0]), None)
    # "how much revenue did they bring in" sums; "How much was credited", "how much does each
    # fare deviate" are read elsewhere.
    if found is not None and found[0] == ("how", "much") and (i + 2 >= len(lowered) or lowered[i + 2] in _NO_SUM_AFTER):
        return None
    return found


# Words after "how much" that say it asks no amount of a noun: a verb, a comparison, a row.
_NO_SUM_AFTER = frozenset({"is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would",
                          "can", "could", "should", "more", "less", "higher", "lower", "above", "below", "each",
                          "every", "the", "its", "their", "that", "this"})


def _paired_ordinal(lowered: list[str], i: int) -> tuple[tuple[str, ...], str, str] | None:
    """"the first and last sale date": "first" and "last" said as a pair are the least and the
    greatest value (alone they name columns, "first name", or rows, "the first 10")."""
    word = lowered[i]
    if word not in L.ORDINAL_AGGREGATES:
        return None
    after = [w for w in lowered[i + 1:i + 4] if w != "the"]
    before = [w for w in lowered[max(0, i - 3):i] if w != "the"]
    paired = after[:1] == ["and"] and after[1:2] and after[1] in L.ORDINAL_AGGREGATES and after[1] != word \
        or before[-1:] == ["and"] and before[-2:-1] and before[-2] in L.ORDINAL_AGGREGATES and before[-2] != word
    fn = L.ORDINAL_AGGREGATES[word]
    return ((word,), fn, fn) if paired else None


def _count_name(opener: tuple[str, ...], phrase: list[str], compounds: frozenset[str] = frozenset()) -> str:
    """A count is named after one of what it counts: "number of orders", "count orders" and
    "how many orders" are `order_count`, from the first plural of the phrase ("Paid orders
    placed"), with the words before it that make one table's noun with it ("line items" of
    `lineitem`); a count of nothing named is `count`."""
    if not phrase:
        # "Headcount per department": a noun that is a count is its name.
        return W.snake_case(list(opener)) if " ".join(opener) in L.COUNT_NOUNS else "count"
    at = next((k for k, n in enumerate(phrase) if W.singular(n) != n), len(phrase) - 1)
    return _counted_noun(phrase[:at + 1], compounds)


def _table_compounds(catalog: Mapping[str, TableInfo]) -> frozenset[str]:
    """Each table's name and its endings, a family's prefix left out, their words run together
    and the last made singular: `wh_lineitem` -> "lineitem"; `page_views` -> "pageview", "view"."""
    family = _family_prefixes(catalog, max(2, len(catalog)))
    return frozenset("".join([*parts[k:-1], W.singular(parts[-1])]) for name in catalog
                     if (parts := _core_parts(name, family)) for k in range(len(parts)))


def _counted_noun(words: list[str], compounds: frozenset[str]) -> str:
    """The count's name of a noun, the last of `words`, with the words before it that make one
    table's noun with it."""
    start = next((k for k in range(max(0, len(words) - 3), len(words) - 1)
                  if "".join([*words[k:-1], W.singular(words[-1])]) in compounds), len(words) - 1)
    return W.snake_case([*words[start:-1], W.singular(words[-1]), "count"])


def _shared_phrase(q: _Question, lowered: list[str], j: int, columns: set[str]) -> list[str]:
    """The words after a run of aggregate words joined by "and", "or" or commas, from `j`,
    the end of the first one (a column named like an aggregate ends it: "the minimum and
    average total"); none where the run ends without them."""
    while j < len(lowered):
        if lowered[j] in ("and", "or"):
            j += 1
        while j < len(lowered) and lowered[j] in _SKIP:
            j += 1  # "the total and the average amount"
        other = _opener_at(lowered, j) or _paired_ordinal(lowered, j)
        if other is None or other[2] == "count":
            return []
        phrase, j = _phrase_after(q, lowered, j + len(other[0]))
        if phrase:
            return phrase
        if _column_named_like_aggregate(q, lowered, j, columns):
            return [lowered[j]]
    return []


def _phrase_after(q: _Question, lowered: list[str], j: int, *, limit: int = 3,
                  aggregates_stop: bool = True) -> tuple[list[str], int]:
    """Up to `limit` content words from `j`, stopping at a stopword, punctuation or (unless
    told otherwise) another aggregate."""
    while j < len(lowered) and lowered[j] in _SKIP:
        j += 1
    phrase: list[str] = []
    while (j < len(lowered) and len(phrase) < limit and (lowered[j] not in _PHRASE_STOP or _bought(lowered, j, phrase))
           and lowered[j].isidentifier() and not (aggregates_stop and _opens_aggregate(lowered, j, phrase))
           and not _PUNCTUATION.search(q.text[q.words[j - 1].end:q.words[j].start]) and not _order_tail(q, lowered, j)):
        phrase.append(lowered[j])
        j += 1
    return phrase, j


def _order_tail(q: _Question, lowered: list[str], j: int) -> bool:
    """"highest total first, ...": "first" or "last" closing its clause after a word that may be
    a column's name (`total`) says an order's end."""
    return lowered[j] in ("first", "last") and j > 0 and lowered[j - 1] in ("total", "sum", "average", "mean", "count") \
        and (j + 1 >= len(lowered) or lowered[j + 1] in ("and", "then")
                                                 or bool(_PUNCTUATION.search(q.text[q.words[j].end:q.words[j + 1].start])))


def _bought(lowered: list[str], j: int, phrase: list[str]) -> bool:
    """"the total quantity ordered per category": after a measure's words, "ordered" before
    a group is what was bought, a word of the measure (not "ordered by date")."""
    return bool(phrase) and lowered[j] in L.BOUGHT_PARTICIPLES and j + 1 < len(lowered) \
        and lowered[j + 1] in L.BOUGHT_FOLLOWERS


def _phrase_before(q: _Question, lowered: list[str], j: int, *, limit: int = 3) -> list[str]:
    """Up to `limit` content words before the `j`th, back to a stopword, punctuation or an aggregate."""
    k = j
    while k > 0 and j - k < limit and lowered[k - 1] not in _PHRASE_STOP and lowered[k - 1].isidentifier() \
            and _opener_at(lowered, k - 1) is None and not _PUNCTUATION.search(q.text[q.words[k - 1].end:q.words[k].start]):
        k -= 1
    return lowered[k:j]


def _opens_aggregate(lowered: list[str], j: int, phrase: list[str]) -> bool:
    """Another aggregate begins at `j`; a bare "count" after a measure's words ends its noun
    ("the average page count", "the maximum seat counts")."""
    opener = _opener_at(lowered, j)
    # ... so does a "total" with nothing after it to sum ("the average invoice total per country").
    ends = phrase and opener is not None and opener[0] in L.NOUN_AGGREGATES \
        and (j + 1 >= len(lowered) or lowered[j + 1] in _PHRASE_STOP)
    return opener is not None and not (phrase and opener[0] in (("count",), ("counts",))) and not ends


def _aggregate_name(opening: tuple[str, ...], head: str, phrase: list[str], before: list[str],
                    columns: set[str], whole: set[str], nouns: set[str], compounds: frozenset[str]) -> str | None:
    """The name an aggregate phrase gives its column, or None when the words are not an aggregate
    after all: a column's own name ("total price" for `totalprice`), "number of cylinders" for
    a `cylinders` column."""
    spelled = [*opening, *phrase]
    # One word is a column's name only as the whole of it: "Shipment count" counts shipments,
    # whatever a `DockCount` ends with.
    named = columns if len(spelled) > 1 else whole
    # ("How many goals" of a goals table is a count of its rows, whatever `home_goals` ends with)
    rows = head == "count" and bool(phrase) and W.stem(phrase[-1]) in nouns
    if not rows and ({"_".join(spelled), "".join(spelled)} & named or (head == "count" and "_".join(phrase) in columns)):
        return None
    if before[-1:] and before[-1] in _WINDOW_WORDS:
        # "a cumulative sum of ..." is a running total, named as one.
        running = L.WINDOW_KINDS.get(before[-1]) == "cumulative" and head == "total"
        return "running_total" if running else W.snake_case([before[-1], *opening[:1]])
    if head == "count":
        # "order count", "the session count of users": a noun before "count" says what is counted.
        if opening[0] in ("count", "counts", "counted") and len(opening) <= 2 and before[-1:] and before[-1] not in _PHRASE_STOP \
                and (not phrase or W.stem(before[-1]) in nouns):
            return _counted_noun(before if before[0] not in _PHRASE_STOP else before[-1:], compounds)
        return _count_name(opening, phrase, compounds)
    return W.prefixed_name(head, phrase)


_OF_ALL = re.compile(r"\s+(?:of|across|over|for)\s+(?:all|every)\b", re.IGNORECASE)
_OF_ROWS = re.compile(r"\s+of\s+(?:the\s+)?([A-Za-z]+s)\b", re.IGNORECASE)
_IN_RUN = re.compile(r"\s*,?\s*(?:and\s+)?(?:the\s+)?", re.IGNORECASE)
_SUMMED = re.compile(rf"\b(?:{W.alternatives(L.SUMMED_WORDS)})\b", re.IGNORECASE)


def _measure_counted(q: _Question, lowered: list[str], i: int,
                     opening: tuple[str, ...]) -> tuple[str, str, int] | None:
    """"the average number of pages", "the total number of seats", "How many refills were
    prescribed in total?": a count of what a column holds asks for its mean or sum, no count of
    rows; the aggregate, how its name begins and the word its words open at. A bare "number of
    seats" is the column itself."""
    if opening[0] == "total":
        return "sum", "total", i
    before = _opener_at(lowered, i - 1) if i > 0 else None
    if before is not None and len(before[0]) == 1 and before[1] in ("sum", "mean", "median", "min", "max"):
        return before[1], before[2], i - 1
    return ("sum", "total", i) if opening == ("how", "many") and _SUMMED.search(q.text) else None
_ON_AVERAGE = re.compile(r"\bon\s+(?:the\s+)?average\b", re.IGNORECASE)
# "Number of events, distinct sessions and distinct users": a count's words go on to what
# follows it in a list, each of those counted once per value; the list may end at its group
# ("Count of orders and distinct customers per employee").
_DISTINCT_NEXT = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:of\s+)?((?:distinct|unique|different)\s+"
                            r"[A-Za-z_]+(?:\s+[A-Za-z_]+)?)(?=\s*(?:[,.;:?!]|$|\s+(?:and|are|were|there|by|"
                            rf"{W.alternatives(L.GROUP_OPENERS)})\b))",
                            re.IGNORECASE)


def _distinct_counts_after(text: str, at: int) -> list[NameHint]:
    """The counts of distinct values listed right after a count, from `at`, its end."""
    hints = []
    while found := _DISTINCT_NEXT.match(text, at):
        words = [w.lower for w in W.words(found.group(1))]
        hints.append(NameHint(_count_name(("number", "of", words[0]), words[1:]), "n_unique", found.group(1),
                              found.span(1)))
        at = found.end()
    return hints


def _words_before(q: _Question, i: int) -> list[str]:
    """The two words before the `i`th, those after a punctuation mark left out."""
    before = []
    for k in (i - 1, i - 2):
        if k < 0 or _PUNCTUATION.search(q.text[q.words[k].end:q.words[k + 1].start]):
            break
        before.insert(0, q.words[k].lower)
    return before


def _name_hints(q: _Question, catalog: Mapping[str, TableInfo], literals: list[LiteralMatch]) -> list[NameHint]:
    columns = {c for t in catalog.values() for c in t.columns}
    lowered_columns = {c.lower() for c in columns} | {"_".join(W.split_identifier(c)[1:]) for c in columns} - {""}
    # Names the question writes itself: "as top_score", "named ratio", or any snake_case word
    # that is not a column or a table ("flag it is_late").
    naming = list(_EXPLICIT.finditer(q.text))
    written = [(m.group(1), m.group(), m.span()) for m in naming]
    written += [(w.text, w.text, (w.start, w.end)) for w in q.words if "_" in w.text and w.text.isidentifier()]
    # The names a count's words may give a number a row holds: "number of seats" for `ac_seats`
    # or `Seats #`, "number of docks" for `DockCount`, "how many units" for `Quantity`, "number
    # of pages" for `number_of_pages`. A unit a column is in names it too: "how many kilograms"
    # for `WeightKg`.
    counted_columns: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for t in catalog.values():
        for c, info in t.columns.items():
            said = W.split_identifier(c)
            parts = tuple(map(W.synonym, said))
            units = [_unit_key(p) for p in said if p.lower() in L.UNIT_SCALES]
            counts = tuple(p for p in parts[1:] if p != "of") if said[0].lower() in L.COUNT_PREFIXES else ()
            for name in (parts, parts[1:], parts[:-1] if parts[-1] == "count" else (), counts, *units):
                if name and info.dtype in ("int", "float") and not W.key_like(c):
                    counted_columns[name].add(t.name)
    dated_columns = {name for t in catalog.values() for c, info in t.columns.items()
                     if info.dtype in ("date", "datetime") or info.iso
                     for parts in [tuple(map(W.synonym, W.split_identifier(c)))]
                     for name in (parts, parts[1:], parts[:-1])} - {()}
    known = lowered_columns | {n.lower() for n in catalog} | {"_".join(W.split_identifier(n)[1:]) for n in catalog}
    quoted = [lit.span for lit in literals if lit.kind == "string"]
    hints = [NameHint(name, None, text, span, explicit=True) for name, text, span in written
             if name.lower() not in known and name.lower() not in W.STOPWORDS
             and not any(s <= span[0] < e for s, e in quoted)]
    hints = list({h.name: h for h in reversed(hints)}.values())[::-1]
    lowered = [w.lower for w in q.words]
    exact_columns = {c.lower() for c in columns}
    # Columns by their words run together without a column prefix: `or_totalprice` is "totalprice".
    run_together = {"".join(_core_parts(c, prefixes)).lower() for t in catalog.values()
                    for prefixes in (_family_prefixes(t.columns, max(2, len(t.columns) // 2)),) for c in t.columns}
    nouns = {W.stem(W.split_identifier(n)[-1]) for n in catalog if W.split_identifier(n)}
    compounds = _table_compounds(catalog)
    share = SHARE_OF_TOTAL.search(q.text)
    said_last: list[str] = []  # the words the last aggregate measured
    i = 0
    while i < len(lowered):
        opener = _opener_at(lowered, i) or _paired_ordinal(lowered, i)
        # The share's own hint names "the percentage of total X"; "call the count students"
        # names the count before it.
        if opener is None or any(m.start() <= q.words[i].start < m.end() for m in (share, *naming) if m) \
                or _ranking_count(lowered, i):
            i += 1
            continue
        opening, fn, head = opener
        phrase, j = _phrase_after(q, lowered, i + len(opening))
        phrase, j = _spelled_column(q, lowered, i + len(opening), j, lowered_columns) or (phrase, j)
        if not phrase and _column_named_like_aggregate(q, lowered, j, exact_columns):
            phrase, j = [lowered[j]], j + 1  # "the average total per country": the column `total`
        if j < len(lowered) and _opener_at(lowered, j) is not None \
                and not (phrase and _PUNCTUATION.search(q.text[q.words[j - 1].end:q.words[j].start])):
            # "the average total price per segment", "the maximum order total price": an aggregate
            # word that, with the words after it, names a column (`totalprice`) is a word of the measure.
            after, k = _phrase_after(q, lowered, j + 1)
            if after and "".join([lowered[j], *after]) in run_together:
                phrase, j = [*phrase, lowered[j], *after], k
        shared = ""
        if not phrase and head != "count":
            # "Total and average amount", "the min, max and mean fare": the first aggregates
            # are of the last one's words.
            phrase = _shared_phrase(q, lowered, j, exact_columns)
            if not phrase and said_last and "and" in lowered[max(0, i - 2):i] \
                    and (j >= len(lowered) or _PUNCTUATION.search(q.text[q.words[j - 1].end:q.words[j].start])):
                # "the highest teacher salary and the lowest": an aggregate left last is of the
                # words the one before it measured.
                phrase = said_last
            shared = " " + " ".join(phrase)
        # "count the number of films": the second opener says it all; after a comma it opens
        # an aggregate of its own ("flight count, average distance").
        if not phrase and head == "total" and lowered[i - 1:i] == ["in"]:
            phrase = _phrase_before(q, lowered, i - 1)  # "Delay minutes in total per cause": total_delay_minutes
        if opening[0] in L.ORDINAL_AGGREGATES and not _dated(phrase, dated_columns):
            i = max(j, i + 1)
            continue  # "the first and last name" are two columns
        measured = _measure_counted(q, lowered, i, opening) if fn == "len" \
            and _measured_tables(phrase, counted_columns)[1] else None
        if measured is not None:
            fn, head, first = measured
            start, end = q.words[first].start, q.words[j - 1].end
            hints.append(NameHint(W.prefixed_name(head, phrase), fn, q.text[start:end], (start, end)))
        elif phrase or j >= len(lowered) or _opener_at(lowered, j) is None \
                or _PUNCTUATION.search(q.text[q.words[j - 1].end:q.words[j].start]):
            name = _aggregate_name(opening, head, phrase, _words_before(q, i), lowered_columns,
                                   {c.lower() for c in columns}, nouns, compounds)
            rows = _OF_ROWS.match(q.text, q.words[j - 1].end) if phrase and head != "count" else None
            if name is None and phrase and head != "count" and hints and hints[-1].fn \
                    and _IN_RUN.fullmatch(q.text, hints[-1].span[1], q.words[i].start):
                # "the number of orders and the total price": a column named with an aggregate's
                # word in a run of aggregates is aggregated
                name = W.prefixed_name(head, phrase)
            if name is None and rows and W.stem(rows.group(1).lower()) in nouns \
                    and set(lowered[:i]) <= {"what", "is", "was", "the", "find", "give", "show", "compute", "calculate"}:
                # "Total price of orders placed in 1995": what the question opens with, of a table's rows
                name = W.prefixed_name(head, phrase)
            if name is None and phrase and head != "count" and _OF_ALL.match(q.text, q.words[j - 1].end):
                # "the total price of all orders": a column named with the aggregate's word, of every row, is aggregated
                name = W.prefixed_name(head, phrase)
            if name is None and head == "count" and "_".join(phrase) in lowered_columns and _ON_AVERAGE.search(q.text):
                # "How many pages do the books have on average?": the mean of the column the count names.
                name, fn = W.prefixed_name("avg", phrase), "mean"
            if name is not None:
                start, end = q.words[i].start, q.words[max(i + len(opening), j) - 1].end
                window = lowered[i - 1:i] and lowered[i - 1] in _WINDOW_WORDS
                hints.append(NameHint(name, None if window else fn, q.text[start:end] + shared, (start, end)))
                said_last = phrase
                if head == "count" and phrase:
                    hints += _distinct_counts_after(q.text, end)
        i = max(j, i + 1)
    return _fresh(_in_runs(q.text, hints, nouns)) + _rank_hints(q, lowered) + _share_hints(q, share) \
        + _most_measured(q, lowered, counted_columns) + _ranked_by_measure(q, lowered, hints, counted_columns,
                             {W.singular(W.split_identifier(n)[-1]) for n in catalog if W.split_identifier(n)})


def _spelled_column(q: _Question, lowered: list[str], start: int, j: int,
                    columns: set[str]) -> tuple[list[str], int] | None:
    """"the total units in stock" of `units_in_stock`, "average total price" of `totalprice`:
    the words after an aggregate that spell a column's whole name, past where a phrase stops
    (a stopword, another aggregate's word); None where no longer run spells one."""
    while start < len(lowered) and lowered[start] in _SKIP:
        start += 1
    for end in range(min(len(lowered), start + 4), max(j, start + 1), -1):
        words = lowered[start:end]
        if all(w.isidentifier() for w in words) and ("_".join(words) in columns or "".join(words) in columns) \
                and not any(_PUNCTUATION.search(q.text[q.words[k - 1].end:q.words[k].start]) for k in range(start + 1, end)):
            return words, end
    return None


def _column_named_like_aggregate(q: _Question, lowered: list[str], j: int, columns: set[str]) -> bool:
    """The word at `j` opens an aggregate but is a column's whole name, and no words of a
    phrase follow it: "average total for each country" averages the column `total`."""
    return j < len(lowered) and lowered[j] in columns and _opener_at(lowered, j) is not None \
        and not _phrase_after(q, lowered, j + 1)[0]


def _dated(phrase: list[str], dated_columns: set[tuple[str, ...]]) -> bool:
    """The words name a date: "sale date", "visit time", "signup" of `signup_dt`."""
    return bool(phrase) and (W.synonym(phrase[-1]) in ("date", "time")
                             or tuple(map(W.synonym, phrase)) in dated_columns)


def _unit_key(unit: str) -> tuple[str, ...]:
    """A unit by what it measures and its size: "kilograms" and `kg` are one."""
    kind, size = L.UNIT_SCALES[unit.lower()]
    return "unit", kind, str(size)


def _measured_tables(phrase: list[str], counted_columns: Mapping[tuple[str, ...], set[str]]) -> tuple[int, set[str]]:
    """The tables with a number a row holds that the words of a count name ("seats", "delay
    minutes", "kilograms"), and how many of the words say it: its first words ("days
    prescribed", "kilograms shipped"), else all of them ("delay minutes" by its last)."""
    runs = [phrase[:k] for k in range(len(phrase), 0, -1)] + [phrase[-1:]] if phrase else []
    for k, run in enumerate(runs):
        keys = [tuple(map(W.synonym, run)), *([_unit_key(run[0])] if len(run) == 1 and run[0] in L.UNIT_SCALES else [])]
        tables = next((set(counted_columns[key]) for key in keys if key in counted_columns), set())
        if tables:
            return (len(run) if k < len(phrase) else len(phrase)), tables
    return 0, set()


def _most_measured(q: _Question, lowered: list[str],
                   counted_columns: Mapping[tuple[str, ...], set[str]]) -> list[NameHint]:
    """"Which plan has sold the most seats?", "the product with the fewest units shipped": the
    most of a number rows of another table hold is their sum for each entity; where the entity
    named before holds it ("Which aircraft has the most seats?") it picks a row."""
    for i, word in enumerate(lowered):
        if word not in L.MEASURE_SUPERLATIVES or " ".join(lowered[i:i + 2]) in L.MOST_ADJECTIVES \
                or i > 0 and lowered[i - 1] == "at":
            continue  # "the most recent visit date" is no amount; "at least one enrollment" a bound
        phrase, j = _phrase_after(q, lowered, i + 1)
        size, holding = _measured_tables(phrase, counted_columns)
        before = {W.singular(w) for w in lowered[:i]}  # ("Which customer ordered ...": a verb names no orders)
        if holding and not any(W.singular(W.split_identifier(t)[-1]) in before for t in holding):
            start, end = q.words[i + 1].start, q.words[i + size].end
            return [NameHint(W.prefixed_name("total", phrase), "sum", q.text[start:end], (start, end))]
    return []


# "Top 3 artists by revenue": a number of entities, then what ranks them.
_TOP_BY = re.compile(rf"\b(?:{W.alternatives(L.TOP_WORDS)})\s+(?:{W.SMALL_NUMBER})\s+(?:[A-Za-z_]+\s+)?(?P<noun>[A-Za-z_]+)\s+by\s+",
                     re.IGNORECASE)


def _ranked_by_measure(q: _Question, lowered: list[str], hints: list[NameHint],
                       counted_columns: Mapping[tuple[str, ...], set[str]], nouns: set[str]) -> list[NameHint]:
    """"Top 3 artists by revenue": entities ranked by a number rows of another table hold,
    with no aggregate word, are ranked by its sum for each, as "the most revenue" is."""
    found = _TOP_BY.search(q.text)
    if found is None or any(h.fn and h.span[0] >= found.end() for h in hints):
        return []
    i = next((k for k, w in enumerate(q.words) if w.start >= found.end()), None)
    if i is None:
        return []
    phrase, _ = _phrase_after(q, lowered, i)
    size, holding = _measured_tables(phrase, counted_columns)
    noun = W.singular(found.group("noun").lower())
    # "the top 5 cities by revenue": money no column names, summed for each
    money = not holding and bool(phrase[:1]) and phrase[0] in L.MONEY_WORDS and noun not in nouns
    if money:
        size = 1
    elif not holding or any(W.singular(W.split_identifier(t)[-1]) == noun for t in holding):
        return []  # "top 5 products by price": a row's own number, no sum
    start, end = q.words[i].start, q.words[i + size - 1].end
    return [NameHint(W.prefixed_name("total", phrase), "sum", q.text[start:end], (start, end))]


def _fresh(hints: list[NameHint]) -> list[NameHint]:
    """The hints less a lone aggregate word that refers back to one asked before it ("How many
    warehouses are there? Sort by count descending.")."""
    return [hint for hint in hints if not (hint.fn and len(hint.text.split()) == 1 and any(
        other.fn == hint.fn and other.span[1] <= hint.span[0] for other in hints))]


def _in_runs(text: str, hints: list[NameHint], nouns: set[str]) -> list[NameHint]:
    """The hints, those of a superlative kept only next to another aggregate's words or before
    a group; `nouns` the stems of the tables' nouns."""
    def superlative(hint: NameHint) -> bool:
        return bool(hint.fn) and hint.text.split()[0].lower() in _IN_RUNS_ONLY

    def orders(hint: NameHint) -> bool:
        """"the 10 longest sessions", "longest first": a superlative that orders rows."""
        return superlative(hint) and (hint.text.split()[-1].lower() in L.ORDER_TAIL or re.search(
            rf"\b(?:{W.SMALL_NUMBER})\s+$", text[:hint.span[0]], re.IGNORECASE) is not None)

    aggregates = sorted((h for h in hints if h.fn and not orders(h)), key=lambda h: h.span)

    def in_run(hint: NameHint) -> bool:
        pairs = [(a, b) for a, b in zip(aggregates, aggregates[1:]) if hint in (a, b)]
        return any(_RUN_GAP.fullmatch(text[a.span[1]:b.span[0]]) is not None for a, b in pairs)

    def per_group(hint: NameHint) -> bool:
        """"the highest fee of each subject": a superlative of a group's values, not of the rows
        one picks ("the course with the highest fee in each subject", "the longest book in each
        genre")."""
        return _PER_GROUP.match(text, hint.span[1]) is not None and _PICKS_ROW.search(text[:hint.span[0]]) is None \
            and W.stem(hint.text.split()[-1].lower()) not in nouns

    return [h for h in hints if not superlative(h) or h in aggregates and (in_run(h) or per_group(h))]


def _share_hints(q: _Question, share: re.Match[str] | None) -> list[NameHint]:
    """"The percentage of total spending" is named after what is shared: pct_spending, "its
    share of the total fare" fare_share (a ratio: fare_ratio); with no words for it, after the
    share: pct_of_total."""
    if share is None:
        return []
    word = share.group(1).lower()
    said = []
    for w in W.words(q.text[share.end():])[:3]:
        if w.lower in L.ITEM_END or w.lower in W.STOPWORDS or not w.lower.isalpha():
            break
        said.append(w.lower)
    if not said:
        return [NameHint(W.column_name([word, "of", "total"]), None, share.group(), share.span())]
    name = W.column_name(["pct", *said] if word in ("percentage", "percent")
                         else [*said, "ratio" if word == "ratio" else "share"])
    return [NameHint(name, None, share.group(), share.span())]


def _rank_hints(q: _Question, lowered: list[str]) -> list[NameHint]:
    """"Rank orders by unit price" names the rank after the words for what it ranks by: unit_price_rank."""
    for i, word in enumerate(lowered):
        if word not in L.RANK_WORDS or "by" not in lowered[i + 1:i + 8]:
            continue
        # "total price" is what is ranked by here, not an aggregate to name.
        phrase, end = _phrase_after(q, lowered, lowered.index("by", i + 1) + 1, limit=len(lowered),
                                    aggregates_stop=False)
        if phrase:
            start, stop = q.words[i].start, q.words[end - 1].end
            # "Rank accounts by current balance ...; show ... and the balance rank": the rank
            # listed later by its own words is named by them.
            listed = next(reversed(list(_LISTED_RANK.finditer(q.text, stop))), None)
            if listed is not None and not {w.lower for w in W.words(listed.group(1))} & {*W.STOPWORDS, *_NO_RANK_NAMES}:
                phrase = [w.lower for w in W.words(listed.group(1))]
            return [NameHint(W.column_name([*phrase, "rank"]), None, q.text[start:stop], (start, stop))]
    return []


# ("tied amounts share the same rank" says how ties rank)
_NO_RANK_NAMES = frozenset({"same", "own", "shared", "equal", "one", "single", "dense", "lowest", "highest"})
_LISTED_RANK = re.compile(r"\b(?:the|that|its|their)\s+((?:[A-Za-z_]+\s+){1,2})rank\b(?!\s+(?:by|within|in|per)\b)",
                          re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Tables, joins, the whole link


def _count_nouns(q: _Question) -> set[str]:
    """Stems of the nouns the question counts ("number of orders" -> "order")."""
    lowered = [w.lower for w in q.words]
    nouns = set()
    for i in range(len(lowered)):
        opener = _opener_at(lowered, i)
        if opener is not None and opener[2] == "count":
            rest = [w for w in lowered[i + len(opener[0]):i + len(opener[0]) + 3] if w not in _SKIP]
            if opener[0] == ("count",) and i > 0 and (not rest or rest[0] in _PHRASE_STOP):
                nouns.add(W.stem(lowered[i - 1]))  # "shipment count per carrier"
            elif rest:
                nouns.add(W.stem(rest[0]))
    return nouns


def _key_columns(table: TableInfo) -> list[str]:
    ids = [c for c in table.columns if W.split_identifier(c)[-1:] == ("id",)]
    return list(table.keys) or ids[:1]


def _roles(q: _Question, catalog: Mapping[str, TableInfo]) -> tuple[str, ...]:
    """The columns a word of the question names, by a part of their name or its start
    ("destination" names `f_dest`), or by the role a verb gives ("departing": `f_origin`)."""
    said = {w.lower for w in q.content} | {L.ROLE_WORDS[w.lower] for w in q.content if w.lower in L.ROLE_WORDS}
    return tuple(dict.fromkeys(column for table in catalog.values() for column in table.columns
                               if any(W.names_part(word, column) for word in said)))


def _connect(catalog: Mapping[str, TableInfo], tables: list[str],
             roles: tuple[str, ...]) -> tuple[list[str], list[JoinEdge]]:
    """The joins connecting `tables` (through other tables where needed) and every table they
    touch. A table no inferable join reaches is left out; a tie in the keys is resolve's to report."""
    if len(tables) < 2:
        return tables, []
    try:
        edges = join_path(catalog, tables, roles)
    except ResolveError:
        connected = tables[:1]
        for table in tables[1:]:
            try:
                edges = join_path(catalog, [*connected, table], roles)
            except ResolveError:
                continue
            connected.append(table)
        edges = join_path(catalog, connected, roles)
    return list(dict.fromkeys([tables[0], *(t for e in edges for t in (e.left, e.right))])), edges


def _boost(by_col: dict[str, ColumnMatch], match: ColumnMatch) -> None:
    if match.column not in by_col or by_col[match.column].score < match.score:
        by_col[match.column] = match


def _rank_table(table: TableInfo, family: set[str], q: _Question, values: list[ValueMatch],
                counted: set[str], shared: set[str]) -> tuple[TableMatch, bool]:
    """The table scored (role still "other") and whether the question names it."""
    name_score, name_words, columns = _match_table(table, family, q)
    by_col = {c.column: c for c in columns}
    own_values = [v for v in values if v.table == table.name]
    for v in own_values:
        _boost(by_col, ColumnMatch(v.column, VALUE_BOOST, "value", v.text, v.span))
    if counted & {W.stem(p) for p in W.split_identifier(table.name)}:
        for col in _key_columns(table):
            _boost(by_col, ColumnMatch(col, COUNT_BOOST, "count", None, None))
    position = {name: i for i, name in enumerate(table.columns)}
    ranked = tuple(sorted(by_col.values(), key=lambda c: (-c.score, position[c.column])))
    # A column the question spells out in full (all its words) names its table, when no other
    # table has it.
    spelled = any(c.column not in shared and c.score >= 1.0 and (c.score >= VERBATIM or "_" in c.column)
                  for c in ranked)
    mentioned = name_score >= MENTIONED or bool(own_values) or spelled
    score = 2 * name_score + 0.5 * (ranked[0].score if ranked else 0.0) + 0.1 * len(ranked)
    text, span = _text_span(q.text, name_words)
    return TableMatch(table.name, round(score, 3), "other", text, span, ranked), mentioned


def _named_tables(catalog: Mapping[str, TableInfo], family: set[str], q: _Question) -> list[tuple[Span, str]]:
    """The words that name a table, and the table."""
    named = []
    for table in catalog.values():
        score, words, _ = _match_table(table, family, q)
        span = _text_span(q.text, words)[1]
        if score >= MENTIONED and span is not None:
            named.append((span, table.name))
    return named


def _by_nearest_table(values: list[ValueMatch], named: list[tuple[Span, str]], text: str,
                      roles: tuple[str, ...]) -> list[ValueMatch]:
    """"Science courses": of the tables that hold a value, the one whose noun stands next to
    it first (a course's subject, not a teacher's department); then a column the question's
    words name ("flights arriving in Lisbon": `f_dest`, though `f_origin` holds LIS too)."""
    def near(v: ValueMatch) -> bool:
        return any(t == v.table and (0 <= s[0] - v.span[1] <= 1 or 0 <= v.span[0] - s[1] <= 1 and
                                     not text[s[1]:v.span[0]].strip()) for s, t in named)
    return sorted(values, key=lambda v: (v.span, not near(v), v.column not in roles))


def _subject(named: list[tuple[Span, str]]) -> tuple[str, Span] | None:
    """The table the question names first and the words that name it."""
    # "branch transactions": a noun before another table's noun modifies it.
    heads = [(span, t) for span, t in named if not any(0 <= other[0] - span[1] <= 1 for other, _ in named)]
    return min(((t, span) for span, t in heads), key=lambda ts: ts[1], default=None)


def _not_the_subject(values: list[ValueMatch], subject: tuple[str, Span] | None,
                     catalog: Mapping[str, TableInfo], question: str) -> list[ValueMatch]:
    """"Which branches are in the North region?": the noun that names the rows asked for is no
    value of another table's column (a transaction's channel "BRANCH"); nor is a word that names
    one of their own columns ("employees hired in 2021" is the hire date, not a salary change
    whose reason is "hire")."""
    if subject is None:
        return values
    table, span = subject
    parts = {part for column in catalog[table].columns for part in W.split_identifier(column) if part not in W.KEY_PARTS}
    own = {W.stem(part) for part in parts}

    def names_own(v: ValueMatch) -> bool:
        word = v.text.lower()
        # "employees with no manager": their own `e_mgr_id` unset, no job titled "Manager".
        absent = _ABSENT_BEFORE.search(question[:v.span[0]])
        return W.stem(word) in own or bool(absent) and any(W.shortens(part, word) for part in parts)
    return [v for v in values if v.table == table or (not (span[0] <= v.span[0] < span[1]) and not (
        v.how != "boolean" and len(W.words(v.text)) == 1 and names_own(v)))]


_ABSENT_BEFORE = re.compile(rf"\b(?:{W.alternatives(L.ABSENT_WORDS)})\s+(?:an?\s+)?$", re.IGNORECASE)
# "not living in Paris", "other than cancelled", "excluding the ONLINE ones": a value its row must not hold.
_NOT_BEFORE = re.compile(rf"(?:\b(?:{W.alternatives(L.VALUE_NEGATIONS)})|n't)\s+(?:[A-Za-z]+\s+){{0,2}}$", re.IGNORECASE)


def _negations(question: str, values: list[ValueMatch]) -> list[ValueMatch]:
    return [replace(v, negated=True) if v.how != "boolean" and _NOT_BEFORE.search(question[:v.span[0]]) else v
            for v in values]


_DATED_KINDS = frozenset({"date", "datetime", "year_month", "year", "month", "quarter"})


def _not_compared(values: list[ValueMatch], literals: list[LiteralMatch],
                  catalog: Mapping[str, TableInfo]) -> list[ValueMatch]:
    """"Shipments delivered in 2024", "cards with a credit limit of at least 5000": a word that
    names a column, with a date or number for that column right after it, is the column
    compared; it is no status "Delivered" or card or transaction type "CREDIT" besides."""
    def fits(info: ColumnInfo, lit: LiteralMatch) -> bool:
        if lit.kind in _DATED_KINDS:
            return info.dtype in ("date", "datetime") or info.iso is not None
        return lit.kind == "number" and lit.op not in (None, "==") and info.dtype in ("int", "float")

    def compared(v: ValueMatch) -> bool:
        if v.how == "boolean" or len(W.words(v.text)) != 1:
            return False
        word = v.text.lower()
        # ... or just before it: "more than 200 seats" are `ac_seats`, not the airport SEA.
        after = [lit for lit in literals if 0 <= lit.span[0] - v.span[1] <= 24 or 0 <= v.span[0] - lit.span[1] <= 2]
        return any(fits(info, lit) and any(W.stem(word) == W.stem(part) or W.shortens(part, word)
                                           for part in W.split_identifier(column))
                   for table in catalog.values() for column, info in table.columns.items() for lit in after)
    return [v for v in values if not compared(v)]


def _not_numbered(values: list[ValueMatch], literals: list[LiteralMatch],
                  catalog: Mapping[str, TableInfo]) -> list[ValueMatch]:
    """"accounts at branch 102": a table's noun with a number after it names one of its rows
    by key; it is no channel "BRANCH" besides."""
    nouns = {W.stem(W.singular(part)) for table in catalog for part in W.split_identifier(table)}
    return [v for v in values if not (
        v.how != "boolean" and len(W.words(v.text)) == 1 and W.stem(v.text.lower()) in nouns
        and any(lit.kind == "number" and lit.op in (None, "==") and 0 < lit.span[0] - v.span[1] <= 2 for lit in literals))]


# "shipped to Germany", "shipped by AIR or by RAIL": a preposition that joins a verb to the value it says.
VERB_OBJECT = re.compile(rf"\s+(?:{W.alternatives(L.VERB_OBJECT_WORDS)})\s+(?:the\s+)?", re.IGNORECASE)


def _not_verbs(values: list[ValueMatch], question: str) -> list[ValueMatch]:
    """"Delivered orders shipped to Germany", "line items shipped by AIR": a participle with
    "to" or "by" and another column's value after it (or a value of its own column it only
    begins) is the verb that value is said with; it is no status "shipped" or ship mode "SHIP"
    besides. "the ratio of dropped to done trips" names two outcomes."""
    def verb(v: ValueMatch) -> bool:
        text = v.text.lower()
        if v.how == "boolean" or len(W.words(v.text)) != 1 \
                or not W.participle(text):
            return False
        if v.how == "stem" and _WHEN_AFTER.match(question, v.span[1]):
            return True  # "line items shipped in 1994": the verb of a date, no ship mode "SHIP"
        found = VERB_OBJECT.match(question, v.span[1])
        # "shipped to at least 2 different countries": a count of the verb's objects
        return found is not None and (_COUNT_AFTER.match(question, found.end()) is not None or any(
            o.span[0] == found.end() and (o.column != v.column or v.how == "stem") for o in values if o is not v))
    return [v for v in values if not verb(v)]


_COUNT_AFTER = re.compile(r"(?:at\s+(?:least|most)|(?:more|fewer|less)\s+than|over|under|exactly)?\s*\d+\s+"
                          r"(?:distinct|different|unique)\b", re.IGNORECASE)
# A time said after a verb: "shipped in 1994", "delivered before 2024-03-01", "placed on 5 May".
# ("shipped after their commit date": a time of another column of the row)
_WHEN_AFTER = re.compile(r"\s+(?:in|on|after|before|between|during|since|until|from)\s+(?:the\s+)?(?:\d|"
                         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
                         r"|\s+(?:after|before|later\s+than|earlier\s+than)\s+(?:their|its|the)\s", re.IGNORECASE)


def _operand_before(hint: NameHint, v: ValueMatch) -> bool:
    """Whether the hint's words hold a measure's word before the value's ("total quantity
    shipped"), past its aggregate word."""
    before = [w.lower for w in W.words(hint.text[:v.span[0] - hint.span[0]])]
    return any(w not in L.AGGREGATE_WORDS and w not in W.STOPWORDS for w in before)


def _not_measured(values: list[ValueMatch], hints: list[NameHint], catalog: Mapping[str, TableInfo]) -> list[ValueMatch]:
    """"The total credit limit", "the earliest and latest hire dates": a word of the column an
    aggregate's words name whole is no value besides (a card type "CREDIT", a salary change's
    reason "hire"); "the average ATM amount" keeps its channel."""
    measures = [hint for hint in hints if hint.fn not in (None, "len", "n_unique")]
    inside = [v for v in values if v.how != "boolean" and len(W.words(v.text)) == 1
              and any(hint.span[0] <= v.span[0] < hint.span[1] for hint in measures)]
    if not inside:
        return values  # no value in an aggregate's words: no column's parts to read
    said = {hint: _Question(hint.text) for hint in measures}
    parts = [_core_parts(column, prefixes) for table in catalog.values()
             for prefixes in (_family_prefixes(table.columns, max(2, len(table.columns) // 2)),)
             for column in table.columns]

    def measured(v: ValueMatch) -> bool:
        for hint in measures:
            if not hint.span[0] <= v.span[0] < hint.span[1]:
                continue
            # "the total quantity shipped": a participle after the measure's words says what the
            # measure counts (total_qty_shipped); it is no value its stem begins (a ship mode "SHIP").
            text = v.text.lower()
            if v.how == "stem" and (text in L.IRREGULAR_PARTICIPLES or len(text) > 4 and text.endswith("ed")) \
                    and _operand_before(hint, v):
                return True
            for column_parts in parts:
                hits = [said[hint].match_part(part) for part in column_parts]
                # ("total seats" of `ac_seats` is no airport "SEA" a code's letters begin)
                if (len(hits) > 1 or v.how == "code") and None not in hits and v.text.lower() in {
                        w.lower for hit in hits if hit is not None for w in hit.words}:
                    return True
        return False
    return [v for v in values if v not in inside or not measured(v)]


_NO_ROW_NOUNS = frozenset({*L.NOT_ROW_NOUNS, *L.ROW_WORDS, *L.WHOLE_TABLE_WORDS, *L.SUMMED_MEASURES, *L.TIME_UNITS,
                           *L.PERIOD_WORDS, *L.OCCASION_WORDS, *L.STAGE_NOUNS})


def row_alias(found: Link, catalog: Mapping[str, TableInfo]) -> str | None:
    """"Names of employees whose name starts with 'A'" over one table `staff` (or `df`): the
    question's plural noun for the rows of the request's only table, where no word names the
    table. Read as that table's name, the noun opens rows and owns columns as a table's does.
    The noun follows a word that opens rows ("how many", "of", "the", a number) and names no
    column, value or literal."""
    if len(found.ranking) != 1 or found.ranking[0].span is not None:
        return None
    # A plural name is a noun for the rows already ("Which routes ..." over `flights` groups
    # flights); a name that is no plural (`df`, `staff`) or says only that it holds rows
    # (`data`, `records`) names none.
    last = next((p for p in reversed(W.split_identifier(found.ranking[0].table)) if not p.isdigit()), "")
    if W.singular(last) != last and last not in L.WHOLE_TABLE_WORDS:
        return None
    # ("The 3 guests with the most bookings" over bookings: `guest_id` keys other rows; the
    # table's own key, `booking_id`, names its rows)
    table = catalog[found.ranking[0].table]
    taken = [m.span for m in found.ranking[0].columns if m.span and m.column != table.entity_key] \
        + [v.span for v in found.values] + [lit.span for lit in found.literals]
    parts = {W.stem(part) for column in table.columns if column != table.entity_key
             for part in W.split_identifier(column)}
    words = W.words(found.question)
    for before, word in zip([None, *words], words):
        lower = word.lower
        if (W.singular(lower) == lower or not lower.isalpha() or lower in _NO_ROW_NOUNS
                or not (before is None or before.lower in L.ROW_NOUN_OPENERS or before.lower.isdigit())
                or any(s[0] < word.end and word.start < s[1] for s in taken) or word.stem in parts):
            continue
        return lower if lower.isidentifier() and not keyword.iskeyword(lower) else None
    return None


def link(question: str, catalog: Mapping[str, TableInfo]) -> Link:
    q = _Question(question)
    family = _family_prefixes(catalog, max(2, len(catalog)))
    named = _named_tables(catalog, family, q)
    # "Which segments contain customers from Lisbon?": a table's noun after "contain" is no text.
    literals = [lit for lit in _extract_literals(question)
                if not (lit.kind == "string" and (any(s[0] <= lit.span[0] < s[1] for s, _ in named)
                                                  or _output_name(lit, question, catalog)))]
    hints = _name_hints(q, catalog, literals)
    roles = _roles(q, catalog)
    listed = _match_values(catalog, q)
    values = _not_the_subject(_by_nearest_table(listed + _match_names(catalog, q, [
        *(m.span for m in listed), *(lit.span for lit in literals if lit.kind == "string")]) + _match_booleans(catalog, q),
                                                named, question,
                                                roles),
                              _subject(named), catalog, question)
    values = _not_verbs(_not_measured(values, hints, catalog), question)
    # "naming the seat count column seats": a name given is no value.
    # (one that reads as a value's whole word is the value)
    values = [v for v in values if not (v.how != "exact" and _GIVEN_NAME_BEFORE.search(question, 0, v.span[0])
                                        and re.match(r"[`'\"]?\s*(?:[.,;:!?]|$)", question[v.span[1]:]))]
    # "rated PG-13": a value inside the words of a longer value of the same column is that one's part.
    values = [v for v in values if not any(o is not v and o.column == v.column and o.table == v.table
                                           and o.span[0] <= v.span[0] and v.span[1] <= o.span[1]
                                           and o.span[1] - o.span[0] > v.span[1] - v.span[0] for o in values)]
    owners = Counter(c for t in catalog.values() for c in t.columns)
    shared = {c for c, n in owners.items() if n > 1}
    counted = _count_nouns(q)
    order = {name: i for i, name in enumerate(catalog)}
    scored = sorted((_rank_table(t, family, q, values, counted, shared) for t in catalog.values()),
                    key=lambda s: (not s[1], -s[0].score, order[s[0].table]))

    mentioned = [t.table for t, named in scored if named] or [t.table for t, _ in scored[:1]]
    connected, edges = _connect(catalog, mentioned, roles)
    role: dict[str, TableRole] = {name: "connector" for name in connected}
    role.update({name: "mentioned" for name in mentioned})  # reached or not: the model may give keys
    rest = [t.table for t, _ in scored if t.table not in role]
    if rest and len(catalog) <= ALL_TABLES_UP_TO:
        # The runner sends the tables a question needs, so a small request keeps them all.
        everything, all_edges = _connect(catalog, [*mentioned, *rest], roles)
        if len(everything) > len(connected):
            edges = all_edges
        role.update({name: "context" for name in rest})
    ranking = tuple(replace(t, role=role.get(t.table, "other")) for t, _ in scored)
    result = Link(
        question=question,
        tables=tuple(t.table for t in ranking if t.role != "other"),
        ranking=ranking,
        values=tuple(_negations(question, _not_numbered(_not_compared(values, literals, catalog), literals, catalog))),
        # "Brand#13": a number inside a value typed with its sign is that value's
        literals=tuple(lit for lit in literals if not any(v.span[0] <= lit.span[0] < v.span[1] and v.how == "exact"
                                                          and _SIGN_INSIDE.search(v.text) for v in values)),
        names=tuple(hints),
        joins=tuple(edges),
        roles=roles,
    )
    from nlq.intent import read

    return replace(result, schema_text=result.render(catalog), intent=read(result, catalog))
