"""Slack end to end: signed Events API and Interactivity requests in, Web API calls out to
the local stand-in. Slack's channel answers in the background, so replies are waited for."""
import time
import uuid

import pytest

from bot.channels.guard import REPLIES
from tests.channels.conftest import employment_status, user_texts, webhook
from tests.standins.slack import buttons, deliver_event, message_event, press_button


def new_visitor() -> tuple[str, str]:
    suffix = uuid.uuid4().hex[:8].upper()
    return f"U{suffix}", f"D{suffix}"


def replies_in(platforms, channel: str, count: int, since: int = 0) -> list:
    platforms.slack.wait_for("chat.postMessage", count)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [c for c in platforms.slack.sent("chat.postMessage") if c.params["channel"] == channel][since:]
        if len(found) >= count:
            time.sleep(1)  # the rest of the same reply
            return [c for c in platforms.slack.sent("chat.postMessage") if c.params["channel"] == channel][since:]
        time.sleep(0.2)
    return found


def test_a_visitor_gets_the_notice_then_clicks_a_button(assistant, platforms):
    user, channel = new_visitor()
    status, _ = deliver_event(webhook(assistant, "slack"), message_event(user, channel, "bonjour"))
    assert status == 200
    replies = replies_in(platforms, channel, 2)
    assert "assistant automatisé" in replies[0].params["text"]
    offered = {b["text"]["text"]: b["value"] for b in buttons(replies[-1].params)}
    assert {"Salarié(e) du privé", "Retraité(e)", "Sans activité"} <= set(offered)  # all seven, not cut at five

    status, _ = press_button(webhook(assistant, "slack"), user, channel, offered["Salarié(e) du privé"])
    assert status == 200
    next_question = replies_in(platforms, channel, 1, since=len(replies))[-1]
    assert "J'ai plusieurs idées" in [b["text"]["text"] for b in buttons(next_question.params)]
    assert employment_status(assistant, "slack", user, awaited="private_employee") == "private_employee"


@pytest.mark.security
def test_a_forged_or_replayed_request_is_refused_and_nothing_is_sent(assistant, platforms):
    user, channel = new_visitor()
    forged = deliver_event(webhook(assistant, "slack"), message_event(user, channel, "bonjour"), secret="guessed")
    replayed = deliver_event(webhook(assistant, "slack"), message_event(user, channel, "bonjour"),
                             timestamp=str(int(time.time()) - 3600))
    assert forged[0] == replayed[0] == 403
    time.sleep(2)
    assert replies_in(platforms, channel, 0) == [] and user_texts(assistant, "slack", user) == []


def test_an_oversized_message_gets_the_polite_reply_only(assistant, platforms):
    user, channel = new_visitor()
    deliver_event(webhook(assistant, "slack"), message_event(user, channel, "je suis agent public " * 150))
    assert [c.params["text"] for c in replies_in(platforms, channel, 1)] == [REPLIES["too_long"]]
    assert user_texts(assistant, "slack", user) == []
