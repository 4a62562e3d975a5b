"""A public library network: genres, authors, branches, the books on their shelves, the members
and the loans between them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "A public library network: `genres`, `authors`, `branches`, `books` (each with an author, a "
    "genre and a branch), `members` (CSV) and `loans` of books to members. Every table's key is a "
    "bare `id` and most entities are labelled by a bare `name` (books by `title`), so the same "
    "column names appear in several tables; foreign keys are `<table>_id` (`author_id`, "
    "`genre_id`, `branch_id`, `book_id`, `member_id`), and `members.genre_id` is a member's "
    "favourite genre (often null). Loan dates `loaned_on` / `due_on` / `returned_on` are real "
    "dates spanning 2022-2024; `returned_on` is null while a book is still out, and `fine` is "
    "null unless the book came back late. `members.joined_on` is an ISO date string (CSV). Gaps "
    "on purpose: a genre and some authors with no books, a branch with no books, members who "
    "never borrowed, reference books (`is_reference`) and a few other books never loaned, "
    "members without an email."
)

TABLES = {"genres": "parquet", "authors": "parquet", "branches": "parquet", "books": "parquet",
          "members": "csv", "loans": "parquet"}

GENRES = ["Fantasy", "Mystery", "Science Fiction", "Romance", "History", "Biography", "Poetry",
          "Travel", "Cookery", "Philosophy"]
BRANCHES = [("Central", "Lisbon", date(1998, 4, 2)), ("Riverside", "Lisbon", date(2006, 9, 15)),
            ("Northgate", "Porto", date(2011, 3, 1)), ("Old Town", "Porto", date(1987, 6, 20)),
            ("Harbor View", "Faro", date(2015, 11, 9)), ("Hillcrest", "Braga", date(2024, 10, 1))]
MEMBERSHIPS = (["adult", "student", "senior", "child"], [6, 3, 2, 1])


def _titles(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        adj, noun = rng.choice(gen.ADJ), rng.choice(gen.NOUN)
        form = rng.randrange(4)
        text = (f"The {adj} {noun}" if form == 0 else f"{noun} of the {adj} {rng.choice(gen.NOUN)}"
                if form == 1 else f"{adj} {noun}" if form == 2 else f"A {noun} in {rng.choice(gen.PLACES)[0]}")
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def _people(rng: random.Random, n: int) -> list[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    while len(out) < n:
        person = gen.name(rng)
        if person not in seen:
            seen.add(person)
            out.append(person)
    return out


def build(rng: random.Random) -> dict[str, Table]:
    genres = [{"id": i, "name": n} for i, n in enumerate(GENRES, 1)]  # Philosophy (10) has no books

    authors = []
    for i, (first, last) in enumerate(_people(rng, 60), 1):
        authors.append({"id": i, "name": f"{first} {last}", "country": rng.choice(gen.PLACES)[1],
                        "birth_year": gen.maybe(rng, 0.15, rng.randint(1930, 1995))})

    branches = [{"id": i, "name": n, "city": c, "opened_on": o} for i, (n, c, o) in enumerate(BRANCHES, 1)]

    books = []
    writing = list(range(1, 56))  # authors 56-60 have no books
    for i, text in enumerate(_titles(rng, 240), 1):
        books.append({
            "id": i, "title": text, "author_id": rng.choice(writing),
            "genre_id": rng.choices(range(1, 10), [5, 6, 4, 4, 3, 2, 1, 2, 2])[0],
            "branch_id": rng.choices(range(1, 6), [5, 3, 3, 2, 2])[0],  # Hillcrest has no books yet
            "published_year": rng.randint(1955, 2024), "pages": rng.randint(90, 880),
            "is_reference": rng.random() < 0.08,
            "replacement_cost": gen.money(rng, 8, 95),
        })
    lendable = [b["id"] for b in books if not b["is_reference"]]
    never_loaned = set(rng.sample(lendable, 12))
    lendable = [b for b in lendable if b not in never_loaned]

    members = []
    for i, (first, last) in enumerate(_people(rng, 150), 1):
        members.append({
            "id": i, "name": f"{first} {last}",
            "email": gen.maybe(rng, 0.12, gen.email(first, last, i, "reads.example")),
            "branch_id": rng.choices(range(1, 7), [5, 3, 3, 2, 2, 1])[0],
            "genre_id": gen.maybe(rng, 0.35, rng.randint(1, 10)),
            "membership": rng.choices(*MEMBERSHIPS)[0],
            "joined_on": gen.iso(gen.day(rng, date(2018, 1, 1), date(2024, 9, 30))),
        })
    borrowers = sorted(rng.sample(range(1, 151), 128))
    weight = {m: rng.choice([1, 1, 2, 3, 5]) for m in borrowers}

    drafts = []
    end = date(2024, 12, 31)
    for _ in range(1800):
        out = gen.day(rng, date(2022, 1, 1), end)
        due = out + timedelta(days=21)
        back = out + timedelta(days=rng.choices([rng.randint(1, 21), rng.randint(22, 50)], [4, 1])[0])
        if back > end or rng.random() < 0.015:
            back = None
        late = (back - due).days if back is not None and back > due else 0
        drafts.append({
            "book_id": rng.choice(lendable),
            "member_id": rng.choices(borrowers, [weight[m] for m in borrowers])[0],
            "loaned_on": out, "due_on": due, "returned_on": back,
            "fine": round(late * 0.25 + rng.randint(0, 99) / 100, 2) if late else None,
        })
    drafts.sort(key=lambda r: (r["loaned_on"], r["book_id"], r["member_id"]))
    loans = [{"id": i, **row} for i, row in enumerate(drafts, 1)]

    return {
        "genres": Table(gen.columns(genres), ("id",)),
        "authors": Table(gen.columns(authors), ("id",)),
        "branches": Table(gen.columns(branches), ("id",)),
        "books": Table(gen.columns(books), ("id",),
                       {"author_id": "authors.id", "genre_id": "genres.id", "branch_id": "branches.id"}),
        "members": Table(gen.columns(members), ("id",),
                         {"branch_id": "branches.id", "genre_id": "genres.id"}),
        "loans": Table(gen.columns(loans), ("id",), {"book_id": "books.id", "member_id": "members.id"}),
    }
