"""The dev set measures the product; nothing in the project may name its tables or copy
its questions (its README's rules of use). Skipped where ../shared/devset is absent."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"
SOURCE_SUFFIXES = {".py", ".lark", ".md", ".json", ".jsonl", ".txt", ".toml", ".cfg"}
SKIP_DIRS = {".venv", ".git", "out", "data", "__pycache__", ".pytest_cache"}


def _project_text() -> dict[Path, str]:
    texts = {}
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS or part.startswith(".venv") for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and path.suffix in SOURCE_SUFFIXES and path.name != Path(__file__).name:
            texts[path] = path.read_text(errors="replace")
    return texts


@pytest.mark.skipif(not DEVSET.exists(), reason="../shared/devset is not beside this checkout")
def test_no_devset_table_name_or_question_in_the_project():
    tables = {p.stem for p in (DEVSET / "tables").glob("*.parquet")}
    questions = [json.loads(line)["question"] for line in (DEVSET / "cases.jsonl").read_text().splitlines()]
    assert tables and questions
    table_re = re.compile(r"\b(" + "|".join(map(re.escape, sorted(tables))) + r")\b")
    found = []
    for path, text in _project_text().items():
        found += [f"{path.relative_to(ROOT)}: table {m.group(1)}" for m in table_re.finditer(text)]
        found += [f"{path.relative_to(ROOT)}: question {q!r}" for q in questions if q in text]
    assert not found, "dev set material in the project:\n" + "\n".join(found)


def _runs(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9_]+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not DEVSET.exists(), reason="../shared/devset is not beside this checkout")
def test_no_near_copy_of_a_devset_question_in_the_project():
    """A question reworded a little (another table, a dropped word) is still a copy: no run of
    six words of a dev-set question stands in the project's text."""
    questions = [json.loads(line)["question"] for line in (DEVSET / "cases.jsonl").read_text().splitlines()]
    runs = set().union(*(_runs(q, 6) for q in questions))
    found = [f"{path.relative_to(ROOT)}: {' '.join(run)}" for path, text in _project_text().items()
             for run in sorted(_runs(text, 6) & runs)]
    assert not found, "dev set wording in the project:\n" + "\n".join(found)
