"""The French messages the actions compose from the profile and the knowledge data.

Pure: each function returns a list of messages ({"text": ..., "buttons": [...]}) that an
action sends as it is. The wording is in messages.yml; contacts in knowledge/contacts.yml.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from cep import knowledge, settings
from cep.orientation import operators_for
from cep.profile import NOT_ACTIVE, Profile
from cep.schemes import advise, cpf_participation_due
from cep.understanding.normalize import fold
from cep.understanding.places import portal

MESSAGES_FILE = Path(__file__).with_name("messages.yml")
MAX_SCHEMES = 4  # short messages: the rest is one question away
Message = dict


@lru_cache(maxsize=1)
def messages() -> dict[str, Any]:
    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    return {key: " ".join(value.split()) if isinstance(value, str) else value
            for key, value in raw.items()}


def say(key: str, **values: Any) -> str:
    return messages()[key].format(**values)


def question(slot: str, between: str | None = None) -> Message:
    """The question for a slot, with its buttons. The status question is precise when the reader
    hesitated between two statuses ("Êtes-vous salarié(e) ou à votre compte ?"): those two first."""
    asked = messages()[f"ask_{slot}"]
    precise = messages()["ask_status_between"].get(between or "") if slot == "employment_status" else None
    if not precise:
        return {"text": asked["text"], "buttons": asked["buttons"]}
    pair = between.split("|")
    first = sorted((b for b in asked["buttons"] if _payload_status(b) in pair),
                   key=lambda b: precise["order"].index(_payload_status(b)))
    return {"text": precise["text"], "buttons": first + [b for b in asked["buttons"] if b not in first]}


def _payload_status(button: dict) -> str | None:
    match = re.search(r'"employment_status": "(\w+)"', button.get("payload", ""))
    return match.group(1) if match else None


def situation(profile: Profile) -> str:
    """"vous êtes à la retraite et vous avez un emploi", or "" when the status is unknown."""
    text = messages()["situation"].get(profile.employment_status or "", "")
    if profile.employment_status == "inactive":  # "no activity" already says no job: said once
        return messages()["situation"]["inactive_working"] if profile.currently_working else text
    if text and profile.employment_status in NOT_ACTIVE and profile.currently_working is not None:
        text += messages()["working"][str(profile.currently_working).lower()]
    return text


def contacts() -> dict[str, str]:
    national = knowledge.national()
    return {"phone": national.phone, "website": national.website, "operator_name": settings.operator_name()}


def booking(profile: Profile) -> str:
    """How this visitor books their CEP: the operator's own route (France Travail for a job
    seeker, the employer's route for a public agent, the regional operator for the others),
    and the other operators that fit."""
    keys = operators_for(profile)
    if not keys:
        return say("booking_unknown", **contacts())
    main = knowledge.operator(keys[0])
    lines = [dict(main.booking_by_branch).get(profile.public_branch or "") or main.booking or "", portal_line(profile)]
    for key in keys[1:]:
        other = knowledge.operator(key)
        lines.append(other.booking or say("operator_also", name=other.name, reach=other.reach))
    return " ".join(line for line in lines if line)


def next_step(profile: Profile) -> str:
    """The booking route in a few words: the summary's next step and the goodbye's."""
    keys = operators_for(profile)
    if not keys:
        return say("summary_next_unknown", **contacts())
    main = knowledge.operator(keys[0])
    return dict(main.next_step_by_branch).get(profile.public_branch or "") or main.next_step or ""


def goodbye(profile: Profile) -> str:
    if operators_for(profile):
        return say("goodbye_next", next_step=next_step(profile))
    return say("goodbye")


def eligibility_note(profile: Profile) -> str:
    """One sentence said as soon as the status is known, before the next question."""
    if profile.eligible is not True:
        return ""
    keys = operators_for(profile)
    with_operator = say("with_operator", operator=knowledge.operator(keys[0]).name) if keys else ""
    return say("eligibility_note", situation=situation(profile), with_operator=with_operator)


def outcome(profile: Profile, again: bool = False) -> list[Message]:
    """The end of the intake: eligibility, what the CEP brings for this project, how to book."""
    if profile.eligible is False:
        return not_eligible(profile)
    parts = [
        say("outcome_updated" if again else "outcome_eligible", situation=situation(profile)),
        "" if again else messages()["project"].get(profile.project_clarity or "", ""),
        booking(profile),
    ]
    return [{"text": " ".join(p for p in parts if p)}]


def portal_line(profile: Profile) -> str:
    """"Votre portail régional : …" when the regional operator is the one to see and the region is known."""
    keys = operators_for(profile)
    if keys and keys[0] == "regional_operator" and portal(profile.region):
        return say("regional_portal", portal=portal(profile.region))
    return ""


def place_noted(profile: Profile) -> str:
    """A place named after the outcome: noted, with its regional portal where it is the one to see."""
    return " ".join(p for p in (say("noted"), portal_line(profile)) if p)


def project_updated(profile: Profile) -> str:
    """After the outcome, a new word on the project only: "C'est noté, je mets à jour votre projet : plusieurs idées." """
    project = messages()["summary_project"].get(profile.project_clarity or "", messages()["summary_project_unknown"])
    return say("project_updated", project=project)


def not_eligible(profile: Profile) -> list[Message]:
    """Not for them yet: what fits instead, what would open it, and a button for the visitor who
    in fact looks for a job (then a job seeker, contract.md)."""
    parts = [
        say("outcome_not_eligible", situation=situation(profile)),
        alternatives(profile),
        say("doubt_contact", **contacts()),
    ]
    return [{"text": " ".join(p for p in parts if p), "buttons": messages()["not_eligible_buttons"]}]


def alternatives(profile: Profile) -> str:
    """For a visitor the CEP is not open to: what fits instead, and what would open it."""
    return messages()["not_eligible_next"].get(profile.employment_status or "", "")


def handoff(profile: Profile, asked: bool = True) -> list[Message]:
    """How to reach a person: the booking route that fits what we know of the profile (`asked`: the
    visitor asked for one; else it is only offered, as to a visitor who writes in another language).
    Marked `handoff`: the way to a person is always sent, however often asked (actions/turn.py)."""
    if profile.eligible is False:
        return [{"text": say("handoff_not_eligible", **contacts()), "handoff": True}]
    keys = operators_for(profile)
    if not keys:
        return [{"text": say("handoff", **contacts()), "handoff": True}]
    text = say("handoff_known" if asked else "handoff_offered") + " " + booking(profile)
    if keys[0] == "public_employer":  # an agent who fears the hierarchy hears at once what the adviser keeps
        text += " " + say("public_discretion")
    if keys[0] != "regional_operator":  # the national line stays available, as information
        text += " " + say("national_line_info", **contacts())
    return [{"text": text, "handoff": True}]


def handoff_button() -> dict[str, str]:
    return dict(messages()["handoff_button"])


MAX_SOURCES_SHOWN = 3


# public bodies first: a visitor trusts service-public.fr more than a law firm's blog
OFFICIAL_SITES = (".gouv.fr", "service-public.fr", "francetravail.fr", "centre-inffo.fr", "unedic.org",
                  "anfh.fr", "apec.fr", "3114.fr", "arcep.fr", "vae.gouv.fr")


def source_line(sources) -> str:
    """"Source : service-public.fr, …": the first few distinct sites, official ones first (all are in knowledge/)."""
    ranked = sorted(sources, key=lambda s: not (s.url and any(site in s.url for site in OFFICIAL_SITES)))
    return "Source : " + ", ".join(list(dict.fromkeys(s.short for s in ranked))[:MAX_SOURCES_SHOWN])


def personal_information(profile: Profile) -> list[Message]:
    """The schemes that fit the profile and why, with buttons (those that do not are said when asked about)."""
    advice = advise(profile)
    if not advice:
        return []
    schemes = knowledge.schemes()
    lines, buttons = [say("personal_intro")], []
    for item in [a for a in advice if a.fits][:MAX_SCHEMES]:
        scheme = schemes[item.scheme]
        line = say("personal_item", name=scheme.name, fits=scheme.fits)
        if item.condition == "cdi":
            line += " " + say("personal_condition_cdi")
        if item.scheme == "cpf" and not cpf_participation_due(profile):
            line += " " + say("cpf_no_participation")
        lines.append(line)
        buttons.append({"title": scheme.button, "payload": f'/ask_scheme{{"scheme": "{item.scheme}"}}'})
    lines.append(say("personal_more"))
    return [{"text": "\n".join(lines), "buttons": buttons}]


def explain_scheme(key: str | None, profile: Profile) -> list[Message]:
    """What a scheme is, from knowledge/schemes.yml, adapted to the profile, with its sources."""
    if key == "cpf" and profile.employment_status == "public_employee":
        key = "cpf_public"
    scheme = knowledge.schemes().get(key or "")
    if scheme is None or scheme.key == "cpf_participation":
        return [{"text": say("scheme_unknown")}]
    excluded = next((a for a in advise(profile) if a.scheme == scheme.key and not a.fits), None)
    if excluded:  # the visitor asks about a scheme that is not for them: why not, and no more
        text = say("personal_excluded", name=scheme.name, reason=scheme.not_for[excluded.why])
        return [{"text": text + "\n" + source_line(scheme.sources)}]
    parts, sources = [scheme.details], list(scheme.sources)
    if scheme.key in ("cpf", "bilan_competences"):
        if cpf_participation_due(profile):
            participation = knowledge.schemes()["cpf_participation"]
            parts.append(participation.details)
            sources += [s for s in participation.sources if s not in sources]
        else:
            parts.append(say("scheme_job_seeker_cpf"))
    return [{"text": " ".join(parts) + "\n" + source_line(sources)}]


def _summary_situation(profile: Profile) -> str | None:
    text = messages()["summary_situation"].get(profile.employment_status or "")
    if text and profile.employment_status in NOT_ACTIVE and profile.currently_working is not None:
        text += messages()["summary_working"][str(profile.currently_working).lower()]
    return text


def summary(profile: Profile) -> dict[str, Any]:
    """The first-level intake summary (synthèse): what the visitor reviews and may share."""
    national = knowledge.national()
    keys = operators_for(profile)
    orientation = [knowledge.operator(k).name for k in keys] or [national.website]
    eligible = messages()["summary_eligible"].get(str(profile.eligible).lower(),
                                                   messages()["summary_eligible_unknown"])
    return {
        "situation": _summary_situation(profile),
        "project": messages()["summary_project"].get(profile.project_clarity or "",
                                                     messages()["summary_project_unknown"]),
        "eligibility": eligible,
        "orientation": ", ".join(orientation),
        "next_steps": say("summary_next_not_eligible", **contacts()) if profile.eligible is False
        else next_step(profile),
        "schemes": [knowledge.schemes()[a.scheme].name for a in advise(profile) if a.fits][:MAX_SCHEMES],
        "contacts": {"phone": national.phone, "website": national.website,
                     "regional_portal": portal(profile.region)},
        "profile": {k: v for k, v in profile.__dict__.items() if v is not None},
    }


def summary_review(profile: Profile) -> list[Message]:
    """The summary as the visitor sees it, with the question whether it is right."""
    content = summary(profile)
    labels = messages()["summary_lines"]
    lines = [say("summary_title")]
    for field in ("situation", "project", "eligibility", "orientation", "next_steps"):
        if content[field]:
            lines.append("• " + labels[field].format(value=content[field]))
    lines.append(say("summary_check"))
    return [{"text": "\n".join(lines), "buttons": messages()["summary_check_buttons"]}]


def summary_check_question() -> Message:
    return {"text": say("summary_check"), "buttons": messages()["summary_check_buttons"]}


# "oui c'est juste. mais…", "c juste mais…", "oui c bon, et…": the summary confirmed before a question
_CONFIRMS = re.compile(r"^\s*((oui|ouais|yes|voila)|((oui|ouais|ok|yes|voila)\s*,?\s*)?(c\s*'?\s*est|c|cest|tout est)\s+"
                       r"(bien\s+)?(juste|bon|correct|exact|ca|parfait))\s*$")


def confirms_summary(text: str) -> bool:
    """The first clause of the message confirms the summary ("oui c'est juste. et le rdv ?")."""
    first = re.split(r"[.,;!?]| mais | et ", fold(text or "").replace("\u2019", "'"), maxsplit=1)[0].strip()
    return bool(first) and bool(_CONFIRMS.match(first))


def answers_summary_check(text: str) -> bool:
    """The title of a button of the summary check ("Oui, c'est juste"), typed or pressed late."""
    folded = fold(text or "").strip(" .!")
    return any(folded == fold(b["title"]) for b in messages()["summary_check_buttons"])


def erase_question() -> Message:
    return {"text": say("erase_question"), "buttons": messages()["erase_buttons"]}


def erased() -> Message:
    """Said as the conversation is erased: the message marks it (metadata read by the tracker store)."""
    return {"text": say("erased", **contacts()), "erase_conversation": True}


def not_erased() -> Message:
    return {"text": say("not_erased", retention_days=settings.retention_days())}


def share_question() -> Message:
    return {"text": say("summary_ask_share", retention_days=settings.retention_days(), **contacts()),
            "buttons": messages()["summary_share_buttons"]}


def empathy() -> str:
    return say("empathy", **contacts())


def suggestions(intents: tuple[str, ...]) -> list[dict[str, str]]:
    """"Vouliez-vous…" buttons for the NLU's next guesses among the intents worth suggesting."""
    labels = messages()["suggestions"]
    return [{"title": labels[name], "payload": f"/{name}"} for name in intents if name in labels][:3]


def answer(topic: str, profile: Profile) -> str | None:
    """The answer to a question (knowledge/answers.yml), for this profile, with its sources."""
    if topic == "who_else":
        return who_else(profile)
    if topic == "how_to_book":
        return booking(profile)
    found = knowledge.answers().get(topic)
    if found is None:
        return None
    if topic == "am_i_eligible" and profile.eligible is not None:
        return f"{for_me(profile)}\n{source_line(found.sources_for(profile.employment_status))}"
    text = found.text_for(profile.employment_status).format(
        retention_days=settings.retention_days(), **contacts())
    return f"{text}\n{source_line(found.sources_for(profile.employment_status))}"


def for_me(profile: Profile) -> str:
    """"Et moi, je pourrais faire un CEP ?" once eligibility is decided: yes or no, for this situation
    (before, knowledge/answers.yml's general rule answers)."""
    if profile.eligible is True:
        return say("for_me_yes", situation=situation(profile)) if profile.employment_status else say("for_me_working")
    return " ".join(p for p in (say("outcome_not_eligible", situation=situation(profile)), alternatives(profile)) if p)


def who_else(profile: Profile) -> str:
    """"Vers qui je peux me tourner ?": for whom the CEP is not open, what fits instead; for
    the others, their booking route; when the status is unknown, the national line."""
    if profile.eligible is False:
        return " ".join(p for p in (alternatives(profile), say("doubt_contact", **contacts())) if p)
    if profile.eligible is True:
        return booking(profile)
    return say("who_else_unknown", **contacts())


def disability_question() -> Message:
    return {"text": say("disability_question"), "buttons": messages()["disability_buttons"]}


def disability_reply(disabled: bool) -> list[Message]:
    """The reply that reveals the answer: marked private, never stored (private_tracker_store.py)."""
    if disabled:
        return [{"text": say("disability_cap_emploi", reach=knowledge.operator("cap_emploi").reach), "private": True}]
    return [{"text": say("disability_thanks"), "private": True}]


def disability_noted() -> list[Message]:
    return [{"text": say("disability_noted"), "private": True}]


@dataclass(frozen=True)
class Payload:
    intent: str
    entities: dict[str, Any]


def parse_payload(payload: str) -> Payload | None:
    """'/inform{"project_clarity": "one_idea"}' -> Payload("inform", {...})."""
    match = re.fullmatch(r"/(\w+)(\{.*\})?", payload or "", re.S)
    if not match:
        return None
    try:
        entities = json.loads(match.group(2)) if match.group(2) else {}
    except ValueError:
        return None
    return Payload(match.group(1), entities if isinstance(entities, dict) else {})


def buttons_for(pending: str | None) -> list[dict[str, str]]:
    """The buttons of the pending question (and the handoff's)."""
    keys = {"disability_question": "disability_buttons", "summary_check": "summary_check_buttons",
            "share": "summary_share_buttons"}
    buttons = list(messages()[keys[pending]]) if pending in keys else []
    if pending and f"ask_{pending}" in messages():
        buttons = list(messages()[f"ask_{pending}"]["buttons"])
    if pending == "correction":  # "Agent public", typed as a correction, is that button
        buttons = [b for slot in ("employment_status", "project_clarity", "contract_type")
                   for b in messages()[f"ask_{slot}"]["buttons"]]
    return buttons + [handoff_button()]


def _title(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def typed_button(text: str, pending: str | None) -> Payload | None:
    """A visitor who types a button's title ("Oui, je l'accepte") means that button."""
    if not text or text.startswith("/"):
        return None
    typed = _title(text)
    scheme_buttons = [{"title": s.button, "payload": f'/ask_scheme{{"scheme": "{s.key}"}}'}
                      for s in knowledge.schemes().values() if s.key != "cpf_participation"]
    for button in buttons_for(pending) + scheme_buttons:
        if _title(button["title"]) == typed:
            return parse_payload(button["payload"])
    return None


def summary_shared(profile: Profile) -> list[Message]:
    return [{"text": say("summary_shared", contact=booking(profile), **contacts())}]


def summary_not_shared(profile: Profile) -> list[Message]:
    route = booking(profile) if operators_for(profile) else say("booking_unknown", **contacts())
    return [{"text": say("summary_not_shared") + " " + route}]
