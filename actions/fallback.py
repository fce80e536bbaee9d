"""When the assistant does not understand: first "did you mean…?" buttons built from the
NLU's next best guesses, then a request to rephrase, then the handoff to a person."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import replies
from actions.intake_actions import send
from actions.profile import Profile

MAX_SUGGESTIONS = 3


def suggestions(intent_ranking: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Buttons for the NLU's best guesses among the intents worth suggesting."""
    labels = replies.messages()["suggestions"]
    buttons = []
    for ranked in intent_ranking:
        name = ranked.get("name")
        if name in labels and len(buttons) < MAX_SUGGESTIONS:
            buttons.append({"title": labels[name], "payload": f"/{name}"})
    return buttons


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        count = int(tracker.get_slot("fallback_count") or 0) + 1
        buttons = suggestions(tracker.latest_message.get("intent_ranking") or [])
        if count == 1 and buttons:
            dispatcher.utter_message(text=replies.say("did_you_mean"), buttons=buttons)
        elif count <= 2:
            dispatcher.utter_message(text=replies.say("ask_rephrase"))
        else:
            dispatcher.utter_message(text=replies.say("cannot_understand"))
            send(dispatcher, replies.handoff(Profile.from_slots(tracker.current_slot_values())))
            return [SlotSet("fallback_count", count), SlotSet("handoff_given", True)]
        return [SlotSet("fallback_count", count)]
