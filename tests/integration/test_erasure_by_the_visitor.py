"""A visitor who asks for the conversation to be erased gets it erased, through the real servers."""
import sqlite3
import uuid


def stored_events(assistant, sender: str) -> int:
    with sqlite3.connect(assistant.db_path) as db:
        return db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_effacez_tout_then_oui_erases_every_stored_event_and_the_visitor_can_go_on(assistant):
    sender = f"erase-{uuid.uuid4().hex[:12]}"
    assistant.say(sender, "je suis salariée chez Orange, j'habite au 12 rue de la Paix")
    asked = " ".join(r.get("text", "") for r in assistant.say(sender, "je veux que tout soit effacé maintenant svp"))
    assert "Voulez-vous que j'efface" in asked and stored_events(assistant, sender) > 0
    done = " ".join(r.get("text", "") for r in assistant.say(sender, "oui"))
    assert "effacé" in done and "09 75 18 76 91" in done
    assert stored_events(assistant, sender) == 0
    # what follows is a new conversation: welcomed once, then it goes on (no loop of welcomes)
    first = " ".join(r.get("text", "") for r in assistant.say(sender, "je suis agent public"))
    second = " ".join(r.get("text", "") for r in assistant.say(sender, "je ne sais pas encore"))
    assert "assistant automatisé" in first and "assistant automatisé" not in second
    assert assistant.slots(sender)["employment_status"] == "public_employee"


def test_a_mere_ok_erases_nothing(assistant):
    sender = f"erase-{uuid.uuid4().hex[:12]}"
    assistant.say(sender, "je suis au chômage")
    assistant.say(sender, "effacez tout")
    assistant.say(sender, "ok")
    assert stored_events(assistant, sender) > 0
