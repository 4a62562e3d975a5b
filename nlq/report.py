"""What `nlq bench` prints and writes: a summary per system, the runner's score, and a JSON
report plus a markdown report with two self-drawn SVG plots (per-set accuracy, latency)."""

from __future__ import annotations

import html
import json
import math
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

MISS_OUTCOMES = ("exec_error", "wrong_columns", "wrong_row_count", "wrong_values")
LOOSER_RULES = ("reordered", "positional", "float_tolerance")
PALETTE = ("#3b6ea8", "#e08a2c", "#5a9e4b", "#b04a5a")


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
    by_set: dict[str, list[int]] = {}
    for r, a in counted:
        tally = by_set.setdefault(r["set"], [0, 0])
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
        "by_set": by_set,
        "outcomes": dict(Counter(v["outcome"] for v in misses)),
        "would_match": dict(Counter(rule for v in misses for rule in v["would_match"])),
        "fallbacks": sum(a["fallback"] for _, a in attempts),
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
         "wrong vals", "fallbacks", "median s", "p90 s", "total s", "prompt tok", "gen tok", "score"],
        [[name, s["exact"], s["counted"], 100 * s["accuracy"],
          *(s["outcomes"].get(o, 0) for o in MISS_OUTCOMES), s["fallbacks"],
          s["seconds"]["median"], s["seconds"]["p90"], s["seconds"]["total"],
          s["prompt_tokens"], s["generated_tokens"], f"{s['score']:.4f}"]
         for name, s in systems.items()], markdown)
    sets = sorted({k for s in systems.values() for k in s["by_set"]})
    per_set = _table(["set", *systems],
                     [[name, *(_fraction(s["by_set"].get(name)) for s in systems.values())]
                      for name in sets], markdown)
    near = _table(["misses that would match", *systems],
                  [[rule, *(s["would_match"].get(rule, 0) for s in systems.values())]
                   for rule in LOOSER_RULES], markdown)
    stages = sorted({k for s in systems.values() for k in s["stage_seconds"]})
    sections = [main, per_set, near]
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


def _fraction(tally: list[int] | None) -> str:
    return f"{tally[0]}/{tally[1]}" if tally else "-"


def format_summary(summary: dict[str, Any]) -> str:
    return "\n\n".join(_sections(summary, markdown=False))


# ---------------------------------------------------------------------------------------
# Plots

def bar_chart(title: str, groups: list[str], series: dict[str, list[float]], y_max: float,
              y_unit: str = "") -> str:
    """Grouped bars as a standalone SVG: one group per label, one bar per series."""
    left, top, bottom, height = 48, 28, 40, 180
    bar_w = 14
    # Wide enough for its bars and for its label (about 6.5 px a character at 11 px).
    group_w = max(bar_w * len(series) + 12, 6.5 * max(map(len, groups), default=0) + 8)
    width = round(left + group_w * len(groups) + 130)
    y_max = y_max or 1.0
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + bottom}" '
              f'font-family="sans-serif" font-size="11">'),
             f'<text x="{left}" y="16" font-size="13">{html.escape(title)}</text>']
    for i in range(5):  # horizontal grid and y labels
        value = y_max * i / 4
        y = top + height - height * i / 4
        parts.append(f'<line x1="{left}" x2="{left + group_w * len(groups)}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
                     f'{value:g}{y_unit}</text>')
    for g, label in enumerate(groups):
        x0 = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, (name, values) in enumerate(series.items()):
            h = height * min(values[g], y_max) / y_max
            parts.append(f'<rect x="{x0 + s * bar_w:.1f}" y="{top + height - h:.1f}" width="{bar_w - 2}" '
                         f'height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                         f'<title>{html.escape(name)} {html.escape(label)}: {values[g]:g}</title></rect>')
        parts.append(f'<text x="{left + (g + 0.5) * group_w:.1f}" y="{top + height + 14}" '
                     f'text-anchor="middle">{html.escape(label)}</text>')
    for s, name in enumerate(series):  # legend
        y = top + 12 + 16 * s
        x = round(left + group_w * len(groups) + 14)
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
                     f'<text x="{x + 14}" y="{y}">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def accuracy_plot(summary: dict[str, Any]) -> str:
    systems = summary["systems"]
    sets = sorted({k for s in systems.values() for k in s["by_set"]})

    def percent(tally: list[int] | None) -> float:
        return 100 * tally[0] / tally[1] if tally and tally[1] else 0.0

    series = {name: [percent(s["by_set"].get(k)) for k in sets] + [100 * s["accuracy"]]
              for name, s in systems.items()}
    return bar_chart("Exact matches per set", [*sets, "all"], series, 100, "%")


def latency_plot(records: list[dict[str, Any]], systems: list[str], bins: int = 10) -> str:
    seconds = {name: [r["systems"][name]["seconds"] for r in records] for name in systems}
    top = max((s for values in seconds.values() for s in values), default=1.0) or 1.0
    step = top / bins
    counts = {name: [0.0] * bins for name in systems}
    for name, values in seconds.items():
        for s in values:
            counts[name][min(int(s / step), bins - 1)] += 1
    labels = [f"{step * (i + 1):.3g}" for i in range(bins)]
    # A multiple of 4 keeps the four grid lines on whole counts.
    y_max = 4 * math.ceil(max(max(c) for c in counts.values()) / 4)
    return bar_chart("Seconds per question (bin upper bounds)", labels, counts, y_max)


# ---------------------------------------------------------------------------------------
# Files

def _misses(records: list[dict[str, Any]], systems: list[str]) -> str:
    rows = []
    for r in records:
        for name in systems:
            verdict = r["systems"][name]["verdict"]
            if verdict["outcome"] != "match":
                detail = " ".join(verdict["detail"].split())[:160].replace("|", "\\|")
                rows.append([r["id"] + ("" if r["counted"] else " (left out)"), name,
                             verdict["outcome"], ", ".join(verdict["would_match"]) or "-", detail])
    return _table(["case", "system", "outcome", "would match", "detail"], rows, markdown=True) \
        if rows else "No misses."


def write_reports(report: dict[str, Any], out: Path) -> list[Path]:
    """`report.json`, `report.md` and the plots it shows; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    summary, records = report["summary"], report["cases"]
    systems = list(summary["systems"])
    files = {
        "report.json": json.dumps(report, indent=2, default=str),
        "accuracy.svg": accuracy_plot(summary),
        "latency.svg": latency_plot(records, systems),
        "report.md": "\n\n".join([
            "# nlq bench",
            *_sections(summary, markdown=True),
            "![Exact matches per set](accuracy.svg)",
            "![Seconds per question](latency.svg)",
            "## Misses",
            _misses(records, systems),
        ]) + "\n",
    }
    for name, text in files.items():
        (out / name).write_text(text)
    return [out / name for name in files]
