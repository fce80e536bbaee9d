"""Telegram end to end: signed updates in, Bot API calls out to the local stand-in."""
import random
import urllib.error
import urllib.request

import pytest

from bot.channels.guard import REPLIES
from tests.channels.conftest import TELEGRAM_WEBHOOK, employment_status, user_texts, webhook
from tests.standins import telegram
from tests.standins.telegram import button_update, deliver, keyboard, text_update


def new_chat() -> int:
    return random.randint(10**8, 10**9)


def sent_to(platforms, chat: int, since: int = 0):
    return [c for c in platforms.telegram.sent("sendMessage") if c.params["chat_id"] == str(chat)][since:]


def test_the_webhook_is_registered_with_its_secret_token(assistant, platforms):
    registered = platforms.telegram.sent("setWebhook")
    assert registered and registered[-1].params["url"] == TELEGRAM_WEBHOOK
    assert registered[-1].params["secret_token"] == telegram.SECRET


def test_a_visitor_gets_the_notice_then_taps_an_inline_button(assistant, platforms):
    chat = new_chat()
    status, _ = deliver(webhook(assistant, "telegram"), text_update(chat, "bonjour"))
    assert status == 200
    replies = sent_to(platforms, chat)
    assert "assistant automatisé" in replies[0].params["text"]
    question = replies[-1]
    buttons = {b["text"]: b["callback_data"] for b in keyboard(question)}
    assert "Salarié(e) du privé" in buttons and "Retraité(e)" in buttons

    tap = button_update(chat, buttons["Salarié(e) du privé"])
    deliver(webhook(assistant, "telegram"), tap)
    acknowledged = platforms.telegram.sent("answerCallbackQuery")
    assert tap["callback_query"]["id"] in [c.params["callback_query_id"] for c in acknowledged]
    assert employment_status(assistant, "telegram", chat, awaited="private_employee") == "private_employee"
    next_question = sent_to(platforms, chat, since=len(replies))[-1]
    assert "J'ai plusieurs idées" in [b["text"] for b in keyboard(next_question)]


def test_telegram_start_command_opens_the_conversation(assistant, platforms):
    chat = new_chat()
    deliver(webhook(assistant, "telegram"), text_update(chat, "/start"))
    assert "assistant automatisé" in sent_to(platforms, chat)[0].params["text"]


@pytest.mark.security
def test_an_update_without_the_secret_token_is_refused_and_nothing_is_sent(assistant, platforms):
    chat = new_chat()
    for secret in ("wrong-secret", ""):
        status, _ = deliver(webhook(assistant, "telegram"), text_update(chat, "bonjour"), secret=secret)
        assert status == 403
    forged_tap = button_update(chat, '/inform{"employment_status": "retired"}')
    assert deliver(webhook(assistant, "telegram"), forged_tap, secret="wrong-secret")[0] == 403
    acknowledged = [c.params["callback_query_id"] for c in platforms.telegram.sent("answerCallbackQuery")]
    assert forged_tap["callback_query"]["id"] not in acknowledged
    assert sent_to(platforms, chat) == [] and user_texts(assistant, "telegram", chat) == []


def test_an_oversized_message_gets_the_polite_reply_only(assistant, platforms):
    chat = new_chat()
    status, _ = deliver(webhook(assistant, "telegram"), text_update(chat, "je suis salarié " * 200))
    assert status == 200
    assert [c.params["text"] for c in sent_to(platforms, chat)] == [REPLIES["too_long"]]
    assert user_texts(assistant, "telegram", chat) == []


@pytest.mark.parametrize(("update", "problem"), [
    (lambda chat: text_update(chat, "   "), "empty"),
    (lambda chat: button_update(chat, "/not_an_intent"), "unknown_payload"),
])
def test_an_empty_message_or_an_unknown_button_gets_the_polite_reply_only(assistant, platforms, update, problem):
    chat = new_chat()
    deliver(webhook(assistant, "telegram"), update(chat))
    assert [c.params["text"] for c in sent_to(platforms, chat)] == [REPLIES[problem]]
    assert user_texts(assistant, "telegram", chat) == []


@pytest.mark.security
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rasas_unauthenticated_set_webhook_route_is_not_served(assistant, platforms, method):
    """An outside probe: anyone could call it, and it registered the webhook without the secret."""
    registered = len(platforms.telegram.sent("setWebhook"))
    request = urllib.request.Request(f"{assistant.url}/webhooks/telegram/set_webhook", method=method, data=b"")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 404
    assert len(platforms.telegram.sent("setWebhook")) == registered
