"""Who may see and do what: login on every route, admin-only actions, CSRF, throttling, cookies."""
import re

from review import accounts
from tests.review_app.helpers import PASSWORD, csrf_token, login

SAMPLE_ARGS = {"sender_id": "visiteur-1", "kind": "csv", "filename": "review.css"}


def every_url(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("login", "static"):
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
