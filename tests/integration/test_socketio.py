"""The socket.io channel (what the website widget uses), with session persistence:
a visitor who reloads the page keeps their conversation and still gets replies."""
import queue
import urllib.error
import urllib.request
import uuid

import socketio

from bot.channels.guard import REPLIES

TIMEOUT = 30


class Visitor:
    """A socket.io client as the widget would be, on the polling transport."""

    def __init__(self, url: str, session_id: str):
        self.replies: queue.Queue = queue.Queue()
        self.confirmed: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.replies.put)
        self.client.on("session_confirm", self.confirmed.put)
        self.client.connect(url, transports=["polling"], socketio_path="/socket.io")
        self.client.emit("session_request", {"session_id": session_id})
        assert self.confirmed.get(timeout=TIMEOUT) == session_id
        self.session_id = session_id

    def say(self, text: str) -> list[dict]:
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        replies = [self.replies.get(timeout=TIMEOUT)]
        while True:
            try:
                replies.append(self.replies.get(timeout=3))
            except queue.Empty:
                return replies

    def leave(self) -> None:
        self.client.disconnect()


def test_a_conversation_survives_a_page_reload(assistant):
    session_id = uuid.uuid4().hex
    first_page = Visitor(assistant.url, session_id)
    opening = " ".join(r.get("text") or "" for r in first_page.say("bonjour"))
    assert "assistant automatisé" in opening
    first_page.leave()

    reloaded = Visitor(assistant.url, session_id)
    replies = reloaded.say("je suis salarié du privé")
    assert any("où en êtes-vous" in (r.get("text") or "") for r in replies)
    reloaded.leave()
    slots = assistant.slots_once(assistant.conversation_of("socketio", session_id), {"employment_status": "private_employee"})
    assert slots["employment_status"] == "private_employee"


def test_the_conversation_id_counsellors_see_opens_nothing(assistant):
    """An outside probe joined another visitor's conversation with its id (shown in the list, the
    exports, the audit log): it wrote into it and received its replies."""
    session_id = uuid.uuid4().hex
    visitor = Visitor(assistant.url, session_id)
    visitor.say("je suis étudiant")
    shown = assistant.conversation_of("socketio", session_id)
    assert session_id not in shown
    intruder = Visitor(assistant.url, shown[-32:])  # the 32 hex digits a counsellor or an export shows
    intruder.say("je suis retraité")
    assert assistant.slots_once(shown, {"employment_status": "student"})["employment_status"] == "student"
    visitor.client.emit("user_uttered", {"message": "merci", "session_id": session_id})
    assert visitor.replies.get(timeout=TIMEOUT)  # the visitor gets their reply…
    assert intruder_replies(intruder) == []  # …and the intruder nothing of it
    visitor.leave()
    intruder.leave()


def intruder_replies(intruder: Visitor) -> list[dict]:
    replies = []
    while True:
        try:
            replies.append(intruder.replies.get(timeout=3))
        except queue.Empty:
            return replies


def polling_handshake(url: str, origin: str) -> tuple[int, dict]:
    """The first request a browser on `origin` makes to open a socket.io connection."""
    request = urllib.request.Request(f"{url}/socket.io/?EIO=4&transport=polling", headers={"Origin": origin})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_only_the_configured_host_sites_can_open_a_session(assistant):
    status, headers = polling_handshake(assistant.url, "http://localhost:8000")  # the demo site, by default
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == "http://localhost:8000"
    status, headers = polling_handshake(assistant.url, "https://another-site.example")
    assert status == 400 and "Access-Control-Allow-Origin" not in headers


def test_socketio_messages_are_checked_like_every_channel(assistant):
    visitor = Visitor(assistant.url, uuid.uuid4().hex)
    too_long = visitor.say("a" * 2500)
    assert [r["text"] for r in too_long] == [REPLIES["too_long"]]
    unknown = visitor.say('/delete_everything{"x": 1}')
    assert [r["text"] for r in unknown] == [REPLIES["unknown_payload"]]
    visitor.leave()
    events = assistant.tracker(assistant.conversation_of("socketio", visitor.session_id))["events"] or []
    assert not [e for e in events if e["event"] == "user"]  # neither was processed nor stored


def test_a_session_id_the_widget_would_not_make_is_replaced(assistant):
    confirmed: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("session_confirm", confirmed.put)
    client.connect(assistant.url, transports=["polling"], socketio_path="/socket.io")
    client.emit("session_request", {"session_id": "1"})
    given = confirmed.get(timeout=TIMEOUT)
    client.disconnect()
    assert given != "1" and len(given) == 32


def test_a_flood_on_the_widget_channel_is_slowed_down_politely(assistant):
    visitor = Visitor(assistant.url, uuid.uuid4().hex)
    for _ in range(11):
        visitor.client.emit("user_uttered", {"message": "", "session_id": visitor.session_id})
    replies = [visitor.replies.get(timeout=TIMEOUT)["text"] for _ in range(11)]
    visitor.leave()
    assert replies[:10] == [REPLIES["empty"]] * 10 and replies[10] == REPLIES["too_fast"]
