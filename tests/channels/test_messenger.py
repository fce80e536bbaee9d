"""Messenger end to end: signed webhook events in, Graph API calls out to the local stand-in."""
import urllib.request
import uuid

import pytest

from bot.channels.guard import REPLIES
from tests.channels.conftest import employment_status, user_texts, webhook
from tests.standins import messenger
from tests.standins.messenger import deliver, quick_reply_event, text_event


def new_psid() -> str:
    return str(uuid.uuid4().int)[:16]


def sent_to(platforms, psid: str, since: int = 0) -> list[dict]:
    return [c.params["message"] for c in platforms.messenger.sent("message")
            if c.params["recipient"]["id"] == psid][since:]


def test_meta_verification_needs_the_verify_token(assistant):
    def verify(token: str) -> tuple[int, str]:
        url = f"{webhook(assistant, 'facebook')}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=4242"
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, ""
    assert verify(messenger.VERIFY_TOKEN) == (200, "4242")
    assert verify("guessed")[0] == 403


def test_a_visitor_gets_the_notice_then_taps_a_quick_reply(assistant, platforms):
    psid = new_psid()
    status, _ = deliver(webhook(assistant, "facebook"), text_event(psid, "bonjour"))
    assert status == 200
    replies = sent_to(platforms, psid)
    assert "assistant automatisé" in replies[0]["text"]
    quick_replies = {q["title"]: q for q in replies[-1]["quick_replies"]}
    assert {"Salarié(e) du privé", "Retraité(e)"} <= set(quick_replies)
    assert all(len(title) <= 20 and q["content_type"] == "text" for title, q in quick_replies.items())

    chosen = quick_replies["Salarié(e) du privé"]
    deliver(webhook(assistant, "facebook"), quick_reply_event(psid, chosen["title"], chosen["payload"]))
    assert employment_status(assistant, "facebook", psid, awaited="private_employee") == "private_employee"
    next_question = sent_to(platforms, psid, since=len(replies))[-1]
    assert "J'ai plusieurs idées" in [q["title"] for q in next_question["quick_replies"]]


def test_every_event_of_a_batch_is_answered(assistant, platforms):
    first, second = new_psid(), new_psid()
    batch = text_event(first, "bonjour")
    batch["entry"] += text_event(second, "je suis salarié du privé")["entry"]
    deliver(webhook(assistant, "facebook"), batch)
    assert sent_to(platforms, first) and sent_to(platforms, second)
    assert employment_status(assistant, "facebook", second, awaited="private_employee") == "private_employee"


@pytest.mark.security
def test_a_forged_signature_is_refused_and_nothing_is_sent(assistant, platforms):
    psid = new_psid()
    status, _ = deliver(webhook(assistant, "facebook"), text_event(psid, "bonjour"), secret="not-the-app-secret")
    assert status == 403
    assert sent_to(platforms, psid) == [] and user_texts(assistant, "facebook", psid) == []


def test_an_oversized_message_gets_the_polite_reply_only(assistant, platforms):
    psid = new_psid()
    deliver(webhook(assistant, "facebook"), text_event(psid, "je cherche une formation " * 100))
    assert [m["text"] for m in sent_to(platforms, psid)] == [REPLIES["too_long"]]
    assert user_texts(assistant, "facebook", psid) == []
