"""Load: 1,000 sequential well-formed requests to a real server with the deterministic fill;
its resident memory after the last stays within 10% of what it was after the first 100.
Run with `pytest -s` to see the figures.
"""

from __future__ import annotations

from collections import Counter
from itertools import cycle, islice
from pathlib import Path

import polars as pl
import requests

from serverutil import running_server

REQUESTS = 1000
WARMUP = 100
MAX_GROWTH = 0.10

QUESTIONS = [
    "total weight per crate", "crates heavier than 20", "how many crates per dock", "heaviest crate",
    "average weight by dock", "crates shipped after 2024-03-01", "docks and their managers",
    "number of distinct docks", "lightest 3 crates", "crates at the north dock",
]


def test_rss_stays_flat_over_1000_requests(tmp_path: Path) -> None:
    crates, docks = tmp_path / "crates.parquet", tmp_path / "docks.csv"
    pl.DataFrame({"crate_id": list(range(200)), "dock": ["north", "south", "east", "west"] * 50,
                  "weight_kg": [float(i % 37) for i in range(200)],
                  "shipped_on": [f"2024-0{1 + i % 9}-1{i % 10}" for i in range(200)]}).write_parquet(crates)
    pl.DataFrame({"dock": ["north", "south", "east", "west"], "manager": ["Iva", "Oz", "Ru", "Sam"]}).write_csv(docks)
    tables = {"crates": {"file_name": str(crates), "format": "parquet"},
              "docks": {"file_name": str(docks), "format": "csv"}}

    with running_server(tmp_path / "server.log") as live:
        session = requests.Session()
        statuses: Counter[int] = Counter()
        rss_after_warmup = 0
        for done, question in enumerate(islice(cycle(QUESTIONS), REQUESTS), start=1):
            # A fresh message each time, so no answer comes from a cache keyed by question.
            answer = session.post(live.url + "/chat", json={"message": f"{question} #{done}", "tables": tables},
                                  timeout=60)
            statuses[answer.status_code] += 1
            if done == WARMUP:
                rss_after_warmup = live.rss_kib()
        rss_end = live.rss_kib()

    growth = rss_end / rss_after_warmup - 1
    print(f"\nload: {REQUESTS} requests, statuses {dict(statuses)}; RSS after {WARMUP}: {rss_after_warmup} KiB, "
          f"after {REQUESTS}: {rss_end} KiB ({growth:+.1%})")
    assert statuses == {200: REQUESTS}
    assert growth <= MAX_GROWTH
