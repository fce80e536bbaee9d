"""The intake's own actions: the welcome at session start, the questions that need the
profile, and the outcome at the end (eligibility, orientation, contacts)."""
from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import replies, settings
from actions.profile import Profile


def send(dispatcher: CollectingDispatcher, messages: list[dict]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []))


class ActionSessionStart(Action):
    """Every new conversation opens with who we are, what we keep, and the human route."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=replies.say("welcome", retention_days=settings.retention_days()))
        return [SessionStarted(), ActionExecuted("action_listen")]


class _AskQuestion(Action, ABC):
    """The form's question for `slot`, with its buttons (actions/messages.yml)."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        send(dispatcher, [replies.question(self.slot)])
        return []


class ActionAskEmploymentStatus(_AskQuestion):
    slot = "employment_status"


class ActionAskCurrentlyWorking(_AskQuestion):
    slot = "currently_working"


class ActionAskAgeGroup(_AskQuestion):
    slot = "age_group"


class ActionAskContractType(_AskQuestion):
    slot = "contract_type"


class ActionAskProjectClarity(Action):
    """Asks about the project, first telling the visitor what we understood of their status."""

    def name(self) -> str:
        return "action_ask_project_clarity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        note = replies.eligibility_note(Profile.from_slots(tracker.current_slot_values()))
        send(dispatcher, ([{"text": note}] if note else []) + [replies.question("project_clarity")])
        return []


class ActionIntakeOutcome(Action):
    """The end of the intake: eligibility and whom to contact, then the schemes that fit."""

    def name(self) -> str:
        return "action_intake_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        profile = Profile.from_slots(tracker.current_slot_values())
        send(dispatcher, replies.outcome(profile) + replies.personal_information(profile)
             + [replies.disability_question()])
        return []


class ActionDisabilityAnswer(Action):
    """The optional disability question: Cap emploi if yes, then the summary to review.

    The answer is used here and nowhere else: no slot is set, and the tracker store keeps
    neither the answer nor this reply (bot/storage/private_tracker_store.py)."""

    def name(self) -> str:
        return "action_disability_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        answer = next(tracker.get_latest_entity_values("disability"), None)
        if answer is None:
            intent = tracker.latest_message.get("intent", {}).get("name")
            answer = {"affirm": "yes", "deny": "no", "disability_answer": "yes"}.get(intent)
        send(dispatcher, replies.disability_reply(answer == "yes"))
        return []


class ActionSummaryReview(Action):
    """The intake summary, for the visitor to check before it may be shared."""

    def name(self) -> str:
        return "action_summary_review"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        send(dispatcher, replies.summary_review(Profile.from_slots(tracker.current_slot_values())))
        return []


class ActionExplainScheme(Action):
    """One scheme in detail (a button of the personal information, or a typed question)."""

    def name(self) -> str:
        return "action_explain_scheme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        scheme = next(tracker.get_latest_entity_values("scheme"), None)
        send(dispatcher, replies.explain_scheme(scheme, Profile.from_slots(tracker.current_slot_values())))
        return []


class ActionAskCorrection(Action):
    """The visitor says the summary is wrong: they correct it in their own words."""

    def name(self) -> str:
        return "action_ask_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=replies.say("summary_ask_correction"))
        return []


class ActionAskShareSummary(Action):
    def name(self) -> str:
        return "action_ask_share_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=replies.say("summary_ask_share", retention_days=settings.retention_days()),
                                 buttons=replies.messages()["summary_share_buttons"])
        return []


class ActionStoreSummary(Action):
    """Consent given: the approved summary is kept with the conversation for the counsellor."""

    def name(self) -> str:
        return "action_store_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        content = replies.summary(Profile.from_slots(tracker.current_slot_values()))
        content["approved_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        send(dispatcher, replies.summary_shared())
        return [SlotSet("intake_summary", content)]


class ActionDeclineSummary(Action):
    """No consent: nothing is kept for the counsellor."""

    def name(self) -> str:
        return "action_decline_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        send(dispatcher, replies.summary_not_shared())
        return [SlotSet("intake_summary", None)]
