"""An outside probe's personal-data messages and token checks, replayed against the real servers:
whatever a visitor writes, no raw e-mail address, phone number, NIR or IBAN reaches the
tracker store or the logs, and no conversation is read without the token."""
import sqlite3
import uuid

import pytest

pytestmark = pytest.mark.security
WEBHOOK = "/webhooks/rest/webhook"

# (what the visitor writes, what must not be stored: the personal data's tell-tale parts)
PERSONAL = [
    ("mon mail jean.dupont @ gmail.com merci", ["dupont", "gmail"]),
    ("écrivez à jean point dupont arobase gmail point com", ["dupont", "gmail"]),
    ("jean.dupont(at)gmail(dot)com", ["dupont", "gmail"]),
    ("jean.dupont [at] gmail [dot] com", ["dupont", "gmail"]),
    ("jean.dupont＠gmail.com", ["dupont", "gmail"]),
    ("rappelez-moi au 06/12/34/56/78", ["12/34/56", "56/78"]),
    ("mon numéro zéro six douze trente-quatre cinquante-six soixante-dix-huit", ["trente-quatre cinquante-six"]),
    ("j'habite 5 place bellecour à Lyon", ["bellecour"]),
    ("je suis salariée rue de la Paix", ["de la paix"]),
    ("sécu 1 85 05 78 006 084 91", ["006 084"]),
    ("mon iban FR76 3000 6000 0112 3456 7890 189", ["3456 7890"]),
]


def stored_text(assistant, sender: str) -> str:
    with sqlite3.connect(assistant.db_path) as db:
        return " ".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))).lower()


@pytest.mark.parametrize(("message", "parts"), PERSONAL)
def test_personal_data_never_reaches_the_tracker_store(assistant, message, parts):
    who = f"probe-{uuid.uuid4()}"
    assistant.say(who, "bonjour")
    replies = assistant.say(who, message)
    assert replies  # answered, not refused
    stored = stored_text(assistant, who)
    assert "masqu" in stored  # the message was stored, with its placeholder
    assert not [part for part in parts if part in stored]


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_no_conversation_is_read_without_the_token(assistant, token):
    who = f"probe-{uuid.uuid4()}"
    assistant.say(who, "je suis salariée")
    query = "" if token is None else f"?token={token}"
    for path in (f"/conversations/{who}/tracker{query}", f"/conversations/{who}/story{query}"):
        status, _ = assistant.request("GET", path)
        assert status == 401
