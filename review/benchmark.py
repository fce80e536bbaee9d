"""Page times of the review app on a large database: the filtered list and a transcript.

    python -m review.benchmark [--db-url URL] [--requests 200]

Run `python -m review.generator` first (100,000 conversations). Each request goes through
the whole app in-process (Flask test client: login session, CSRF, audit log write,
projection check, query, template), as a logged-in counsellor; filters and conversations
are drawn at random with a fixed seed. Prints p50/p95/max in milliseconds against the
budget (list ≤ 300 ms p95, transcript ≤ 200 ms p95), and the dashboard's times (no
budget). No assertion: figures to read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import time

import sqlalchemy as sa

from bot.storage.database_url import create_engine
from review import accounts
from review.app import create_app
from review.generator import DEFAULT_DB_URL
from review.schema import conversations
from review.settings import Settings

BUDGET_MS = {"list": 300, "transcript": 200}


def list_queries(today: dt.date) -> list[str]:
    week_ago, two_weeks = (today - dt.timedelta(days=7)).isoformat(), (today - dt.timedelta(days=14)).isoformat()
    return [
        "", "?page=3", "?employment_status=job_seeker", "?project_clarity=no_idea&eligible=true",
        "?handoff=oui", "?fallback=oui&channel=socketio", "?low_confidence=1", "?q=boulangerie",
        "?q=infirmière&employment_status=private_employee", "?region=FR-ARA&age_group=under_26",
        f"?from={two_weeks}&to={week_ago}", "?page=40&employment_status=private_employee",
        "?summary=oui&region=FR-IDF", "?q=chômage&handoff=non&page=5", "?currently_working=true&fallback=non",
        "?employment_status=__none__", f"?from={week_ago}&project_clarity=several_ideas&eligible=false",
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(client, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def report(name: str, times: list[float]) -> str:
    p95 = percentile(times, 0.95)
    line = (f"{name:<10} n={len(times)}  p50 {percentile(times, 0.5):6.1f} ms  p95 {p95:6.1f} ms  "
            f"max {max(times):6.1f} ms")
    if name not in BUDGET_MS:
        return line + "  (no budget)"
    return line + f"  (budget p95 ≤ {BUDGET_MS[name]} ms: {'within' if p95 <= BUDGET_MS[name] else 'OVER'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=DEFAULT_DB_URL)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    engine = create_engine(args.db_url)
    app = create_app(Settings(db_url=args.db_url, secret_key=secrets.token_urlsafe(32)), engine=engine)
    password = secrets.token_urlsafe(16)
    accounts.create_counsellor(engine, "benchmark@cep.example", password, "counsellor")
    client = app.test_client()
    token = client.get("/connexion").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/connexion", data={"email": "benchmark@cep.example", "password": password, "csrf_token": token})

    with engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(conversations)).scalar()
        sample = [s for (s,) in connection.execute(
            sa.select(conversations.c.sender_id).order_by(conversations.c.sender_id).limit(20_000))]
        events = connection.execute(sa.text("SELECT count(*) FROM events")).scalar()
    rng = random.Random(args.seed)
    queries = list_queries(dt.date.today())
    print(f"database: {engine.url.render_as_string(hide_password=True)} ({engine.dialect.name}), "
          f"{count} conversations, {events} events")
    timed(client, ["/conversations" + q for q in queries] + [f"/conversations/{s}" for s in sample[:20]])  # warm-up
    list_times = timed(client, ["/conversations" + rng.choice(queries) for _ in range(args.requests)])
    transcript_times = timed(client, [f"/conversations/{rng.choice(sample)}" for _ in range(args.requests)])
    dashboard_times = timed(client, ["/tableau-de-bord" + rng.choice(queries) for _ in range(20)])
    print(report("list", list_times))
    print(report("transcript", transcript_times))
    print(report("dashboard", dashboard_times))
    worst = sorted(((percentile(timed(client, ["/conversations" + q] * 5), 0.5), q) for q in queries), reverse=True)
    print("slowest list filters (median of 5): " + ", ".join(f"{q or '(none)'} {t:.0f} ms" for t, q in worst[:3]))


if __name__ == "__main__":
    main()
