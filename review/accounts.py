"""Counsellor accounts: argon2 password hashes, roles, disabling, and login throttling.

Failed logins are counted in the database (review_login_attempts), per e-mail and address
and per address, over a sliding window, so the limit holds across restarts and processes.
Resetting the password or disabling the account deletes every session of the account
(review/sessions.py), copied cookies included, and bumps its session_version.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from review import settings
from review.schema import counsellors, login_attempts, review_sessions

ROLES = ("counsellor", "admin")
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
# verified when the e-mail is unknown, so an unknown account takes as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class Counsellor:
    id: int
    email: str
    role: str
    session_version: int = 1

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _counsellor(row) -> Counsellor:
    return Counsellor(row.id, row.email, row.role, row.session_version)


def create_counsellor(engine: sa.engine.Engine, email: str, password: str, role: str = "counsellor") -> Counsellor:
    """Create an account, or reset the password and role of an existing one (which enables it
    again and ends its sessions)."""
    email = email.strip().lower()
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise ValueError("an e-mail address is expected")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    values = {"email": email, "password_hash": _hasher.hash(password), "role": role, "disabled": False}
    with engine.begin() as connection:
        existing = connection.execute(sa.select(counsellors.c.id).where(counsellors.c.email == email)).scalar()
        if existing:
            connection.execute(counsellors.update().where(counsellors.c.id == existing)
                               .values(**values, session_version=counsellors.c.session_version + 1))
            connection.execute(review_sessions.delete().where(review_sessions.c.counsellor_id == existing))
        else:
            connection.execute(counsellors.insert().values(**values, created_at=time.time(), session_version=1))
        row = connection.execute(sa.select(counsellors).where(counsellors.c.email == email)).first()
    return _counsellor(row)


def disable_counsellor(engine: sa.engine.Engine, email: str) -> bool:
    """Refuse the account's logins and end its sessions; False when there is no such account."""
    account = counsellors.c.email == email.strip().lower()
    with engine.begin() as connection:
        updated = connection.execute(counsellors.update().where(account)
                                     .values(disabled=True, session_version=counsellors.c.session_version + 1))
        connection.execute(review_sessions.delete().where(
            review_sessions.c.counsellor_id.in_(sa.select(counsellors.c.id).where(account))))
    return bool(updated.rowcount)


def _failures(connection: sa.engine.Connection, since: float, attempt_id: int, **where: str) -> int:
    query = sa.select(sa.func.count()).where(login_attempts.c.at > since, login_attempts.c.success.is_(False),
                                             login_attempts.c.id != attempt_id,
                                             *(login_attempts.c[k] == v for k, v in where.items()))
    return connection.execute(query).scalar()


def login(engine: sa.engine.Engine, email: str, password: str, ip: str,
          now: float | None = None) -> tuple[Counsellor | None, bool]:
    """(the counsellor if the password is right, whether the attempt was refused as throttled).

    The attempt is recorded (as a failure) before anything is checked, so concurrent attempts
    count each other. Throttled: MAX_FAILURES_PER_EMAIL failures for this e-mail from this
    address since the window began or the account's last successful login, whichever is later
    (a stranger cannot lock a counsellor out), or MAX_FAILURES_PER_IP from this address."""
    email, ip, now = email.strip().lower()[:255], ip[:64], now or time.time()
    window = now - settings.LOGIN_WINDOW_SECONDS
    with engine.begin() as connection:
        attempt_id = connection.execute(login_attempts.insert().values(at=now, email=email, ip=ip, success=False)
                                        ).inserted_primary_key[0]
    with engine.connect() as connection:
        last_success = connection.execute(sa.select(sa.func.max(login_attempts.c.at)).where(
            login_attempts.c.email == email, login_attempts.c.success.is_(True))).scalar() or 0
        if (_failures(connection, max(window, last_success), attempt_id, email=email, ip=ip)
                >= settings.MAX_FAILURES_PER_EMAIL
                or _failures(connection, window, attempt_id, ip=ip) >= settings.MAX_FAILURES_PER_IP):
            return None, True
        row = connection.execute(sa.select(counsellors).where(counsellors.c.email == email)).first()
    try:
        ok = _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and not row.disabled
    if ok:
        with engine.begin() as connection:
            connection.execute(login_attempts.update().where(login_attempts.c.id == attempt_id).values(success=True))
            if _hasher.check_needs_rehash(row.password_hash):
                connection.execute(counsellors.update().where(counsellors.c.id == row.id)
                                   .values(password_hash=_hasher.hash(password)))
    return (_counsellor(row) if ok else None), False
