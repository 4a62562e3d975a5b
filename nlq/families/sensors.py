"""sensors: an IoT telemetry store with terse abbreviated names and one table over a million rows."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "An IoT telemetry store: monitoring sites, the devices installed at them, the devices' raw "
    "readings (over a million rows) and the alerts they raised. Names are short lower-case "
    "abbreviations (`dev_id`, `site_id`, `dev_type`, `site_nm`, `fw_ver`, `inst_dt`, `ts`, `val`, "
    "`unit`, `qty`, `qc_flg`, `sev`, `dt`); `ts` is a real Datetime (whole seconds) and `dt` a real "
    "Date (the reading's day), while the devices CSV keeps its install date `inst_dt` as an ISO "
    "string. Device types are TEMP (unit C), HUM (pct), PRESS (hPa) and CO2 (ppm); alert severity is "
    "LOW/MED/HIGH/CRIT. Gaps on purpose: two sites have no devices, some devices never sent a "
    "reading, some devices never raised an alert, a few readings have a null value or no QC flag, "
    "and some alerts were never acknowledged (`ack_ts` null)."
)

TABLES: dict[str, str] = {
    "sites": "parquet",
    "devices": "csv",
    "readings": "parquet",
    "alerts": "parquet",
}

TYPES = ["TEMP", "HUM", "PRESS", "CO2"]
UNITS = {"TEMP": "C", "HUM": "pct", "PRESS": "hPa", "CO2": "ppm"}
BASE = {"TEMP": (21.0, 4.0), "HUM": (45.0, 12.0), "PRESS": (1013.0, 8.0), "CO2": (600.0, 150.0)}
START = datetime(2023, 1, 1)
SPAN_S = int((datetime(2025, 1, 1) - START).total_seconds())
N_READINGS = 1_200_000


def build(rng: random.Random) -> dict[str, Table]:
    sites = []
    for i, (city, country) in enumerate(rng.sample(gen.PLACES, 14), start=1):
        sites.append({
            "site_id": i, "site_nm": f"{gen.coined(rng, 2)} {rng.choice(['Plant', 'Depot', 'Lab', 'Yard'])}",
            "city": city, "country": country,
            "elev_m": rng.randint(2, 1800),
            "opened_dt": gen.day(rng, date(2015, 1, 1), date(2022, 6, 30)),
        })
    empty_sites = {13, 14}  # no devices yet

    devices = []
    for i in range(1, 131):
        kind = rng.choices(TYPES, [4, 3, 2, 2])[0]
        devices.append({
            "dev_id": i, "site_id": rng.randint(1, 12), "dev_type": kind,
            "mfr": rng.choice(["Acme", "Sensix", "Nordtek", "Kairo"]),
            "fw_ver": rng.choice(["1.2.0", "1.4.1", "2.0.3", "2.1.0"]),
            "inst_dt": gen.iso(gen.day(rng, date(2021, 1, 1), date(2022, 12, 31))),
            "is_active": rng.random() < 0.88,
        })
    assert not any(d["site_id"] in empty_sites for d in devices)
    # ten devices were installed at the very end and never reported
    quiet = set(rng.sample(range(1, 131), 10))
    for d in devices:
        if d["dev_id"] in quiet:
            d["inst_dt"] = gen.iso(gen.day(rng, date(2024, 12, 20), date(2024, 12, 31)))
    reporting = [d for d in devices if d["dev_id"] not in quiet]

    nrng = np.random.default_rng(rng.randrange(2**32))
    n = N_READINGS
    weights = np.array([rng.uniform(0.5, 1.5) for _ in reporting])
    which = nrng.choice(len(reporting), size=n, p=weights / weights.sum())
    dev_ids = np.array([d["dev_id"] for d in reporting], dtype=np.int64)[which]
    type_idx = np.array([TYPES.index(d["dev_type"]) for d in reporting])[which]
    # each device has its own offset from its type's base, so device averages differ
    offset = np.array([rng.uniform(-1.0, 1.0) for _ in reporting])[which]
    mean = np.array([BASE[t][0] for t in TYPES])[type_idx]
    sd = np.array([BASE[t][1] for t in TYPES])[type_idx]
    secs = np.sort(nrng.integers(0, SPAN_S, size=n))
    hour = (secs % 86400) / 3600.0
    daily = np.sin((hour - 9.0) / 24.0 * 2 * np.pi)  # warmer / busier in the afternoon
    val = np.round(mean + offset * sd * 0.3 + daily * sd * 0.4 + nrng.normal(0.0, sd * 0.5, n), 2)
    val_s = pl.Series("val", val).set(pl.Series(nrng.random(n) < 0.004), None)
    qty = nrng.integers(1, 61, size=n)
    flag_idx = nrng.choice(3, size=n, p=[0.955, 0.035, 0.01])
    epoch_us = int((START - datetime(1970, 1, 1)).total_seconds()) * 1_000_000
    ts = pl.Series("ts", secs * 1_000_000 + epoch_us).cast(pl.Datetime("us"))
    readings = {
        "rd_id": np.arange(1, n + 1, dtype=np.int64),
        "dev_id": dev_ids,
        "ts": ts,
        "dt": ts.dt.date(),
        "val": val_s,
        "unit": pl.Series(["C", "pct", "hPa", "ppm"]).gather(type_idx),
        "qty": qty,
        "qc_flg": pl.Series(["OK", "SUSPECT", None]).gather(flag_idx),
    }

    alerts = []
    alerting = [d["dev_id"] for d in reporting]
    alerting = rng.sample(alerting, 95)  # the rest never raised an alert
    for i in range(1, 901):
        raised = rng.randrange(SPAN_S)
        acked = rng.random() < 0.8
        alerts.append({
            "alert_id": i, "dev_id": rng.choice(alerting),
            "ts": START + timedelta(seconds=raised),
            "sev": rng.choices(["LOW", "MED", "HIGH", "CRIT"], [5, 4, 2, 1])[0],
            "code": rng.choice(["E_RANGE", "E_DRIFT", "E_COMM", "E_BATT"]),
            "ack_ts": START + timedelta(seconds=raised + rng.randrange(60, 86400)) if acked else None,
        })

    return {
        "sites": Table(gen.columns(sites), key=("site_id",)),
        "devices": Table(gen.columns(devices), key=("dev_id",), refs={"site_id": "sites.site_id"}),
        "readings": Table(readings, key=("rd_id",), refs={"dev_id": "devices.dev_id"}),
        "alerts": Table(gen.columns(alerts), key=("alert_id",), refs={"dev_id": "devices.dev_id"}),
    }

