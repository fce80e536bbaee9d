"""What the blueprints share: the current app's engine, settings and clock (kept in
app.extensions by review.app.create_app), the logged-in counsellor and the audit log, the
admin_only decorator, the redirect check after login, and what list pages need before they are
read (the projection's catch-up, the filter menus).
"""
from __future__ import annotations

import logging
import re
import time
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, current_app, g, request

from review import audit, projection
from review.conversations import Filters
from review.schema import conversations
from review.settings import Settings

ENGINE, SETTINGS, CLOCK = "review_engine", "review_settings", "review_clock"  # keys of app.extensions
REQUEST_REFRESH_BATCH = 5_000  # events a page request may project before it is served


def engine() -> sa.engine.Engine:
    return current_app.extensions[ENGINE]


def settings() -> Settings:
    return current_app.extensions[SETTINGS]


def now() -> float:
    """Seconds since the epoch, by the app's clock (which times the sessions)."""
    return current_app.extensions[CLOCK]()


def actor() -> str:
    """The logged-in counsellor's e-mail address, as the audit log names them."""
    return g.counsellor.email


def log(action: str, target: str | None = None) -> None:
    audit.record(engine(), actor(), action, target, request.remote_addr)


def admin_only(view):
    """Refuse the view (403, audited) to a counsellor who is not an admin."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.counsellor.is_admin:
            log("refusé (réservé aux administrateurs)", request.path)
            abort(403)
        return view(*args, **kwargs)
    return wrapper


# a path of this site: "/" then a letter, a digit or an allowed sign; no control character, space or backslash
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")


def local_path(target: str) -> str | None:
    """`target` when it is a path of this site, to go back to after login; None otherwise. A browser
    drops tabs and newlines and reads a backslash as a slash, so "/\t/evil.example" would be "//evil.example"."""
    if not _LOCAL_PATH.fullmatch(target or "") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def catch_up(engine: sa.engine.Engine) -> bool:
    """Bring the projection up to date before a page is read, within bounds: one batch at most,
    nothing when the background refresher is at it, and stale data rather than an error page
    when the database is busy (SQLite's write lock) or away. Whether it is up to date."""
    if projection.running():
        return False
    try:
        if projection.pending(engine):
            projection.refresh(engine, batch=REQUEST_REFRESH_BATCH, max_batches=1, wait=False)
            return not projection.pending(engine)
    except sa.exc.SQLAlchemyError as error:
        logging.getLogger(__name__).warning("projection not refreshed on this request: %s",
                                            error.__class__.__name__)
        return False
    return True


def filter_form(engine: sa.engine.Engine, filters: Filters) -> dict:
    """What filters.html needs: the filters, their query arguments and the menus' values."""
    return {"filters": filters, "args": filters.as_args(),
            "channels": _distinct(engine, "channel"), "regions": _distinct(engine, "region")}


_distinct_cache: dict[tuple[int, str], tuple[float, list[str]]] = {}


def _distinct(engine: sa.engine.Engine, column: str) -> list[str]:
    """The values a column holds, for the filter menus (cached five minutes)."""
    key = (id(engine), column)
    cached = _distinct_cache.get(key)
    if cached and time.monotonic() - cached[0] < 300:
        return cached[1]
    col = conversations.c[column]
    with engine.connect() as connection:
        values = [v for (v,) in connection.execute(sa.select(col).where(col.isnot(None)).distinct().order_by(col))]
    _distinct_cache[key] = (time.monotonic(), values)
    return values
