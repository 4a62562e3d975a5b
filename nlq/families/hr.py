"""The `hr` family: a company's people, with salary history over time."""

from __future__ import annotations

import random
from datetime import date, timedelta

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "A company's HR records with TPC-H-like short prefixed columns: `l_` for locations, `d_` for "
    "departments, `j_` for jobs, `emp_`/`e_` for employees and `sal_` for the salary history. Each "
    "employee belongs to a department and holds a job; `e_mgr_id` references another employee "
    "(null for the CEO). `salaries` holds one row per salary period (2021-2024): `sal_from_dt` and "
    "`sal_to_dt` are real dates, `sal_to_dt` is null for the current salary, `sal_reason` is hire, "
    "raise, promotion or adjustment. `departments` is a CSV, so its `d_created_dt` is an ISO string. "
    "Gaps on purpose: one location has no department, one department (Innovation Lab) has no "
    "employees, one job is never held, terminated employees keep their history, and some "
    "employees have no e-mail or no phone extension."
)

TABLES: dict[str, str] = {
    "locations": "parquet",
    "departments": "csv",
    "jobs": "parquet",
    "employees": "parquet",
    "salaries": "parquet",
}

_LOCATIONS = [("Lisbon", "Portugal", "EMEA"), ("Munich", "Germany", "EMEA"), ("Lyon", "France", "EMEA"),
              ("Austin", "USA", "AMER"), ("Toronto", "Canada", "AMER"), ("Osaka", "Japan", "APAC"),
              ("Melbourne", "Australia", "APAC"), ("Sao Paulo", "Brazil", "AMER")]
# name, location index (1-based); the last department never gets anyone
_DEPARTMENTS = [("Engineering", 2), ("Sales", 4), ("Marketing", 1), ("Finance", 3), ("Support", 5),
                ("People", 1), ("Operations", 6), ("Legal", 3), ("Research", 7), ("Innovation Lab", 2)]
# title, grade, min, max; the last job is never held
_JOBS = [("Chief Executive", 9, 180000, 260000), ("Director", 7, 120000, 170000),
         ("Manager", 6, 85000, 125000), ("Senior Specialist", 5, 70000, 100000),
         ("Specialist", 4, 52000, 78000), ("Analyst", 3, 45000, 68000), ("Associate", 2, 36000, 52000),
         ("Intern", 1, 22000, 32000), ("Principal Fellow", 8, 150000, 210000)]


def build(rng: random.Random) -> dict[str, Table]:
    locations = {"l_id": [], "l_city": [], "l_country": [], "l_region": []}
    for i, (city, country, region) in enumerate(_LOCATIONS, 1):
        for k, v in zip(locations, (100 + i, city, country, region), strict=True):
            locations[k].append(v)
    # location 108 (Sao Paulo) hosts no department

    departments = []
    for i, (dname, loc) in enumerate(_DEPARTMENTS, 1):
        departments.append({
            "d_id": 10 * i, "d_name": dname, "d_loc_id": 100 + loc,
            "d_budget": gen.money(rng, 400_000, 3_000_000),
            "d_created_dt": gen.iso(gen.day(rng, date(2008, 1, 1), date(2020, 12, 31))),
        })

    jobs = [{"j_id": f"J{grade:02d}", "j_title": t, "j_grade": grade, "j_min_sal": lo, "j_max_sal": hi}
            for t, grade, lo, hi in _JOBS]

    employees, salaries = [], []
    staffed = [d["d_id"] for d in departments[:-1]]
    weights = [8, 6, 3, 3, 5, 2, 3, 1, 2]
    heads: dict[int, int] = {}
    n = 140
    for i in range(1, n + 1):
        emp_id = 1000 + i
        first, last = gen.name(rng)
        if i == 1:
            job, dept, mgr = 0, 60, None  # the CEO sits in People
        elif i <= 10:
            job, dept, mgr = 1, staffed[i - 2], 1001
            heads[dept] = emp_id
        else:
            dept = rng.choices(staffed, weights)[0]
            job = rng.choices([2, 3, 4, 5, 6, 7], [2, 4, 6, 5, 4, 1])[0]
            mgr = heads[dept]
        hired = gen.day(rng, date(2021, 1, 4), date(2024, 6, 28)) if i > 10 else \
            gen.day(rng, date(2021, 1, 4), date(2021, 12, 31))
        status = "Active" if i <= 10 else rng.choices(["Active", "On Leave", "Terminated"], [16, 2, 3])[0]
        employees.append({
            "emp_id": emp_id, "emp_name": f"{first} {last}",
            "emp_email": gen.maybe(rng, 0.12, gen.email(first, last, i, "corp.example")),
            "e_dept_id": dept, "e_job_id": jobs[job]["j_id"], "e_mgr_id": mgr,
            "e_hire_dt": hired, "e_status": status,
            "e_ext": gen.maybe(rng, 0.2, rng.randint(2000, 7999)),
        })
        # salary history: hire, then a change every 5-14 months until the end of 2024
        lo, hi = jobs[job]["j_min_sal"], jobs[job]["j_max_sal"]
        amount = gen.money(rng, lo, lo + (hi - lo) * 0.6)
        start, reason = hired, "hire"
        end_of_data = date(2024, 12, 31)
        if status == "Terminated":
            end_of_data = gen.day(rng, hired + timedelta(days=200), date(2024, 12, 31))
        periods = []
        while True:
            nxt = start + timedelta(days=rng.randint(150, 430))
            periods.append((start, amount, reason))
            if nxt > end_of_data:
                break
            reason = rng.choices(["raise", "promotion", "adjustment"], [6, 2, 1])[0]
            factor = {"raise": rng.uniform(1.02, 1.07), "promotion": rng.uniform(1.1, 1.2),
                      "adjustment": rng.uniform(0.97, 1.03)}[reason]
            amount = round(amount * factor + rng.randint(0, 99) / 100, 2)
            start = nxt
        for k, (from_dt, amt, why) in enumerate(periods):
            last_period = k == len(periods) - 1
            to_dt = (None if status != "Terminated" else end_of_data) if last_period \
                else periods[k + 1][0] - timedelta(days=1)
            salaries.append({"sal_id": len(salaries) + 1, "sal_emp_id": emp_id, "sal_amt": amt,
                             "sal_from_dt": from_dt, "sal_to_dt": to_dt, "sal_reason": why})

    return {
        "locations": Table(locations, key=("l_id",)),
        "departments": Table(gen.columns(departments), key=("d_id",), refs={"d_loc_id": "locations.l_id"}),
        "jobs": Table(gen.columns(jobs), key=("j_id",)),
        "employees": Table(gen.columns(employees), key=("emp_id",),
                           refs={"e_dept_id": "departments.d_id", "e_job_id": "jobs.j_id",
                                 "e_mgr_id": "employees.emp_id"}),
        "salaries": Table(gen.columns(salaries), key=("sal_id",), refs={"sal_emp_id": "employees.emp_id"}),
    }
