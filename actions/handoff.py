"""Hands the visitor over to a person: the national line, mon-cep.org and the operator
that fits what we know of them."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import replies
from actions.intake_actions import send
from actions.profile import Profile


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        send(dispatcher, replies.handoff(Profile.from_slots(tracker.current_slot_values())))
        return [SlotSet("handoff_given", True)]
