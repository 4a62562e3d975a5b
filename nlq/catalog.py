"""What nlq knows about the tables of a request, read from their files.

Reading is bounded whatever the file: only regular files are opened (a FIFO, a device or a
directory is refused from its `stat`, before any open), a CSV over `NLQ_MAX_CSV_BYTES` is
refused, and the statistics come from a sample, not the whole table. The schema comes from
the file's metadata (parquet) or the header and first rows (CSV, as `pl.read_csv` infers
it); the row count from the metadata (parquet) or the sample (CSV: exact when the file fits
in the sample, else estimated from the bytes read). Distinct and null counts, the distinct
values of low-cardinality string columns, ISO-date detection and candidate
keys are computed over the first SAMPLE_ROWS rows (the first row groups of a parquet file,
the first CSV_SAMPLE_BYTES of a CSV). Results are cached by path, size and modification
time, since the reader runs on every request.

`NLQ_DATA_ROOT`, when set, is the directory every table must resolve into (`outside_root`).
"""

from __future__ import annotations

import io
import os
import stat as stat_kind
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import polars as pl

from nlq import words as W
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
    # Statistics over the table's sample (TableInfo.sample_rows), not necessarily every row.
    n_unique: int | None = None  # distinct non-null values; None for nested types
    null_count: int = 0


@dataclass(frozen=True)
class TableInfo:
    name: str
    path: str
    format: Format
    n_rows: int  # parquet: from the metadata; CSV: exact when sample_rows covers the file, else estimated
    columns: dict[str, ColumnInfo] = field(default_factory=dict)  # in file order
    # Columns whose values are unique and non-null in the sample: candidate keys for join inference.
    keys: tuple[str, ...] = ()
    sample_rows: int = 0  # the rows the column statistics were computed on (the first ones)

    @property
    def entity_key(self) -> str | None:
        """The column that names one of the table's rows: its first candidate key, else its
        first column."""
        return next(iter(self.keys), None) or next(iter(self.columns), None)

    def name_columns(self, prefix: str) -> list[str]:
        """The table's name columns, by the closest tier that has any: `name`, `<thing>_name`,
        `<prefix>_name`, any `..._name`, a column named as the thing itself (`country` of countries),
        a title."""
        strings = [c for c, info in self.columns.items() if info.dtype == "str"]
        thing = W.singular(W.split_identifier(self.name)[-1])
        tiers = [
            [c for c in strings if c == "name"],
            [c for c in strings if W.split_identifier(c) == (*W.split_identifier(thing), "name")],
            [c for c in strings if W.split_identifier(c) == (prefix, "name")],
            [c for c in strings if W.split_identifier(c)[-1:] == ("name",)],
            [c for c in strings if W.split_identifier(c) == W.split_identifier(thing)],
            # a book's or a job's title
            [c for c in strings if W.split_identifier(c)[-1:] and W.synonym(W.split_identifier(c)[-1]) == "name"],
        ]
        return next((tier for tier in tiers if tier), [])

    def labels(self) -> list[str]:
        """The columns a person knows one of the rows by: a first and last name, else its name
        columns."""
        first_last = [c for c in ("first_name", "last_name") if c in self.columns]
        if len(first_last) == 2 or not self.columns:
            return first_last
        return self.name_columns(W.split_identifier(next(iter(self.columns)))[0])

    def repeats(self, column: str) -> bool:
        """Some non-null value of `column` occurs twice in the sample: certainly not a key of the
        table (the converse, unique in the sample, is only likely)."""
        info = self.columns[column]
        return info.n_unique is not None and info.n_unique < self.sample_rows - info.null_count


Catalog = dict[str, TableInfo]


# ---------------------------------------------------------------------------------------
# The reader

# Values are listed for string columns with at most this many distinct values: enough for
# statuses and segments, few enough to keep prompts short.
MAX_VALUES = 50
# ...and only when none of them is longer than this: values are prompt text.
MAX_VALUE_CHARS = 100
_CACHE_SIZE = 256
# Statistics are computed over this many first rows of a table.
SAMPLE_ROWS = 100_000
# A CSV is parsed from at most this many of its first bytes (cut at a line end).
CSV_SAMPLE_BYTES = 64 * 2**20
# A CSV larger than this (env NLQ_MAX_CSV_BYTES) is not read at all.
DEFAULT_MAX_CSV_BYTES = 2 * 2**30
_ISO_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
_ISO_DATETIME = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"

_BY_BASE_TYPE: dict[type[pl.DataType], Dtype] = {
    pl.String: "str", pl.Categorical: "str", pl.Enum: "str", pl.Boolean: "bool", pl.Date: "date",
    pl.Datetime: "datetime", pl.Duration: "duration", pl.Null: "null",
}
# Only these make sensible join keys; a unique float, bool or timestamp column is a coincidence.
_KEY_DTYPES = {"int", "str"}

# A plain `pl.read_csv(path)` is what the runner does; the catalog's reader infers the same schema.
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


def data_root() -> str | None:
    """The directory every table must lie in (env NLQ_DATA_ROOT), or None: any path."""
    return os.environ.get("NLQ_DATA_ROOT") or None


def outside_root(path: str, root: str) -> str | None:
    """Where `path` really is (links followed) when that is outside `root`, else None."""
    base = os.path.realpath(root)
    try:
        real = os.path.realpath(path)
    except (ValueError, OSError):  # an embedded NUL byte, a loop of links: no path inside the root
        return path
    return None if os.path.commonpath([real, base]) == base else real


def root_problem(name: str, path: str, root: str | None = None) -> str | None:
    """Why table `name` may not be read from `path` under the data root (default: env), or None."""
    root = root if root is not None else data_root()
    if root is None or (real := outside_root(path, root)) is None:
        return None
    shown = "" if real == path else f" (it resolves to {real})"
    return f"table {name!r}: {path} is outside the data root {root}{shown}"


def max_csv_bytes() -> int:
    try:
        return int(os.environ.get("NLQ_MAX_CSV_BYTES", DEFAULT_MAX_CSV_BYTES))
    except ValueError:
        return DEFAULT_MAX_CSV_BYTES


_KINDS = [(stat_kind.S_ISDIR, "a directory"), (stat_kind.S_ISFIFO, "a FIFO"), (stat_kind.S_ISCHR, "a character device"),
          (stat_kind.S_ISBLK, "a block device"), (stat_kind.S_ISSOCK, "a socket")]


def load_catalog(tables: Mapping[str, TableRef]) -> Catalog:
    return {name: load_table(name, ref) for name, ref in tables.items()}


def load_table(name: str, ref: TableRef) -> TableInfo:
    """Schema and cheap statistics of one table file; repeats are answered from a cache keyed
    by the file's path, size and modification time, so an edited file is read again."""
    if ref.format not in _SCANNERS:
        raise CatalogError(f"table {name!r}: unsupported format {ref.format!r} for {ref.path}",
                           hint=f"use one of: {', '.join(_SCANNERS)}")
    try:
        # stat, never open, decides: opening a FIFO blocks, and /dev/zero never ends.
        stat = os.stat(ref.path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CatalogError(f"table {name!r}: cannot open {ref.path} ({reason})",
                           hint="check the path; relative paths are taken from the working directory") from None
    if not stat_kind.S_ISREG(stat.st_mode):
        kind = next((what for test, what in _KINDS if test(stat.st_mode)), "not a regular file")
        raise CatalogError(f"table {name!r}: {ref.path} is not a file ({kind})", hint="point the table at one data file")
    if ref.format == "csv" and stat.st_size > (limit := max_csv_bytes()):
        raise CatalogError(f"table {name!r}: {ref.path} is {stat.st_size:,} bytes, over the {limit:,}-byte CSV limit",
                           hint="use parquet for a table this large, or raise NLQ_MAX_CSV_BYTES")
    info = _read(os.path.abspath(ref.path), ref.format, stat.st_size, stat.st_mtime_ns)
    return replace(info, name=name, path=ref.path)


# The samples themselves are kept for fewer tables than their statistics: `check` runs an
# answer on the sample of the tables the catalog has just read.
_SAMPLES_KEPT = 16


@lru_cache(maxsize=_SAMPLES_KEPT)
def _sample(path: str, fmt: Format, size: int, mtime_ns: int) -> tuple[pl.Schema, int, pl.DataFrame]:
    # mtime_ns is only part of the cache key.
    return _sample_parquet(path) if fmt == "parquet" else _sample_csv(path, size)


def sample(table: TableInfo) -> pl.DataFrame:
    """The table's first SAMPLE_ROWS rows, read as the catalog read them for its statistics."""
    stat = os.stat(table.path)
    return _sample(os.path.abspath(table.path), table.format, stat.st_size, stat.st_mtime_ns)[2]


def find_values(table: TableInfo, phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Which phrases are values, exactly as written, of the table's string columns that list no
    values (names, titles: too many to list), by column; looked up in the table's sample."""
    columns = [c for c, info in table.columns.items() if info.dtype == "str" and info.values is None and info.iso is None]
    if not phrases or not columns:
        return {}
    try:
        frame = sample(table)
    except (OSError, pl.exceptions.PolarsError, CatalogError):
        return {}  # a table described, not read (a catalog built by hand): nothing to look up
    # A column a later stage derived (a name in capitals) is no column of the file.
    columns = [c for c in columns if c in frame.columns]
    if not columns:
        return {}
    found = frame.select(pl.col(c).filter(pl.col(c).is_in(phrases)).unique().implode() for c in columns).row(0)
    return {c: tuple(sorted(hits)) for c, hits in zip(columns, found) if hits}


@lru_cache(maxsize=_CACHE_SIZE)
def _read(path: str, fmt: Format, size: int, mtime_ns: int) -> TableInfo:
    try:
        schema, n_rows, sample = _sample(path, fmt, size, mtime_ns)
        stats = sample.lazy().select(_stat_exprs(schema)).collect().row(0, named=True)
    except (pl.exceptions.PolarsError, OSError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CatalogError(f"cannot read {path} as {fmt}: {detail}",
                           hint=f"check that the file is a valid {fmt} file and that its format is set right") from None
    rows = stats["len"]
    columns = {name: _column(i, name, dtype, stats, rows) for i, (name, dtype) in enumerate(schema.items())}
    keys = tuple(c.name for c in columns.values()
                 if rows and c.dtype in _KEY_DTYPES and c.iso is None and c.null_count == 0 and c.n_unique == rows)
    return TableInfo(name="", path=path, format=fmt, n_rows=n_rows, columns=columns, keys=keys, sample_rows=rows)


def _sample_parquet(path: str) -> tuple[pl.Schema, int, pl.DataFrame]:
    # Schema and row count from the footer; the slice reads only the first row groups.
    frame = pl.scan_parquet(path)
    schema = frame.collect_schema()
    n_rows = frame.select(pl.len()).collect().item()
    return schema, n_rows, frame.head(SAMPLE_ROWS).collect()


def _sample_csv(path: str, size: int) -> tuple[pl.Schema, int, pl.DataFrame]:
    with open(path, "rb") as file:
        data = file.read(CSV_SAMPLE_BYTES + 1)
    whole = len(data) <= CSV_SAMPLE_BYTES
    if not whole:
        end = data.rfind(b"\n", 0, CSV_SAMPLE_BYTES)
        if end < 0:
            raise CatalogError(f"cannot read {path} as csv: no line ends within its first {CSV_SAMPLE_BYTES:,} bytes",
                               hint="check that the file is a CSV file and that its format is set right")
        data = data[:end + 1]
    # read_csv infers from the first rows exactly as `pl.read_csv(path)` does.
    frame = pl.read_csv(io.BytesIO(data))
    n_rows = frame.height if whole else round(frame.height * size / len(data))
    return frame.schema, n_rows, frame.head(SAMPLE_ROWS)


def _stat_exprs(schema: pl.Schema) -> list[pl.Expr]:
    # Aliases are indexed, not named after the column, so no column name can clash with them.
    exprs = [pl.len().alias("len")]
    for i, (name, dtype) in enumerate(schema.items()):
        col = pl.col(name)
        exprs.append(col.null_count().alias(f"{i}.nulls"))
        logical = logical_dtype(dtype)
        if logical != "other":
            exprs.append(col.drop_nulls().n_unique().alias(f"{i}.unique"))
        if logical == "str":
            # Values, and the regexes, see at most MAX_VALUE_CHARS + 1 characters of each
            # string: a 10 MB cell costs no 10 MB copies, and its column lists no values.
            text = col.cast(pl.String).drop_nulls().str.slice(0, MAX_VALUE_CHARS + 1)
            exprs += [
                text.str.len_chars().max().alias(f"{i}.longest"),
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
        short = (stats[f"{i}.longest"] or 0) <= MAX_VALUE_CHARS
        values = tuple(sorted(found)) if len(found) <= MAX_VALUES and short else None
        iso = "date" if stats[f"{i}.date"] else "datetime" if stats[f"{i}.datetime"] else None
    return ColumnInfo(name=name, dtype=logical_dtype(dtype), polars_dtype=str(dtype), iso=iso, values=values,
                      n_unique=stats.get(f"{i}.unique"), null_count=null_count)
