"""The audit log: who viewed, exported, annotated or erased which conversation, and when."""
from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa

from review.schema import audit_log


def record(engine: sa.engine.Engine, actor: str, action: str, target: str | None = None,
           ip: str | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(audit_log.insert().values(at=time.time(), actor=actor, action=action,
                                                     target=(target or "")[:2000], ip=ip))


def entries(engine: sa.engine.Engine, limit: int = 200, actor: str | None = None) -> list[dict]:
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def format_entry(entry: dict) -> str:
    when = dt.datetime.fromtimestamp(entry["at"], dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{when}  {entry['actor']}  {entry['action']}  {entry['target'] or ''}  {entry['ip'] or ''}".rstrip()
