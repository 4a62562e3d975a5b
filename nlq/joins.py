"""Join-key inference from column names, dtypes and candidate keys, never from table names
known in advance.

A pair of columns is a candidate key pair when the names say so, in one of three ways:

- the same name (`customer_id` = `customer_id`), if the name looks like a key;
- the same name after a short prefix (`or_custkey` = `cu_custkey`, `src_airport_id` = `airport_id`);
- `<thing>_id` on one side and `id` in a table named after the thing (`customer_id` and `id` of
  `shop_customers`; likewise `country_code` and the `code` of `geo_countries`).

Where no names match, values may: a text column whose every value is a code of another table's
key points at that table (`f_origin` and `f_dest` hold the `ap_code`s of airports). Such a role
pair ranks below any pair the names make; two of them between the same tables tie, and the
question's word for one role (`roles`: "departing" names `f_origin`) settles which joins.

Pairs then score extra for pointing at a unique column and for naming the other column's table;
the best pair wins, and a tie is an ambiguity the caller must settle with explicit keys.
`join_path` chains inferred joins through a catalog to connect several tables; `bridge` finds
the chain that brings a table to a frame it shares no key with. `many_to_many` tells a join
whose key values repeat on both sides (it multiplies rows), which resolve refuses unless the
question asks for pairs (`asks_many_to_many`).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from nlq.catalog import Catalog, Dtype, TableInfo
from nlq.errors import Path, ResolveError
from nlq.words import names_part, shortens


@dataclass(frozen=True)
class ColType:
    """What resolve knows of one column of a frame; join inference reads `table` and `unique`."""

    dtype: Dtype
    # A str column whose values are ISO dates or datetimes.
    iso: Literal["date", "datetime"] | None = None
    # The table the column comes from, unchanged (None for a computed or renamed column).
    table: str | None = None
    # Unique and non-null in the frame: a candidate key.
    unique: bool = False
    # Some value certainly occurs twice in the frame (seen in the table's sample, or a join
    # repeated it): a join on it from a side whose key repeats too is many-to-many.
    repeats: bool = False
    # Right join keys that a join coalesced into this column: equal to it by construction, so
    # resolve reads a later reference to one of them as this column. Not part of the column's
    # identity (a self-join compares columns).
    coalesced: tuple[str, ...] = field(default=(), compare=False)
    # The distinct values of a low-cardinality text column of a table (catalog `values`): a
    # column whose values are all another table's codes points at that table whatever its name.
    values: tuple[str, ...] | None = field(default=None, compare=False)


Side = Mapping[str, ColType]


@dataclass(frozen=True)
class JoinEdge:
    """Join `right` onto a frame that holds `left`'s columns."""

    left: str
    right: str
    left_on: tuple[str, ...]
    right_on: tuple[str, ...]
    # `left_on` is a key of `left`: each left row meets many right rows (an entity to its facts).
    fans_out: bool = field(default=False, compare=False)
    # `right_on` is a key of `right`: each left row meets one right row (a fact to its entity);
    # 2 where the key's name names `right` too (`ShipmentID` of shipments, not of invoices).
    to_key: int = field(default=0, compare=False)

    def rank(self) -> int:
        """Which way a route had better go first: down to facts, up to the entity a key names,
        up to another, then sideways."""
        return 0 if self.fans_out else 3 - self.to_key


def side_of(table: TableInfo, name: str | None = None) -> dict[str, ColType]:
    """The columns of a table as a frame that holds it unchanged (`name`: its catalog key)."""
    name = name or table.name
    return {col: ColType(info.dtype, info.iso, name, col in table.keys, table.repeats(col), values=info.values)
            for col, info in table.columns.items()}


_KEYLIKE = re.compile(r"(?i:(?:^|[_ ])(?:id|key|ref|code|no|nr|num|number)$)|[a-z](?:Id|ID|Key|Ref|No)$|[a-z]key$")
# Joining two tables on their own surrogate `id`s is never what a question means.
_GENERIC = {"id", "key", "ref", "pk", "uuid", "code", "no", "nr", "num", "number"}
_PREFIX = re.compile(r"^([A-Za-z]{1,4})_(.+)$")
# `<thing>_<generic key>`: `customer_id`, `country_code`, `CustomerID`.
_OWNED = re.compile(r"^(?P<thing>.+?)[_ ]?(?P<generic>id|key|ref|code|no|nr|num|number)$", re.IGNORECASE)
# Polars joins integers of any width, but not integers with floats or dates with datetimes.
_JOINABLE = {"int", "float", "bool", "str", "date", "datetime", "duration"}


def _keylike(name: str) -> bool:
    return name.lower() not in _GENERIC and _KEYLIKE.search(name) is not None


def _unprefixed(name: str) -> str:
    match = _PREFIX.match(name)
    return match.group(2) if match else name


def drops_prefix(name: str, column: str) -> bool:
    """`name` is `column` without its short table prefix (`returnflag`, `l_returnflag`). A generic
    key never is: `loan_id` is the id of a loan, not an `id` with a prefix."""
    return name != column and name.lower() not in _GENERIC and _unprefixed(column) == name


def qualifies(name: str, column: str, table: str | None) -> bool:
    """`name` is `column` qualified by the noun of its table: `genre_name` for the `name` (or,
    after a join, `name_right`) of a genres table, as people write the column of a joined table."""
    base = column.removesuffix("_right")
    return table is not None and name != column and any(name == f"{stem}_{base}" for stem in _table_stems(table))


def _singular(word: str) -> str:
    for plural, single in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word


def _table_stems(table: str) -> set[str]:
    """The names a table goes by without its family prefix, singular or plural:
    `shop_web_customers` -> shop_web_customers, web_customers, customers, and their singulars."""
    parts = table.lower().split("_")
    names = {"_".join(parts[i:]) for i in range(len(parts))}
    return names | {_singular(n) for n in names}


def _names_table(column: str, table: str | None) -> bool:
    """`customer_id` names table `shop_customers`; `rental_id` names `rentals`."""
    match = _OWNED.match(column)
    if not (table and match):
        return False
    thing = match.group("thing").lower().rstrip("_ ").replace(" ", "_")
    stems = _table_stems(table)
    # `e_dept_id` names `departments`: a prefix dropped, the noun abbreviated.
    return thing in stems or any(shortens(_unprefixed(thing), stem) for stem in stems if "_" not in stem)


def _points_at(column: str, generic: str, table: str | None) -> bool:
    """`customer_id` points at the `id` of a customers table, `country_code` at a countries `code`."""
    match = _OWNED.match(column)
    return bool(match and match.group("generic").lower() in (generic.lower(), _unprefixed(generic).lower())
                and _names_table(column, table))


def _compatible(left: ColType, right: ColType) -> bool:
    return left.dtype == right.dtype and left.dtype in _JOINABLE


def _name_match(lname: str, lcol: ColType, rname: str, rcol: ColType) -> bool:
    if lname == rname:
        return _keylike(lname)
    lbare, rbare = _unprefixed(lname), _unprefixed(rname)
    for a, b in ((lbare, rname), (lname, rbare), (lbare, rbare)):
        if a == b and _keylike(a):
            return True
    return _points_at(lname, rname, rcol.table) or _points_at(rname, lname, lcol.table)


def _score(lname: str, lcol: ColType, rname: str, rcol: ColType) -> int:
    score = 3
    if lcol.unique or rcol.unique:
        score += 2
    if _names_table(lname, rcol.table) or _names_table(rname, lcol.table):
        score += 1
    return score


@lru_cache(maxsize=65536)
def _may_join(name: str) -> bool:
    """Whether `_name_match` can hold for the column at all: a key-like name (or one under a
    prefix), a generic key, or a `<thing>_<key>`. Checking this first keeps a request of many
    wide tables from comparing every pair of their columns."""
    return _keylike(name) or _keylike(_unprefixed(name)) or name.lower() in _GENERIC or _OWNED.match(name) is not None


# Below the 3 of any pair the names make: values point where no name does.
_ROLE_SCORE = 2


def _draws_from(column: ColType, key_name: str, key: ColType) -> bool:
    """Every value of `column` is a code of `key`, a key of another table: `f_dest` holds
    `ap_code`s; `product` of a sales sheet the `item`s of an inventory sheet, its unique labels.
    One value is no sign: any column with one value may share it."""
    return (key.unique and (_keylike(key_name) or key.dtype == "str") and column.table != key.table
            and column.values is not None and key.values is not None and len(column.values) > 1
            and set(column.values) <= set(key.values))


def candidate_pairs(left: Side, right: Side) -> list[tuple[int, str, str]]:
    """Every (score, left column, right column) pair the names allow, best first, then the role
    pairs the values make."""
    pairs = []
    keyed = [(rname, rcol) for rname, rcol in right.items() if _may_join(rname)]
    for lname, lcol in left.items():
        if not _may_join(lname):
            continue
        for rname, rcol in keyed:
            if lname == rname and lcol == rcol and lcol.table is not None:
                continue  # a table joined to itself matches every column; only a reference is a key
            if _compatible(lcol, rcol) and _name_match(lname, lcol, rname, rcol):
                pairs.append((_score(lname, lcol, rname, rcol), lname, rname))
    named = {(lname, rname) for _, lname, rname in pairs}
    coded = [(name, col) for name, col in right.items() if col.values is not None]
    for lname, lcol in left.items():
        if lcol.values is None:
            continue
        for rname, rcol in coded:
            if (lname, rname) not in named and (_draws_from(lcol, rname, rcol) or _draws_from(rcol, lname, lcol)):
                pairs.append((_ROLE_SCORE, lname, rname))
    return sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))


def infer_join_keys(left: Side | TableInfo, right: Side | TableInfo, *, left_name: str = "the left frame",
                    right_name: str | None = None, path: Path = ()) -> tuple[list[str], list[str]]:
    """(left_on, right_on) for joining `right` onto `left`, or ResolveError when there is no
    single best pair."""
    if isinstance(left, TableInfo):
        left_name, left = left.name, side_of(left)
    if isinstance(right, TableInfo):
        right_name, right = right.name, side_of(right)
    right_name = right_name or "the right frame"
    pairs = candidate_pairs(left, right)
    if not pairs:
        keylike = [", ".join(n for n in side if _keylike(n) or n.lower() in _GENERIC) or "none"
                   for side in (left, right)]
        raise ResolveError(
            f"cannot infer the join keys between {left_name} and {right_name}: no columns look alike",
            path=path, hint=f"give them with `on` or `left_on`/`right_on`; key-like columns of {left_name}: "
                            f"{keylike[0]}; of {right_name}: {keylike[1]}",
        )
    best = [p for p in pairs if p[0] == pairs[0][0]]
    if len(best) > 1:
        options = ", ".join(f"left_on=[{a}], right_on=[{b}]" if a != b else f"on=[{a}]" for _, a, b in best)
        raise ResolveError(
            f"the join keys between {left_name} and {right_name} are ambiguous",
            path=path, hint=f"choose one: {options}",
        )
    _, lname, rname = best[0]
    return [lname], [rname]


def _edge(left: str, left_side: Side, right: str, right_side: Side,
          roles: frozenset[str] = frozenset()) -> JoinEdge | None:
    """The inferred join of `right` onto `left`, or None where the names do not settle the keys
    (as `infer_join_keys` decides, without building its error for every pair of a catalog). Of
    pairs tied at the best score, the one whose column the question names as its role joins
    ("flights departing from Oslo": `f_origin`, not `f_dest`)."""
    pairs = candidate_pairs(left_side, right_side)
    best = [p for p in pairs if p[0] == pairs[0][0]] if pairs else []
    if len(best) > 1:
        # The key both pointers point at is said too ("home team": `team_code`); it tells none apart.
        shared = set.intersection(*({lname, rname} for _, lname, rname in best))
        best = [p for p in best if roles & ({p[1], p[2]} - shared)]
    if len(best) != 1:
        return None
    _, lname, rname = best[0]
    return JoinEdge(left, right, (lname,), (rname,), fans_out=left_side[lname].unique,
                    to_key=_key_of(rname, right_side[rname], right))


def _key_of(name: str, column: ColType, table: str) -> int:
    return 0 if not column.unique else 2 if _names_table(name, table) or name.lower() in _GENERIC else 1


# The join graph of recent catalogs, by the identity of their tables (kept alive with it):
# one request's link and resolve ask for paths many times over the same tables.
_GRAPHS: dict[tuple[tuple[tuple[str, int], ...], frozenset[str]],
              tuple[list[TableInfo], dict[str, dict[str, JoinEdge]]]] = {}
_GRAPHS_KEPT = 8


def _edges(catalog: Catalog, roles: frozenset[str] = frozenset()) -> dict[str, dict[str, JoinEdge]]:
    key = (tuple((name, id(table)) for name, table in catalog.items()), roles)
    if key not in _GRAPHS:
        if len(_GRAPHS) >= _GRAPHS_KEPT:
            _GRAPHS.pop(next(iter(_GRAPHS)))
        _GRAPHS[key] = (list(catalog.values()), _graph(catalog, roles))
    return _GRAPHS[key][1]


def _graph(catalog: Catalog, roles: frozenset[str]) -> dict[str, dict[str, JoinEdge]]:
    sides = {name: side_of(table, name) for name, table in catalog.items()}
    graph: dict[str, dict[str, JoinEdge]] = {name: {} for name in catalog}
    names = sorted(catalog)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            edge = _edge(a, sides[a], b, sides[b], roles)
            if edge is not None:
                graph[a][b] = edge
                graph[b][a] = JoinEdge(b, a, edge.right_on, edge.left_on, fans_out=edge.to_key > 0,
                                       to_key=_key_of(edge.left_on[0], sides[a][edge.left_on[0]], a))
    return graph


def role_pointer(catalog: Catalog, role: str, target: str) -> str | None:
    """The column of another table that the role's word names and that points at `target`:
    "destination" airports are those `f_dest` points at."""
    target_side = side_of(catalog[target], target)
    for name, table in catalog.items():
        side = side_of(table, name)
        for column in side:
            if name != target and names_part(role, column) \
                    and any(left == column for _, left, _ in candidate_pairs({column: side[column]}, target_side)):
                return column
    return None


def join_path(catalog: Catalog, tables: list[str], roles: tuple[str, ...] = ()) -> list[JoinEdge]:
    """Edges that connect `tables` (through others of the catalog where needed), in an order
    where each edge's `left` is already joined: start at `tables[0]` and add the shortest path
    to the nearest table still missing until all are in. `roles`: the columns the question names
    as the pointer a join takes, where two tie (`Link.roles`)."""
    unknown = [t for t in tables if t not in catalog]
    if unknown:
        raise ResolveError(f"unknown table `{unknown[0]}`", hint="tables: " + ", ".join(sorted(catalog)))
    graph = _edges(catalog, frozenset(roles))
    joined = {tables[0]} if tables else set()
    edges: list[JoinEdge] = []
    for target in tables[1:]:
        if target in joined:
            continue
        route = _shortest_route(graph, joined, target, catalog)
        if route is None:
            raise ResolveError(
                f"no chain of inferable joins connects `{target}` to {', '.join(f'`{t}`' for t in sorted(joined))}",
                hint="join these tables with explicit keys",
            )
        edges.extend(route)
        joined.update(e.right for e in route)
    return edges


def bridge(frame: Side, right: str, catalog: Catalog) -> list[JoinEdge]:
    """The shortest chain of inferable joins that brings table `right` to `frame`: from the
    tables whose columns the frame holds, through tables of `catalog` not joined yet. The first
    edge's `left_on` names columns of the frame, the others' name columns of their `left` table.
    Empty where no chain exists, or where `right` is in the frame already (a self-join)."""
    held = {t.table for t in frame.values() if t.table is not None}
    free = {name: table for name, table in catalog.items() if name not in held}
    if right not in free:
        return []
    graph = dict(_edges(free))  # a copy: the graph of `free` is kept for later requests
    for table in held:
        own = {name: t for name, t in frame.items() if t.table == table}
        edges = (_edge(table, own, name, side_of(info, name)) for name, info in free.items())
        graph[table] = {edge.right: edge for edge in edges if edge is not None}
    return _shortest_route(graph, held, right, catalog) or []


def _shortest_route(graph: dict[str, dict[str, JoinEdge]], start: set[str], target: str,
                    catalog: Catalog) -> list[JoinEdge] | None:
    """Of the routes with fewest joins, one through tables each looked up by its own key:
    prescriptions reach their patient through the visit they belong to, not through another
    table that happens to hold the same visit id; flights reach their aircraft by its id, not
    through the airline both share."""
    def looks_up(edge: JoinEdge) -> bool:
        return catalog[edge.right].entity_key in edge.right_on

    cost: dict[str, tuple[int, int, tuple[int, ...]]] = {t: (0, 0, ()) for t in start}
    came_from: dict[str, JoinEdge | None] = {t: None for t in start}
    heap = [(0, 0, (), t) for t in sorted(start)]
    while heap:
        hops, misses, ranks, node = heapq.heappop(heap)
        if (hops, misses, ranks) > cost[node]:
            continue
        if node == target:
            route = []
            while (edge := came_from[node]) is not None:
                route.append(edge)
                node = edge.left
            return route[::-1]
        # Of two routes as short and as keyed, members -> loans -> books (through the rows that
        # relate the two) says more than members -> branches -> books (a dimension both share),
        # and items -> shipments -> customers (each item's shipment) more than items -> invoices.
        for neighbour in sorted(graph[node]):
            edge = graph[node][neighbour]
            step = (hops + 1, misses + (not looks_up(edge)), ranks + (edge.rank(),))
            if neighbour not in cost or step < cost[neighbour]:
                cost[neighbour], came_from[neighbour] = step, edge
                heapq.heappush(heap, (*step, neighbour))
    return None


# ---------------------------------------------------------------------------------------
# Many-to-many joins

def many_to_many(left: Side, right: Side, left_on: list[str], right_on: list[str]) -> bool:
    """Joining on these keys pairs repeated values on both sides, multiplying rows. Decided
    only for one key column a side, from values known to repeat: a composite key may well be
    unique where none of its columns is, and a computed column's values are unknown."""
    if len(left_on) != 1 or len(right_on) != 1:
        return False
    lt, rt = left[left_on[0]], right[right_on[0]]
    return lt.repeats and rt.repeats and not (lt.unique or rt.unique)


def one_to_many_keys(left: Side, right: Side) -> list[tuple[str, str]]:
    """The (left, right) key pairs the names allow whose column is unique on one side: the
    joins that give each row of the other side at most one partner."""
    return [(lname, rname) for _, lname, rname in candidate_pairs(left, right)
            if left[lname].unique or right[rname].unique]


def pointer(source: str, table: str, column: str, catalog: Catalog) -> str | None:
    """The source's column that points at `column`, another table's key ("for the same airline"
    over flights: the flights' airline code), or None."""
    if table == source:
        return None
    try:
        route = join_path(catalog, [source, table])
    except ResolveError:
        return None
    return route[0].left_on[0] if len(route) == 1 and route[0].right_on == (column,) else None
