"""What nlq knows about the tables of a request, read from their files.

The reader takes the schema from the file's metadata (or the CSV header and first rows, as
`pl.read_csv` does) and cheap statistics from one lazy pass: row count, distinct and null
counts, the distinct values of low-cardinality string columns, ISO-date detection and
candidate keys. Results are cached by path, size and modification time, since the reader runs
on every request.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import polars as pl

from nlq.errors import CatalogError

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
    n_unique: int | None = None  # distinct non-null values; None for nested types
    null_count: int = 0
    # Float columns: the most decimal places any value has (None when more than MAX_DECIMALS),
    # so a sum or a mean of the column can be rounded the way its values are written.
    decimals: int | None = None


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


# ---------------------------------------------------------------------------------------
# The reader

# Values are listed for string columns with at most this many distinct values: enough for
# statuses and segments, few enough to keep prompts short.
MAX_VALUES = 50
# Decimal places tested for float columns; a value off a k-decimal grid by less than
# DECIMALS_TOLERANCE counts as on it (binary floats are never exact).
MAX_DECIMALS = 4
DECIMALS_TOLERANCE = 1e-6
_CACHE_SIZE = 256
_ISO_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
_ISO_DATETIME = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"

_BY_BASE_TYPE: dict[type[pl.DataType], Dtype] = {
    pl.String: "str", pl.Categorical: "str", pl.Enum: "str", pl.Boolean: "bool", pl.Date: "date",
    pl.Datetime: "datetime", pl.Duration: "duration", pl.Null: "null",
}
# Only these make sensible join keys; a unique float, bool or timestamp column is a coincidence.
_KEY_DTYPES = {"int", "str"}

# A plain `pl.read_csv(path)` is what the runner does; the default scan infers the same schema.
_SCANNERS: dict[str, Callable[[str], pl.LazyFrame]] = {
    "parquet": pl.scan_parquet,
    "csv": pl.scan_csv,
}


def logical_dtype(dtype: pl.DataType) -> Dtype:
    if dtype.is_integer():
        return "int"
    if dtype.is_float() or dtype.is_decimal():
        return "float"
    return _BY_BASE_TYPE.get(dtype.base_type(), "other")


def load_catalog(tables: Mapping[str, TableRef]) -> Catalog:
    return {name: load_table(name, ref) for name, ref in tables.items()}


def load_table(name: str, ref: TableRef) -> TableInfo:
    """Schema and cheap statistics of one table file; repeats are answered from a cache keyed
    by the file's path, size and modification time, so an edited file is read again."""
    if ref.format not in _SCANNERS:
        raise CatalogError(f"table {name!r}: unsupported format {ref.format!r} for {ref.path}",
                           hint=f"use one of: {', '.join(_SCANNERS)}")
    try:
        stat = os.stat(ref.path)
    except OSError as exc:
        raise CatalogError(f"table {name!r}: cannot open {ref.path} ({exc.strerror or exc})",
                           hint="check the path; relative paths are taken from the working directory") from None
    if not os.path.isfile(ref.path):
        raise CatalogError(f"table {name!r}: {ref.path} is not a file", hint="point the table at one data file")
    info = _read(os.path.abspath(ref.path), ref.format, stat.st_size, stat.st_mtime_ns)
    return replace(info, name=name, path=ref.path)


@lru_cache(maxsize=_CACHE_SIZE)
def _read(path: str, fmt: Format, size: int, mtime_ns: int) -> TableInfo:
    # size and mtime_ns are only part of the cache key.
    try:
        frame = _SCANNERS[fmt](path)
        schema = frame.collect_schema()
        stats = frame.select(_stat_exprs(schema)).collect().row(0, named=True)
    except (pl.exceptions.PolarsError, OSError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CatalogError(f"cannot read {path} as {fmt}: {detail}",
                           hint=f"check that the file is a valid {fmt} file and that its format is set right") from None
    n_rows = stats["len"]
    columns = {name: _column(i, name, dtype, stats, n_rows) for i, (name, dtype) in enumerate(schema.items())}
    keys = tuple(c.name for c in columns.values()
                 if n_rows and c.dtype in _KEY_DTYPES and c.iso is None and c.null_count == 0 and c.n_unique == n_rows)
    return TableInfo(name="", path=path, format=fmt, n_rows=n_rows, columns=columns, keys=keys)


def _stat_exprs(schema: pl.Schema) -> list[pl.Expr]:
    # Aliases are indexed, not named after the column, so no column name can clash with them.
    exprs = [pl.len().alias("len")]
    for i, (name, dtype) in enumerate(schema.items()):
        col = pl.col(name)
        exprs.append(col.null_count().alias(f"{i}.nulls"))
        logical = logical_dtype(dtype)
        if logical != "other":
            exprs.append(col.drop_nulls().n_unique().alias(f"{i}.unique"))
        if logical == "float":
            value = col.cast(pl.Float64).drop_nulls()
            for k in range(MAX_DECIMALS + 1):
                scaled = value * 10**k
                exprs.append(((scaled.round() - scaled).abs() < DECIMALS_TOLERANCE).all().alias(f"{i}.dec{k}"))
        if logical == "str":
            text = col.cast(pl.String).drop_nulls()
            exprs += [
                text.unique().head(MAX_VALUES + 1).implode().alias(f"{i}.values"),
                text.str.contains(_ISO_DATE).all().alias(f"{i}.date"),
                text.str.contains(_ISO_DATETIME).all().alias(f"{i}.datetime"),
            ]
    return exprs


def _column(i: int, name: str, dtype: pl.DataType, stats: dict[str, Any], n_rows: int) -> ColumnInfo:
    null_count = stats[f"{i}.nulls"]
    iso, values = None, None
    if f"{i}.values" in stats and null_count < n_rows:
        found = stats[f"{i}.values"]
        values = tuple(sorted(found)) if len(found) <= MAX_VALUES else None
        iso = "date" if stats[f"{i}.date"] else "datetime" if stats[f"{i}.datetime"] else None
    decimals = next((k for k in range(MAX_DECIMALS + 1) if stats.get(f"{i}.dec{k}")), None)
    return ColumnInfo(name=name, dtype=logical_dtype(dtype), polars_dtype=str(dtype), iso=iso, values=values,
                      n_unique=stats.get(f"{i}.unique"), null_count=null_count, decimals=decimals)
