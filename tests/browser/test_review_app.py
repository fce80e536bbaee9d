"""The counsellors' review app in a real headless Chromium: log in, filter, read a transcript,
export it, and see a visitor's script shown as text, never run.

The app is served by waitress on a free port over a SQLite file filled through the real
PrivateSQLTrackerStore; no Rasa server is needed.
"""
from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from rasa.shared.core.domain import Domain
from waitress.server import create_server

from bot.storage.private_tracker_store import PrivateSQLTrackerStore
from review import accounts
from review.app import create_app
from review.settings import Settings
from scripts.servers import free_port
from tests.review_app.helpers import PASSWORD, ROOT, Conversations

XSS = '<script>alert("xss")</script><img src=x onerror="alert(1)">'
BUTTONS = [{"title": "En recherche d'emploi", "payload": '/inform{"employment_status": "job_seeker"}'}]


@pytest.fixture(scope="module")
def review_app(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('review')}/conversations.db"
    domain = Domain.load(str(ROOT / "domain.yml"))
    store = PrivateSQLTrackerStore(domain=domain, host=url)
    conversations = Conversations(store, domain)
    conversations.save("chomeur-boulanger", [
        ("bot", "Quelle est votre situation ?", BUTTONS),
        ("user", '/inform{"employment_status": "job_seeker"}', "inform", 1.0),
        ("slot", "employment_status", "job_seeker"),
        ("user", "je voudrais ouvrir une boulangerie à Lyon", "inform", 0.93),
        ("slot", "project_clarity", "one_idea")])
    conversations.save("salariee-perdue", [
        ("user", "je suis salariée et je ne sais pas quoi faire", "inform", 0.88),
        ("slot", "employment_status", "private_employee")])
    conversations.save("piratage", [("user", XSS, "out_of_scope", 0.4), ("slot", "employment_status", "job_seeker")])
    app = create_app(Settings(db_url=url, secret_key="browser test"))
    accounts.create_counsellor(app.extensions["review_engine"], "claire@cep.example", PASSWORD)
    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    store.engine.dispose()


def test_a_counsellor_logs_in_filters_reads_and_exports(page, review_app):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(review_app + "/conversations")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.get_by_label("Adresse e-mail").fill("claire@cep.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()
    expect(page.get_by_role("link", name="salariee-perdue")).to_be_visible()

    page.get_by_label("Situation").select_option(label="Demandeur d'emploi")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("2 conversations")).to_be_visible()
    expect(page.get_by_role("link", name="salariee-perdue")).to_have_count(0)

    page.get_by_role("link", name="chomeur-boulanger").click()
    expect(page.get_by_text("je voudrais ouvrir une boulangerie à Lyon")).to_be_visible()
    expect(page.locator("li.user").first).to_contain_text("En recherche d'emploi")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert "je voudrais ouvrir une boulangerie à Lyon" in exported and "salariée" not in exported

    page.goto(review_app + "/conversations/piratage")
    shown = page.locator("li.user p.text")
    expect(shown).to_have_text(XSS)  # the visitor's markup, as characters
    assert page.locator("ol.transcript img").count() == 0 and page.locator("ol.transcript script").count() == 0
    (ROOT / "results" / "browser").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ROOT / "results" / "browser" / "review-transcript.png"), full_page=True)
    assert dialogs == []
