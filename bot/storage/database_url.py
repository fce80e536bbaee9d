"""Where conversations are kept: one URL, from the environment or endpoints.yml.

    CONVERSATIONS_DB_URL=postgresql://postgres@127.0.0.1:5432/cep   # PostgreSQL
    (unset)                                                       # SQLite file var/conversations.db

The Rasa server (bot/storage/private_tracker_store.py), the retention purge and the
counsellors' review app all read the same URL, so they always look at the same events.
"""
from __future__ import annotations

import os

import sqlalchemy as sa
import yaml

ENV_VAR = "CONVERSATIONS_DB_URL"
DEFAULT_URL = "sqlite:///var/conversations.db"


def url_from_env() -> str | None:
    """The URL set in the environment, if any (postgres:// is accepted for postgresql://)."""
    url = os.environ.get(ENV_VAR, "").strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    return url or None


def conversations_db_url(endpoints: str = "endpoints.yml") -> str:
    """The environment's URL, else the SQL tracker store of `endpoints`, else the SQLite file."""
    url = url_from_env()
    if url:
        return url
    from rasa.core.tracker_store import SQLTrackerStore

    config = _tracker_store_config(endpoints)
    if config is None or not (config.type == "SQL" or config.type.endswith("SQLTrackerStore")):
        return DEFAULT_URL
    kwargs = config.kwargs
    return str(SQLTrackerStore.get_db_url(
        dialect=kwargs.get("dialect", "sqlite"), host=config.url, port=kwargs.get("port"),
        db=kwargs.get("db", "rasa.db"), username=kwargs.get("username"),
        password=kwargs.get("password"), login_db=kwargs.get("login_db")))


def _tracker_store_config(endpoints: str):
    """The `tracker_store` section of `endpoints`, its ${VARIABLES} expanded. Only this section:
    Rasa's own reader expands the whole file, so the review app and the purge would need the action
    server's secret (action_endpoint.token) just to find the database."""
    from rasa.utils.endpoints import EndpointConfig

    if not os.path.exists(endpoints):
        return None
    with open(endpoints, encoding="utf-8") as file:
        section = (yaml.safe_load(file) or {}).get("tracker_store")
    if not section:
        return None
    return EndpointConfig.from_dict({key: os.path.expandvars(value) if isinstance(value, str) else value
                                     for key, value in section.items()})


def create_engine(url: str) -> sa.engine.Engine:
    """An engine for `url`; a SQLite file's folder is created (mode 700) when missing."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = os.path.dirname(parsed.database)
        if folder:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        return tune_sqlite_file(sa.create_engine(url, connect_args={"check_same_thread": False}))
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def tune_sqlite_file(engine: sa.engine.Engine) -> sa.engine.Engine:
    """A SQLite file in write-ahead-log mode (readers and the Rasa server's writes do not block each
    other), each commit written without waiting for the disk (synchronous=NORMAL: a process killed
    loses nothing committed; a power cut may lose the last commits, never corrupts the file).
    Another engine is returned as it is."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return engine

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001 (the DB-API's own types)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
