"""What every generated family shares: a `Table` that declares its key and foreign keys next to
its data, the invented names and places the families draw from, and small seeded helpers.
The demo families (`nlq.demo`) and the suite's families (`nlq.families`) are built from it."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl


@dataclass(frozen=True)
class Table:
    # column -> values: a list, or a numpy array / Series for the generated large tables
    columns: dict[str, Sequence[Any]]
    key: tuple[str, ...]
    # column -> "table.column" it references
    refs: dict[str, str] = field(default_factory=dict)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.columns)


# ---------------------------------------------------------------------------------------
# Shared vocabulary

FIRST = ["Ada", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Keiko", "Lars", "Maya", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara",
         "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bjorn", "Celia", "Dario"]
LAST = ["Abbott", "Brandt", "Castillo", "Dubois", "Eriksen", "Fontaine", "Garcia", "Horvat",
        "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov",
        "Quispe", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zamora"]
PLACES = [("Lisbon", "Portugal"), ("Porto", "Portugal"), ("Lyon", "France"), ("Paris", "France"),
          ("Munich", "Germany"), ("Hamburg", "Germany"), ("Turin", "Italy"), ("Milan", "Italy"),
          ("Austin", "USA"), ("Denver", "USA"), ("Seattle", "USA"), ("Toronto", "Canada"),
          ("Osaka", "Japan"), ("Melbourne", "Australia"), ("Sao Paulo", "Brazil")]
ADJ = ["Silent", "Crimson", "Golden", "Hidden", "Frozen", "Electric", "Velvet", "Broken", "Lonely",
       "Wild", "Midnight", "Paper", "Iron", "Hollow", "Bright", "Distant", "Lucky", "Bitter"]
NOUN = ["Harbor", "Garden", "River", "Echo", "Lantern", "Horizon", "Meadow", "Signal", "Mirror",
        "Canyon", "Orchard", "Comet", "Tide", "Forest", "Engine", "Voyage", "Island", "Shadow"]
SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "to", "sa", "bel", "dor", "ni", "qua", "ses", "ar", "el"]


def name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def email(first: str, last: str, n: int, domain: str) -> str:
    return f"{first.lower()}.{last.lower()}{n}@{domain}"


def title(rng: random.Random) -> str:
    return f"{rng.choice(ADJ)} {rng.choice(NOUN)}"


def coined(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def money(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 2)


def maybe(rng: random.Random, p_null: float, value: Any) -> Any:
    return None if rng.random() < p_null else value


def columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in rows[0]}


def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()


def write_atomically(frame: pl.DataFrame, path: Path, write: Callable[[pl.DataFrame, Path], None]) -> None:
    # Write then rename, so a concurrent reader never sees half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(frame, partial)
    partial.replace(path)
