"""Which CEP operator fits the profile (domain.md, "Who delivers it"). Pure logic, no Rasa.

Returns keys of knowledge/contacts.yml, the main operator first. The national line and
mon-cep.org are always given besides (replies.py).
"""
from __future__ import annotations

from cep.profile import Profile


def operators_for(profile: Profile) -> list[str]:
    status = profile.employment_status
    if profile.eligible is not True or status is None:
        return []  # eligible with the status unknown (a job named): the national line
    if status == "public_employee":
        return ["public_employer"]
    keys = ["france_travail"] if status == "job_seeker" else ["regional_operator"]
    if profile.cadre or profile.young_graduate:
        keys.append("apec")
    if profile.age_group == "under_26":
        keys.append("mission_locale")
    return keys
