"""The review app's settings, read from the environment (README, "Counsellors' review app").

| variable | default | meaning |
| CONVERSATIONS_DB_URL | SQLite file var/conversations.db | the database of the conversations |
| REVIEW_PORT | 8080 | where `make run` serves the app |
| REVIEW_SECRET_KEY | random, kept in var/review-secret.key | signs session cookies and CSRF tokens |
| REVIEW_SECURE_COOKIES | 0 | 1 when served over https: cookies get the Secure flag |
| REVIEW_TRUSTED_PROXY | unset | the reverse proxy's address (e.g. 127.0.0.1): its X-Forwarded-For and
|                      |       | X-Forwarded-Proto are believed; unset, they are ignored |
| REVIEW_SESSION_IDLE_MINUTES | 30 | a session ends after this long without a request |
| REVIEW_SESSION_MAX_HOURS | 10 | a session ends this long after login, however active (a working day) |

Sessions are kept in the database (review/sessions.py): logout, a password reset and disabling
an account end them at once, copied cookies included.
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
SESSION_IDLE_MINUTES = 30  # defaults of Settings.session_idle_minutes and session_max_hours
SESSION_MAX_HOURS = 10
SESSION_TOUCH_SECONDS = 60  # a session's last_seen_at is written at most this often
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
    session_idle_minutes: int = SESSION_IDLE_MINUTES
    session_max_hours: int = SESSION_MAX_HOURS

    @classmethod
    def from_env(cls) -> Settings:
        return cls(db_url=conversations_db_url(str(ROOT / "endpoints.yml")), secret_key=_secret_key(),
                   secure_cookies=os.environ.get("REVIEW_SECURE_COOKIES", "0") == "1",
                   port=int(os.environ.get("REVIEW_PORT", "8080")),
                   trusted_proxy=os.environ.get("REVIEW_TRUSTED_PROXY", "").strip() or None,
                   session_idle_minutes=_positive("REVIEW_SESSION_IDLE_MINUTES", SESSION_IDLE_MINUTES),
                   session_max_hours=_positive("REVIEW_SESSION_MAX_HOURS", SESSION_MAX_HOURS))


def _positive(variable: str, default: int) -> int:
    """A whole number of minutes or hours from the environment; a wrong value stops the app."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise ValueError(f"{variable} must be a whole number greater than 0, not {value!r}")
    return int(value)
