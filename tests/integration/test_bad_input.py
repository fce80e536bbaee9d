"""Bad input over REST: a polite reply or a clean 4xx, never a 500 nor an echo."""
import http.client
import json
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.security

WEBHOOK = "/webhooks/rest/webhook"


def sender() -> str:
    return f"bad-{uuid.uuid4()}"  # a UUID: never a phone number by chance


@pytest.mark.parametrize("message", ["", "   ", "x" * 5000, "/not_an_intent", '/inform{"oops'])
def test_refused_messages_get_a_polite_reply(assistant, message):
    status, replies = assistant.request("POST", WEBHOOK, {"sender": sender(), "message": message})
    assert status == 200 and replies and replies[0]["text"]


@pytest.mark.parametrize("message", ["👍👍👍", "<script>alert('x')</script>", "<b>bonjour</b>",
                                     "Hello, can you help me find a job?", "azertyuiop qsdfghjklm"])
def test_odd_messages_get_an_answer_without_echo(assistant, message):
    status, replies = assistant.request("POST", WEBHOOK, {"sender": sender(), "message": message})
    assert status == 200 and replies
    text = " ".join(r.get("text") or "" for r in replies)
    assert "<script" not in text and "<b>" not in text


def test_english_gets_the_other_language_answer(assistant):
    status, replies = assistant.request("POST", WEBHOOK, {"sender": sender(), "message": "Hello, I need help to change my career, do you speak English?"})
    assert status == 200 and "only answer in French" in " ".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b"null",
                                 b'{"message": "bonjour"}', b'{"sender": 12, "message": "x"}',
                                 b'{"sender": "a b/../c", "message": "x"}', b'{"sender": "ok", "message": 42}'])
def test_malformed_requests_get_a_clean_400(assistant, raw):
    status, body = assistant.request("POST", WEBHOOK, raw=raw)
    assert status == 400 and " doit " in body["error"]  # what to send instead, in French


def test_a_forged_payload_value_is_not_stored(assistant):
    who = sender()
    assistant.request("POST", WEBHOOK, {"sender": who, "message": '/inform{"employment_status": "hacker"}'})
    assert assistant.slots(who)["employment_status"] is None


def test_a_flood_in_one_conversation_is_slowed_down_politely(assistant):
    flooder, other = sender(), sender()
    statuses = [assistant.request("POST", "/webhooks/rest/webhook", {"sender": flooder, "message": ""})[0]
                for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    status, replies = assistant.request("POST", "/webhooks/rest/webhook", {"sender": flooder, "message": "bonjour"})
    assert status == 429 and "attendez" in replies[0]["text"]
    assert assistant.say(other, "bonjour")  # other visitors are not affected


def test_an_email_address_cannot_be_a_conversation_id(assistant):
    status, _ = assistant.request("POST", "/webhooks/rest/webhook",
                                  {"sender": "claire.martin@example.org", "message": "bonjour"})
    assert status == 400


@pytest.mark.parametrize("identifier", ["0612345678", "+33612345678", "06-12-34-56-78", "1850578006084",
                                        "FR7630006000011234567890189"])
def test_a_phone_nir_or_iban_cannot_be_a_conversation_id(assistant, identifier):
    """An outside probe: such ids were stored and written to the audit log kept 365 days."""
    status, _ = assistant.request("POST", WEBHOOK, {"sender": identifier, "message": "bonjour"})
    assert status == 400
    with sqlite3.connect(assistant.db_path) as db:
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (identifier,)).fetchone()[0] == 0


def test_only_json_is_read_so_a_cross_site_no_cors_post_is_refused(assistant):
    req = urllib.request.Request(assistant.url + WEBHOOK, method="POST",
                                 data=json.dumps({"sender": sender(), "message": "bonjour"}).encode(),
                                 headers={"Content-Type": "text/plain;charset=UTF-8"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=30)
    assert refused.value.code == 415


def test_a_body_over_16_kb_is_refused(assistant):
    status, _ = assistant.request("POST", WEBHOOK, raw=json.dumps({"sender": sender(), "message": "x" * 20_000}).encode())
    assert status == 413


def test_a_lone_surrogate_gets_a_polite_reply(assistant):
    """An outside probe: "\\ud800" gave a 503."""
    status, replies = assistant.request("POST", WEBHOOK, raw=b'{"sender": "%s", "message": "bonjour \\ud800"}'
                                        % sender().encode())
    assert status == 200 and "illisible" in replies[0]["text"]


def post_from(assistant, source: str, body: dict) -> int:
    """A REST post from another loopback address (the test servers exempt only 127.0.0.1)."""
    url = urllib.parse.urlsplit(assistant.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=(source, 0))
    try:
        connection.request("POST", WEBHOOK, json.dumps(body), {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_new_conversations_by_the_hundred_from_one_address_are_slowed_down(assistant):
    """An outside probe created 600 conversations in 40 s from one address, each with a new id."""
    statuses = [post_from(assistant, "127.0.0.2", {"sender": sender(), "message": ""}) for _ in range(250)]
    assert statuses.count(429) >= 5 and statuses[:200] == [200] * 200
    assert post_from(assistant, "127.0.0.3", {"sender": sender(), "message": ""}) == 200  # another address


def test_a_forged_payload_with_personal_data_is_refused_whole_and_nothing_is_stored(assistant):
    """An outside probe: a dict-valued entity made validation fail, so the region slot kept a raw
    e-mail address and phone number, shown to counsellors in lists, filters and exports."""
    who = sender()
    assistant.say(who, "bonjour")
    forged = '/inform{"region": "Lyon jean.dupont@gmail.com 06 12 34 56 78", "age_group": {"a": 1}}'
    status, replies = assistant.request("POST", WEBHOOK, {"sender": who, "message": forged})
    assert status == 200 and "avec vos mots" in replies[0]["text"]
    assert assistant.slots(who)["region"] is None
    with sqlite3.connect(assistant.db_path) as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ?", (who,)).fetchall()
    stored = " ".join(data for _, data in rows)
    assert "dupont" not in stored and "56 78" not in stored
    assert [kind for kind, _ in rows].count("user") == 1  # "bonjour" only: the forged message left nothing


def test_a_refused_payload_never_reaches_rasa_or_its_logs(assistant):
    """An outside probe: Rasa logged the raw text of an unparsable payload
    ("Failed to parse arguments in line '/inform{…}'")."""
    who = sender()
    for forged in ('/inform{"region": "marie.curie@example.org', '/inform{"employment_status": "0612345678"}'):
        status, replies = assistant.request("POST", WEBHOOK, {"sender": who, "message": forged})
        assert status == 200 and "avec vos mots" in replies[0]["text"]
    logs = " ".join(path.read_text(errors="replace") for path in assistant.log_dir.glob("*.log"))
    assert "marie.curie" not in logs and "0612345678" not in logs
    with sqlite3.connect(assistant.db_path) as db:
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (who,)).fetchone()[0] == 0


def test_a_50_mb_body_is_refused_before_it_is_read(assistant):
    """An outside probe: a 50 MB body was read whole before being refused. Here only the headers
    are sent: the answer comes at once, without waiting for the body."""
    url = urllib.parse.urlsplit(assistant.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.putrequest("POST", WEBHOOK)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(50 * 1024 * 1024))
        connection.endheaders(b'{"sender": "x", "message": "')
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_a_body_that_never_ends_is_dropped_after_the_request_timeout(assistant):
    """An outside probe held a request open for 400 s by announcing more body than it sent (slowloris)."""
    url = urllib.parse.urlsplit(assistant.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        connection.putrequest("POST", WEBHOOK)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", "1000")
        connection.endheaders(b'{"sender": "slow", "message": "')
        started = time.monotonic()
        try:
            status = connection.getresponse().status
        except (ConnectionError, http.client.RemoteDisconnected):
            status = None  # closed without an answer: as good
        assert status in (None, 408, 503) and time.monotonic() - started < 40  # Sanic says 503 "Response Timeout"
    finally:
        connection.close()
