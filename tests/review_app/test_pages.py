"""What a counsellor sees: the filtered list, search, the transcript, notes, tags, exports, dashboard."""
import csv
import io
import json

from review import projection
from tests.review_app.helpers import csrf_token

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
SUMMARY = {"situation": "Demandeur d'emploi", "project": "Une idée de projet", "eligibility": "Le CEP est pour vous",
           "orientation": "France Travail", "next_steps": "Appelez le 09 75 18 76 91",
           "schemes": ["Bilan de compétences"], "contacts": {"phone": "09 75 18 76 91"},
           "profile": {"employment_status": "job_seeker"}, "approved_at": "2026-11-23T10:00:00+00:00"}
BUTTONS = [{"title": "En recherche d'emploi", "payload": '/inform{"employment_status": "job_seeker"}'}]


def seed(conversations):
    conversations.save("chomeur-boulanger", [
        ("bot", "Quelle est votre situation ?", BUTTONS),
        ("user", '/inform{"employment_status": "job_seeker"}', "inform", 1.0),
        ("slot", "employment_status", "job_seeker"), ("slot", "eligible", True),
        ("user", "je voudrais ouvrir une boulangerie à Lyon", "inform", 0.93),
        ("slot", "project_clarity", "one_idea"), ("slot", "region", "FR-ARA"),
        ("slot", "intake_summary", SUMMARY), ("slot", "handoff_given", True),
    ], channel="socketio")
    conversations.save("salariee-perdue", [
        ("user", "je suis salariée et je ne sais pas quoi faire", "inform", 0.88),
        ("slot", "employment_status", "private_employee"), ("slot", "project_clarity", "no_idea"),
        ("user", "bof enfin voilà quoi", "nlu_fallback", 0.21), ("action", "action_fallback"),
        ("slot", "fallback_count", 1),
    ])
    conversations.save("piratage", [("user", XSS, "out_of_scope", 0.4)])


def senders(page: str) -> set[str]:
    return {s for s in ("chomeur-boulanger", "salariee-perdue", "piratage") if f">{s}</a>" in page}


def test_the_list_filters_on_profile_flags_channel_and_confidence(counsellor_client, conversations):
    seed(conversations)

    def listed(query: str) -> set[str]:
        response = counsellor_client.get("/conversations" + query)
        assert response.status_code == 200
        return senders(response.get_data(as_text=True))

    assert listed("") == {"chomeur-boulanger", "salariee-perdue", "piratage"}
    assert listed("?employment_status=job_seeker") == {"chomeur-boulanger"}
    assert listed("?project_clarity=no_idea") == {"salariee-perdue"}
    assert listed("?eligible=true&region=FR-ARA") == {"chomeur-boulanger"}
    assert listed("?employment_status=__none__") == {"piratage"}
    assert listed("?handoff=oui") == {"chomeur-boulanger"}
    assert listed("?fallback=oui") == {"salariee-perdue"}
    assert listed("?fallback=non&handoff=non") == {"piratage"}
    assert listed("?low_confidence=1") == {"salariee-perdue", "piratage"}
    assert listed("?summary=oui") == {"chomeur-boulanger"}
    assert listed("?channel=socketio") == {"chomeur-boulanger"}
    assert listed("?from=2000-01-01&to=2000-01-31") == set()


def test_full_text_search_finds_the_visitors_words(counsellor_client, conversations):
    seed(conversations)
    page = counsellor_client.get("/conversations?q=boulangerie").get_data(as_text=True)
    assert senders(page) == {"chomeur-boulanger"}
    assert senders(counsellor_client.get("/conversations?q=salariée").get_data(as_text=True)) == {"salariee-perdue"}
    assert senders(counsellor_client.get("/conversations?q=astronaute").get_data(as_text=True)) == set()


def test_the_list_is_paginated(counsellor_client, conversations, engine):
    for i in range(55):
        conversations.save(f"visiteur-{i:02d}", [("user", "bonjour", "greet", 0.99)])
    first = counsellor_client.get("/conversations").get_data(as_text=True)
    second = counsellor_client.get("/conversations?page=2").get_data(as_text=True)
    assert "55 conversations" in first and "Page 1 sur 2" in first and "Page 2 sur 2" in second
    assert first.count('href="/conversations/visiteur-') == 50 and second.count('href="/conversations/visiteur-') == 5


def test_the_projection_follows_new_messages(counsellor_client, conversations, engine):
    conversations.save("visiteur-1", [("user", "bonjour", "greet", 0.99)])
    assert counsellor_client.get("/conversations").get_data(as_text=True).count('href="/conversations/visiteur-1"') == 1
    assert senders(counsellor_client.get("/conversations?employment_status=job_seeker").get_data(as_text=True)) == set()
    conversations.save("chomeur-boulanger", [("user", "je suis au chômage", "inform", 0.9),
                                             ("slot", "employment_status", "job_seeker")])
    page = counsellor_client.get("/conversations?employment_status=job_seeker").get_data(as_text=True)
    assert senders(page) == {"chomeur-boulanger"}


def test_the_transcript_shows_turns_buttons_intents_slots_and_summary(counsellor_client, conversations):
    seed(conversations)
    page = counsellor_client.get("/conversations/chomeur-boulanger").get_data(as_text=True)
    assert "je voudrais ouvrir une boulangerie à Lyon" in page
    assert "Quelle est votre situation ?" in page
    assert "Bouton</span> En recherche d&#39;emploi" in page  # the button chosen, by its title
    assert "inform (0.93)" in page
    assert "Situation → Demandeur d&#39;emploi" in page  # a slot change
    assert "Appelez le 09 75 18 76 91" in page and "Bilan de compétences" in page  # the intake summary
    fallback = counsellor_client.get("/conversations/salariee-perdue").get_data(as_text=True)
    assert "compréhension incertaine" in fallback and "n’a pas compris" in fallback


def test_visitor_text_is_shown_as_text_never_as_html(counsellor_client, conversations):
    seed(conversations)
    for url in ("/conversations/piratage", "/conversations?q=script"):
        page = counsellor_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
    page = counsellor_client.get("/conversations/piratage").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_notes_and_tags_are_kept_on_the_conversation(counsellor_client, conversations):
    seed(conversations)
    token = csrf_token(counsellor_client, "/conversations/salariee-perdue")
    counsellor_client.post("/conversations/salariee-perdue/notes",
                           data={"csrf_token": token, "body": "À rappeler mardi <b>urgent</b>"})
    counsellor_client.post("/conversations/salariee-perdue/etiquettes", data={"csrf_token": token, "tag": "Rappeler"})
    page = counsellor_client.get("/conversations/salariee-perdue").get_data(as_text=True)
    assert "À rappeler mardi &lt;b&gt;urgent&lt;/b&gt;" in page and "claire@cep.example" in page
    assert senders(counsellor_client.get("/conversations?tag=rappeler").get_data(as_text=True)) == {"salariee-perdue"}
    counsellor_client.post("/conversations/salariee-perdue/etiquettes/retirer",
                           data={"csrf_token": token, "tag": "rappeler"})
    assert senders(counsellor_client.get("/conversations?tag=rappeler").get_data(as_text=True)) == set()


def test_a_conversation_export_holds_that_conversation_only(counsellor_client, conversations):
    seed(conversations)
    as_csv = counsellor_client.get("/conversations/chomeur-boulanger/export.csv")
    assert as_csv.status_code == 200 and "attachment" in as_csv.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.get_data(as_text=True))))
    texts = [r["text"] for r in rows]
    assert "je voudrais ouvrir une boulangerie à Lyon" in texts
    assert any(r["kind"] == "slot" and r["slot"] == "employment_status" for r in rows)
    as_json = json.loads(counsellor_client.get("/conversations/chomeur-boulanger/export.json").data)
    assert as_json["sender_id"] == "chomeur-boulanger" and as_json["summary"]["situation"] == "Demandeur d'emploi"
    for body in (as_csv.get_data(as_text=True), json.dumps(as_json, ensure_ascii=False)):
        assert "salariée" not in body and "piratage" not in body and "bof enfin" not in body


def test_a_filtered_list_export_holds_the_selected_conversations_only(counsellor_client, conversations):
    seed(conversations)
    rows = list(csv.DictReader(io.StringIO(
        counsellor_client.get("/conversations/export.csv?fallback=oui").get_data(as_text=True))))
    assert [r["sender_id"] for r in rows] == ["salariee-perdue"]
    assert rows[0]["employment_status"] == "private_employee" and rows[0]["fallback"] == "True"
    data = json.loads(counsellor_client.get("/conversations/export.json?q=boulangerie").data)
    assert [r["sender_id"] for r in data] == ["chomeur-boulanger"]
    assert data[0]["profile"]["region"] == "FR-ARA"


def test_csv_exports_defuse_spreadsheet_formulas(counsellor_client, conversations):
    conversations.save("formule", [("user", "=HYPERLINK(\"http://exemple.invalid\")", "out_of_scope", 0.3)])
    body = counsellor_client.get("/conversations/formule/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body


def test_the_summary_is_exported_as_pdf(counsellor_client, conversations):
    seed(conversations)
    pdf = counsellor_client.get("/conversations/chomeur-boulanger/export.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert counsellor_client.get("/conversations/salariee-perdue/export.pdf").status_code == 404


def test_views_and_exports_are_audited(admin_client, conversations):
    seed(conversations)
    admin_client.get("/conversations/chomeur-boulanger/export.json")
    admin_client.get("/conversations/export.csv?handoff=oui")
    page = admin_client.get("/admin/journal").get_data(as_text=True)
    assert "export json" in page and "chomeur-boulanger" in page
    assert "export liste csv" in page and "handoff" in page


def test_the_dashboard_charts_the_conversations(counsellor_client, conversations, engine):
    seed(conversations)
    projection.refresh(engine)
    page = counsellor_client.get("/tableau-de-bord").get_data(as_text=True)
    assert page.count("<svg") >= 5
    assert "3 conversations" in page
    assert "Taux d&#39;orientation vers un conseiller : <strong>33.3 %</strong>" in page
    assert "Demandeur d&#39;emploi" in page and "Salarié du privé" in page
