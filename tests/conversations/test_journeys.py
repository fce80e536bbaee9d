"""The journeys of tests/journeys/, written as visitors by an author who had not read the
code (its README): each turn must respect the invariants (visitor.py) and its expectations."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml

from tests.conversations.visitor import Visitor, fold

JOURNEYS_DIR = Path(__file__).resolve().parent.parent / "journeys"
CONTRACT_SLOTS = ("employment_status", "currently_working", "project_clarity", "eligible")


def journeys() -> list[dict]:
    found = []
    for path in sorted(JOURNEYS_DIR.glob("*.yml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8"))
    return found


def check(expect: dict, text: str, slots: dict | None, where: str) -> None:
    folded = fold(text)
    for item in expect.get("mentions") or []:
        options = item if isinstance(item, list) else [item]
        assert any(fold(o) in folded for o in options), f"{where}: none of {options} said"
    for item in expect.get("not_mentions") or []:
        assert fold(item) not in folded, f"{where}: {item!r} said"
    for name, value in (expect.get("slots") or {}).items():
        assert name in CONTRACT_SLOTS and slots is not None
        assert slots.get(name) == value, f"{where}: {name} is {slots.get(name)!r}, expected {value!r}"


def test_the_journeys_are_many_and_named_once():
    names = [j["name"] for j in journeys()]
    assert len(names) >= 60 and len(set(names)) == len(names)


@pytest.mark.parametrize("journey", journeys(), ids=lambda j: j["name"])
def test_journey(assistant, journey):
    visitor = Visitor(assistant, f"journey-{uuid.uuid4().hex[:12]}")
    for number, turn in enumerate(journey["turns"], 1):
        reply = visitor.press(turn["press"]) if "press" in turn else visitor.say(turn["say"])
        expect = turn.get("expect") or {}
        if expect:
            slots = visitor.slots() if expect.get("slots") else None
            check(expect, reply.text, slots, f"turn {number} ({reply.said!r})\n{visitor.transcript()}")
    if end := journey.get("end"):
        whole = "\n".join(r.text for r in visitor.replies)
        check(end, whole, visitor.slots() if end.get("slots") else None, f"end\n{visitor.transcript()}")
    visitor.check_no_loop()
