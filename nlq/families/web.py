"""The `web` family: a product's analytics data, camelCase columns."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from nlq import datagen as gen
from nlq.datagen import Table

DESCRIPTION = (
    "Web analytics for a software product, with camelCase columns (`userId`, `signupDate`, "
    "`sessionId`, `startedAt`). Users sign up (mid-2022 to 2024) and open sessions (2023-2024, real "
    "datetimes) in which they view pages and fire events; `isBounce` is true exactly for sessions "
    "with one page view, `durationSec` is the session length in seconds. `users` is a CSV, so its "
    "`signupDate` is an ISO date string there. Gaps on purpose: about one user in eight never opened "
    "a session, `referrerDomain` is null for direct traffic, `users.country` and `users.birthYear` "
    "are sometimes null, and `events.revenueUsd` is set only for purchases."
)

TABLES: dict[str, str] = {
    "users": "csv",
    "sessions": "parquet",
    "page_views": "parquet",
    "events": "parquet",
}

_PAGES = ["/", "/pricing", "/features", "/docs/getting-started", "/docs/api", "/blog/launch-week",
          "/blog/release-notes", "/signup", "/login", "/dashboard", "/settings", "/checkout",
          "/integrations", "/about", "/careers"]
_REFERRERS = ["google.com", "bing.com", "news.ycombinator.com", "twitter.com", "linkedin.com",
              "reddit.com", "duckduckgo.com"]
_COUNTRIES = ["US", "DE", "FR", "GB", "BR", "JP", "IN", "CA", "PT", "AU"]


def build(rng: random.Random) -> dict[str, Table]:
    users = []
    for i in range(1, 301):
        first, last = gen.name(rng)
        users.append({
            "userId": i, "userName": f"{first.lower()}{last.lower()}{i}",
            "email": gen.email(first, last, i, "mail.example"),
            "signupDate": gen.day(rng, date(2022, 6, 1), date(2024, 10, 31)),
            "country": gen.maybe(rng, 0.08, rng.choices(_COUNTRIES, [9, 4, 3, 4, 2, 2, 3, 2, 1, 1])[0]),
            "planTier": rng.choices(["free", "pro", "team", "enterprise"], [10, 5, 3, 1])[0],
            "isVerified": rng.random() < 0.7,
            "birthYear": gen.maybe(rng, 0.25, rng.randint(1958, 2006)),
        })
    silent = set(rng.sample(range(1, 301), 38))  # these users never open a session

    sessions, views, events = [], [], []
    for user in users:
        if user["userId"] in silent:
            continue
        first_day = max(user["signupDate"], date(2023, 1, 1))
        span = (datetime(2024, 12, 31, 23, 0) - datetime.combine(first_day, datetime.min.time())).total_seconds()
        if span <= 0:
            continue
        device = rng.choices(["desktop", "mobile", "tablet"], [6, 5, 1])[0]
        for _ in range(rng.choice([1, 1, 2, 3, 3, 4, 5, 6, 8, 10])):
            started = datetime.combine(first_day, datetime.min.time()) + timedelta(
                seconds=rng.randrange(int(span)))
            n_views = rng.choices([1, 2, 3, 4, 5, 6, 8, 11], [7, 5, 5, 4, 3, 2, 1, 1])[0]
            sid = f"S{len(sessions) + 1:05d}"
            at = started
            for v in range(n_views):
                page = "/" if v == 0 and rng.random() < 0.35 else rng.choice(_PAGES)
                views.append({"viewId": len(views) + 1, "sessionId": sid, "pageUrl": page,
                              "viewedAt": at, "loadTimeMs": rng.randint(120, 4200)})
                at += timedelta(seconds=rng.randint(5, 400))
                if rng.random() < 0.45:
                    kind = rng.choices(["click", "scroll", "add_to_cart", "purchase", "share"],
                                       [10, 6, 3, 2, 1])[0]
                    events.append({
                        "eventId": len(events) + 1, "sessionId": sid, "userId": user["userId"],
                        "eventType": kind, "occurredAt": at - timedelta(seconds=rng.randint(1, 4)),
                        "revenueUsd": gen.money(rng, 9, 480) if kind == "purchase" else None,
                    })
            duration = int((at - started).total_seconds()) if n_views > 1 else rng.randint(3, 60)
            sessions.append({
                "sessionId": sid, "userId": user["userId"], "startedAt": started,
                "durationSec": duration, "deviceType": device if rng.random() < 0.85 else
                rng.choice(["desktop", "mobile", "tablet"]),
                "referrerDomain": gen.maybe(rng, 0.35, rng.choices(_REFERRERS, [12, 2, 3, 3, 2, 2, 1])[0]),
                "isBounce": n_views == 1,
            })

    for user in users:
        user["signupDate"] = gen.iso(user["signupDate"])
    return {
        "users": Table(gen.columns(users), key=("userId",)),
        "sessions": Table(gen.columns(sessions), key=("sessionId",), refs={"userId": "users.userId"}),
        "page_views": Table(gen.columns(views), key=("viewId",), refs={"sessionId": "sessions.sessionId"}),
        "events": Table(gen.columns(events), key=("eventId",),
                        refs={"sessionId": "sessions.sessionId", "userId": "users.userId"}),
    }
