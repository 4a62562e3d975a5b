"""`nlq export-runner DIR`: write a tree the Polars Bench runner installs.

The runner refuses a repository whose root holds a `pyproject.toml`, installs only from
`requirements.txt`, and keeps its own versions of the packages it provides. So the tree
holds `main.py`, the packages with their data files, and the root `requirements.txt` (the
export of `uv.lock`) less what the runner provides, less llama-cpp-python (a source build
inside the runner's image is a risk it does not need), and less what only those need. The
tree's `main.py` runs the transformers backend (bf16 on the runner's GPU).
"""

from __future__ import annotations

import argparse
import importlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from nlq.errors import NlqError

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("nlq", "codegen", "grammar")
# What the runner drops from requirements.txt, keeping its own base environment's versions.
RUNNER_PROVIDES = frozenset({
    "torch", "polars", "fastapi", "uvicorn", "pydantic", "requests", "transformers", "accelerate"})
# What the tree leaves out for the runner: the CPU backend, built from source.
RUNNER_OMITS = frozenset({"llama-cpp-python"})
RUNNER_BACKEND = "transformers"
# What the tree's main.py says before it imports the app.
_RUNNER_BACKEND_LINES = f"""import os

# Written by `nlq export-runner`: the runner's image has no llama-cpp-python.
os.environ.setdefault("NLQ_BACKEND", "{RUNNER_BACKEND}")
"""

_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")
# `    # via x` on one line, or `    # via` followed by `    #   x` lines.
_VIA = re.compile(r"^\s+#\s+(?:via\s+)?([A-Za-z0-9][A-Za-z0-9._-]*)\s*$")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, help="where to write the tree (must not exist or be empty)")


def run(args: argparse.Namespace) -> int:
    export_runner(args.dir)
    print(f"wrote {args.dir}: start it there with `python -m uvicorn main:app`")
    return 0


@dataclass
class Requirement:
    name: str
    lines: list[str]  # the pin and its `# via` comment lines, as uv wrote them
    via: set[str]


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirements(text: str) -> tuple[list[str], list[Requirement]]:
    """A `uv export` file as its header comment lines and its pins with what needs them."""
    header: list[str] = []
    pins: list[Requirement] = []
    for line in text.splitlines():
        if match := _REQUIREMENT.match(line):
            pins.append(Requirement(_normalize(match.group(1)), [line], set()))
        elif pins:
            pins[-1].lines.append(line)
            if (via := _VIA.match(line)) and line.split() != ["#", "via"]:
                pins[-1].via.add(_normalize(via.group(1)))
        else:
            header.append(line)
    return header, pins


def runner_requirements(text: str) -> str:
    """`text` (a `uv export` file) without what the runner provides, nor what only it needs.

    A dependency of the runner's own packages (pydantic-core, torch's CUDA wheels) is left to
    the runner too: pinning our version next to its pydantic or torch could not install.
    """
    header, pins = parse_requirements(text)
    dropped = set(RUNNER_PROVIDES | RUNNER_OMITS)
    grew = True
    while grew:
        needed_only_by_dropped = {p.name for p in pins if p.via and p.via <= dropped} - dropped
        dropped |= needed_only_by_dropped
        grew = bool(needed_only_by_dropped)
    kept = [line for pin in pins if pin.name not in dropped for line in pin.lines]
    note = ["# For the Polars Bench runner: written by `nlq export-runner` from requirements.txt,",
            f"# without what the runner provides ({', '.join(sorted(RUNNER_PROVIDES))}),",
            f"# without {', '.join(sorted(RUNNER_OMITS))} and without what only they need."]
    return "\n".join([*note, *header, *kept]) + "\n"


def export_runner(target: Path) -> None:
    source = ROOT / "requirements.txt"
    if not source.is_file() or not (ROOT / "main.py").is_file():
        raise NlqError(f"no requirements.txt and main.py in {ROOT}",
                       hint="run `nlq export-runner` from a checkout of the repository")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NlqError(f"{target} exists and is not an empty directory", hint="name a new directory")
    target.mkdir(parents=True, exist_ok=True)
    main = (ROOT / "main.py").read_text()
    first, _, rest = main.partition("\n\n")  # after the docstring
    (target / "main.py").write_text(f"{first}\n\n{_RUNNER_BACKEND_LINES}\n{rest}")
    (target / "requirements.txt").write_text(runner_requirements(source.read_text()))
    for package in PACKAGES:
        origin = Path(importlib.import_module(package).__path__[0])
        shutil.copytree(origin, target / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
