"""A subscription software business: plans, customers, their subscriptions, the monthly
invoices billed and the churn events recorded when a subscription is cancelled."""

from __future__ import annotations

import random
from datetime import date, timedelta

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "A subscription business: `plans`, `customers`, `subscriptions` (a customer on a plan for a "
    "number of seats), monthly `invoices` (CSV, a few thousand rows) and `churn_events`. Naming is "
    "mixed on purpose: snake_case keys and abbreviations (`plan_id`, `cust_id`, `cust_nm`, "
    "`sub_id`, `inv_id`, `inv_dt`, `amt`) next to PascalCase (`PlanName`, `MonthlyFee`, "
    "`SignupChannel`). Dates (`signup_dt`, `started_dt`, `ended_dt`, `inv_dt`, `churn_dt`) are "
    "ISO date strings spanning 2022-2024; `ended_dt` is null while a subscription is active, "
    "`churned` says whether it ended by cancellation (others ended by switching plan). Gaps on "
    "purpose: a plan nobody subscribes to, customers who never subscribed, unpaid invoices "
    "(`paid` false), churn events without a `reason` or `nps_score`."
)

TABLES = {"plans": "parquet", "customers": "parquet", "subscriptions": "parquet", "invoices": "csv",
          "churn_events": "parquet"}

PLANS = [("Starter", 9.99, "self-serve"), ("Basic", 19.0, "self-serve"), ("Plus", 29.5, "self-serve"),
         ("Pro", 49.0, "sales"), ("Team", 89.0, "sales"), ("Legacy Gold", 14.99, "self-serve")]
REASONS = ["too expensive", "missing features", "switched to competitor", "no longer needed",
           "poor support"]
END = date(2024, 12, 31)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, 28))


def build(rng: random.Random) -> dict[str, Table]:
    plans = [{"plan_id": i, "PlanName": n, "MonthlyFee": f, "sold_via": s}
             for i, (n, f, s) in enumerate(PLANS, 1)]  # Legacy Gold (6) has no subscriptions

    customers = []
    seen: set[str] = set()
    while len(customers) < 220:
        first, last = gen.name(rng)
        if f"{first} {last}" in seen:
            continue
        seen.add(f"{first} {last}")
        i = len(customers) + 1
        customers.append({
            "cust_id": 5000 + i, "cust_nm": f"{first} {last}", "country": rng.choice(gen.PLACES)[1],
            "SignupChannel": rng.choices(["organic", "paid_ads", "referral", "partner"], [5, 3, 2, 1])[0],
            "signup_dt": gen.iso(gen.day(rng, date(2021, 10, 1), date(2024, 9, 30))),
        })
    subscribers = sorted(rng.sample([c["cust_id"] for c in customers], 195))
    signup = {c["cust_id"]: date.fromisoformat(c["signup_dt"]) for c in customers}

    subs, churns = [], []
    for cust in subscribers:
        start = max(signup[cust] + timedelta(days=rng.randint(0, 40)), date(2022, 1, 1))
        plan = rng.choices(range(1, 6), [4, 5, 4, 2, 1])[0]
        seats = rng.choice([1, 1, 1, 2, 3, 5]) if plan < 4 else rng.randint(3, 25)
        for _ in range(3):  # a customer may switch plan up to twice
            if start > END - timedelta(days=20):
                break
            months = rng.randint(2, 30)
            ended = _add_months(start, months) - timedelta(days=rng.randint(0, 20))
            fate = rng.choices(["active", "churn", "switch"], [5, 3, 1])[0]
            if ended > END or fate == "active":
                ended, fate = None, "active"
            sub_id = len(subs) + 1
            subs.append({"sub_id": sub_id, "cust_id": cust, "plan_id": plan, "started_dt": gen.iso(start),
                         "ended_dt": gen.iso(ended), "churned": fate == "churn", "seats": seats})
            if fate == "churn":
                churns.append({"sub_id": sub_id, "cust_id": cust, "churn_dt": gen.iso(ended),
                               "reason": gen.maybe(rng, 0.15, rng.choices(REASONS, [4, 3, 2, 2, 1])[0]),
                               "nps_score": gen.maybe(rng, 0.3, rng.randint(0, 10))})
            if fate != "switch":
                break
            start = ended + timedelta(days=1)
            plan = rng.choice([p for p in range(1, 6) if p != plan])
            seats = max(1, seats + rng.choice([-1, 0, 1, 2]))

    fee = {p["plan_id"]: p["MonthlyFee"] for p in plans}
    invoices = []
    for s in subs:
        bill = date.fromisoformat(s["started_dt"])
        stop = date.fromisoformat(s["ended_dt"]) if s["ended_dt"] else END
        while bill <= stop:
            base = fee[s["plan_id"]] * s["seats"] * rng.choice([1, 1, 1, 1, 0.9])
            recent = bill > date(2024, 10, 31)
            invoices.append({
                "sub_id": s["sub_id"], "inv_dt": bill,
                "amt": round(base + rng.randint(0, 1999) / 100, 2),
                "paid": rng.random() < (0.7 if recent else 0.95),
            })
            bill = _add_months(bill, 1)
    invoices.sort(key=lambda r: (r["inv_dt"], r["sub_id"]))
    invoices = [{"inv_id": 90000 + i, "sub_id": r["sub_id"], "inv_dt": gen.iso(r["inv_dt"]),
                 "amt": r["amt"], "paid": r["paid"]} for i, r in enumerate(invoices, 1)]
    churns.sort(key=lambda r: (r["churn_dt"], r["sub_id"]))
    churns = [{"event_id": i, **r} for i, r in enumerate(churns, 1)]

    return {
        "plans": Table(gen.columns(plans), ("plan_id",)),
        "customers": Table(gen.columns(customers), ("cust_id",)),
        "subscriptions": Table(gen.columns(subs), ("sub_id",),
                               {"cust_id": "customers.cust_id", "plan_id": "plans.plan_id"}),
        "invoices": Table(gen.columns(invoices), ("inv_id",), {"sub_id": "subscriptions.sub_id"}),
        "churn_events": Table(gen.columns(churns), ("event_id",),
                              {"sub_id": "subscriptions.sub_id", "cust_id": "customers.cust_id"}),
    }
