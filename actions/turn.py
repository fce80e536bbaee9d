"""The one action that answers every visitor message (data/rules/turn.yml): it reads the
tracker into the dialogue's state and what was heard, runs actions/dialogue.py, sends the
messages and returns the slots to set. Its messages that reveal the answer to the optional
disability question are marked `private`, and the tracker store keeps neither them nor the
visitor's message they answer (bot/storage/private_tracker_store.py)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import replies
from actions.dialogue import Heard, State, respond
from actions.profile_actions import guessed_slots, slots_before_last_message
from actions.replies import typed_button
from cep.profile import PROFILE_SLOTS, Profile
from cep.understanding.message_reading import ENTITY as READING
from cep.understanding.message_reading import MessageReading
from cep.understanding.questions import schemes_covered

QUESTION_INTENTS = ("ask_what_is_cep", "ask_free", "ask_confidential", "ask_employer", "ask_remote",
                    "ask_duration", "ask_cep_vs_bilan", "ask_data")
YES_NO_INTENTS = {"affirm": "yes", "deny": "no"}
def bare_yes_no(typed: str, yes_no: str | None, intent: str, reading: MessageReading) -> str | None:
    """"yes"/"no" said in so many words ("oui", "Non. Par contre…"), or from a button's intent."""
    if not typed:
        return YES_NO_INTENTS.get(intent)
    return yes_no if reading.bare_yes_no else None


def hear(tracker: Tracker, pending: str | None, before: dict[str, Any]) -> Heard:
    """What the latest message says, from the NLU's parse (its reading of the typed text included:
    the text is not read again here), the slots it set (`before`: the slots before it)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name") or ""
    entities = {e.get("entity"): e.get("value") for e in message.get("entities") or []}
    button = typed_button(text, pending)
    if button:
        intent, entities = button.intent, {**entities, **button.entities}
    typed = text if not text.startswith("/") else ""
    reading = MessageReading.from_entity_value(entities.get(READING)) or MessageReading()
    if typed and reading.wordless:  # "🤔", "?": DIET's guess (often "goodbye") says nothing of it
        intent = "affirm" if reading.acknowledgement else "nlu_fallback"
    asks_for_someone = bool(typed) and reading.handoff
    if asks_for_someone:
        intent = "request_human"
    elif intent == "request_human" and typed and (reading.states_profile or reading.topics):
        # "je voudrais changer de service ou passer un concours" tells, "donc je peux aller où ?" asks a
        # question the reader knows: DIET's guess of a request for a person, with no word of one, gives way
        intent = "inform"
    topics = list(reading.topics) if typed else []
    asks = bool(typed) and reading.question
    if not topics and intent in QUESTION_INTENTS and (asks or not typed) \
            and not (intent == "ask_what_is_cep" and reading.what_is_other):
        topics = [intent]  # DIET's question intent, for a question the reader does not know
    guessed = guessed_slots(entities)
    stated = {e for e in entities if e in PROFILE_SLOTS and e not in guessed}  # a guess refused states nothing
    changed = {name for name in PROFILE_SLOTS if name != "eligible"
               and tracker.get_slot(name) != before.get(name)}
    if typed and not asks_for_someone and reading.goodbye:
        intent = intent if topics else "goodbye"
    # a short typed reply is read for yes or no; a long one only says yes or no in so many words
    yes_no = reading.yes_no if typed else YES_NO_INTENTS.get(intent)
    if yes_no is None and typed and reading.short:
        yes_no = YES_NO_INTENTS.get(intent)
    disability = entities.get("disability")
    ranking = [r.get("name") for r in message.get("intent_ranking") or []][1:]
    scheme = entities.get("scheme") if isinstance(entities.get("scheme"), str) else None
    if scheme in schemes_covered(topics):
        scheme = None  # "si je démissionne…" is answered once, not twice
    if scheme and "ask_what_is_cep" in topics:  # "et le bilan c quoi ?" asks about the bilan, not the CEP
        topics.remove("ask_what_is_cep")
    return Heard(
        intent=intent, text=text, topics=tuple(topics), scheme=scheme, is_question=asks,
        disability=disability if disability in ("yes", "no", "skip") else None,
        distress=reading.distress if typed else None,
        health=bool(typed) and reading.health,
        goodbye=intent == "goodbye",
        yes_no=yes_no,
        bare_yes_no=bare_yes_no(typed, yes_no, intent, reading),
        acknowledgement=bool(typed) and reading.acknowledgement,
        changed=frozenset(changed),
        stated=frozenset(stated | changed),
        suggestions=tuple(name for name in ranking if name),
        status_between=tracker.get_slot("status_between"),
    )


def said_before(tracker: Tracker, text: str) -> bool:
    """The assistant already sent this text in the conversation."""
    return any(e.get("event") == "bot" and (e.get("text") or "").startswith(text) for e in tracker.events)


# an answer longer than this, already sent three times within the last bot messages, is not sent a fourth time
REPEAT_MIN_CHARS = 120
REPEAT_WINDOW = 12
REPEATS_ALLOWED = 3


def recent_bot_texts(tracker: Tracker) -> list[str]:
    """The texts of the assistant's latest messages in the conversation."""
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "bot"][-REPEAT_WINDOW:]


def without_repeats(messages: list[dict[str, Any]], recent: list[str]) -> list[dict[str, Any]]:
    """The turn's messages, without a long answer (no buttons, not private, not the way to a person)
    that the visitor has read three times a moment ago: a fourth time word for word reads as a loop
    (visitors got the same paragraph up to six times; a follow-up question may well have the same
    answer twice or three times, as a parent's "ils doivent aller où ?"). In its place, once, that nothing more is
    known here and how to reach someone who knows; the turn never ends up empty."""
    kept, dropped = [], False
    for message in messages:
        text = message.get("text") or ""
        if len(text) >= REPEAT_MIN_CHARS and recent.count(text) >= REPEATS_ALLOWED and not message.get("buttons") \
                and not message.get("private") and not message.get("erase_conversation") and not message.get("handoff"):
            dropped = True
            continue
        kept.append(message)
    if dropped:
        pointer = replies.say("already_said")
        if not kept or (pointer not in recent and all(m.get("text") != pointer for m in kept)):
            kept.insert(0, {"text": pointer})
    return kept


def state_of(tracker: Tracker, before: dict[str, Any]) -> State:
    return State(
        profile=Profile.from_slots({name: before.get(name) for name in PROFILE_SLOTS}),
        pending=tracker.get_slot("pending"),
        misunderstood=int(tracker.get_slot("fallback_count") or 0),
        outcome_given=bool(tracker.get_slot("outcome_given")),
        disability_asked=bool(tracker.get_slot("disability_asked")),
        summary_kept=bool(tracker.get_slot("intake_summary")),
        first_message=sum(1 for e in tracker.events if e.get("event") == "user") <= 1,
        health_reminded=said_before(tracker, replies.say("health_reminder")),
        empathy_given=said_before(tracker, replies.empathy()),
    )


class ActionTurn(Action):
    def name(self) -> str:
        return "action_turn"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        before = slots_before_last_message(tracker)  # read once: the state and what was heard both need it
        state = state_of(tracker, before)
        heard = hear(tracker, state.pending, before)
        profile = Profile.from_slots(tracker.current_slot_values())
        turn = respond(state, heard, profile)
        for message in without_repeats(turn.messages, recent_bot_texts(tracker)):
            extra = {key: True for key in ("private", "erase_conversation") if message.get(key)}
            dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []), **extra)
        events: list[dict[str, Any]] = [AllSlotsReset()] if turn.reset else []
        if turn.store_summary:
            content = replies.summary(profile)
            content["approved_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            events.append(SlotSet("intake_summary", content))
        events += [SlotSet(name, value) for name, value in turn.slots.items()
                   if turn.reset or tracker.get_slot(name) != value]
        return events
