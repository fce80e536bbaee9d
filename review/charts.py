"""The dashboard's figures and their server-rendered SVG charts (no JavaScript, no CDN).

Figures are counted on the projection with the list's filters: conversations per day,
situation and project mix, eligibility, handoff and fallback rates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from review.conversations import Filters, where_clauses
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


def _day(timestamp_column):
    return sa.cast(timestamp_column, sa.Integer) / 86400


def per_day(connection, clauses: list) -> list[Bar]:
    day = _day(conversations.c.first_time).label("day")
    rows = connection.execute(sa.select(day, sa.func.count()).where(*clauses).group_by(day).order_by(day)).all()
    if not rows:
        return []
    counts = {int(d): n for d, n in rows}
    first, last = min(counts), max(counts)
    days = list(range(first, last + 1))[-92:]
    top = max(counts.values())
    step = WIDTH / len(days)
    bars = []
    for i, d in enumerate(days):
        n = counts.get(d, 0)
        h = (HEIGHT - 20) * n / top
        label = dt.date.fromtimestamp(d * 86400).strftime("%d/%m")
        bars.append(Bar(label, n, i * step, HEIGHT - 20 - h, max(step - 1, 1), h))
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
