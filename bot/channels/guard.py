"""Checks every incoming message before Rasa reads it: empty, too long (in characters or in
tokens: a run of one repeated symbol is cut to three), unreadable, or a
button payload ("/intent{...}") that the assistant's own buttons could not have sent; and how
fast messages come (RateLimit). Used by every input channel.

A message that fails a check is answered politely and is not processed, so it never reaches
the NLU, the tracker store or the logs. A payload can be typed or forged by anyone, so it is
checked whole against the domain (Payloads): a known intent, and each entity a value its slot
allows: one of a categorical slot's values, a boolean for a bool slot, a short identifier for
an entity with no slot (a scheme's key, a disability answer). An entity that fills a free-text
slot (the region) is never taken from a payload: only the project's own reading fills it.
One bad entity refuses the whole message, so nothing of it is stored.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MAX_MESSAGE_CHARS = 2000
# The NLU's cost grows with the number of tokens (DIET's attention, the featurizers): 2,000 emoji
# were 2,000 tokens and held the event loop for seconds. A French message of 2,000 characters
# is some 350-450 tokens; a run of one repeated symbol ("!!!!!!", "👍👍👍👍") is cut to three first.
MAX_TOKENS = 600
_REPEATED_SYMBOL = re.compile(r"([^\w\s])\1{3,}")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?$", re.DOTALL)
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,39}")

REFUSALS_FILE = Path(__file__).with_name("refusals.yml")
_REFUSALS = yaml.safe_load(REFUSALS_FILE.read_text(encoding="utf-8"))
REQUEST_ERRORS: dict[str, str] = _REFUSALS.pop("request")  # what an integrator reads (rest.py)
REPLIES: dict[str, str] = _REFUSALS  # what the visitor reads


@dataclass(frozen=True)
class Verdict:
    ok: bool
    text: str
    problem: str | None = None

    @property
    def reply(self) -> str | None:
        return REPLIES.get(self.problem or "")


@dataclass(frozen=True)
class Payloads:
    """What a button payload may hold: the domain's intents, and for each entity the values of
    its slot (`None`: an entity with no slot, which takes a short identifier)."""
    intents: frozenset[str]
    values: dict[str, frozenset | None]

    @classmethod
    def from_domain(cls, domain: dict[str, Any]) -> Payloads:
        slot_of = {mapping["entity"]: slot for name, slot in (domain.get("slots") or {}).items()
                   for mapping in slot.get("mappings") or [] if mapping.get("type") == "from_entity"}
        slot_names = set(domain.get("slots") or {})
        values: dict[str, frozenset | None] = {}
        for entity in domain.get("entities") or []:
            slot = slot_of.get(entity)
            if slot and slot.get("type") == "categorical":
                values[entity] = frozenset(slot.get("values") or ())
            elif slot and slot.get("type") == "bool":
                values[entity] = frozenset({True, False})
            elif slot is None and entity not in slot_names:
                values[entity] = None
            # any other slot (free text, a float, an NLU-made value) is not a button's to fill
        return cls(frozenset(domain.get("intents") or ()), values)

    def allow(self, intent: str, entities: object) -> bool:
        if intent not in self.intents:
            return False
        if entities is None:
            return True
        if not isinstance(entities, dict):
            return False
        for name, value in entities.items():
            if name not in self.values:
                return False
            allowed = self.values[name]
            if allowed is None:
                if not (isinstance(value, str) and _IDENTIFIER.fullmatch(value)):
                    return False
            elif not isinstance(value, (str, bool)) or value not in allowed:
                return False
        return True


@cache
def payloads_of(domain_path: str = "domain.yml") -> Payloads:
    """The payload rules of a domain file, read once per process."""
    from rasa.shared.core.domain import Domain  # Rasa's reader, which merges a domain folder too

    return Payloads.from_domain(Domain.load(domain_path).as_dict())


def check_message(text: object, payloads: Payloads) -> Verdict:
    """Whether the text may go to the assistant, and the polite reply when it may not."""
    if not isinstance(text, str) or not text.strip():
        return Verdict(False, "", "empty")
    text = text.strip()
    if len(text) > MAX_MESSAGE_CHARS:
        return Verdict(False, "", "too_long")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800"): no character at all
        return Verdict(False, "", "unreadable")
    text = _REPEATED_SYMBOL.sub(lambda m: m.group(1) * 3, text)
    if sum(1 for _ in _TOKEN.finditer(text)) > MAX_TOKENS:
        return Verdict(False, "", "too_many_tokens")
    if text.startswith("/"):
        match = _PAYLOAD.match(text)
        if not match:
            return Verdict(False, "", "unknown_payload")
        try:
            entities = json.loads(match["entities"]) if match["entities"] else None
        except ValueError:
            return Verdict(False, "", "unknown_payload")
        if not payloads.allow(match["intent"], entities):
            return Verdict(False, "", "unknown_payload")
    return Verdict(True, text)


# addresses the per-address limits do not apply to (space- or comma-separated): the test, benchmark
# and load servers' own client, which plays thousands of visitors from 127.0.0.1 (scripts/servers.py)
EXEMPT_VARIABLE = "RATE_LIMIT_EXEMPT"


def exempt_addresses() -> frozenset[str]:
    return frozenset(os.environ.get(EXEMPT_VARIABLE, "").replace(",", " ").split())


class RateLimit:
    """At most `limit` messages per `window` seconds for each key (a conversation, an address).

    In memory, per server process: it stops one client from flooding the NLU and the
    database, not a distributed attack (that is the reverse proxy's job). Keeps at most
    `max_keys` keys, forgetting the least recently seen.
    """

    def __init__(self, limit: int, window: float, max_keys: int = 50_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        times = self._seen.pop(key, None) or deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        self._seen[key] = times
        if len(self._seen) > self.max_keys:
            self._seen.popitem(last=False)
        if len(times) >= self.limit:
            return False
        times.append(now)
        return True

    @property
    def reply(self) -> str:
        return REPLIES["too_fast"]
