"""What the pages read: the filtered conversation list (from the projection) and transcripts.

Filters come from the page's query string (French UI, English parameter names):
date range, channel, any profile slot, handoff, fallback, low NLU confidence, summary,
tag and a full-text search over the visitor's words.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from review import settings
from review.events import ActionRan, BotSaid, SessionStarted, SlotSet, UserSaid, read_events
from review.labels import slot_label, value_label
from review.projection import normalise
from review.schema import LISTED_SLOTS, conversations, events_table, notes, tags

NOT_SET = "__none__"
YES_NO = {"oui": True, "non": False}
FILTER_SLOTS = ("employment_status", "project_clarity", "eligible", "currently_working", "region", "age_group")
EXPORT_LIMIT = 100_000
try:
    PARIS: dt.tzinfo = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # no time-zone database on this machine
    PARIS = dt.timezone.utc


FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class InvalidFilter(ValueError):
    """A filter value no conversation can match: the request is wrong (400)."""


@dataclass
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    channel: str | None = None
    slots: dict[str, str] = field(default_factory=dict)
    handoff: bool | None = None
    fallback: bool | None = None
    low_confidence: bool = False
    summary: bool | None = None
    tag: str | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        """The filters of a request's query; InvalidFilter for a date outside the years any
        conversation can have (the range would overflow the database's dates)."""
        def date(name: str) -> dt.date | None:
            try:
                day = dt.date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None  # no date, or not one: no filter
            if not FIRST_DAY <= day <= LAST_DAY:
                raise InvalidFilter(f"{name}: {day.isoformat()}")
            return day

        return cls(date_from=date("from"), date_to=date("to"), channel=args.get("channel") or None,
                   slots={s: args[s] for s in LISTED_SLOTS if args.get(s)},
                   handoff=YES_NO.get(args.get("handoff", "")), fallback=YES_NO.get(args.get("fallback", "")),
                   low_confidence=args.get("low_confidence") == "1",
                   summary=YES_NO.get(args.get("summary", "")), tag=normalise_tag(args.get("tag") or "") or None,
                   q=(args.get("q") or "").strip()[:200] or None)

    def as_args(self) -> dict[str, str]:
        """The query string that gives these filters back (links, exports, pagination)."""
        args = {"from": self.date_from.isoformat() if self.date_from else None,
                "to": self.date_to.isoformat() if self.date_to else None, "channel": self.channel,
                **self.slots, "low_confidence": "1" if self.low_confidence else None, "tag": self.tag, "q": self.q}
        for name in ("handoff", "fallback", "summary"):
            value = getattr(self, name)
            args[name] = None if value is None else ("oui" if value else "non")
        return {k: v for k, v in args.items() if v}

    def describe(self) -> str:
        """The filters for the audit log: whether there was a search, never its words (they may
        name someone, and the log is kept a year)."""
        args = self.as_args()
        if args.pop("q", None):
            args["recherche"] = "oui"
        return json.dumps(args, ensure_ascii=False, sort_keys=True)


def normalise_tag(tag: str) -> str:
    """Tags are kept lower case, 64 characters at most."""
    return tag.strip().lower()[:64]


def paris_midnight(day: dt.date) -> float:
    """The start of a day as counsellors count days: midnight in Paris (winter or summer time)."""
    return dt.datetime.combine(day, dt.time(), PARIS).timestamp()


def where_clauses(filters: Filters, dialect: str) -> list:
    c = conversations.c
    clauses = []
    if filters.date_from:
        clauses.append(c.last_time >= paris_midnight(filters.date_from))
    if filters.date_to:
        clauses.append(c.first_time < paris_midnight(filters.date_to + dt.timedelta(days=1)))
    if filters.channel:
        clauses.append(c.channel == filters.channel)
    for slot, value in filters.slots.items():
        clauses.append(c[slot].is_(None) if value == NOT_SET else c[slot] == value)
    for name in ("handoff", "fallback"):
        value = getattr(filters, name)
        if value is not None:
            clauses.append(c[name].is_(value))
    if filters.summary is not None:
        clauses.append(c.has_summary.is_(filters.summary))
    if filters.low_confidence:
        clauses.append(c.min_confidence < settings.LOW_CONFIDENCE)
    if filters.tag:
        clauses.append(c.sender_id.in_(sa.select(tags.c.sender_id).where(tags.c.tag == filters.tag)))
    if filters.q:
        if dialect == "postgresql":
            clauses.append(sa.text("review_conversations.search_vector @@ websearch_to_tsquery('french', :q)")
                           .bindparams(q=normalise(filters.q)))
        else:
            for word in normalise(filters.q).split():
                escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                clauses.append(c.search_text.like(f"%{escaped}%", escape="\\"))
    return clauses


@dataclass
class Page:
    rows: list[dict]
    total: int
    page: int
    pages: int


def list_conversations(engine: sa.engine.Engine, filters: Filters, page: int = 1,
                       page_size: int = settings.PAGE_SIZE) -> Page:
    clauses = where_clauses(filters, engine.dialect.name)
    columns = [col for col in conversations.c if col.name not in ("search_text", "profile")]
    with engine.connect() as connection:
        total = connection.execute(sa.select(sa.func.count()).select_from(conversations).where(*clauses)).scalar()
        pages = max(1, -(-total // page_size))
        page = min(max(1, page), pages)
        query = (sa.select(*columns).where(*clauses)
                 .order_by(conversations.c.last_time.desc(), conversations.c.sender_id)
                 .limit(page_size).offset((page - 1) * page_size))
        rows = [dict(row._mapping) for row in connection.execute(query)]
    return Page(rows, total, page, pages)


def count_conversations(engine: sa.engine.Engine, filters: Filters, limit: int = EXPORT_LIMIT) -> int:
    """How many rows the filters select (at most `limit`): what an export holds."""
    with engine.connect() as connection:
        total = connection.execute(sa.select(sa.func.count()).select_from(conversations)
                                   .where(*where_clauses(filters, engine.dialect.name))).scalar()
    return min(total, limit)


def iter_conversations(engine: sa.engine.Engine, filters: Filters, limit: int = EXPORT_LIMIT):
    """Every row the filters select (exports), newest first."""
    query = (sa.select(conversations).where(*where_clauses(filters, engine.dialect.name))
             .order_by(conversations.c.last_time.desc(), conversations.c.sender_id).limit(limit))
    with engine.connect() as connection:
        for row in connection.execution_options(stream_results=True).execute(query):
            data = dict(row._mapping)
            data.pop("search_text", None)
            data.pop("search_vector", None)
            data["profile"] = json.loads(data["profile"] or "{}")
            yield data


def conversation_row(engine: sa.engine.Engine, sender_id: str) -> dict | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(conversations).where(conversations.c.sender_id == sender_id)).first()
    if not row:
        return None
    data = dict(row._mapping)
    data["profile"] = json.loads(data["profile"] or "{}")
    return data


@dataclass
class Transcript:
    sender_id: str
    turns: list[dict]
    summary: dict | None
    slots: dict[str, Any]


OPENING_PAYLOAD = "/greet"  # what the website widget sends when the visitor opens it
SLOT_DEFAULTS = {"fallback_count": 0}


def _button_title(payload: str, last_buttons: list[dict]) -> str:
    """The title of the button the visitor chose, else the payload in words."""
    if payload == OPENING_PAYLOAD and not last_buttons:
        return "ouverture de la discussion"
    for button in last_buttons:
        if button.get("payload") == payload and button.get("title"):
            return button["title"]
    intent, _, values = payload[1:].partition("{")
    try:
        entities = json.loads("{" + values) if values else {}
    except ValueError:
        return payload
    said = ", ".join(f"{slot_label(k)} : {value_label(k, v)}" for k, v in entities.items())
    return f"{intent} ({said})" if said else intent


def transcript(engine: sa.engine.Engine, sender_id: str) -> Transcript | None:
    """The conversation as a counsellor reads it: turns, buttons chosen, intents, slot changes."""
    events = events_table()
    query = sa.select(events.c.data).where(events.c.sender_id == sender_id).order_by(events.c.id)
    with engine.connect() as connection:
        data = [row[0] for row in connection.execute(query)]
    if not data:
        return None
    turns: list[dict] = []
    summary, slots, last_buttons = None, {}, []
    for event in read_events(data):
        at = event.at
        if isinstance(event, UserSaid):
            button = event.button
            turns.append({"kind": "user", "at": at, "text": event.text, "button": button,
                          "button_title": _button_title(button, last_buttons) if button else None,
                          "intent": event.intent, "confidence": event.confidence,
                          "low": event.confidence is not None and event.confidence < settings.LOW_CONFIDENCE,
                          "entities": list(event.entities)})
        elif isinstance(event, BotSaid):
            last_buttons = list(event.buttons)
            turns.append({"kind": "bot", "at": at, "text": event.text,
                          "buttons": [b.get("title") for b in last_buttons]})
        elif isinstance(event, SlotSet):
            name, value = event.name, event.value
            if name == "intake_summary":
                summary = value or None
                value = "approuvé et partagé" if value else "retiré"
            elif name == "requested_slot":
                continue
            if slots.get(name, SLOT_DEFAULTS.get(name)) == value:  # set again to the same value: no change
                continue
            slots[name] = value
            turns.append({"kind": "slot", "at": at, "name": name, "value": value})
        elif isinstance(event, ActionRan) and event.is_fallback:  # where the bot struggled
            turns.append({"kind": "action", "at": at, "name": event.name})
        elif isinstance(event, SessionStarted):
            turns.append({"kind": "session", "at": at})
    return Transcript(sender_id, turns, summary, slots)


def exists(engine: sa.engine.Engine, sender_id: str) -> bool:
    """Whether the conversation has events (one index lookup, no parsing)."""
    events = events_table()
    with engine.connect() as connection:
        return connection.execute(sa.select(events.c.id).where(events.c.sender_id == sender_id).limit(1)).first() \
            is not None


def notes_of(engine: sa.engine.Engine, sender_id: str) -> list[dict]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(
            sa.select(notes).where(notes.c.sender_id == sender_id).order_by(notes.c.id))]


def tags_of(engine: sa.engine.Engine, sender_id: str) -> list[str]:
    with engine.connect() as connection:
        return [r[0] for r in connection.execute(
            sa.select(tags.c.tag).where(tags.c.sender_id == sender_id).order_by(tags.c.tag))]


def add_note(engine: sa.engine.Engine, sender_id: str, author: str, body: str) -> None:
    with engine.begin() as connection:
        connection.execute(notes.insert().values(sender_id=sender_id, author=author, body=body[:5000],
                                                 created_at=time.time()))


def add_tag(engine: sa.engine.Engine, sender_id: str, author: str, tag: str) -> None:
    tag = normalise_tag(tag)
    if not tag:
        return
    with engine.begin() as connection:
        exists = connection.execute(sa.select(tags.c.tag).where(tags.c.sender_id == sender_id,
                                                                tags.c.tag == tag)).first()
        if not exists:
            connection.execute(tags.insert().values(sender_id=sender_id, tag=tag, author=author,
                                                    created_at=time.time()))


def remove_tag(engine: sa.engine.Engine, sender_id: str, tag: str) -> None:
    with engine.begin() as connection:
        connection.execute(tags.delete().where(tags.c.sender_id == sender_id, tags.c.tag == normalise_tag(tag)))
