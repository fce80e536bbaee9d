"""What a visitor does with the widget on a host site, in a real browser."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, SCREENSHOTS, Widget

AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
PHONE_LINK = 'a[href="tel:+33975187691"]'


def session_id(page) -> str:
    return json.loads(page.evaluate("sessionStorage.getItem('cep-chat')"))["sessionId"]


def test_nothing_is_stored_or_connected_before_the_visitor_opens_the_chat(page, demo_site):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(demo_site + "/index.html")
    widget = Widget(page)
    expect(widget.launcher).to_be_visible()
    page.wait_for_timeout(1500)
    assert not [url for url in requests if "socket.io" in url]
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    assert page.context.cookies() == []

    widget.open()
    expect(page.get_by_text("Vous échangez avec un assistant automatisé")).to_be_visible()
    expect(page.get_by_text("Ne partagez pas d'informations sur votre santé")).to_be_visible()
    widget.expect_bot("assistant automatisé")  # the assistant's own welcome, with retention
    widget.expect_bot("Pour commencer, quelle est votre situation")
    assert re.fullmatch(r"[0-9a-f]{32}", session_id(page))
    assert page.context.cookies() == []


def test_a_widget_removed_from_the_page_closes_its_connection(widget, page):
    """A single-page host site that removes the chat (another route) must not leave its socket open."""
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))
    widget.open()
    widget.expect_bot("Pour commencer, quelle est votre situation")
    page.wait_for_timeout(1000)  # socket.io upgrades its polling transport to a websocket
    assert sockets and not sockets[-1].is_closed()
    with sockets[-1].expect_event("close", timeout=5000):
        page.evaluate("document.querySelector('cep-chat').remove()")
    assert sockets[-1].is_closed()


def test_a_full_intake_through_to_the_handoff(widget, page, assistant):
    widget.open()
    widget.choose("Salarié(e) du privé")
    widget.expect_bot("où en êtes-vous")
    widget.say("je voudrais devenir infirmière")
    widget.choose("Oui, en CDI")
    widget.expect_bot("fait pour vous")
    phone_links = widget.log.locator(PHONE_LINK)
    expect(phone_links.first).to_be_visible()
    shown = phone_links.count()
    widget.say("je veux parler à un conseiller")
    expect(phone_links.nth(shown)).to_be_visible()  # the handoff, with the number as a tel: link
    assert widget.user_messages()[:2] == ["Salarié(e) du privé", "je voudrais devenir infirmière"]

    expected = {"employment_status": "private_employee", "project_clarity": "one_idea", "eligible": True,
                "handoff_given": True}
    slots = assistant.slots_once(assistant.conversation_of("socketio", session_id(page)), expected)
    assert {k: slots[k] for k in expected} == expected
    link = widget.log.locator('a[href^="https://mon-cep.org"]').first
    expect(link).to_have_attribute("rel", "noopener noreferrer")


def test_a_reload_and_another_page_keep_the_conversation(widget, page, demo_site, assistant):
    widget.open()
    widget.choose("Agent public")
    widget.expect_bot("où en êtes-vous")

    page.reload()
    widget = Widget(page)
    expect(widget.panel).to_be_visible()
    assert widget.user_messages() == ["Agent public"]
    widget.expect_bot("où en êtes-vous")
    widget.choose("J'ai plusieurs idées")
    widget.expect_bot("fait pour vous")

    page.goto(demo_site + "/formation.html")
    widget = Widget(page)
    expect(widget.panel).to_be_visible()
    assert widget.user_messages() == ["Agent public", "J'ai plusieurs idées"]
    widget.say("c'est gratuit ?")
    widget.expect_bot("gratuit")
    expected = {"project_clarity": "several_ideas"}
    assert assistant.slots_once(assistant.conversation_of("socketio", session_id(page)), expected)[
        "project_clarity"] == "several_ideas"


def focused(page) -> str:
    """The focused control inside the widget, as 'tag.class:text'."""
    return page.evaluate("""() => {
        const host = document.activeElement;
        const el = host && host.shadowRoot ? host.shadowRoot.activeElement : host;
        return el ? `${el.tagName.toLowerCase()}.${el.className}:${(el.textContent || '').trim()}` : '';
    }""")


def tab_until(page, pattern: str, key: str = "Tab", limit: int = 25) -> None:
    for _ in range(limit):
        if re.search(pattern, focused(page)):
            return
        page.keyboard.press(key)
    raise AssertionError(f"focus never reached {pattern!r}; it is on {focused(page)!r}")


def test_keyboard_alone_opens_answers_picks_a_button_and_closes(widget, page):
    tab_until(page, r"^button\.launcher:")
    outline = page.locator("cep-chat .launcher").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # visible focus
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert focused(page).startswith("textarea")
    widget.expect_bot("Pour commencer, quelle est votre situation")

    tab_until(page, r"^button\.:Étudiant\(e\), élève$", key="Shift+Tab")
    page.keyboard.press("Enter")
    widget.expect_bot("emploi en ce moment")
    assert focused(page).startswith("textarea")
    page.keyboard.type("oui, je travaille le week-end")
    page.keyboard.press("Enter")
    widget.expect_bot("où en êtes-vous")

    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert focused(page).startswith("button.launcher")
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert "oui, je travaille le week-end" in widget.user_messages()


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
                     for v in violations)


DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 740}


@pytest.mark.parametrize("context_options", [
    {"locale": "fr-FR", "viewport": DESKTOP, "bypass_csp": True},  # bypass_csp: to inject axe
    {"locale": "fr-FR", "viewport": PHONE, "bypass_csp": True},
], ids=["desktop", "phone"])
def test_axe_finds_no_violation_with_a_conversation_on_screen(widget, page, context_options):
    assert run_axe(page) == [], "closed widget"
    widget.open()
    widget.choose("En recherche d'emploi")
    widget.expect_bot("où en êtes-vous")
    widget.say("j'hésite entre plusieurs métiers")
    widget.expect_bot("moins de 26 ans")
    violations = run_axe(page)
    width = context_options["viewport"]["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-mid-conversation-{width}.png"))
    (SCREENSHOTS / f"axe-{width}.json").write_text(json.dumps(violations, indent=1))
    assert violations == [], describe(violations)


@pytest.mark.parametrize("context_options", [
    {"locale": "fr-FR", "viewport": PHONE, "device_scale_factor": 2},
    {"locale": "fr-FR", "viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},  # 1280×800 at 200 %
], ids=["phone", "zoom-200"])
def test_the_panel_fits_a_phone_and_a_200_percent_zoom(widget, page, context_options):
    viewport = context_options["viewport"]
    widget.open()
    widget.expect_bot("quelle est votre situation")
    for control in (widget.input, page.get_by_role("button", name="Envoyer"),
                    page.get_by_role("button", name=re.compile("^Fermer"))):
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0, viewport
        assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


XSS = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>",
       '"><svg onload="window.__xss=3">']


@pytest.mark.parametrize("context_options", [{"locale": "fr-FR", "bypass_csp": True}],  # the widget alone must be safe
                         ids=["without-csp"])
def test_visitor_text_is_shown_as_text_never_run(widget, page, context_options):
    widget.open()
    widget.expect_bot("quelle est votre situation")
    for attack in XSS:
        widget.say(attack)
    expect(widget.log.locator(".message.user ~ .message.bot").first).to_be_visible()  # it answered
    for _ in range(2):  # as typed, then as re-read from storage after a reload
        expect(widget.log.locator(".message.user")).to_have_count(len(XSS))
        assert widget.user_messages() == XSS
        assert page.locator("cep-chat img, cep-chat svg, cep-chat script").count() == 0
        assert page.evaluate("window.__xss") is None
        page.reload()
        widget = Widget(page)


def test_the_host_site_chooses_title_colours_and_side(page, demo_site):
    page.goto(demo_site + "/couleurs.html")
    widget = Widget(page)
    launcher = widget.launcher.bounding_box()
    assert launcher["x"] < 640  # left side of a 1280-pixel window
    assert widget.launcher.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 204, 0)"
    assert widget.launcher.evaluate("el => getComputedStyle(el).color") == "rgb(30, 30, 30)"  # readable on yellow
    widget.open()
    expect(page.get_by_role("dialog", name="Assistant emploi et formation")).to_be_visible()


def test_the_widget_recovers_when_the_server_restarts(widget, page, assistant):
    widget.open()
    widget.choose("Indépendant(e), à mon compte")
    widget.expect_bot("où en êtes-vous")

    assistant.rasa.terminate()
    assistant.rasa.wait(timeout=30)
    expect(page.get_by_role("status")).to_contain_text("Connexion perdue")
    widget.say("je ne sais pas du tout quoi faire")
    expect(widget.log.locator(".message.user .pending")).to_have_count(1)

    assistant.restart_rasa()
    expect(widget.bot_said("fait pour vous")).to_be_visible(timeout=60_000)
    expect(widget.log.locator(".pending")).to_have_count(0)
    assert widget.user_messages() == ["Indépendant(e), à mon compte", "je ne sais pas du tout quoi faire"]
    expected = {"employment_status": "self_employed", "project_clarity": "no_idea"}
    slots = assistant.slots_once(assistant.conversation_of("socketio", session_id(page)), expected)
    assert (slots["employment_status"], slots["project_clarity"]) == ("self_employed", "no_idea")
