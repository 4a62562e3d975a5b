"""The project's own demo tables: five invented families (a shop, a film rental store, a music
store, a world atlas, a TPC-H-like warehouse), generated deterministically from a seed.

Each family is built by one function returning `Table`s that declare their primary key and
foreign keys next to the data, so the docs (`render_docs`) and the consistency tests read the
same declarations the generator honours. Dates are ISO strings, as in the files users bring.
"""

from __future__ import annotations

import argparse
import os
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from nlq import datagen as gen
from nlq.catalog import ColumnInfo, TableRef, load_catalog
from nlq.datagen import Table, write_atomically

SEED = 20240317
DEMO_DIR = Path(os.environ.get("NLQ_DEMO_DIR") or Path(__file__).resolve().parent.parent / "data" / "demo")
DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "demo-data.md"
SUITE_DOCS_PATH = DOCS_PATH.with_name("suite-data.md")
# Tables also written as CSV (under csv/) so the CSV reader path sees real use.
CSV_TABLES = ("shop_customers", "rent_rentals", "geo_countries")


# ---------------------------------------------------------------------------------------
# Families

def _shop(rng: random.Random) -> dict[str, Table]:
    customers = []
    for i in range(1, 121):
        first, last = gen.name(rng)
        city, country = rng.choice(gen.PLACES)
        customers.append({
            "customer_id": i, "first_name": first, "last_name": last,
            "email": gen.maybe(rng, 0.1, gen.email(first, last, i, "mail.example")),
            "city": city, "country": country,
            "segment": rng.choices(["Consumer", "Corporate", "Small Business"], [5, 3, 2])[0],
            "signup_date": gen.iso(gen.day(rng, date(2021, 1, 1), date(2023, 12, 31))),
            "is_vip": rng.random() < 0.15,
        })

    employees = []
    for i in range(1, 16):
        first, last = gen.name(rng)
        if i == 1:
            title, manager = "President", None
        elif i <= 4:
            title, manager = "Sales Manager", 1
        else:
            title, manager = rng.choice(["Sales Rep", "Support Agent"]), rng.randint(2, 4)
        employees.append({
            "employee_id": i, "first_name": first, "last_name": last, "title": title,
            "manager_id": manager, "region": rng.choice(["North", "South", "East", "West"]),
            "hire_date": gen.iso(gen.day(rng, date(2015, 1, 1), date(2023, 6, 30))),
            "salary": round(gen.money(rng, 38000, 60000) * (2.5 if manager is None else 1.4 if manager == 1 else 1), 2),
        })

    category_names = [("Books", "Printed and digital books"), ("Electronics", "Gadgets and devices"),
                      ("Garden", "Tools and plants"), ("Toys", "Games for all ages"),
                      ("Kitchen", "Cookware and utensils"), ("Sports", "Equipment and apparel"),
                      ("Beauty", "Care and cosmetics"), ("Office", "Stationery and furniture")]
    categories = [{"category_id": i, "category_name": n, "description": d}
                  for i, (n, d) in enumerate(category_names, 1)]

    suppliers = []
    for i in range(1, 13):
        first, last = gen.name(rng)
        suppliers.append({
            "supplier_id": i, "company_name": f"{last} {rng.choice(['Trading', 'Supply', 'Goods', 'Imports'])}",
            "country": rng.choice(gen.PLACES)[1], "contact_name": f"{first} {last}",
            "rating": rng.randint(1, 5),
        })

    products = []
    for i in range(1, 61):
        category = rng.randint(1, len(categories))
        products.append({
            "product_id": i, "product_name": f"{rng.choice(gen.ADJ)} {category_names[category - 1][0][:-1]} {i}",
            "category_id": category,
            "supplier_id": rng.randint(1, 11),  # supplier 12 supplies nothing yet
            "unit_price": gen.money(rng, 2, 250), "units_in_stock": rng.randint(0, 400),
            "discontinued": rng.random() < 0.1,
            "launched_on": gen.iso(gen.day(rng, date(2019, 1, 1), date(2024, 6, 30))),
        })
    never_ordered = set(rng.sample(range(1, 61), 7))
    orderable = [p for p in products if p["product_id"] not in never_ordered]
    buyers = sorted(rng.sample(range(1, 121), 100))

    orders, items = [], []
    for i in range(1, 301):
        ordered = gen.day(rng, date(2023, 1, 1), date(2024, 12, 31))
        status = rng.choices(["pending", "shipped", "delivered", "cancelled", "returned"], [1, 2, 6, 1, 1])[0]
        sent = status in ("shipped", "delivered", "returned")
        shipped = ordered + timedelta(days=rng.randint(1, 7)) if sent else None
        orders.append({
            "order_id": 1000 + i, "customer_id": rng.choice(buyers),
            "employee_id": rng.randint(5, 15), "order_date": gen.iso(ordered),
            "shipped_date": gen.iso(shipped), "status": status,
            "ship_country": rng.choice(gen.PLACES)[1], "freight": gen.money(rng, 0, 60),
        })
        for product in rng.sample(orderable, rng.randint(1, 4)):
            items.append({
                "order_id": 1000 + i, "product_id": product["product_id"],
                "quantity": rng.randint(1, 12), "unit_price": product["unit_price"],
                "discount": rng.choice([0.0, 0.0, 0.0, 0.05, 0.1, 0.15, 0.2]),
            })

    return {
        "shop_customers": Table(gen.columns(customers), ("customer_id",)),
        "shop_employees": Table(gen.columns(employees), ("employee_id",),
                                {"manager_id": "shop_employees.employee_id"}),
        "shop_categories": Table(gen.columns(categories), ("category_id",)),
        "shop_suppliers": Table(gen.columns(suppliers), ("supplier_id",)),
        "shop_products": Table(gen.columns(products), ("product_id",),
                               {"category_id": "shop_categories.category_id",
                                "supplier_id": "shop_suppliers.supplier_id"}),
        "shop_orders": Table(gen.columns(orders), ("order_id",),
                             {"customer_id": "shop_customers.customer_id",
                              "employee_id": "shop_employees.employee_id"}),
        "shop_order_items": Table(gen.columns(items), ("order_id", "product_id"),
                                  {"order_id": "shop_orders.order_id",
                                   "product_id": "shop_products.product_id"}),
    }


def _rent(rng: random.Random) -> dict[str, Table]:
    genre_names = ["Action", "Animation", "Comedy", "Documentary", "Drama", "Family", "Horror",
                   "Music", "Romance", "Sci-Fi", "Sports", "Travel"]
    categories = [{"id": i, "name": n} for i, n in enumerate(genre_names, 1)]

    films = [{
        "id": i, "title": f"{gen.title(rng)} {'II' if i % 17 == 0 else ''}".strip(),
        "release_year": rng.randint(1995, 2023),
        "rating": rng.choices(["G", "PG", "PG-13", "R", "NC-17"], [2, 3, 4, 3, 1])[0],
        "length_min": rng.randint(62, 185),
        "language": rng.choices(["English", "French", "Japanese", "Spanish", "German"], [8, 2, 2, 2, 1])[0],
        "rental_rate": rng.choice([0.99, 2.99, 4.99]),
        "replacement_cost": gen.money(rng, 9, 30),
    } for i in range(1, 81)]

    film_categories = []
    for film in films:
        for category in rng.sample(range(1, 13), 2 if rng.random() < 0.12 else 1):
            film_categories.append({"film_id": film["id"], "category_id": category})

    actors = []
    for i in range(1, 41):
        first, last = gen.name(rng)
        actors.append({"id": i, "first_name": first, "last_name": last})
    film_actors = [{"actor_id": a, "film_id": film["id"]}
                   for film in films for a in sorted(rng.sample(range(1, 38), rng.randint(2, 6)))]

    stores = [{"id": i, "city": city, "manager_staff_id": 2 * i - 1,
               "opened_on": gen.iso(gen.day(rng, date(2012, 1, 1), date(2019, 12, 31)))}
              for i, city in enumerate(["Lisbon", "Toronto", "Osaka"], 1)]
    staff = []
    for i in range(1, 7):
        first, last = gen.name(rng)
        staff.append({"id": i, "first_name": first, "last_name": last, "store_id": (i + 1) // 2,
                      "email": gen.email(first, last, i, "reels.example"), "active": i != 6})

    stocked = [film for film in films if film["id"] % 13 != 0]  # a few films are never stocked
    inventory = []
    for film in stocked:
        for _ in range(rng.randint(1, 4)):
            inventory.append({"id": len(inventory) + 1, "film_id": film["id"], "store_id": rng.randint(1, 3)})

    customers = []
    for i in range(1, 151):
        first, last = gen.name(rng)
        created = datetime(2022, 1, 1) + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        customers.append({
            "id": i, "store_id": rng.randint(1, 3), "first_name": first, "last_name": last,
            "email": gen.maybe(rng, 0.08, gen.email(first, last, i, "mail.example")),
            "active": rng.random() < 0.9, "created_at": gen.iso(created.replace(second=rng.randrange(60))),
        })

    renters = sorted(rng.sample(range(1, 151), 138))
    rate = {film["id"]: film["rental_rate"] for film in films}
    rentals, payments = [], []
    for i in range(1, 501):
        copy = rng.choice(inventory)
        rented = datetime(2024, 1, 1, 9) + timedelta(minutes=rng.randrange(360 * 24 * 60))
        returned = None if rng.random() < 0.06 else rented + timedelta(hours=rng.randint(12, 240))
        customer = rng.choice(renters)
        clerk = 2 * copy["store_id"] - rng.randint(0, 1)
        rentals.append({"id": i, "rented_at": gen.iso(rented), "returned_at": gen.iso(returned),
                        "inventory_id": copy["id"], "customer_id": customer, "staff_id": clerk})
        if returned is not None and rng.random() < 0.92:
            late_days = max(0, (returned - rented).days - 3)
            payments.append({"id": len(payments) + 1, "customer_id": customer, "rental_id": i,
                             "staff_id": clerk, "amount": round(rate[copy["film_id"]] + late_days, 2),
                             "paid_on": gen.iso(returned.date())})

    return {
        "rent_films": Table(gen.columns(films), ("id",)),
        "rent_categories": Table(gen.columns(categories), ("id",)),
        "rent_film_categories": Table(gen.columns(film_categories), ("film_id", "category_id"),
                                      {"film_id": "rent_films.id", "category_id": "rent_categories.id"}),
        "rent_actors": Table(gen.columns(actors), ("id",)),
        "rent_film_actors": Table(gen.columns(film_actors), ("actor_id", "film_id"),
                                  {"actor_id": "rent_actors.id", "film_id": "rent_films.id"}),
        "rent_stores": Table(gen.columns(stores), ("id",), {"manager_staff_id": "rent_staff.id"}),
        "rent_staff": Table(gen.columns(staff), ("id",), {"store_id": "rent_stores.id"}),
        "rent_inventory": Table(gen.columns(inventory), ("id",),
                                {"film_id": "rent_films.id", "store_id": "rent_stores.id"}),
        "rent_customers": Table(gen.columns(customers), ("id",), {"store_id": "rent_stores.id"}),
        "rent_rentals": Table(gen.columns(rentals), ("id",),
                              {"inventory_id": "rent_inventory.id", "customer_id": "rent_customers.id",
                               "staff_id": "rent_staff.id"}),
        "rent_payments": Table(gen.columns(payments), ("id",),
                               {"customer_id": "rent_customers.id", "rental_id": "rent_rentals.id",
                                "staff_id": "rent_staff.id"}),
    }


def _tune(rng: random.Random) -> dict[str, Table]:
    genre_names = ["Rock", "Jazz", "Blues", "Pop", "Classical", "Hip Hop", "Electronic", "Folk",
                   "Metal", "Reggae", "Soul", "Latin"]
    genres = [{"genre_id": i, "name": n} for i, n in enumerate(genre_names, 1)]
    media = ["MPEG audio file", "AAC audio file", "Lossless FLAC file", "Protected video file"]
    media_types = [{"media_type_id": i, "name": n} for i, n in enumerate(media, 1)]

    artists = [{
        "artist_id": i, "name": f"The {gen.title(rng)}s" if i % 3 else f"{rng.choice(gen.FIRST)} {rng.choice(gen.LAST)}",
        "country": rng.choice(gen.PLACES)[1], "formed_year": gen.maybe(rng, 0.15, rng.randint(1965, 2020)),
    } for i in range(1, 41)]
    albums = [{
        "album_id": i, "title": gen.title(rng), "artist_id": rng.randint(1, 36),  # 37-40 have no album
        "released_on": gen.iso(gen.day(rng, date(1990, 1, 1), date(2024, 10, 31))),
        "label": rng.choice(["Northwind Records", "Blue Finch", "Atlas Sound", "Indie"]),
    } for i in range(1, 71)]

    tracks = []
    for album in albums:
        genre = rng.randint(1, 12)
        for _ in range(rng.randint(4, 10)):
            ms = rng.randint(95_000, 420_000)
            media_type = rng.choices([1, 2, 3, 4], [6, 3, 2, 1])[0]
            tracks.append({
                "track_id": len(tracks) + 1, "name": gen.title(rng), "album_id": album["album_id"],
                "genre_id": genre, "media_type_id": media_type,
                "composer": gen.maybe(rng, 0.25, f"{rng.choice(gen.FIRST)} {rng.choice(gen.LAST)}"),
                "milliseconds": ms, "bytes": ms * rng.randint(16, 40),
                "unit_price": 1.99 if media_type == 4 else rng.choice([0.99, 1.29]),
                "explicit": rng.random() < 0.12,
            })

    playlist_names = ["Morning Run", "Deep Focus", "Road Trip", "Rainy Day", "Party Mix", "Classics"]
    playlists = [{"playlist_id": i, "name": n} for i, n in enumerate(playlist_names, 1)]
    playlist_tracks = [{"playlist_id": p["playlist_id"], "track_id": t}
                       for p in playlists for t in sorted(rng.sample(range(1, len(tracks) + 1), rng.randint(10, 40)))]

    employees = []
    for i in range(1, 9):
        first, last = gen.name(rng)
        employees.append({
            "employee_id": i, "first_name": first, "last_name": last,
            "title": "General Manager" if i == 1 else "Sales Manager" if i == 2 else "Support Agent",
            "reports_to": None if i == 1 else 1 if i == 2 else 2,
            "hired_on": gen.iso(gen.day(rng, date(2016, 1, 1), date(2022, 12, 31))),
        })

    customers = []
    for i in range(1, 81):
        first, last = gen.name(rng)
        city, country = rng.choice(gen.PLACES)
        customers.append({
            "customer_id": i, "first_name": first, "last_name": last,
            "company": gen.maybe(rng, 0.7, f"{rng.choice(gen.LAST)} {rng.choice(['GmbH', 'Ltd', 'Inc', 'SA'])}"),
            "city": city, "country": country, "email": gen.email(first, last, i, "tunes.example"),
            "support_rep_id": rng.randint(3, 8),
        })

    sellable = [t for t in tracks if t["track_id"] % 11 != 0]
    buyers = sorted(rng.sample(customers, 72), key=lambda c: c["customer_id"])
    invoices, items = [], []
    for i in range(1, 251):
        buyer = rng.choice(buyers)
        total = 0.0
        for track in rng.sample(sellable, rng.randint(1, 8)):
            quantity = rng.choices([1, 2], [9, 1])[0]
            total += track["unit_price"] * quantity
            items.append({"invoice_item_id": len(items) + 1, "invoice_id": i, "track_id": track["track_id"],
                          "unit_price": track["unit_price"], "quantity": quantity})
        invoices.append({"invoice_id": i, "customer_id": buyer["customer_id"],
                         "invoice_date": gen.iso(gen.day(rng, date(2022, 1, 1), date(2024, 12, 31))),
                         "billing_city": buyer["city"], "billing_country": buyer["country"],
                         "total": round(total, 2)})

    return {
        "tune_artists": Table(gen.columns(artists), ("artist_id",)),
        "tune_albums": Table(gen.columns(albums), ("album_id",), {"artist_id": "tune_artists.artist_id"}),
        "tune_genres": Table(gen.columns(genres), ("genre_id",)),
        "tune_media_types": Table(gen.columns(media_types), ("media_type_id",)),
        "tune_tracks": Table(gen.columns(tracks), ("track_id",),
                             {"album_id": "tune_albums.album_id", "genre_id": "tune_genres.genre_id",
                              "media_type_id": "tune_media_types.media_type_id"}),
        "tune_playlists": Table(gen.columns(playlists), ("playlist_id",)),
        "tune_playlist_tracks": Table(gen.columns(playlist_tracks), ("playlist_id", "track_id"),
                                      {"playlist_id": "tune_playlists.playlist_id",
                                       "track_id": "tune_tracks.track_id"}),
        "tune_employees": Table(gen.columns(employees), ("employee_id",),
                                {"reports_to": "tune_employees.employee_id"}),
        "tune_customers": Table(gen.columns(customers), ("customer_id",),
                                {"support_rep_id": "tune_employees.employee_id"}),
        "tune_invoices": Table(gen.columns(invoices), ("invoice_id",),
                               {"customer_id": "tune_customers.customer_id"}),
        "tune_invoice_items": Table(gen.columns(items), ("invoice_item_id",),
                                    {"invoice_id": "tune_invoices.invoice_id",
                                     "track_id": "tune_tracks.track_id"}),
    }


# (code, name, continent, region, main language)
COUNTRIES = [
    ("PRT", "Portugal", "Europe", "Southern Europe", "Portuguese"),
    ("ESP", "Spain", "Europe", "Southern Europe", "Spanish"),
    ("ITA", "Italy", "Europe", "Southern Europe", "Italian"),
    ("FRA", "France", "Europe", "Western Europe", "French"),
    ("DEU", "Germany", "Europe", "Western Europe", "German"),
    ("NLD", "Netherlands", "Europe", "Western Europe", "Dutch"),
    ("SWE", "Sweden", "Europe", "Northern Europe", "Swedish"),
    ("NOR", "Norway", "Europe", "Northern Europe", "Norwegian"),
    ("POL", "Poland", "Europe", "Eastern Europe", "Polish"),
    ("UKR", "Ukraine", "Europe", "Eastern Europe", "Ukrainian"),
    ("USA", "United States", "North America", "Northern America", "English"),
    ("CAN", "Canada", "North America", "Northern America", "English"),
    ("MEX", "Mexico", "North America", "Central America", "Spanish"),
    ("CRI", "Costa Rica", "North America", "Central America", "Spanish"),
    ("BRA", "Brazil", "South America", "South America", "Portuguese"),
    ("ARG", "Argentina", "South America", "South America", "Spanish"),
    ("PER", "Peru", "South America", "South America", "Spanish"),
    ("CHL", "Chile", "South America", "South America", "Spanish"),
    ("NGA", "Nigeria", "Africa", "Western Africa", "English"),
    ("GHA", "Ghana", "Africa", "Western Africa", "English"),
    ("KEN", "Kenya", "Africa", "Eastern Africa", "Swahili"),
    ("ETH", "Ethiopia", "Africa", "Eastern Africa", "Amharic"),
    ("EGY", "Egypt", "Africa", "Northern Africa", "Arabic"),
    ("MAR", "Morocco", "Africa", "Northern Africa", "Arabic"),
    ("ZAF", "South Africa", "Africa", "Southern Africa", "Zulu"),
    ("JPN", "Japan", "Asia", "Eastern Asia", "Japanese"),
    ("KOR", "South Korea", "Asia", "Eastern Asia", "Korean"),
    ("CHN", "China", "Asia", "Eastern Asia", "Chinese"),
    ("IND", "India", "Asia", "Southern Asia", "Hindi"),
    ("VNM", "Vietnam", "Asia", "South-Eastern Asia", "Vietnamese"),
    ("IDN", "Indonesia", "Asia", "South-Eastern Asia", "Indonesian"),
    ("TUR", "Turkey", "Asia", "Western Asia", "Turkish"),
    ("AUS", "Australia", "Oceania", "Australia and New Zealand", "English"),
    ("NZL", "New Zealand", "Oceania", "Australia and New Zealand", "English"),
    ("FJI", "Fiji", "Oceania", "Melanesia", "Fijian"),
    ("TON", "Tonga", "Oceania", "Polynesia", "Tongan"),
    ("ATA", "Antarctica", "Antarctica", "Antarctica", None),
]
SECOND_LANGUAGES = ["English", "French", "Spanish", "Arabic", "German", "Portuguese", "Russian", "Chinese"]


def _geo(rng: random.Random) -> dict[str, Table]:
    countries, cities, languages = [], [], []
    for code, name, continent, region, language in COUNTRIES:
        inhabited = language is not None
        population = rng.randint(80_000, 300_000_000) if inhabited else 0
        capital = None
        # A couple of small countries have no listed cities, for anti joins.
        n_cities = 0 if not inhabited or code in ("TON", "FJI") else rng.randint(1, 5)
        for n in range(n_cities):
            city_id = len(cities) + 1
            capital = capital or city_id
            cities.append({"id": city_id, "name": gen.coined(rng, rng.randint(2, 3)), "country_code": code,
                           "district": gen.maybe(rng, 0.2, gen.coined(rng, 2)),
                           "population": rng.randint(20_000, max(40_000, population // (4 + 2 * n)))})
        countries.append({
            "code": code, "name": name, "continent": continent, "region": region,
            "surface_area": gen.money(rng, 700, 9_900_000), "population": population,
            "life_expectancy": round(rng.uniform(52, 85), 1) if inhabited and rng.random() > 0.05 else None,
            "independence_year": gen.maybe(rng, 0.15, rng.randint(1500, 1994)) if inhabited else None,
            "gnp": gen.money(rng, 300, 9_000_000) if inhabited else None,
            "capital_id": capital,
        })
        if inhabited:
            main = round(rng.uniform(55, 97), 1)
            languages.append({"country_code": code, "language": language, "is_official": True, "percentage": main})
            rest = round(100 - main, 1)
            others = [lang for lang in SECOND_LANGUAGES if lang != language]
            for other in rng.sample(others, rng.randint(0, 3)):
                share = round(rng.uniform(0.1, rest / 2), 1)
                rest = round(rest - share, 1)
                languages.append({"country_code": code, "language": other,
                                  "is_official": rng.random() < 0.25, "percentage": share})

    return {
        "geo_countries": Table(gen.columns(countries), ("code",), {"capital_id": "geo_cities.id"}),
        "geo_cities": Table(gen.columns(cities), ("id",), {"country_code": "geo_countries.code"}),
        "geo_languages": Table(gen.columns(languages), ("country_code", "language"),
                               {"country_code": "geo_countries.code"}),
    }


WH_REGIONS = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"]
WH_NATIONS = [("ALGERIA", 0), ("ARGENTINA", 1), ("BRAZIL", 1), ("CANADA", 1), ("EGYPT", 4),
              ("ETHIOPIA", 0), ("FRANCE", 3), ("GERMANY", 3), ("INDIA", 2), ("INDONESIA", 2),
              ("IRAN", 4), ("IRAQ", 4), ("JAPAN", 2), ("JORDAN", 4), ("KENYA", 0), ("MOROCCO", 0),
              ("MOZAMBIQUE", 0), ("PERU", 1), ("CHINA", 2), ("ROMANIA", 3), ("SAUDI ARABIA", 4),
              ("VIETNAM", 2), ("RUSSIA", 3), ("UNITED KINGDOM", 3), ("UNITED STATES", 1)]


def _wh(rng: random.Random) -> dict[str, Table]:
    regions = [{"rg_regionkey": i, "rg_name": n, "rg_comment": f"{gen.title(rng).lower()} notes"}
               for i, n in enumerate(WH_REGIONS)]
    nations = [{"na_nationkey": i, "na_name": n, "na_regionkey": r, "na_comment": f"{gen.title(rng).lower()} notes"}
               for i, (n, r) in enumerate(WH_NATIONS)]

    def phone(nation: int) -> str:
        return f"{nation + 10}-{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"

    suppliers = []
    for i in range(1, 21):
        nation = rng.randrange(25)
        suppliers.append({"su_suppkey": i, "su_name": f"Supplier#{i:09d}", "su_address": gen.coined(rng, 3),
                          "su_nationkey": nation, "su_phone": phone(nation),
                          "su_acctbal": gen.money(rng, -999, 9999)})
    customers = []
    for i in range(1, 151):
        nation = rng.randrange(25)
        customers.append({"cu_custkey": i, "cu_name": f"Customer#{i:09d}", "cu_address": gen.coined(rng, 3),
                          "cu_nationkey": nation, "cu_phone": phone(nation),
                          "cu_acctbal": gen.money(rng, -999, 9999),
                          "cu_mktsegment": rng.choice(["AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD",
                                                       "MACHINERY"])})

    parts, partsupp = [], []
    materials = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"]
    for i in range(1, 101):
        mfgr = rng.randint(1, 5)
        parts.append({
            "pa_partkey": i,
            "pa_name": f"{rng.choice(gen.ADJ)} {rng.choice(gen.NOUN)} {rng.choice(materials)}".lower(),
            "pa_mfgr": f"Manufacturer#{mfgr}", "pa_brand": f"Brand#{mfgr}{rng.randint(1, 5)}",
            "pa_type": f"{rng.choice(['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'PROMO'])} "
                       f"{rng.choice(['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED'])} {rng.choice(materials)}",
            "pa_size": rng.randint(1, 50),
            "pa_container": f"{rng.choice(['SM', 'MED', 'LG', 'JUMBO'])} {rng.choice(['BOX', 'BAG', 'CASE', 'PACK'])}",
            "pa_retailprice": round(900 + i / 10 + (i % 1000) * 0.01, 2),
        })
        for supp in rng.sample(range(1, 21), 4):
            partsupp.append({"ps_partkey": i, "ps_suppkey": supp, "ps_availqty": rng.randint(1, 9999),
                             "ps_supplycost": gen.money(rng, 1, 1000)})

    price = {p["pa_partkey"]: p["pa_retailprice"] for p in parts}
    suppliers_of: dict[int, list[int]] = {}
    for row in partsupp:
        suppliers_of.setdefault(row["ps_partkey"], []).append(row["ps_suppkey"])

    orders, lineitems = [], []
    ordering = [c["cu_custkey"] for c in customers if c["cu_custkey"] % 3 != 0]  # every third never orders
    for i in range(1, 401):
        orderkey = i * 4  # sparse keys, as in the TPC-H generator
        ordered = gen.day(rng, date(1995, 1, 1), date(1998, 8, 2))
        total, statuses = 0.0, []
        for line in range(1, rng.randint(1, 7) + 1):
            part = rng.randint(1, 100)
            quantity = rng.randint(1, 50)
            extended = round(price[part] * quantity, 2)
            discount, tax = rng.randint(0, 10) / 100, rng.randint(0, 8) / 100
            shipped = ordered + timedelta(days=rng.randint(1, 121))
            received = shipped + timedelta(days=rng.randint(1, 30))
            status = "F" if shipped <= date(1998, 6, 17) else "O"
            statuses.append(status)
            lineitems.append({
                "li_orderkey": orderkey, "li_partkey": part, "li_suppkey": rng.choice(suppliers_of[part]),
                "li_linenumber": line, "li_quantity": quantity, "li_extendedprice": extended,
                "li_discount": discount, "li_tax": tax,
                "li_returnflag": rng.choice("RA") if received <= date(1998, 6, 17) else "N",
                "li_linestatus": status, "li_shipdate": gen.iso(shipped),
                "li_commitdate": gen.iso(ordered + timedelta(days=rng.randint(30, 90))),
                "li_receiptdate": gen.iso(received),
                "li_shipinstruct": rng.choice(["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"]),
                "li_shipmode": rng.choice(["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"]),
            })
            total += extended * (1 + tax) * (1 - discount)
        orders.append({
            "or_orderkey": orderkey, "or_custkey": rng.choice(ordering),
            "or_orderstatus": statuses[0] if len(set(statuses)) == 1 else "P",
            "or_totalprice": round(total, 2), "or_orderdate": gen.iso(ordered),
            "or_orderpriority": rng.choice(["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"]),
            "or_clerk": f"Clerk#{rng.randint(1, 50):09d}", "or_shippriority": 0,
        })

    return {
        "wh_region": Table(gen.columns(regions), ("rg_regionkey",)),
        "wh_nation": Table(gen.columns(nations), ("na_nationkey",), {"na_regionkey": "wh_region.rg_regionkey"}),
        "wh_supplier": Table(gen.columns(suppliers), ("su_suppkey",), {"su_nationkey": "wh_nation.na_nationkey"}),
        "wh_customer": Table(gen.columns(customers), ("cu_custkey",), {"cu_nationkey": "wh_nation.na_nationkey"}),
        "wh_part": Table(gen.columns(parts), ("pa_partkey",)),
        "wh_partsupp": Table(gen.columns(partsupp), ("ps_partkey", "ps_suppkey"),
                             {"ps_partkey": "wh_part.pa_partkey", "ps_suppkey": "wh_supplier.su_suppkey"}),
        "wh_orders": Table(gen.columns(orders), ("or_orderkey",), {"or_custkey": "wh_customer.cu_custkey"}),
        "wh_lineitem": Table(gen.columns(lineitems), ("li_orderkey", "li_linenumber"),
                             {"li_orderkey": "wh_orders.or_orderkey", "li_partkey": "wh_part.pa_partkey",
                              "li_suppkey": "wh_supplier.su_suppkey"}),
    }


# family -> (builder, description for the docs: what the tables model and which gaps exist)
BUILDERS: dict[str, tuple[Callable[[random.Random], dict[str, Table]], str]] = {
    "shop": (_shop, "An online shop, `<thing>_id` naming. Customers place orders (2023-2024) of products, "
                    "handled by employees; `shop_employees.manager_id` is a self-reference (null for the "
                    "president). Some customers have no orders, some products were never ordered, one "
                    "supplier supplies no product. `shop_orders.shipped_date` is null unless the status is "
                    "shipped, delivered or returned; `shop_order_items.discount` is a fraction (0.1 = 10%)."),
    "rent": (_rent, "A film rental store, `id` + `<thing>_id` naming. Copies of films (`rent_inventory`) sit "
                    "in stores and are rented (2024, datetimes) by customers; paid rentals have a payment "
                    "of the film's rental rate plus 1.00 per day kept beyond 3 days. Some films are never "
                    "stocked, some actors have no films, some customers never rented, some rentals are not "
                    "returned (`returned_at` null) or not paid. `rent_stores.manager_staff_id` and "
                    "`rent_staff.store_id` reference each other."),
    "tune": (_tune, "A music store, `<thing>_id` naming with several `name` columns. Artists release albums "
                    "of tracks; tracks are sold to customers on invoices (2022-2024) whose `total` is the sum "
                    "of unit_price * quantity of their items. Some artists have no album, some tracks were "
                    "never sold, some customers never bought; `tune_employees.reports_to` is a "
                    "self-reference and `tune_customers.support_rep_id` points at an employee."),
    "geo": (_geo, "A world atlas keyed by ISO-like three-letter codes (`code`, `country_code`). Populations "
                  "and other figures are invented. Some countries have no cities (and a null "
                  "`capital_id`); Antarctica has population 0 and no languages. Each inhabited country has "
                  "one official main language; `percentage` is the share of speakers."),
    "wh": (_wh, "A TPC-H-like warehouse with two-letter column prefixes (`cu_custkey`, `or_orderkey`, ...). "
                "Keys of `wh_region` and `wh_nation` start at 0; order keys are sparse (multiples of 4); "
                "every third customer has no orders; a lineitem's (part, supplier) pair is always in "
                "`wh_partsupp`; dates fall in 1995-1998."),
}


def build(seed: int = SEED) -> dict[str, dict[str, Table]]:
    """family -> table name -> Table; each family draws from its own seeded generator."""
    return {family: builder(random.Random(f"{seed}:{family}")) for family, (builder, _) in BUILDERS.items()}


# Spelled out (not derived from `build()`) so importing this module generates nothing.
FAMILIES: dict[str, list[str]] = {
    "shop": ["shop_customers", "shop_employees", "shop_categories", "shop_suppliers", "shop_products",
             "shop_orders", "shop_order_items"],
    "rent": ["rent_films", "rent_categories", "rent_film_categories", "rent_actors", "rent_film_actors",
             "rent_stores", "rent_staff", "rent_inventory", "rent_customers", "rent_rentals", "rent_payments"],
    "tune": ["tune_artists", "tune_albums", "tune_genres", "tune_media_types", "tune_tracks", "tune_playlists",
             "tune_playlist_tracks", "tune_employees", "tune_customers", "tune_invoices", "tune_invoice_items"],
    "geo": ["geo_countries", "geo_cities", "geo_languages"],
    "wh": ["wh_region", "wh_nation", "wh_supplier", "wh_customer", "wh_part", "wh_partsupp", "wh_orders",
           "wh_lineitem"],
}


# ---------------------------------------------------------------------------------------
# Files

def _refs(directory: Path, csv: bool) -> dict[str, TableRef]:
    refs = {name: TableRef(str(directory / f"{name}.parquet"), "parquet")
            for tables in FAMILIES.values() for name in tables}
    if csv:
        refs.update({name: TableRef(str(directory / "csv" / f"{name}.csv"), "csv") for name in CSV_TABLES})
    return refs


def write_demo(directory: Path) -> dict[str, TableRef]:
    """Write every demo table as parquet (and `CSV_TABLES` also as CSV under csv/)."""
    directory = Path(directory)
    for tables in build().values():
        for name, table in tables.items():
            frame = table.frame()
            write_atomically(frame, directory / f"{name}.parquet", pl.DataFrame.write_parquet)
            if name in CSV_TABLES:
                write_atomically(frame, directory / "csv" / f"{name}.csv", pl.DataFrame.write_csv)
    return _refs(directory, csv=False)


def demo_tables(directory: Path = DEMO_DIR, *, csv: bool = False) -> dict[str, TableRef]:
    """The demo tables under `directory`, generated first if any file is missing. With `csv`,
    the tables of `CSV_TABLES` point at their CSV copies."""
    directory = Path(directory)
    expected = [*_refs(directory, csv=False).values(), *_refs(directory, csv=True).values()]
    if not all(Path(ref.path).is_file() for ref in expected):
        write_demo(directory)
    return _refs(directory, csv=csv)


# ---------------------------------------------------------------------------------------
# Docs

# Values are listed in the docs only for columns this small; the catalog lists more.
MAX_LISTED_VALUES = 8


def _column_notes(table: Table, column: ColumnInfo) -> str:
    notes = []
    if column.name in table.key:
        notes.append("key" if len(table.key) == 1 else "part of key")
    if column.name in table.refs:
        notes.append(f"→ `{table.refs[column.name]}`")
    if column.null_count:
        notes.append("nullable")
    if column.iso:
        notes.append(f"ISO {column.iso} string")
    elif column.values and len(column.values) <= MAX_LISTED_VALUES and column.name not in table.key:
        notes.append("values: " + ", ".join(f"`{v}`" for v in column.values))
    return "; ".join(notes)


def _family_docs(family: str, description: str, tables: dict[str, Table],
                 refs: dict[str, TableRef]) -> list[str]:
    catalog = load_catalog(refs)
    lines = [f"## {family}", "", description, ""]
    for name, table in tables.items():
        info = catalog[name]
        form = "" if refs[name].format == "parquet" else f", {refs[name].format}"
        lines += [f"### `{name}` ({info.n_rows} rows{form})", "", "| column | type | notes |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {_column_notes(table, c)} |" for c in info.columns.values()]
        lines.append("")
    return lines


def render_docs(directory: Path = DEMO_DIR) -> str:
    """docs/demo-data.md, describing the tables as the catalog reads them from `directory`."""
    refs = demo_tables(directory)
    lines = ["# Demo data", "",
             "Generated by `nlq/demo.py` (`nlq demo-data [DIR]`, default `data/demo`, env `NLQ_DEMO_DIR`);",
             "regenerate this page with `nlq demo-data --docs`. Every table is a parquet",
             f"file `<table>.parquet`; {', '.join(f'`{n}`' for n in CSV_TABLES)} are also written as",
             "`csv/<table>.csv`. Dates are ISO strings. `→` marks a foreign key.", ""]
    for family, tables in build().items():
        lines += _family_docs(family, BUILDERS[family][1], tables, {name: refs[name] for name in tables})
    return "\n".join(lines)


def render_suite_docs(directory: Path = DEMO_DIR) -> str:
    """docs/suite-data.md: the generalization suite's families, as written under `directory`."""
    from nlq import families

    lines = ["# Suite data", "",
             "The generalization suite's ten families (`nlq/families/`, cases in `cases/suite/`), written by",
             "`nlq demo-data` to `data/demo/<family>/<table>.<format>`; regenerate this page with",
             "`nlq demo-data --docs`. `→` marks a foreign key.", ""]
    for family in families.FAMILIES:
        refs = families.write_family(family, directory)
        lines += _family_docs(family, families.module(family).DESCRIPTION, families.build(family), refs)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# CLI: nlq demo-data [DIR]

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", type=Path, default=DEMO_DIR,
                        help=f"where to write the tables (default {DEMO_DIR})")
    parser.add_argument("--docs", action="store_true",
                        help=f"also rewrite {DOCS_PATH.name} and {SUITE_DOCS_PATH.name} under docs/")


def run(args: argparse.Namespace) -> int:
    from nlq.families import write_all

    refs = write_demo(args.directory)
    suite = write_all(args.directory)
    print(f"wrote {len(refs)} tables to {args.directory} "
          f"and {sum(map(len, suite.values()))} tables of {len(suite)} suite families under it")
    if args.docs:
        DOCS_PATH.write_text(render_docs(args.directory))
        SUITE_DOCS_PATH.write_text(render_suite_docs(args.directory))
        print(f"wrote {DOCS_PATH} and {SUITE_DOCS_PATH}")
    return 0
