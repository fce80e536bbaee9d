"""The intake summary: its content and the printable page."""
from actions.replies import summary, summary_review
from bot.channels.summary import render_page
from cep.profile import Profile


def test_summary_has_what_the_counsellor_needs():
    content = summary(Profile("job_seeker", None, "no_idea", True, "under_26", region="FR-BRE"))
    assert content["situation"] == "en recherche d'emploi"
    assert content["orientation"] == "France Travail, la Mission locale"
    assert content["contacts"]["phone"] == "09 75 18 76 91"
    assert "le bilan de compétences" in content["schemes"]


def test_the_visitor_reviews_it_with_yes_and_no_buttons():
    message = summary_review(Profile("retired", True, "one_idea", True))[0]
    assert "retraité(e), avec un emploi" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_the_printable_page_escapes_everything():
    content = summary(Profile("private_employee", None, "one_idea", True))
    content["situation"] = "<script>alert(1)</script>"
    page = render_page("<b>x</b>", content)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>x</b>" not in page


def test_the_printable_page_shows_each_part_with_its_french_label():
    content = summary(Profile("job_seeker", None, "no_idea", True, "under_26", region="FR-BRE"))
    content["approved_at"] = "2026-12-01"
    page = render_page("visiteur-1", content)
    for label in ("Situation", "Qui contacter", "Dispositifs à explorer", "Contacts"):
        assert f"<dt>{label}</dt>" in page
    assert "en recherche d&#39;emploi" in page and "09 75 18 76 91" in page
    assert "Conversation visiteur-1 — résumé approuvé par la personne le 2026-12-01." in page
