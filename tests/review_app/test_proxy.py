"""Behind a reverse proxy: waitress believes X-Forwarded-For/-Proto only from REVIEW_TRUSTED_PROXY."""
import dataclasses

import pytest
import requests

from review import accounts, audit
from review.serve import serve_in_thread
from tests.review_app.helpers import CSRF_RE, PASSWORD

FORWARDED = {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "http"}


def login_over_http(base_url: str) -> requests.Response:
    with requests.Session() as http:
        token = CSRF_RE.search(http.get(f"{base_url}/connexion", headers=FORWARDED, timeout=10).text).group(1)
        return http.post(f"{base_url}/connexion", headers=FORWARDED, allow_redirects=False, timeout=10,
                         data={"email": "claire@cep.example", "password": PASSWORD, "csrf_token": token})


@pytest.mark.parametrize(("trusted_proxy", "seen_ip"), [(None, "127.0.0.1"), ("127.0.0.1", "203.0.113.5")])
def test_the_client_address_comes_from_the_proxy_only_when_it_is_trusted(app, engine, trusted_proxy, seen_ip):
    settings = dataclasses.replace(app.extensions["review_settings"], trusted_proxy=trusted_proxy)
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    server, base_url = serve_in_thread(app, settings)
    try:
        assert login_over_http(base_url).status_code == 302
    finally:
        server.close()
    logins = [e for e in audit.entries(engine) if e["action"] == "connexion"]
    assert [e["ip"] for e in logins] == [seen_ip]
