"""Helpers of the review app's tests: the test password, CSRF tokens, logging in."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "un mot de passe assez long"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/connexion", **kwargs) -> str:
    match = CSRF_RE.search(client.get(path, **kwargs).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD):
    return client.post("/connexion", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
