"""Page times of the review app on a large database: the filtered list and a transcript.

    python -m review.benchmark [--db-url URL] [--requests 200] [--in-process]

Run `python -m review.generator` first (100,000 conversations). Each request goes over
real HTTP to the app served by waitress on a local port (as `make run` serves it: 8 threads),
through the whole app (session cookie, audit log write, projection check, query, template,
waitress), as a logged-in counsellor, one request at a time with a kept-alive connection;
filters and conversations are drawn at random with a fixed seed. --in-process uses Flask's
test client instead (no server, no socket). Prints p50/p95/max in milliseconds against
the budget (list ≤ 300 ms p95, transcript ≤ 200 ms p95), and the dashboard's times (no
budget). No assertion: figures to read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import time

import requests
import sqlalchemy as sa

from bot.storage.database_url import create_engine
from review import accounts
from review.app import create_app
from review.generator import DEFAULT_DB_URL
from review.schema import conversations
from review.serve import serve_in_thread
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


class HttpClient:
    """GET over real HTTP with a kept-alive connection; the body is read in full."""

    def __init__(self, base_url: str) -> None:
        self.base_url, self.session = base_url, requests.Session()

    def get(self, url: str) -> requests.Response:
        response = self.session.get(self.base_url + url, timeout=60)
        response.content  # noqa: B018 - the whole body, as a browser reads it
        return response

    def post(self, url: str, data: dict) -> requests.Response:
        return self.session.post(self.base_url + url, data=data, allow_redirects=False, timeout=60)


class InProcessClient:
    def __init__(self, app) -> None:
        self.client = app.test_client()

    def get(self, url: str):
        response = self.client.get(url)
        response.get_data()
        return response

    def post(self, url: str, data: dict):
        return self.client.post(url, data=data)


def _text(response) -> str:
    return response.text if isinstance(response, requests.Response) else response.get_data(as_text=True)


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
    parser.add_argument("--in-process", action="store_true", help="Flask's test client instead of HTTP")
    args = parser.parse_args()
    engine = create_engine(args.db_url)
    settings = Settings(db_url=args.db_url, secret_key=secrets.token_urlsafe(32))
    app = create_app(settings, engine=engine)
    password = secrets.token_urlsafe(16)
    accounts.create_counsellor(engine, "benchmark@cep.example", password, "counsellor")
    server = None
    if args.in_process:
        client, how = InProcessClient(app), "in-process (Flask test client)"
    else:
        server, base_url = serve_in_thread(app, settings)
        client, how = HttpClient(base_url), f"over HTTP, waitress on {base_url}"
    token = _text(client.get("/connexion")).split('name="csrf_token" value="')[1].split('"')[0]
    logged = client.post("/connexion", data={"email": "benchmark@cep.example", "password": password,
                                             "csrf_token": token})
    assert logged.status_code == 302, logged.status_code

    with engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(conversations)).scalar()
        sample = [s for (s,) in connection.execute(
            sa.select(conversations.c.sender_id).order_by(conversations.c.sender_id).limit(20_000))]
        events = connection.execute(sa.text("SELECT count(*) FROM events")).scalar()
    rng = random.Random(args.seed)
    queries = list_queries(dt.date.today())
    print(f"database: {engine.url.render_as_string(hide_password=True)} ({engine.dialect.name}), "
          f"{count} conversations, {events} events; requests {how}")
    timed(client, ["/conversations" + q for q in queries] + [f"/conversations/{s}" for s in sample[:20]])  # warm-up
    list_times = timed(client, ["/conversations" + rng.choice(queries) for _ in range(args.requests)])
    transcript_times = timed(client, [f"/conversations/{rng.choice(sample)}" for _ in range(args.requests)])
    dashboard_times = timed(client, ["/tableau-de-bord" + rng.choice(queries) for _ in range(20)])
    print(report("list", list_times))
    print(report("transcript", transcript_times))
    print(report("dashboard", dashboard_times))
    worst = sorted(((percentile(timed(client, ["/conversations" + q] * 5), 0.5), q) for q in queries), reverse=True)
    print("slowest list filters (median of 5): " + ", ".join(f"{q or '(none)'} {t:.0f} ms" for t, q in worst[:3]))
    if server is not None:
        server.close()


if __name__ == "__main__":
    main()
