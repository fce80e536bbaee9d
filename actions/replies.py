"""The French messages the actions compose from the profile and the knowledge data.

Pure: each function returns a list of messages ({"text": ..., "buttons": [...]}) that an
action sends as it is. The wording is in messages.yml; contacts in knowledge/contacts.yml.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions import knowledge
from actions.orientation import operators_for
from actions.profile import NOT_ACTIVE, Profile
from actions.schemes import advise, cpf_participation_due
from bot.understanding.places import portal

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


def question(slot: str) -> Message:
    """The form's question for a slot, with its buttons."""
    asked = messages()[f"ask_{slot}"]
    return {"text": asked["text"], "buttons": asked["buttons"]}


def situation(profile: Profile) -> str:
    """"vous êtes à la retraite et vous avez un emploi", or "" when the status is unknown."""
    text = messages()["situation"].get(profile.employment_status or "", "")
    if text and profile.employment_status in NOT_ACTIVE and profile.currently_working is not None:
        text += messages()["working"][str(profile.currently_working).lower()]
    return text


def _contacts() -> dict[str, str]:
    national = knowledge.national()
    return {"phone": national.phone, "website": national.website}


def operator_line(profile: Profile) -> str:
    keys = operators_for(profile)
    if not keys:
        return ""
    first = knowledge.operator(keys[0])
    line = say("operator_main", name=first.name, reach=first.reach)
    if keys[0] == "regional_operator" and portal(profile.region):
        line += " " + say("regional_portal", portal=portal(profile.region))
    others = [knowledge.operator(k) for k in keys[1:]]
    if others:
        items = [say("operator_other_item", name=o.name, reach=o.reach) for o in others]
        line += " " + say("operator_others", others=" ou à ".join(items))
    return line


def eligibility_note(profile: Profile) -> str:
    """One sentence said as soon as the status is known, before the project question."""
    if profile.eligible is not True:
        return ""
    keys = operators_for(profile)
    with_operator = say("with_operator", operator=knowledge.operator(keys[0]).name) if keys else ""
    return say("eligibility_note", situation=situation(profile), with_operator=with_operator)


def outcome(profile: Profile) -> list[Message]:
    """The end of the intake: eligibility, what the CEP brings for this project, whom to call."""
    if profile.eligible is False:
        return not_eligible(profile)
    parts = [
        say("outcome_eligible", situation=situation(profile)),
        messages()["project"].get(profile.project_clarity or "", ""),
        operator_line(profile),
        say("contact_line", **_contacts()),
    ]
    return [{"text": " ".join(p for p in parts if p), "buttons": messages()["next_steps_buttons"]}]


def not_eligible(profile: Profile) -> list[Message]:
    parts = [
        say("outcome_not_eligible", situation=situation(profile)),
        " ".join(messages()["not_eligible_next"].get(profile.employment_status or "", "").split()),
        say("doubt_contact", **_contacts()),
    ]
    return [{"text": " ".join(p for p in parts if p)}]


def handoff(profile: Profile) -> list[Message]:
    """How to reach a person, with the operator that fits what we know of the profile."""
    text = say("handoff", **_contacts())
    if profile.employment_status == "public_employee":
        text += " " + say("handoff_public", reach=knowledge.operator("public_employer").reach)
    elif line := operator_line(profile):
        text += " " + line
    return [{"text": text}]


def source_line(sources) -> str:
    return "Source : " + ", ".join(s.short for s in sources)


def personal_information(profile: Profile) -> list[Message]:
    """The schemes that fit the profile and why, the notable ones that do not, with buttons."""
    advice = advise(profile)
    if not advice:
        return []
    schemes = knowledge.schemes()
    lines, buttons = [say("personal_intro")], []
    shown = [a for a in advice if a.fits][:MAX_SCHEMES] + [a for a in advice if not a.fits]
    for item in shown:
        scheme = schemes[item.scheme]
        if not item.fits:
            lines.append(say("personal_excluded", name=scheme.name, reason=scheme.not_for[item.why]))
            continue
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
    scheme = knowledge.schemes().get(key or "")
    if scheme is None or scheme.key == "cpf_participation":
        return [{"text": say("scheme_unknown")}]
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
    next_key = "summary_next_not_eligible" if profile.eligible is False else "summary_next_eligible"
    return {
        "situation": _summary_situation(profile),
        "project": messages()["summary_project"].get(profile.project_clarity or "",
                                                     messages()["summary_project_unknown"]),
        "eligibility": eligible,
        "orientation": ", ".join(orientation),
        "next_steps": say(next_key, **_contacts()),
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


def disability_question() -> Message:
    return {"text": say("disability_question"), "buttons": messages()["disability_buttons"]}


def disability_reply(disabled: bool) -> list[Message]:
    if disabled:
        return [{"text": say("disability_cap_emploi", reach=knowledge.operator("cap_emploi").reach)}]
    return [{"text": say("disability_thanks")}]


def summary_shared() -> list[Message]:
    return [{"text": say("summary_shared", contact=say("contact_line", **_contacts()))}]


def summary_not_shared() -> list[Message]:
    return [{"text": say("summary_not_shared", **_contacts())}]
