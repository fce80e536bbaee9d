"""What the dialogue needs to know about a typed message, read once, by the NLU.

The NLU component (bot/nlu/profile_extractor.py) reads each message with `read_message` and
sends the result to the action server as the entity `reading` (a JSON string of values, never
the visitor's words); the actions (actions/turn.py, actions/profile_update.py) use it rather
than read the text again. A button's payload is not read: it says what it means.

    read_message("non. ma direction sera au courant ?").yes_no  ->  "no"
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from cep.understanding.normalize import fold
from cep.understanding.profile_reader import (
    is_acknowledgement,
    read_age_answer,
    read_clarity_answer,
    read_contract_answer,
    read_profile,
    read_status_answer,
    read_working_answer,
    read_yes_no,
)
from cep.understanding.questions import (
    asks_what_is,
    is_question,
    read_distress,
    read_goodbye,
    read_handoff,
    read_health,
    read_questions,
)
from cep.understanding.short_answers import is_approving_symbol

ENTITY = "reading"
SHORT_REPLY_WORDS = 6  # a reply this short may say yes or no by its intent alone
# "oui", "non", "non je l'ai déjà dit": yes or no said in so many words, alone in the first clause
BARE_YES_NO = re.compile(r"^\s*(oui|non|ouais|ouai|nan|nn|yes|no|nope|non merci|oui oui|non non)"
                         r"( je (vous )?(le |l )?ai deja (dit|repondu)| deja dit)?\s*$")
# the short answer each pending question takes ("plusieurs", "non", "le privé")
ANSWER_READERS = {
    "employment_status": read_status_answer,
    "currently_working": read_working_answer,
    "project_clarity": read_clarity_answer,
    "age_group": read_age_answer,
    "contract_type": read_contract_answer,
}


@dataclass(frozen=True)
class MessageReading:
    handoff: bool = False  # asks for a person
    states_profile: bool = False  # says something of the visitor's situation (the lexicon)
    topics: tuple[str, ...] = ()  # the questions asked (questions.py)
    question: bool = False  # phrased as a question
    goodbye: bool = False
    yes_no: str | None = None
    bare_yes_no: bool = False  # the first clause is a bare yes or no ("Non. Par contre…")
    short: bool = False  # at most SHORT_REPLY_WORDS words
    acknowledgement: bool = False  # "ok", "d'accord"
    distress: str | None = None  # "crisis", "yes" or None
    health: bool = False  # tells something of their health
    status_explicit: bool = False  # the status said outright ("en fait je suis salariée")
    status_weak: bool = False  # a status only implied in passing ("mécanicien")
    # what the message states of holding a job now, whatever the status ("je travaille le samedi
    # comme caissière": True, even when the reader cannot tell employee from self-employed)
    holds_a_job: bool | None = None
    answers: dict[str, Any] = field(default_factory=dict)  # slot -> the value as a short answer
    what_is_other: bool = False  # "c'est quoi X ?" of an X it has no answer for ("cest quoi lanfh"), not the CEP
    wordless: bool = False  # only emoji or punctuation ("🤔", "?"): no question, no goodbye, nothing told

    def as_entity_value(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_entity_value(cls, value: object) -> MessageReading | None:
        """The reading the NLU sent, or None when there is none (a button) or it is malformed."""
        try:
            data = json.loads(value) if isinstance(value, str) else None
            return cls(**{**data, "topics": tuple(data.get("topics") or ())}) if isinstance(data, dict) else None
        except (TypeError, ValueError):
            return None


def read_message(text: str) -> MessageReading:
    """Everything the dialogue asks of a typed message (not of a "/payload")."""
    if not text or text.startswith("/"):
        return MessageReading()
    if not any(character.isalnum() for character in text):  # "🤔", "?", "👍": a smile goes along, the rest is lost
        return MessageReading(wordless=True, short=True, acknowledgement=is_approving_symbol(text))
    profile = read_profile(text)
    first_clause = re.split(r"[.,;!?]", fold(text), maxsplit=1)[0]
    answers = {slot: answer for slot, reader in ANSWER_READERS.items()
               if (answer := reader(text, profile)) is not None}  # one read_profile for all
    topics = tuple(read_questions(text))
    return MessageReading(
        handoff=read_handoff(text), states_profile=bool(profile.slots()), topics=topics,
        what_is_other=not topics and asks_what_is(text),
        question=is_question(text), goodbye=read_goodbye(text), yes_no=read_yes_no(text),
        bare_yes_no=bool(BARE_YES_NO.match(first_clause)), short=len(text.split()) <= SHORT_REPLY_WORDS,
        acknowledgement=is_acknowledgement(text), distress=read_distress(text), health=read_health(text),
        status_explicit=profile.status_explicit, status_weak=profile.status_weak, answers=answers,
        holds_a_job=profile.holds_a_job)
