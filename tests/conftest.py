"""Shared fixtures: the real domain, trackers built from slots, a collecting dispatcher."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def domain() -> dict:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain.yml")).as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(slots: dict | None = None, text: str = "", intent: str = "inform",
                 events: list | None = None, entities: list | None = None,
                 active_loop: str | None = None) -> Tracker:
    """A tracker as the action server receives it, after the visitor said `text`: with the NLU's
    reading of a typed text among the entities, as bot/nlu/profile_extractor.py sends it."""
    from cep.understanding.message_reading import ENTITY, read_message

    entities = list(entities or [])
    if text and not text.startswith("/") and not any(e.get("entity") == ENTITY for e in entities):
        entities.append({"entity": ENTITY, "value": read_message(text).as_entity_value()})
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9},
                        "entities": entities,
                        "intent_ranking": [{"name": intent, "confidence": 0.9}]},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker_factory():
    return make_tracker
