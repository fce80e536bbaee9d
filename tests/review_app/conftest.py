"""Real databases for the review app's tests: a SQLite file per test, and a throwaway
PostgreSQL database per session (random name, dropped at the end) emptied before each test.

REVIEW_TEST_PG_URL names the PostgreSQL server's maintenance database
(default postgresql://postgres@127.0.0.1:5432/postgres).
Conversations are stored through the real PrivateSQLTrackerStore, as the Rasa server does.
"""
from __future__ import annotations

import os
import secrets

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain

from bot.storage.database_url import create_engine
from bot.storage.private_tracker_store import PrivateSQLTrackerStore
from review import accounts
from review.app import create_app
from review.schema import create_all, metadata
from review.settings import Settings
from tests.review_app.helpers import PASSWORD, ROOT, Conversations, login

PG_ADMIN_URL = os.environ.get("REVIEW_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def postgres_url():
    name = f"review_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.exit(f"the review app's tests need a PostgreSQL server where they may create a database: "
                    f"{sa.engine.make_url(PG_ADMIN_URL).render_as_string(hide_password=True)} did not answer "
                    f"({type(error.orig).__name__}). Start one, or set REVIEW_TEST_PG_URL (README, Tests).",
                    returncode=2)
    yield str(sa.engine.make_url(PG_ADMIN_URL).set(database=name))
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/conversations.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url):
    engine = create_engine(db_url)
    create_all(engine)
    with engine.begin() as connection:  # the PostgreSQL database is shared by the session's tests
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(sa.text("DELETE FROM events"))
        connection.execute(sa.text("DELETE FROM erased_senders"))
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine, db_url, domain):
    store = PrivateSQLTrackerStore(domain=domain, host=db_url)
    yield store
    store.engine.dispose()


@pytest.fixture
def conversations(store, domain) -> Conversations:
    return Conversations(store, domain)


@pytest.fixture
def app(engine, db_url):
    app = create_app(Settings(db_url=db_url, secret_key="test secret " + secrets.token_hex(8)), engine=engine)
    app.config["TESTING"] = True
    return app


def logged_in_client(app, engine, email: str, role: str):
    accounts.create_counsellor(engine, email, PASSWORD, role)
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


@pytest.fixture
def counsellor_client(app, engine):
    return logged_in_client(app, engine, "claire@cep.example", "counsellor")


@pytest.fixture
def admin_client(app, engine):
    return logged_in_client(app, engine, "admin@cep.example", "admin")
