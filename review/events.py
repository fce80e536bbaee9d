"""The one reader of Rasa's stored events for the review app: the projection (the list's rows)
and the transcript both read a conversation through `read_events`.

    for event in read_events(rows_of_data_column): ...   # UserSaid, BotSaid, SlotSet, ActionRan, SessionStarted

An event that is not JSON, or of a kind counsellors never see, is skipped. What the events mean
for the review app (a fallback, a handoff, the summary) is said here once.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

FALLBACK_ACTIONS = frozenset({"action_fallback", "action_default_fallback"})
FALLBACK_INTENTS = frozenset({"nlu_fallback"})
# slots the dialogue keeps for itself (actions/dialogue.py) or Rasa sets: not the visitor's profile
BOOKKEEPING_SLOTS = frozenset({"intake_summary", "fallback_count", "handoff_given", "requested_slot",
                               "session_started_metadata", "pending", "outcome_given", "disability_asked",
                               "status_between"})


@dataclass(frozen=True)
class UserSaid:
    at: float | None
    text: str | None
    channel: str | None
    intent: str | None
    confidence: float | None
    entities: tuple[tuple[str, Any], ...] = ()

    @property
    def button(self) -> str | None:
        """The payload of a button pressed (or typed as one): "/inform{…}"."""
        return self.text if self.text and self.text.startswith("/") else None

    @property
    def fell_back(self) -> bool:
        return self.intent in FALLBACK_INTENTS


@dataclass(frozen=True)
class BotSaid:
    at: float | None
    text: str | None
    buttons: tuple[dict, ...] = field(default=())


@dataclass(frozen=True)
class SlotSet:
    at: float | None
    name: str
    value: Any

    @property
    def is_profile(self) -> bool:
        return self.name not in BOOKKEEPING_SLOTS


@dataclass(frozen=True)
class ActionRan:
    at: float | None
    name: str | None

    @property
    def is_fallback(self) -> bool:
        return self.name in FALLBACK_ACTIONS


@dataclass(frozen=True)
class SessionStarted:
    at: float | None


Event = UserSaid | BotSaid | SlotSet | ActionRan | SessionStarted


def read_event(event: dict[str, Any]) -> Event | None:
    kind, at = event.get("event"), event.get("timestamp")
    if kind == "user":
        parse = event.get("parse_data") or {}
        intent = parse.get("intent") or {}
        confidence = intent.get("confidence")
        return UserSaid(at, event.get("text"), event.get("input_channel"), intent.get("name"),
                        confidence if isinstance(confidence, (int, float)) else None,
                        tuple((e.get("entity"), e.get("value")) for e in parse.get("entities") or []))
    if kind == "bot":
        return BotSaid(at, event.get("text"), tuple((event.get("data") or {}).get("buttons") or ()))
    if kind == "slot" and event.get("name"):
        return SlotSet(at, event["name"], event.get("value"))
    if kind == "action":
        return ActionRan(at, event.get("name"))
    if kind == "session_started":
        return SessionStarted(at)
    return None


def read_events(data: Iterable[str]) -> Iterator[Event]:
    """The events of a conversation from the `data` column of Rasa's `events` table, in order."""
    for raw in data:
        try:
            event = read_event(json.loads(raw))
        except (TypeError, ValueError, AttributeError):
            continue
        if event is not None:
            yield event
