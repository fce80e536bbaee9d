"""Counsellor accounts: argon2 password hashes, roles, and login throttling.

Failed logins are counted in the database (review_login_attempts), per e-mail and per
address, over a sliding window, so the limit holds across restarts and processes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from review import settings
from review.schema import counsellors, login_attempts

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

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def create_counsellor(engine: sa.engine.Engine, email: str, password: str, role: str = "counsellor") -> Counsellor:
    """Create an account, or reset the password and role of an existing one."""
    email = email.strip().lower()
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise ValueError("an e-mail address is expected")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    values = {"email": email, "password_hash": _hasher.hash(password), "role": role, "created_at": time.time()}
    with engine.begin() as connection:
        existing = connection.execute(sa.select(counsellors.c.id).where(counsellors.c.email == email)).scalar()
        if existing:
            connection.execute(counsellors.update().where(counsellors.c.id == existing).values(**values))
            return Counsellor(existing, email, role)
        new_id = connection.execute(counsellors.insert().values(**values)).inserted_primary_key[0]
    return Counsellor(new_id, email, role)


def get_counsellor(engine: sa.engine.Engine, counsellor_id: int) -> Counsellor | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(counsellors.c.id, counsellors.c.email, counsellors.c.role)
                                 .where(counsellors.c.id == counsellor_id)).first()
    return Counsellor(*row) if row else None


def throttled(engine: sa.engine.Engine, email: str, ip: str, now: float | None = None) -> bool:
    """Too many failed logins lately for this e-mail or from this address."""
    since = (now or time.time()) - settings.LOGIN_WINDOW_SECONDS
    failed = sa.select(sa.func.count()).where(login_attempts.c.at > since, login_attempts.c.success.is_(False))
    with engine.connect() as connection:
        by_email = connection.execute(failed.where(login_attempts.c.email == email.strip().lower())).scalar()
        by_ip = connection.execute(failed.where(login_attempts.c.ip == ip)).scalar()
    return by_email >= settings.MAX_FAILURES_PER_EMAIL or by_ip >= settings.MAX_FAILURES_PER_IP


def authenticate(engine: sa.engine.Engine, email: str, password: str, ip: str) -> Counsellor | None:
    """The counsellor if the password is right; every attempt is recorded for throttling."""
    email = email.strip().lower()
    with engine.connect() as connection:
        row = connection.execute(sa.select(counsellors).where(counsellors.c.email == email)).first()
    try:
        ok = _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    with engine.begin() as connection:
        connection.execute(login_attempts.insert().values(at=time.time(), email=email[:255], ip=ip[:64],
                                                          success=ok))
        if ok and _hasher.check_needs_rehash(row.password_hash):
            connection.execute(counsellors.update().where(counsellors.c.id == row.id)
                               .values(password_hash=_hasher.hash(password)))
    return Counsellor(row.id, row.email, row.role) if ok else None
