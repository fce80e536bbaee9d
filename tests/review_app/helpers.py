"""Helpers of the review app's tests: storing conversations, the test password, CSRF tokens, logging in."""
from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.private_tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "un mot de passe assez long"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/connexion", **kwargs) -> str:
    match = CSRF_RE.search(client.get(path, **kwargs).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD):
    return client.post("/connexion", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def run_and_return(coroutine):
    """asyncio.run(), in a thread of its own when a loop already runs here (Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(coroutine)))
    thread.start()
    thread.join()
    return result[0] if result else None


def run_coroutine(coroutine) -> None:
    run_and_return(coroutine)


class Conversations:
    """Stores conversations through the real tracker store."""

    def __init__(self, store: PrivateSQLTrackerStore, domain: Domain) -> None:
        self.store, self.domain = store, domain

    def save(self, sender: str, turns: list[tuple], start: float | None = None, channel: str = "rest") -> None:
        """turns: ("user", text, intent, confidence) | ("bot", text[, buttons]) | ("slot", name, value)"""
        t = start or time.time() - 600
        events = [ActionExecuted("action_session_start", timestamp=t), SessionStarted(timestamp=t),
                  ActionExecuted("action_listen", timestamp=t)]
        for turn in turns:
            t += 5
            if turn[0] == "user":
                _, text, intent, confidence = turn
                parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
                events.append(UserUttered(text, parse["intent"], [], parse_data=parse, timestamp=t,
                                          input_channel=channel))
            elif turn[0] == "bot":
                events += [ActionExecuted("utter_reply", timestamp=t),
                           BotUttered(turn[1], {"buttons": turn[2] if len(turn) > 2 else None}, timestamp=t),
                           ActionExecuted("action_listen", timestamp=t)]
            elif turn[0] == "action":
                events.append(ActionExecuted(turn[1], timestamp=t))
            else:
                events.append(SlotSet(turn[1], turn[2], timestamp=t))
        tracker = DialogueStateTracker.from_events(sender, events, slots=self.domain.slots)
        run_coroutine(self.store.save(tracker))
