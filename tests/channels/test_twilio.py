"""WhatsApp through Twilio end to end: signed webhooks in, REST API calls out to the local
stand-in; buttons become a numbered list the visitor answers with a number."""
import random
import sqlite3

import pytest

from bot.channels.guard import REPLIES
from tests.channels.conftest import employment_status, user_texts, webhook
from tests.standins.twilio import deliver


def new_number() -> str:
    return f"whatsapp:+336{random.randint(10**7, 10**8 - 1)}"


def bodies_to(platforms, number: str, since: int = 0) -> list[str]:
    return [c.params["Body"] for c in platforms.twilio.sent("Messages") if c.params["To"] == number][since:]


def test_a_visitor_gets_a_numbered_list_and_answers_with_a_number(assistant, platforms):
    number = new_number()
    status, _ = deliver(webhook(assistant, "twilio"), number, "bonjour")
    assert status == 204
    replies = bodies_to(platforms, number)
    assert "assistant automatisé" in replies[0]
    assert "1. Salarié(e) du privé" in replies[-1] and "numéro" in replies[-1]
    assert "/inform" not in "".join(replies)

    deliver(webhook(assistant, "twilio"), number, "1")
    assert employment_status(assistant, "twilio", number, awaited="private_employee") == "private_employee"
    assert "J'ai plusieurs idées" in bodies_to(platforms, number, since=len(replies))[-1]


@pytest.mark.security
def test_a_forged_signature_is_refused_and_nothing_is_sent(assistant, platforms):
    number = new_number()
    status, _ = deliver(webhook(assistant, "twilio"), number, "bonjour", token="not-the-auth-token")
    assert status == 403
    assert bodies_to(platforms, number) == [] and user_texts(assistant, "twilio", number) == []


def test_an_oversized_message_gets_the_polite_reply_only(assistant, platforms):
    number = new_number()
    deliver(webhook(assistant, "twilio"), number, "je suis en CDD " * 200)
    assert bodies_to(platforms, number) == [REPLIES["too_long"]]
    assert user_texts(assistant, "twilio", number) == []


@pytest.mark.security
def test_a_french_sms_signed_over_its_blank_fields_is_answered(assistant, platforms):
    """An outside check: Twilio signs every parameter, blank ones too (FromCity= for a French
    number), and the channel checked the signature without them: every French SMS got a 403."""
    number = f"+336{random.randint(10**7, 10**8 - 1)}"
    status, _ = deliver(webhook(assistant, "twilio"), number, "bonjour")
    assert status == 204
    assert "assistant automatisé" in bodies_to(platforms, number)[0]


def test_a_photo_without_a_caption_gets_the_polite_reply(assistant, platforms):
    number = new_number()
    status, _ = deliver(webhook(assistant, "twilio"), number, "", photo=True)
    assert status == 204 and bodies_to(platforms, number) == [REPLIES["empty"]]


@pytest.mark.security
def test_the_phone_number_is_stored_nowhere_the_conversation_has_an_opaque_id(assistant, platforms):
    number = new_number()
    deliver(webhook(assistant, "twilio"), number, "bonjour je suis salariée")
    digits = number.removeprefix("whatsapp:+")
    with sqlite3.connect(assistant.db_path) as db:
        rows = db.execute("SELECT sender_id, data FROM events").fetchall()
    assert rows and not [row for row in rows if digits in row[0] or digits[2:] in row[1]]
    assert employment_status(assistant, "twilio", number, awaited="private_employee") == "private_employee"
