"""Sessions end when they should: at logout (a copied cookie too), after the idle timeout and the
absolute lifetime, at a password reset or when the account is disabled; each login is a session
of its own; the database never holds a session's token in clear.

Time is a clock given to the app, moved forward by the tests (no sleeping).
"""
import hashlib
import secrets
import time

import pytest
import sqlalchemy as sa

from bot.storage.retention import erase_conversation, purge_logs_older_than, purge_older_than
from review import accounts, sessions
from review.app import SESSION_ENDED, create_app
from review.schema import counsellors, metadata, review_sessions
from review.settings import SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, SESSION_TOUCH_SECONDS, Settings
from tests.review_app.helpers import PASSWORD, csrf_token, login

pytestmark = pytest.mark.security  # the outside probe's finding: sessions did not end at logout

IDLE = SESSION_IDLE_MINUTES * 60
LIFETIME = SESSION_MAX_HOURS * 3600
CLAIRE = "claire@cep.example"


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(engine, db_url, clock):  # conftest's app, on the tests' clock
    app = create_app(Settings(db_url=db_url, secret_key="test secret " + secrets.token_hex(8)), engine=engine,
                     clock=clock)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def visit(conversations):
    conversations.save("visiteur-1", [("user", "je suis salarié", "inform", 0.9), ("bot", "Merci")])


def client_with_cookie(app, cookie: str):
    client = app.test_client()
    client.set_cookie("cep_review", cookie)
    return client


def logged_in(app, email: str = CLAIRE):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def logout(client):
    response = client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/conversations")})
    assert response.status_code == 302 and response.location.startswith("/connexion")


def assert_sent_to_login(client, url: str = "/conversations"):
    """The page is refused: a redirect to the login page, which says the session has expired."""
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    assert response.location.startswith("/connexion")
    assert b"salari" not in response.data
    page = client.get(response.location)
    assert page.status_code == 200 and SESSION_ENDED in page.get_data(as_text=True)


def records(engine, email: str | None = None) -> list:
    query = sa.select(review_sessions)
    if email:
        query = query.where(review_sessions.c.counsellor_id == accounts_id(engine, email))
    with engine.connect() as connection:
        return connection.execute(query).fetchall()


def accounts_id(engine, email: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(counsellors.c.id).where(counsellors.c.email == email)).scalar()


def session_token(app, client) -> str:
    """The token the session cookie carries (the cookie is signed, not encrypted)."""
    data = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("cep_review").value)
    return data["session_token"]


def test_a_cookie_copied_before_logout_is_refused_after_logout(app, engine, visit):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    form_token = csrf_token(client, "/conversations/visiteur-1")
    stolen = client.get_cookie("cep_review").value
    copy = client_with_cookie(app, stolen)
    assert copy.get("/conversations").status_code == 200  # the copy works while the session lasts
    assert copy.get("/conversations/export.csv").status_code == 200

    logout(client)

    assert client.get("/conversations").status_code == 302
    for url in ("/conversations", "/conversations/visiteur-1", "/conversations/export.csv",
                "/conversations/export.json", "/conversations/visiteur-1/export.json"):
        assert_sent_to_login(client_with_cookie(app, stolen), url)
    refused = client_with_cookie(app, stolen).post("/conversations/visiteur-1/notes",
                                                   data={"body": "note après déconnexion", "csrf_token": form_token})
    assert refused.status_code == 302 and refused.location.startswith("/connexion")
    again = logged_in(app)
    assert "note après déconnexion" not in again.get("/conversations/visiteur-1").get_data(as_text=True)


def test_responses_do_not_extend_the_cookie(app, engine):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    client.get("/conversations")  # the first form page adds the CSRF token to the session
    response = client.get("/conversations")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_a_session_ends_after_the_idle_timeout(app, engine, clock, visit):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    for _ in range(3):  # active: more than the idle timeout in all, never that long without a request
        clock.advance(IDLE - 2 * SESSION_TOUCH_SECONDS)
        assert client.get("/conversations").status_code == 200
    clock.advance(IDLE)
    assert_sent_to_login(client)
    assert records(engine) == []
    assert login(client, CLAIRE).status_code == 302
    assert client.get("/conversations").status_code == 200


def test_a_form_sent_after_the_session_ended_leads_to_the_login_page(app, engine, clock, visit):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    token = csrf_token(client, "/conversations/visiteur-1")
    clock.advance(IDLE + 1)
    response = client.post("/conversations/visiteur-1/notes", data={"body": "note tardive", "csrf_token": token})
    assert response.status_code == 302 and response.location.startswith("/connexion")
    assert SESSION_ENDED in client.get(response.location).get_data(as_text=True)
    assert login(client, CLAIRE).status_code == 302
    assert "note tardive" not in client.get("/conversations/visiteur-1").get_data(as_text=True)


def test_a_session_ends_after_its_lifetime_however_active(app, engine, clock, visit):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    step = IDLE - 5 * 60
    elapsed = 0
    while elapsed + step < LIFETIME:
        clock.advance(step)
        elapsed += step
        assert client.get("/conversations").status_code == 200, elapsed
    clock.advance(LIFETIME - elapsed)
    assert_sent_to_login(client_with_cookie(app, client.get_cookie("cep_review").value), "/conversations/export.csv")
    assert_sent_to_login(client)


def test_last_seen_is_written_at_most_once_a_minute(app, engine, clock):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    (first,) = records(engine)
    clock.advance(SESSION_TOUCH_SECONDS / 2)
    client.get("/conversations")
    assert records(engine)[0].last_seen_at == first.last_seen_at
    clock.advance(SESSION_TOUCH_SECONDS)
    client.get("/conversations")
    assert records(engine)[0].last_seen_at == clock.now


def test_a_password_reset_ends_every_session_of_the_account(app, engine, visit):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    accounts.create_counsellor(engine, "paul@cep.example", PASSWORD)
    first, second, paul = logged_in(app), logged_in(app), logged_in(app, "paul@cep.example")
    copy = client_with_cookie(app, first.get_cookie("cep_review").value)
    accounts.create_counsellor(engine, CLAIRE, PASSWORD + " neuf")
    assert records(engine, CLAIRE) == []
    for client in (first, second, copy):
        assert_sent_to_login(client)
    assert paul.get("/conversations").status_code == 200  # another account's session goes on
    assert login(first, CLAIRE).status_code == 401
    assert login(first, CLAIRE, PASSWORD + " neuf").status_code == 302
    assert first.get("/conversations").status_code == 200


def test_disabling_an_account_ends_every_session_of_it(app, engine, visit):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    accounts.create_counsellor(engine, "paul@cep.example", PASSWORD)
    first, second, paul = logged_in(app), logged_in(app), logged_in(app, "paul@cep.example")
    assert accounts.disable_counsellor(engine, CLAIRE)
    assert records(engine, CLAIRE) == []
    assert_sent_to_login(first)
    assert_sent_to_login(second, "/conversations/export.json")
    assert paul.get("/conversations").status_code == 200
    assert login(first, CLAIRE).status_code == 401


def test_a_login_that_overlaps_a_password_reset_opens_nothing(engine, clock):
    """The password was checked, then the reset deleted the sessions, then the session was recorded."""
    claire = accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    accounts.create_counsellor(engine, CLAIRE, PASSWORD + " neuf")
    settings = Settings(db_url="unused", secret_key="unused")
    token = sessions.start(engine, claire, settings, clock())
    assert sessions.resume(engine, token, settings, clock()) is None


def test_two_logins_of_one_account_are_independent(app, engine):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    office, home = logged_in(app), logged_in(app)
    assert session_token(app, office) != session_token(app, home)
    logout(office)
    assert office.get("/conversations").status_code == 302
    assert home.get("/conversations").status_code == 200
    assert len(records(engine, CLAIRE)) == 1


def test_logging_in_again_ends_the_previous_session(app, engine):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    before = client.get_cookie("cep_review").value
    assert login(client, CLAIRE).status_code == 302
    assert_sent_to_login(client_with_cookie(app, before))
    assert client.get("/conversations").status_code == 200


def test_the_token_is_not_stored_in_clear(app, engine):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    token = session_token(app, client)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    (record,) = records(engine)
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with engine.connect() as connection:  # nowhere in the review app's tables
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                assert token not in repr(tuple(row)), table.name


def test_expired_records_are_deleted_at_the_next_login(app, engine, clock):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    accounts.create_counsellor(engine, "paul@cep.example", PASSWORD)
    logged_in(app)
    clock.advance(IDLE)
    logged_in(app, "paul@cep.example")
    assert [r.counsellor_id for r in records(engine)] == [accounts_id(engine, "paul@cep.example")]


def test_the_retention_purge_and_erasure_leave_sessions_alone(app, engine, conversations):
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    client = logged_in(app)
    conversations.save("ancien", [("user", "je suis salarié", "inform", 0.9)], start=time.time() - 90 * 86400)
    conversations.save("visiteur-2", [("user", "je suis salarié", "inform", 0.9)])
    assert purge_older_than(engine, 30) == 1
    assert erase_conversation(engine, "visiteur-2") > 0
    purge_logs_older_than(engine, 365)
    assert len(records(engine)) == 1
    assert client.get("/conversations").status_code == 200


def test_the_limits_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("REVIEW_SECRET_KEY", "s")
    monkeypatch.delenv("REVIEW_SESSION_IDLE_MINUTES", raising=False)
    monkeypatch.delenv("REVIEW_SESSION_MAX_HOURS", raising=False)
    assert Settings.from_env().session_idle_minutes == SESSION_IDLE_MINUTES == 30
    assert Settings.from_env().session_max_hours == SESSION_MAX_HOURS == 10
    monkeypatch.setenv("REVIEW_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("REVIEW_SESSION_MAX_HOURS", "4")
    assert (Settings.from_env().session_idle_minutes, Settings.from_env().session_max_hours) == (15, 4)
    for wrong in ("0", "-5", "une heure"):
        monkeypatch.setenv("REVIEW_SESSION_MAX_HOURS", wrong)
        with pytest.raises(ValueError, match="REVIEW_SESSION_MAX_HOURS"):
            Settings.from_env()


def test_shorter_limits_from_the_settings_apply(engine, db_url, clock):
    settings = Settings(db_url=db_url, secret_key="s", session_idle_minutes=5, session_max_hours=1)
    app = create_app(settings, engine=engine, clock=clock)
    accounts.create_counsellor(engine, CLAIRE, PASSWORD)
    idle, active = logged_in(app), logged_in(app)
    for minutes in range(4, 60, 4):  # a request every 4 minutes keeps a session for an hour
        clock.advance(4 * 60)
        assert active.get("/conversations").status_code == 200, minutes
    clock.advance(4 * 60)
    assert_sent_to_login(active)
    assert_sent_to_login(idle)
