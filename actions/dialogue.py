"""The conversation, one visitor message at a time: what to say and what to remember.

Pure logic, no Rasa: `respond(state, heard)` returns the few messages of one reply and the
slots to set. actions/turn.py runs it as the one action that answers every message.

Why one action rather than a Rasa form and rules: rules answer the paths they were written
for, and any other message while a question was pending (an "ok", a second "bonjour", a
stale button, "j'ai une RQTH") fell to a fallback that Rasa predicted again and again until
its circuit breaker stopped the conversation for good. Here every message gets one reply,
whatever it is, and the reply is decided in this order:
1. a request for a person, a restart, another language: answered at once;
2. what the message asks (its questions, a scheme), and distress, are answered;
3. what it tells (new profile values, an answer to the pending question) moves the intake on:
   the next question, or the outcome, the optional disability question, the summary, consent;
4. otherwise the pending question is asked again, acknowledged ("D'accord."), greeted or, when
   the message was not understood, asked again with its buttons, then with a person offered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from actions import replies
from cep.profile import NOT_ACTIVE, Profile
from cep.schemes import questions_that_change_the_answer
from cep.understanding.normalize import fold

INTAKE_SLOTS = ("employment_status", "currently_working", "project_clarity", "age_group", "contract_type")
# what can be pending besides an intake slot
DISABILITY, SUMMARY_CHECK, CORRECTION, SHARE = "disability_question", "summary_check", "correction", "share"
# a reply that begins with yes or no in so many words ("oui svp", "non merci, gardez-le")
EXPLICIT_YES_NO = {"yes": re.compile(r"^\W*(oui|ouais|ouai|yes)\b", re.IGNORECASE),
                   "no": re.compile(r"^\W*(non|nan|nn|no)\b", re.IGNORECASE)}
ERASE = "erase"  # the visitor asked for the conversation to be erased: confirm first
# at "Écrivez-moi ce qui n'est pas juste": nothing to correct after all ("non c bon", "rien")
ALL_GOOD = re.compile(r"\b(c ?est bon|c bon|cest bon|tout est (bon|juste|correct|ok)|rien a (corriger|changer)|c est juste"
                      r"|laissez comme (ca|ça))\b|^\W*rien\W*$", re.IGNORECASE)
# "bon ok alors non laissez, gardez": keeping it, wherever it is said (an erasure cannot be undone)
KEEP_IT = re.compile(r"\b(non|nan|gardez|garde|gardes|gardez le|laissez|laisse|laissez tomber|n ?effacez (pas|rien)"
                     r"|ne (pas|rien) effacer|pas la peine)\b", re.IGNORECASE)
# the outcome was just given: the optional disability question comes with the visitor's next
# message, not in the same breath as the outcome and its schemes (one question at a time on a phone)
DISABILITY_NEXT = "disability_next"
# the visitor writes for someone else: their own situation is not asked until they speak of it
SOMEONE_ELSE = "someone_else"
# after the outcome, what is pending is asked once: a side question does not bring it back (its
# buttons are still on screen, and a "oui" later still answers it)
AFTER_OUTCOME = (DISABILITY, SUMMARY_CHECK, CORRECTION, SHARE, ERASE, DISABILITY_NEXT)  # ERASE too: asked once, whenever
# changes that make the outcome worth saying again (not a region named, not the kind of project)
ROUTE_SLOTS = frozenset({"employment_status", "currently_working", "project_clarity", "age_group", "cadre",
                         "young_graduate", "contract_type", "public_branch"})
# a scheme explained as soon as the visitor says they are about to use it: "je suis en préavis de
# démission" must hear at once that resigning gives no unemployment benefit unless the project came first
EXPLAINED_WHEN_SAID = frozenset({"resignation_retraining"})
MISUNDERSTOOD_BEFORE_HANDOFF = 3
MAX_MESSAGES = 4  # a reply fits on a phone: the first texts are joined when there would be more


@dataclass(frozen=True)
class Heard:
    """What the visitor's message says, as the NLU and the profile update read it."""

    intent: str = ""
    text: str = ""
    topics: tuple[str, ...] = ()     # questions asked (keys of knowledge/answers.yml)
    scheme: str | None = None        # a scheme asked about (keys of knowledge/schemes.yml)
    is_question: bool = False
    disability: str | None = None    # "yes", "no", "skip": a button or an explicit statement
    distress: str | None = None      # "yes" (struggling) or "crisis" (dark thoughts)
    health: bool = False             # tells something of their health
    goodbye: bool = False            # "merci, au revoir", "bonne journée"
    yes_no: str | None = None        # "yes" / "no" from a short reply, a button or the intent
    bare_yes_no: str | None = None   # "yes" / "no" said in so many words ("oui", "non"), nothing else
    acknowledgement: bool = False    # "ok", "d'accord", "merci": no answer to a yes/no question
    changed: frozenset[str] = frozenset()  # profile slots whose value this message changed
    stated: frozenset[str] = frozenset()   # profile slots this message states, changed or not
    suggestions: tuple[str, ...] = ()      # the NLU's next guesses, for "vouliez-vous…"
    status_between: str | None = None      # two statuses still open ("private_employee|self_employed")


@dataclass(frozen=True)
class State:
    """What the conversation already holds (slots), before this message."""

    profile: Profile = Profile()
    pending: str | None = None
    misunderstood: int = 0
    outcome_given: bool = False
    disability_asked: bool = False
    first_message: bool = False  # the visitor's first message of the session (the welcome is just above)
    summary_kept: bool = False   # consent was given and the summary is kept
    health_reminded: bool = False  # already asked not to write health details here
    empathy_given: bool = False    # the words for a hard time already said once (then a shorter line)


@dataclass
class Turn:
    messages: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    store_summary: bool = False
    reset: bool = False

    def add(self, *messages: dict[str, Any]) -> None:
        self.messages.extend(m for m in messages if m and m.get("text"))

    def without_repeats(self) -> Turn:
        """A message whose whole text another message of the turn says already is dropped ("Votre CEP se
        fait avec France Travail…" answered a question, then said again with the refusal of consent)."""
        texts = [m.get("text") or "" for m in self.messages]
        self.messages = [m for i, m in enumerate(self.messages)
                         if m.get("buttons") or m.get("private") or m.get("erase_conversation") or not texts[i]
                         or not any(j != i and texts[i] in texts[j] and (len(texts[j]) > len(texts[i]) or j < i)
                                    for j in range(len(texts)))]
        return self

    def compact(self, limit: int = MAX_MESSAGES) -> Turn:
        """At most `limit` messages: leading texts without buttons (and not private) joined together."""
        while len(self.messages) > limit:
            first, second = self.messages[0], self.messages[1]
            if first.get("buttons") or first.get("private") or second.get("private"):
                break
            self.messages[:2] = [{**second, "text": first["text"] + "\n\n" + second["text"]}]
        return self


def missing_slots(profile: Profile) -> list[str]:
    """The intake questions still to ask, in order (domain.md, contract.md)."""
    wanted = ["employment_status"]
    if profile.employment_status in NOT_ACTIVE:
        wanted.append("currently_working")
    if profile.eligible is not False:
        wanted.append("project_clarity")
    wanted += questions_that_change_the_answer(profile)
    return [slot for slot in wanted if getattr(profile, slot) is None]


def _pending(state: State) -> str | None:
    """What the visitor is expected to answer: the pending question, or the intake's next one."""
    if state.pending == SOMEONE_ELSE:
        return None
    if state.pending:
        return state.pending
    if not state.outcome_given:
        missing = missing_slots(state.profile)
        return missing[0] if missing else None
    return None


def ask(pending: str | None, profile: Profile, *, prefix: str = "", handoff_button: bool = False,
        between: str | None = None) -> dict[str, Any] | None:
    """The pending question as a message with its buttons, `prefix` said first; the status question
    is asked precisely when the reader hesitated `between` two statuses."""
    if pending is None:
        return None
    if pending in INTAKE_SLOTS:
        message = replies.question(pending, between)
    elif pending in (DISABILITY, DISABILITY_NEXT):
        message = replies.disability_question()
    elif pending == SUMMARY_CHECK:
        message = replies.summary_check_question()
    elif pending == CORRECTION:
        message = {"text": replies.say("summary_ask_correction"), "buttons": []}
    elif pending == ERASE:
        message = replies.erase_question()
    else:
        message = replies.share_question()
    buttons = list(message.get("buttons", []))
    if handoff_button:
        buttons.append(replies.handoff_button())
    return {"text": f"{prefix} {message['text']}".strip(), "buttons": buttons}


def respond(state: State, heard: Heard, profile: Profile) -> Turn:
    """One reply: `state` before the message, `profile` after it (the profile update has run)."""
    turn = _after_outcome(state, heard, profile) if state.pending == DISABILITY_NEXT else _respond(state, heard, profile)
    # the first reply comes after the welcome (action_session_start), in the same response
    return turn.without_repeats().compact(MAX_MESSAGES - 1 if state.first_message else MAX_MESSAGES)


def _after_outcome(state: State, heard: Heard, profile: Profile) -> Turn:
    """The message after the outcome: answered, then the optional disability question asked, once."""
    if heard.disability or heard.bare_yes_no == "no":  # "pas de handicap" said before it was asked
        return _respond(replace(state, pending=DISABILITY), heard, profile)
    going_along = heard.acknowledgement or heard.intent in ("affirm", "thank")
    turn = Turn(slots={"fallback_count": 0}) if going_along else _respond(replace(state, pending=None), heard, profile)
    if turn.reset or turn.slots.get("pending") or heard.goodbye or heard.intent == "goodbye" \
            or turn.slots.get("handoff_given"):
        return turn  # restarted, another question asked, leaving, or a person given: not now
    _drop_anything_else(turn)  # the disability question comes next: not "Avez-vous une autre question ?" before it
    turn.add(replies.disability_question())
    turn.slots["pending"] = DISABILITY
    return turn


def _drop_anything_else(turn: Turn) -> None:
    """The last message's closing "Avez-vous une autre question ?" removed, when another question follows it."""
    last = turn.messages[-1] if turn.messages else None
    if not last or last.get("buttons"):
        return
    for key in ("anything_else", "anything_else_short"):
        closing = replies.say(key)
        if last["text"].endswith(" " + closing):
            last["text"] = last["text"][: -len(closing) - 1]
            return


def _respond(state: State, heard: Heard, profile: Profile) -> Turn:
    turn = Turn()
    pending = _pending(state)
    turn.slots["fallback_count"] = 0

    if pending == ERASE and (answer := _erasure_answer(heard)):  # before a restart: "oui effacez tout"
        turn.add(replies.erased() if answer == "yes" else replies.not_erased())
        turn.slots["pending"] = None
        resumed = _pending(replace(state, pending=None)) if answer == "no" else None
        if resumed in INTAKE_SLOTS:  # kept: the intake goes on where it was
            turn.add(ask(resumed, profile))
            turn.slots["pending"] = resumed
        return turn
    if "erase_request" in heard.topics:  # irreversible: confirmed first, then done at once
        turn.add(replies.erase_question())
        turn.slots["pending"] = ERASE
        return turn
    if heard.intent == "start_over":
        turn.reset = True
        turn.add(ask("employment_status", Profile(), prefix=replies.say("restart")))
        turn.slots = {"pending": "employment_status"}
        return turn
    if heard.intent == "request_human":
        turn.add(*replies.handoff(profile))
        turn.slots["handoff_given"] = True
        if pending in (DISABILITY, DISABILITY_NEXT):  # optional: not asked again of whoever wants a person
            pending = SUMMARY_CHECK
            turn.slots["pending"] = SUMMARY_CHECK
            turn.add(*replies.summary_review(profile))
            return turn
        turn.add(ask(pending, profile, prefix=replies.say("continue_here"), between=heard.status_between))
        return turn
    if heard.intent == "other_language":
        turn.add({"text": replies.say("other_language")}, *replies.handoff(profile, asked=False))
        turn.slots["handoff_given"] = True
        return turn

    answered = _answer_questions(turn, state, heard, profile)
    progressed = _move_on(turn, state, heard, profile, pending)
    if progressed:
        return turn
    if heard.goodbye and not heard.is_question:  # "Merci. Ils prennent aussi les fonctionnaires ?" asks
        turn.add({"text": replies.goodbye(profile)})
        return turn
    if answered:
        if "for_someone_else" in heard.topics and not state.outcome_given:
            turn.slots["pending"] = SOMEONE_ELSE
        elif pending not in AFTER_OUTCOME:
            turn.add(ask(pending, profile, between=heard.status_between))
        return turn
    _off_script(turn, state, heard, profile, pending)
    return turn


def _answer_questions(turn: Turn, state: State, heard: Heard, profile: Profile) -> bool:
    """Distress, a disability mentioned, the questions asked and the scheme asked about."""
    answered = False
    if heard.distress == "crisis":
        turn.add({"text": replies.answer("crisis", profile)})
        answered = True
    elif heard.distress:  # said in full once; after that, a short line (a visitor got it four times)
        turn.add({"text": replies.say("empathy_again") if state.empathy_given else replies.empathy()})
        answered = True
    if heard.health and not state.health_reminded:  # once: the opening said it already
        turn.add({"text": replies.say("health_reminder")})
        answered = True
    if heard.disability and state.pending != DISABILITY:  # said unasked: answered, and not asked again
        turn.add(*replies.disability_reply(True) if heard.disability == "yes" else replies.disability_noted())
        turn.slots["disability_asked"] = True
        answered = True
    texts = [replies.answer(topic, profile) for topic in heard.topics]
    if heard.scheme and (heard.intent == "ask_scheme" or heard.is_question or heard.scheme in EXPLAINED_WHEN_SAID):
        texts += [m["text"] for m in replies.explain_scheme(heard.scheme, profile)]
    texts = [t for t in texts if t]
    if texts:
        turn.add({"text": "\n\n".join(dict.fromkeys(texts))})
        answered = True
    return answered


def _move_on(turn: Turn, state: State, heard: Heard, profile: Profile, pending: str | None) -> bool:
    """The message answers the pending question or tells something new: the next step."""
    if pending == DISABILITY and (heard.disability or heard.bare_yes_no):
        answer = heard.disability or heard.bare_yes_no  # only an explicit answer: not "ok", "j'accepte"
        if answer in ("yes", "no"):
            turn.add(*replies.disability_reply(answer == "yes"))
        turn.add(*replies.summary_review(profile))
        turn.slots["pending"] = SUMMARY_CHECK
        return True
    # before the outcome, any statement moves the intake on; after it, only a change that matters does
    if (heard.changed & ROUTE_SLOTS) if state.outcome_given else (heard.changed or heard.stated):
        _next_step(turn, state, heard, profile)
        return True
    if state.outcome_given and heard.changed:  # a region named after the outcome: its portal, nothing to redo
        turn.add({"text": replies.place_noted(profile) if "region" in heard.changed else replies.say("noted")})
        return True
    confirmed = pending == SUMMARY_CHECK and replies.confirms_summary(heard.text)  # "oui c'est juste. et le rdv ?"
    if pending in (SUMMARY_CHECK, SHARE) and heard.is_question and not heard.bare_yes_no and not confirmed:
        return False  # "ok. et l'APEC ?" asks, it neither confirms nor consents: answered, then asked again
    if pending == SUMMARY_CHECK and (heard.yes_no or heard.acknowledgement or confirmed):  # "ok", "ok merci": it is right
        if heard.yes_no != "no" and state.summary_kept:  # consent already given: the summary is updated
            turn.store_summary = True
            turn.add({"text": replies.say("summary_updated")})
            turn.slots["pending"] = None
        elif heard.yes_no != "no":
            turn.add(replies.share_question())
            turn.slots["pending"] = SHARE
        else:
            turn.add({"text": replies.say("acknowledge") + " " + replies.say("summary_ask_correction")})
            turn.slots["pending"] = CORRECTION
        return True
    if pending == CORRECTION and (heard.yes_no == "yes" or ALL_GOOD.search(fold(heard.text or "").replace("'", " "))):
        # "c'est bon, le reste est juste", "non c bon", "rien"
        turn.add(replies.share_question())
        turn.slots["pending"] = SHARE
        return True
    # consent is said, not an "ok", nor the summary's own "Oui, c'est juste" typed again
    if pending == SHARE and heard.yes_no and not heard.acknowledgement and not replies.answers_summary_check(heard.text):
        if heard.yes_no == "yes":
            turn.store_summary = True
            turn.add(*replies.summary_shared(profile))
            turn.slots["pending"] = None
        else:  # a refusal ends the matter: consent is never asked again unless the visitor asks
            turn.add(*replies.summary_not_shared(profile))
            turn.slots["intake_summary"] = None
            turn.slots["pending"] = None
        return True
    if state.outcome_given and heard.stated and not heard.is_question and pending != CORRECTION:
        # told again what is known ("plusieurs idées", "je suis salarié"): noted, and the step pending goes on
        if pending == DISABILITY:  # no answer to the optional question: not pressed
            _skip_disability(turn, profile)
        elif pending in (SUMMARY_CHECK, SHARE):
            turn.add(ask(pending, profile, prefix=replies.say("noted")))
        else:
            turn.add({"text": replies.say("noted") + " " + replies.say("anything_else")})
        return True
    return False


def _erasure_answer(heard: Heard) -> str | None:
    """The answer to "Voulez-vous que j'efface notre échange ?": "oui", "non", a button, "oui svp",
    "oui effacez tout", or the request said again; never an "ok" alone."""
    if heard.bare_yes_no:
        return heard.bare_yes_no
    if KEEP_IT.search(fold(heard.text or "").replace("'", " ")):
        return "no"
    if heard.yes_no and EXPLICIT_YES_NO[heard.yes_no].match(heard.text):
        return heard.yes_no
    if "erase_request" in heard.topics and heard.yes_no != "no":
        return "yes"
    return None


def _next_step(turn: Turn, state: State, heard: Heard, profile: Profile) -> None:
    """After the profile changed: the next question, or the outcome and what follows it."""
    missing = missing_slots(profile)
    if missing:
        slot = missing[0]
        note = replies.eligibility_note(profile) if slot in ("project_clarity", "age_group", "contract_type") \
            and profile.employment_status != state.profile.employment_status else ""
        turn.add(ask(slot, profile, prefix=note, between=heard.status_between))
        turn.slots["pending"] = slot
        return
    if state.outcome_given and profile.eligible is not False and replies.booking(profile) == replies.booking(state.profile):
        # only the project changed: said in a few words, not the whole route again (a visitor read it five times)
        outcome = {"text": replies.project_updated(profile)}
    else:
        outcome = replies.outcome(profile, again=state.outcome_given)[0]
    turn.slots["outcome_given"] = True
    if profile.eligible is False:
        turn.add(outcome)
        turn.slots["pending"] = None
        return
    schemes = [] if state.outcome_given else replies.personal_information(profile)
    for message in schemes:  # the outcome and what may help, in one message with the schemes' buttons
        outcome = {"text": outcome["text"] + "\n\n" + message["text"], "buttons": message.get("buttons", [])}
    turn.add(outcome)
    if not state.disability_asked and not turn.slots.get("disability_asked"):
        turn.slots.update(pending=DISABILITY_NEXT, disability_asked=True)
    else:
        turn.add(*replies.summary_review(profile))
        turn.slots["pending"] = SUMMARY_CHECK


def _skip_disability(turn: Turn, profile: Profile) -> None:
    """The optional disability question left unanswered: never asked again, the summary comes next."""
    turn.add({"text": replies.say("acknowledge")}, *replies.summary_review(profile))
    turn.slots["pending"] = SUMMARY_CHECK


def _off_script(turn: Turn, state: State, heard: Heard, profile: Profile, pending: str | None) -> None:
    """A message that neither asks nor tells: acknowledged, greeted or not understood."""
    simple = {"greet": "hello", "thank": "you_are_welcome", "bot_challenge": "iamabot",
              "out_of_scope": "out_of_scope"}
    if heard.intent == "goodbye" and not heard.is_question:
        turn.add({"text": replies.goodbye(profile)})
        return
    if heard.intent in simple:
        greeted_already = heard.intent == "greet" and state.first_message
        if pending in AFTER_OUTCOME and heard.intent == "thank":
            turn.add({"text": replies.say("you_are_welcome") + " " + replies.say("anything_else")})
        elif pending:
            turn.add(ask(pending, profile, prefix="" if greeted_already else replies.say(simple[heard.intent]), between=heard.status_between))
        else:
            turn.add({"text": replies.say(simple[heard.intent]) + " " + replies.say("anything_else")})
        return
    if heard.intent in ("affirm", "deny") or heard.acknowledgement:
        if pending in INTAKE_SLOTS:  # "ok" is no answer: the second in a row also offers a person
            count = state.misunderstood + 1
            turn.slots["fallback_count"] = count
            prefix = replies.say("acknowledge") + (" " + replies.say("answer_or_person") if count > 1 else "")
            turn.add(ask(pending, profile, prefix=prefix, handoff_button=count > 1, between=heard.status_between))
        elif pending == DISABILITY:  # optional: "bof", "jsp", "ok" is no answer, and it is not pressed
            _skip_disability(turn, profile)
        elif pending:
            turn.add(ask(pending, profile, prefix=replies.say("acknowledge"), between=heard.status_between))
        else:
            turn.add({"text": replies.say("anything_else")})
        return
    if pending == CORRECTION:
        turn.add(ask(SUMMARY_CHECK, profile, prefix=replies.say("no_correction_found")))
        turn.slots["pending"] = SUMMARY_CHECK
        return
    if heard.is_question:  # a question this assistant cannot answer: said so, with who can
        prefix = replies.say("question_for_counsellor")
        if pending in INTAKE_SLOTS or pending in (SUMMARY_CHECK, SHARE):  # the question pending, asked again
            turn.add(ask(pending, profile, prefix=prefix, between=heard.status_between))
        else:
            turn.add({"text": prefix + " " + replies.say("anything_else_short")})
        return
    if pending == "employment_status" and heard.status_between:  # work told, its status unclear: understood
        turn.add(ask(pending, profile, prefix=replies.say("acknowledge"), between=heard.status_between))
        return
    count = state.misunderstood + 1
    turn.slots["fallback_count"] = count
    if count >= MISUNDERSTOOD_BEFORE_HANDOFF:
        turn.add({"text": replies.say("cannot_understand")}, *replies.handoff(profile))
        turn.slots["handoff_given"] = True
        turn.slots["fallback_count"] = 0
        turn.add(ask(pending, profile, prefix=replies.say("continue_here"), between=heard.status_between))
    elif pending in AFTER_OUTCOME:  # an optional question, a summary: not pressed on whoever talks of something else
        turn.add({"text": replies.say("not_understood") + " " + replies.say("anything_else")})
    elif pending:
        key = "not_understood" if count == 1 else "still_not_understood"
        turn.add(ask(pending, profile, prefix=replies.say(key), handoff_button=count > 1, between=heard.status_between))
    elif heard.suggestions and count == 1:
        turn.add({"text": replies.say("did_you_mean"), "buttons": replies.suggestions(heard.suggestions)})
    else:
        turn.add({"text": replies.say("ask_rephrase")})
