"""Slot validation: keeps the profile consistent after every message.

`action_validate_slot_mappings` runs after every visitor message (Rasa calls it once slots
are extracted, before the reply is chosen): it applies profile_update.py, with the question
pending (slot `pending`, set by actions/dialogue.py) for short answers and typed button titles.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.profile_update import update_profile
from actions.replies import typed_button
from cep.profile import PROFILE_SLOTS
from cep.understanding.message_reading import ENTITY as READING
from cep.understanding.message_reading import MessageReading


def slots_before_last_message(tracker: Tracker) -> dict[str, Any]:
    """Slot values as they were before the latest visitor message was read."""
    values: dict[str, Any] = {}
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user" and not seen_user:
            seen_user = True
            continue
        if seen_user and event.get("event") == "slot" and event["name"] not in values:
            values[event["name"]] = event.get("value")
        if event.get("event") in ("restart", "session_started", "reset_slots") and seen_user:
            break
    return values


def guessed_slots(entities: dict[str, Any]) -> frozenset[str]:
    """The slots the learned reader guessed, from the NLU's `guessed` entity ("employment_status,…")."""
    return frozenset(str(entities.get("guessed") or "").split(",")) - {""}


class ValidateProfile(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        extracted = {k: v for k, v in tracker.slots_to_validate().items() if k in PROFILE_SLOTS}
        text = tracker.latest_message.get("text") or ""
        pending = tracker.get_slot("pending")
        if button := typed_button(text, pending):  # a button's title typed: that button's values
            extracted.update({k: v for k, v in button.entities.items() if k in PROFILE_SLOTS})
        previous = slots_before_last_message(tracker)
        entities = {e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities") or []}
        between = entities.get("status_between") if isinstance(entities.get("status_between"), str) else None
        reading = MessageReading.from_entity_value(entities.get(READING))  # None for a button
        updates = update_profile(previous, extracted, reading, pending, guessed_slots(entities), between)
        events = [SlotSet(name, value) for name, value in updates.items()
                  if value != previous.get(name) or name in extracted]
        # an extracted value we refused (a forged button payload) must be undone explicitly
        events += [SlotSet(name, previous.get(name)) for name in extracted if name not in updates]
        return events
