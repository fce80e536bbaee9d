"""What a counsellor sees: the filtered list, search, the transcript, notes, tags, exports, dashboard."""
import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

from review import projection
from tests.review_app.helpers import PASSWORD, csrf_token, login

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


def test_the_tag_filter_ignores_case(counsellor_client, conversations):
    seed(conversations)
    token = csrf_token(counsellor_client, "/conversations/salariee-perdue")
    counsellor_client.post("/conversations/salariee-perdue/etiquettes", data={"csrf_token": token, "tag": "Rappeler"})
    assert senders(counsellor_client.get("/conversations?tag=Rappeler").get_data(as_text=True)) == {"salariee-perdue"}
    assert senders(counsellor_client.get("/conversations?tag=%20RAPPELER").get_data(as_text=True)) == \
        {"salariee-perdue"}


def test_days_are_paris_days_in_filters_and_the_chart(counsellor_client, conversations, engine):
    # 00:30 in Paris on 15 January 2026 is 23:30 UTC on the 14th
    paris_half_past_midnight = dt.datetime(2026, 1, 15, 0, 30, tzinfo=ZoneInfo("Europe/Paris")).timestamp()
    conversations.save("nuit", [("user", "je suis salarié", "inform", 0.9)], start=paris_half_past_midnight)
    assert senders_of(counsellor_client.get("/conversations?from=2026-01-15&to=2026-01-15")) == {"nuit"}
    assert senders_of(counsellor_client.get("/conversations?from=2026-01-14&to=2026-01-14")) == set()
    # a summer day (UTC+2): 23:30 in Paris on 15 July is still the 15th
    summer = dt.datetime(2026, 7, 15, 23, 30, tzinfo=ZoneInfo("Europe/Paris")).timestamp()
    conversations.save("ete", [("user", "je suis salarié", "inform", 0.9)], start=summer)
    assert senders_of(counsellor_client.get("/conversations?from=2026-07-15&to=2026-07-15")) == {"ete"}
    page = counsellor_client.get("/tableau-de-bord?to=2026-01-31").get_data(as_text=True)
    assert "<title>15/01 : 1</title>" in page and "<title>14/01" not in page


def senders_of(response) -> set[str]:
    assert response.status_code == 200
    return {s for s in ("nuit", "ete") if f">{s}</a>" in response.get_data(as_text=True)}


def test_the_audit_log_says_whether_there_was_a_search_not_what_was_searched(admin_client, conversations, engine):
    from review import audit

    seed(conversations)
    admin_client.get("/conversations?q=Dupont&handoff=oui")
    admin_client.get("/conversations/export.csv?q=Dupont")
    admin_client.get("/tableau-de-bord?q=Dupont")
    targets = [e["target"] for e in audit.entries(engine)]
    assert not any("Dupont" in (t or "") for t in targets)
    assert sum('"recherche": "oui"' in (t or "") for t in targets) == 3


def test_a_list_export_records_how_many_conversations_it_held(admin_client, conversations, engine):
    from review import audit

    seed(conversations)
    admin_client.get("/conversations/export.json")
    admin_client.get("/conversations/export.csv?fallback=oui")
    exports_logged = [e["target"] for e in audit.entries(engine) if e["action"].startswith("export liste")]
    assert exports_logged[0].endswith("— 1 conversation(s)") and exports_logged[1].endswith("— 3 conversation(s)")


def test_csv_exports_defuse_formulas_behind_spaces_tabs_and_returns(counsellor_client, conversations):
    from review.exports import safe_cell

    for cell in (" =1+1", "  +33 6", "\t-2", "\r@SUM(A1)", "\n=1", "=1"):
        assert safe_cell(cell) == "'" + cell
    for cell in ("bonjour", " 12 ans", "", "a=b"):
        assert safe_cell(cell) == cell
    conversations.save("formule", [("user", "  =HYPERLINK(\"http://exemple.invalid\")", "out_of_scope", 0.3)])
    body = counsellor_client.get("/conversations/formule/export.csv").get_data(as_text=True)
    assert "'  =HYPERLINK" in body


def test_pages_serve_the_projection_they_have_when_the_database_is_busy(db_url, conversations):
    """The request-path refresh gives up, rather than failing the page, when it cannot write
    (SQLite's write lock held by the Rasa server, a lock on PostgreSQL): pages serve the rows
    they have."""
    import secrets

    import sqlalchemy as sa

    from review import accounts
    from review.app import create_app
    from review.settings import Settings
    from review.web.common import catch_up

    conversations.save("deja-vu", [("user", "bonjour", "greet", 0.99)])
    sqlite = db_url.startswith("sqlite")
    engine = sa.create_engine(db_url, connect_args={"timeout": 0.2} if sqlite else {"options": "-c lock_timeout=200"})
    app = create_app(Settings(db_url=db_url, secret_key=secrets.token_hex(8)), engine=engine)
    accounts.create_counsellor(engine, "claire@cep.example", PASSWORD)
    client = app.test_client()
    assert login(client, "claire@cep.example").status_code == 302
    assert "deja-vu" in client.get("/conversations").get_data(as_text=True)
    conversations.save("nouveau", [("user", "bonjour", "greet", 0.99)])
    holder = sa.create_engine(db_url)
    with holder.connect() as connection:
        transaction = connection.begin()
        if sqlite:  # holds the write lock (the page's own audit entry would wait for it too)
            connection.exec_driver_sql("DELETE FROM review_state WHERE 0 = 1")
        else:
            connection.exec_driver_sql("LOCK TABLE review_state IN ACCESS EXCLUSIVE MODE")
        assert catch_up(engine) is False
        if not sqlite:
            for url in ("/conversations", "/tableau-de-bord", "/conversations/export.csv"):
                response = client.get(url)
                assert response.status_code == 200 and response.get_data(), url
            assert "deja-vu" in client.get("/conversations").get_data(as_text=True)
        transaction.rollback()
    assert "nouveau" in client.get("/conversations").get_data(as_text=True)
    holder.dispose()
    engine.dispose()


def test_a_page_does_not_wait_for_the_background_refresh(counsellor_client, conversations):
    import threading

    seed(conversations)
    with projection._lock:  # the background refresher is at work
        done = []
        thread = threading.Thread(target=lambda: done.append(counsellor_client.get("/conversations").status_code),
                                  daemon=True)
        thread.start()
        thread.join(timeout=10)
        assert done == [200]


def test_the_transcript_shows_changes_only_and_names_the_widget_opening(counsellor_client, conversations):
    conversations.save("widget-visiteur", [
        ("user", "/greet", "greet", 1.0), ("slot", "fallback_count", 0),
        ("user", "je suis au chômage", "inform", 0.9), ("slot", "employment_status", "job_seeker"),
        ("slot", "employment_status", "job_seeker"), ("slot", "fallback_count", 0)])
    page = counsellor_client.get("/conversations/widget-visiteur").get_data(as_text=True)
    assert "ouverture de la discussion" in page
    assert page.count("Situation → Demandeur d&#39;emploi") == 1  # set twice, one change
    assert "Incompréhensions successives → 0" not in page  # a reset to the default is no change
