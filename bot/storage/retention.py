"""Deletes conversations older than the retention period from Rasa's SQL tracker store.

    python -m bot.storage.retention            # once
    python -m bot.storage.retention --every 3600   # keeps running (make run starts it)

A conversation is deleted when its most recent event is older than RETENTION_DAYS days
(default 30, actions/settings.py): what the welcome message promises visitors.
"""
from __future__ import annotations

import argparse
import logging
import time

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.utils.endpoints import read_endpoint_config

from actions.settings import retention_days

logger = logging.getLogger(__name__)


def tracker_store_url(endpoints: str = "endpoints.yml") -> str:
    config = read_endpoint_config(endpoints, "tracker_store")
    if config is None or not (config.type == "SQL" or config.type.endswith("SQLTrackerStore")):
        raise SystemExit(f"{endpoints} has no SQL tracker_store: nothing to purge")
    kwargs = config.kwargs
    return str(SQLTrackerStore.get_db_url(
        dialect=kwargs.get("dialect", "sqlite"), host=config.url, port=kwargs.get("port"),
        db=kwargs.get("db", "rasa.db"), username=kwargs.get("username"),
        password=kwargs.get("password"), login_db=kwargs.get("login_db")))


def purge_older_than(engine: sa.engine.Engine, days: int, now: float | None = None) -> int:
    """Delete every conversation whose last event is older than `days`; return how many."""
    cutoff = (now or time.time()) - days * 86400
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    stale = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff))
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale)]
        for start in range(0, len(senders), 500):
            batch = senders[start:start + 500]
            connection.execute(events.delete().where(events.c.sender_id.in_(batch)))
    return len(senders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--every", type=int, help="repeat every N seconds")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s retention %(message)s")
    engine = sa.create_engine(tracker_store_url(args.endpoints))
    while True:
        if sa.inspect(engine).has_table("events"):
            deleted = purge_older_than(engine, retention_days())
            logger.info("deleted %d conversation(s) older than %d days", deleted, retention_days())
        if not args.every:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
