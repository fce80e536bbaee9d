"""Slot validation: keeps the profile consistent after every message, and the intake form.

`action_validate_slot_mappings` runs after every visitor message (Rasa calls it once slots
are extracted), with or without an active form: it applies profile_update.py.
`validate_intake_form` only decides which questions the form still has to ask.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction, ValidationAction
from rasa_sdk.types import DomainDict

from actions.profile import NOT_ACTIVE, PROFILE_SLOTS, Profile
from actions.profile_update import update_profile
from actions.schemes import questions_that_change_the_answer


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
        if event.get("event") in ("restart", "session_started") and seen_user:
            break
    return values


class ValidateProfile(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        extracted = {k: v for k, v in tracker.slots_to_validate().items() if k in PROFILE_SLOTS}
        previous = slots_before_last_message(tracker)
        updates = update_profile(
            previous, extracted, tracker.latest_message.get("text") or "",
            tracker.get_slot("requested_slot"))
        events = [SlotSet(name, value) for name, value in updates.items()
                  if value != previous.get(name) or name in extracted]
        # an extracted value we refused (a forged button payload) must be undone explicitly
        events += [SlotSet(name, previous.get(name)) for name in extracted if name not in updates]
        if tracker.latest_message.get("intent", {}).get("name") != "nlu_fallback":
            events.append(SlotSet("fallback_count", 0))
        return events


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        status = tracker.get_slot("employment_status")
        slots = ["employment_status"]
        if status in NOT_ACTIVE:
            slots.append("currently_working")
        if tracker.get_slot("eligible") is not False:
            slots.append("project_clarity")
        slots += questions_that_change_the_answer(Profile.from_slots(tracker.current_slot_values()))
        return slots
