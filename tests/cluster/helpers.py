"""What the cluster tests share: a widget tab (socket.io over polling, as the widget), REST
messages sent at once, and the one check every test ends with: the conversations it touched
are in the store exactly once, in order, turn by turn, with the replies the visitor got."""
from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Sequence

import aiohttp
import socketio

from scripts.servers import WIDGET_ORIGIN, Cluster

REPLY_TIMEOUT = 30  # seconds for a message's first reply, on this 2-core machine under load
QUIET = 1.5  # seconds without a bot_uttered after which a turn's replies are all in
NATIONAL_LINE = "09 75 18 76 91"
WELCOME = "assistant automatisé"  # actions/messages.yml, welcome: the first words of a conversation


def texts(replies: Sequence[dict] | object) -> list[str]:
    """The texts of a REST reply or of bot_uttered events, in order."""
    return [reply.get("text") or "" for reply in replies] if isinstance(replies, list) else []


def parts(messages: Sequence[str]) -> list[str]:
    """Messages as the channels send them: Rasa sends a text's paragraphs ("\n\n") as separate
    messages, but stores the text whole."""
    return [part for message in messages for part in message.strip().split("\n\n")]


# REST ---------------------------------------------------------------------------------------------

async def post_message(http: aiohttp.ClientSession, url: str, sender: str, text: str) -> tuple[int, object]:
    async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as response:
        try:
            return response.status, await response.json(content_type=None)
        except ValueError:
            return response.status, await response.text()


def send_at_once(url: str, messages: dict[str, list[str]], timeout: float = 120) -> dict[str, list[tuple]]:
    """Every message of every conversation sent at the same moment; {sender: [(text, status, body)]}."""
    async def run() -> dict[str, list[tuple]]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout),
                                         connector=aiohttp.TCPConnector(limit=0)) as http:
            async def one(sender: str, text: str) -> tuple:
                return (text, *await post_message(http, url, sender, text))

            results = await asyncio.gather(*(one(sender, text) for sender, said in messages.items() for text in said))
        answered: dict[str, list[tuple]] = {sender: [] for sender in messages}
        index = 0
        for sender, said in messages.items():
            answered[sender] = list(results[index:index + len(said)])
            index += len(said)
        return answered

    return asyncio.run(run())


def send_until_answered(cluster: Cluster, sender: str, text: str, within: float = 3.0) -> tuple[list[dict], list]:
    """A message through HAProxy, sent again while HAProxy answers 502/503 or the connection fails (a
    replica that just died, before its health check marks it DOWN), for at most `within` seconds:
    (replies, what the failed tries got)."""
    deadline, failed = time.monotonic() + within, []
    while True:
        try:
            status, body = cluster.send(sender, text)
        except OSError as error:  # the connection itself failed
            status, body = 0, repr(error)
        if status == 200 or status not in (0, 502, 503) or time.monotonic() >= deadline:
            assert status == 200, (status, body, failed)
            return body, failed
        failed.append(status)
        time.sleep(0.3)


# socket.io ----------------------------------------------------------------------------------------

class WidgetTab:
    """One browser tab with the widget: socket.io over polling, the widget's origin, a 32-hex session id."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.client = socketio.AsyncClient(reconnection=False)
        self.received: list[dict] = []  # every bot_uttered, in arrival order
        self._arrived = asyncio.Event()
        self._confirmed = asyncio.Event()
        self.client.on("bot_uttered", self._on_reply)
        self.client.on("session_confirm", lambda *_: self._confirmed.set())

    def _on_reply(self, data: dict) -> None:
        self.received.append(data)
        self._arrived.set()

    async def open(self, url: str) -> WidgetTab:
        await self.client.connect(url, transports=["polling"], headers={"Origin": WIDGET_ORIGIN},
                                  socketio_path="/socket.io", wait_timeout=REPLY_TIMEOUT)
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self._confirmed.wait(), REPLY_TIMEOUT)
        return self

    async def send(self, text: str) -> None:
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    async def replies_since(self, start: int, timeout: float = REPLY_TIMEOUT) -> list[dict]:
        """The bot_uttered received from index `start` on: waits for the first, then until QUIET."""
        deadline = time.monotonic() + timeout
        while len(self.received) <= start:
            self._arrived.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no reply within {timeout} s")
            try:
                await asyncio.wait_for(self._arrived.wait(), min(remaining, 1.0))
            except asyncio.TimeoutError:
                pass
        await self.quiet()
        return self.received[start:]

    async def quiet(self) -> None:
        """Until no bot_uttered has arrived for QUIET seconds."""
        count = -1
        while count != len(self.received):
            count = len(self.received)
            await asyncio.sleep(QUIET)

    async def say(self, text: str, timeout: float = REPLY_TIMEOUT) -> list[dict]:
        start = len(self.received)
        await self.send(text)
        return await self.replies_since(start, timeout)

    async def close(self) -> None:
        await self.client.disconnect()


# the store ----------------------------------------------------------------------------------------

def assert_stored_once_in_order(cluster: Cluster, sender: str, said: Sequence[str],
                                replies: Sequence[Sequence[str]] | dict[str, Sequence[str]] | None = None,
                                received: Sequence[str] | None = None) -> list[dict]:
    """The conversation as stored, against what the visitor said and got:
    - every event once (no two rows alike), and their timestamps never go backwards;
    - the visitor's messages exactly `said`, in that order (or in any order when `replies` is a
      dict {text: replies}: messages sent at once are handled in the order they got the lock);
    - turns never interleave: after each message, at least one action of the assistant's, and
      the turn ends with action_listen before the next message;
    - each message's bot events are the replies the visitor got for it (`replies`: per message),
      or all the bot events, in order, are the texts a widget tab received (`received`), each
      text's paragraphs counted as the separate messages the channels make of them.
    Returns the events."""
    events = cluster.stored_events(sender)
    assert events, f"nothing stored for {sender}"
    rows = Counter(json.dumps(event["data"], sort_keys=True) for event in events)
    assert not [row for row, count in rows.items() if count > 1], "an event is stored twice"
    stamps = [event["timestamp"] for event in events]
    assert stamps == sorted(stamps), "event timestamps go backwards"

    users = [index for index, event in enumerate(events) if event["type_name"] == "user"]
    stored_said = [events[index]["data"].get("text") for index in users]
    if isinstance(replies, dict):
        assert sorted(stored_said) == sorted(said), (stored_said, said)
    else:
        assert stored_said == list(said), (stored_said, said)

    def bots(part: list[dict]) -> list[str]:
        return [event["data"].get("text") or "" for event in part if event["type_name"] == "bot"]

    carried = bots(events[:users[0]]) if users else []  # a new session's welcome comes before the message
    stored_replies = []
    for number, start in enumerate(users):
        end = users[number + 1] if number + 1 < len(users) else len(events)
        turn = events[start + 1:end]
        # a session that starts again before the next message belongs to the next message
        cut = next((k for k, event in enumerate(turn) if event["action_name"] == "action_session_start"), len(turn))
        answer = turn[:cut]
        actions = [event["action_name"] for event in answer if event["type_name"] == "action"]
        assert [a for a in actions if a != "action_listen"], f"no action answered {stored_said[number]!r}: {actions}"
        assert actions[-1] == "action_listen", f"the turn of {stored_said[number]!r} does not end listening: {actions}"
        stored_replies.append(carried + bots(answer))
        carried = bots(turn[cut:])

    stored_replies = [parts(turn) for turn in stored_replies]
    if isinstance(replies, dict):
        expected = [parts(replies[text]) for text in stored_said]
        assert stored_replies == expected, _differences(stored_said, stored_replies, expected)
    elif replies is not None:
        expected = [parts(turn) for turn in replies]
        assert stored_replies == expected, _differences(stored_said, stored_replies, expected)
    if received is not None:
        flat = [text for turn in stored_replies for text in turn] + parts(carried)
        assert flat == parts(received), _differences(["(all)"], [flat], [parts(received)])
    return events


def _differences(said: list[str], stored: list[list[str]], got: list[list[str]]) -> str:
    lines = ["stored replies differ from what the visitor got:"]
    for number, (text, kept, answered) in enumerate(zip(said + [""] * len(stored), stored, got, strict=False)):
        if kept != answered:
            lines.append(f"  {number} {text!r}:\n    stored {[t[:50] for t in kept]}\n    got    {[t[:50] for t in answered]}")
    if len(stored) != len(got):
        lines.append(f"  {len(stored)} turns stored, {len(got)} answered")
    return "\n".join(lines)
