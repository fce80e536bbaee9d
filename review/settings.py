"""The review app's settings, read from the environment (README, "Counsellors' review app").

| variable | default | meaning |
| CONVERSATIONS_DB_URL | SQLite file var/conversations.db | the database of the conversations |
| REVIEW_PORT | 8080 | where `make run` serves the app |
| REVIEW_SECRET_KEY | random, kept in var/review-secret.key | signs session cookies and CSRF tokens |
| REVIEW_SECURE_COOKIES | 0 | 1 when served over https: cookies get the Secure flag |
| REVIEW_TRUSTED_PROXY | unset | the reverse proxy's address (e.g. 127.0.0.1): its X-Forwarded-For and
|                      |       | X-Forwarded-Proto are believed; unset, they are ignored |
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from bot.storage.database_url import conversations_db_url

ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = ROOT / "var" / "review-secret.key"

LOGIN_WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_IP = 20
SESSION_HOURS = 8
PAGE_SIZE = 50
LOW_CONFIDENCE = 0.5  # an NLU confidence below this is "low"


def _secret_key() -> str:
    key = os.environ.get("REVIEW_SECRET_KEY")
    if key:
        return key
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return SECRET_FILE.read_text().strip()


@dataclass
class Settings:
    db_url: str
    secret_key: str
    secure_cookies: bool = False
    port: int = 8080
    refresh_every: float = 15.0
    trusted_proxy: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(db_url=conversations_db_url(str(ROOT / "endpoints.yml")), secret_key=_secret_key(),
                   secure_cookies=os.environ.get("REVIEW_SECURE_COOKIES", "0") == "1",
                   port=int(os.environ.get("REVIEW_PORT", "8080")),
                   trusted_proxy=os.environ.get("REVIEW_TRUSTED_PROXY", "").strip() or None)
