"""One URL (CONVERSATIONS_DB_URL) puts the Rasa tracker store, the purge and the app on the same database."""
import sqlalchemy as sa

from bot.storage import database_url
from bot.storage.private_tracker_store import PrivateSQLTrackerStore
from bot.storage.retention import tracker_store_url
from tests.review_app.helpers import ROOT, Conversations


def test_the_environment_url_wins_over_endpoints_yml(monkeypatch, engine, db_url, domain, tmp_path):
    monkeypatch.setenv("CONVERSATIONS_DB_URL", db_url)
    # what endpoints.yml says: the SQLite file; the environment's URL is used instead
    store = PrivateSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "not-this-one.db"))
    try:
        assert store.engine.url.render_as_string(hide_password=False) == db_url
        Conversations(store, domain).save("visiteur-url", [("user", "je suis indépendant", "inform", 0.9)])
    finally:
        store.engine.dispose()
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = 'visiteur-url'")).scalar()
    assert stored > 0
    assert not (tmp_path / "not-this-one.db").exists()
    assert tracker_store_url(str(ROOT / "endpoints.yml")) == db_url


def test_without_the_variable_it_is_the_sqlite_file_of_endpoints_yml(monkeypatch):
    monkeypatch.delenv("CONVERSATIONS_DB_URL", raising=False)
    assert database_url.conversations_db_url(str(ROOT / "endpoints.yml")) == "sqlite:///var/conversations.db"
    monkeypatch.setenv("CONVERSATIONS_DB_URL", "postgres://postgres@127.0.0.1:5432/cep")
    assert database_url.conversations_db_url() == "postgresql://postgres@127.0.0.1:5432/cep"
