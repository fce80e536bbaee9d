"""The visitor's intake profile, as the actions see it (the slots of contract.md and ours)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from cep.vocabulary import EMPLOYED, NOT_ACTIVE  # noqa: F401 (re-exported)

ACTIVE = EMPLOYED + ("job_seeker",)


@dataclass(frozen=True)
class Profile:
    employment_status: str | None = None
    currently_working: bool | None = None
    project_clarity: str | None = None
    eligible: bool | None = None
    age_group: str | None = None
    cadre: bool | None = None
    young_graduate: bool | None = None
    region: str | None = None
    contract_type: str | None = None
    project_type: str | None = None
    public_branch: str | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Profile:
        return cls(**{f.name: slots.get(f.name) for f in fields(cls)})


PROFILE_SLOTS = tuple(field.name for field in fields(Profile))  # the intake's slots, in the contract's order
