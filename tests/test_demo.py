from pathlib import Path

import polars as pl
import pytest

from nlq.catalog import TableRef
from nlq.cli import main
from nlq.demo import CSV_TABLES, DOCS_PATH, FAMILIES, build, demo_tables, render_docs, write_demo


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    write_demo(directory)
    return directory


@pytest.fixture(scope="module")
def tables() -> dict:
    return {name: table for family in build().values() for name, table in family.items()}


def _files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_generation_is_byte_for_byte_deterministic(demo_dir: Path, tmp_path: Path):
    write_demo(tmp_path)
    assert _files(tmp_path) == _files(demo_dir)


def test_families_list_every_generated_table_with_its_prefix():
    assert {f: list(t) for f, t in build().items()} == FAMILIES
    assert all(name.startswith(f"{family}_") for family, names in FAMILIES.items() for name in names)


def test_keys_are_unique_and_foreign_keys_resolve(tables: dict):
    for name, table in tables.items():
        frame = table.frame()
        assert 1 <= frame.height <= 2000, name
        assert frame.select(table.key).null_count().sum_horizontal().item() == 0, name
        assert not frame.select(table.key).is_duplicated().any(), name
        for column, target in table.refs.items():
            parent, parent_column = target.split(".")
            known = set(tables[parent].frame()[parent_column])
            missing = set(frame[column].drop_nulls()) - known
            assert not missing, f"{name}.{column} -> {target}: {sorted(missing)[:5]}"


@pytest.mark.parametrize("parent, key, child, column", [
    ("shop_customers", "customer_id", "shop_orders", "customer_id"),
    ("shop_products", "product_id", "shop_order_items", "product_id"),
    ("rent_films", "id", "rent_inventory", "film_id"),
    ("rent_customers", "id", "rent_rentals", "customer_id"),
    ("tune_tracks", "track_id", "tune_invoice_items", "track_id"),
    ("tune_artists", "artist_id", "tune_albums", "artist_id"),
    ("geo_countries", "code", "geo_cities", "country_code"),
    ("wh_customer", "cu_custkey", "wh_orders", "or_custkey"),
])
def test_anti_joins_find_rows_and_joins_find_matches(tables: dict, parent, key, child, column):
    parents, children = tables[parent].frame(), tables[child].frame()
    unmatched = parents.join(children, left_on=key, right_on=column, how="anti")
    assert 0 < unmatched.height < parents.height


def test_columns_have_nulls_low_cardinality_and_two_decimals(tables: dict):
    frames = {name: t.frame() for name, t in tables.items()}
    assert frames["shop_orders"]["shipped_date"].null_count() > 0
    assert frames["shop_employees"]["manager_id"].null_count() == 1
    assert frames["shop_orders"]["status"].n_unique() == 5
    floats = [f[c] for f in frames.values() for c in f.columns if f[c].dtype == pl.Float64]
    assert all((s.drop_nulls().round(2) == s.drop_nulls()).all() for s in floats)
    assert frames["wh_customer"].columns[0] == "cu_custkey"


def test_csv_copies_read_back_like_the_parquet(demo_dir: Path):
    for name in CSV_TABLES:
        assert pl.read_csv(demo_dir / "csv" / f"{name}.csv").equals(pl.read_parquet(demo_dir / f"{name}.parquet"))


def test_demo_tables_generates_once_and_points_at_csv_on_request(tmp_path: Path):
    refs = demo_tables(tmp_path)
    assert set(refs) == {n for names in FAMILIES.values() for n in names}
    assert all(ref.format == "parquet" and Path(ref.path).is_file() for ref in refs.values())
    stamp = (tmp_path / "geo_cities.parquet").stat().st_mtime_ns
    csv_refs = demo_tables(tmp_path, csv=True)
    assert (tmp_path / "geo_cities.parquet").stat().st_mtime_ns == stamp
    assert csv_refs["rent_rentals"] == TableRef(str(tmp_path / "csv" / "rent_rentals.csv"), "csv")


def test_docs_are_up_to_date(demo_dir: Path):
    assert DOCS_PATH.read_text() == render_docs(demo_dir), "run: nlq demo-data --docs"


def test_cli_writes_the_tables(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert main(["demo-data", str(tmp_path)]) == 0
    assert (tmp_path / "wh_lineitem.parquet").is_file()
    assert f"{sum(map(len, FAMILIES.values()))} tables" in capsys.readouterr().out
