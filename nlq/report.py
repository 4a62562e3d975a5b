"""What `nlq bench` prints and writes: for each suite a summary per system, broken down by set
and by the suite's tags (family, style, shape), the runner's score, the gap between suites,
and a JSON report plus a markdown report with matplotlib charts."""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

MISS_OUTCOMES = ("exec_error", "wrong_columns", "wrong_row_count", "wrong_values")
LOOSER_RULES = ("reordered", "positional", "float_tolerance")
# What results are broken down by, where the cases carry it.
BREAKDOWNS = ("set", "family", "style", "shape")


# ---------------------------------------------------------------------------------------
# Numbers

def _p90(values: list[float]) -> float:
    # Nearest rank: an observed value, stable for the small samples a bench has.
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)] if ordered else 0.0


def runner_score(exact: int, total_s: float, vram_gb: float | None, ram_gb: float | None) -> float:
    """N / (T × VRAM^0.1 × RAM^0.01), VRAM and RAM in GB; an unused or unknown one counts as 1."""
    denominator = total_s * (vram_gb or 1.0) ** 0.1 * (ram_gb or 1.0) ** 0.01
    return exact / denominator if denominator > 0 else 0.0


def _system_summary(records: list[dict[str, Any]], name: str, resources: dict[str, Any],
                    ram_measured: bool) -> dict[str, Any]:
    attempts = [(r, r["systems"][name]) for r in records]
    counted = [(r, a) for r, a in attempts if r["counted"]]
    exact = sum(a["verdict"]["outcome"] == "match" for _, a in counted)
    misses = [a["verdict"] for _, a in counted if a["verdict"]["outcome"] != "match"]
    by: dict[str, dict[str, list[int]]] = {}
    for r, a in counted:
        for tag in BREAKDOWNS:
            if r.get(tag):
                tally = by.setdefault(tag, {}).setdefault(r[tag], [0, 0])
                tally[0] += a["verdict"]["outcome"] == "match"
                tally[1] += 1
    # T is every answer the runner would wait for, left-out cases included.
    seconds = [a["seconds"] for _, a in attempts]
    total_s = sum(seconds)
    stages: Counter[str] = Counter()
    for _, a in attempts:
        stages.update(a["timings"])
    return {
        "exact": exact,
        "counted": len(counted),
        "accuracy": exact / len(counted) if counted else 0.0,
        "by": by,
        "outcomes": dict(Counter(v["outcome"] for v in misses)),
        "would_match": dict(Counter(rule for v in misses for rule in v["would_match"])),
        "fallbacks": sum(a["fallback"] for _, a in attempts),
        "drafts": sum(a.get("drafted", False) for _, a in attempts),
        # Answers the model was asked for at all; the drafts and the linker answer the rest.
        "model_answers": sum(a["prompt_tokens"] > 0 for _, a in attempts),
        "seconds": {"median": statistics.median(seconds) if seconds else 0.0,
                    "p90": _p90(seconds), "total": total_s,
                    "per_question": total_s / len(seconds) if seconds else 0.0},
        "stage_seconds": dict(stages),
        "prompt_tokens": sum(a["prompt_tokens"] for _, a in attempts),
        "generated_tokens": sum(a["generated_tokens"] for _, a in attempts),
        "score": runner_score(exact, total_s, resources["vram_gb"],
                              resources["peak_rss_gb"] if ram_measured else None),
    }


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def summarize(records: list[dict[str, Any]], systems: list[str], resources: dict[str, Any],
              ram_measured: bool = True) -> dict[str, Any]:
    """Per-system totals, and the first system's ratios against each other one."""
    per_system = {name: _system_summary(records, name, resources, ram_measured) for name in systems}
    first, *others = systems
    ratios = {other: {"exact": _ratio(per_system[first]["exact"], per_system[other]["exact"]),
                      "seconds_per_question": _ratio(per_system[first]["seconds"]["per_question"],
                                                     per_system[other]["seconds"]["per_question"]),
                      "score": _ratio(per_system[first]["score"], per_system[other]["score"])}
              for other in others}
    return {
        "cases": len(records),
        "left_out": {"nondeterministic": sum(r["nondeterministic"] for r in records),
                     "gold_error": sum(r["gold_error"] is not None for r in records)},
        "systems": per_system,
        "ratios": {"base": first, "against": ratios},
        "resources": resources,
        "ram_measured": ram_measured,
    }


def summarize_suites(records: list[dict[str, Any]], systems: list[str], resources: dict[str, Any],
                     ram_measured: bool = True) -> dict[str, Any]:
    """`summarize` for each suite, and each system's accuracy across the suites side by side."""
    suites = {name: summarize([r for r in records if r["suite"] == name], systems, resources, ram_measured)
              for name in dict.fromkeys(r["suite"] for r in records)}
    side_by_side = {name: {suite: s["systems"][name]["accuracy"] for suite, s in suites.items()}
                    for name in systems}
    return {"suites": suites, "accuracy": side_by_side}


# ---------------------------------------------------------------------------------------
# Tables

def _table(headers: list[str], rows: list[list[Any]], markdown: bool) -> str:
    cells = [headers] + [[_cell(v) for v in row] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        lines.insert(1, "|" + "|".join("---" for _ in headers) + "|")
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))) for row in cells)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _sections(summary: dict[str, Any], markdown: bool) -> list[str]:
    systems = summary["systems"]
    main = _table(
        ["system", "exact", "counted", "acc %", "exec err", "wrong cols", "wrong rows",
         "wrong vals", "fallbacks", "drafts", "model", "median s", "p90 s", "total s", "prompt tok", "gen tok",
         "score"],
        [[name, s["exact"], s["counted"], 100 * s["accuracy"],
          *(s["outcomes"].get(o, 0) for o in MISS_OUTCOMES), s["fallbacks"], s.get("drafts", 0),
          s.get("model_answers", 0),
          s["seconds"]["median"], s["seconds"]["p90"], s["seconds"]["total"],
          s["prompt_tokens"], s["generated_tokens"], f"{s['score']:.4f}"]
         for name, s in systems.items()], markdown)
    sections = [main]
    for tag in BREAKDOWNS:
        values = _values(summary, tag)
        # A breakdown into one value repeats the main table.
        if len(values) > 1:
            sections.append(_table([tag, *systems],
                                   [[value, *(_fraction(s["by"].get(tag, {}).get(value)) for s in systems.values())]
                                    for value in values], markdown))
    sections.append(_table(["misses that would match", *systems],
                           [[rule, *(s["would_match"].get(rule, 0) for s in systems.values())]
                            for rule in LOOSER_RULES], markdown))
    stages = sorted({k for s in systems.values() for k in s["stage_seconds"]})
    if stages:
        sections.append(_table(["total s per stage", *systems],
                               [[stage, *(s["stage_seconds"].get(stage) for s in systems.values())]
                                for stage in stages], markdown))
    base = summary["ratios"]["base"]
    for other, r in summary["ratios"]["against"].items():
        sections.append(f"{base} / {other}: exact x{_cell(r['exact'])}, "
                        f"seconds per question x{_cell(r['seconds_per_question'])}, "
                        f"score x{_cell(r['score'])}")
    res = summary["resources"]
    left_out = summary["left_out"]
    ram = f"{res['peak_rss_gb']:.2f} GB" if summary["ram_measured"] else "not measured (server)"
    vram = f"{res['vram_gb']:.2f} GB" if res["vram_gb"] else "no GPU (counts as 1)"
    sections.append(f"{summary['cases']} cases; left out of N: {left_out['nondeterministic']} "
                    f"nondeterministic, {left_out['gold_error']} failing gold. "
                    f"Peak RSS {ram}; VRAM {vram}.")
    return sections


def _values(summary: dict[str, Any], tag: str) -> list[str]:
    return sorted({v for s in summary["systems"].values() for v in s["by"].get(tag, {})})


def _fraction(tally: list[int] | None) -> str:
    return f"{tally[0]}/{tally[1]}" if tally else "-"


def format_summary(summary: dict[str, Any]) -> str:
    return "\n\n".join(_sections(summary, markdown=False))


def _suite_blocks(report: dict[str, Any], markdown: bool) -> list[str]:
    """Each suite's sections under its name, then the suites side by side."""
    blocks = []
    for suite, summary in report["suites"].items():
        blocks.append(f"## {suite}" if markdown else f"== {suite} ({summary['cases']} cases) ==")
        blocks += _sections(summary, markdown)
    suites = list(report["suites"])
    loads = next(iter(report["suites"].values()))["resources"].get("loads")
    if loads:
        blocks.append("Loaded (and warmed) in this process, in turn: " + "; ".join(
            f"{name} {load['load_s']:.1f} s" + (f", +{load['load_rss_gb']:.2f} GB RSS"
                                                if load["load_rss_gb"] is not None else "")
            for name, load in loads.items()))
    if len(suites) > 1:
        first, second = suites[:2]
        rows = [[name, *(100 * acc[s] for s in suites), 100 * (acc[first] - acc[second])]
                for name, acc in report["accuracy"].items()]
        blocks.append(("## Suites side by side\n\n" if markdown else "== suites side by side ==\n") +
                      _table(["exact %", *suites, f"gap {first} - {second} (points)"], rows, markdown))
    return blocks


def format_report(report: dict[str, Any]) -> str:
    return "\n\n".join(_suite_blocks(report, markdown=False))


# ---------------------------------------------------------------------------------------
# Charts (matplotlib, drawn off-screen)

def _grouped_bars(axes: Any, groups: list[str], series: dict[str, list[float]], title: str) -> None:
    width = 0.8 / max(len(series), 1)
    for s, (name, values) in enumerate(series.items()):
        axes.bar([g + (s - (len(series) - 1) / 2) * width for g in range(len(groups))], values,
                 width, label=name)
    axes.set_xticks(range(len(groups)), groups, rotation=30 if len(groups) > 6 else 0, ha="right"
                    if len(groups) > 6 else "center")
    axes.set_ylim(0, 100)
    axes.set_ylabel("exact %")
    axes.set_title(title)
    axes.legend(fontsize="small")


def _percent(tally: list[int] | None) -> float:
    return 100 * tally[0] / tally[1] if tally and tally[1] else 0.0


def charts(report: dict[str, Any], records: list[dict[str, Any]], out: Path) -> list[Path]:
    """accuracy.png (suites side by side), by_<tag>.png (one panel per suite), latency.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    suites, systems = report["suites"], list(report["accuracy"])
    paths = []

    def save(figure: Any, name: str) -> None:
        figure.tight_layout()
        figure.savefig(out / name, dpi=100)
        plt.close(figure)
        paths.append(out / name)

    figure, axes = plt.subplots(figsize=(2 + 1.5 * len(suites), 3.5))
    _grouped_bars(axes, list(suites), {n: [100 * report["accuracy"][n][s] for s in suites] for n in systems},
                  "Exact matches per suite")
    save(figure, "accuracy.png")
    for tag in BREAKDOWNS:
        panels = [(suite, _values(summary, tag)) for suite, summary in suites.items()]
        panels = [(suite, values) for suite, values in panels if len(values) > 1]
        if not panels:
            continue
        widest = max(len(values) for _, values in panels)
        figure, grid = plt.subplots(len(panels), 1, figsize=(2 + 0.6 * widest * len(systems) ** 0.5,
                                                             3.2 * len(panels)), squeeze=False)
        for axes, (suite, values) in zip(grid[:, 0], panels):
            by = {n: suites[suite]["systems"][n]["by"].get(tag, {}) for n in systems}
            _grouped_bars(axes, values, {n: [_percent(by[n].get(v)) for v in values] for n in systems},
                          f"{suite}: exact matches by {tag}")
        save(figure, f"by_{tag}.png")
    figure, axes = plt.subplots(figsize=(6, 3.5))
    axes.hist([[r["systems"][n]["seconds"] for r in records] for n in systems], bins=20, label=systems)
    axes.set_xlabel("seconds per question")
    axes.set_ylabel("questions")
    axes.set_title("Seconds per question, all suites")
    axes.legend(fontsize="small")
    save(figure, "latency.png")
    return paths


# ---------------------------------------------------------------------------------------
# Files

def _misses(records: list[dict[str, Any]], systems: list[str]) -> str:
    rows = []
    for r in records:
        for name in systems:
            verdict = r["systems"][name]["verdict"]
            if verdict["outcome"] != "match":
                detail = " ".join(verdict["detail"].split())[:160].replace("|", "\\|")
                rows.append([f"{r['suite']} {r['id']}".strip() + ("" if r["counted"] else " (left out)"), name,
                             verdict["outcome"], ", ".join(verdict["would_match"]) or "-", detail])
    return _table(["case", "system", "outcome", "would match", "detail"], rows, markdown=True) \
        if rows else "No misses."


def write_reports(report: dict[str, Any], out: Path) -> list[Path]:
    """`report.json`, `report.md` and the charts it shows; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    summary, records = report["summary"], report["cases"]
    images = charts(summary, records, out)
    systems = list(summary["accuracy"])
    markdown = "\n\n".join(["# nlq bench", *_suite_blocks(summary, markdown=True),
                             *(f"![{path.stem}]({path.name})" for path in images),
                             "## Misses", _misses(records, systems)]) + "\n"
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str))
    (out / "report.md").write_text(markdown)
    return [out / "report.json", out / "report.md", *images]
