"""The socket.io channel (what the website widget uses), with session persistence:
a visitor who reloads the page keeps their conversation and still gets replies."""
import queue
import uuid

import socketio

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
    assert assistant.slots(session_id)["employment_status"] == "private_employee"
