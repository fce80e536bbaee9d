"""Counsellors' sessions, kept in the database (review_sessions) so that they can be ended.

Login creates a record and puts a random 256-bit token into the (signed) session cookie; the
database keeps only the token's SHA-256 hash, so a copy of the table opens no session. Every
request looks the token up. A session ends at logout (its record is deleted: a copy of the
cookie is dead too), when the password is reset or the account disabled (accounts.py deletes
every record of the account), after Settings.session_idle_minutes without a request, and
Settings.session_max_hours after login however active (review/settings.py). last_seen_at is
written at most once every SESSION_TOUCH_SECONDS, not on every request, so the idle limit
holds to the minute. An ended record is deleted when it is presented, and every expired
record at each login.

A record also keeps the account's session_version read at login: a login whose password check
overlaps a password reset or a disabling could create its record just after the reset deleted
the account's records; holding the old version, that record opens nothing.
"""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from review.accounts import Counsellor
from review.schema import counsellors, review_sessions
from review.settings import SESSION_TOUCH_SECONDS, Settings


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cutoffs(settings: Settings, now: float) -> tuple[float, float]:
    """(sessions created at or before this have lasted too long, sessions last seen at or before this are idle)"""
    return now - settings.session_max_hours * 3600, now - settings.session_idle_minutes * 60


def start(engine: sa.engine.Engine, counsellor: Counsellor, settings: Settings, now: float) -> str:
    """Open a session of `counsellor`; return its token, for the cookie. Deletes every expired record."""
    token = secrets.token_urlsafe(32)  # 256 bits
    created_before, seen_before = _cutoffs(settings, now)
    with engine.begin() as connection:
        connection.execute(review_sessions.delete().where(sa.or_(review_sessions.c.created_at <= created_before,
                                                                 review_sessions.c.last_seen_at <= seen_before)))
        connection.execute(review_sessions.insert().values(
            token_hash=_hash(token), counsellor_id=counsellor.id, session_version=counsellor.session_version,
            created_at=now, last_seen_at=now))
    return token


def resume(engine: sa.engine.Engine, token: str, settings: Settings, now: float) -> Counsellor | None:
    """The counsellor whose session `token` opens, if that session has not ended (it is seen now)."""
    token_hash = _hash(token)
    query = (sa.select(review_sessions.c.created_at, review_sessions.c.last_seen_at,
                       review_sessions.c.session_version.label("opened_version"), counsellors)
             .join(counsellors, counsellors.c.id == review_sessions.c.counsellor_id)
             .where(review_sessions.c.token_hash == token_hash))
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    created_before, seen_before = _cutoffs(settings, now)
    if (row.disabled or row.session_version != row.opened_version
            or row.created_at <= created_before or row.last_seen_at <= seen_before):
        end(engine, token)
        return None
    if now - row.last_seen_at >= SESSION_TOUCH_SECONDS:
        with engine.begin() as connection:
            connection.execute(review_sessions.update().where(review_sessions.c.token_hash == token_hash,
                                                              review_sessions.c.last_seen_at < now)
                               .values(last_seen_at=now))
    return Counsellor(row.id, row.email, row.role, row.session_version)


def end(engine: sa.engine.Engine, token: str) -> None:
    """End the session `token` opens (logout)."""
    with engine.begin() as connection:
        connection.execute(review_sessions.delete().where(review_sessions.c.token_hash == _hash(token)))
