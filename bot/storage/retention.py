"""Deletes conversations older than the retention period from Rasa's SQL tracker store.

    python -m bot.storage.retention            # once
    python -m bot.storage.retention --every 3600   # keeps running (make run starts it)

A conversation is deleted when its most recent event is older than RETENTION_DAYS days
(default 30, cep/settings.py): what the welcome message promises visitors. With it go
the counsellors' copies of it (review app: projection, notes, tags), when those tables exist;
copies whose conversation has no events left (e.g. a projection row written while the
conversation was being erased) are swept too. The purge works in batches of BATCH
conversations, one short transaction each, so it never holds SQLite's write lock for long.
The review app's audit log and login attempts are deleted after AUDIT_RETENTION_DAYS
(default 365).

One conversation is erased on request with erase_conversation() (`make erase`, review app).
Its id goes into `erased_senders` (ids only, no content), which the tracker store
(bot/storage/private_tracker_store.py) checks before writing: a conversation erased while
the Rasa server handles a message in it is never written back. Erasure, the Rasa server's
writes and the review app's projection refresh serialise on lock_conversations().
The database is CONVERSATIONS_DB_URL when set, else endpoints.yml's tracker store.
"""
from __future__ import annotations

import argparse
import logging
import os
import time

import sqlalchemy as sa

from bot.storage.database_url import conversations_db_url, create_engine
from cep.settings import retention_days

logger = logging.getLogger(__name__)

# the review app's tables that hold something of a conversation, keyed by sender_id
COPIES = ("review_notes", "review_tags", "review_conversations")
# the review app's logs, keyed by time (`at`): kept AUDIT_RETENTION_DAYS
LOGS = ("review_audit", "review_login_attempts")
DEFAULT_AUDIT_RETENTION_DAYS = 365
BATCH = 500
# pg_advisory_xact_lock keys: one for "the conversations as a whole" (erasure, projection refresh,
# purge), and a space of per-conversation keys (erasure, the Rasa server's writes)
ALL_CONVERSATIONS_LOCK = 0x43455052
ONE_CONVERSATION_LOCK = 0x4345

tombstones_metadata = sa.MetaData()
erased_senders = sa.Table(
    "erased_senders", tombstones_metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
)


def audit_retention_days() -> int:
    """How long the review app's audit log and login attempts are kept (AUDIT_RETENTION_DAYS)."""
    try:
        days = int(os.environ.get("AUDIT_RETENTION_DAYS", DEFAULT_AUDIT_RETENTION_DAYS))
    except ValueError:
        return DEFAULT_AUDIT_RETENTION_DAYS
    return days if days > 0 else DEFAULT_AUDIT_RETENTION_DAYS


def tracker_store_url(endpoints: str = "endpoints.yml") -> str:
    return conversations_db_url(endpoints)


def create_tombstones(bind: sa.engine.Engine | sa.engine.Connection) -> None:
    tombstones_metadata.create_all(bind)


def lock_conversations(connection: sa.engine.Connection, sender_id: str | None = None) -> None:
    """Hold, until the transaction ends, the lock that erasure takes: every conversation's
    (sender_id None) or one conversation's. On PostgreSQL an advisory lock; on SQLite the
    database's write lock (taken now rather than at the first write)."""
    if connection.dialect.name == "postgresql":
        if sender_id is None:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ALL_CONVERSATIONS_LOCK})
        else:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:space, hashtext(:sender))"),
                               {"space": ONE_CONVERSATION_LOCK, "sender": sender_id})
    elif connection.dialect.name == "sqlite":
        connection.execute(erased_senders.delete().where(sa.false()))


def is_erased(connection: sa.engine.Connection, sender_id: str) -> bool:
    query = sa.select(erased_senders.c.sender_id).where(erased_senders.c.sender_id == sender_id)
    return connection.execute(query).first() is not None


def _tables(connection: sa.engine.Connection, names: tuple[str, ...]) -> list[sa.Table]:
    existing = set(sa.inspect(connection).get_table_names())
    metadata = sa.MetaData()
    return [sa.Table(name, metadata, autoload_with=connection) for name in names if name in existing]


def _delete_senders(connection: sa.engine.Connection, senders: list[str]) -> None:
    tables = _tables(connection, (*COPIES, "events"))
    for start in range(0, len(senders), BATCH):
        batch = senders[start:start + BATCH]
        for table in tables:
            connection.execute(table.delete().where(table.c.sender_id.in_(batch)))


def purge_older_than(engine: sa.engine.Engine, days: int, now: float | None = None, batch: int = BATCH) -> int:
    """Delete every conversation whose last event is older than `days`, and the copies of
    conversations that have no events left; return how many conversations were deleted."""
    cutoff = (now or time.time()) - days * 86400
    create_tombstones(engine)
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)

    def stale(senders: list[str] | None = None):
        query = sa.select(events.c.sender_id).group_by(events.c.sender_id)
        if senders is not None:
            query = query.where(events.c.sender_id.in_(senders))
        return query.having(sa.func.max(events.c.timestamp) < cutoff)

    with engine.connect() as connection:
        candidates = [row[0] for row in connection.execute(stale())]
    deleted = 0
    for start in range(0, len(candidates), batch):
        with engine.begin() as connection:  # one short transaction per batch
            lock_conversations(connection)
            # a visitor may have come back since the candidates were read
            senders = [row[0] for row in connection.execute(stale(candidates[start:start + batch]))]
            _delete_senders(connection, senders)
        deleted += len(senders)
    sweep_orphan_copies(engine, batch)
    return deleted


def sweep_orphan_copies(engine: sa.engine.Engine, batch: int = BATCH) -> int:
    """Delete the review app's rows of conversations that have no events left; return how many."""
    with engine.connect() as connection:
        tables = _tables(connection, COPIES)
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    swept = 0
    for table in tables:
        orphans = (sa.select(table.c.sender_id).distinct()
                   .where(~sa.exists().where(events.c.sender_id == table.c.sender_id)))
        with engine.connect() as connection:
            senders = [row[0] for row in connection.execute(orphans)]
        for start in range(0, len(senders), batch):
            with engine.begin() as connection:
                lock_conversations(connection)
                gone = [row[0] for row in connection.execute(
                    orphans.where(table.c.sender_id.in_(senders[start:start + batch])))]
                swept += connection.execute(table.delete().where(table.c.sender_id.in_(gone))).rowcount
    return swept


def purge_logs_older_than(engine: sa.engine.Engine, days: int, now: float | None = None) -> int:
    """Delete the review app's audit entries and login attempts older than `days`; return how many."""
    cutoff = (now or time.time()) - days * 86400
    with engine.begin() as connection:
        return sum(connection.execute(table.delete().where(table.c.at < cutoff)).rowcount
                   for table in _tables(connection, LOGS))


def erase_conversation(engine: sa.engine.Engine, sender_id: str) -> int:
    """Delete one conversation and every copy of it (right to erasure), and remember its id so
    that it is never written again; return its events deleted."""
    return _delete_conversation(engine, sender_id, bar=True)


def forget_conversation(engine: sa.engine.Engine, sender_id: str) -> int:
    """Delete one conversation and every copy of it, at the visitor's own request: unlike
    `erase_conversation` its id is not barred, so what the visitor writes next is a new
    conversation, kept as any other (and erasable the same way); return its events deleted."""
    return _delete_conversation(engine, sender_id, bar=False)


def _delete_conversation(engine: sa.engine.Engine, sender_id: str, bar: bool) -> int:
    create_tombstones(engine)
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        lock_conversations(connection)
        lock_conversations(connection, sender_id)
        if bar and not is_erased(connection, sender_id):
            connection.execute(erased_senders.insert().values(sender_id=sender_id))
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
        logs = purge_logs_older_than(engine, audit_retention_days())
        logger.info("deleted %d audit entr(ies) and login attempt(s) older than %d days", logs,
                    audit_retention_days())
        if not args.every:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
