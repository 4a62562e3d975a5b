"""The generalization suite checks itself: every family generates deterministically, every
gold runs (on Polars 2.x here, on 1.39 in CI's compat run) and gives the same rows whatever
the order of its input rows, every family, style and shape has cases in both splits, and
output names follow cases/README.md (a table's name or snake_case; an aggregate or window
column named from the question's words for its measure, not from the source column)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from nlq.demo import SUITE_DOCS_PATH, render_suite_docs
from nlq.families import FAMILIES, build, module, write_family

SUITE_DIR = Path(__file__).resolve().parent.parent / "cases" / "suite"
STYLES = {"imperative", "question", "listed", "terse"}
SHAPES = {"filter", "scalar", "group", "multi_agg", "limit", "ratio", "date", "window", "multi_stage",
          "anti_join", "semi_join", "distinct", "rename", "derived", "lookup"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
READERS = {"parquet": pl.read_parquet, "csv": pl.read_csv}
# cases/README.md rule 3: an aggregate or window column is named from the question's words for
# its measure (`total_<w>`, `avg_<w>`, `<w>_rank`, ...), never from the source column's name.
MEASURE_NAME = re.compile(r"^(?:(?:running_total|total|avg|min|max|median|prev)_(?P<pre>.+)|(?P<post>.+)_(?:rank|share))$")
# The short forms of nlq/words.py (_SHORT_FORMS), back to the words a question may use.
LONG_FORMS = {"qty": {"quantity", "quantities"}, "pct": {"percentage", "percent"}, "avg": {"average"}}


def _cases() -> list[dict]:
    return [json.loads(line) for path in sorted(SUITE_DIR.glob("*.jsonl")) if path.stem in FAMILIES
            for line in path.read_text().splitlines() if line.strip()]


CASES = _cases()


def _specs(family: str) -> list[dict]:
    return [{"file_name": f"{family}/{name}.{fmt}", "format": fmt} for name, fmt in module(family).TABLES.items()]


@pytest.fixture(scope="session")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    """file_name -> frame, read the way the runner reads it; a family is written on first use."""
    directory = tmp_path_factory.mktemp("suite")
    frames: dict[str, pl.DataFrame] = {}

    def load(spec: dict) -> pl.DataFrame:
        if spec["file_name"] not in frames:
            family = spec["file_name"].partition("/")[0]
            if not (directory / family).is_dir():
                write_family(family, directory)
            frames[spec["file_name"]] = READERS[spec["format"]](directory / spec["file_name"])
        return frames[spec["file_name"]]

    return load


def _run(case: dict, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    scope = {"pl": pl, **frames}
    exec(case["gold_code"], scope)  # noqa: S102 - hand-written gold of this repository
    result = scope["result"]
    assert isinstance(result, pl.DataFrame), f"{case['id']}: result is {type(result).__name__}"
    return result


def _question_words(question: str) -> set[str]:
    """The question's words, lower case, camelCase and snake_case split ("TXN_AMT" -> txn, amt)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", question)
    return set(re.findall(r"[a-z0-9]+", spaced.lower()))


def _unworded(column: str, question: str) -> list[str]:
    """The words of an aggregate or window column's measure that the question does not use
    (an empty list where the name follows the question's words, or is not such a name)."""
    match = MEASURE_NAME.match(column)
    if not match or column in question:  # not a measure name, or a name the question gives
        return []
    said = _question_words(question)

    def used(word: str) -> bool:
        forms = {word, word + "s", word + "es"} | LONG_FORMS.get(word, set())
        return word == "count" or bool(forms & said)  # `<noun>_count` need not say "count"

    measure = match.group("pre") or match.group("post")
    return [word for word in measure.split("_") if not used(word)]


def _fingerprint(frame: pl.DataFrame) -> str:
    # Floats to 9 significant digits: a sum over shuffled rows may differ in its last bits.
    floats = [pl.col(c).round_sig_figs(9) for c, t in frame.schema.items() if t.is_float()]
    frame = frame.with_columns(floats) if floats else frame
    return frame.sort(frame.columns, nulls_last=True).write_csv()


def test_every_family_has_its_cases_and_half_are_held_out():
    assert len({case["id"] for case in CASES}) == len(CASES), "ids are unique"
    per_family = Counter((case["family"], case["split"]) for case in CASES)
    assert all(per_family[family, "train"] >= 16 and per_family[family, "eval"] >= 16 for family in FAMILIES)


def test_the_suite_is_large():
    assert len(CASES) >= 300 and sum(case["split"] == "eval" for case in CASES) >= 150


def test_every_case_is_tagged_from_the_closed_lists():
    for case in CASES:
        assert set(case) == {"id", "family", "split", "style", "shape", "question", "tables", "gold_code"}, case["id"]
        assert case["family"] in FAMILIES and case["id"].startswith(case["family"] + "-"), case["id"]
        assert case["split"] in {"train", "eval"}, case["id"]
        assert case["style"] in STYLES and case["shape"] in SHAPES, case["id"]
        for name, spec in case["tables"].items():
            family, _, file = spec["file_name"].partition("/")
            assert family == case["family"], case["id"]
            assert module(family).TABLES[name] == spec["format"] and file == f"{name}.{spec['format']}"


@pytest.mark.parametrize("tag", ["family", "style", "shape"])
def test_every_tag_has_cases_in_both_splits(tag: str):
    counts = Counter((case[tag], case["split"]) for case in CASES)
    values = FAMILIES if tag == "family" else STYLES if tag == "style" else SHAPES
    missing = [(value, split) for value in values for split in ("train", "eval") if not counts[value, split]]
    assert not missing


def test_families_differ_in_naming_and_shape(loaded):
    frames = [loaded(spec) for family in FAMILIES for spec in _specs(family)]
    names = [c for frame in frames for c in frame.columns]
    assert any(" " in n for n in names) and any(re.search(r"[a-z][A-Z]", n) for n in names)
    assert any(dtype == pl.Date for f in frames for dtype in f.dtypes)
    assert {spec["format"] for case in CASES for spec in case["tables"].values()} == {"parquet", "csv"}


def test_the_suite_has_wide_large_and_many_table_families(loaded):
    frames = [loaded(spec) for family in FAMILIES for spec in _specs(family)]
    assert any(c.isupper() and len(c) > 2 for f in frames for c in f.columns)
    assert any(isinstance(dtype, pl.Datetime) for f in frames for dtype in f.dtypes)
    assert max(f.width for f in frames) >= 60
    assert max(f.height for f in frames) >= 1_000_000
    assert max(len(module(family).TABLES) for family in FAMILIES) >= 12


@pytest.mark.compat
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_gold_runs_and_ignores_input_order(case: dict, loaded):
    frames = {name: loaded(spec) for name, spec in case["tables"].items()}
    result = _run(case, frames)
    assert result.height > 0, "a gold with no rows cannot tell a right answer from a wrong one"
    shuffled = {name: frame.sample(fraction=1.0, shuffle=True, seed=7) for name, frame in frames.items()}
    assert _fingerprint(_run(case, shuffled)) == _fingerprint(result), "the answer depends on row order"
    sources = {c for frame in frames.values() for c in frame.columns}
    for column in result.columns:
        assert column in sources or SNAKE.match(column), f"{column!r}: neither a table's name nor snake_case"
        if column not in sources:
            assert not _unworded(column, case["question"]), (
                f"{column!r}: named from the source column, not the question's words (cases/README.md rule 3)")
    if case["shape"] == "scalar":
        assert result.height == 1


@pytest.mark.parametrize(("column", "question", "ok"), [
    ("total_amount_moved", "What is the total amount moved for each transaction type?", True),
    ("total_txn_amt", "What is the total amount moved for each transaction type?", False),
    ("total_txn_amt", "Total TXN_AMT per TXN_TYPE.", True),
    ("avg_reading_value", "What is the average reading value for each unit?", True),
    ("avg_val", "What is the average reading value for each unit?", False),
    ("total_qty", "For each device, the total quantity.", True),
    ("flight_count_rank", "Rank airline codes by their number of flights.", True),
    ("curr_bal_rank", "Rank the accounts within each branch by balance.", False),
    ("avg_fare", "Show the route's average as avg_fare.", True),
    ("pct_closed", "What percentage of accounts are closed?", True),
])
def test_measure_names_follow_the_question(column: str, question: str, ok: bool):
    assert (not _unworded(column, question)) is ok


@pytest.mark.parametrize("family", list(FAMILIES))
def test_families_generate_deterministically(family: str):
    first, second = build(family), build(family)
    assert all(first[name].frame().equals(second[name].frame()) for name in first)


def test_suite_docs_are_up_to_date(tmp_path: Path):
    assert SUITE_DOCS_PATH.read_text() == render_suite_docs(tmp_path), "run: nlq demo-data --docs"


def test_bench_suites_pick_their_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import nlq.demo
    from nlq.bench import SUITES

    monkeypatch.setattr(nlq.demo, "DEMO_DIR", tmp_path)
    cases = SUITES["eval"](("school-",))
    assert cases and {(c.family, c.split, c.set) for c in cases} == {("school", "eval", "school")}
    assert all(Path(ref.path).is_file() and ref.path.startswith(str(tmp_path))
               for c in cases for ref in c.tables.values())
    assert {c.id for c in SUITES["train"](("school-",))}.isdisjoint(c.id for c in cases)
