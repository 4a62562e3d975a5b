"""Words of questions and identifiers, normalised so the linker can compare them.

A question becomes `Word`s with their character spans; an identifier (`shop_orders`,
`unitPrice`, `c_salesregion`) becomes its lower-case parts. Both sides meet on `stem()`, a
deliberately crude suffix stripper: it only has to map the forms of one word to the same
key ("rated"/"rating", "categories"/"category"), never to produce a real word.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from nlq.lexicon import (COUNT_PREFIXES, IRREGULAR_PARTICIPLES, KEY_PARTS, MEASURED_BY, NAMED_OBJECTS, NAMING_VERBS,
                         NAMING_WORDS)

# A word keeps inner hyphens, dots and underscores, so "PG-13", "3.5" and "unit_price"
# arrive whole; `Word.parts` gives the pieces when they matter.
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-_.'][A-Za-z0-9]+)*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or is are was were be been has have had do does "
    "did what which who whom whose that this these those it its their there each every all any "
    "per than as into out up down over under about show list find give get return display me "
    "i we you please how many much named called alias".split()
)

# Generic spellings of the same thing in table and column names; each word maps to one key.
_SYNONYM_GROUPS = (
    ("price", "cost", "fee", "cheap", "expensive"),
    ("revenue", "sales", "income", "turnover"),
    ("quantity", "qty", "units"),
    ("customer", "client", "buyer", "cust"),
    ("employee", "staff", "worker", "emp", "headcount"),
    ("product", "item", "goods", "article"),
    ("category", "type", "kind", "genre"),
    ("name", "title", "nm"),
    ("country", "nation"),
    ("city", "town"),
    ("salary", "wage", "pay", "earn", "earnings", "earning", "earns", "earned"),
    ("amount", "amt"),
    ("description", "desc", "descr"),
    ("department", "dept"),
    ("address", "addr"),
    ("number", "num", "nbr", "nr", "no"),
    # A column's name may say when by its preposition: `loaned_on`, `visit_at`, `valid_from`.
    ("date", "day", "dt", "on"),
    ("time", "at", "timestamp", "ts"),
    ("start", "from", "begin", "started"),
    ("end", "to", "until", "ended"),
    ("length", "duration", "long", "runtime", "milliseconds", "ms", "millis"),
    ("age", "old"),
    ("birth", "born", "dob"),
    ("supplier", "vendor", "supp"),
    ("loan", "borrow", "lend"),
    ("deliver", "delivery"),  # "from shipping to delivery" of `DeliveredOn`
    ("market", "mkt"),
    ("seconds", "secs", "sec"),
    ("timestamp", "ts"),
    # "fewer than 100000 inhabitants": a place's people are counted by its population.
    ("population", "inhabitant", "resident", "capita"),  # "GNP per capita": per inhabitant
    ("temperature", "temp"),
    ("rain", "rainfall", "precipitation"),
)
_SYNONYMS: dict[str, str] = {w: group[0] for group in _SYNONYM_GROUPS for w in group}
_GROUPS: dict[str, tuple[str, ...]] = {group[0]: group for group in _SYNONYM_GROUPS}

_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
              "data": "datum", "indices": "index", "ids": "id", "movies": "movie", "cookies": "cookie",
              "calories": "calorie", "series": "series", "species": "species", "rookies": "rookie",
              "zombies": "zombie", "selfies": "selfie"}
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class Word:
    text: str      # as written
    lower: str
    start: int
    end: int
    index: int     # position among the question's words

    @property
    def stem(self) -> str:
        return stem(self.lower)

    def parts(self) -> list[Word]:
        """The pieces of a hyphenated or underscored word ("PG-rated" -> "PG", "rated"), each
        with its own span and the whole word's index."""
        return [Word(m.group(), m.group().lower(), self.start + m.start(), self.start + m.end(), self.index)
                for m in re.finditer(r"[^-_]+", self.text)]


def words(text: str) -> list[Word]:
    # A possessive is its noun: "manager's" compares as "manager".
    return [Word(m.group(), re.sub(r"'s$", "", m.group().lower()), m.start(), m.end(), i)
            for i, m in enumerate(_WORD.finditer(text))]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Strip plural and verb suffixes: "categories", "category" -> "category"; "rated", "rating" -> "rat"."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def synonym(word: str) -> str:
    """The key of `word`'s synonym group (the stem when it has none); comparatives count as
    their adjective ("longer" -> "length", "cheapest" -> "price"), plurals as their singular
    ("names" -> "name", as `nm` is)."""
    word = word.lower()
    for form in (word, singular(word), stem(word), *_comparative_roots(word)):
        if form in _SYNONYMS:
            return _SYNONYMS[form]
    return stem(word)


def measured_by(word: str) -> tuple[str, ...]:
    """The quantities an adjective of size measures, in any degree ("heaviest" -> weight, mass)."""
    word = word.lower()
    return next((MEASURED_BY[form] for form in (word, *_comparative_roots(word)) if form in MEASURED_BY), ())


def spellings(word: str) -> tuple[str, ...]:
    """`word` and the other members of its synonym group ("customer" -> customer, client, ..., cust)."""
    key = _SYNONYMS.get(word.lower())
    return _GROUPS[key] if key is not None else (word.lower(),)


def _comparative_roots(word: str) -> list[str]:
    roots = []
    for suffix in ("est", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            roots += [root, root + "e", root[:-1] + "y" if root.endswith("i") else root]
            if len(root) >= 3 and root[-1] == root[-2] and root[-1] not in _VOWELS:
                roots.append(root[:-1])  # "hottest" -> hot, "wetter" -> wet
    return roots


@lru_cache(maxsize=8192)
def split_identifier(name: str) -> tuple[str, ...]:
    """Lower-case parts of an identifier: "shop_orders" -> ("shop", "orders"), "unitPrice" -> ("unit", "price")."""
    return tuple(part.lower() for chunk in re.split(r"[^A-Za-z0-9]+", name) for part in _CAMEL.findall(chunk))


def is_abbreviation(token: str) -> bool:
    """A name part with no vowel ("wh", "nw", "tpch") reads as a family code, not a word."""
    return token.isalpha() and not (set(token) & _VOWELS)


def shortens(part: str, word: str) -> bool:
    """The part is the word's start, or a start of it and then consonants of it in order
    (`qty`, `dept`: a vowel past the shared start makes a word of its own, as `city` is not
    `capacity`)."""
    # Two letters stand for too many words ("nm": name, number); the synonyms spell those out.
    if len(part) < 3 or len(part) >= len(word) or part[0] != word[0] or not part.isalpha():
        return False
    if word.startswith(part):
        return True
    shared = len(os.path.commonprefix([part, word]))
    rest = iter(word[shared:])
    return not set(part[shared:]) & set("aeiou") and all(letter in rest for letter in part[shared:])


def run_together(token: str, words: tuple[str, ...]) -> bool:
    """The token is the words run together in order, each whole or shortened (`acctbal` for
    "account balance", `mktsegment` for "market segment")."""
    if not words:
        return not token
    return any((piece == words[0] or shortens(piece, words[0])) and run_together(token[k:], words[1:])
               for k in range(1, len(token) + 1) if (piece := token[:k]))


def names_part(word: str, column: str) -> bool:
    """A part of the column's name is the word or its start: "origin" names `f_origin`,
    "destination" `f_dest`, "manager" `e_mgr_id`."""
    return any(part == word or shortens(part, word) for part in split_identifier(column))


def alternatives(phrases: tuple[str, ...]) -> str:
    """A regex alternation of the phrases, longest first, any run of spaces between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def key_like(column: str) -> bool:
    """A column that names rows rather than measures them: `customer_id`, `o_orderkey`."""
    parts = split_identifier(column)
    if len(parts) > 1 and parts[0].lower() in COUNT_PREFIXES:
        parts = parts[1:]  # `num_items`, `number_of_pages`: a count a row holds
    return any(part in KEY_PARTS or len(part) > 3 and part.endswith("key") for part in parts)


def snake_case(parts: list[str]) -> str:
    return "_".join(p for part in parts for p in split_identifier(part))


# The short forms analysts write in column names ("total_qty", "avg_price", "pct_of_total").
# Only words whose short form is near universal: "revenue" and "price" stay whole.
_SHORT_FORMS = {"quantity": "qty", "quantities": "qty", "percentage": "pct",
                "percent": "pct",
                "average": "avg"}


def column_name(parts: list[str]) -> str:
    """A made-up column's name from the question's words, in snake_case with short forms."""
    return snake_case([_SHORT_FORMS.get(p.lower(), p) for p in parts])


def prefixed_name(head: str, words: list[str] | tuple[str, ...]) -> str:
    """A made-up column's name, its head word once: "total" with "total amount" is `total_amount`."""
    words = list(words)
    return column_name(words if words and column_name(words[:1]) == column_name([head]) else [head, *words])


def holds_verb(column: str, verb: str) -> bool:
    """A part of the column's name begins as the verb's stem does: "shipped" of `l_shipdate`,
    "receive" of `l_receiptdate` (a name that runs the verb's noun into its own)."""
    start = stem(verb)[:4]
    return len(start) == 4 and any(part.lower().startswith(start) for part in split_identifier(column))


def participle(word: str) -> bool:
    """A past participle ("returned", "kept"): a verb of an event said of a row."""
    return word in IRREGULAR_PARTICIPLES or len(word) > 4 and word.endswith("ed")


def singular(word: str) -> str:
    """The singular of an English plural, for naming ("orders" -> "order", "categories" -> "category")."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        return lower[:-1]
    return lower


NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


# A count as questions write it: digits or a number word ("top 5", "the three largest").
SMALL_NUMBER = r"\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def small_number(text: str) -> int:
    """The value of a SMALL_NUMBER match."""
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


# The words that give an output the name after them: "labelled headcount", "call it tier".
NAMING = rf"(?:{alternatives(NAMING_WORDS)}|(?:{alternatives(NAMING_VERBS)})\s+(?:{alternatives(NAMED_OBJECTS)}))"


def blanked(text: str, start: int, end: int) -> str:
    """`text` with its characters from `start` to `end` as spaces: the words there read as
    nothing, every other span stays where it was."""
    return text[:start] + " " * (end - start) + text[end:]


def clause_start(question: str, at: int) -> int:
    """Where the sentence or list item holding `at` begins."""
    return max((m.end() for m in re.finditer(r"[.;:!?,]\s", question[:at])), default=0)
