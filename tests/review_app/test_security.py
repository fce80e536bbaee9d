"""Who may see and do what: login on every route, admin-only actions, CSRF, throttling, cookies."""
import re
from urllib.parse import quote, urlsplit

import pytest

from review import accounts
from tests.review_app.helpers import PASSWORD, csrf_token, login

pytestmark = pytest.mark.security

SAMPLE_ARGS = {"sender_id": "visiteur-1", "kind": "csv", "filename": "review.css"}


def every_url(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("auth.login", "static"):
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_ARGS[m.group(1)], rule.rule)
        yield url, sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_no_route_answers_without_login(app, conversations):
    conversations.save("visiteur-1", [("user", "je suis salarié", "inform", 0.9), ("bot", "Merci")])
    client = app.test_client()
    token = csrf_token(client)  # a valid token is not a login
    urls = list(every_url(app))
    assert len(urls) >= 10
    for url, methods in urls:
        for method in methods:
            response = client.open(url, method=method, data={"csrf_token": token, "body": "x", "tag": "x",
                                                             "confirm": "oui"})
            assert response.status_code in (302, 401), (method, url, response.status_code)
            if response.status_code == 302:
                assert response.location.startswith("/connexion")
            assert b"salari" not in response.data


def test_a_counsellor_cannot_reach_admin_actions(counsellor_client, conversations, engine):
    conversations.save("visiteur-1", [("user", "je suis salarié", "inform", 0.9)])
    assert counsellor_client.get("/admin/journal").status_code == 403
    token = csrf_token(counsellor_client, "/conversations/visiteur-1")
    refused = counsellor_client.post("/conversations/visiteur-1/effacer", data={"csrf_token": token, "confirm": "oui"})
    assert refused.status_code == 403
    assert counsellor_client.get("/conversations/visiteur-1").status_code == 200
    assert b"Effacer" not in counsellor_client.get("/conversations/visiteur-1").data


def test_an_admin_reads_the_audit_log(admin_client, conversations):
    conversations.save("visiteur-1", [("user", "je suis salarié", "inform", 0.9)])
    admin_client.get("/conversations/visiteur-1")
    page = admin_client.get("/admin/journal").get_data(as_text=True)
    assert "admin@cep.example" in page and "lecture" in page and "visiteur-1" in page


def test_a_forged_form_post_is_refused(counsellor_client, conversations, engine):
    conversations.save("visiteur-1", [("user", "je suis salarié", "inform", 0.9)])
    missing = counsellor_client.post("/conversations/visiteur-1/notes", data={"body": "note forgée"})
    wrong = counsellor_client.post("/conversations/visiteur-1/notes", data={"body": "note forgée", "csrf_token": "x"})
    assert missing.status_code == 400 and wrong.status_code == 400
    assert "note forgée" not in counsellor_client.get("/conversations/visiteur-1").get_data(as_text=True)
    token = csrf_token(counsellor_client, "/conversations/visiteur-1")
    counsellor_client.post("/conversations/visiteur-1/notes", data={"body": "vraie note", "csrf_token": token})
    assert "vraie note" in counsellor_client.get("/conversations/visiteur-1").get_data(as_text=True)


def test_login_is_throttled_after_repeated_failures(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    for _ in range(5):
        assert login(client, "claire@cep.example", "mauvais mot de passe").status_code == 401
    blocked = login(client, "claire@cep.example", PASSWORD)
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
    assert client.get("/conversations").status_code == 302


def test_the_right_password_logs_in_and_a_wrong_one_does_not(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    assert login(client, "claire@cep.example", "presque le bon mot de passe").status_code == 401
    assert login(client, "inconnu@cep.example", PASSWORD).status_code == 401
    assert login(client, "Claire@cep.example", PASSWORD).status_code == 302
    assert client.get("/conversations").status_code == 200


def test_session_cookie_is_httponly_and_samesite_strict(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    response = login(app.test_client(), "claire@cep.example")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_when_served_over_https(db_url, engine):
    from review.app import create_app
    from review.settings import Settings

    app = create_app(Settings(db_url=db_url, secret_key="s", secure_cookies=True), engine=engine)
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    token = csrf_token(client)
    response = client.post("/connexion", base_url="https://localhost", headers={"Referer": "https://localhost/"},
                           data={"email": "claire@cep.example", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_passwords_are_stored_as_argon2_hashes(engine):
    import sqlalchemy as sa

    from review.schema import counsellors

    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    with engine.connect() as connection:
        stored = connection.execute(sa.select(counsellors.c.password_hash)).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def login_from(client, ip: str, email: str, password: str = PASSWORD):
    token = csrf_token(client, environ_base={"REMOTE_ADDR": ip})
    return client.post("/connexion", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})


def test_wrong_passwords_from_elsewhere_do_not_lock_a_counsellor_out(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    attacker = app.test_client()
    for _ in range(6):
        login_from(attacker, "203.0.113.9", "claire@cep.example", "mauvais mot de passe")
    assert login_from(attacker, "203.0.113.9", "claire@cep.example").status_code == 429
    assert login_from(app.test_client(), "198.51.100.7", "claire@cep.example").status_code == 302


def test_failures_before_a_successful_login_no_longer_count(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    for _ in range(4):
        assert login(client, "claire@cep.example", "mauvais mot de passe").status_code == 401
    assert login(client, "claire@cep.example").status_code == 302
    for _ in range(4):
        assert login(client, "claire@cep.example", "mauvais mot de passe").status_code == 401
    assert login(client, "claire@cep.example").status_code == 302


def test_concurrent_attempts_count_each_other(engine):
    from concurrent.futures import ThreadPoolExecutor

    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda _: accounts.login(engine, "claire@cep.example", "mauvais", "203.0.113.9"),
                                 range(8)))
    verified = [throttled for _, throttled in outcomes if not throttled]
    assert len(verified) <= 5  # never more password checks than the limit, however close the attempts


def test_a_disabled_account_loses_its_sessions_and_cannot_log_in(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    assert login(client, "claire@cep.example").status_code == 302
    copied = app.test_client()  # a copy of the session cookie, e.g. stolen
    copied.set_cookie("cep_review", client.get_cookie("cep_review").value)
    assert copied.get("/conversations").status_code == 200
    assert accounts.disable_counsellor(engine, "claire@cep.example")
    assert client.get("/conversations").status_code == 302 and copied.get("/conversations").status_code == 302
    assert login(app.test_client(), "claire@cep.example").status_code == 401
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)  # an admin enables it again
    assert login(app.test_client(), "claire@cep.example").status_code == 302


def test_a_password_reset_ends_the_accounts_sessions(app, engine):
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    assert login(client, "claire@cep.example").status_code == 302
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD + " neuf")
    assert client.get("/conversations").status_code == 302
    assert login(client, "claire@cep.example", PASSWORD + " neuf").status_code == 302
    assert client.get("/conversations").status_code == 200


def test_refused_admin_actions_and_failed_logins_are_audited(app, engine, counsellor_client, conversations):
    from review import audit

    conversations.save("visiteur-1", [("user", "je suis salarié", "inform", 0.9)])
    counsellor_client.get("/admin/journal")
    token = csrf_token(counsellor_client, "/conversations/visiteur-1")
    counsellor_client.post("/conversations/visiteur-1/effacer", data={"csrf_token": token, "confirm": "oui"})
    login(app.test_client(), "claire@cep.example", "mauvais mot de passe")
    entries = [(e["actor"], e["action"], e["target"]) for e in audit.entries(engine)]
    refused = [e for e in entries if e[1].startswith("refusé")]
    assert ("claire@cep.example", refused[0][1], "/conversations/visiteur-1/effacer") in entries
    assert ("claire@cep.example", refused[0][1], "/admin/journal") in entries
    assert ("claire@cep.example", "connexion refusée", "") in entries


def test_after_login_only_a_local_path_is_followed(app, engine):
    """An outside probe: ?next=/%09/evil.example gave Location: //evil.example; CR/LF gave a 500."""
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    for target in ("/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/",
                   "/conversations\r\nSet-Cookie: x=1", "javascript:alert(1)", "/\n/evil.example"):
        client = app.test_client()
        client.get("/connexion")
        response = client.post("/connexion?next=" + quote(target, safe=""),
                               data={"email": "claire@cep.example", "password": PASSWORD,
                                     "csrf_token": csrf_token(client)})
        assert response.status_code == 302, target
        location = response.headers["Location"]
        assert urlsplit(location).netloc in ("", "localhost"), (target, location)
        assert urlsplit(location).path in ("/conversations", "/conversations/"), (target, location)
    client = app.test_client()
    client.get("/connexion")
    ok = client.post("/connexion?next=" + quote("/tableau-de-bord?from=2026-01-01", safe=""),
                     data={"email": "claire@cep.example", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert ok.headers["Location"].endswith("/tableau-de-bord?from=2026-01-01")


def test_an_out_of_range_date_is_a_bad_request_not_a_server_error(counsellor_client, conversations):
    """An outside probe: ?to=9999-12-31 gave a 500 on the list, the dashboard and the exports."""
    for url in ("/conversations?to=9999-12-31", "/conversations?from=0001-01-01", "/tableau-de-bord?to=9999-12-31",
                "/conversations/export.csv?to=9999-12-31"):
        assert counsellor_client.get(url).status_code == 400, url
    assert counsellor_client.get("/conversations?to=2026-12-31").status_code == 200
