"""Personal data: redacted before storage, purged after the retention period, erased on request."""
import json
import os
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import UserUttered

from bot.storage.redaction import EMAIL, PHONE
from bot.storage.retention import (
    audit_retention_days,
    erase_conversation,
    purge_logs_older_than,
    purge_older_than,
)
from review import projection
from review.schema import conversations as projection_table
from review.schema import notes, tags
from tests.review_app.helpers import ROOT, csrf_token, run_and_return

pytestmark = pytest.mark.security


def stored_texts(engine, sender):
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                                  {"s": sender}).fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


def test_visitor_personal_data_is_redacted_before_it_is_stored(conversations, engine):
    conversations.save("visiteur-1", [
        ("user", "je suis au chômage, appelez-moi au 06 12 34 56 78 ou jean.dupont@gmail.com", "inform", 0.9),
        ("bot", "Vous pouvez joindre un conseiller au 09 75 18 76 91 ou sur mon-cep.org."),
    ])
    events = stored_texts(engine, "visiteur-1")
    raw = json.dumps(events, ensure_ascii=False)
    assert "06 12 34 56 78" not in raw and "jean.dupont" not in raw
    user = next(data for kind, data in events if kind == "user")
    assert user["text"] == f"je suis au chômage, appelez-moi au {PHONE} ou {EMAIL}"
    assert user["parse_data"]["text"] == user["text"]
    bot = next(data for kind, data in events if kind == "bot")
    assert "09 75 18 76 91" in bot["text"] and "mon-cep.org" in bot["text"]


def _rows(engine, table, sender):
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)
                                  .where(table.c.sender_id == sender)).scalar()


def _events(engine, sender):
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()


def _annotate(engine, sender):
    with engine.begin() as connection:
        connection.execute(notes.insert().values(sender_id=sender, author="a@cep.example", body="rappeler",
                                                 created_at=time.time()))
        connection.execute(tags.insert().values(sender_id=sender, tag="urgent", author="a@cep.example",
                                                created_at=time.time()))


def test_the_purge_deletes_old_conversations_with_their_projection_notes_and_tags(conversations, engine):
    conversations.save("ancien", [("user", "je suis salarié", "inform", 0.9)], start=time.time() - 40 * 86400)
    conversations.save("recent", [("user", "je suis agent public", "inform", 0.9)])
    projection.refresh(engine)
    _annotate(engine, "ancien")
    _annotate(engine, "recent")
    assert purge_older_than(engine, 30) == 1
    for table in (projection_table, notes, tags):
        assert _rows(engine, table, "ancien") == 0
        assert _rows(engine, table, "recent") == 1
    assert _events(engine, "ancien") == 0 and _events(engine, "recent") > 0


def test_an_admin_erases_one_conversation_and_every_copy_of_it(admin_client, conversations, engine):
    conversations.save("a-effacer", [("user", "je suis salarié", "inform", 0.9)])
    conversations.save("a-garder", [("user", "je suis salarié", "inform", 0.9)])
    projection.refresh(engine)
    _annotate(engine, "a-effacer")
    token = csrf_token(admin_client, "/conversations/a-effacer")
    response = admin_client.post("/conversations/a-effacer/effacer", data={"csrf_token": token, "confirm": "oui"})
    assert response.status_code == 302
    assert _events(engine, "a-effacer") == 0
    for table in (projection_table, notes, tags):
        assert _rows(engine, table, "a-effacer") == 0
    assert _events(engine, "a-garder") > 0 and _rows(engine, projection_table, "a-garder") == 1
    assert admin_client.get("/conversations/a-effacer").status_code == 404
    assert "effacement" in admin_client.get("/admin/journal").get_data(as_text=True)


def test_the_erase_command_deletes_one_conversation_and_is_audited(conversations, engine, db_url):
    conversations.save("a-effacer", [("user", "je suis salarié", "inform", 0.9)])
    conversations.save("a-garder", [("user", "je suis salarié", "inform", 0.9)])
    projection.refresh(engine)
    _annotate(engine, "a-effacer")
    env = dict(os.environ, CONVERSATIONS_DB_URL=db_url, REVIEW_SECRET_KEY="test")
    done = subprocess.run([sys.executable, "-m", "review.cli", "erase", "a-effacer", "--by", "dpo@cep.example"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _events(engine, "a-effacer") == 0 and _rows(engine, notes, "a-effacer") == 0
    assert _rows(engine, projection_table, "a-effacer") == 0 and _events(engine, "a-garder") > 0
    log = subprocess.run([sys.executable, "-m", "review.cli", "audit"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert "dpo@cep.example" in log.stdout and "a-effacer" in log.stdout


def test_a_conversation_erased_while_rasa_handles_a_message_is_never_written_again(conversations, engine, store,
                                                                                   domain):
    conversations.save("en-cours", [("user", "je suis salarié", "inform", 0.9)])
    tracker = run_and_return(store.retrieve("en-cours"))  # what the Rasa server holds while it answers
    assert erase_conversation(engine, "en-cours") > 0
    tracker.update(UserUttered("et mon numéro est le 06 12 34 56 78", {"name": "inform", "confidence": 0.9}))
    run_and_return(store.save(tracker))  # the server stores the turn it was handling
    assert _events(engine, "en-cours") == 0
    conversations.save("en-cours", [("user", "je reviens", "greet", 0.9)])  # nor anything later
    assert _events(engine, "en-cours") == 0
    with engine.connect() as connection:  # the tombstone holds the id only
        assert connection.execute(sa.text("SELECT * FROM erased_senders")).all() == [("en-cours",)]


def test_a_projection_row_rebuilt_during_an_erasure_is_not_written_back(conversations, engine):
    conversations.save("a-effacer", [("user", "je suis salarié", "inform", 0.9)])
    with engine.connect() as connection:
        rows = projection.read_rows(connection, ["a-effacer"])  # the refresh has read the events…
        erase_conversation(engine, "a-effacer")  # …the erasure commits…
        with connection.begin():
            written = projection.write_rows(connection, ["a-effacer"], rows)  # …then the refresh writes
    assert written == 0 and _rows(engine, projection_table, "a-effacer") == 0


def test_the_purge_sweeps_copies_of_conversations_that_have_no_events_left(conversations, engine):
    conversations.save("vivant", [("user", "je suis salarié", "inform", 0.9)])
    projection.refresh(engine)
    _annotate(engine, "vivant")
    _annotate(engine, "orphelin")  # notes and tags of a conversation whose events are gone
    with engine.begin() as connection:
        connection.execute(projection_table.insert().values(sender_id="orphelin", user_turns=1, bot_turns=0,
                                                            fallback=False, handoff=False, has_summary=False))
    assert purge_older_than(engine, 30) == 0
    for table in (projection_table, notes, tags):
        assert _rows(engine, table, "orphelin") == 0 and _rows(engine, table, "vivant") == 1


def test_the_purge_deletes_in_batches(conversations, engine):
    old = time.time() - 40 * 86400
    for i in range(7):
        conversations.save(f"ancien-{i}", [("user", "je suis salarié", "inform", 0.9)], start=old)
    assert purge_older_than(engine, 30, batch=3) == 7
    assert _events(engine, "ancien-0") == 0 and _events(engine, "ancien-6") == 0


def test_the_purge_deletes_audit_entries_and_login_attempts_after_their_retention(engine):
    from review import audit
    from review.schema import audit_log, login_attempts

    audit.record(engine, "a@cep.example", "lecture", "vieux")
    audit.record(engine, "a@cep.example", "lecture", "recent")
    with engine.begin() as connection:
        connection.execute(audit_log.update().where(audit_log.c.target == "vieux").values(at=time.time() - 400 * 86400))
        connection.execute(login_attempts.insert(), [
            {"at": time.time() - 400 * 86400, "email": "a@cep.example", "ip": "1.2.3.4", "success": False},
            {"at": time.time(), "email": "a@cep.example", "ip": "1.2.3.4", "success": False}])
    assert purge_logs_older_than(engine, audit_retention_days()) == 2
    with engine.connect() as connection:
        assert [r[0] for r in connection.execute(sa.select(audit_log.c.target))] == ["recent"]
        assert connection.execute(sa.select(sa.func.count()).select_from(login_attempts)).scalar() == 1
