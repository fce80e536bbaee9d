"""Deletes conversations older than the retention period from Rasa's SQL tracker store.

    python -m bot.storage.retention            # once
    python -m bot.storage.retention --every 3600   # keeps running (make run starts it)

A conversation is deleted when its most recent event is older than RETENTION_DAYS days
(default 30, actions/settings.py): what the welcome message promises visitors. With it go
the counsellors' copies of it (review app: projection, notes, tags), when those tables exist.
One conversation is erased on request with erase_conversation() (`make erase`, review app).
The database is CONVERSATIONS_DB_URL when set, else endpoints.yml's tracker store.
"""
from __future__ import annotations

import argparse
import logging
import time

import sqlalchemy as sa

from actions.settings import retention_days
from bot.storage.database_url import conversations_db_url, create_engine

logger = logging.getLogger(__name__)

# the review app's tables that hold something of a conversation, keyed by sender_id
COPIES = ("review_notes", "review_tags", "review_conversations")


def tracker_store_url(endpoints: str = "endpoints.yml") -> str:
    return conversations_db_url(endpoints)


def _delete_senders(connection: sa.engine.Connection, senders: list[str]) -> None:
    metadata = sa.MetaData()
    existing = set(sa.inspect(connection).get_table_names())
    tables = [sa.Table(name, metadata, autoload_with=connection) for name in (*COPIES, "events") if name in existing]
    for start in range(0, len(senders), 500):
        batch = senders[start:start + 500]
        for table in tables:
            connection.execute(table.delete().where(table.c.sender_id.in_(batch)))


def purge_older_than(engine: sa.engine.Engine, days: int, now: float | None = None) -> int:
    """Delete every conversation whose last event is older than `days`; return how many."""
    cutoff = (now or time.time()) - days * 86400
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    stale = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff))
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale)]
        _delete_senders(connection, senders)
    return len(senders)


def erase_conversation(engine: sa.engine.Engine, sender_id: str) -> int:
    """Delete one conversation and every copy of it (right to erasure); return its events deleted."""
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        count = connection.execute(sa.select(sa.func.count()).where(events.c.sender_id == sender_id)).scalar()
        _delete_senders(connection, [sender_id])
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--every", type=int, help="repeat every N seconds")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s retention %(message)s")
    engine = create_engine(tracker_store_url(args.endpoints))
    while True:
        if sa.inspect(engine).has_table("events"):
            deleted = purge_older_than(engine, retention_days())
            logger.info("deleted %d conversation(s) older than %d days", deleted, retention_days())
        if not args.every:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
