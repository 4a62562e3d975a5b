"""The generalization suite's families of tables, each unlike the demo ones in its naming
convention and data shapes, generated deterministically from a seed like `nlq.demo`'s.

A family is one module exposing `DESCRIPTION` (one paragraph for the docs), `TABLES` (table
name -> file format, in the order the docs list them) and `build(rng) -> {name: Table}`.
Each family is written to its own folder, `<dir>/<family>/<table>.<format>`, so two families
may both have a `customers` table; the suite's cases name files relative to `<dir>`.
"""

from __future__ import annotations

import importlib
import random
from pathlib import Path
from types import ModuleType

import polars as pl

from nlq.catalog import TableRef
from nlq.datagen import Table, write_atomically

SEED = 20261202

# family -> module; imported only when that family is built
FAMILIES: dict[str, str] = {name: f"nlq.families.{name}" for name in (
    "hr", "web", "logistics", "clinic", "banking", "sensors", "school", "flights", "library", "subs")}


def module(family: str) -> ModuleType:
    return importlib.import_module(FAMILIES[family])


def build(family: str, seed: int = SEED) -> dict[str, Table]:
    tables = module(family).build(random.Random(f"{seed}:{family}"))
    declared = module(family).TABLES
    if list(tables) != list(declared):
        raise ValueError(f"family {family} built {list(tables)}, declares {list(declared)}")
    return tables


def refs(family: str, directory: Path) -> dict[str, TableRef]:
    return {name: TableRef(str(Path(directory) / family / f"{name}.{fmt}"), fmt)
            for name, fmt in module(family).TABLES.items()}


_WRITERS = {"parquet": pl.DataFrame.write_parquet, "csv": pl.DataFrame.write_csv}


def write_family(family: str, directory: Path) -> dict[str, TableRef]:
    written = refs(family, directory)
    for name, table in build(family).items():
        ref = written[name]
        write_atomically(table.frame(), Path(ref.path), _WRITERS[ref.format])
    return written


def write_all(directory: Path) -> dict[str, dict[str, TableRef]]:
    return {family: write_family(family, directory) for family in FAMILIES}
