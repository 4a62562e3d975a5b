"""Air travel: airports, airlines, their aircraft, flights and the delay recorded per flight."""

from __future__ import annotations

import math
import random
from datetime import date

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "Air travel in the TPC-H style: every column carries its table's prefix (`ap_` airports, "
    "`al_` airlines, `ac_` aircraft, `f_` flights, `dl_` delays), keys are codes or integers "
    "(`ap_code`, `al_code`, `ac_id`, `f_id`) and foreign keys repeat the child's prefix "
    "(`f_origin`/`f_dest` -> `ap_code`, `f_al_code`, `f_ac_id`, `dl_f_id`). Flight dates "
    "(`f_dep_date`) are ISO strings over 2022-2024. All parquet. Gaps on purpose: four "
    "airports have no departures (one of them no flights at all), one airline has no aircraft "
    "and no flights, some airlines belong to no alliance (null `al_alliance`), cancelled "
    "flights have no delay row, and a flight that left on time has a delay row with null "
    "`dl_minutes` and null `dl_cause`."
)

TABLES: dict[str, str] = {
    "airports": "parquet",
    "airlines": "parquet",
    "aircraft": "parquet",
    "flights": "parquet",
    "delays": "parquet",
}

AIRPORTS = [
    ("LIS", "Lisbon", "Portugal", 38.8, -9.1), ("OPO", "Porto", "Portugal", 41.2, -8.7),
    ("LYS", "Lyon", "France", 45.7, 5.1), ("CDG", "Paris", "France", 49.0, 2.5),
    ("ORY", "Paris", "France", 48.7, 2.4), ("MUC", "Munich", "Germany", 48.4, 11.8),
    ("HAM", "Hamburg", "Germany", 53.6, 10.0), ("TRN", "Turin", "Italy", 45.2, 7.6),
    ("MXP", "Milan", "Italy", 45.6, 8.7), ("AUS", "Austin", "USA", 30.2, -97.7),
    ("DEN", "Denver", "USA", 39.9, -104.7), ("SEA", "Seattle", "USA", 47.4, -122.3),
    ("YYZ", "Toronto", "Canada", 43.7, -79.6), ("KIX", "Osaka", "Japan", 34.4, 135.2),
    ("MEL", "Melbourne", "Australia", -37.7, 144.8), ("GRU", "Sao Paulo", "Brazil", -23.4, -46.5),
    ("MAD", "Madrid", "Spain", 40.5, -3.6), ("VIE", "Vienna", "Austria", 48.1, 16.6),
    ("DUB", "Dublin", "Ireland", 53.4, -6.3), ("ORD", "Chicago", "USA", 42.0, -87.9),
    ("YVR", "Vancouver", "Canada", 49.2, -123.2), ("CTS", "Sapporo", "Japan", 42.8, 141.7),
]
NO_DEPARTURES = ("TRN", "CTS", "ORY", "DUB")  # DUB sees no flight at all
AIRLINES = [
    ("AQ", "Aqua Air", "Portugal", "Star"), ("BV", "Bavaria Wings", "Germany", "Star"),
    ("CL", "Coral Lines", "Brazil", "SkyTeam"), ("FN", "Fjord Nordic", "Ireland", None),
    ("HZ", "Horizon Pacific", "Japan", "Oneworld"), ("MP", "Maple Jet", "Canada", "Star"),
    ("RA", "Rosso Airways", "Italy", "SkyTeam"), ("SU", "Summit United", "USA", "Oneworld"),
    ("TX", "Texan Express", "USA", None),
]
MODELS = [("A320", 174, 186), ("A321neo", 194, 220), ("B737-800", 162, 189),
          ("B787-9", 254, 296), ("E190", 96, 114), ("ATR 72", 68, 74), ("A350-900", 300, 325)]
CAUSES = ["Weather", "Crew", "Technical", "Air Traffic", "Security"]


def _km(a: tuple, b: tuple) -> int:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[3], a[4], b[3], b[4]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return round(2 * 6371 * math.asin(math.sqrt(h)))


def build(rng: random.Random) -> dict[str, Table]:
    hubs = ("LIS", "MUC", "CDG", "DEN", "KIX", "YYZ", "GRU")
    airports = [{"ap_code": code, "ap_name": f"{city} {rng.choice(['International', 'Airport', 'Metropolitan'])}",
                 "ap_city": city, "ap_country": country, "ap_hub": code in hubs}
                for code, city, country, _, _ in AIRPORTS]
    # ORY's airport name has to differ from CDG's: both are Paris
    airports[4]["ap_name"] = "Paris Orly"
    airports[3]["ap_name"] = "Paris Charles de Gaulle"
    airlines = [{"al_code": c, "al_name": n, "al_country": k, "al_alliance": a,
                 "al_founded": rng.randint(1946, 2012)} for c, n, k, a in AIRLINES]

    flying = [a["al_code"] for a in airlines if a["al_code"] != "FN"]  # FN has no fleet yet
    aircraft = []
    for i in range(1, 43):
        model, low, high = rng.choice(MODELS)
        aircraft.append({"ac_id": i, "ac_reg": f"{rng.choice('CDFGIN')}-{gen.coined(rng, 2)[:4].upper()}{i}",
                         "ac_model": model, "ac_seats": rng.randint(low, high),
                         "ac_al_code": flying[(i - 1) % len(flying)], "ac_built": rng.randint(2005, 2022)})
    fleet = {code: [a for a in aircraft if a["ac_al_code"] == code] for code in flying}

    coords = {a[0]: a for a in AIRPORTS}
    origins = [a[0] for a in AIRPORTS if a[0] not in NO_DEPARTURES]
    dests = [a[0] for a in AIRPORTS if a[0] != "DUB"]
    routes = []
    for o in origins:
        for d in rng.sample([x for x in dests if x != o], 5):
            routes.append((o, d, rng.choice(flying)))

    flights, delays = [], []
    for i in range(1, 1801):
        origin, dest, airline = rng.choice(routes)
        plane = rng.choice(fleet[airline])
        distance = _km(coords[origin], coords[dest])
        cancelled = rng.random() < 0.04
        flights.append({
            "f_id": 100000 + i, "f_al_code": airline, "f_ac_id": plane["ac_id"],
            "f_origin": origin, "f_dest": dest,
            "f_dep_date": gen.iso(gen.day(rng, date(2022, 1, 1), date(2024, 12, 31))),
            "f_distance": distance,
            "f_fare": round(40 + distance * rng.uniform(0.06, 0.14) + rng.random(), 2),
            "f_cancelled": cancelled,
        })
        if not cancelled:
            late = rng.random() < 0.45
            minutes = int(rng.expovariate(1 / 40)) + 5 if late else None
            delays.append({"dl_id": len(delays) + 1, "dl_f_id": 100000 + i, "dl_minutes": minutes,
                           "dl_cause": rng.choices(CAUSES, [4, 2, 3, 5, 1])[0] if late else None})

    return {
        "airports": Table(gen.columns(airports), ("ap_code",)),
        "airlines": Table(gen.columns(airlines), ("al_code",)),
        "aircraft": Table(gen.columns(aircraft), ("ac_id",), {"ac_al_code": "airlines.al_code"}),
        "flights": Table(gen.columns(flights), ("f_id",),
                         {"f_al_code": "airlines.al_code", "f_ac_id": "aircraft.ac_id",
                          "f_origin": "airports.ap_code", "f_dest": "airports.ap_code"}),
        "delays": Table(gen.columns(delays), ("dl_id",), {"dl_f_id": "flights.f_id"}),
    }
