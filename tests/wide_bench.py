"""Seconds per question with the embedded model on a request of 200 tables x 50 columns:
`HF_HUB_OFFLINE=1 uv run python tests/wide_bench.py N` (N questions; tables under /tmp/wide). A measurement,
not a test: pytest does not collect it."""
import random, statistics, sys, time
from pathlib import Path
import polars as pl
from nlq.catalog import TableRef
from nlq.compile import compile_question, load_filler
from nlq.execute import run_code

N_TABLES, N_COLS, N_Q = 200, 50, int(sys.argv[1]) if len(sys.argv) > 1 else 20
root = Path("/tmp/wide")
domains = ["shop", "crm", "hr", "fin", "ops", "web", "ware", "ship", "bill", "lab"]
entities = ["orders", "tickets", "invoices", "visits", "shipments", "payments", "claims", "loans", "trips",
            "sessions", "returns", "bookings", "refunds", "leads", "jobs", "alerts", "audits", "grants", "bids", "cases"]
rng = random.Random(7)
tables = {}
for i in range(N_TABLES):
    name = f"{domains[i % 10]}_{entities[i // 10]}"
    path = root / f"{name}.parquet"
    if not path.exists():
        n = 200
        cols = {f"{entities[i // 10][:-1]}_id": list(range(1, n + 1)),
                "status": [rng.choice(["open", "closed", "pending"]) for _ in range(n)],
                "region": [rng.choice(["north", "south", "east", "west"]) for _ in range(n)],
                "amount": [round(rng.uniform(1, 500), 2) for _ in range(n)],
                "quantity": [rng.randint(1, 20) for _ in range(n)]}
        for k in range(N_COLS - len(cols)):
            cols[f"metric_{k:02d}"] = [rng.randint(0, 1000) for _ in range(n)]
        pl.DataFrame(cols).write_parquet(path)
    tables[name] = TableRef(str(path))
names = list(tables)
templates = [
    ("Total amount of {t} per region.", lambda df: df.group_by("region").agg(pl.col("amount").sum())),
    ("How many {t} are in each status?", lambda df: df.group_by("status").agg(pl.len())),
    ("Average quantity of {t} per status.", lambda df: df.group_by("status").agg(pl.col("quantity").mean())),
    ("{t} with status open and amount over 250.", lambda df: df.filter((pl.col("status") == "open") & (pl.col("amount") > 250))),
]
filler = load_filler("model")
seconds, correct, fallbacks = [], 0, 0
for q in range(N_Q):
    table = names[rng.randrange(len(names))]
    text, expected_fn = templates[q % len(templates)]
    question = text.format(t=table.replace("_", " "))
    t = time.perf_counter()
    compiled = compile_question(question, tables, filler=filler, budget_s=60)
    dt = time.perf_counter() - t
    seconds.append(dt)
    fallbacks += compiled.fallback
    run = run_code(compiled.code, {table: tables[table]} if table in compiled.code else tables)
    ok = False
    if run.frame is not None:
        exp = expected_fn(pl.read_parquet(tables[table].path))
        got = run.frame
        try:
            ok = got.shape[0] == exp.shape[0] and sorted(map(str, got.rows())) == sorted(map(str, exp.select(
                [c for c in exp.columns]).rows())) or sorted(got.to_series(-1).round(2).to_list()) == sorted(exp.to_series(-1).round(2).to_list())
        except Exception:
            ok = False
    correct += ok
    print(f"{q:3d} {dt:6.2f}s ok={ok} fb={compiled.fallback} prompt={compiled.prompt_tokens} "
          f"{ {k: round(v, 2) for k, v in compiled.timings.items()} } | {question}", flush=True)
print(f"{N_Q} questions on {N_TABLES} tables x {N_COLS} columns: mean {statistics.mean(seconds):.2f} s, "
      f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s; correct {correct}/{N_Q}, fallback {fallbacks}")
