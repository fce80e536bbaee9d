"""Checks every incoming message before Rasa reads it: empty, too long, or a button payload
("/intent{...}") that the assistant does not know; and how fast messages come (RateLimit).
Used by every input channel.

A message that fails a check is answered politely and is not processed, so it never reaches
the NLU, the tracker store or the logs.
"""
from __future__ import annotations

import json
import re
import time
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass

MAX_MESSAGE_CHARS = 2000
_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?$", re.DOTALL)

REPLIES = {
    "empty": "Je n'ai reçu aucun texte. Écrivez-moi votre situation ou votre question, en quelques mots.",
    "too_long": (
        "Votre message est trop long pour moi (plus de 2 000 caractères). "
        "Pouvez-vous le résumer en quelques phrases ?"
    ),
    "unknown_payload": "Je n'ai pas compris ce choix. Pouvez-vous l'écrire avec vos mots ?",
    "unreadable": "Je n'ai pas pu lire votre message : un caractère est illisible. Pouvez-vous le réécrire ?",
    "technical_problem": "Désolé, un problème technique m'empêche de répondre. Réessayez dans un instant.",
    "too_fast": "Vous m'écrivez très vite : attendez quelques secondes, puis renvoyez votre message.",
}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    text: str
    problem: str | None = None

    @property
    def reply(self) -> str | None:
        return REPLIES.get(self.problem or "")


def check_message(text: object, known_intents: Iterable[str]) -> Verdict:
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
    if text.startswith("/"):
        match = _PAYLOAD.match(text)
        if not match or match["intent"] not in set(known_intents):
            return Verdict(False, "", "unknown_payload")
        if match["entities"]:
            try:
                entities = json.loads(match["entities"])
            except ValueError:
                return Verdict(False, "", "unknown_payload")
            if not isinstance(entities, dict):
                return Verdict(False, "", "unknown_payload")
    return Verdict(True, text)


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
