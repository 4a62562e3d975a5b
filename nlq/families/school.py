"""A school: teachers, classrooms, courses, students and their enrollments with grades."""

from __future__ import annotations

import random
from datetime import date

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "A small school: teachers (with their department), classrooms (in three buildings), courses "
    "(each taught by one teacher in one room, or online with no room), students and their "
    "enrollments with a grade. Column names are spreadsheet-style headers with spaces and "
    "symbols (`Student ID`, `Student Name`, `Grade (%)`, `Credits #`, `Fee ($)`, `Is Active`, "
    "`Enrolled On`); table names are snake_case. `students` and `enrollments` are CSV files "
    "(dates as ISO strings, `Is Active` as true/false), the rest parquet (`Hired On` a real "
    "date). Gaps on purpose: a few teachers (two of them by construction) teach no course, "
    "some classrooms host no course, "
    "online courses have no room (null `Room Code`), three courses have no enrollments, about "
    "fifteen students never enrolled, grades are null unless the enrollment is completed, and "
    "most students have no scholarship (null `Scholarship (%)`) and some no email."
)

TABLES: dict[str, str] = {
    "teachers": "parquet",
    "classrooms": "parquet",
    "courses": "parquet",
    "students": "csv",
    "enrollments": "csv",
}

DEPARTMENTS = {
    "Mathematics": ["Algebra", "Geometry", "Calculus", "Statistics", "Number Theory"],
    "Science": ["Physics", "Chemistry", "Biology", "Astronomy", "Ecology"],
    "Humanities": ["History", "Philosophy", "Economics", "Geography"],
    "Languages": ["Spanish", "German", "Japanese", "Latin"],
    "Arts": ["Drawing", "Music Theory", "Theatre", "Photography"],
}
LEVELS = ["Intro", "Intermediate", "Advanced"]
NUMERAL = {"Intro": "I", "Intermediate": "II", "Advanced": "III"}


def build(rng: random.Random) -> dict[str, Table]:
    departments = list(DEPARTMENTS)
    teachers = []
    for i in range(1, 17):
        first, last = gen.name(rng)
        teachers.append({
            "Teacher ID": i, "Teacher Name": f"{first} {last}",
            "Department": departments[(i - 1) % len(departments)],
            "Hired On": gen.day(rng, date(2008, 1, 1), date(2023, 8, 31)),
            "Salary ($)": gen.money(rng, 41000, 78000),
        })

    classrooms = []
    buildings = ["North Hall", "South Hall", "Annex"]
    for i in range(1, 13):
        building = buildings[(i - 1) % 3]
        classrooms.append({
            "Room Code": f"{building[0]}{100 + i * 3}", "Building": building,
            "Seats #": rng.choice([18, 24, 30, 36, 48, 60]),
            "Has Projector": rng.random() < 0.6,
        })
    used_rooms = [r["Room Code"] for r in classrooms[:9]]  # rooms 10-12 host nothing

    courses = []
    taught_by = {d: [t["Teacher ID"] for t in teachers[:14] if t["Department"] == d] for d in departments}
    cid = 0
    for dept, topics in DEPARTMENTS.items():
        for topic in topics:
            for level in rng.sample(LEVELS, 2 if dept in ("Mathematics", "Science") else 1):
                cid += 1
                courses.append({
                    "Course ID": cid, "Course Title": f"{topic} {NUMERAL[level]}",
                    "Subject": dept, "Level": level,
                    "Credits #": rng.choice([2, 3, 3, 4, 4, 5]),
                    "Fee ($)": gen.money(rng, 120, 950),
                    "Teacher ID": rng.choice(taught_by[dept]),
                    "Room Code": gen.maybe(rng, 0.15, rng.choice(used_rooms)),
                })
    no_enrollments = set(rng.sample(range(1, cid + 1), 3))
    open_courses = [c["Course ID"] for c in courses if c["Course ID"] not in no_enrollments]

    students = []
    for i in range(1, 201):
        first, last = gen.name(rng)
        city, _ = rng.choice(gen.PLACES)
        students.append({
            "Student ID": 1000 + i, "Student Name": f"{first} {last}",
            "Email": gen.maybe(rng, 0.1, gen.email(first, last, 1000 + i, "school.example")),
            "Home City": city, "Year Level": rng.randint(1, 4),
            "Date of Birth": gen.iso(gen.day(rng, date(2003, 1, 1), date(2008, 12, 31))),
            "Scholarship (%)": rng.choice([10, 25, 25, 50, 75]) if rng.random() < 0.25 else None,
            "Is Active": rng.random() < 0.85,
        })
    never = set(rng.sample([s["Student ID"] for s in students], 15))

    enrollments = []
    eid = 0
    for s in students:
        if s["Student ID"] in never:
            continue
        for course in sorted(rng.sample(open_courses, rng.randint(1, 8))):
            eid += 1
            enrolled = gen.day(rng, date(2022, 1, 10), date(2024, 12, 20))
            status = rng.choices(["Completed", "In Progress", "Withdrawn"], [7, 2, 1])[0]
            if enrolled.year == 2024 and enrolled.month >= 9 and status == "Completed":
                status = "In Progress"
            grade = round(min(100.0, max(25.0, rng.gauss(74, 13))), 2) if status == "Completed" else None
            enrollments.append({
                "Enrollment ID": eid, "Student ID": s["Student ID"], "Course ID": course,
                "Enrolled On": gen.iso(enrolled), "Status": status, "Grade (%)": grade,
            })

    return {
        "teachers": Table(gen.columns(teachers), ("Teacher ID",)),
        "classrooms": Table(gen.columns(classrooms), ("Room Code",)),
        "courses": Table(gen.columns(courses), ("Course ID",),
                         {"Teacher ID": "teachers.Teacher ID", "Room Code": "classrooms.Room Code"}),
        "students": Table(gen.columns(students), ("Student ID",)),
        "enrollments": Table(gen.columns(enrollments), ("Enrollment ID",),
                             {"Student ID": "students.Student ID", "Course ID": "courses.Course ID"}),
    }
