"""Clinic: patients, doctors, visits, prescriptions, drugs and one wide lab-panel table."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "An outpatient clinic: patients see doctors in visits, a visit may end with prescriptions of "
    "drugs, and some visits have a lab panel drawn. Names are bare and shared: every table has "
    "`id` and `created_at`, patients, doctors and drugs each have `name`, and foreign keys read "
    "`patient_id`, `doctor_id`, `visit_id`, `drug_id`. `birth_date` is a real Date, `visit_at`, "
    "`collected_at` and every `created_at` are real Datetimes. `lab_panels` is wide: after its "
    "keys it has 66 measurement columns in short lab codes (`hb`, `wbc`, `plt`, `na`, `k`, "
    "`glucose`, `hba1c`, `ldl`, `tsh`, `crp`, ...), each left null when not ordered. Gaps on "
    "purpose: some patients never visit, two doctors have no visits, some drugs are never "
    "prescribed, cancelled and no-show visits have no fee, and blood type, phone, diagnosis "
    "code and the lab values have nulls."
)

TABLES: dict[str, str] = {
    "patients": "parquet", "doctors": "parquet", "drugs": "parquet", "visits": "parquet",
    "prescriptions": "parquet", "lab_panels": "parquet",
}

SPECIALTIES = ["General Practice", "Cardiology", "Dermatology", "Endocrinology", "Pediatrics",
               "Neurology", "Orthopedics"]
DRUG_CLASSES = ["Analgesic", "Antibiotic", "Antihypertensive", "Statin", "Antidiabetic",
                "Antihistamine", "Anticoagulant", "Antidepressant"]
REASONS = ["Checkup", "Follow-up", "Acute illness", "Chronic care", "Vaccination", "Injury"]

# code -> (mean, sd, decimals, share of nulls)
LABS: dict[str, tuple[float, float, int, float]] = {
    "hb": (13.8, 1.6, 1, 0.05), "hct": (41.0, 4.5, 1, 0.05), "rbc": (4.7, 0.5, 2, 0.05),
    "wbc": (7.2, 2.1, 1, 0.05), "plt": (250, 60, 0, 0.06), "mcv": (90, 5, 1, 0.08),
    "mch": (30, 2, 1, 0.08), "mchc": (33.5, 1.2, 1, 0.08), "rdw": (13.2, 1.1, 1, 0.1),
    "mpv": (10.1, 1.0, 1, 0.15), "neut": (58, 9, 1, 0.1), "lymph": (30, 8, 1, 0.1),
    "mono": (7, 2, 1, 0.12), "eos": (2.5, 1.5, 1, 0.12), "baso": (0.6, 0.3, 1, 0.15),
    "na": (139, 3, 0, 0.07), "k": (4.2, 0.4, 1, 0.07), "cl": (102, 3, 0, 0.08),
    "hco3": (25, 2.5, 0, 0.12), "bun": (14, 5, 0, 0.1), "creat": (0.95, 0.25, 2, 0.07),
    "egfr": (88, 18, 0, 0.1), "glucose": (98, 22, 0, 0.06), "ca": (9.4, 0.4, 1, 0.15),
    "mg": (2.0, 0.2, 1, 0.3), "phos": (3.6, 0.6, 1, 0.3), "alb": (4.2, 0.4, 1, 0.15),
    "tp": (7.0, 0.5, 1, 0.2), "bili_total": (0.7, 0.3, 2, 0.15), "bili_direct": (0.2, 0.1, 2, 0.35),
    "alt": (28, 14, 0, 0.1), "ast": (26, 11, 0, 0.1), "alp": (75, 22, 0, 0.15),
    "ggt": (30, 18, 0, 0.3), "ldh": (180, 35, 0, 0.4), "ck": (120, 60, 0, 0.45),
    "crp": (4.5, 5.5, 1, 0.25), "esr": (14, 9, 0, 0.4), "ferritin": (110, 70, 0, 0.4),
    "iron": (95, 30, 0, 0.45), "tibc": (330, 45, 0, 0.5), "transferrin": (260, 40, 0, 0.5),
    "b12": (450, 160, 0, 0.5), "folate": (12, 5, 1, 0.55), "vit_d": (28, 11, 1, 0.4),
    "tsh": (2.1, 1.2, 2, 0.3), "ft4": (1.2, 0.2, 2, 0.5), "ft3": (3.1, 0.4, 1, 0.6),
    "hba1c": (5.9, 0.9, 1, 0.35), "chol_total": (195, 38, 0, 0.25), "ldl": (118, 33, 0, 0.25),
    "hdl": (52, 13, 0, 0.25), "trig": (140, 65, 0, 0.25), "uric_acid": (5.4, 1.4, 1, 0.4),
    "amylase": (65, 25, 0, 0.6), "lipase": (35, 15, 0, 0.6), "inr": (1.05, 0.2, 2, 0.45),
    "pt": (12.5, 1.3, 1, 0.45), "aptt": (31, 4, 1, 0.5), "fibrinogen": (320, 70, 0, 0.6),
    "d_dimer": (0.4, 0.3, 2, 0.7), "troponin": (0.01, 0.01, 3, 0.75), "bnp": (60, 55, 0, 0.7),
    "lactate": (1.3, 0.5, 1, 0.7), "psa": (1.6, 1.2, 2, 0.7), "cortisol": (13, 5, 1, 0.65),
}


def _stamp(rng: random.Random, start: date, end: date, hours: tuple[int, int] = (0, 23)) -> datetime:
    d = gen.day(rng, start, end)
    return datetime(d.year, d.month, d.day, rng.randint(*hours), rng.randint(0, 59), rng.randint(0, 59))


def build(rng: random.Random) -> dict[str, Table]:
    patients = []
    for i in range(1, 301):
        first, last = gen.name(rng)
        patients.append({
            "id": i, "name": f"{first} {last}",
            "birth_date": gen.day(rng, date(1938, 1, 1), date(2020, 12, 31)),
            "sex": rng.choice(["F", "M"]), "city": rng.choice(gen.PLACES)[0],
            "blood_type": gen.maybe(rng, 0.25, rng.choices(["O+", "A+", "B+", "AB+", "O-", "A-"], [38, 34, 9, 3, 7, 6])[0]),
            "phone": gen.maybe(rng, 0.2, f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"),
            "created_at": _stamp(rng, date(2019, 1, 1), date(2024, 6, 30)),
        })
    visiting = sorted(rng.sample(range(1, 301), 268))  # 32 patients never visit

    doctors = []
    for i in range(1, 19):
        first, last = gen.name(rng)
        doctors.append({
            "id": i, "name": f"Dr. {first} {last}", "specialty": SPECIALTIES[(i - 1) % len(SPECIALTIES)],
            "room": f"{rng.choice('ABC')}{rng.randint(100, 320)}",
            "created_at": _stamp(rng, date(2012, 1, 1), date(2022, 12, 31)),
        })
    seeing = list(range(1, 17))  # doctors 17 and 18 joined but see nobody yet

    drugs, seen = [], set()
    while len(drugs) < 45:
        drug_name = gen.coined(rng, 2) + rng.choice(["ol", "ine", "pril", "statin", "mab", "cillin", "zole"])
        if drug_name in seen:
            continue
        seen.add(drug_name)
        i = len(drugs) + 1
        drugs.append({
            "id": i, "name": drug_name, "drug_class": rng.choice(DRUG_CLASSES),
            "strength_mg": rng.choice([5, 10, 20, 25, 50, 100, 250, 500]),
            "unit_price": gen.money(rng, 0.3, 48), "is_generic": rng.random() < 0.6,
            "created_at": _stamp(rng, date(2015, 1, 1), date(2021, 12, 31)),
        })
    prescribable = [d for d in drugs if d["id"] not in set(rng.sample(range(1, 46), 5))]

    visits, prescriptions, panels = [], [], []
    for i in range(1, 1801):
        at = _stamp(rng, date(2022, 1, 1), date(2024, 12, 31), (8, 17))
        status = rng.choices(["completed", "cancelled", "no-show"], [85, 9, 6])[0]
        done = status == "completed"
        visits.append({
            "id": i, "patient_id": rng.choice(visiting), "doctor_id": rng.choice(seeing),
            "visit_at": at, "reason": rng.choice(REASONS), "status": status,
            "diagnosis_code": gen.maybe(rng, 0.3, f"{rng.choice('EIJKMR')}{rng.randint(10, 99)}") if done else None,
            "fee": round(rng.uniform(40, 260), 2) if done else None,
            "created_at": at - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600)),
        })
        if not done:
            continue
        for drug in rng.sample(prescribable, rng.choices([0, 1, 2, 3], [45, 35, 15, 5])[0]):
            prescriptions.append({
                "id": len(prescriptions) + 1, "visit_id": i, "drug_id": drug["id"],
                "dose_mg": float(drug["strength_mg"] * rng.choice([1, 1, 2, 0.5])),
                "days": rng.choice([3, 5, 7, 10, 14, 30, 60, 90]), "refills": rng.choice([0, 0, 0, 1, 2, 3]),
                "created_at": at + timedelta(minutes=rng.randint(5, 55)),
            })
        if rng.random() < 0.5:
            collected = at + timedelta(minutes=rng.randint(10, 180))
            panel = {"id": len(panels) + 1, "visit_id": i, "patient_id": visits[-1]["patient_id"],
                     "collected_at": collected, "fasting": rng.random() < 0.4}
            for code, (mean, sd, decimals, p_null) in LABS.items():
                value = abs(rng.gauss(mean, sd)) + 10 ** -decimals
                panel[code] = gen.maybe(rng, p_null, round(value, decimals) if decimals else float(round(value)))
            panel["created_at"] = collected + timedelta(hours=rng.randint(2, 48))
            panels.append(panel)

    return {
        "patients": Table(gen.columns(patients), ("id",)),
        "doctors": Table(gen.columns(doctors), ("id",)),
        "drugs": Table(gen.columns(drugs), ("id",)),
        "visits": Table(gen.columns(visits), ("id",), {"patient_id": "patients.id", "doctor_id": "doctors.id"}),
        "prescriptions": Table(gen.columns(prescriptions), ("id",), {"visit_id": "visits.id", "drug_id": "drugs.id"}),
        "lab_panels": Table(gen.columns(panels), ("id",), {"visit_id": "visits.id", "patient_id": "patients.id"}),
    }
