"""How a new message updates the profile already known. Pure logic, no Rasa.

The NLU reads each message on its own; this module adds the conversation's context:
- an answer to the question just asked ("plusieurs", "non", "le privé") fills that slot;
- a student, retiree or inactive person who then mentions a job keeps their status and
  is marked as working ("je suis étudiante" then "je travaille en CDI à mi-temps"),
  unless they say their status outright ("non, en fait je suis salariée") or are an
  apprentice (an employee, contract.md);
- when the status changes, whether they work is asked again if it matters;
- a question never changes what is already known, unless it answers the question pending or
  says the status outright ("je suis au chômage en fait, c'est gratuit ?");
- `eligible` always follows the status (eligibility.py), or a job held while the status is
  not known yet.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cep.eligibility import decide_eligibility
from cep.profile import EMPLOYED, NOT_ACTIVE
from cep.understanding.learned_reader import PRECISE_QUESTIONS
from cep.understanding.message_reading import MessageReading
from cep.understanding.places import portal
from cep.vocabulary import VALUES


def _allowed(name: str, value: Any) -> bool:
    """Button payloads can be forged: keep only values the contract knows."""
    if value is not None and not isinstance(value, (str, bool)):
        return False
    if name in VALUES:
        return value in VALUES[name]
    if name == "region":
        return portal(value) is not None
    return value is None or isinstance(value, bool)


STATUS_PAIRS = {"|".join(sorted(pair)) for pair in PRECISE_QUESTIONS}


def update_profile(previous: Mapping[str, Any], extracted: Mapping[str, Any], reading: MessageReading | None,
                   requested_slot: str | None, guessed: frozenset[str] = frozenset(),
                   status_between: str | None = None) -> dict[str, Any]:
    """Slot values to set after this message, given the slots before it and those the NLU found,
    and the NLU's reading of the typed message (None for a button: cep/understanding/message_reading.py).
    `requested_slot` is the question pending (the `pending` slot), whose short answers count;
    `guessed` the slots the learned reader filled (a guess never replaces a value already known,
    unless it answers the question asked); `status_between` two statuses the reader hesitates
    between, kept until the status is known so that the status question is asked precisely."""
    updates = {name: value for name, value in extracted.items() if _allowed(name, value)}
    for name in guessed & set(updates):
        if previous.get(name) is not None and requested_slot not in (name, "correction"):
            del updates[name]
    if reading is not None and requested_slot and updates.get(requested_slot) is None \
            and reading.answers.get(requested_slot) is not None:
        updates[requested_slot] = reading.answers[requested_slot]
    if reading is not None and reading.question and requested_slot != "correction":
        # a question asks, it does not correct: "pour devenir formateur faut un diplôme ?" leaves
        # "plusieurs idées" as it was, unless it answers the question pending or says the status outright
        for name in [n for n in updates if previous.get(n) is not None and n != requested_slot]:
            if not (name == "employment_status" and reading.status_explicit):
                del updates[name]

    if (reading is not None and reading.short and updates.get("project_clarity") == "no_idea"
            and previous.get("project_clarity") in ("one_idea", "several_ideas")
            and requested_slot not in ("project_clarity", "correction")):
        del updates["project_clarity"]  # "jsp" to another question does not undo the ideas told before
    before = previous.get("employment_status")
    correcting = requested_slot == "correction"  # asked what to correct, the visitor says it outright
    if (before and before not in NOT_ACTIVE and "employment_status" in updates and not correcting
            and reading is not None and reading.status_weak):
        updates["employment_status"] = before  # "mécanicien" named in passing does not undo "au chômage"
    status = updates.get("employment_status", before)
    if (before in NOT_ACTIVE and status in EMPLOYED and not correcting
            and not (reading is not None and reading.status_explicit)):
        updates["employment_status"] = status = before
        updates["currently_working"] = True
    elif status != before and "currently_working" not in updates:
        updates["currently_working"] = None
    elif (status in NOT_ACTIVE and status == before and "currently_working" not in updates
          and reading is not None and reading.holds_a_job is not None and not reading.question):
        # "en fait si, je travaille le samedi comme caissière": works, even where the reader could
        # not tell an employee from a self-employed person (no status extracted)
        updates["currently_working"] = reading.holds_a_job

    if before == "retired" and status == "job_seeker" and previous.get("age_group") is None \
            and updates.get("age_group") is None:
        updates["age_group"] = "26_or_more"  # a retiree who looks for work: "moins de 26 ans ?" is not asked
    working = updates.get("currently_working", previous.get("currently_working"))
    if status not in NOT_ACTIVE:
        working = None
        if previous.get("currently_working") is not None or "currently_working" in updates:
            updates["currently_working"] = None
    if status != "public_employee" and (previous.get("public_branch") or updates.get("public_branch")):
        updates["public_branch"] = None  # only a public agent has a civil service
    # a job said while the status is still unknown ("je suis caissière": employee or self-employed?)
    holds_a_job = status is None and (
        (before is None and previous.get("eligible") is True)
        or (reading is not None and reading.holds_a_job is True and not reading.question))
    updates["eligible"] = decide_eligibility(status, working, holds_a_job)
    if status is not None:
        between = None
    elif status_between in STATUS_PAIRS:
        between = status_between
    else:
        between = previous.get("status_between")
    if between != previous.get("status_between"):
        updates["status_between"] = between
    return updates
