"""One row per conversation, kept up to date incrementally from Rasa's `events` table.

The list, its filters, search and the dashboard read `review_conversations` only: parsing
every event of every conversation per page would not hold at 100,000 conversations.
`refresh()` reads the events added since its cursor (the last event id it has seen,
in `review_state`), and rebuilds the row of each conversation they belong to from all of
its events, so a rebuild is idempotent. It re-reads a few ids behind the cursor
(LOOKBACK): on PostgreSQL a transaction that took a lower id may commit after a higher
one was read. A conversation whose events are gone (purge, erasure) loses its row. Rows are
written under erasure's lock (bot/storage/retention.py), after checking that the conversation
still has events: a conversation erased while its row was being rebuilt gets no row back.
"""
from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bot.storage.redaction import redact
from bot.storage.retention import lock_conversations
from review.events import ActionRan, BotSaid, Event, SlotSet, UserSaid, read_events
from review.schema import LISTED_SLOTS, conversations, events_table, state

CURSOR_KEY = "events_cursor"
LOOKBACK = 200
BATCH = 20_000
_lock = threading.Lock()


def normalise(text: str) -> str:
    """Lower case without accents: what the portable search compares. Only ever given redacted text:
    the compatibility forms it folds ("＠", "０６") are read the same way by the redaction."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slot_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)[:64]


@dataclass
class ConversationRow:
    sender_id: str
    channel: str | None = None
    first_time: float | None = None
    last_time: float | None = None
    user_turns: int = 0
    bot_turns: int = 0
    min_confidence: float | None = None
    fallback: bool = False
    handoff: bool = False
    has_summary: bool = False
    slots: dict[str, Any] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)

    def add(self, event: Event) -> None:
        if event.at is not None:
            self.first_time = event.at if self.first_time is None else min(self.first_time, event.at)
            self.last_time = event.at if self.last_time is None else max(self.last_time, event.at)
        if isinstance(event, UserSaid):
            self.user_turns += 1
            self.channel = self.channel or event.channel
            if event.text:
                self.texts.append(event.text)
            if event.confidence is not None:
                self.min_confidence = event.confidence if self.min_confidence is None \
                    else min(self.min_confidence, event.confidence)
            self.fallback = self.fallback or event.fell_back
        elif isinstance(event, BotSaid):
            self.bot_turns += 1
        elif isinstance(event, ActionRan):
            self.fallback = self.fallback or event.is_fallback
        elif isinstance(event, SlotSet):
            if event.name == "handoff_given" and event.value:
                self.handoff = True
            elif event.name == "fallback_count" and (event.value or 0) > 0:
                self.fallback = True
            elif event.name == "intake_summary":
                self.has_summary = bool(event.value)
            elif event.is_profile and event.value is not None:
                self.slots[event.name] = event.value  # the last value said; a new session does not erase it

    def as_row(self) -> dict[str, Any]:
        row = {
            "sender_id": self.sender_id, "channel": self.channel, "first_time": self.first_time,
            "last_time": self.last_time, "user_turns": self.user_turns, "bot_turns": self.bot_turns,
            "min_confidence": self.min_confidence, "fallback": self.fallback, "handoff": self.handoff,
            "has_summary": self.has_summary,
            "profile": json.dumps(self.slots, ensure_ascii=False, sort_keys=True),
            # redacted again, then normalised: what is stored was redacted when it was written, but maybe by an
            # older redaction, and normalising ("＠" to "@") must not rebuild what that one left
            "search_text": normalise(" \n".join(redact(text) for text in self.texts)),
        }
        row.update({slot: slot_text(self.slots.get(slot)) for slot in LISTED_SLOTS})
        return row


def build_rows(events: Iterable[tuple[str, str]]) -> dict[str, ConversationRow]:
    """Rows from (sender_id, event JSON) pairs in event order."""
    rows: dict[str, ConversationRow] = {}
    for sender_id, data in events:
        row = rows.get(sender_id) or rows.setdefault(sender_id, ConversationRow(sender_id))
        for event in read_events([data]):
            row.add(event)
    return rows


def _cursor(connection: sa.engine.Connection) -> int:
    value = connection.execute(sa.select(state.c.value).where(state.c.key == CURSOR_KEY)).scalar()
    return int(value) if value is not None else 0


def _set_cursor(connection: sa.engine.Connection, cursor: int) -> None:
    updated = connection.execute(state.update().where(state.c.key == CURSOR_KEY).values(value=str(cursor)))
    if not updated.rowcount:
        connection.execute(state.insert().values(key=CURSOR_KEY, value=str(cursor)))


def read_rows(connection: sa.engine.Connection, senders: list[str]) -> dict[str, ConversationRow]:
    """The rows of these conversations, built from all their events (no lock held)."""
    events = events_table()
    rows: dict[str, ConversationRow] = {}
    for start in range(0, len(senders), 1000):
        query = (sa.select(events.c.sender_id, events.c.data).where(events.c.sender_id.in_(senders[start:start + 1000]))
                 .order_by(events.c.id))
        rows.update(build_rows(connection.execute(query)))
    return rows


def write_rows(connection: sa.engine.Connection, senders: list[str], rows: dict[str, ConversationRow]) -> int:
    """Replace the rows of these conversations, under erasure's lock, leaving out any
    conversation erased or purged since its events were read; return how many were written."""
    events = events_table()
    lock_conversations(connection)
    alive: set[str] = set()
    for start in range(0, len(senders), 1000):
        batch = senders[start:start + 1000]
        alive.update(s for (s,) in connection.execute(
            sa.select(events.c.sender_id).where(events.c.sender_id.in_(batch)).distinct()))
        connection.execute(conversations.delete().where(conversations.c.sender_id.in_(batch)))
    values = [row.as_row() for sender, row in rows.items() if sender in alive]
    for start in range(0, len(values), 2000):
        connection.execute(conversations.insert(), values[start:start + 2000])
    return len(values)


def rebuild(connection: sa.engine.Connection, senders: list[str]) -> int:
    """Rebuild the rows of these conversations from all their events; return how many exist."""
    return write_rows(connection, senders, read_rows(connection, senders))


def pending(engine: sa.engine.Engine) -> bool:
    """Whether events were added since the last refresh (a primary-key lookup, cheap)."""
    events = events_table()
    with engine.connect() as connection:
        latest = connection.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0
        return latest > _cursor(connection)


def refresh(engine: sa.engine.Engine, batch: int = BATCH, max_batches: int | None = None,
            wait: bool = True) -> int:
    """Bring the projection up to date; return how many conversations were rebuilt.

    max_batches bounds the work (the request path reads at most one batch); with wait=False
    nothing is done when another refresh of this process is under way (it will catch up)."""
    events = events_table()
    rebuilt = batches = 0
    if not _lock.acquire(blocking=wait):
        return 0
    try:
        since = None
        while max_batches is None or batches < max_batches:
            batches += 1
            with engine.begin() as connection:
                cursor = _cursor(connection)
                since = max(cursor - LOOKBACK, 0) if since is None else cursor
                query = (sa.select(events.c.id, events.c.sender_id).where(events.c.id > since)
                         .order_by(events.c.id).limit(batch))
                found = connection.execute(query).fetchall()
                if not found:
                    return rebuilt
                senders = sorted({sender for _, sender in found})
                rebuild(connection, senders)
                rebuilt += len(senders)
                _set_cursor(connection, max(cursor, found[-1][0]))
                if len(found) < batch:
                    return rebuilt
        return rebuilt
    finally:
        _lock.release()


def running() -> bool:
    """Whether a refresh of this process is under way."""
    return _lock.locked()


class Refresher(threading.Thread):
    """Refreshes the projection every `every` seconds while the app runs."""

    def __init__(self, engine: sa.engine.Engine, every: float = 15.0) -> None:
        super().__init__(daemon=True, name="projection-refresher")
        self.engine, self.every = engine, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                refresh(self.engine)
            except sa.exc.SQLAlchemyError:  # the database may be briefly away; try again next time
                continue
