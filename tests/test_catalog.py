import argparse
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from nlq.catalog import MAX_VALUES, TableRef, _read, load_catalog, load_table
from nlq.errors import CatalogError, NlqError


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    path = tmp_path / "things.parquet"
    pl.DataFrame({
        "thing_id": [1, 2, 3, 4],
        "label": ["b", "a", None, "a"],
        "weight": [1.5, 2.25, 1.5, None],
        "active": [True, False, True, True],
        "born": [date(2020, 1, 1), date(2021, 5, 6), None, date(2022, 2, 2)],
        "seen": [datetime(2024, 1, 1, 10, 0), None, None, datetime(2024, 2, 1)],
        "wait": [timedelta(hours=1)] * 4,
        "kind": pl.Series(["x", "y", "x", "y"], dtype=pl.Categorical),
        "nothing": [None] * 4,
        "due": ["2024-03-01", "2024-12-31", None, "2023-02-28"],
        "stamp": ["2024-03-01 10:15:00", "2024-03-01T10:15", "2024-03-02 23:59:59.5", "2024-03-03 00:00"],
        "tags": [[1], [2], [], None],
    }).write_parquet(path)
    return path


def test_parquet_dtypes_and_stats(parquet: Path):
    info = load_table("things", TableRef(str(parquet)))
    assert (info.name, info.path, info.format, info.n_rows) == ("things", str(parquet), "parquet", 4)
    assert list(info.columns) == ["thing_id", "label", "weight", "active", "born", "seen", "wait", "kind",
                                  "nothing", "due", "stamp", "tags"]
    dtypes = {name: c.dtype for name, c in info.columns.items()}
    assert dtypes == {"thing_id": "int", "label": "str", "weight": "float", "active": "bool", "born": "date",
                      "seen": "datetime", "wait": "duration", "kind": "str", "nothing": "null", "due": "str",
                      "stamp": "str", "tags": "other"}
    assert info.columns["seen"].polars_dtype.startswith("Datetime")
    label = info.columns["label"]
    assert (label.values, label.n_unique, label.null_count) == (("a", "b"), 2, 1)
    assert info.columns["kind"].values == ("x", "y")
    assert (info.columns["weight"].n_unique, info.columns["weight"].null_count) == (2, 1)
    assert info.columns["due"].iso == "date"
    assert info.columns["stamp"].iso == "datetime"
    assert info.columns["label"].iso is None
    assert info.columns["nothing"].values is None and info.columns["nothing"].null_count == 4
    # stamp is unique and non-null, but a timestamp is no join key.
    assert info.keys == ("thing_id",)


def test_csv_matches_read_csv_inference(tmp_path: Path):
    path = tmp_path / "visits.csv"
    path.write_text("visit_id,code,day,at,score,flag,empty\n"
                    "1,A7,2024-01-05,2024-01-05 08:30:00,3.5,true,\n"
                    "2,B2,2024-02-29,2024-02-29T09:00,4.0,false,\n"
                    "3,A7,2024-13-01,2024-03-01 10:00,,true,\n")
    info = load_table("visits", TableRef(str(path), "csv"))
    assert {n: c.polars_dtype for n, c in info.columns.items()} == \
        {n: str(d) for n, d in pl.read_csv(path).schema.items()}
    assert [c.dtype for c in info.columns.values()] == ["int", "str", "str", "str", "float", "bool", "str"]
    # 2024-13-01 is no date, so the column is not an ISO date column.
    assert info.columns["day"].iso is None
    assert info.columns["at"].iso == "datetime"
    assert info.columns["code"].values == ("A7", "B2")
    assert info.columns["empty"].null_count == 3 and info.columns["empty"].iso is None
    # day is not ISO (one bad value), so its unique strings make it a candidate key.
    assert info.keys == ("visit_id", "day")


def test_many_distinct_values_are_not_listed(tmp_path: Path):
    path = tmp_path / "words.parquet"
    pl.DataFrame({"word": [f"w{i:03d}" for i in range(MAX_VALUES + 1)]}).write_parquet(path)
    column = load_table("words", TableRef(str(path))).columns["word"]
    assert column.values is None and column.n_unique == MAX_VALUES + 1


def test_cache_hit_and_invalidation_on_change(parquet: Path):
    ref = TableRef(str(parquet))
    load_table("things", ref)
    hits = _read.cache_info().hits
    again = load_table("other_name", ref)
    assert _read.cache_info().hits == hits + 1
    assert again.name == "other_name"

    pl.DataFrame({"thing_id": [1, 2, 3]}).write_parquet(parquet)
    changed = load_table("things", ref)
    assert changed.n_rows == 3 and list(changed.columns) == ["thing_id"]


def test_load_catalog_names_each_table(parquet: Path, tmp_path: Path):
    csv = tmp_path / "t.csv"
    csv.write_text("a\n1\n")
    catalog = load_catalog({"p": TableRef(str(parquet)), "c": TableRef(str(csv), "csv")})
    assert {name: info.name for name, info in catalog.items()} == {"p": "p", "c": "c"}
    assert catalog["c"].format == "csv"


@pytest.mark.parametrize("content, fmt", [
    (b"PAR1 definitely not parquet", "parquet"),
    (b"a,b\n1,2\n", "parquet"),
    (b"", "csv"),
])
def test_unreadable_files_raise_catalog_error(tmp_path: Path, content: bytes, fmt: str):
    path = tmp_path / f"bad.{fmt}"
    path.write_bytes(content)
    with pytest.raises(CatalogError) as err:
        load_table("bad", TableRef(str(path), fmt))
    assert str(path) in err.value.message and err.value.hint


def test_csv_type_change_after_inference_window_raises(tmp_path: Path):
    path = tmp_path / "late.csv"
    path.write_text("n\n" + "1\n" * 200 + "oops\n")
    with pytest.raises(CatalogError, match="late.csv"):
        load_table("late", TableRef(str(path), "csv"))


def test_missing_file_directory_and_unknown_format(tmp_path: Path):
    missing = tmp_path / "nope.parquet"
    with pytest.raises(CatalogError) as err:
        load_table("nope", TableRef(str(missing)))
    assert str(missing) in err.value.message and "path" in err.value.hint
    with pytest.raises(CatalogError, match="not a file"):
        load_table("dir", TableRef(str(tmp_path)))
    with pytest.raises(CatalogError, match="unsupported format 'xlsx'") as err:
        load_table("sheet", TableRef(str(missing), "xlsx"))  # type: ignore[arg-type]
    assert "parquet" in err.value.hint


# ---------------------------------------------------------------------------------------
# Bounded reading

def test_statistics_come_from_the_first_rows_and_the_row_count_from_the_metadata(tmp_path: Path, monkeypatch):
    from nlq import catalog

    monkeypatch.setattr(catalog, "SAMPLE_ROWS", 10)
    path = tmp_path / "long.parquet"
    pl.DataFrame({"id": range(1000), "kind": ["a"] * 10 + ["b"] * 990}).write_parquet(path, row_group_size=10)
    info = load_table("long", TableRef(str(path)))
    assert (info.n_rows, info.sample_rows) == (1000, 10)
    assert info.columns["kind"].values == ("a",) and info.columns["id"].n_unique == 10
    assert info.keys == ("id",)


def test_a_csv_larger_than_its_sample_is_read_from_its_first_lines(tmp_path: Path, monkeypatch):
    from nlq import catalog

    monkeypatch.setattr(catalog, "CSV_SAMPLE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_text("n,day\n" + "".join(f"{i:06d},2024-01-{i % 28 + 1:02d}\n" for i in range(1000)))
    info = load_table("big", TableRef(str(path), "csv"))
    assert info.sample_rows < 100 and abs(info.n_rows - 1000) < 50
    assert {n: c.polars_dtype for n, c in info.columns.items()} == {n: str(d) for n, d in pl.read_csv(path).schema.items()}
    assert info.columns["day"].iso == "date"
    path.write_bytes(b"a," + b"x" * 2000 + b"\n")  # no line end within the sample
    with pytest.raises(CatalogError, match="no line ends"):
        load_table("big", TableRef(str(path), "csv"))


def test_a_csv_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch):
    path = tmp_path / "huge.csv"
    path.write_text("a\n1\n2\n")
    monkeypatch.setenv("NLQ_MAX_CSV_BYTES", "5")
    with pytest.raises(CatalogError, match="over the 5-byte CSV limit") as err:
        load_table("huge", TableRef(str(path), "csv"))
    assert "NLQ_MAX_CSV_BYTES" in err.value.hint
    monkeypatch.setenv("NLQ_MAX_CSV_BYTES", "6")
    assert load_table("huge", TableRef(str(path), "csv")).n_rows == 2


def test_only_regular_files_are_opened(tmp_path: Path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # opening it for reading would block until a writer came
    for path, kind in ((fifo, "a FIFO"), ("/dev/zero", "a character device"), (tmp_path, "a directory")):
        for fmt in ("csv", "parquet"):
            with pytest.raises(CatalogError, match=f"not a file \\({kind}\\)"):
                load_table("t", TableRef(str(path), fmt))


def test_long_strings_are_not_listed_as_values(tmp_path: Path):
    path = tmp_path / "notes.parquet"
    pl.DataFrame({"note": ["short", "x" * 5000], "code": ["a", "b"]}).write_parquet(path)
    columns = load_table("notes", TableRef(str(path))).columns
    assert columns["note"].values is None and columns["note"].n_unique == 2
    assert columns["code"].values == ("a", "b")


def test_the_data_root_refuses_paths_that_resolve_outside_it(tmp_path: Path, monkeypatch):
    from nlq.catalog import root_problem
    from nlq.commands.common import tables_from_args

    root, outside = tmp_path / "root", tmp_path / "elsewhere.parquet"
    root.mkdir()
    outside.write_bytes(b"")
    (root / "link.parquet").symlink_to(outside)
    assert root_problem("t", str(root / "a.parquet"), str(root)) is None
    assert root_problem("t", str(outside), None) is None  # no root: any path
    assert "outside the data root" in root_problem("t", str(outside), str(root))
    assert f"resolves to {outside}" in root_problem("t", str(root / "link.parquet"), str(root))
    assert root_problem("t", str(root / ".." / "elsewhere.parquet"), str(root))
    assert root_problem("t", "a\x00b", str(root))

    def args(*tables: str, data_root: str | None = None):
        return argparse.Namespace(table=list(tables), data_root=data_root, demo=False)

    assert tables_from_args(args(f"t={root / 'a.parquet'}", data_root=str(root)))
    with pytest.raises(NlqError, match="table 't'.*outside the data root"):
        tables_from_args(args(f"t={outside}", data_root=str(root)))
    monkeypatch.setenv("NLQ_DATA_ROOT", str(root))
    with pytest.raises(NlqError, match="outside the data root"):
        tables_from_args(args(f"t={root / 'link.parquet'}"))
