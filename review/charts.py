"""The dashboard's figures and their server-rendered SVG charts (no JavaScript, no CDN).

Figures are counted on the projection with the list's filters: conversations per day (Paris days),
situation and project mix, eligibility, handoff and fallback rates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from review.conversations import PARIS, Filters, where_clauses
from review.labels import value_label
from review.schema import conversations

WIDTH, HEIGHT = 640, 180


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def per_day(connection, clauses: list) -> list[Bar]:
    """Conversations per day of their first message, days as in Paris: counted per hour in SQL
    (the same on SQLite and PostgreSQL), then the hours summed into Paris days here."""
    hours = conversations.c.first_time / 3600
    # SQLite's CAST truncates (floor, for times after 1970); PostgreSQL's rounds, hence floor() there
    hour = sa.cast(sa.func.floor(hours) if connection.dialect.name == "postgresql" else hours, sa.Integer).label("hour")
    rows = connection.execute(sa.select(hour, sa.func.count()).where(*clauses).group_by(hour)).all()
    if not rows:
        return []
    counts: dict[dt.date, int] = {}
    for h, n in rows:
        day = dt.datetime.fromtimestamp(int(h) * 3600, PARIS).date()
        counts[day] = counts.get(day, 0) + n
    first, last = min(counts), max(counts)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)][-92:]
    top = max(counts.values())
    step = WIDTH / len(days)
    bars = []
    for i, d in enumerate(days):
        n = counts.get(d, 0)
        h = (HEIGHT - 20) * n / top
        bars.append(Bar(d.strftime("%d/%m"), n, i * step, HEIGHT - 20 - h, max(step - 1, 1), h))
    return bars


def breakdown(connection, clauses: list, slot: str) -> list[Bar]:
    column = conversations.c[slot]
    rows = connection.execute(sa.select(column, sa.func.count()).where(*clauses).group_by(column)
                              .order_by(sa.func.count().desc())).all()
    total = sum(n for _, n in rows) or 1
    bars = []
    for i, (value, n) in enumerate(rows):
        label = value_label(slot, value) if value is not None else "Non renseigné"
        bars.append(Bar(label, n, 0, i * 24, 360 * n / total, 18))
    return bars


def rate(connection, clauses: list, column) -> tuple[int, int]:
    total = connection.execute(sa.select(sa.func.count()).select_from(conversations).where(*clauses)).scalar()
    hits = connection.execute(sa.select(sa.func.count()).select_from(conversations)
                              .where(*clauses, column.is_(True))).scalar()
    return hits, total


def dashboard(engine: sa.engine.Engine, filters: Filters) -> dict:
    clauses = where_clauses(filters, engine.dialect.name)
    with engine.connect() as connection:
        handoff, total = rate(connection, clauses, conversations.c.handoff)
        fallback, _ = rate(connection, clauses, conversations.c.fallback)
        return {
            "total": total,
            "per_day": per_day(connection, clauses),
            "status": breakdown(connection, clauses, "employment_status"),
            "clarity": breakdown(connection, clauses, "project_clarity"),
            "eligible": breakdown(connection, clauses, "eligible"),
            "handoff": (handoff, total), "fallback": (fallback, total),
            "width": WIDTH, "height": HEIGHT,
        }
