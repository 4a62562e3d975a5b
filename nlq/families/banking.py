"""banking: a retail bank's core tables in legacy UPPER_CASE naming."""

from __future__ import annotations

import random
from datetime import date

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "A retail bank's core system: branches, customers, the accounts they hold at a branch, the "
    "cards issued on accounts and the account transactions. Columns follow a legacy mainframe "
    "convention: UPPER_CASE with abbreviated suffixes (`ACCT_ID`, `CUST_ID`, `BRANCH_NM`, `TXN_AMT`, "
    "`TXN_DT`, `OPEN_DT`, `IS_CLOSED`); every date is an ISO string and codes are upper-case words "
    "(`TXN_TYPE` DEBIT/CREDIT/FEE/TRANSFER/INTEREST, `ACCT_TYPE`, `SEGMENT`). Transactions and customers "
    "are CSV files, the rest parquet. Gaps on purpose: one branch has no accounts, some customers hold "
    "no account, some accounts never had a transaction, some emails and balances are null, closed "
    "accounts carry a `CLOSE_DT` (null otherwise), debit cards have no credit limit, and FEE/INTEREST "
    "transactions have no channel."
)

TABLES: dict[str, str] = {
    "branches": "parquet",
    "customers": "csv",
    "accounts": "parquet",
    "cards": "parquet",
    "transactions": "csv",
}

REGIONS = ["NORTH", "SOUTH", "EAST", "WEST"]


def build(rng: random.Random) -> dict[str, Table]:
    branches = []
    for i, (city, _country) in enumerate(rng.sample(gen.PLACES, 9), start=101):
        branches.append({
            "BRANCH_ID": i,
            "BRANCH_NM": f"{city} {rng.choice(['Main', 'Central', 'Harbor', 'Market', 'Park'])}",
            "CITY": city,
            "REGION": rng.choice(REGIONS),
            "OPEN_DT": gen.iso(gen.day(rng, date(1995, 1, 1), date(2018, 12, 31))),
        })
    # the last branch opened recently and holds no accounts yet
    branches[-1]["OPEN_DT"] = "2024-11-04"

    customers = []
    for i in range(1, 221):
        first, last = gen.name(rng)
        customers.append({
            "CUST_ID": i, "FIRST_NM": first, "LAST_NM": last,
            "EMAIL_ADDR": gen.maybe(rng, 0.12, gen.email(first, last, i, "post.example")),
            "CITY": rng.choice(gen.PLACES)[0],
            "SEGMENT": rng.choices(["RETAIL", "PREMIER", "BUSINESS"], [6, 3, 2])[0],
            "JOIN_DT": gen.iso(gen.day(rng, date(2012, 1, 1), date(2023, 12, 31))),
        })
    holders = sorted(rng.sample(range(1, 221), 200))  # 20 customers hold no account

    accounts = []
    used_bal: set[float] = set()
    for n in range(360):
        acct_id = 10001 + n
        cust = holders[n] if n < len(holders) else rng.choice(holders)
        kind = rng.choices(["CHECKING", "SAVINGS", "BUSINESS"], [5, 4, 1])[0]
        opened = gen.day(rng, date(2016, 1, 1), date(2024, 6, 30))
        closed = rng.random() < 0.12
        bal = gen.money(rng, 10, 60000)
        while bal in used_bal:
            bal = gen.money(rng, 10, 60000)
        used_bal.add(bal)
        accounts.append({
            "ACCT_ID": acct_id, "CUST_ID": cust, "BRANCH_ID": rng.randint(101, 108),
            "ACCT_TYPE": kind, "OPEN_DT": gen.iso(opened),
            "CLOSE_DT": gen.iso(gen.day(rng, date(2024, 7, 1), date(2024, 12, 31))) if closed else None,
            "IS_CLOSED": closed,
            "CURR_BAL": 0.0 if closed else gen.maybe(rng, 0.04, bal),
        })

    cards = []
    card_accts = [a for a in accounts if a["ACCT_TYPE"] != "SAVINGS"]
    for n in range(260):
        acct = rng.choice(card_accts)
        kind = rng.choices(["DEBIT", "CREDIT"], [3, 2])[0]
        issued = gen.day(rng, date(2019, 1, 1), date(2024, 9, 30))
        cards.append({
            "CARD_ID": 500001 + n, "ACCT_ID": acct["ACCT_ID"], "CARD_TYPE": kind,
            "CARD_NETWORK": rng.choices(["VISA", "MASTERCARD", "AMEX"], [5, 4, 1])[0],
            "ISSUE_DT": gen.iso(issued),
            "EXP_DT": gen.iso(date(issued.year + 4, issued.month, 1)),
            "CRED_LMT": rng.choice([1000, 2500, 5000, 7500, 10000, 15000]) if kind == "CREDIT" else None,
            "IS_ACTIVE": not acct["IS_CLOSED"] and rng.random() < 0.9,
        })

    silent = set(rng.sample([a["ACCT_ID"] for a in accounts], 30))  # never transacted
    active = [a["ACCT_ID"] for a in accounts if a["ACCT_ID"] not in silent]
    weights = [rng.uniform(0.3, 3.0) for _ in active]
    transactions = []
    for n in range(4200):
        kind = rng.choices(["DEBIT", "CREDIT", "FEE", "TRANSFER", "INTEREST"], [45, 32, 9, 9, 5])[0]
        if kind == "FEE":
            amount, channel = gen.money(rng, 1, 45), None
        elif kind == "INTEREST":
            amount, channel = gen.money(rng, 0.5, 120), None
        else:
            amount = gen.money(rng, 2, 4800 if kind != "DEBIT" else 2500)
            channel = rng.choices(["ATM", "ONLINE", "BRANCH", "POS"], [2, 4, 1, 3 if kind == "DEBIT" else 0])[0]
        transactions.append({
            "TXN_ID": 9000001 + n,
            "ACCT_ID": rng.choices(active, weights)[0],
            "TXN_DT": gen.iso(gen.day(rng, date(2022, 1, 1), date(2024, 12, 31))),
            "TXN_AMT": amount, "TXN_TYPE": kind, "CHANNEL": channel,
            "MERCHANT_NM": f"{rng.choice(gen.NOUN)} {rng.choice(['Store', 'Cafe', 'Market', 'Fuel'])}"
            if channel == "POS" else None,
        })

    return {
        "branches": Table(gen.columns(branches), key=("BRANCH_ID",)),
        "customers": Table(gen.columns(customers), key=("CUST_ID",)),
        "accounts": Table(gen.columns(accounts), key=("ACCT_ID",),
                          refs={"CUST_ID": "customers.CUST_ID", "BRANCH_ID": "branches.BRANCH_ID"}),
        "cards": Table(gen.columns(cards), key=("CARD_ID",), refs={"ACCT_ID": "accounts.ACCT_ID"}),
        "transactions": Table(gen.columns(transactions), key=("TXN_ID",),
                              refs={"ACCT_ID": "accounts.ACCT_ID"}),
    }
