"""The widget in a real headless Chromium (Debian's, driven by Playwright), on the demo host
site, talking socket.io to a real Rasa server started once for the session.

A failing test leaves a screenshot in results/browser/<test>.png.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from scripts.demo_site import serve_in_background
from scripts.servers import free_port, running_assistant

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "results" / "browser"
REPLY_TIMEOUT_MS = 30_000
expect.set_options(timeout=REPLY_TIMEOUT_MS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def demo_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, demo_port):
    origins = f"http://127.0.0.1:{demo_port}"
    with running_assistant(tmp_path_factory.mktemp("logs"), env={"WIDGET_ORIGINS": origins}) as running:
        yield running


@pytest.fixture(scope="session")
def demo_site(assistant, demo_port) -> str:
    server = serve_in_background(demo_port, assistant.url)
    yield f"http://127.0.0.1:{demo_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context_options() -> dict:
    return {"locale": "fr-FR", "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def page(browser, context_options, request) -> Page:
    context = browser.new_context(**context_options)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


class Widget:
    """What a visitor sees and does, in the widget's words."""

    def __init__(self, page: Page):
        self.page = page
        self.launcher = page.locator("cep-chat .launcher")
        self.panel = page.locator("cep-chat .panel")
        self.input = page.get_by_label("Votre message")
        self.log = page.get_by_role("log")

    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def choose(self, title: str) -> None:
        self.log.get_by_role("button", name=title).click()

    def bot_said(self, text: str):
        return self.log.locator(".message.bot").filter(has_text=text).last

    def expect_bot(self, text: str) -> None:
        expect(self.bot_said(text)).to_be_visible()

    def user_messages(self) -> list[str]:
        return [t.removeprefix("Vous : ") for t in self.log.locator(".message.user").all_text_contents()]


@pytest.fixture
def widget(page, demo_site) -> Widget:
    page.goto(demo_site + "/index.html")
    return Widget(page)
