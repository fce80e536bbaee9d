"""The review app's tables, next to Rasa's `events` table in the same database.

Every table that holds something of a conversation has a `sender_id` column, so the
retention purge and the erasure (bot/storage/retention.py) delete it with the events; they
name those tables (and the logs they purge), so they never touch the others (accounts,
sessions, state).
On PostgreSQL the projection has a generated `search_vector` (tsvector, 'french') with a
GIN index; on SQLite, search is a LIKE over the normalised `search_text`.
"""
from __future__ import annotations

import sqlalchemy as sa

from bot.storage.retention import create_tombstones
from cep.profile import PROFILE_SLOTS

metadata = sa.MetaData()

# the profile slots (cep.profile) the list shows and filters on, as columns; any other slot set
# is kept in `profile` (JSON)
LISTED_SLOTS = tuple(slot for slot in PROFILE_SLOTS if slot not in ("young_graduate", "public_branch"))

conversations = sa.Table(
    "review_conversations", metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("channel", sa.String(64), index=True),
    sa.Column("first_time", sa.Float, index=True),
    sa.Column("last_time", sa.Float, index=True),
    sa.Column("user_turns", sa.Integer, nullable=False, default=0),
    sa.Column("bot_turns", sa.Integer, nullable=False, default=0),
    sa.Column("min_confidence", sa.Float, index=True),
    sa.Column("fallback", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("handoff", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("has_summary", sa.Boolean, nullable=False, default=False),
    *(sa.Column(slot, sa.String(64), index=True) for slot in LISTED_SLOTS),
    sa.Column("profile", sa.Text),  # JSON: every slot set, last value
    sa.Column("search_text", sa.Text),  # the visitor's words, lower case, accents kept
)

notes = sa.Table(
    "review_notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("author", sa.String(255), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

tags = sa.Table(
    "review_tags", metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("tag", sa.String(64), primary_key=True, index=True),
    sa.Column("author", sa.String(255), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

counsellors = sa.Table(
    "review_counsellors", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(255), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    # bumped when the password is reset or the account disabled; a session opened with an older
    # version opens nothing (review/sessions.py)
    sa.Column("session_version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
)

# counsellors' sessions (review/sessions.py): the cookie holds a random token, this table only its
# SHA-256 hash; no conversation in it, so the retention purge and the erasure leave it alone
review_sessions = sa.Table(
    "review_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("counsellor_id", sa.Integer, sa.ForeignKey("review_counsellors.id"), nullable=False, index=True),
    sa.Column("session_version", sa.Integer, nullable=False),  # the account's, at login
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen_at", sa.Float, nullable=False),
)

audit_log = sa.Table(
    "review_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("actor", sa.String(255), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.Text),
    sa.Column("ip", sa.String(64)),
)

login_attempts = sa.Table(
    "review_login_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("email", sa.String(255), nullable=False, index=True),
    sa.Column("ip", sa.String(64), nullable=False, index=True),
    sa.Column("success", sa.Boolean, nullable=False),
)

state = sa.Table(
    "review_state", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(255), nullable=False),
)

POSTGRES_SEARCH = [
    "ALTER TABLE review_conversations ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('french', coalesce(search_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS review_conversations_search ON review_conversations USING GIN (search_vector)",
    # the list's default order and its most common filters, newest first
    "CREATE INDEX IF NOT EXISTS review_conversations_last_desc ON review_conversations (last_time DESC)",
]


def events_table() -> sa.Table:
    """Rasa's `events` table, as Rasa's SQLTrackerStore defines it (create_all() creates it when missing)."""
    from rasa.core.tracker_store import SQLTrackerStore

    return SQLTrackerStore.SQLEvent.__table__


# columns added after the first release: (table, column, SQL type and default)
ADDED_COLUMNS = (
    ("review_counsellors", "session_version", "INTEGER NOT NULL DEFAULT 1"),
    ("review_counsellors", "disabled", "BOOLEAN NOT NULL DEFAULT false"),
)


def _add_missing_columns(engine: sa.engine.Engine) -> None:
    inspector = sa.inspect(engine)
    with engine.begin() as connection:
        for table, column, definition in ADDED_COLUMNS:
            if column not in {c["name"] for c in inspector.get_columns(table)}:
                if engine.dialect.name == "sqlite":
                    definition = definition.replace("false", "0")
                connection.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {column} {definition}"))


def create_all(engine: sa.engine.Engine) -> None:
    """Create what is missing: Rasa's events table, the review tables and their added columns,
    the tombstones of erased conversations, the search index."""
    table = events_table()
    table.metadata.create_all(engine, tables=[table])
    metadata.create_all(engine)
    _add_missing_columns(engine)
    create_tombstones(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for statement in POSTGRES_SEARCH:
                connection.execute(sa.text(statement))
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with engine.connect() as connection:  # readers and the Rasa server's writes no longer block each other
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
