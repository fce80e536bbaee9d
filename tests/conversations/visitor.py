"""A visitor talking to the real servers over REST, and what every turn must respect.

The invariants, checked on every turn of every conversation (journeys and fuzzer):
- never silent: at least one message;
- never a flood: at most MAX_MESSAGES messages, none repeated within the turn;
- never a loop: after the conversation, the tracker shows each visitor message answered by
  one action and then listening (Rasa's circuit breaker would leave up to 10 actions);
- and what a visitor sees: no message that echoes internals ("utter_", "action_", "{").
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

MAX_MESSAGES = 5
MAX_ACTIONS_PER_TURN = 2  # action_turn, then action_listen (the session start adds its own)


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how expectations are matched."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass
class Reply:
    said: str
    messages: list[dict]

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.messages for b in m.get("buttons") or []]


@dataclass
class Visitor:
    assistant: object
    sender: str
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> Reply:
        reply = Reply(text, self.assistant.say(self.sender, text))
        self.replies.append(reply)
        check_turn(reply)
        return reply

    def press(self, words: str) -> Reply:
        """Presses the latest button on screen whose title holds these words: the widget keeps
        earlier buttons, so it may be a stale one."""
        wanted = fold(words)
        for reply in reversed(self.replies):
            buttons = [b for b in reply.buttons if wanted in fold(b["title"])]
            if buttons:
                return self.say(buttons[0]["payload"])
        raise AssertionError(f"no button with {words!r} in the conversation")

    def slots(self) -> dict:
        return self.assistant.slots(self.sender)

    def transcript(self) -> str:
        return "\n".join(f"> {r.said}\n{r.text}" for r in self.replies)

    def check_no_loop(self) -> None:
        check_tracker(self.assistant.tracker(self.sender), self.transcript())


def check_turn(reply: Reply) -> None:
    texts = [m.get("text") or "" for m in reply.messages]
    assert reply.messages, f"silent after {reply.said!r}"
    assert len(reply.messages) <= MAX_MESSAGES, f"{len(reply.messages)} messages after {reply.said!r}:\n{reply.text}"
    assert len(set(texts)) == len(texts), f"a message repeated after {reply.said!r}:\n{reply.text}"
    for text in texts:
        assert text.strip(), f"an empty message after {reply.said!r}"
        assert "utter_" not in text and "action_" not in text and "{" not in text, text


def check_tracker(tracker: dict, transcript: str = "") -> None:
    """Each visitor message is followed by at most MAX_ACTIONS_PER_TURN actions, the last one
    listening: no circuit breaker, no prediction loop, the conversation can always go on."""
    actions_since_user: list[str] = []
    for event in tracker["events"]:
        kind = event.get("event")
        if kind == "user":
            actions_since_user = []
        elif kind == "action" and event.get("name") not in ("action_session_start", "action_extract_slots"):
            actions_since_user.append(event["name"])
            assert len(actions_since_user) <= MAX_ACTIONS_PER_TURN + 1, f"a loop: {actions_since_user}\n{transcript}"
    last_action = [e for e in tracker["events"] if e.get("event") == "action"][-1]
    assert last_action["name"] == "action_listen", f"not listening: {last_action}\n{transcript}"
