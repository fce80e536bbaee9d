"""The profile's vocabulary: each slot's values, read from domain.yml, where they are written once.

    VALUES["employment_status"]  ->  ("private_employee", "public_employee", …)

domain.yml is Rasa's and the contract's (../shared/docs/contract.md): every reader, action and
the review app take the values from here. What only this project says is how statuses group.
"""
from __future__ import annotations

from pathlib import Path

import yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


def _categorical_values(domain_file: Path = DOMAIN_FILE) -> dict[str, tuple[str, ...]]:
    slots = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["slots"]
    return {name: tuple(slot["values"]) for name, slot in slots.items() if slot.get("type") == "categorical"}


VALUES: dict[str, tuple[str, ...]] = _categorical_values()
# how the statuses group (contract.md): in work, looking for work, not active
EMPLOYED = ("private_employee", "public_employee", "self_employed")
NOT_ACTIVE = ("student", "retired", "inactive")
