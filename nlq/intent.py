"""intent: the shape of the answer a question asks for, read from its words once.

`link` finds what a question is about in the schema (tables, columns, values, literals,
output names); `intent` reads what shape the answer takes:

| field      | from the words                                     | example                               |
|------------|----------------------------------------------------|---------------------------------------|
| answer     | one row of numbers, or rows                        | "How many ...?" -> scalar             |
| listed     | the columns a list opens, linked to real columns   | "Return the title and price of ..."   |
| groups     | the keys of "per X", "for each X", "by X"          | "Average fare per route."             |
| aggregates | the aggregates asked, in the question's order      | "the number of ..., the average ..."  |
| names      | output names the question writes itself           | "... as pct_closed", "call it total"  |
| limit      | how many rows and which end                        | "the 5 largest ...", "first 20 ..."   |
| single     | "the most ..." with no number: one row              | "Which route has the highest fare?"   |
| place      | the one row at a place of that order               | "the second longest book" -> 2        |
| distinct   | distinct rows or combinations                      | "Distinct combinations of a and b."   |
| window     | a per-row window (rank, running total, previous)   | "Rank ... within each ..."            |
| window_kind | which window, and where its words are             | "running total of ..." -> cumulative  |
| derived    | a computed column                                  | "fare per km", "price times quantity" |
| ratio      | a percentage or ratio of rows: its name, which rows it counts | "percentage of flights cancelled" -> pct_cancelled |
| pairs      | every pair of rows that share a key                | "every combination of ...", "cross join" |
| over_groups | aggregates of each group's count or aggregate     | "the average number of orders per customer" -> mean |
| first_step | the question of a first step, read alone         | "..., then the max and min of those totals" |
| over_counted | the groups counted beside, by their noun         | "..., and how many customers there are" -> customer |
| keep_empty | groups with no rows kept, counted 0               | "including authors with none"         |

Its words are data in `nlq.lexicon`. fill builds its form from the Intent (and forces the
slots it settles), settle keeps the resolved plan to it, and compile checks the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from nlq import lexicon as L
from nlq import words as W
from nlq.catalog import ColumnInfo, TableInfo
from nlq.exprlang import quote_name
from nlq.joins import ColType, role_pointer
from nlq.link import Link, NameHint, ValueMatch

# "more than 3 times": a count of occasions, where no noun or "the" follows to multiply.
_OCCASIONS = re.compile(r"\b\d+\s+times\b(?!\s+(?:the|as|a|an|their|its|that|his|her|what)\b)", re.IGNORECASE)
# "full name": the one phrase in which "full" asks for a computed column (the names joined).
FULL_NAME = re.compile(r"\bfull\s+names?\b", re.IGNORECASE)

Span = tuple[int, int]


class Item(BaseModel):
    """Some words of the question that name a column of the answer."""

    model_config = ConfigDict(frozen=True)

    text: str
    words: tuple[str, ...]
    span: Span
    column: str | None = None  # the one column of the question's tables they name, when one does
    fn: str | None = None       # the aggregate they ask for ("average price" -> mean), if any
    name: str | None = None     # the output name they give it ("id as branch_id")
    expr: str | None = None     # a group by a period: its key in the expression language ("year(shipped_on)")
    table: str | None = None    # the table of `column`, where another table has a column of that name too


class Ratio(BaseModel):
    """A share of rows: "What percentage of shipments were delayed?"."""

    model_config = ConfigDict(frozen=True)

    name: str             # the name its words give: pct_delayed
    counted_at: int       # where the words that say which rows are counted begin ("were delayed")
    percent: bool         # a percentage (0-100), not a fraction (0-1)
    # Where the words of the rows counted over begin, where they are not all rows: "ratio of
    # terminated employees to active employees".
    over_at: int | None = None
    # The words of the measure whose total the share is of, where it is not of rows: "what
    # percentage of the total cost comes from delayed shipments" -> ("cost",).
    measure: tuple[str, ...] = ()


class Window(BaseModel):
    """The window the words ask for: "a running total of the amount" -> cumulative."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["rank", "cumulative", "previous", "next", "rolling", "number", "share", "versus_mean", "group_aggregate"]
    span: Span  # the words that ask for it; the parts it needs are read around them


class Intent(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: Literal["rows", "scalar"] = "rows"
    listed: tuple[Item, ...] = ()
    groups: tuple[Item, ...] = ()
    aggregates: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    limit: int | None = None
    per_group: bool = False  # the limit holds within each group ("the top 2 products in each category")
    descending: bool | None = None
    single: bool = False
    place: int | None = None  # "the second longest book": the one row at that place of the order
    distinct: bool = False
    window: bool = False
    window_kind: Window | None = None
    derived: bool = False
    pairs: bool = False  # every pair of rows sharing a key: a many-to-many join is asked for
    ordered: bool = False  # the question speaks of an order (sorted, highest, first, ...)
    ratio: Ratio | None = None  # "What percentage of shipments were delayed?"
    renames: tuple[tuple[str, str], ...] = ()  # "cust_nm renamed to customer_name": (the words, the name)
    over_groups: tuple[str, ...] = ()  # "the average number of orders per customer": the mean of the groups' counts
    # "Count orders per customer, then the minimum and maximum of that count": the question a
    # first step asks alone, each group's aggregate, that the second (over_groups) aggregates.
    first_step: str | None = None
    # "..., and how many customers there are": the groups' own count beside, named by their noun.
    over_counted: str | None = None
    decimals: int | None = None  # "rounded to 2 decimals": the places computed numbers keep
    keep_empty: bool = False  # "including authors with none": groups with no rows are kept, counted 0

    def listed_columns(self) -> list[str] | None:
        """The listed columns when every item names one real column (and no two the same)."""
        columns = [item.column for item in self.listed]
        if not columns or None in columns or len(set(columns)) < len(columns):
            return None
        return columns  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------
# Items: words that name a column

SENTENCE_END = re.compile(r"[.?!;](?=\s|$)")
# ", plus the max distance", ", along with the average fare": words after a comma that go on with the list.
_ITEM_SEPARATOR = re.compile(rf",(?!\d{{3}})(?:\s*(?:{W.alternatives(tuple(w for w in L.LIST_OPENERS_AFTER_COMMA if w != 'with'))})\b)?"
                             rf"|(?<!\w)(?:{W.alternatives(L.ITEM_SEPARATORS)})(?!\w)"
                             # "Course titles with the names of their teachers": a column of the rows' own entity.
                             r"|(?<!\w)with\s+the(?=\s+(?:[A-Za-z_]+\s+){1,2}of\s+their\s)"
                             # "Book titles with the author's name": one owner's column.
                             r"|(?<!\w)with\s+the(?=\s+[A-Za-z_]+'s\s)", re.IGNORECASE)
# Words after which a list opener's word is a noun ("per return flag", "total list price");
# "distinct combinations of" still opens a list.
_NAMING_WORDS = (*L.DETERMINERS_AND_PREPOSITIONS, *(w for w, fn in L.AGGREGATE_WORDS.items() if fn != "n_unique"))
_NAMING_BEFORE = re.compile(rf"\b(?:{W.alternatives(_NAMING_WORDS)})\s+$", re.IGNORECASE)
_LIST_OPENER = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(L.LIST_OPENERS, key=len, reverse=True))
                          + rf")\b|:(?=\s)|,\s*(?:{W.alternatives(L.LIST_OPENERS_AFTER_COMMA)})\b", re.IGNORECASE)
_WITH = re.compile(r"\bwith\b", re.IGNORECASE)
_COUNT_BEFORE = re.compile(r"\b(?:(?:number|count)\s+of|how\s+many)\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_GOES_ON = re.compile(r",\s*(plus)\b", re.IGNORECASE)
# "For each airline, the number of flights and the longest distance": the comma after a group
# the question opens with opens a list of aggregates.
_GROUP_FIRST = re.compile(rf"^\s*(?:{W.alternatives((*L.GROUP_OPENERS, 'by'))})\s+[^,;:.?]+,"
                          rf"(?:\s*(?:{W.alternatives(L.DERIVE_OPENERS)})\b)?", re.IGNORECASE)


_OWNER = re.compile(r"(?<=\s)[A-Za-z]+s'(?=\s)")


_DEMONSTRATIVES = frozenset({"that", "this", "those", "these"})
_AFTER_PARTICIPLE = frozenset({"at", "on", "in", "during", "for", "to"})


def item_words(text: str) -> tuple[str, ...]:
    """The content words of a phrase that names a column, up to where words about it begin."""
    out: list[str] = []
    # "active customers' first name": the words before the owners' plural noun say which owners,
    # not the column ("the crew member's first name" is one owner's, its noun of two words).
    # ("the previous invoice's amount" is no owner's: which row the amount is of)
    owner = _OWNER.search(text)
    if owner and {w.lower for w in W.words(text[:owner.start()])} & (L.WINDOW_KINDS.keys() | L.ORDER_CUES):
        owner = None
    said = W.words(text[owner.start():] if owner else text)
    for k, word in enumerate(said):
        if k == 0 and word.lower in _DEMONSTRATIVES:
            continue  # "and that share", "this rank": the one said before
        # A name written as one identifier is one column's, whatever its parts ("cost_per_kg").
        if word.lower in L.ITEM_END:
            break
        if out and k + 1 < len(said) and said[k + 1].lower in _AFTER_PARTICIPLE and W.participle(word.lower):
            break  # "the fee charged at the patient's previous visit": the words after say which rows'

        parts = W.split_identifier(word.lower)
        # ("sign-up date", "check-in time": a hyphenated word keeps all its parts)
        out += parts if "_" in word.lower or "-" in word.lower else [part for part in parts if part not in W.STOPWORDS]
    return tuple(out)


_PERCENT_WORDS = frozenset({"percentage", "percent", "pct", "rate"})


def rank_column(item: tuple[str, ...], column: str, table: str | None) -> int | None:
    """How closely the words name the column: 1 its words, 2 its words without a prefix or
    with its table's noun ("category name" for `name` of a categories table), 3 the same
    through synonyms, 4 some of its words (never a bare key: "track" is not `track_id`)."""
    if "%" in column and len(item) > 1 and item[-1] in _PERCENT_WORDS:
        return rank_column(item[:-1], column, table)  # "scholarship percentage" of `Scholarship (%)`
    parts = W.split_identifier(column)
    if column.endswith("_right") and len(parts) > 1:
        parts = parts[:-1]
    # `visit_at` shortened to "at" is no "time" of its own: any visits' `created_at` is one too.
    shorter = [parts[k:] for k in range(1, len(parts)) if not set(parts[k:]) <= L.WHEN_PARTS]
    table_parts = W.split_identifier(table) if table else ()
    # A table is named by its last word, or its last two ("order item" of `shop_order_items`).
    nouns = [(*table_parts[-2:-1], W.singular(table_parts[-1])), (W.singular(table_parts[-1]),)] if table_parts else []
    # "account id" is the accounts' own `id`, never their `cust_id` shortened to `id`.
    # ("order count" is no `itemCount` of orders: only a short prefix may be left for the table's noun)
    prefixed = [f for f in shorter if not set(f) <= L.KEY_PARTS
                and all(len(p) <= 3 or W.is_abbreviation(p) for p in parts[:len(parts) - len(f)])]
    qualified = [(*noun, *form) for noun in nouns for form in (parts, *prefixed) if form[:len(noun)] != noun]
    # "page view id" for `viewId` of page_views: the column's words open with the noun's last.
    qualified += [(*noun[:-1], *parts) for noun in nouns[:1] if len(noun) > 1 and parts[:1] == noun[-1:]]
    # "flight id" for `f_id` of flights: a prefix that abbreviates the table's noun is that noun.
    qualified += [(noun[-1], *parts[1:]) for noun in nouns[-1:] if len(parts) > 1 and initials(parts[0], noun[-1])]
    stems = tuple(map(W.stem, item))
    if stems == tuple(map(W.stem, parts)):
        return 1
    if len(parts) == 1 and parts[0] in L.KEY_PARTS and stems in [(W.stem(noun[-1]), parts[0]) for noun in nouns]:
        return 1  # "rental id" of rentals is their own `id`, as much as another table's `rental_id`
    if any(stems == tuple(map(W.stem, f)) for f in (*shorter, *qualified)) or \
            any("".join(item) == "".join(f) for f in (parts, *shorter)):
        return 2
    synonyms = tuple(map(W.synonym, item))
    # A unit left at a name's end is no name of its own: "duration" is not `loadTimeMs` for its "ms".
    nouns = [f for f in shorter if not set(f) <= set(L.TIME_UNITS)]
    if any(synonyms == tuple(map(W.synonym, f)) for f in (parts, *nouns, *qualified)):
        return 3
    if len(item) > 1 and sorted(stems) == sorted(map(W.stem, parts)):
        return 3  # "pallet capacity" of `CapacityPallets`
    if any(_abbreviates(f, item) for f in (parts, *shorter)):
        return 3
    if len(item) > 1 and any(len(f) < len(item) and _runs_spell(f, item) for f in (parts, *shorter)):
        return 3  # "account balance" of `c_acctbal`, "market segment" of `mktsegment`
    # "acknowledged" for `ack_ts`, "shipped" for `ship_dt`: the event's verb, the date's suffix
    # left ("invoice" is a row of invoices, not its `inv_dt`).
    event = tuple(p for p in parts if p not in L.WHEN_PARTS | L.DATE_SUFFIXES)
    if len(event) < len(parts) and event and _abbreviates(event, item) and item[-1].endswith("ed"):
        return 3
    # "visit date" for `visit_at`, "collection time" for `collected_ts`: the event, then a word for when.
    if event and len(event) < len(parts) and len(event) == len(item) - 1 and W.singular(item[-1]) in L.DATE_SUFFIXES and all(
            W.stem(p) == W.stem(w) or W.shortens(p, w) for p, w in zip(event, item)):
        return 3
    # "opening date" for `opened`: a date named by its event's participle alone, said with a word for when.
    if len(item) == len(parts) + 1 and W.singular(item[-1]) in L.DATE_SUFFIXES and parts[-1].endswith("ed") \
            and all(W.stem(p)[:4] == W.stem(w)[:4] and len(W.stem(w)) >= 4 for p, w in zip(parts, item)):
        return 3
    rest = {p for p in parts if W.stem(p) not in stems}
    if set(stems) < set(map(W.stem, parts)) and not rest <= L.KEY_PARTS:
        return 4
    # "length" of `durationSec`: some of its words through synonyms
    if set(synonyms) < set(map(W.synonym, parts)) and not W.key_like(column):
        return 4
    # A unit a name ends with is said apart from it or not at all: "elevation" is `elev_m`.
    if len(parts) > 1 and parts[-1] in L.UNIT_SCALES and _abbreviates(parts[:-1], item):
        return 4
    # "film length" of the films' `length_min`: the table's noun, then the name less its unit.
    if len(parts) > 1 and parts[-1] in L.UNIT_SCALES and table_parts and len(item) > 1 \
            and _same_noun(item[0], table_parts[-1]) and stems[1:] == tuple(map(W.stem, parts[:-1])):
        return 4
    # "balance" of `c_acctbal`, "segment" of `c_mktsegment`: one word that a name of one run of
    # letters ends with, whole or cut short (never a key's, a date's or a time's word).
    if len(item) == 1 and len(item[0]) >= 4 and item[0] not in L.KEY_PARTS | L.DATE_SUFFIXES | L.WHEN_PARTS \
            and not W.key_like(column) and any(item[0].startswith(parts[-1][-k:]) for k in range(3, len(parts[-1]))):
        return 4
    # "date" of `o_orderdate`: a date's word that ends a name of one run of letters, whole.
    if len(item) == 1 and item[0] in L.DATE_SUFFIXES and len(parts[-1]) > len(item[0]) and parts[-1].endswith(item[0]):
        return 4
    # "how many kilograms" of `WeightKg`: the unit alone, spelled out.
    if len(item) == 1 and item[0] in L.UNIT_SCALES and parts[-1].lower() in L.UNIT_SCALES \
            and L.UNIT_SCALES[item[0]] == L.UNIT_SCALES[parts[-1].lower()]:
        return 4
    return None


def initials(prefix: str, noun: str) -> bool:
    """A column's prefix of a letter or few that spells the table's noun in order ("f" of
    flight, "ap" of airport, "emp" of employee)."""
    rest = iter(noun[1:])
    return len(prefix) <= 3 and prefix.isalpha() and prefix[0] == noun[0] and prefix != noun \
        and all(letter in rest for letter in prefix[1:])


def _abbreviates(parts: tuple[str, ...], item: tuple[str, ...]) -> bool:
    """Each part the word it stands for or an abbreviation of it: `dev_id` for "device id",
    `acct_nm` for "account name", `qty` for "quantity"; beside one such, a synonym (`inst_dt` for
    "install date"; "duration" alone is no `ms`)."""
    said = [W.stem(p) == W.stem(w) or W.shortens(p, w) for p, w in zip(parts, item)]
    return len(parts) == len(item) and any(p != w for p, w in zip(parts, item)) and any(said) and all(
        same or W.synonym(p) == W.synonym(w) for same, p, w in zip(said, parts, item))


def _runs_spell(parts: tuple[str, ...], item: tuple[str, ...]) -> bool:
    """Each part runs together one or more of the words in order, each word whole or shortened:
    `acctbal` for "account balance", `extendedprice` for "extended price"."""
    if not parts or not item:
        return not parts and not item
    return any(W.run_together(parts[0], item[:n]) and _runs_spell(parts[1:], item[n:]) for n in range(1, len(item) + 1))


def match_column(item: tuple[str, ...], frame: Mapping[str, ColType], worst: int = 4) -> str | None:
    """The one column of `frame` the item's words name, by the closest way any column matches
    (no further than `worst`, a `rank_column`); "email address" is `emp_email` where no column
    names the whole compound."""
    found = _match_column(item, frame, worst)
    head = L.COMPOUND_HEADS.get(tuple(W.singular(word) for word in item))
    return _match_column(head, frame, worst) if found is None and head else found


def _match_column(item: tuple[str, ...], frame: Mapping[str, ColType], worst: int) -> str | None:
    ranked = [(rank, name) for name, t in frame.items()
              if (rank := rank_column(item, name, t.table)) is not None and rank <= worst]
    best = min((rank for rank, _ in ranked), default=None)
    found = [name for rank, name in ranked if rank == best]
    # "rental id": the rentals' own key, before the payments' `rental_id` that points at it.
    own = [name for name in found if tuple(W.split_identifier(name)) in [(part,) for part in L.KEY_PARTS]]
    return found[0] if len(found) == 1 else own[0] if len(own) == 1 else None


def key_column(item: tuple[str, ...], frame: Mapping[str, ColType]) -> str | None:
    """The column a group's words name. A group is an entity: its key ("customer" ->
    customer_id, "country" -> country_code) before a column that only shares a word with it
    ("order" is not order_date)."""
    for key_word in L.KEY_SUFFIXES:
        if (key := match_column((*item, key_word), frame)) is not None:
            return key
    return match_column(item, frame, worst=3)


def listed(question: str) -> tuple[Span | None, list[tuple[tuple[str, ...], Span]]]:
    """The span and the items (each as its words and span) of the last list of two or more
    columns the question opens; (None, []) when it opens none."""
    for opener in reversed(list(_LIST_OPENER.finditer(question))):
        if _COUNT_BEFORE.search(question, 0, opener.start()):
            continue  # "number of distinct books and number of distinct members": counts, no list of columns
        if _NAMING_BEFORE.search(question, 0, opener.start()):
            continue  # "per return flag", "total list price": the opener's word begins a column's name
        span, items = _items(question, opener.end())
        # ("the 3 highest-rated movies, ties broken by votes": a tie-break lists nothing)
        if _a_list([item for item in items if not _TIE_ITEM.match(question, item[1][0])]):
            return span, items
    # "Sites with site_nm as site and elev_m as elevation": "with" opens a list where each
    # item names its column (elsewhere it says which rows: "customers with 3 orders").
    for opener in _WITH.finditer(question):
        span, items = _items(question, opener.end())
        if _a_list(items) and all(_item_name(question[s[0]:s[1]]) for _, s in items):
            return span, items
    return None, []


def leading(question: str) -> list[tuple[tuple[str, ...], Span]]:
    """The items of a list the question starts with, no word opening it ("Account id and branch
    name for every account", "customer name, country: customers who ..."); the caller keeps them
    only where each names a column."""
    colon = re.search(r":\s", question)
    _, items = _items(question[:colon.start()] if colon else question, 0)
    return items if _a_list(items) else []


_PARENTHESES = re.compile(r"\(([^()]*)\)")


def parenthesized(question: str) -> list[tuple[tuple[str, ...], Span]]:
    """The items of the last list of two or more in parentheses ("the 5 oldest patients (name and
    birth date)"); the caller keeps them only where each names a column."""
    for found in reversed(list(_PARENTHESES.finditer(question))):
        _, items = _items(question[:found.end(1)], found.start(1))
        if _a_list(items):
            return items
    return []


def _a_list(items: list[tuple[tuple[str, ...], Span]]) -> bool:
    """Two or more items name columns ("..., highest first" is no item; in "first and last
    name" the word alone shares the next item's noun)."""
    return sum(words[-1] not in L.ORDER_TAIL or len(words) == 1 and len(after) > 1
               and after[-1] not in (*L.ORDER_TAIL, *L.DATE_SUFFIXES)  # "the first and last sale date" are aggregates
               for (words, _), (after, _) in zip(items, [*items[1:], ((), (0, 0))])) >= 2


def _items(question: str, start: int) -> tuple[Span, list[tuple[tuple[str, ...], Span]]]:
    end = SENTENCE_END.search(question, start)
    span = (start, end.start() if end else len(question))
    text = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), question[span[0]:span[1]])
    # "Show for every plan the number of ...": the group before the first item is none of them.
    text = _GROUP_BEFORE_ITEM.sub(lambda m: " " * len(m.group()), text)
    # "hired between 2019 and 2021": the "and" of a range separates no items.
    text = _RANGE_AND.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    items, at = [], span[0]
    for part in _ITEM_SEPARATOR.split(text):
        if items and _NAMES_BEFORE.match(part):  # "salary, name it pay": the name of the item before
            items[-1] = (items[-1][0], (items[-1][1][0], at + len(part)))
        elif items and _NAMING_CLAUSE.match(part):
            pass  # "firmware version, naming the firmware version fw", "names, with cust_nm shown as customer"
        elif items and (EXCLUDING.match(part) or _KEEPING.match(part) or _ONCE.match(part)):
            pass  # "referrer domains, ignoring sessions without a referrer": which rows, no item
        elif items and (again := _SAID_AGAIN.match(part)) and any(
                words[-len(said):] == said for said in [item_words(again.group(1))] if said for words, _ in items):
            pass  # "account balance, the balance labelled balance": an item said again, to name it
        elif words := item_words(_RELATIVE_CLAUSE_END.sub("", part)):
            if "'s " in part and len(words) > 2 and words[0] in _SUPERLATIVE_WORDS:
                words = words[1:]  # "the oldest book's title": the title of the book the superlative picks
            items.append((words, (at, at + len(part))))
        at += len(part)
        at = _skip_separator(question, at)
    # "first and last names": the modifier alone takes the noun of the item after it.
    return span, [(words + following[0][1:], s) if len(words) == 1 and words[0] in L.SHARED_HEAD_MODIFIERS
                  and len(following[0]) > 1 else (words, s) for (words, s), following in zip(items, [*items[1:], ((),)])]


_SUPERLATIVE_WORDS = frozenset({*L.HIGH_WORDS, *L.LOW_WORDS, *L.ROW_AGE_WORDS, *(w for w in L.AGE_WORDS if " " not in w)})
# "the genre it belongs to", "the branch it is kept in": a clause of the row's own after the noun.
_RELATIVE_CLAUSE_END = re.compile(r"\s+(?:it|they)\s+(?:(?:is|are|was|were)\s+)?[a-z]+(?:\s+(?:in|to|under|at|on|by|from|with))?"
                                  r"\s*$", re.IGNORECASE)
# A part of a list that only names the item before it: "name it pay", "labelled carrier".
_NAMES_BEFORE = re.compile(rf"\s*(?:{W.NAMING}|{W.alternatives(L.RENAMING_AFTER_COMMA)})\s+[`'\"]?[A-Za-z_]\w*[`'\"]?\s*$",
                           re.IGNORECASE)
# A part of a list that names a column said again in it: "naming the balance current_balance",
# "with cust_nm shown as customer", "renaming unit price to cost", "pages renamed to page_total".
_NAMING_CLAUSE = re.compile(rf"\s*(?:(?:{W.alternatives(L.NAMING_GERUNDS)})\s+(?:(?:the|its|their)\s+)?[\w#$%() ]+?"
                            r"(?:\s+(?:to|as|into))?"
                            rf"|with\s+(?:(?:the|its|their)\s+)?[\w#$%() ]+?\s+(?:as|{W.NAMING}|renamed\s+(?:to|as|into))"
                            r"|(?:(?:the|its|their)\s+)?(?:(?!with\b)[\w#$%() ])+?\s+renamed\s+(?:to|as|into))\s+"
                            r"[`'\"]?[A-Za-z_]\w*[`'\"]?\s*$", re.IGNORECASE)
# "the balance labelled balance": a column's words after "the" and the name a naming word gives it.
_SAID_AGAIN = re.compile(rf"\s*(?:the|its|their)\s+([A-Za-z_ ]+?)(?:\s+(?:column|field))?\s+{W.NAMING}\s+"
                         r"[`'\"]?[A-Za-z_]\w*[`'\"]?\s*$", re.IGNORECASE)
# "ignoring sessions without a referrer", "Skip accounts with no balance": a clause that leaves rows out.
EXCLUDING = re.compile(rf"\s*(?:{W.alternatives(L.EXCLUDING_VERBS)})\b", re.IGNORECASE)
# A word listed among others or grouped by: "prof_name, rank and salary", "Per rank: ...".
_LISTED_WORD = re.compile(r"(?:,|\band\b|:|\bper\b|\bby\b|\beach\b)\s*(?:the\s+)?([A-Za-z_]+)\s*(?=,|\band\b|[.?!;:]|$)",
                          re.IGNORECASE)
# "genre and year, each combination once", "without duplicates": distinct rows, no item.
_ONCE = re.compile(r"\s*(?:(?:each|every)\s+(?:combination|pair|value|one|row)\s+(?:only\s+)?once\b"
                   r"|(?:with\s+)?(?:no|without)\s+duplicates?\b|de-?duplicated\b)", re.IGNORECASE)
_KEEPING = re.compile(rf"\s*(?:{W.alternatives(L.KEEPING_VERBS)})\b", re.IGNORECASE)
_RANGE_AND = re.compile(r"(\bbetween\s+[^,;]*?\s)(and)(?=\s)", re.IGNORECASE)
_GROUP_BEFORE_ITEM = re.compile(rf"^\s*(?:{W.alternatives(L.GROUP_OPENERS)})\s+(?:[A-Za-z_]+\s+){{1,2}}?(?=the\s)",
                                re.IGNORECASE)


def _skip_separator(question: str, at: int) -> int:
    found = _ITEM_SEPARATOR.match(question, at)
    return found.end() if found else at


# ---------------------------------------------------------------------------------------
# Reading the question

_PHRASE_END = (r"(?=\s*[.,;:!?()]|\s+(?:and|with|where|that|who|which|whose|in|of|for|from|per|by|then|ordered|"
               r"sorted|only|across|over|as|is|are|was|were|has|have|had|having|within|descending|ascending|largest|smallest|highest|"
               r"lowest|most|least|rounded|showing|including|along|the|"
               rf"{W.alternatives(tuple(sorted(L.GROUPING_PARTICIPLES)))})\b|\s*$)")
# Words with no trailing space, so that the end's "\s+per" is seen ("per doctor per status").
PHRASE = r"([A-Za-z_']+(?:\s+[A-Za-z_']+){0,2}?)" + _PHRASE_END
# A group phrase ends where another clause begins; else its first word is the group
# ("by the year they were made").
_GROUP = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(L.GROUP_OPENERS, key=len, reverse=True))
                    + r"|(?<!\w)by)\s+(?:" + PHRASE + r"|((?:the\s+)?[A-Za-z_']+))", re.IGNORECASE)
_PAIR_GROUP = re.compile(r"([A-Za-z]+)-([A-Za-z]+)\b(?:\s+(?:pairs?|combinations?|routes?|couples?)\b)?", re.IGNORECASE)
_AUXILIARY_BEFORE = re.compile(r"\b(?:does|do|did|will|would|can)\s+$", re.IGNORECASE)
# ("In which city is each team located?": after "is", a participle ends the phrase)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were)\s+$", re.IGNORECASE)
# "by authors born ...", "by customers who ...": plural makers a clause describes.
_BY_AGENT = re.compile(rf"\s+(?:the\s+)?[A-Za-z]+s\s+(?:{W.alternatives(L.RELATIVE_WORDS)}|born|from|based|living|located)\b",
                       re.IGNORECASE)
# ("each state's smallest town": each one's stands for the article; "the second-highest": a place and its word.)
_SUPERLATIVE = re.compile(r"(?:\b(?:the|a|each\s+[A-Za-z_]+(?:'s|s'))\s+|^\s*(?=(?:" + W.alternatives(tuple(L.PLACES))
                          + r")[\s-]))(?:single\s+)?(?:(?P<place>" + W.alternatives(tuple(L.PLACES)) + r")[\s-]+)?(?P<word>" + W.alternatives(
    tuple(sorted(L.HIGH_WORDS | L.LOW_WORDS | L.ROW_AGE_WORDS))) + r")\b", re.IGNORECASE)
# "the latest loan of each member": a superlative or an age that picks a row of each group.
# "the two longest tracks of each album": a number of rows picked.
_PICKED = re.compile(rf"\b(?:the|a)\s+(?:(?:{W.SMALL_NUMBER}|{W.alternatives(tuple(L.PLACES))})[\s-]+)?(?:"
                     + W.alternatives(tuple(sorted(L.HIGH_WORDS | L.LOW_WORDS | set(L.AGE_WORDS)))) + r")\b", re.IGNORECASE)
# "each customer's largest order", "each artist's 2 longest tracks": the rows picked of each.
_PICKED_AFTER = re.compile(rf"\s*(?:(?:{W.SMALL_NUMBER})\s+)?(?:"
                           + W.alternatives(tuple(sorted(L.HIGH_WORDS | L.LOW_WORDS | set(L.AGE_WORDS)))) + r")\b",
                           re.IGNORECASE)
_BEFORE_RANK_WORD = re.compile(rf"\s+(?:{W.alternatives(tuple(L.RANK_WORDS))})\b", re.IGNORECASE)
# "each customer's first order", "each member's last loan": the row of each picked by its
# time, where the noun after the word names rows (not "each employee's first name").
FIRST_ROW = re.compile(r"\s*(?P<word>first|last)(?=\s+(?P<noun>[A-Za-z]+)\b)", re.IGNORECASE)
_RECENTLY = re.compile(r"\b(most|least)\s+recently\b", re.IGNORECASE)
_COUNTED = re.compile(rf"\b(?:the|which|what)\s+({W.SMALL_NUMBER})\s+(?:[a-z]+\s+){{0,2}}[a-z]+s\b", re.IGNORECASE)
# "fare per km", "cost per kilogram": a measure per unit is a quotient, not a group.
# ("longer than an hour" compares, it is no rate.)
_PER_UNIT = re.compile(r"(?<!than\s)(?<!over\s)(?<!under\s)\b(?:per|a|an)\s+(?:km|kilomet(?:er|re)|met(?:er|re)|mile|kg|kilo(?:gram)?|gram|hour|"
                       r"minute|second|day|unit|item|person|head|seat|page|night)s?\b", re.IGNORECASE)
# "What is the highest X?": a superlative right after the question's opener asks for a value.
# ("the most common status" and "the top seller" name rows.)
_VALUE_ASKED = re.compile(r"\s*(?:(?:what|which)\s+(?:is|was|are|were)|what's)\s+the\s+(?:single\s+)?(?:"
                          + "|".join(sorted((L.HIGH_WORDS | L.LOW_WORDS) - {"most", "least", "top", "bottom", "best"}))
                          + r"|earliest|latest|oldest|newest|most\s+recent)\b(?P<rest>[^.,;:?!]*)", re.IGNORECASE)
# A formula written out: "unit_price * quantity", "bytes / 1e9", "(1 - discount)", "spread =
# max salary - min salary".
_ARITHMETIC = re.compile(r"[\w)]\s*[*/+]\s*[\w(]|\(\s*1\s*-\s*\w|=[^=.;]*\w\s+-\s+\w")
# A value raised or lowered by a percentage of itself ("the fee with 8% VAT added"), a text in
# a case ("the name in upper case"), a part of a date as a column ("the year of the hire
# date"; "the year of 2023" is a filter).
_COMPUTED = re.compile(rf"\b(?:{W.alternatives((*L.PERCENT_UP_WORDS, *L.PERCENT_DOWN_WORDS))})\s+(?:an?\s+)?"
                       r"(?:[A-Za-z]+\s+(?:at|of)\s+)?\d+(?:\.\d+)?\s*%"
                       rf"|\bin\s+(?:all\s+)?(?:{W.alternatives(tuple(L.CASE_WORDS))})\b"
                       # "the length of each name", not "length in milliseconds"
                       rf"|\b(?:{W.alternatives(L.LENGTH_WORDS)})\s+(?:of|in)\b"
                       rf"(?!\s+(?:{W.alternatives(tuple(L.UNIT_SCALES))})\b)"
                       rf"|\bdays\s+(?:between|from|(?:it\s+took\s+)?(?:to|until)\s+[a-z]{{3,}}|{W.alternatives(L.LATE_EVENT_WORDS)}|[a-z]{{3,}}ed|"
                       rf"{W.alternatives(tuple(L.IRREGULAR_PARTICIPLES))})\b"
                       rf"|\b(?P<measure>[A-Za-z]+)\s+(?:{W.alternatives(L.UNIT_CONNECTORS)})\s+(?:degrees\s+)?(?P<unit>{W.alternatives((*L.UNIT_SCALES, *L.FAHRENHEIT))})(?![\w°])"
                       rf"|\bthe\s+(?:{W.alternatives(tuple(L.DATE_PART_OF))})\s+of\s+(?!\d)", re.IGNORECASE)
# "delivered more than 5 days after they shipped", "returned over 10 days after the due date":
# the days from one date of the row to another, compared.
DAYS_AFTER = re.compile(r"\b(?P<y>[a-z]+)\s+(?P<cmp>(?:more|less|fewer)\s+than|over|under|at\s+least|at\s+most|within)\s+"
                        rf"(?P<n>\d+|{W.SMALL_NUMBER})\s+days?\s+(?:after|later\s+than|past)\s+"
                        r"(?:(?:they|it)\s+(?:were|was)\s+|(?:they|it)\s+|(?:the|its|their)\s+)?"
                        r"(?P<x>[a-z]+(?:\s+date)?)\b", re.IGNORECASE)
# "age in 2024", "their age as of 2020": the years from the row's year (of birth, of
# publication) to that one.
AGE_IN = re.compile(r"\bage\s+(?:in|as\s+of|at\s+the\s+end\s+of)\s+(?P<year>(?:19|20)\d\d)\b(?!-)", re.IGNORECASE)
# "days since joining as of 2024-12-31": the days from the row's date to that date.
DAYS_AS_OF = re.compile(r"\bdays\s+since\s+(?:the\s+|its\s+|their\s+)?(?P<x>[a-z]+(?:\s+date)?)\s+"
                        r"(?:as\s+of|until|up\s+to|on)\s+(?P<date>\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
# "the freight as a negative refund": a number's negative, named by the noun after "negative".
NEGATED = re.compile(r"\s+as\s+(?:an?\s+)?negative\s+(?P<name>[A-Za-z_]+)", re.IGNORECASE)
# "unit price cut to whole units", "the fee truncated to a whole number": a number's whole part.
TRUNCATED = re.compile(rf"\s+(?:{W.alternatives(L.TRUNCATING_VERBS)})\s+to\s+(?:an?\s+)?(?:whole|full|integer)\s+"
                       r"(?:units?|numbers?|values?|amounts?)\b", re.IGNORECASE)
# "freight as low (under 10), medium (under 30) or high": a number's band, each label up to
# the bound in its parentheses, the last one above them all.
BANDED = re.compile(rf"\s+(?:as|into)\s+(?P<bands>(?:[A-Za-z]+\s*\(\s*(?:{W.alternatives(tuple(L.BAND_BOUNDS))})\s+"
                    r"\d+(?:\.\d+)?\s*\)\s*,?\s*)+(?:or|and)\s+[A-Za-z]+)\b", re.IGNORECASE)
# "track lengths as whole minutes and remaining seconds": a time split into a larger unit's
# whole count and what is left of it in a smaller unit.
WHOLE_AND_REST = re.compile(rf"\s+(?:as|in)\s+(?:whole\s+|full\s+)?(?P<big>{W.alternatives(tuple(L.TIME_UNITS))})\s+and\s+"
                            rf"(?:the\s+)?(?:remaining|leftover|left\s+over|extra)\s+(?P<small>{W.alternatives(tuple(L.TIME_UNITS))})\b",
                            re.IGNORECASE)
# "the first three letters of each country name": the start of a text.
LEADING_PART = re.compile(rf"\b(?:the\s+)?first\s+(?P<n>{W.SMALL_NUMBER})\s+(?:letters|characters|chars)\s+of\s+"
                          r"(?:(?:the|its|their|each|every)\s+)?(?P<x>(?:[A-Za-z_']+\s+){0,2}?[A-Za-z_']+)"
                          r"(?=\s*(?:[,;:.!?()]|\s(?:and|as|for|of|in|from|per|with)\b|$))", re.IGNORECASE)
# "contact names with surrounding spaces removed", "the email trimmed": a text without the
# spaces around it.
TRIMMED = re.compile(r"\s+(?:with\s+(?:the\s+|its\s+|their\s+|any\s+)?(?:surrounding|leading\s+and\s+trailing|extra|outer)\s+"
                     r"(?:spaces|whitespace|blanks)\s+(?:removed|stripped|trimmed)|trimmed)\b", re.IGNORECASE)
# "the rental rate as a text label like '2.99 per rental'": a number written into the text of
# the example, around its digits.
TEXTED = re.compile(r"\s+as\s+(?:an?\s+)?(?:text|string)(?:\s+(?P<noun>[A-Za-z_]+))?\s+(?:like|such\s+as)\s+"
                    r"(?P<q>['\"])(?P<before>[^'\"\d]*)\d+(?:\.\d+)?(?P<after>[^'\"\d]*)(?P=q)", re.IGNORECASE)
# "hire year", "the signup month": a part of the date the words before it name ("per year"
# and "birthYear", a column of its own, are none).
DATE_PART_AFTER = re.compile(rf"(?P<x>[A-Za-z_']+(?:\s+[A-Za-z_']+)?)\s+(?P<part>{W.alternatives(tuple(L.DATE_PART_OF))})\b",
                             re.IGNORECASE)
# "year of hire", "the month of the order date": a part of the date the words after it name.
DATE_PART_BEFORE = re.compile(rf"\b(?P<part>{W.alternatives(tuple(L.DATE_PART_OF))})\s+of\s+(?:the\s+|its\s+|their\s+)?"
                              r"(?P<x>[A-Za-z_']+(?:\s+[A-Za-z_']+)?)(?=\s*(?:[,;:.!?()]|\s(?:and|as|for|in|from|per)\b|$))",
                              re.IGNORECASE)
# "the year they signed up", "the month it was loaned": a part of the date the verb names.
DATE_PART_WHEN = re.compile(rf"\bthe\s+(?P<part>{W.alternatives(tuple(L.DATE_PART_OF))})\s+(?:in\s+which\s+|when\s+|that\s+)?"
                            r"(?:they|it|he|she)\s+(?:was\s+|were\s+)?(?P<verb>[a-z]+)\b", re.IGNORECASE)
# The rows a many-to-many join gives: every pair of the two sides' rows that share a key.
KEEP_EMPTY = re.compile(rf"\b(?:{W.alternatives(L.KEEP_EMPTY_OPENERS)})\s+(?:the\s+|all\s+)?(?:[A-Za-z_]+\s+){{1,2}}?"
                         rf"(?:{W.alternatives(L.EMPTY_WORDS)})\b", re.IGNORECASE)
_PAIRS = re.compile(
    r"\b(?:every|all|each)\s+(?:possible\s+)?(?:pairs?|pairings?|combinations?)\b(?!\s+(?:only\s+)?once\b)"
    r"|\bmany[- ]to[- ]many\b|\bcross[- ]?join\b|\bcartesian\b", re.IGNORECASE)
_EACH_ITS = re.compile(r"\b(?:for|of)\s+(?:each|every)\s+(?P<entity>[^,.;:]+),\s+(?:(?:show|give|list|return)\s+)?(?=its\b|their\b)",
                       re.IGNORECASE)
_EACH = re.compile(r"\b(?:(?:for|in|within|of|from)\s+(?:each|every)|each\s+[A-Za-z_]+(?:'s|s'))", re.IGNORECASE)
_NAMED = re.compile(rf"\b{W.NAMING}\s+"
                    r"[`'\"]?([A-Za-z][A-Za-z0-9_]*)[`'\"]?", re.IGNORECASE)
_CLAUSE_ENDS = re.compile(r"\s*(?:[.,;:!?)]|$)")
# "Share of sessions that bounced per device type (bounce_share)": a name in parentheses, where
# it is no column's.
# "the rank (as rnk)": a name after "as" alone in parentheses, whatever its letters.
_PAREN_NAME = re.compile(r"\(\s*(?:as\s+)?[`'\"]?([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+)[`'\"]?\s*\)"
                         r"|\(\s*as\s+[`'\"]?([A-Za-z][A-Za-z0-9_]*)[`'\"]?\s*\)")
_AS_NAME = re.compile(r"\bas\s+[`'\"]?([a-z][a-z0-9]*_[a-z0-9_]+|[A-Za-z]+_[A-Za-z0-9_]+)[`'\"]?")


def _own_keys(groups: tuple[Item, ...], link: Link, catalog: Mapping[str, TableInfo]) -> bool:
    """Every group, said "by X", names a candidate key of the table the question asks about."""
    if not link.tables:
        return False
    subject = catalog[link.tables[0]]
    own = {name: ColType(dtype=info.dtype, table=subject.name) for name, info in subject.columns.items()}
    return all(re.search(r"\bby\s+(?:the\s+|their\s+|its\s+)?$", link.question[:group.span[0]], re.IGNORECASE)
               and match_column(group.words, own) in subject.keys for group in groups)


def _frame(link: Link, catalog: Mapping[str, TableInfo]) -> dict[str, ColType]:
    frame: dict[str, ColType] = {}
    for name in link.tables:
        for column, typed in _own_frame(name, catalog).items():
            frame.setdefault(column, typed)
    return frame


def _own_frame(table: str, catalog: Mapping[str, TableInfo]) -> dict[str, ColType]:
    return {column: ColType(dtype=info.dtype, iso=info.iso, table=table) for column, info in catalog[table].columns.items()}


def aggregate_fn(text: str) -> str | None:
    """The aggregate a list item's words ask for ("the average balance" -> mean)."""
    lowered = text.lower()
    counted = re.search(r"\b(?:total\s+)?(?:how many|number of|count of|count)\b", lowered)
    other = next((w for w in W.words(lowered) if w.lower in L.AGGREGATE_WORDS
                  and w.lower not in ("count", "number", "many", "distinct", "unique", "different")), None)
    # "the average page count" averages a count a row holds: the first aggregate word decides.
    if counted and (other is None or counted.start() <= other.start):
        return "n_unique" if re.search(r"\b(?:distinct|unique|different)\b", lowered) else "len"
    return L.AGGREGATE_WORDS[other.lower] if other else None


def _period(words: tuple[str, ...], question: str, table: TableInfo) -> str | None:
    """"per year", "by the year they were made": the date part of the table's first date column."""
    part = _part(words[0], question)
    dates = [c for c, info in table.columns.items() if info.iso or info.dtype in ("date", "datetime")]
    if part is None or not dates:
        return None
    return f"{part}({quote_name(dates[0])})"


def _part(word: str, question: str) -> str | None:
    """The date part a period word groups by: "month" is the month of the year where the
    question keeps to one year."""
    part = L.PERIOD_WORDS.get(word)
    return "month" if part == "year_month" and (one_year(question) or _YEAR_AND_MONTH.search(question)
                                                or _ANY_YEAR.search(question)) else part


# "per year and month": the month is of the year grouped beside it.
_YEAR_AND_MONTH = re.compile(r"\byears?\s+and\s+(?:the\s+)?months?\b", re.IGNORECASE)
_ANY_YEAR = re.compile(rf"\b(?:{W.alternatives(L.MONTH_OF_ANY_YEAR)})\b", re.IGNORECASE)


_YEAR = re.compile(r"\b(?:in|of|during|for)\s+(19|20)\d\d\b")


def one_year(question: str) -> bool:
    """The question keeps to one year ("in 2024", "of 2023")."""
    return len(set(re.findall(r"\b(?:19|20)\d\d\b", question))) == 1 and _YEAR.search(question) is not None


# "the names of all employees in department 3", "Emails of customers who joined in 2023", "each
# doctor's specialty": one column of the rows a table's noun names.
_COLUMN_OF = re.compile(r"(?:^|\b(?:the|me|us|all|every|each)\s+)(?P<col>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+of\s+"
                        r"(?:(?:all|the|every|each|our|any|top|first|last|\d+)\s+)*(?P<noun>(?:[A-Za-z_-]+\s+){0,2}[A-Za-z_]+)\b"
                        rf"|\b(?!(?:{W.alternatives(L.NOT_POSSESSIVE)})'s\b)(?P<owner>[A-Za-z_]+)(?P<one>\s+#?\d+)?(?:'s|s')\s+(?P<owned>(?:[A-Za-z_]+\s+){{0,2}}?[A-Za-z_]+)"
                        # "each product's price and ...": more is asked than the one column.
                        rf"(?=\s*(?:[.?!,;]|$|\s+(?:{W.alternatives(L.RELATIVE_WORDS + tuple(w for w in L.CLAUSE_WORDS if w != 'and'))})\b))",
                        re.IGNORECASE)


def _one_column_of(question: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """The one column asked of a table's rows: its words name a column of the table the noun
    after "of" (or before "'s", "employee 1010's email") names, and no aggregate or share."""
    for found in _COLUMN_OF.finditer(question):
        # "each order id with the customer's city": a column looked up for rows named before.
        if re.search(rf"\b(?:{W.alternatives(L.RELATIVE_WORDS)})\b", question[:found.start()], re.IGNORECASE):
            continue
        key, noun = ("col", "noun") if found.group("col") else ("owned", "owner")
        words = tuple(W.singular(word) for word in item_words(found.group(key)))
        # "of closed accounts": the first word that names a table, past its adjectives.
        table = next((t for word in W.words(found.group(noun))
                      if (t := _named_table((word.lower,), tables, catalog))), None)
        # ("First names of customers ...": a column's name may begin with such a word)
        if not words or table is None or aggregate_fn(found.group(key)) or words[0] in L.NOT_A_COLUMN and (
                len(words) == 1 or match_column(words, _own_frame(table, catalog)) is None):
            continue
        # "the previous session's duration", "the fare of the next flight": a window's measure.
        said = W.words(question[:found.end(noun)])[-len(W.words(found.group(noun))) - 1:]
        if {w.lower for w in said} & L.OTHER_WINDOW_WORDS:
            continue
        own = {name: ColType(dtype=info.dtype, table=table) for name, info in catalog[table].columns.items()}
        column = match_column(words, own)
        if column is None and (_NUMBER_AFTER.match(question, found.end(noun)) or found.group("one")):
            # "the airline name of flight 12", "driver 5's carrier name": one row's column of
            # another table, looked up.
            table, column = _column_of_any(words, tables, catalog) or (table, None)
        # "Names of premier customers": a name held as first and last name is both.
        columns = [column] if column is not None else entity_labels(catalog[table]) if words == ("name",) else []
        if columns:
            return tuple(Item(text=found.group(key), words=words, span=found.span(key), column=c, table=table)
                         for c in columns)
    return ()


_NUMBER_AFTER = re.compile(r"\s+#?\d+\b")


# "the title of the book of each loan", "the airline name for every flight": a column of another
# table, looked up for each row of the entity after "each".
_OF_EACH_ROW = re.compile(r"(?:^\s*|\b(?:the|me|us|is|are|was|were)\s+)(?P<col>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)\s+"
                          r"(?:of\s+(?:the|its|their)\s+(?P<owner>(?:[A-Za-z_]+\s+)?[A-Za-z_]+)\s+)?"
                          r"(?:of|for)\s+(?:each|every)\s+(?P<entity>[A-Za-z_]+)\b", re.IGNORECASE)


def _asked_after(question: str, frame: Mapping[str, ColType], link: Link) -> tuple[Item, ...]:
    """"Which carriers have a rating of at least 4? Return their names.": a sentence of its own
    that asks for one column says what the answer holds ("their" names the rows asked about);
    "How many visits did each doctor have? Include the doctor's name.": what it adds comes
    before the aggregates asked first, and so does what "Show the doctor's name." shows after an
    aggregate asked for each group ("How many visits did each doctor have?")."""
    for opener in reversed(list(_LIST_OPENER.finditer(question))):
        if question[:opener.start()].rstrip()[-1:] not in (".", "?", "!"):
            continue
        items = _items(question, opener.end())[1]
        if len(items) == 1 and link.tables and re.match(r"(?:its|their)\b", question[items[0][1][0]:].strip(),
                                                        re.IGNORECASE):
            frame = {name: t for name, t in frame.items() if t.table == link.tables[0]}
        found = _listed_items(question, items, frame, {})
        if len(found) != 1 or not found[0].column or found[0].fn:
            return ()
        added = [Item(text=h.text, words=item_words(h.text), span=h.span, fn=h.fn) for h in link.names
                 if h.fn and not h.explicit and h.span[1] <= opener.start()]
        asked = question[:opener.start()]
        adds = opener.group().lower() in L.ADDING_OPENERS or _starts(asked.lower().lstrip(), L.SCALAR_OPENERS) \
            and re.search(rf"\b(?:{W.alternatives(L.GROUP_OPENERS)})\b", asked, re.IGNORECASE) is not None
        return (*found, *added) if adds else found
    return ()


# "Number of visits for every doctor, including the doctor's name", "the number of books in each
# genre, with the genre name": columns added at the end, after a comma.
_ADDED_AT_END = re.compile(rf",\s*(?:{W.alternatives((*L.ADDING_OPENERS, *L.LIST_OPENERS_AFTER_COMMA))})\s+"
                           r"(?P<x>[^,;:.?!]+(?:,[^,;:.?!]+)*)[.?!]?\s*$", re.IGNORECASE)
# The words that say the aggregates are each group's: "per", "for each", "by", or "whose" for
# an entity kept by its own ("Customers whose total balance exceeds 50000").
_GROUP_SAID = re.compile(rf"\b(?:{W.alternatives((*L.GROUP_OPENERS, 'by', 'whose'))})\b", re.IGNORECASE)


def _added_at_end(question: str, frame: Mapping[str, ColType], link: Link) -> tuple[Item, ...]:
    """The columns added at the end to aggregates asked for each group, before those aggregates,
    as "Include the doctor's name." adds them (`_asked_after`)."""
    found = _ADDED_AT_END.search(question)
    if found is None or not _GROUP_SAID.search(question, 0, found.start()):
        return ()
    items = _listed_items(question, _items(question[:found.end("x")], found.start("x"))[1], frame, {})
    added = [Item(text=h.text, words=item_words(h.text), span=h.span, fn=h.fn) for h in link.names
             if h.fn and not h.explicit and h.span[1] <= found.start()]
    # ("..., plus the longest duration" adds an aggregate, no column.)
    if not items or not added or any(not item.column or item.fn or _run_fn(item.words) for item in items):
        return ()
    return (*items, *added)


def _one_listed(question: str, frame: Mapping[str, ColType], tables: tuple[str, ...],
                catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"List the job titles with a grade above 5": the question opens by asking for one column
    (a table's noun there asks for its rows: "List the customers from Germany")."""
    opener = _LIST_OPENER.match(question.lstrip())
    # "Artist names that have an album", "Product names from supplier 3": a row's noun and a
    # plural of its column open the question, no verb before them ("Book titles with the length
    # of each title" goes on with another column).
    bare = _NOUN_COLUMNS.match(question) if opener is None else None
    if bare is not None and not (_named_table((bare.group("noun").lower(),), tables, catalog)
                                 and not _named_table((bare.group("columns").lower(),), tables, catalog)):
        bare = None
    # "Distinct models for each airline", "each shipment id with its customer's name": read elsewhere.
    if opener is None and bare is None or opener is not None and opener.group().lower() in L.DISTINCT_WORDS \
            or re.search(r"\b(?:each|every|per)\b(?!\s+[A-Za-z]+\s+(?:who|that|which|whose)\b)", question, re.IGNORECASE):
        return ()  # ("the first name of every customer who ...": the rows a clause keeps, no group)
    start = len(question) - len(question.lstrip()) + opener.end() if opener else bare.start("noun")
    items = _items(question, start)[1]
    if len(items) != 1 or any(word.isdigit() for word in items[0][0]) \
            or _named_table(items[0][0][-1:], tables, catalog):
        return ()
    found = _listed_items(question, items, frame, {})
    return found if len(found) == 1 and found[0].column and not found[0].fn else ()


_NOUN_COLUMNS = re.compile(r"\s*(?P<noun>[A-Za-z]+)\s+(?P<columns>[A-Za-z]+s)\s+(?:that|which|who|whose|where|from|in)\b")


def _one_after_colon(question: str, frame: Mapping[str, ColType], tables: tuple[str, ...],
                     catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"Customers from Germany: email.": the one column named after the question's last colon."""
    colon = list(re.finditer(r":\s", question))
    if not colon:
        return ()
    items = _items(question, colon[-1].end())[1]
    if len(items) != 1 or _named_table(items[0][0][-1:], tables, catalog):
        return ()
    # ("Doctors who treated patients from Lisbon: doctor name": of the table its noun names)
    found = _listed_items(question, items, frame, {table: _own_frame(table, catalog) for table in tables})
    return found if len(found) == 1 and found[0].column and not found[0].fn else ()


# "Give each prescription's drug name": the column of another table after each row's noun.
_EACH_ROWS = re.compile(r"\b(?:each|every)\s+(?P<entity>[A-Za-z_]+)'s?\s+(?P<col>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)"
                        r"(?P<owner>)(?=\s*(?:[.?!,;]|$))", re.IGNORECASE)


# "Every employee's department name and job title": several columns of other tables, to the end.
_EACH_ROWS_LISTED = re.compile(r"\b(?:each|every)\s+(?P<entity>[A-Za-z_]+)'s?\s+", re.IGNORECASE)


def _looked_up_of_each(question: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """The entity's noun, then the column of another table the words before "of each" (or
    after "each <entity>'s") name."""
    found = _OF_EACH_ROW.search(question) or _EACH_ROWS.search(question)
    if found is None or aggregate_fn(found.group("col")):
        return ()
    entity = _named_table((found.group("entity").lower(),), tables, catalog)
    words = (*item_words(found.group("owner") or ""), *item_words(found.group("col")))
    column = _column_of_any(words, tables, catalog) if words else None
    if entity is None or column is None or column[0] == entity:
        return ()
    span = found.span("owner") if found.group("owner") else found.span("col")
    # The entity's noun comes first, shown by its labels (`_entities`).
    return (Item(text=found.group("entity"), words=(found.group("entity").lower(),), span=found.span("entity")),
            Item(text=found.group("col"), words=words, span=(found.start("col"), span[1]), column=column[1],
                 table=column[0]))


def _listed_of_each(question: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"Every employee's department name and job title": the entity's noun, then the columns of
    other tables its possessive lists, the whole rest of the sentence."""
    found = _EACH_ROWS_LISTED.search(question)
    entity = _named_table((found.group("entity").lower(),), tables, catalog) if found else None
    items = _items(question, found.end())[1] if found and entity else []
    if len(items) < 2 or not _LIST_END.match(question, items[-1][1][1]) \
            or any(aggregate_fn(question[s[0]:s[1]]) for _, s in items):
        return ()
    columns = [_column_of_any(words, tables, catalog) for words, _ in items]
    if any(column is None or column[0] == entity for column in columns):
        return ()
    return (Item(text=found.group("entity"), words=(found.group("entity").lower(),), span=found.span("entity")),
            *(Item(text=question[s[0]:s[1]].strip(), words=words, span=s, column=column[1], table=column[0])
              for (words, s), column in zip(items, columns)))  # type: ignore[index]


# "Which airline operates each flight?", "What plan is each subscription on?": one row of another
# table asked for each row of the entity.
_WHICH_OF_EACH = re.compile(r"^\s*(?:(?:in|at|on|from|under|to)\s+)?(?:which|what)\s+(?P<other>[A-Za-z_]+)\b[^?.!,;]*?\b(?:each|every)\s+"
                            r"(?P<entity>[A-Za-z_]+)\b[^?.!,;]*[?.!]?\s*$", re.IGNORECASE)


def _which_of_each(question: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """The entity's noun, then the other table's noun: each shown by its labels."""
    found = _WHICH_OF_EACH.match(question)
    if found is None or _AGGREGATE_WORD.search(question):
        return ()
    entity, other = (_named_table((W.singular(found.group(g).lower()),), tables, catalog) for g in ("entity", "other"))
    said = (W.singular(found.group("other").lower()),)
    if entity is not None and other is None:
        # "In which city is each department located?": a column of the one other table that has it
        held = [(t, column) for t in tables if t != entity
                and (column := match_column(said, _own_frame(t, catalog), worst=3)) is not None]
        if len(held) == 1:
            return (Item(text=found.group("entity"), words=(W.singular(found.group("entity").lower()),),
                         span=found.span("entity"), table=entity),
                    Item(text=found.group("other"), words=said, span=found.span("other"), column=held[0][1],
                         table=held[0][0]))
    if entity is None or other is None or entity == other:
        return ()
    return tuple(Item(text=found.group(g), words=(W.singular(found.group(g).lower()),), span=found.span(g), table=t)
                 for g, t in (("entity", entity), ("other", other)))


# "When was employee 5 hired?", "When did order 10 ship?": the date of the verb asked for.
_WHEN = re.compile(r"^\s*when\s+(?:was|were|did|is|are|has|have)\s+(?P<rest>[^?.!]+)", re.IGNORECASE)


def _when_asked(question: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """The one date column of the table the question names whose words the verb stems to."""
    found = _WHEN.match(question)
    if found is None or not tables:
        return ()
    table = next((t for word in W.words(found.group("rest")) if (t := _named_table((word.lower,), tables, catalog))),
                 tables[0])
    # The words past the table's noun ("loan" is no `loaned_on`).
    verbs = [w for w in W.words(found.group("rest")) if not _named_table((w.lower,), (table,), catalog)]
    dated = _own_dates(catalog[table].columns)
    dates = [(column, match) for column in dated
             if (match := next((w for w in verbs if W.stem(w.lower) in
                                {W.stem(p) for p in W.split_identifier(column)}), None))]
    if len(dates) == 1:
        column, word = dates[0]
        start = found.start("rest") + word.start
        return (Item(text=word.text, words=(word.lower,), span=(start, start + len(word.text)), column=column,
                     table=table),)
    return _when_latest(found, table, catalog)


# "the latest visit", "the first session", "the most recent loan": the row's end in time.
_AGE_OF_ROWS = re.compile(rf"\b(?:{W.alternatives((*L.AGE_WORDS, *L.ORDINAL_AGGREGATES))})\s+([A-Za-z_]+)\b",
                          re.IGNORECASE)


def _when_latest(found: re.Match[str], table: str, catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"When was the latest visit?", "When was the first loan of each member?": the greatest
    or least date of the rows the noun names."""
    age = _AGE_OF_ROWS.search(found.group("rest"))
    noun = age.group(1).lower() if age else ""
    column = _row_date(noun, catalog[table].columns) if age and _same_noun(noun, W.split_identifier(table)[-1]) else None
    if age is None or column is None:
        return ()
    word = age.group()[:age.start(1) - age.start()].strip().lower()
    fn = "max" if L.AGE_WORDS.get(word, L.ORDINAL_AGGREGATES.get(word) == "max") else "min"
    start = found.start("rest")
    return (Item(text=age.group(), words=(noun,), span=(start + age.start(), start + age.end()), column=column,
                 table=table, fn=fn, name=W.column_name([fn, noun])),)


def _own_dates(columns: Mapping[str, ColumnInfo | ColType]) -> list[str]:
    """A table's dates, less those stamping when its row was written (`created_at`)."""
    return [column for column, info in columns.items()
            if (info.dtype in ("date", "datetime") or info.iso) and not set(W.split_identifier(column)) & L.AUDIT_PARTS]


def _row_date(noun: str, columns: Mapping[str, ColumnInfo | ColType]) -> str | None:
    """The date of a row its noun names: the table's one date, else the one the noun names
    ("loan" is `loaned_on`, not `due_on`), else the one named by no more than a date's own
    words ("alert time" is `ts`, not `ack_ts`)."""
    dated = _own_dates(columns)
    own = [c for c in dated if W.stem(noun) in {W.stem(p) for p in W.split_identifier(c)}]
    bare = [c for c in dated if set(W.split_identifier(c)) <= L.GENERIC_PARTS | L.DATE_SUFFIXES]
    dates = own or (bare if len(bare) == 1 else dated)
    return dates[0] if len(dates) == 1 else None


def row_date(words: tuple[str, ...], tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[str, str] | None:
    """"the quarter of each transaction": the date of the rows the words' noun names, and
    their table."""
    table = _named_table(words, tables, catalog)
    column = _row_date(words[0], catalog[table].columns) if table else None
    return (table, column) if table and column else None


def _named_table(words: tuple[str, ...], tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> str | None:
    """The table a one-word group names by its noun ("device" -> `devices`), alone or before a
    word for a row ("each salary record" is each row of `salaries`)."""
    if len(words) == 2 and words[1] in (*L.ROW_WORDS, *L.MEMBER_WORDS) and (
            words[1] in L.ROW_WORDS or _named_table(words[1:], tables, catalog) is None):
        words = words[:1]
    if len(words) == 2:  # "line item" spells `lineitem`, "order line" `order_lines`
        return next((t for t in tables if catalog[t].columns and (
            _same_noun("".join(W.split_identifier(t)[-1:]), "".join(words))
            or len(W.split_identifier(t)) >= 2 and W.split_identifier(t)[-2] == words[0]
            and _same_noun(W.split_identifier(t)[-1], words[1]))), None)
    if len(words) != 1:
        return None
    return next((t for t in tables if W.split_identifier(t) and catalog[t].columns
                 and _same_noun(W.split_identifier(t)[-1], words[0])), None)


def _picks_row(hint: NameHint, tables: tuple[str, ...]) -> bool:
    """"the highest paid employee", "the lowest rated film": a superlative of an adjective
    whose words end with a table's noun picks one of its rows, no value ("the maximum delay"
    of delays is one)."""
    words = item_words(hint.text)
    return hint.fn in ("max", "min") and len(words) > 2 and words[0] in L.HIGH_WORDS | L.LOW_WORDS | set(L.AGE_WORDS) \
        and _row_noun(words[-1:], tables)


def _row_noun(words: tuple[str, ...], tables: tuple[str, ...]) -> bool:
    """The words are one table's noun alone: "the most recent transaction" is one of its rows."""
    return len(words) == 1 and any(W.split_identifier(t) and _same_noun(W.split_identifier(t)[-1], words[0])
                                   for t in tables)


def _same_noun(a: str, b: str) -> bool:
    """One noun, whatever its number ("employees" and "employee" stem apart)."""
    return W.stem(a) == W.stem(b) or W.singular(a) == W.singular(b)


def _entity_key(table: TableInfo, frame: Mapping[str, ColType]) -> str | None:
    return table.entity_key if table.entity_key in frame else None


def _groups(question: str, frame: Mapping[str, ColType], tables: tuple[str, ...], catalog: Mapping[str, TableInfo],
            groups_by: bool, values: tuple[Span, ...] = ()) -> list[Item]:
    """The "per X" phrases; "by X" counts only when `groups_by` (no window or limit orders by it),
    and where X is no value of the question's (`values`: their spans)."""
    out = []
    for m in _GROUP.finditer(question):
        opener = m.group(1).lower()
        if opener == "by":
            before = re.findall(r"[A-Za-z]+", question[max(0, m.start() - 30):m.start()].lower())
            # ", by plan" after a comma opens a group, whatever word ends the clause before it.
            apart = re.search(r",\s*$", question[:m.start()]) is not None
            said = item_words(m.group(2) or m.group(3) or "")
            # ("Total quantity shipped by ship mode": a singular column's words after it group)
            column = bool(said) and W.singular(said[-1]) == said[-1] and match_column(said, frame) is not None \
                and not re.match(r"\s*\d", question[m.end():])
            if not groups_by or (before and not apart and (before[-1] in L.NOT_GROUPING_BY
                                                          or _agent(before[-1]) and not column)):
                continue
            if _BY_AGENT.match(question, m.end(1)) and not _AGGREGATE_WORD.search(question):
                continue  # "books by authors born after 1970": the rows' makers, described
            if apart and not _AGGREGATE_WORD.search(question) and _dated(item_words(m.group(2) or m.group(3) or ""), frame):
                continue  # "Customers who signed up in 2023, by signup date": the rows in that order
        phrase, span = (m.group(2), m.span(2)) if m.group(2) is not None else (m.group(3), m.span(3))
        if opener == "by" and (_NAME_AFTER.match(question, span[1]) or re.search(r"[a-z_]\s+[A-Z]", phrase)):
            continue  # "tracks by the composer 'Ada Byron'", "films by director Jane Roe": rows of one maker
        if opener == "by" and any(s <= span[0] and span[1] <= e for s, e in values):
            continue  # "shipped by AIR or by RAIL": the value a row has, no group
        if opener == "each" and (owner := re.match(r"\s*([A-Za-z_]+)(?:'s|s')", phrase)) \
                and (_PICKED_AFTER.match(question, span[0] + owner.end())
                     or (first := FIRST_ROW.match(question, span[0] + owner.end())) is not None
                     and _named_table((W.singular(first.group("noun").lower()),), tables, catalog) not in (
                         None, _named_table((owner.group(1).lower(),), tables, catalog))):
            # "each customer's largest order": the rows picked of each customer
            phrase, span = owner.group(1), (span[0] + owner.start(1), span[0] + owner.end(1))
        if opener == "each" and (owner := re.match(r"\s*((?:[A-Za-z_]+\s+)?[A-Za-z_]+)(?:'s|s')\s+", question[span[0]:])) \
                and _AGGREGATE_WORD.match(question, span[0] + owner.end()):
            # "Each region's total revenue", "each sales rep's number of sales": each owner's aggregates
            phrase, span = owner.group(1), (span[0] + owner.start(1), span[0] + owner.end(1))
        if opener == "each" and len(phrase.split()) > 1 and (_AUXILIARY_BEFORE.search(question, 0, m.start()) or (
                _BE_BEFORE.search(question, 0, m.start()) and W.participle(phrase.split()[-1].lower()))):
            # "How many loans does each member make?", "What share does each book account for?":
            # after an auxiliary the phrase ends with the verb, no word of the group.
            kept = re.match(r"\s*(.*\S)\s+\S+\s*$", phrase)
            phrase, span = kept.group(1), (span[0] + kept.start(1), span[0] + kept.end(1))
        if opener in ("across", "among") and not _column_across(phrase, frame, tables, catalog):
            continue  # "across all flights", "among active cards": the rows, no group
        if re.search(r"\w'", phrase):
            continue  # "each book's title", "each page view's id" is every row's
        if opener == "each" and re.search(r"\b(?:for|in|within|by)\s+$", question[:m.start()].lower()):
            continue  # counted under its own opener
        if (opener == "each" and re.search(r"\bof\s+$", question[:m.start()].lower()) or opener in L.EVERY_OPENERS) \
                and not _AGGREGATE_WORD.search(question[:m.start()]) and not _PICKED.search(question[:m.start()]):
            continue  # "the title of each book" is every row's; "the number of books of each genre" and
            # "the most recent transaction of each account" group
        if opener == "each" and re.search(r"\bbetween\s+$", question[:m.start()].lower()):
            continue  # "the difference between each amount and the previous one" compares every row's
        if (pair := _PAIR_GROUP.match(question, span[0])) is not None and all(
                match_column((pair.group(g).lower(),), frame, worst=3) for g in (1, 2)):
            # "for each origin-destination pair": a group of two columns, said as one
            out += [Item(text=pair.group(g), words=(pair.group(g).lower(),), span=pair.span(g),
                         column=match_column((pair.group(g).lower(),), frame, worst=3)) for g in (1, 2)]
            continue
        while (item := _group_item(phrase, span, question, frame, tables, catalog)) is not None:
            out.append(item)
            # "per return flag and line status": one more key after "and", where its words name one
            # or an entity's key ("per account type and branch").
            more = _AND_PHRASE.match(question, span[1])
            if more is None:
                break
            words = item_words(more.group(1))
            # "per order status and priority": a word alone that names no one column shares the
            # modifier of the key before it (`o_orderpriority`, not `o_shippriority`).
            shared = (item.words[0], *words)
            if len(words) == 1 and len(item.words) > 1 and not match_column(words, frame, worst=3) \
                    and (column := match_column(shared, frame, worst=3)):
                out.append(Item(text=more.group(1), words=shared, span=more.span(1), column=column))
                break
            # ("per author country and genre name": a column of the table its first word names)
            owner = _named_table(words[:1], tables, catalog) if len(words) > 1 else None
            if not (match_column(words, frame, worst=3) or owner and match_column(words, _own_frame(owner, catalog), worst=3)
                    or key_column(words, frame) or len(words) == 1 and _named_table(words, tables, catalog)
                    or words and words[0] in L.PERIOD_WORDS):  # "per doctor and year"
                break
            phrase, span = more.group(1), more.span(1)
    # "per genre, by genre name": the second phrase names the same group by its label.
    return [item for item in out if not any(other.words[:len(item.words)] == item.words
                                            and len(other.words) > len(item.words) for other in out)]


def _column_across(phrase: str, frame: Mapping[str, ColType], tables: tuple[str, ...],
                   catalog: Mapping[str, TableInfo]) -> bool:
    """"across continents", "among regions": a column's values, not the rows of a table."""
    words = item_words(phrase)
    return bool(words) and words[0] not in ("all", "every", "the") and match_column(words, frame, worst=3) is not None \
        and not _named_table(words[-1:], tables, catalog)


_AND_PHRASE = re.compile(r"\s+and\s+" + PHRASE)
# A quoted text or a capitalised name right after the words of a "by" phrase.
# ... or a number ("by carrier 2 or 3": the rows of carriers named by their keys).
_NAME_AFTER = re.compile(r"\s*['\"`]|\s+[A-Z][\w.&/-]*(?=[\s.,;:!?]|$)|\s+\d+\b(?![-/:])")


def _group_item(phrase: str, span: Span, question: str, frame: Mapping[str, ColType], tables: tuple[str, ...],
                catalog: Mapping[str, TableInfo]) -> Item | None:
    """The group a phrase names: a column, an entity's key or a period of a date; None if none."""
    words = item_words(phrase)
    if len(words) > 1 and words[-1] in L.MEMBER_WORDS:
        words = words[:-1]  # "each staff member" is each of the staff
    if len(words) == 2 and words[0] in L.PERIOD_MODIFIERS and words[1] in L.PERIOD_WORDS:
        words = words[1:]
    # ("how many books each one has": "one" stands for the rows named before, no group of its own.)
    if not words or words[0] in L.AGGREGATE_WORDS or words[0] in L.ORDER_WORDS or words[0] in L.PRONOUNS:
        return None
    # "for each customer" of payments is the column that points at a customer, else the
    # customers' own key.
    if len(words) > 1 and words[-1] in L.PERIOD_WORDS and (dated := _dated_period(words, question, frame)):
        return Item(text=phrase.strip(), words=words, span=span, expr=dated)  # "by departure year"
    if words == ("day",) and _OF_WEEK.match(question, span[1]) and tables:
        return Item(text=phrase.strip(), words=words, span=span,  # "per day of the week"
                    expr=_period(("weekday",), question, catalog[tables[0]]))
    entity = _named_table(words, tables, catalog)
    column = key_column(words, frame) or (_entity_key(catalog[entity], frame) if entity else None)
    # "per doctor id": the `doctor_id` the words spell, not the doctors' own `id` that other
    # tables have too.
    spelled = [name for name in frame if W.split_identifier(name) == words]
    column = spelled[0] if column is not None and len(spelled) == 1 else column
    if column is None and (whole := _all_words(phrase)) != words:
        # "per return flag": a verb that is a stopword elsewhere is part of a column's name here.
        column = match_column(whole, frame, worst=3)
        words = whole if column is not None else words
    if column is not None and len(words) == 1 and words[0] in L.PERIOD_WORDS and tables \
            and column not in catalog[tables[0]].columns and _period(words, question, catalog[tables[0]]):
        column = None  # "drivers hired per year": a period of the rows' own date, not another table's `modelYear`
    expr = _period(words, question, catalog[tables[0]]) if tables and column is None else None
    if expr is None and column is None and words[0] in L.PERIOD_WORDS:
        return None
    if expr is None and column is None and (label := match_column(words, frame)) is not None \
            and frame[label].dtype == "str":
        column = label  # "per page" of `pageUrl`: a text column the word opens or ends
    return Item(text=phrase.strip(), words=words, span=span, column=column, expr=expr)


_OF_WEEK = re.compile(r"\s+of\s+(?:the\s+)?week\b", re.IGNORECASE)


def _dated_period(words: tuple[str, ...], question: str, frame: Mapping[str, ColType]) -> str | None:
    """"departure year", "signup month": the period of the date column the other words name."""
    dates = {name: t for name, t in frame.items() if t.iso or t.dtype in ("date", "datetime")}
    column = match_column(words[:-1], dates)
    if column is None and len(words) == 2:
        # "per invoice year": the year of the invoices' own date
        owners = {t.table for t in dates.values() if t.table and W.split_identifier(t.table)
                  and _same_noun(W.split_identifier(t.table)[-1], words[0])}
        column = _row_date(words[0], {n: t for n, t in dates.items() if t.table in owners}) if len(owners) == 1 else None
    return f"{_part(words[-1], question)}({quote_name(column)})" if column is not None else None


def _agent(word: str) -> bool:
    """"orders placed by customers": the word before "by" is a participle whose "by" names who
    did it, not a group."""
    return word not in L.GROUPING_PARTICIPLES and W.participle(word)


def _all_words(text: str) -> tuple[str, ...]:
    """Every word of a phrase but its articles, split as column names are."""
    return tuple(p for w in W.words(text) for p in W.split_identifier(w.lower) if p not in ("the", "a", "an"))


# "Tracks with album title and artist name": a bare "with" before the columns looked up ("with a
# fine", "with more than 3 loans", "with 2 handles" keep rows).
_BARE_WITH = r"with(?!\s+(?:a|an|no|any|more|less|fewer|at|over|under|above|below|between|exactly|only|\d))"
_LOOKUP_OPENER = re.compile(rf"\b(?:{W.alternatives(L.LOOKUP_OPENERS)}|{_BARE_WITH})\b", re.IGNORECASE)
_LOOKUP_AFTER = re.compile(rf"\s+(?:{W.alternatives(L.LOOKUP_OPENERS)}|{_BARE_WITH})\b", re.IGNORECASE)


def _looked_up(question: str, groups: tuple[Item, ...], frame: Mapping[str, ColType], tables: tuple[str, ...],
               catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"Use the genre table to fetch each song's genre name, for each song", "Shipments with the
    customer's city", "Each enrollment with the student's name and course title": what is looked
    up for each row of an entity: the entity's labels, then those things; () where the words
    are not that."""
    if len(groups) != 1 or groups[0].expr is not None or _AGGREGATE_WORD.search(question):
        return ()
    group = groups[0]
    entity = _named_table(group.words, tables, catalog)
    labels = entity_labels(catalog[entity]) if entity else []
    if entity is None and group.column is not None:
        entity, labels = frame[group.column].table, [group.column]  # "for each card id": that column
    if not labels or any(label not in frame for label in labels):
        return ()
    # "For each book, the author's country": the group's clause opens what is looked up too.
    opened = _GROUP_FIRST.match(question)
    for at in sorted([*(m.end() for m in _LOOKUP_OPENER.finditer(question)), *([opened.end()] if opened else [])],
                     reverse=True):
        _, items = _items(question, at)
        items = [(_owner_before(question, words, span, tables), span)
                 for words, span in _shared_heads(items, frame) if words[-1] not in L.ORDER_TAIL and words != group.words]
        found = [_label_of(words, entity, tables, catalog) or _column_of_any(words, tables, catalog)
                 for words, _ in items]
        if not items or None in found or len(items) > 1 and not _LIST_END.match(question, items[-1][1][1]):
            continue
        # The entity's own columns are listed, not looked up ("for each customer, show the name").
        if any(table == entity for table, _ in found):  # type: ignore[misc]
            return ()
        return (*(Item(text=group.text, words=group.words, span=group.span, column=label, table=entity)
                  for label in labels),
                *(Item(text=question[span[0]:span[1]].strip(), words=words, span=span, column=column, table=table)
                  for (words, span), (table, column) in zip(items, found)))  # type: ignore[misc]
    return ()


def _label_of(words: tuple[str, ...], entity: str | None, tables: tuple[str, ...],
              catalog: Mapping[str, TableInfo]) -> tuple[str, str] | None:
    """"Each book with its genre": another entity named alone is shown by its label (the
    book's `genre_id` only points at it)."""
    other = _named_table(words, tables, catalog)
    labels = entity_labels(catalog[other]) if other is not None and other != entity else []
    return (other, labels[0]) if len(labels) == 1 and labels[0] != catalog[other].entity_key else None


_OF_OWNER = re.compile(r"\bof\s+(?:its|their|the)\s+([A-Za-z_]+)\s*$", re.IGNORECASE)


# Several things looked up are the whole rest of the sentence ("..., course title."), no clause after them.
_LIST_END = re.compile(r"\s*(?:[.?!]|$)")
# "Shipments with the customer's city": the plural entity the question opens with, before what
# is looked up for each of its rows.
# "Every subscription with its plan's fee", "Enrollment id with the course's subject": one row
# said in the singular, or the entity's key; "Lab panel id with ...": a table named by two words.
# ("The 10 most populous cities with their country name": the rows a limit keeps open it too)
# ("Top 5 products by price with their category name": and the order the limit keeps them in)
_RANKED_BEFORE = r"(?P<ranked>(?:top\s+\d+|\d+)\s+(?:(?:most|least)\s+[A-Za-z]+\s+|[A-Za-z]+est\s+)?)?"
_ENTITY_OPENS = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?:(?:the|all|(?P<each>each|every))\s+)?"
                           rf"{_RANKED_BEFORE}(?:(?P<first>[A-Za-z_]+)\s+)??(?P<noun>[A-Za-z_]+)(?:\s+(?P<key>ids?))?"
                           r"(?(ranked)(?:\s+by\s+(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)?)\s+"
                           rf"(?=(?:{W.alternatives(L.LOOKUP_OPENERS)}|{_BARE_WITH})\b)", re.IGNORECASE)


def _opening_entity(question: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """The plural noun of a table that opens the question (or its noun after "each", or its
    key), as "each <noun>" would be its group."""
    found = _ENTITY_OPENS.match(question)
    if found is None or W.singular(noun := found.group("noun").lower()) == noun \
            and not found.group("each") and not found.group("key"):
        return ()
    entity = _named_table((W.singular(noun),), tables, catalog)
    if entity is None or found.group("first") and found.group("first").lower() not in W.split_identifier(entity):
        return ()
    if found.group("key"):
        key = catalog[entity].entity_key
        return (Item(text=question[found.start("noun"):found.end("key")], words=(W.singular(noun), "id"),
                     span=(found.start("noun"), found.end("key")), column=key, table=entity),) if key else ()
    return (Item(text=found.group("noun"), words=(noun,), span=found.span("noun"), table=entity),)


def _ranked_entity(question: str, at: int, frame: Mapping[str, ColType], tables: tuple[str, ...],
                   catalog: Mapping[str, TableInfo], one: bool = False) -> tuple[Item, ...]:
    """"Top 5 customers by total spend", "the 5 airlines with the lowest average fare": the
    entity after the number is a group, ranked by its aggregate; so are the values of a column
    said in the plural ("top 5 countries by number of customers"), or in the singular where
    `one` value is asked ("Which subject has the lowest average fee?")."""
    said = W.words(question[at:])
    # "Find the user with the longest ...": the words that ask name no entity.
    said = said[next((k for k, word in enumerate(said) if word.lower not in L.ASKING_WORDS), 0):][:3]
    for k, word in enumerate(said[:2]):
        span = (word.start + at, word.end + at)
        # "Which account type has ...": a column's two words, before the table the first names.
        # "top 5 billing cities by revenue": so is a column's two words in the plural.
        pair = (word.lower, W.singular(said[k + 1].lower)) if k + 1 < len(said) and (
            one or W.singular(said[k + 1].lower) != said[k + 1].lower) else None
        if pair and (column := match_column(pair, frame, worst=3)) is not None:
            return (Item(text=f"{word.text} {said[k + 1].text}", words=pair, span=(span[0], said[k + 1].end + at),
                         column=column, table=frame[column].table),)
        entity = _named_table((word.lower,), tables, catalog)
        if entity is not None and (key := catalog[entity].entity_key) is not None:
            return (Item(text=word.text, words=(word.lower,), span=span, column=key, table=entity),)
        noun = W.singular(word.lower)
        if (noun != word.lower or one) and (column := key_column((noun,), frame)) is not None:
            return (Item(text=word.text, words=(noun,), span=span, column=column, table=frame[column].table),)
        if word.lower not in W.STOPWORDS and not (k + 1 < len(said) and _role_before(word.lower, said[k + 1].lower,
                                                                                    tables, catalog)):
            break
    return ()


def _role_before(word: str, noun: str, tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> bool:
    """"Top 5 destination airports", "its origin airport's city": the word names the column that
    points at the entity the noun after it names (`f_dest` at airports), the role it plays."""
    entity = _named_table((noun,), tables, catalog)
    return entity is not None and role_pointer({t: catalog[t] for t in tables}, L.ROLE_WORDS.get(word, word),
                                               entity) is not None


def entity_labels(table: TableInfo) -> list[str]:
    """What an entity's rows are shown by: its labels, else its key."""
    labels = table.labels()
    return labels if 0 < len(labels) <= 2 else [key] if (key := table.entity_key) else []


def _column_of_any(words: tuple[str, ...], tables: tuple[str, ...],
                   catalog: Mapping[str, TableInfo]) -> tuple[str, str] | None:
    """The one (table, column) of any table the words name most closely ("genre name" is the
    genres' `name`, though the tracks have a `name` too)."""
    ranked = [(rank, (table, column)) for table in tables for column in catalog[table].columns
              if (rank := rank_column(words, column, table)) is not None and rank <= 3]
    best = min((rank for rank, _ in ranked), default=None)
    found = [ref for rank, ref in ranked if rank == best]
    # "the account's balance": its `CURR_BAL`; "its origin airport's city": past the role before
    # the noun; "their department's city": of a table the owner points at, where it has none.
    owned = next(((owner, k) for k in range(min(2, len(words) - 1))
                  if (owner := _named_table(words[k:k + 1], tables, catalog)) is not None
                  and (k == 0 or _role_before(words[0], words[1], tables, catalog))),
                 None)
    if not found and owned is not None:
        owner, k = owned
        # "the staff member's first name": a word for one of the owner's people is no column's.
        k += words[k + 1] in L.MEMBER_WORDS and len(words) > k + 2 and _named_table(words[k + 1:k + 2], tables, catalog) is None
        return _column_of_any(words[k + 1:], (owner,), catalog) or _column_of_any(words[k + 1:], tables, catalog)
    return found[0] if len(found) == 1 else None


# Words that ask for an aggregate: "the first and last loan date" for the least and the greatest
# date ("the first and last name" for two columns), "headcount" for a count.
_AGGREGATE_WORD = re.compile(rf"\b(?:how many|number of|count|{W.alternatives(L.COUNT_NOUNS)}|total|sum|average|avg|mean"
                             r"|median|maximum|minimum|max|min"
                             # "first and last order date", "earliest and latest order date": a date's min and max
                             r"|(?:(?:first|earliest)\s+and\s+(?:the\s+)?(?:last|latest)"
                             r"|(?:last|latest)\s+and\s+(?:the\s+)?(?:first|earliest))(?:\s+[A-Za-z_]+){0,2}?\s+"
                             rf"(?:{W.alternatives(tuple(L.DATE_SUFFIXES))})s?)\b", re.IGNORECASE)


# "brand number (the text after 'Brand#')": what follows a prefix the values begin with (nlq.derive).
AFTER_PREFIX = re.compile(rf"\s*\(\s*(?:the\s+)?(?:{W.alternatives(L.TEXT_PART_NOUNS)})\s+after\s+"
                          r"(?P<q>['\"])(?P<prefix>[^'\"]+)(?P=q)\s*\)", re.IGNORECASE)


def _period_adverb(question: str, table: TableInfo, frame: Mapping[str, ColType]) -> tuple[Item, ...]:
    """"Monthly reading count": a group by the period the adverb names ("the monthly fee" is a
    column's words)."""
    words = W.words(question)
    for k, word in enumerate(words):
        noun = L.PERIOD_ADVERBS.get(word.lower)
        if noun is not None and (expr := _period((noun,), question, table)) is not None \
                and not (k + 1 < len(words) and match_column((word.lower, words[k + 1].lower), frame)):
            return (Item(text=word.text, words=(noun,), span=(word.start, word.end), expr=expr),)
    return ()


# The windows that may run over periods' aggregates rather than rows.
_OVER_PERIODS = ("cumulative", "previous", "next", "rolling")
_PERIOD_NOUN = W.alternatives(tuple(L.PERIOD_ADVERBS.values()))
_PERIOD_SAID = re.compile(rf"\b(?:each|every|the)\s+({_PERIOD_NOUN})(?:'s|s')"
                          rf"|\b(?:by|per|each|every)\s+(?:the\s+)?({_PERIOD_NOUN})\b", re.IGNORECASE)


def _period_said(question: str, table: TableInfo, listed: tuple[Item, ...]) -> tuple[Item, ...]:
    """"each month's total", "cumulative revenue by month", "month, revenue and running total":
    a group by that period, beside a window."""
    nouns = tuple(L.PERIOD_ADVERBS.values())
    found = _PERIOD_SAID.search(question)
    if found is not None:
        span = found.span(1) if found.group(1) else found.span(2)
    else:
        item = next((item for item in listed if len(item.words) == 1 and item.words[0] in nouns), None)
        if item is None:
            return ()
        at = question.lower().index(item.words[0], item.span[0])
        span = (at, at + len(item.words[0]))
    word = question[span[0]:span[1]].lower()
    expr = _period((word,), question, table)
    return (Item(text=word, words=(word,), span=span, expr=expr),) if expr else ()


_WITH_THEIR = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?:(?:the|all)\s+)?"
                         # "Album titles with their track count": a column's noun after its table's
                         r"(?:(?P<owner>[A-Za-z_]+)\s+(?=[A-Za-z_]+\s+(?:with|along|together|and)\s))?(?P<noun>[A-Za-z_]+)\s+"
                         # "Customers from Germany with their ...": a place or name that keeps some of them
                         r"(?:(?:from|in|at|of)\s+(?:[A-Z][\w-]*\s+){1,3})?"
                         rf"(?:{W.alternatives(L.WITH_THEIR)})\s+(?=(?:[a-z]+\s+){{0,3}}?(?:{W.alternatives(tuple(L.AGGREGATE_WORDS))})\b)",
                         re.IGNORECASE)

# "Suppliers with the number of products they supply", "Every author and the number of books
# they wrote": a pronoun after the aggregate refers back to the entity the question opens with.
_WITH_THE_THEY = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?:(?:the|all|(?P<each>every|each))\s+)?"
                            rf"(?P<noun>[A-Za-z_]+)\s+(?:with|and)\s+the\s+(?=(?:[a-z]+\s+){{0,3}}?"
                            rf"(?:{W.alternatives(tuple(L.AGGREGATE_WORDS))})\b[^.;:,]*?\b(?:they|it|he|she)\b)",
                            re.IGNORECASE)


# "Account types and how many accounts each has", "Sites with the number of devices at each":
# the values the question opens with, a count after them that "each" ends.
_EACH_OF_THEM = re.compile(rf"^\s*(?:(?:{W.alternatives(L.LIST_OPENERS)})\s+)?(?:(?:the|all)\s+)?"
                           r"(?P<noun>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+s)\s+"
                           rf"(?:and|{W.alternatives(L.LIST_OPENERS_AFTER_COMMA)})\s+(?:the\s+)?"
                           r"(?:how\s+many|number\s+of|count\s+of)\s[^.?!;,]*?\b(?:(?:in|at|for|of)\s+)?each"
                           r"(?:\s+one)?(?:\s+[a-z]+)?\s*[.?!]?\s*$", re.IGNORECASE)


def _entities_with_their(question: str, frame: Mapping[str, ColType], tables: tuple[str, ...],
                         catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"Customers with their total invoice amount": the entity the question opens with, plural,
    is a group its aggregates are of, as "each customer" is; "Account types and how many
    accounts each has": so are the values it opens with."""
    if (each := _EACH_OF_THEM.match(question)) is not None:
        words = each.group("noun").lower().split()
        item = _group_item(" ".join([*words[:-1], W.singular(words[-1])]), each.span("noun"), question,
                           {name: t for name, t in frame.items() if t.table != _named_table(tuple(words), tables, catalog)}
                           or frame, tables, catalog)
        return (item,) if item is not None and item.column is not None else ()
    found = _WITH_THEIR.match(question) or _WITH_THE_THEY.match(question)
    if found is None or W.singular(noun := found.group("noun").lower()) == noun and not found.groupdict().get("each"):
        return ()
    entity = _named_table((noun,), tables, catalog)
    # The column of the measured rows that points at the entity (the visits' `doctor_id`, not the
    # doctors' own `id`), as "for each doctor" reads it.
    others = {name: t for name, t in frame.items() if t.table != entity}
    owner = found.groupdict().get("owner") if entity is None else None  # "Album titles": the albums' title
    said, span = (f"{owner} {W.singular(noun)}", (found.start("owner"), found.end("noun"))) if owner \
        else (W.singular(noun), found.span("noun"))
    items = (_group_item(said, span, question, columns, tables, catalog) for columns in (others, frame))
    item = next((item for item in items if item is not None and item.column is not None), None)
    # "Continents with their total population": the values of a column, where no table is named.
    return (item,) if item is not None and (entity is not None or not W.key_like(item.column)) else ()


def _starts(text: str, openers: tuple[str, ...]) -> bool:
    return any(re.match(re.escape(o) + r"\b", text) for o in openers)


def read(link: Link, catalog: Mapping[str, TableInfo]) -> Intent:
    """The Intent of the question `link` was made for."""
    question = link.question
    # "..., with the columns titled doctor and field": names for the listed items in their order,
    # themselves no items.
    if (headers := _HEADERS.search(question)) is not None:
        question = W.blanked(question, *headers.span())
    lowered = question.lower().strip()
    frame = _frame(link, catalog)
    owned = {table: _own_frame(table, catalog) for table in link.tables}

    # "prof_name, rank and salary": a column named like a window word, listed, is that column.
    unwindowed = question
    for m in _LISTED_WORD.finditer(question):
        if m.group(1).lower() in L.WINDOW_WORDS and m.group(1) in frame:
            unwindowed = W.blanked(unwindowed, *m.span(1))
    window_kind = _window(unwindowed)
    keyed: tuple[Item, ...] = ()  # a leading list whose columns key its aggregates
    listed_items = _added_at_end(question, frame, link) if window_kind is None else ()
    if not listed_items:
        _, items = listed(question)
        # "Give every shipment's customer name and carrier name": the list is of each shipment's.
        listed_items = _listed_of_each(question, link.tables, catalog) \
            or _listed_items(question, _window_apart(question, items, window_kind), frame, owned)
    if not listed_items:
        # "..., 1 being the largest" says where a rank starts, no item.
        starts = rank_start(question) or (0, 0)
        first = tuple(item for item in _listed_items(question, _window_apart(question, leading(question), window_kind),
                                                     frame, owned)
                      if not starts[0] < item.span[1] <= starts[1])
        # "Orders where ... and ...": a table's plural noun opens rows, not a list of columns
        # ("how many flights it operates" counts them).
        entity = any(len(item.words) == 1 and not item.fn and W.singular(item.words[0]) != item.words[0]
                     and _named_table(item.words, link.tables, catalog) for item in first)
        # "Account id, balance and its balance rank within the branch", "title, cost and the
        # cost's share of the genre's total": a window's item among them, by its words or where
        # the window's words are.
        windowed = [item for item in first if set(item.words) & (L.RANK_WORDS | L.OTHER_WINDOW_WORDS)
                    or window_kind is not None and item.span[0] <= window_kind.span[0] < item.span[1]]
        # "Airline code, flight count and rank by flight count": beside a window, an aggregate too.
        listed_items = first if len(windowed) <= 1 and all(item.column or item in windowed or windowed and item.fn
                                                           for item in first) \
            and len(windowed) < len(first) - 1 and not entity else ()
        # "Department name, budget and number of employees": an entity's columns and aggregates
        # of other rows, one row per entity.
        if not listed_items and not windowed and not entity and window_kind is None \
                and all(item.column or item.fn for item in first) and any(item.fn for item in first) \
                and all(item.fn != "ratio" for item in first) and first[0].column and not first[0].fn \
                and all(first[0].span[0] <= found.start() < first[0].span[1] for found in _GROUP.finditer(question)):
            # ("Each teacher's name and the number of courses": "each" opens the first item, no group)
            listed_items = keyed = first
    if not listed_items:
        # "Give me the 5 oldest patients (name and birth date)": a list in parentheses, of columns only.
        inside = _listed_items(question, parenthesized(question), frame, owned)
        listed_items = inside if all(item.column for item in inside) else ()
    if not listed_items and (opened := _GROUP_FIRST.match(question)) and window_kind is None:
        after = _listed_items(question, _items(question, opened.end())[1], frame, owned)
        # "For each loan, the loan id, member name and book title": columns listed for each row, or aggregates.
        noun = W.words(opened.group())[-1]
        entity = _named_table((noun.lower,), link.tables, catalog)
        # "For each author, the name and the number of books": the entity's own columns key the
        # aggregates beside them.
        mixed = entity is not None and any(item.fn for item in after) and all(
            item.fn or item.column in catalog[entity].columns for item in after) and not after[0].fn
        listed_items = after if len(after) >= 2 and (mixed or all(item.fn for item in after) or not any(
            item.fn for item in after) and any(item.column for item in after)) else ()
        # "For each enrollment, the student's name and the course's teacher name": columns of
        # other tables only are looked up for each row, shown first by its labels.
        # An item that names the entity ("genre id", "the loan id") is its own.
        if entity and listed_items and all(
                not item.fn and item.column not in catalog[entity].columns
                and not any(_named_table((word,), (entity,), catalog) for word in item.words)
                for item in listed_items):
            listed_items = (Item(text=noun.text, words=(noun.lower,), span=(noun.start, noun.end), table=entity),
                            *listed_items)
    if (each := _EACH_ITS.search(question)) is not None:
        # "For each delivered shipment, its id and transit time": that entity's columns listed.
        entity = _named_table((W.words(each.group("entity"))[-1].lower,), link.tables, catalog)
        if not listed_items:
            _, items = _items(question, each.end())
            key = catalog[entity].entity_key if entity else None
            # "its id" is the entity's own key.
            after = tuple(item.model_copy(update={"column": key, "table": entity})
                          if item.column is None and key and set(item.words) <= L.KEY_PARTS else item
                          for item in _listed_items(question, items, frame, owned))
            listed_items = after if len(after) > 1 and all(item.column for item in after) else ()
        own = {name: t for name, t in frame.items() if t.table == entity}
        # "its name" is the entity's name, whatever other table has a name too.
        listed_items = tuple(item.model_copy(update={"column": column, "table": entity})
                             if re.match(r"(?:its|their)\b", item.text, re.IGNORECASE)
                             and (column := match_column(item.words, own)) is not None else item
                             for item in listed_items)
    # "Each subject's share of total fees" is a share of a sum, not of rows.
    ratio = _ratio(link) if window_kind is None or window_kind.kind != "share" else None
    if not listed_items and ratio is None:  # "percentage of devices that are active for each site": no column looked up
        listed_items = _asked_after(question, frame, link) or _looked_up_of_each(question, link.tables, catalog) \
            or _which_of_each(question, link.tables, catalog) \
            or _one_column_of(question, link.tables, catalog) or _when_asked(question, link.tables, catalog) \
            or _one_named(question, frame) or _one_listed(question, frame, link.tables, catalog) \
            or _one_after_colon(question, frame, link.tables, catalog)
    rows = [not item.fn and _named_table(item.words, link.tables, catalog) is not None
            and (_EVERY_ROW.match(item.text) is not None or W.singular(item.words[0]) != item.words[0])
            for item in listed_items]
    if window_kind is not None and window_kind.kind == "group_aggregate" and not _rows_beside(
            question, window_kind, listed_items, link.tables, catalog):
        window_kind = None  # "What is the member's average fine?": no row beside the aggregate, no window
    if window_kind is not None:
        # "Show each flight with its fare's share of ...", "List flights with the fare of the prior
        # flight": the rows themselves, every column of theirs beside the window, not their labels;
        # the window's item alone ("each invoice with the amount of the preceding invoice") lists
        # no column, as a rank's may ("its rank by fare").
        listed_items = tuple(item for item, row in zip(listed_items, rows) if not row)
        if window_kind.kind != "rank" and all(item.span[0] <= window_kind.span[0] < item.span[1]
                                              for item in listed_items):
            listed_items = ()
    listed_items = _entities(listed_items, link.tables, catalog)
    listed_items = _named_after(question, listed_items, frame)
    if headers is not None and len(names := _HEADER_NAMES.split(headers.group("names"))) == len(listed_items):
        listed_items = tuple(item.model_copy(update={"name": name}) for item, name in zip(listed_items, names))
    # "Give each airline's name labelled carrier": a column read alone, the name right after it.
    listed_items = tuple(item.model_copy(update={"name": name})
                         if item.name is None and item.column and sum(i.span == item.span for i in listed_items) == 1
                         and (name := _item_name(item.text) or _name_next(question, item.span[1])) else item
                         for item in listed_items)
    renames, renamed = _renames(question)
    if renamed is not None:  # the words of a rename are not columns listed
        # ("email with emp_email renamed to mail": an item said before the rename is listed)
        listed_items = tuple(item for item in listed_items if item.span[0] < renamed[0] or item.span[0] >= renamed[1])
        # "List all departments, renaming ...": the table's noun left asks for its rows, whole.
        if all(_named_table(item.words, link.tables, catalog) for item in listed_items):
            listed_items = ()
    # An aggregate word inside a listed column's words is part of its name ("page count"), and
    # so is one in the column a listed rank ranks by ("its rank by page count"), or a count a row
    # holds anywhere ("Rank books by page count", "sorted by dock count"), or a row number's
    # ("Row number of each transaction"); not one its words leave out ("The product with the
    # highest total line value, with its category" lists the product).
    numbered = window_kind.span if window_kind is not None and window_kind.kind == "number" else (0, 0)
    aggregates = tuple(h.fn for h in sorted(link.names, key=lambda h: h.span) if h.fn and not any(
        (item.column or item.words[0] in L.RANK_WORDS) and not item.fn and item.span[0] <= h.span[0] < item.span[1]
        and {w.lower for w in W.words(h.text)} & set(item.words) for item in listed_items)
        and not _holds_count(question, h, frame) and not numbered[0] <= h.span[0] < numbered[1]
        and not _shifted_column(h, window_kind, frame) and not _picks_row(h, link.tables)
        and not any(m.start() <= h.span[0] < m.end() for m in _NAMING_SAID.finditer(question)))
    tokens = {w.lower for w in W.words(lowered)}
    window = bool({w.lower for w in W.words(unwindowed)} & L.WINDOW_WORDS - L.ONGOING_WORDS) \
        and not re.search(r"\bwithin\s+\d", lowered) \
        or window_kind is not None
    tops = [lit for lit in link.literals if lit.kind == "top_n"]
    # "Show the names and salaries, highest salary first, top 5": the limit is no column listed.
    listed_items = tuple(item for item in listed_items if item.fn or not any(
        _LEADING_ARTICLE.sub("", item.text.strip(" .,;")).lower() == lit.text.lower() for lit in tops))
    # A superlative in a run of aggregates asks for a value ("the number of flights and the
    # longest distance"), not for the row that holds it.
    # "tied rows sharing the lowest rank" says how ties rank, not which row is asked for.
    superlative = next((found for found in _SUPERLATIVE.finditer(question) if not any(
        h.fn and h.span[0] <= found.start("word") < h.span[1] for h in link.names)
        and not _BEFORE_RANK_WORD.match(question, found.end())
        and not RUN_EXTREME.match(question, found.start("word"))), None)  # "the lowest fare so far"
    groups = tuple(_groups(question, frame, link.tables, catalog, groups_by=not (window or tops or superlative),
                           values=tuple(v.span for v in link.values if v.how != "boolean")))
    # "Revenue per region and product": a list whose first item holds the first group and whose
    # others are the groups after it is the groups' phrase, no list.
    if groups and len(listed_items) > 1 and listed_items[0].span[0] < groups[0].span[0] < listed_items[0].span[1] \
            and all(any(_overlap(item.span, group.span) for group in groups[1:]) for item in listed_items[1:]):
        listed_items = ()
    if not groups and keyed and listed_items == keyed:
        groups = tuple(item for item in keyed if not item.fn)
    if not groups and link.tables and (not window or window_kind is not None and window_kind.kind in _OVER_PERIODS):
        # "the running total of monthly revenue", "each month's total and the one before": a
        # window over the periods' aggregates; "Return the quarter and the total quantity": a
        # period listed beside an aggregate is its group.
        groups = _period_adverb(question, catalog[link.tables[0]], frame) \
            or (_period_said(question, catalog[link.tables[0]], listed_items) if window or aggregates else ())
    if not groups and not window and not tops:
        groups = _entities_with_their(question, frame, link.tables, catalog)
    if not renames:
        looked_up = _looked_up(question, groups or _opening_entity(question, link.tables, catalog), frame,
                               link.tables, catalog)
        # "Each enrollment with the student's name and course title": the list read already is
        # what is looked up right after the entity, less the entity's labels; "Every loan with
        # the title of its book and the member's name": or some of what is looked up.
        if looked_up and (not listed_items or (_LOOKUP_AFTER.match(question, looked_up[0].span[1])
                                               or _GROUP_FIRST.match(question))
                          and ([item.column for item in listed_items]
                               == [item.column for item in looked_up if item.table != looked_up[0].table]
                               or {item.column for item in listed_items} < {item.column for item in looked_up})):
            listed_items, groups = looked_up, ()
    if groups and not aggregates and not ratio and not _AGGREGATE_WORD.search(question) and _own_keys(groups, link, catalog):
        groups = ()  # "Airports that are hubs, by name": an order of the rows, each its own group
    # "the number of distinct books", "Number of loans, distinct books and ...": counts of values, no distinct rows.
    # ("at least 2 different countries": a count of values compared)
    distinct = bool(tokens & L.DISTINCT_WORDS or _ONCE.search(lowered)) and not re.search(r"\b(?:number|count) of (?:distinct|unique|different)\b|"
                                                                 r"\bhow many (?:distinct|unique|different)\b|"
                                                                 r"\d+\s+(?:distinct|unique|different)\b", lowered) \
        and not any(h.fn == "n_unique" for h in link.names)

    limit = tops[0].value if len(tops) == 1 and isinstance(tops[0].value, int) else None
    descending = tops[0].descending if limit is not None else None
    if limit is not None and (said := _said_direction(question)) is not None:
        descending = said  # "the first 10 ..., by amount descending", "... sorted from highest to lowest"
    counted = _COUNTED.search(question)
    if limit is None and counted and superlative:
        # "the 5 books that would cost the most": the number before the noun, the order after it.
        limit = W.small_number(counted.group(1))
        descending = superlative.group("word").lower() in L.HIGH_WORDS
    elif limit is None and counted and (recent := _RECENTLY.search(question, counted.end())):
        # "Which 5 teachers were hired most recently?": the latest ones, by the date of that event.
        limit, descending = W.small_number(counted.group(1)), recent.group(1).lower() == "most"
    # "the top 2 products by price in each category": the limit holds within each group.
    per_group = limit is not None and bool(groups) and not aggregates
    if limit is not None and not groups and (tops or counted) and any(h.fn for h in link.names):
        number = re.search(rf"\b(?:{W.SMALL_NUMBER})\b", tops[0].text, re.IGNORECASE) if tops else None
        at = tops[0].span[0] + number.end() if number else tops[0].span[1] if tops else counted.end(1)
        groups = _ranked_entity(question, at, frame, link.tables, catalog)
    starts_at = rank_start(question) if window else None
    # "1 being the busiest" says where a rank starts, not that one row is asked for.
    single = limit is None and superlative is not None and not _EACH.search(question) and not _plural_before(
        question, superlative.start()) and not (starts_at and starts_at[0] <= superlative.start() < starts_at[1])
    if single and superlative is not None and (asked := _VALUE_ASKED.match(question)) \
            and not _row_noun(item_words(asked.group("rest")), link.tables):
        single = False  # "What is the highest freight?" asks for the value, not a row ("the longest session")
    if single and superlative is not None:
        descending = superlative.group("word").lower() in L.HIGH_WORDS
    if limit is None and not single and not groups and not aggregates and (recent := _RECENTLY.search(question)) \
            and re.match(r"\s*(?:who|which|what)\b", question, re.IGNORECASE):
        # "Who was hired most recently?": the one row latest (or earliest) by that event's date.
        single, descending = True, recent.group(1).lower() == "most"
    if single and not groups and any(h.fn not in (None, "len") or h.fn == "len" and not question[
            superlative.end("word"):h.span[0]].strip() for h in link.names if h.span[0] >= superlative.start()):
        # "Which doctor has the highest total fees?": the entity named before the superlative is
        # a group ranked by its aggregate, the first one kept, as "the top 1 doctor by" reads;
        # so is a count the superlative opens ("the highest number of visits", "the largest headcount").
        groups = _ranked_entity(question, W.clause_start(question, superlative.start()), frame, link.tables, catalog,
                                one=True)
        limit, single = (1, False) if groups else (limit, single)
    if (busiest := _PERIOD_MOST.match(question)) and not groups and link.tables and aggregates in ((), ("len",)):
        # "Which month of 2023 had the most loans?": the rows counted per period, the top one.
        counted = _named_table((W.singular(busiest.group("noun").lower()),), link.tables, catalog) or link.tables[0]
        expr = _period((busiest.group("part").lower(),), question, catalog[counted])
        if expr is not None:
            groups = (Item(text=busiest.group("part"), words=(busiest.group("part").lower(),),
                           span=busiest.span("part"), expr=expr),)
            aggregates, limit, single = ("len",), 1, False
            descending = busiest.group("most").lower() in L.HIGH_WORDS
    if (window or tokens & L.ORDER_CUES) and limit is None and not single:
        descending = _rank_direction(question)  # "Employees sorted by hire date, newest first"

    if window_kind is not None:
        # "Invoice id, amount and the 3-invoice moving average of amount": the aggregate word of
        # the window's own item is the window's, no aggregate of the list; a rank's is where the
        # list has its aggregate already ("airline code, flight count and rank by flight count").
        own = [item.span[0] <= window_kind.span[0] < item.span[1] for item in listed_items]
        others = any(item.fn for item, mine in zip(listed_items, own) if not mine)
        listed_items = tuple(item.model_copy(update={"fn": None}) if mine and (window_kind.kind != "rank" or others)
                             else item for item, mine in zip(listed_items, own))
    # "the total number of seats", "the average number of pages": a count of a number the rows
    # hold is the sum or mean link read in its words.
    listed_items = tuple(item.model_copy(update={"fn": hint.fn}) if item.fn == "len" and (hint := next(
        (h for h in link.names if h.fn not in (None, "len") and item.span[0] <= h.span[0] < item.span[1]), None))
        else item for item in listed_items)
    if any(item.fn for item in listed_items):
        # "number of products, cheapest unit price, heaviest unit weight": among aggregates, a
        # superlative opening an item asks for the least or greatest value too.
        listed_items = tuple(item if item.fn or (fn := _run_fn(item.words)) is None
                             else item.model_copy(update={"fn": fn}) for item in listed_items)
        aggregates = tuple(item.fn for item in listed_items if item.fn)
    if ratio is not None and _AS_SHARE.search(question):
        # "How many enrollments were withdrawn, as a percentage of all enrollments?": the count is the share's.
        aggregates, listed_items = (), tuple(item for item in listed_items if item.fn != "len")
    # "What is the bounce rate?" asks for a share of rows, no flag's values.
    if not (distinct or listed_items or aggregates or window or tops or superlative or ratio) \
            and all(group.column for group in groups) and not _counts_compared(link, catalog):
        asked = _values_asked(question, frame, link.tables, catalog)
        if asked:  # "Which vehicle types does each depot have?": each depot's, distinct
            keys = tuple(group.model_copy(update={"table": frame[group.column].table}) for group in groups)
            distinct, listed_items, groups = True, (*keys, *asked), ()
    if not aggregates and _counts_compared(link, catalog):
        aggregates = ("len",)  # "customers with more than 3 orders" compares a count
    scalar = (_starts(lowered, L.SCALAR_OPENERS) and not groups and not window and limit is None and not single
              and not distinct and not _starts(lowered, L.ROW_OPENERS)
              and not any(item.fn is None and item.column is not None for item in listed_items))

    # A derivation word inside the words that name a column is part of its name ("return flag").
    named = {w for item in (*groups, *listed_items) if item.column for w in item.words} | {
        w for item in listed_items if item.fn for w in _measured(item.words, frame)} | {
        w for hint in link.names if hint.fn for w in _measured(item_words(hint.text), frame)}  # "average film length"
    # "its name labelled doctor_name" names a column, "per status, labelled headcount" the
    # aggregate before it: no label computed.
    named |= {m.group().split()[0].lower() for m in _NAMED.finditer(question)
              if any(item.name == m.group(1) for item in listed_items)
              or aggregates and _CLAUSE_ENDS.match(question, m.end())}
    # "renaming the label to publisher": the words a rename names are a column's, no derivation.
    # ("the pages renamed to length": the new name too)
    named |= {w for words, new in renames for w in (*item_words(words), new.lower())}
    # ", plus the max distance" goes on with a list: no sum.
    named |= {m.group(1).lower() for m in _LIST_GOES_ON.finditer(question)}
    # "films whose length exceeds ...", "the top 5 tracks by length": a length that names a number
    # of the rows (`length_min`), no text named before it ("title length"), is that number.
    named |= {"length"} if _number_length(question, frame) else set()
    # "the SUSPECT quality flag", "the 'urgent' label": the noun after a value names its column.
    named |= {m.group(1).lower() for v in link.values
              if (m := re.match(r"['\"]?(?:\s+[A-Za-z_]+)?\s+([A-Za-z_]+)", question[v.span[1]:]))}
    # "the full order details": "full" computes something only in "full name".
    named |= set() if FULL_NAME.search(question) else {"full"}
    # "visited more than 3 times" counts occasions; "3 times the average", "price times 2" multiply.
    if len(_OCCASIONS.findall(question)) == len(re.findall(r"\btimes\b", question, re.IGNORECASE)):
        named |= {"times"}
    derived = bool((tokens - named) & L.DERIVED_WORDS) or _arithmetic(question, tuple(catalog)) or any(
        not _same_unit(found, frame) and not _measured_length(question, found, frame)
        for found in _COMPUTED.finditer(question)) or any(
        not _unit_grouped(found.end(), groups, frame) and not _unit_named(question, found, frame)
        for found in _PER_UNIT.finditer(question)) \
        or not aggregates and any(_quotient(question, group, frame) for group in groups) \
        or any(_date_part_said(m, frame) for m in DATE_PART_AFTER.finditer(question)) \
        or any(W.holds_verb(column, m.group("verb")) for m in DATE_PART_WHEN.finditer(question) for column in frame) \
        or any(_dated(words := item_words(m.group("x")), frame) or row_date(words, link.tables, catalog)
               for m in DATE_PART_BEFORE.finditer(question)) \
        or AFTER_PREFIX.search(question) is not None \
        or any(pattern.search(question) for pattern in (NEGATED, TRUNCATED, BANDED, TEXTED, WHOLE_AND_REST, LEADING_PART, TRIMMED,
                                                        DAYS_AFTER, AGE_IN, DAYS_AS_OF))
    # "Which doctor has the highest number of visits?", "the 2 account types with the largest
    # number of accounts": the groups ranked by their count, no aggregate of counts.
    counted = _over_groups(question, aggregates, frame, link.tables) if groups and not window and limit is None else None
    stage = counted or (_first_step(question, groups) if not (window or limit is not None) else None)
    names = tuple(dict.fromkeys([*(m.group(1) for m in _NAMED.finditer(question)),
                                 *(m.group(1) for m in _AS_NAME.finditer(question)),
                                 *(name for m in _PAREN_NAME.finditer(question)
                                   if (name := m.group(1) or m.group(2)) not in frame)]))
    if any(item.column and "%" in item.column and item.words and item.words[-1] in _PERCENT_WORDS for item in listed_items):
        ratio = None  # "bursary percentage of active pupils" lists `Bursary (%)`, no share of rows
    return Intent(answer="scalar" if scalar else "rows", listed=listed_items, groups=groups, aggregates=aggregates,
                  names=names, limit=limit, per_group=per_group, descending=descending, single=single,
                  place=L.PLACES[superlative.group("place").lower()]
                  if single and not groups and superlative is not None and superlative.group("place") else None,
                  distinct=distinct, window=window,
                  window_kind=window_kind,
                  derived=derived, pairs=_PAIRS.search(question) is not None,
                  keep_empty=KEEP_EMPTY.search(question) is not None,
                  ratio=ratio, renames=renames,
                  over_groups=stage[0] if stage else (),
                  first_step=stage[1] if stage else None, over_counted=stage[2] if stage else None,
                  decimals=_decimals(question),
                  ordered=bool(tokens & L.ORDER_CUES) or bool(re.search(r"\w+est\b", lowered)))


# "rounded to 2 decimals", "to one decimal place", "rounded to the nearest whole number", "to the cent".
ROUNDED = re.compile(rf"\b(?:round(?:ed|ing)?\s+(?:it\s+|them\s+|off\s+)?to\s+|to\s+(?=(?:{W.SMALL_NUMBER})\s+decimal))"
                      rf"(?:(?P<n>{W.SMALL_NUMBER})\s+(?:{W.alternatives(L.DECIMAL_WORDS)})\b"
                      rf"|(?:the\s+)?nearest\s+(?:{W.alternatives(L.WHOLE_WORDS)})\b"
                      r"|(?:the\s+)?(?:nearest\s+)?(?P<cent>cent|penny)\b)", re.IGNORECASE)


def _arithmetic(question: str, tables: tuple[str, ...]) -> bool:
    """A formula is written out; "orders + customers" of a join's path adds tables, not numbers."""
    nouns = table_nouns(tables)
    for m in _ARITHMETIC.finditer(question):
        # "customers (their nation) + orders": the operand before is the noun the note follows.
        head = re.sub(r"\s*\([^()]*\)\s*$", "", question[:m.start() + 1])
        sides = [w.lower for w in (*W.words(head)[-1:], *W.words(question[m.end() - 1:])[:1])]
        if "+" in m.group() and any(W.stem(w) in nouns for w in sides) and not any(w[0].isdigit() for w in sides):
            continue
        return True
    return False


def _decimals(question: str) -> int | None:
    found = ROUNDED.search(question)
    return None if found is None else W.small_number(found.group("n")) if found.group("n") else 2 if found.group("cent") else 0


_PERIOD_MOST = re.compile(rf"^\s*(?:(?:show|find|give|list|return)\s+)?(?:in\s+)?(?:which|what|the)\s+(?P<part>{W.alternatives(tuple(L.PERIOD_WORDS))})\b[^?.]*?"
                          r"\b(?:had|has|have|saw|with|got)\s+the\s+(?P<most>most|fewest|least)\s+(?P<noun>[A-Za-z_]+)",
                          re.IGNORECASE)
_DIRECTION = re.compile(r"\b(?:descending|desc|ascending|asc)\b|\bfrom\s+(?:the\s+)?(\w+)\s+to\s+(?:the\s+)?\w+"
                        r"|\b(\w+)\s+first\b", re.IGNORECASE)
_TIE_BEFORE = re.compile(r"\bthen\s+(?:by\s+)?(?:the\s+|its\s+|their\s+)?(?:[A-Za-z_']+\s+){1,3}$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:(?:the|only|just)\s+)+", re.IGNORECASE)


_EVERY_ROW = re.compile(r"(?:each|every|all)\b", re.IGNORECASE)
_EACH_NOUN = re.compile(r"\b(?:each|every|all)\s+([A-Za-z_]+)(?:\s+([A-Za-z_]+))?", re.IGNORECASE)


def _shifted_column(hint: NameHint, window: Window | None, frame: Mapping[str, ColType]) -> bool:
    """"the total of the previous invoice": beside a row before or after, an aggregate's word
    that is a column's whole name is that column, shifted, not a sum of it."""
    first = W.words(hint.text)[:1]
    return window is not None and window.kind in ("previous", "next") and bool(first) and first[0].lower in frame


def _rows_beside(question: str, window: Window, listed_items: tuple[Item, ...], tables: tuple[str, ...],
                 catalog: Mapping[str, TableInfo]) -> bool:
    """A group's aggregate is shown beside rows: columns listed apart from it ("Salary id, amount
    and the employee's average amount"), or rows of another table named before it ("each visit
    with the patient's total fees")."""
    if _ADDS_COLUMN.search(question):
        return True
    found = group_aggregate(question, window.span[0])
    owner = W.singular(found.owner.lower()) if found else ""
    return any(not item.span[0] <= window.span[0] < item.span[1] for item in listed_items) or any(
        m.start() < window.span[0] and (
            m.group(2) and _named_table((m.group(1).lower(), m.group(2).lower()), tables, catalog)
            or W.singular(m.group(1).lower()) != owner and _named_table((m.group(1).lower(),), tables, catalog))
        for m in _EACH_NOUN.finditer(question))


_OVER_FN = rf"(?:the\s+)?(?:{W.alternatives(tuple(L.OVER_GROUP_WORDS))})\b"
_OVER_FNS = rf"(?P<fns>{_OVER_FN}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\band\s+|\bor\s+){_OVER_FN})*)"
# "the average, lowest and highest number of orders per customer", "On average, how many
# orders does each customer place?"
_OVER_GROUPS = re.compile(rf"\b{_OVER_FNS}\s+(?:number|count)\s+of\b"
                          rf"|\b(?P<mean>{W.alternatives(L.ON_AVERAGE_WORDS)})\b(?:\s*,)?", re.IGNORECASE)
# "the average and maximum rental count per customer": a count of a table's rows, named by its noun.
_OVER_NOUN_COUNT = re.compile(rf"\b{_OVER_FNS}\s+(?P<noun>[A-Za-z_]+)\s+count\b(?!\s+of)", re.IGNORECASE)


def _over_groups(question: str, aggregates: tuple[str, ...], frame: Mapping[str, ColType],
                 tables: tuple[str, ...]) -> tuple[tuple[str, ...], str, None] | None:
    """The aggregates taken over each group's count, where the words put them before the count
    (and the count is all the words ask besides), and the question without them."""
    found = _OVER_GROUPS.search(question)
    counted = _OVER_NOUN_COUNT.search(question)
    if found is None and counted is not None and W.stem(counted.group("noun").lower()) in table_nouns(tables) \
            and match_column((counted.group("noun").lower(), "count"), frame) is None \
            and aggregates and set(aggregates) <= set(_fns(counted.group("fns"))):
        # ... where no column is that count ("the average page count" of books is a column's mean).
        start, end = counted.span("fns")
        return _fns(counted.group("fns")), W.blanked(question, start, end), None
    if found is None:
        return None
    # "Average number of pages ..., and the number of books": a mean of a column that counts.
    noun = re.match(r"\s+(?:the\s+)?([A-Za-z_]+)", question[found.end():]) if not found.group("mean") else None
    if noun and W.stem(noun.group(1).lower()) not in table_nouns(tables) \
            and match_column((noun.group(1).lower(),), frame) is not None:
        return None
    fns = ("mean",) if found.group("mean") else _fns(found.group("fns"))
    # "the number of aircraft and the average number of seats": a count, then a mean of a number.
    if aggregates[-1:] != ("len",) or not set(aggregates[:-1]) <= set(fns):
        return None
    start, end = found.span("mean") if found.group("mean") else found.span("fns")
    end = found.end() if found.group("mean") else end
    return fns, W.blanked(question, start, end), None


def _fns(said: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(L.OVER_GROUP_WORDS[m.group().lower()] for m in _ONE_FN.finditer(said)))


# "the highest total invoiced to a single customer", "the largest number of orders placed by
# any one customer": a total or count of each group's rows, then the aggregate the words open with.
_ONE_GROUP = re.compile(rf"\b(?P<fn>{W.alternatives(tuple(L.OVER_GROUP_WORDS))})\s+(?P<what>(?:[A-Za-z_-]+\s+){{1,5}}?)"
                        rf"(?P<per>(?:to|for|by|from|of|at|on|in|with|across)\s+(?:{W.alternatives(L.ONE_GROUP_WORDS)}))"
                        r"\s+[A-Za-z_]", re.IGNORECASE)
# "..., then the minimum, maximum and average of that count", "give the min and max across
# customers": aggregates over each group's own aggregate, a second step after the first.
# ("the average of their order totals" of each customer is no second step, nor is "the average
# of the order totals": "the" names back only a bare noun, "of the totals".)
_THEN_OVER = re.compile(
    rf"(?:\s*[,;:]\s*|\s+)(?:and\s+)?(?:then\s+)?(?:(?:{W.alternatives(L.STAGE_VERBS)})\s+)?{_OVER_FNS}\s+"
    rf"(?:(?:of|over)\s+(?:(?:that|those|these|this)\s+(?:[A-Za-z_-]+\s+){{0,3}}?|the\s+)"
    rf"(?:{W.alternatives(L.STAGE_NOUNS)})\b"
    rf"|(?:across|over)\s+(?:all\s+)?(?:the\s+)?(?P<across>[A-Za-z_]+))", re.IGNORECASE)
# "..., then find the average", "then give the average count", "then the mean of those",
# "Rentals per customer: what are the average and maximum?": a second step after "then" or a
# colon that names nothing else.
_THEN_ALONE = re.compile(
    r"(?:(?:\s*[,;:]\s*|\s+)(?:and\s+)?then\s+|\s*[:;]\s*(?:what\s+(?:is|are|was|were)\s+)?)"
    rf"(?:(?:{W.alternatives(L.STAGE_VERBS)})\s+)?{_OVER_FNS}"
    rf"(?:\s+(?:of\s+(?:those|these|them|it|that|this|all)|(?:{W.alternatives(L.STAGE_NOUNS)})))?(?=\s*(?:[.;?!]|$))",
    re.IGNORECASE)
# "the average of the per-customer order totals", "the mean per-album track count": the groups
# named before what each has.
_PER_ADJECTIVE = re.compile(
    rf"{_OVER_FNS}\s+(?:of\s+(?:the\s+|their\s+)?)?per[-\s](?P<group>[A-Za-z_]+)\s+(?P<what>(?:[A-Za-z_]+\s+){{1,2}}?)"
    rf"(?P<noun>{W.alternatives(L.STAGE_NOUNS)})\b", re.IGNORECASE)
# ", and how many customers there are", "plus the number of customers": the groups counted too.
_GROUPS_COUNTED = re.compile(r"\s*,?\s*(?:and|plus)\s+(?:how\s+many\s+(?P<a>[A-Za-z_]+)(?:\s+there\s+are)?"
                             r"|the\s+number\s+of\s+(?P<b>[A-Za-z_]+))", re.IGNORECASE)
_ONE_FN = re.compile(W.alternatives(tuple(L.OVER_GROUP_WORDS)), re.IGNORECASE)


def _first_step(question: str, groups: tuple[Item, ...]) -> tuple[tuple[str, ...], str, str | None] | None:
    """Where the words ask for an aggregate over each group's aggregate: the aggregates of the
    second step, the question of the first read alone, and the noun of the groups where they
    are counted too ("..., and how many customers there are")."""
    grouped = {W.singular(w.lower()) for group in groups for w in group.words}
    found = next((m for m in (*_THEN_OVER.finditer(question), *_THEN_ALONE.finditer(question))
                  if groups and m.start() > groups[0].span[0] and not (
                      "across" in m.groupdict() and m.group("across")
                      and W.singular(m.group("across").lower()) not in grouped)), None)
    if found is not None:
        # "Count orders per customer, then report the average of that count": the words before.
        start, end, first = *found.span(), None
    elif (found := _PER_ADJECTIVE.search(question)) is not None:
        # "the average of the per-customer payment totals" -> "total payment per customer".
        what, fn = found.group("what").strip(), L.AGGREGATE_WORDS.get(W.singular(found.group("noun").lower()))
        step = f"total {what}" if fn == "sum" else f"{what} count" if fn == "len" else None
        if step is None:
            return None
        start, end, first = *found.span(), f"{step} per {found.group('group')}"
        grouped = {W.singular(found.group("group").lower())}
    elif (found := _ONE_GROUP.search(question)) is not None and any(
            L.AGGREGATE_WORDS.get(w.lower) in ("sum", "len") for w in W.words(found.group("what"))):
        # "the highest total invoiced to a single customer" -> "the total invoiced per customer".
        (start, end), (at, to) = found.span("fn"), found.span("per")
        blanked = W.blanked(question, start, end)
        return ((L.OVER_GROUP_WORDS[found.group("fn").lower()],),
                blanked[:at] + "per".ljust(to - at) + blanked[to:], None)
    else:
        return None
    counted, noun = _GROUPS_COUNTED.match(question, end), None
    if counted is not None and W.singular((counted.group("a") or counted.group("b")).lower()) in grouped:
        end, noun = counted.end(), W.singular((counted.group("a") or counted.group("b")).lower())
    fns = _fns(found.group("fns"))
    first = question[:start] + first + question[end:] if first else W.blanked(question, start, end)
    return fns, first, noun


_LENGTH_OF = re.compile(rf"\b(?:{W.alternatives(L.LENGTH_WORDS)})\s+(?:(?P<group>of\s+(?:their|its)|in\s+(?:each|every))"
                        r"|(?:of|in)(?:\s+(?:the|each))?)\s+(?P<x>[A-Za-z_]+(?:\s+[A-Za-z_]+)?)", re.IGNORECASE)


def _number_length(question: str, frame: Mapping[str, ColType]) -> bool:
    column = match_column(("length",), frame)
    if column is None or frame[column].dtype not in ("int", "float"):
        return False
    for m in re.finditer(r"\blength\b", question, re.IGNORECASE):
        before = re.findall(r"[A-Za-z_]+", question[:m.start()])[-1:]
        if before and (text := match_column((before[0].lower(),), frame)) and frame[text].dtype == "str":
            return False
    return True


def _measured_length(question: str, found: re.Match[str], frame: Mapping[str, ColType]) -> bool:
    """"the average length of their album", "the top film by length in each rating": a length
    of what names no text column, or before a group ("of their", "in each") where a number of
    the rows is their length (`length_min`, `milliseconds`), is that number's, not a text's
    count of characters."""
    said = _LENGTH_OF.match(question, found.start()) if found.group("unit") is None else None
    if said is None:
        return False
    if said.group("group") and any(frame[c].dtype in ("int", "float") for c in [match_column(("length",), frame)] if c):
        return True
    words = item_words(said.group("x"))
    texts = [c for k in range(len(words), 0, -1) if (c := match_column(words[:k], frame)) is not None]
    return not any(frame[c].dtype == "str" for c in texts[:1])


def _same_unit(found: re.Match[str], frame: Mapping[str, ColType]) -> bool:
    """"The maximum delay in minutes" of `dl_minutes`: a measure said in the unit its column
    holds already asks for no conversion."""
    if found.group("unit") is None:
        return False
    measure = found.group("measure").lower()
    # The column the measure's word names, else those of the table it names ("delay" of delays).
    # "length in milliseconds" of a `milliseconds` column: the unit names the column itself.
    named = match_column((measure, found.group("unit").lower()), frame) or match_column((measure,), frame) \
        or match_column((found.group("unit").lower(),), frame)
    columns = [named] if named else [c for c, t in frame.items() if _same_noun(W.split_identifier(t.table)[-1], measure)]
    held = {L.UNIT_SCALES.get(W.split_identifier(c)[-1]) for c in columns} - {None}
    return held == {L.UNIT_SCALES.get(found.group("unit").lower())}


_NEXT_WORD = re.compile(r"\s+([A-Za-z_]+)")


def _unit_named(question: str, found: re.Match[str], frame: Mapping[str, ColType]) -> bool:
    """"Drugs with a unit price above 5": the unit opens a column's name, no rate."""
    following = _NEXT_WORD.match(question, found.end())
    return following is not None and match_column((found.group().split()[-1].lower(), following.group(1).lower()),
                                                  frame, worst=2) is not None


def _run_fn(words: tuple[str, ...]) -> str | None:
    """The aggregate a superlative opening an item's words asks for in a run of aggregates."""
    opening = {" ".join(words[:1]), " ".join(words[:2])}
    return "max" if opening & set(L.RUN_MAX_WORDS) else "min" if opening & set(L.RUN_MIN_WORDS) else None


def _measured(words: tuple[str, ...], frame: Mapping[str, ColType]) -> tuple[str, ...]:
    """The words an aggregate item measures, where they name a column ("the longest track length")."""
    operand = tuple(w for w in words if w not in L.AGGREGATE_WORDS)
    return operand if operand and match_column(operand, frame) is not None else ()


def _unit_grouped(at: int, groups: tuple[Item, ...], frame: Mapping[str, ColType]) -> bool:
    """"per unit", "per hour of the day", "per page URL": a unit word that opens a group keyed by
    a period or a label is no quotient ("cost per kg" divides by a number of kilograms)."""
    return any(item.span[0] < at <= item.span[1] and (item.expr is not None or item.column is not None
                                                       and frame[item.column].dtype not in ("int", "float"))
               for item in groups)


def _quotient(question: str, group: Item, frame: Mapping[str, ColType]) -> bool:
    """"fee per credit": a measure per another measure is a quotient, not a group."""
    before = re.search(r"([A-Za-z_]+)\s+per\s+$", question[:group.span[0]])
    amount = lambda column: column is not None and frame[column].dtype in ("int", "float") \
        and not W.key_like(column)  # noqa: E731 - a test, named once
    return before is not None and amount(group.column) and amount(match_column((before.group(1).lower(),), frame))


_HEADERS = re.compile(r"\s*,?\s*\b(?:using|with|under)\s+(?:the\s+)?(?:column\s+(?:names|headers|headings)|columns|headers|headings)"
                      r"\s+(?:(?:titled|named|called|labell?ed|renamed\s+to|set\s+to|as)\s+)?"
                      r"(?P<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*(?:\s*,?\s*and\s+[A-Za-z_]\w*))", re.IGNORECASE)
_HEADER_NAMES = re.compile(r"\s*,?\s*and\s+|\s*,\s*", re.IGNORECASE)
_NEW_NAME = r"\s+(?:to|as|into)\s+[`'\"]?([A-Za-z_][A-Za-z0-9_]*)[`'\"]?"
# "the replacement cost renamed to cost", "the Fee ($) renamed to fee": a column's words, up to
# three, none of them the "with"/"and" that opens the clause.
_OLD_WORDS = r"((?:(?!(?:with|and|the|its|their)\b)[A-Za-z_][\w#$%()]*\s+){0,2}[A-Za-z_(][\w#$%()]*)"
_RENAMED = re.compile(r"(?:\b(?:renam(?:e|ing)|relabel(?:l?ing)?|retitl(?:e|ing))\s+(?:the\s+)?(?:column\s+)?([A-Za-z_][\w ]*?)"
                      rf"|(?:\b(?:the|its|their)\s+)?\b{_OLD_WORDS}\s+renamed)" + _NEW_NAME, re.IGNORECASE)
_ALSO_RENAMED = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:the|its|their)\s+)?{_OLD_WORDS}(?:\s+renamed)?" + _NEW_NAME,
                           re.IGNORECASE)


# "..., naming the seat count column seats": a column's words said again to name it, no aggregate.
_NAMING_SAID = re.compile(rf"\b(?:{W.alternatives(L.NAMING_GERUNDS)})\s+(?:the|its|their)\s+[^.;:!?,]*", re.IGNORECASE)


def _renames(question: str) -> tuple[tuple[tuple[str, str], ...], Span | None]:
    """"with cust_nm renamed to customer_name and cust_id to customer_id", "rename X to Y":
    each old column's words and its new name, in order, and where the words are."""
    found = _RENAMED.search(question)
    if found is None:
        return (), None
    out = [((found.group(1) or found.group(2)).strip(), found.group(3))]
    at = found.end()
    while (more := _ALSO_RENAMED.match(question, at)) is not None:
        out.append((more.group(1), more.group(2)))
        at = more.end()
    return tuple(out), (found.start(), at)


_VALUES_ASKED = re.compile(rf"\s*(?:which|what)\s+(?P<x>[A-Za-z_ ,]+?)\s+(?:{W.alternatives(L.VALUES_ASKED_VERBS)})\b",
                           re.IGNORECASE)


_WHICH = re.compile(r"\s*(?:which|what)\s+(?=(?P<x>(?:[A-Za-z_]+\s+){1,3}))", re.IGNORECASE)


def _values_asked(question: str, frame: Mapping[str, ColType], tables: tuple[str, ...],
                  catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """"Which aircraft models appear in the fleet?", "What countries do customers come from?",
    "Which device types and referrers occur together?": the columns whose values the question
    asks which there are; () where a noun names a table's rows ("Which customers ...") or a key."""
    found = _VALUES_ASKED.match(question)
    if found is None:
        # "Which manufacturers make our devices?": the longest run of words after "which" that
        # names a column, whatever verb follows it.
        opened = _WHICH.match(question)
        runs = (question[opened.end():opened.end() + len(" ".join(ws))] for ws in
                (opened.group("x").split()[:n] for n in (3, 2, 1))) if opened else ()
        end = next((opened.end() + len(run) for run in runs
                    if (column := match_column(item_words(run), frame, worst=3)) and not W.key_like(column)), None)
        if end is None:
            return ()
        _, items = _items(question[:end], opened.end())
    else:
        _, items = _items(question[:found.end("x")], found.start("x"))
    out = []
    for words, span in items:
        column = match_column(words, frame, worst=3)
        if column is None and len(words) > 1 and words[-1] in L.VALUE_NOUNS:
            column = match_column(words[:-1], frame, worst=3)
        # "Which drugs cost more than 5?": a table's plural noun first names its rows, whatever
        # column the verb after it spells ("cost" for a price).
        rows = W.singular(words[0]) != words[0] and _named_table(words[:1], tables, catalog)
        if _named_table(words[-1:], tables, catalog) or rows or column is None or W.key_like(column):
            return ()
        out.append(Item(text=question[span[0]:span[1]].strip(), words=words, span=span, column=column,
                        table=frame[column].table))
    return tuple(out)


# "..., with the price labelled cost", "with plan tier labelled tier": a name given after the
# list to one of its columns.
# "..., the balance labelled balance", "with the email column called contact": a list's column
# said again after a comma, "column" after it only saying it is one.
# "..., naming the balance current_balance", "calling dock counts docks", "; name the blood type
# column blood_group": a naming verb (its -ing form, or the verb opening a clause) before the column.
_NAMED_AFTER = re.compile(rf"(?:(?:\b(?:with|and)\s+|(?<=[,;])\s*(?=\S)(?!(?:with|and)\b))(?:(?:the|its|their)\s+)?(?P<x>[A-Za-z_ ]+?)"
                          rf"(?:\s+(?:column|field))?\s+(?:as|{W.NAMING})"
                          rf"|(?:\b(?:{W.alternatives(L.NAMING_GERUNDS)})\s+(?:(?:the|its|their)\s+)?"
                          rf"|(?:^|(?<=[,;.:]))\s*(?:{W.alternatives(L.NAMING_VERBS)})\s+(?:the|its|their)\s+)"
                          r"(?P<y>[A-Za-z_ ]+?)(?:\s+(?:column|field))?)\s+"
                          r"[`'\"]?(?P<name>[A-Za-z][A-Za-z0-9_]*)[`'\"]?(?=\s*(?:[.,;:!?)]|$))", re.IGNORECASE)


def _named_after(question: str, items: tuple[Item, ...], frame: Mapping[str, ColType]) -> tuple[Item, ...]:
    """The listed items, each one a later "with the X labelled Y" names taking the name Y; the
    words "naming the X Y" are no item of their own."""
    names, naming = {}, []
    # "Airport codes and names, with the name shown as airport": the name listed, not the airlines'.
    own = {item.column: frame[item.column] for item in items if item.column in frame}
    for found in _NAMED_AFTER.finditer(question):
        words = item_words(found.group("x") or found.group("y"))
        # "account balance, the balance labelled balance": the words said again may be the
        # end of a listed item's own.
        again = [item.column for item in items if item.column and words and item.words[-len(words):] == words]
        column = match_column(words, own) or match_column(words, frame) or (again[0] if len(again) == 1 else None)
        if column is not None and found.group("name").lower() not in W.STOPWORDS:
            names[column] = (found.start(), found.group("name"))
            naming += [found.span()] if found.group("y") else []
    return tuple(item.model_copy(update={"name": names[item.column][1]})
                 if item.column in names and item.name is None and item.span[1] <= names[item.column][0] else item
                 for item in items if not any(item.span[0] <= s < item.span[1] for s, _ in naming))


def _one_named(question: str, frame: Mapping[str, ColType]) -> tuple[Item, ...]:
    """"Job titles shown as role.", "Customer names, with cust_nm shown as customer.": a question
    that is one column's words and the name it gives that column."""
    opener = _LIST_OPENER.match(question.lstrip()) and _LIST_OPENER.search(question)
    _, items = _items(question, opener.end() if opener else 0)
    found = _listed_items(question, items, frame, {}) if len(items) == 1 else ()
    return found if found and found[0].column and (found[0].name or _NAMED_AFTER.search(question)) else ()


def _entities(items: tuple[Item, ...], tables: tuple[str, ...], catalog: Mapping[str, TableInfo]) -> tuple[Item, ...]:
    """A listed item that is an entity's noun ("each track with its genre") is its labels, and
    so is a plural noun that opens the list with the words that say which of its rows ("List
    employees hired after 2020 with their name and hire date"); a label listed again is kept once."""
    out: list[Item] = []
    for at, item in enumerate(items):
        entity = _named_table(item.words, tables, catalog) if not item.fn else None
        # "the 3 most expensive drugs" are rows, whatever column "expensive" names.
        if entity is None and not item.fn and at == 0 and len(item.words) > 1 and len(items) > 1 \
                and (item.column is None or _NUMBERED_ROWS.match(item.text)):
            entity = next((table for word in item.words if W.singular(word) != word
                           and (table := _named_table((word,), tables, catalog))), None)
        # A label the list names again ("employees ... with their name") is shown where it names it.
        others = {other.column for other in items if other is not item}
        labels = entity_labels(catalog[entity]) if entity else []
        out += [item.model_copy(update={"column": label, "table": entity}) for label in labels
                if label not in others] if labels else [item]
    return tuple(out)


def _date_part_said(m: re.Match[str], frame: Mapping[str, ColType]) -> bool:
    """"hire year": the words before the part name a date column, and with it no column."""
    last = W.words(m.group("x"))[-1].lower
    if last in W.STOPWORDS or last in L.ITEM_END:
        return False  # "orders per day of the week": a group
    words = item_words(m.group("x"))
    return _dated(words, frame) and match_column((*words, m.group("part").lower()), frame) in (
        None, match_column(words, frame))


def _dated(words: tuple[str, ...], frame: Mapping[str, ColType]) -> bool:
    """The words name a date column ("hire" of `e_hire_dt`)."""
    column = match_column(words, frame) if words else None
    return column is not None and (frame[column].iso is not None or frame[column].dtype in ("date", "datetime"))


def _window_apart(question: str, items: list[tuple[tuple[str, ...], Span]],
                  window: Window | None) -> list[tuple[tuple[str, ...], Span]]:
    """"Invoice id, invoice date and amount with the previous amount": the item that holds a
    window's words after a "with" is two, the column before it and the window after it."""
    out = []
    for words, (start, end) in items:
        found = [m for m in _WITH.finditer(question, start, end) if window is not None and m.end() <= window.span[0] < end]
        head = item_words(question[start:found[-1].start()]) if found else ()
        if head:
            out += [(head, (start, found[-1].start())), (item_words(question[found[-1].end():end]), (found[-1].end(), end))]
        else:
            out.append((words, (start, end)))
    return out


_RECALLED = re.compile(rf"^(?:the\s+)?(?:{W.alternatives(tuple(L.AGGREGATE_WORDS))})\s+(?:rounded|round)\b",
                       re.IGNORECASE)


def _listed_items(question: str, items: list[tuple[tuple[str, ...], Span]], frame: Mapping[str, ColType],
                  tables: Mapping[str, Mapping[str, ColType]]) -> tuple[Item, ...]:
    """The items that name columns of `frame`; `tables` holds each table's own columns."""
    items = [(_owner_before(question, words, span, tables), span) for words, span in items]
    found = _items_named(question, items, frame)
    # "Airline names as airline and countries as home_country", "Transaction id, account id,
    # date and ...": a word two tables' columns answer to is of the first table that holds
    # every column the rest of the list names.
    named = {item.column for item in found if item.column}
    own = next((columns for columns in tables.values() if named and named <= columns.keys()), None)
    if own is not None and any(item.column is None for item in found):
        named = _items_named(question, items, own)
        found = tuple(item if item.column else again for item, again in zip(found, named))
    # "the summed and the mean amount, the mean rounded to 2 decimals": an aggregate said again
    # to round it is the one said before, no item of its own.
    found = tuple(item for k, item in enumerate(found) if not (
        item.fn and _RECALLED.match(item.text) and any(other.fn == item.fn for other in found[:k])))
    found = tuple(_unshared(item, found, tables) for item in found)
    # "alert id, device id, alert time": a row's noun and a word for a time name its date.
    found = tuple(item.model_copy(update={"column": column, "table": table})
                  if item.column is None and not item.fn and len(item.words) == 2 and item.words[1] in L.TIME_ORDER_WORDS
                  and (table := next((t for t in tables if W.split_identifier(t)
                                      and _same_noun(W.split_identifier(t)[-1], item.words[0])), None))
                  and (column := _row_date(item.words[0], tables[table])) else item for item in found)
    # "Track name and genre name": a column another table's column of the same name hides in
    # `frame` is named with its own table's noun; the one table whose columns it names holds it.
    return tuple(item.model_copy(update={"column": hit[0][0], "table": hit[0][1]})
                 if item.column is None and not item.fn and len(hit := [
                     (column, table) for table, columns in tables.items()
                     if (column := match_column(item.words, columns, worst=2)) is not None
                     and (column not in frame or frame[column].table != table)]) == 1 else item
                 for item in found)


def _unshared(item: Item, found: tuple[Item, ...], tables: Mapping[str, Mapping[str, ColType]]) -> Item:
    """"Employees in Lisbon: name and department name": a word alone that names the column
    another item names with its table's noun is of the first table with another column it names."""
    if len(item.words) != 1 or item.fn or not any(other.column == item.column and len(other.words) > 1 for other in found):
        return item
    hit = next(((column, table) for table, columns in tables.items()
                if (column := match_column(item.words, columns, worst=2)) not in (None, item.column)), None)
    return item.model_copy(update={"column": hit[0], "table": hit[1]}) if hit else item


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _owner_before(question: str, words: tuple[str, ...], span: Span, tables: Iterable[str]) -> tuple[str, ...]:
    """"the name of its genre" is the genre's name: the owner's noun before the words."""
    text = question[span[0]:span[1]].rstrip(" .?!;")
    found = _OF_OWNER.search(text)
    # (the "of" must end the words: "every loan with the title of its book" is the loan's)
    if found is None or aggregate_fn(text) is not None or {w.lower for w in W.words(text[:found.start()])} & L.ITEM_END:
        return words
    owner = found.group(1).lower()
    return (W.singular(owner), *words) if any(
        W.split_identifier(t) and _same_noun(W.split_identifier(t)[-1], owner) for t in tables) else words


def _items_named(question: str, items: list[tuple[tuple[str, ...], Span]],
                 frame: Mapping[str, ColType]) -> tuple[Item, ...]:
    items = _shared_heads(items, frame)
    return tuple(Item(text=question[s[0]:s[1]].strip(), words=words, span=s,
                      column=(column := _item_column(question[s[0]:s[1]], words, frame)),
                      fn=None if column or _ranks_column(question[s[0]:s[1]], words, frame)
                      or _NUMBERED_ROWS.match(question, s[0])
                      else aggregate_fn(question[s[0]:s[1]]) or _ordinal_fn(words),
                      name=_item_name(question[s[0]:s[1]]))
                 for words, s in items if words[-1] not in L.ORDER_TAIL and not _TIE_ITEM.match(question, s[0])
                 and not _THEN_TIE.search(question[:s[0]])
                 and not _OTHER_COLUMNS.search(question[s[0]:s[1]]))


def _shared_heads(items: list[tuple[tuple[str, ...], Span]],
                  frame: Mapping[str, ColType]) -> list[tuple[tuple[str, ...], Span]]:
    """"first and last name": a word alone that orders rows elsewhere shares the noun the next
    item ends with, where the two name a column."""
    out = list(items)
    for k, ((words, span), (after, _)) in enumerate(zip(items, items[1:])):
        # "the customer's first and last name": the word before "and" may end a longer item.
        column = match_column((*words, after[-1]), frame) or match_column((words[-1], after[-1]), frame) \
            if len(after) > 1 and words[-1] in L.ORDER_TAIL and (len(words) == 1 or after[-1] not in words) else None
        # "the first and last sale date" are the date's least and greatest, no columns
        if column is not None and not (frame[column].iso or frame[column].dtype in ("date", "datetime")):
            out[k] = ((*words, after[-1]), span)
    return out


# "the 5 largest transactions": rows counted out, not an aggregate.
_NUMBERED_ROWS = re.compile(rf"\s*(?:the\s+)?(?:{W.SMALL_NUMBER})\s+(?:{W.alternatives(tuple(L.HIGH_WORDS | L.LOW_WORDS))}|\w+est)\b",
                            re.IGNORECASE)
# "..., ties broken by invoice id": an item that orders tied rows names no column of the answer.
_TIE_ITEM = re.compile(rf"\s*(?:with\s+|and\s+)?(?:{W.alternatives(L.TIE_WORDS)})\b", re.IGNORECASE)
# "ordered by date then transaction id", "by invoice date then invoice id": the item after
# "then" breaks the order's ties.
_THEN_TIE = re.compile(r"\bby\s+[^,;:]*?\bthen(?:\s+by)?(?:\s+the)?\s*$", re.IGNORECASE)
_BY_WORDS = re.compile(r"\bby\s+(.*)", re.IGNORECASE)


def _ranks_column(text: str, words: tuple[str, ...], frame: Mapping[str, ColType]) -> bool:
    """"its rank by page count within its genre", "its balance rank (highest first)": a rank of
    a column, no aggregate (where "by the number of visits" would rank a count)."""
    at = next((k for k, word in enumerate(words) if word in L.RANK_WORDS), None)
    if at is None:
        return False
    by = _BY_WORDS.search(text)
    ranked = item_words(by.group(1)) if by else words[:at]
    return bool(ranked) and (match_column(ranked, frame) or _counted_column(ranked, frame)) is not None


_COUNT_OPENS = re.compile(r"\s*(?:the\s+)?(?:total\s+)?(?:how\s+many|number\s+of|count\s+of)\b", re.IGNORECASE)


def _item_column(text: str, words: tuple[str, ...], frame: Mapping[str, ColType]) -> str | None:
    """The column a list item names; none where it counts rows ("how many drugs are there" is no
    `drug_class`), unless its words are a column's own ("number of seats" for `seats`) and no flag."""
    if _COUNT_OPENS.match(text) and ((column := match_column(words, frame, worst=2)) is None
                                     or frame[column].dtype == "bool"):
        return None  # "how many bounced": the rows a flag marks, counted
    return match_column(words, frame) or _counted_column(words, frame)


# "keeping all other columns", "and the rest": no column of its own, the others kept.
_OTHER_COLUMNS = re.compile(r"\b(?:all|every|the)\s+(?:other|remaining)\s+columns?\b|\bthe\s+rest\b", re.IGNORECASE)


def _ordinal_fn(words: tuple[str, ...]) -> str | None:
    return L.ORDINAL_AGGREGATES.get(words[0]) if len(words) > 1 else None


def _counted_column(words: tuple[str, ...], frame: Mapping[str, ColType]) -> str | None:
    """"page count" is the `pages` column, "seat count" `seats`: a count a row already holds."""
    if len(words) < 2 or words[-1] not in ("count", "counts"):
        return None
    column = match_column(words[:-1], frame, worst=3)
    return column if column is not None and frame[column].dtype == "int" else None


def _holds_count(question: str, hint: NameHint, frame: Mapping[str, ColType]) -> bool:
    """A bare "count" after a word that with it names a column: "page count" is `pages`,
    "dock count" `DockCount`."""
    before = W.words(question[:hint.span[0]])
    words = (before[-1].lower, "count") if before else ()
    if hint.text.lower() != "count" or not words:
        return False
    # ("order count" is no `itemCount` of orders: the column's own words say what it counts)
    column = _counted_column(words, frame) or match_column(words, frame, worst=2)
    return column is not None and W.stem(words[0]) in {W.stem(part) for part in W.split_identifier(column)}


# "salary as pay for every teacher", "the supplier id as supplier for products in category 3":
# the rows the list is of may follow the name.
_ITEM_NAME = re.compile(rf"(?:\b(?:as|{W.NAMING})|,\s*(?:{W.alternatives(L.RENAMING_AFTER_COMMA)}))\s+"
                        r"(?!well\s+as\b)[`'\"]?([A-Za-z_][A-Za-z0-9_]*)[`'\"]?\)?"
                        r"(?:\s+(?:for|of|from|in|on|at|during|with|whose|who|that|which|where)\s+[\w ,.'()-]+)?\s*$", re.IGNORECASE)


# "The email of each user, called contact": the rows the column is of may come before its name.
_NAME_NEXT = re.compile(r"(?:\s+(?:of|for)\s+(?:each|every|all)\s+[A-Za-z_]+)?"
                        rf"(?:\s*,?\s*(?:as|{W.NAMING})|\s*,\s*(?:{W.alternatives(L.RENAMING_AFTER_COMMA)}))\s+[`'\"]?([A-Za-z_][A-Za-z0-9_]*)[`'\"]?(?=\s*(?:[.,;:!?)]|$))", re.IGNORECASE)


def _name_next(question: str, at: int) -> str | None:
    found = _NAME_NEXT.match(question, at)
    return found.group(1) if found and found.group(1).lower() not in W.STOPWORDS else None


def _item_name(text: str) -> str | None:
    """The name a list item gives its column at its end: "its city as city_name"."""
    found = _ITEM_NAME.search(text.strip())
    return found.group(1) if found and found.group(1).lower() not in W.STOPWORDS else None


# "percent of employees in each department are on leave": the group may come between the rows
# and what is counted.
_RATIO = re.compile(rf"\b({'|'.join(L.RATIO_WORDS)})\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?"
                    rf"(?P<subject>(?:[a-z]+\s+){{0,2}}?(?:[a-z]+s|{W.alternatives(L.COLLECTIVE_NOUNS)}))\s+(?:(?:in|for|within|at)\s+(?:each|every)\s+[a-z]+(?:\s+[a-z]+)?\s+"
                    r"(?=(?:that|which|who|were|are|was|is|have|has|got|came|went|ended)\b))?"
                    r"(?:that\s+|which\s+|who\s+)?(?:(?:were|are|was|is|have been|has been|"
                    r"got|came|went|ended)\s+)?(?:back\s+|up\s+)?(?P<what>(?:(?:not|never)\s+)?[a-z][a-z-]+)\b", re.IGNORECASE)
# "ratio of terminated employees to active employees": rows of one value over rows of another.
# "the ratio of cancelled to completed visits": the rows' noun said once, after both values.
_RATIO_TO_SHARED = re.compile(r"\bratio\s+of\s+(?:the\s+)?(?P<what>[a-z][a-z-]*)\s+to\s+(?:the\s+)?(?P<over>[a-z][a-z-]*)"
                              r"\s+(?P<subject>[a-z]+s)\b", re.IGNORECASE)
_RATIO_TO = re.compile(r"\bratio\s+of\s+(?:the\s+)?(?P<what>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)\s+(?P<subject>[a-z]+s)"
                       r"\s+to\s+(?:the\s+)?(?P<over>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)\s+(?P=subject)\b", re.IGNORECASE)
# "cancelled flights as a share of all flights": a share of every row, said after the rows counted.
_AS_SHARE = re.compile(rf"\bas\s+an?\s+({'|'.join(L.RATIO_WORDS)})\s+of\s+(?:all|every|the)\s+(?:the\s+)?[a-z]+s\b",
                       re.IGNORECASE)
# "percentage of the total cost comes from delayed shipments": a share of a measure's total.
_OF_TOTAL = re.compile(rf"\b({'|'.join(L.RATIO_WORDS)})\s+of\s+(?:the\s+)?(?:{W.alternatives(L.TOTAL_WORDS)})\s+"
                       rf"(?P<measure>[a-z]+(?:\s+(?!(?:{W.alternatives(L.SHARE_SOURCE_VERBS)})\b)[a-z]+)?)",
                       re.IGNORECASE)
_TO_OVER = re.compile(r"\s+to\s+(?:the\s+)?(?=(?:[a-z][a-z-]*\s+){0,2}[a-z]+s\b)", re.IGNORECASE)
_OF_MEASURE_FROM = re.compile(rf"\b({'|'.join(L.RATIO_WORDS)})\s+of\s+(?:the\s+)?(?P<measure>[a-z]+(?:\s+(?!(?:that|which|comes?|came|is|was)\b)[a-z]+)?)"
                              r"(?=\s+(?:that\s+|which\s+)?(?:(?:comes?|came|is|was)\s+)?from\b)", re.IGNORECASE)
# "the share of cancelled flights", "percentage of closed accounts per type": the words before
# the rows' noun say which are counted.
_RATIO_BEFORE = re.compile(rf"\b({'|'.join(L.RATIO_WORDS)})\s+of\s+"
                           r"(?:the\s+|all\s+|its\s+|their\s+)?(?P<what>(?:[a-z][a-z-]*\s+){1,2}?)(?P<subject>[a-z]+s)"
                           + _PHRASE_END, re.IGNORECASE)


# Where a rank starts: "highest first", "heaviest is 1", "1 = most expensive", "1 being the busiest",
# "1 for the first".
_STARTS_AT = re.compile(r"\b(?:(\w+)\s+(?:\w+\s+)?(?:first|(?:is|=)\s*(?:number\s+)?(?:1|one))\b|"
                        r"(?:1|one)\s*(?:=|is|being|for)\s*(?:the\s+)?(\w+))", re.IGNORECASE)


def rank_start(question: str) -> Span | None:
    """The words that say where a rank starts ("1 being the busiest"), where there are some."""
    return next(iter(rank_starts(question)), None)


def rank_starts(question: str) -> list[Span]:
    """Every run of words that says where a rank starts ("largest first (1 = largest)")."""
    return [found.span() for found in _STARTS_AT.finditer(question)]


def _rank_direction(question: str) -> bool | None:
    """Whether a rank or order starts at the high end (True), the low end (False), or the words
    do not say (None)."""
    for found in _STARTS_AT.finditer(question):
        word = (found.group(1) or found.group(2)).lower()
        if word in L.HIGH_WORDS | L.LATE_WORDS or word.endswith("est") and word not in L.LOW_WORDS | L.EARLY_WORDS:
            return True
        if word in L.LOW_WORDS | L.EARLY_WORDS:
            return False
    return _said_direction(question)


def _said_direction(question: str) -> bool | None:
    """Whether the words say the order descends ("descending", "from highest to lowest",
    "highest first"), ascends, or do not say (None; "from 2019 to 2021" is a range, no order)."""
    for found in _DIRECTION.finditer(question):
        if _TIE_BEFORE.search(question, 0, found.start()):
            continue  # "..., then by name descending": the tie-break's direction, not the order's
        word = (found.group(1) or found.group(2) or found.group()).lower()
        if word.startswith("asc") or word in L.LOW_END_WORDS:
            return False
        # "from slowest to fastest": another superlative first starts at the high end, as ranks do.
        if word.startswith("desc") or word in L.HIGH_END_WORDS or word.endswith("est"):
            return True
    return None


# "Number products by price within their category": the verb before a plural noun and "by"
# (a rank listed makes it a rank: "..., price rank").
_NUMBERING = re.compile(rf"(?:^|[.;:,]\s*)(?:{W.alternatives(L.NUMBERING_VERBS)})\b"
                        r"|^\s*number\s+(?=[A-Za-z_]+s\s+(?:by|within|in)\b)"
                        rf"(?!.*\b(?:{W.alternatives(tuple(L.RANK_WORDS))})\b)"
                        rf"|\b(?:{W.alternatives(L.NUMBERING_NOUNS)})\b", re.IGNORECASE)
# "each line's share of its order's total", "its stock as a percentage of the category total".
# "each country's share of its continent's population", "What percentage of its category's
# total stock does each product hold?": a group's possessive says whose total without the word.
_SHARE_OF_GROUP = re.compile(r"(?:\b[A-Za-z_]+(?:'s|s')\s+|\b(?:its|their)\s+|\bas\s+an?\s+"
                             rf"|\bwhat\s+(?=(?:{W.alternatives(L.SHARE_WORDS)})\s+of\s+(?:its|their)\s))"
                             rf"(?:{W.alternatives(L.SHARE_WORDS)})\s+of\s+(?:(?:the\s+|its\s+|their\s+)?"
                             r"(?:[A-Za-z_-]+(?:'s|s')?\s+){0,2}?total\b|(?:the|its|their)\s+[A-Za-z_-]+(?:'s|s')(?=\s))",
                             re.IGNORECASE)
# "the difference between each salary and the department average", "above its category's mean".
# "Compare the average population across continents" compares groups' means: no row against one.
_VERSUS_MEAN = re.compile(rf"\b(?:{W.alternatives(tuple(w for w in L.VERSUS_WORDS if w != 'compare'))}"
                          rf"|compare(?!\s+(?:the|its|their)\s+(?:{W.alternatives(tuple(L.VERSUS_AGGREGATES))})\b))"
                          rf"\b[^.;?!]{{0,60}}?\b(?:the|its|their)\s+"
                          rf"(?:[A-Za-z_-]+(?:'s|s')?\s+){{0,2}}?(?:{W.alternatives(tuple(L.VERSUS_AGGREGATES))})\b",
                          re.IGNORECASE)


# "the student's average grade", "the average pages of its genre": a group's aggregate beside
# each of its rows, the group said by a possessive or "its", "their", "that", "the same".
GROUP_AGGREGATE = re.compile(
    rf"\b(?:the|its|their)\s+(?:(?P<owner>[A-Za-z_]+)(?:'s|s')\s+(?P<fn>{W.alternatives(tuple(L.GROUP_AGGREGATE_WORDS))})"
    r"\s+(?P<measure>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)(?=\s*(?:[.,;:?!]|$|\s+(?:and|by|in|for|ordered|sorted)\b))"
    rf"|(?P<fn_of>{W.alternatives(tuple(L.GROUP_AGGREGATE_WORDS))})\s+(?P<measure_of>(?:[A-Za-z_]+\s+){{0,2}}?[A-Za-z_]+)"
    r"\s+(?:of|for|in|within|across|by|from)\s+(?:its|their|that|the\s+same)\s+(?P<owner_of>[A-Za-z_]+))", re.IGNORECASE)
# "Add a column with the maximum amount for each customer": where the words put a new column
# beside the rows, a group's aggregate "for each" group is beside each of its rows.
_ADDS_COLUMN = re.compile(rf"^\s*(?:{W.alternatives(L.ADDING_COLUMN_VERBS)})\b[^.?!]{{0,40}}?\bcolumns?\b"
                          rf"|\b(?:{W.alternatives(L.BESIDE_ROW_WORDS)})\s+(?:each|every|all|the)\b"
                          r"|\b(?:on|to|for)\s+(?:each|every)\s+row\b", re.IGNORECASE)
_EACH_GROUP_AGGREGATE = re.compile(
    rf"(?:\b(?:the|a|an)\s+)?(?P<fn_of>{W.alternatives(tuple(L.GROUP_AGGREGATE_WORDS))})\s+"
    r"(?P<measure_of>(?:[A-Za-z_]+\s+){0,2}?[A-Za-z_]+)"
    r"\s+(?:for|of|in|within|across|per)\s+(?:(?:each|every|the)\s+)?(?P<owner_of>[A-Za-z_]+)\b", re.IGNORECASE)


_COMPARED_TO = re.compile(rf"\b(?:{W.alternatives((*L.ABOVE_WORDS, *L.BELOW_WORDS, *L.AT_LEAST_WORDS, *L.AT_MOST_WORDS))})"
                          r"\s+(?:the\s+)?$", re.IGNORECASE)


class GroupAggregate(NamedTuple):
    fn: str        # the aggregate's word ("average")
    measure: str   # the words of what it aggregates
    owner: str     # the words of the group


def group_aggregate(question: str, at: int) -> GroupAggregate | None:
    """The words of a group's aggregate beside each row, starting at `at`."""
    found = GROUP_AGGREGATE.match(question, at) or (_EACH_GROUP_AGGREGATE.match(question, at)
                                                    if _ADDS_COLUMN.search(question) else None)
    if found is None:
        return None
    parts = found.groupdict()
    return GroupAggregate(*(parts.get(name) or parts[f"{name}_of"] for name in ("fn", "measure", "owner")))


# "the amount of the one before": the row before, its words from "one" on.
# "each month's total and the one before", "the change from the month before": the row next to it.
_THE_ONE = re.compile(rf"\bthe\s+((?:one|year|quarter|month|week|day|hour)\s+({W.alternatives(tuple(L.ONE_BEFORE_AFTER))}))"
                      r"\b(?!\s+(?:the|a|an|\d|(?-i:[A-Z])))", re.IGNORECASE)


def _window(question: str) -> Window | None:
    """The window the words ask for, where they name one: a share of the group's total or a
    difference from its mean by their phrases, rows numbered, else the first window word."""
    for kind, pattern in (("share", _SHARE_OF_GROUP), ("versus_mean", _VERSUS_MEAN), ("number", _NUMBERING),
                          ("group_aggregate", GROUP_AGGREGATE)):
        found = pattern.search(question)
        # "the route's average as avg_fare": a group's aggregate names a measure; "the number of
        # orders placed by its customers" is of the rows of many owners, no one group's.
        # ("priced above the average unit price of their category": a group's aggregate compared
        # keeps rows, no column beside them)
        if found is not None and (kind != "group_aggregate"
                                  or item_words(found.group("measure") or found.group("measure_of"))
                                  and W.singular(owner := (found.group("owner_of") or "x").lower()) == owner
                                  and not _COMPARED_TO.search(question, 0, found.start())):
            return Window(kind=kind, span=found.span())
    if _ADDS_COLUMN.search(question) and (found := _EACH_GROUP_AGGREGATE.search(question)) is not None:
        return Window(kind="group_aggregate", span=found.span())
    if (found := _THE_ONE.search(question)) is not None:
        return Window(kind=L.ONE_BEFORE_AFTER[found.group(2).lower()], span=found.span(1))
    if (found := CURRENT_AND_BEFORE.search(question)) is not None:
        return Window(kind="rolling", span=found.span())  # "the sum of the current and two previous quantities"
    words = W.words(question)
    for k, word in enumerate(words):
        if re.match(r"\s+to\b", question[word.end:]):
            continue  # "prior to 2020", "next to": no row before or after
        if k and words[k - 1].lower in L.STATE_VERBS:
            continue  # "subscriptions that are still running": a state, no running total
        if word.lower in L.RANK_WORDS:
            return Window(kind="rank", span=(word.start, word.end))
        if (kind := L.WINDOW_KINDS.get(word.lower)) is not None:
            return Window(kind=kind, span=(word.start, word.end))
    if (found := RUN_EXTREME.search(question)) is not None:
        return Window(kind="cumulative", span=found.span())  # "the highest total so far"
    return None


# "Sum of the current and two previous quantities", "the average of this and the 2 preceding
# readings": a moving window of the row and the rows before it, its aggregate said first.
CURRENT_AND_BEFORE = re.compile(rf"\b(?P<fn>{W.alternatives(tuple(L.ROLLING_FNS))})\s+of\s+(?:the\s+)?"
                                rf"(?:current|this)(?:\s+(?:row|one))?\s+and\s+(?:the\s+)?(?P<n>{W.SMALL_NUMBER})\s+"
                                rf"(?:{W.alternatives(L.ROWS_BEFORE_WORDS)})\b", re.IGNORECASE)


# "Highest invoice total so far", "the lowest reading thus far": a running maximum or minimum,
# its measure between the two.
RUN_EXTREME = re.compile(rf"\b(?P<end>{W.alternatives((*L.RUN_MAX_WORDS, *L.RUN_MIN_WORDS, 'maximum', 'minimum'))})\s+"
                         rf"(?P<measure>(?:[A-Za-z_]+\s+){{0,3}}?)(?:{W.alternatives(L.SO_FAR_WORDS)})\b",
                         re.IGNORECASE)


_PERCENT = re.compile(r"\bpercent|%|\bpct\b", re.IGNORECASE)


def _ratio(link: Link) -> Ratio | None:
    """The share of rows the question asks for: named `pct_<what>` for a percentage,
    `<what>_ratio` for another fraction, <what> the value the words that say which rows are
    counted name, else those words ("percentage of shipments delayed" -> pct_delayed, "share
    of transactions made online" -> online_ratio, "share of cancelled flights, as a
    percentage" -> pct_cancelled)."""
    question = link.question
    if (share := _AS_SHARE.search(question)) is not None:
        # "How many enrollments were withdrawn, as a percentage of all enrollments?": the value
        # before it says which rows are counted.
        counted_at = max((m.end() for m in re.finditer(r"[.;!?]\s", question[:share.start()])), default=0)
        value = _value_in_clause(link, counted_at)
        if value is None:
            return None
        name = W.snake_case([w.lower().replace("-", "_") for w in value.text.split()])
        percent = share.group(1).lower().startswith("percent")
        return Ratio(name=f"pct_{name}" if percent else f"{name}_ratio", counted_at=counted_at, percent=percent)
    # "Percentage of revenue from wholesale customers": a measure's share, its total unsaid.
    total = _OF_TOTAL.search(question) or _OF_MEASURE_FROM.search(question)
    measure = item_words(total.group("measure")) if total else ()
    # "the total number of shipments", "the total shipments" are rows, no measure.
    if total is not None and measure and not {W.stem(w) for w in measure} & (table_nouns(link.tables) | {"number", "count"}):
        # "What share of the total fare comes from cancelled flights?": the measure's total
        # share, named by the measure (balance_share, pct_fare).
        percent = total.group(1).lower().startswith("percent") or bool(_PERCENT.search(question))
        name = W.snake_case(list(measure))
        # "Ratio of the total balance of savings accounts to checking accounts": the total of the
        # rows after "to" is what the share is of.
        over = _TO_OVER.search(question, total.end("measure")) if total.group(1).lower() == "ratio" else None
        return Ratio(name=f"pct_{name}" if percent else f"{name}_share" if over is None else f"{name}_ratio",
                     counted_at=total.end("measure"), percent=percent, measure=measure,
                     over_at=over.end() if over else None)
    if (pair := _RATIO_TO.search(question) or _RATIO_TO_SHARED.search(question)) is not None:
        what, over = (W.snake_case([w.lower().replace("-", "_") for w in pair.group(g).split()])
                      for g in ("what", "over"))
        # "ratio of cancelled flights to all flights" is over every row.
        name, over_at = (f"{what}_ratio", None) if over == "all" else (f"{what}_to_{over}_ratio", pair.start("over"))
        return Ratio(name=name, counted_at=pair.start("what"), percent=False, over_at=over_at)
    found = _RATIO.search(question)
    if found is not None and _column_words_at(link, found.start(1)):
        found = None  # "the rental rate of films longer than 120 minutes": a column's name, no ratio
    if found is not None and found.group("what").lower() in L.GROUPING_PARTICIPLES:
        found = None  # "share of VIP customers broken down by segment": the rows' value before them says it
    verb = found.group("what").lower() if found else ""
    # "came back after the due date": a comparison of the rows' own columns says which are
    # counted; "have Express priority": what they have.
    # "are on leave": a value whose first word is a small word.
    # "sessions from mobile devices", "courses at the Advanced level": a value after a place word.
    # "transactions over 500", "invoices are under 100": a number compared says which.
    if found is not None and (verb not in W.STOPWORDS | L.ITEM_END or verb in L.COLUMN_COMPARISONS
                              or verb in _THRESHOLD_WORDS
                              or verb in L.HAVING_WORDS or any(v.span[0] == found.start("what") for v in link.values)
                              or verb in L.PLACE_WORDS and _value_in_clause(link, found.end("subject"))):
        what, counted_at = found.group("what").split(), found.end("subject")
        if (how := _NEXT_WORD.match(question, found.end("what"))) and how.group(1).lower() in L.MANNER_ADVERBS:
            what = [*what, how.group(1)]  # "delivered late"
        # "transactions over 500" are pct_over_500: the number compared is the name's too.
        number = next((lit for lit in link.literals if lit.kind == "number" and verb in _THRESHOLD_WORDS
                       and 0 <= lit.span[0] - found.end("what") <= len(" than ")), None)
        if number is not None:
            what = [*question[found.start("what"):number.span[0]].split(), number.text.replace(",", "")]
    elif (rate := _rate(link)) is not None:
        return rate
    elif (found := _RATIO_BEFORE.search(question)) is not None:
        nouns = table_nouns(link.tables)
        what = [w.text for w in W.words(found.group("what")) if W.stem(w.lower) not in nouns]
        if not what or what[0].lower() in W.STOPWORDS:
            return None
        counted_at = found.start("what")
    else:
        return None
    # "with a fee above 200 per doctor": the clause ends at its group too.
    clause = _CLAUSE_OR_GROUP.search(question, counted_at)
    end = clause.start() if clause else len(question)
    value = _value_in_clause(link, counted_at)
    # ("lineitems returned (return flag R)": the value in parentheses says what the word means; the word names it)
    defined = value is not None and verb and re.fullmatch(r"\s*\([^()]*", question[found.end("what"):value.span[0]])
    if value is not None and not defined:
        what = value.text.split()
    elif verb in L.HAVING_WORDS:  # "have more than 1 seat"
        what = [w.text for w in W.words(question[found.end("what"):end])
                if w.lower not in W.STOPWORDS | _COMPARISON_WORDS and not w.lower.isdigit()][:2]
    if not what:
        return None
    name = W.snake_case([w.lower().replace("-", "_") for w in what])
    percent = found.group(1).lower().startswith("percent") or bool(_PERCENT.search(question))
    return Ratio(name=f"pct_{name}" if percent else f"{name}_ratio", counted_at=counted_at, percent=percent)


_CLAUSE_OR_GROUP = re.compile(rf"[.,;:!?]|\b(?:{W.alternatives(L.GROUP_OPENERS)})\b", re.IGNORECASE)
_THRESHOLD_WORDS = frozenset(phrase.split()[0] for phrase in (*L.ABOVE_WORDS, *L.BELOW_WORDS))


def _value_in_clause(link: Link, at: int) -> ValueMatch | None:
    """The first value the words from `at` to the end of their clause name."""
    clause = re.compile(r"[.,;:!?]").search(link.question, at)
    end = clause.start() if clause else len(link.question)
    return min((v for v in link.values if at <= v.span[0] < end), key=lambda v: v.span, default=None)


# "the bounce rate", "no-show rate per doctor", "the no-show percentage": the share of rows a
# value or flag names.
_RATE = re.compile(rf"\b(?P<what>[A-Za-z-]+)\s+(?P<word>{W.alternatives(L.RATIO_WORDS)})\b", re.IGNORECASE)


def _column_words_at(link: Link, at: int) -> bool:
    """The word at `at` is one of the words a column of the linked tables is named by."""
    return any(c.span is not None and c.span[0] <= at < c.span[1] and c.how not in ("value", "count")
               for match in link.ranking if match.table in link.tables for c in match.columns)


def _rate(link: Link) -> Ratio | None:
    """"Bounce rate per device type": the share of rows the value before "rate" names, named
    `<what>_rate` (`pct_<what>` as a percentage; `<what>_ratio` for another word)."""
    found = _RATE.search(link.question)
    if found is None or not any(v.span == found.span("what") for v in link.values):
        return None
    what = W.snake_case([found.group("what").lower().replace("-", "_")])
    percent = bool(_PERCENT.search(link.question))
    word = found.group("word").lower()
    name = f"pct_{what}" if percent else f"{what}_rate" if word == "rate" else f"{what}_ratio"
    return Ratio(name=name, counted_at=found.start("what"), percent=percent)


_COMPARISON_WORDS = frozenset(w for phrase in L.COLUMN_COMPARISONS for w in phrase.split())


def table_nouns(tables: tuple[str, ...]) -> frozenset[str]:
    return frozenset(W.stem(part) for table in tables for part in W.split_identifier(table))


def _counts_compared(link: Link, catalog: Mapping[str, TableInfo]) -> bool:
    """A number compared to rows of a table: "more than 3 orders", "at least 2 loans"."""
    nouns = {W.stem(W.split_identifier(name)[-1]) for name in catalog if W.split_identifier(name)}
    for lit in link.literals:
        if lit.kind != "number" or lit.op not in (">", ">=", "<", "<=", "==") or not isinstance(lit.value, int):
            continue
        after = W.words(link.question[lit.span[1]:lit.span[1] + 40])
        if after and (W.stem(after[0].lower) in nouns
                      or W.stem(L.ROW_NOUN_ALIASES.get(W.singular(after[0].lower), "")) in nouns):
            return True
    return False


def _plural_before(question: str, at: int) -> bool:
    """"customers with the highest balance" asks for every such customer: a plural before it."""
    before = re.search(r"(\w+)\s+(?:with|having|has|have)\s+$", question[:at])
    return bool(before) and W.singular(before.group(1)) != before.group(1).lower()
