"""What nlq knows about the tables of a request, read from their files.

Types only here so far; the reader (schema without loading the data, cached by path + size +
mtime, distinct values of low-cardinality string columns, ISO-date detection, candidate keys)
is built in this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# The logical types resolve reasons about; `polars_dtype` keeps the exact one.
Dtype = Literal["int", "float", "str", "bool", "date", "datetime", "duration", "null", "other"]
Format = Literal["parquet", "csv"]


@dataclass(frozen=True)
class TableRef:
    path: str
    format: Format = "parquet"


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    dtype: Dtype
    polars_dtype: str
    # A string column whose non-null values all look like ISO dates ("2024-03-01") or
    # datetimes ("2024-03-01 10:15:00" / "2024-03-01T10:15:00").
    iso: Literal["date", "datetime"] | None = None
    # Sorted distinct values of a low-cardinality string column (None when too many).
    values: tuple[str, ...] | None = None
    n_unique: int | None = None
    null_count: int = 0


@dataclass(frozen=True)
class TableInfo:
    name: str
    path: str
    format: Format
    n_rows: int
    columns: dict[str, ColumnInfo] = field(default_factory=dict)  # in file order
    # Columns whose values are unique and non-null: candidate keys for join inference.
    keys: tuple[str, ...] = ()


Catalog = dict[str, TableInfo]
