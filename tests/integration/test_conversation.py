"""A visitor chats over REST with the real servers; the tracker is read through the API."""
import uuid

import sqlalchemy as sa


def new_sender() -> str:
    return f"it-{uuid.uuid4().hex[:10]}"


def said(replies) -> str:
    return "\n".join((r.get("text") or "") + " " + " ".join(b["title"] for b in r.get("buttons", []))
                     for r in replies)


def test_a_full_intake_from_greeting_to_handoff(assistant):
    sender = new_sender()
    opening = said(assistant.say(sender, "bonjour"))
    assert "assistant automatisé" in opening and "santé" in opening
    assert "Salarié(e) du privé" in opening  # the status buttons

    after_status = said(assistant.say(sender, "chui au chomage depuis mars"))
    assert "France Travail" in after_status and "J'ai plusieurs idées" in after_status
    assert assistant.slots(sender)["employment_status"] == "job_seeker"

    age_question = said(assistant.say(sender, "aucune idée"))
    assert "moins de 26 ans" in age_question
    outcome = said(assistant.say(sender, "non"))
    assert "fait pour vous" in outcome and "France Travail" in outcome and "mon-cep.org" not in outcome

    handoff = said(assistant.say(sender, "je veux parler à quelqu'un"))
    assert "09 75 18 76 91" in handoff
    slots = assistant.slots(sender)
    assert (slots["project_clarity"], slots["eligible"], slots["handoff_given"]) == ("no_idea", True, True)


def test_the_first_message_can_fill_everything(assistant):
    sender = new_sender()
    replies = said(assistant.say(sender, "j'ai 35 ans, je suis au chômage et je ne sais pas quoi faire"))
    slots = assistant.slots(sender)
    assert (slots["employment_status"], slots["project_clarity"], slots["eligible"]) == ("job_seeker", "no_idea", True)
    assert "fait pour vous" in replies and "moins de 26 ans" not in replies


def test_a_retiree_is_asked_about_work_before_deciding(assistant):
    sender = new_sender()
    question = said(assistant.say(sender, "je suis retraité"))
    assert "emploi en ce moment" in question
    assert assistant.slots(sender)["eligible"] is None
    answer = said(assistant.say(sender, "non"))
    slots = assistant.slots(sender)
    assert (slots["currently_working"], slots["eligible"]) == (False, False)
    assert "pas ouvert pour l'instant" in answer and "09 75 18 76 91" in answer


def test_a_question_mid_intake_is_answered_and_the_intake_goes_on(assistant):
    sender = new_sender()
    assistant.say(sender, "je suis fonctionnaire")
    replies = said(assistant.say(sender, "c'est gratuit ?"))
    assert "gratuit" in replies and "Source" in replies
    assert "où en êtes-vous" in replies  # the project question again


def test_a_correction_changes_the_profile(assistant):
    sender = new_sender()
    assistant.say(sender, "je suis au chômage")
    assistant.say(sender, "non en fait je suis en CDD")
    assert assistant.slots(sender)["employment_status"] == "private_employee"


def test_the_api_refuses_requests_without_the_token(assistant):
    sender = new_sender()
    assistant.say(sender, "bonjour")
    status, _ = assistant.request("GET", f"/conversations/{sender}/tracker")
    assert status in (401, 403)
    status, _ = assistant.request("GET", f"/conversations/{sender}/tracker?token=wrong")
    assert status in (401, 403)


def test_conversations_are_stored_in_the_sql_tracker_store(assistant):
    sender = new_sender()
    assistant.say(sender, "je suis salarié")
    engine = sa.create_engine(f"sqlite:///{assistant.db_path}")
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"),
                                   {"s": sender}).scalar()
    assert count > 3


def test_personal_information_fits_the_profile_and_each_scheme_can_be_explained(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "salarié en CDI à Rennes, je voudrais me reconvertir dans le paysagisme")
    text = said(replies)
    assert "bretagne.avenir-actifs.org" in text and "démission-reconversion" in text
    assert assistant.slots(sender)["region"] == "FR-BRE"
    button = next(b for r in replies for b in r.get("buttons", []) if "démission" in b["title"].lower())
    details = said(assistant.say(sender, button["payload"]))
    assert "1 300 jours" in details and "Source" in details


def test_a_job_seeker_is_not_told_to_pay_the_cpf_participation(assistant):
    sender = new_sender()
    text = said(assistant.say(sender, "45 ans, au chômage, je veux me former à la comptabilité"))
    assert "sans participation forfaitaire" in text and "démission-reconversion" not in text
    details = said(assistant.say(sender, "c'est quoi le CPF ?"))
    assert "500 €" in details and "103,20" not in details


def test_the_summary_is_reviewed_shared_and_fetched_by_a_counsellor(assistant):
    sender = new_sender()
    outcome = said(assistant.say(sender, "je suis indépendante, j'hésite entre deux métiers"))
    assert "Le conseil en évolution professionnelle est fait pour vous" in outcome
    assert "situation de handicap" not in outcome  # one thing at a time: the question comes next
    question = said(assistant.say(sender, "ok"))
    assert "situation de handicap" in question and "Je préfère ne pas répondre" in question
    review = said(assistant.say(sender, '/disability_answer{"disability": "skip"}'))
    assert "Voici le résumé" in review and "Ce résumé est-il juste" in review
    assert "Acceptez-vous" in said(assistant.say(sender, "/affirm"))
    assert "pourront lire ce résumé" in said(assistant.say(sender, "oui"))

    status, body = assistant.request("GET", f"/webhooks/summary/{sender}.json?token={assistant.token}")
    assert status == 200 and body["summary"]["project"] == "plusieurs idées"
    status, page = assistant.request("GET", f"/webhooks/summary/{sender}.html?token={assistant.token}")
    assert status == 200 and "Résumé de la demande" in page
    status, _ = assistant.request("GET", f"/webhooks/summary/{sender}.json")
    assert status == 401


def test_a_refused_summary_is_not_kept(assistant):
    sender = new_sender()
    assistant.say(sender, "j'ai 40 ans, je suis au chômage, je veux devenir boulanger")
    assistant.say(sender, "non")
    assistant.say(sender, "oui c'est juste")
    assert "ne sera pas conservé" in said(assistant.say(sender, "non merci"))
    status, _ = assistant.request("GET", f"/webhooks/summary/{sender}.json?token={assistant.token}")
    assert status == 404


def test_a_wrong_summary_can_be_corrected(assistant):
    sender = new_sender()
    assistant.say(sender, "j'ai 40 ans, je suis au chômage, je veux devenir boulanger")
    assistant.say(sender, '/disability_answer{"disability": "no"}')
    assert "Écrivez-moi ce qui n'est pas juste" in said(assistant.say(sender, "/deny"))
    corrected = said(assistant.say(sender, "en fait je suis en CDD"))
    assert "je mets à jour" in corrected and "Voici le résumé" in corrected and "salarié(e) du privé" in corrected
    assert "situation de handicap" not in corrected  # asked once


def test_the_disability_answer_orients_to_cap_emploi_and_is_not_kept(assistant):
    sender = new_sender()
    assistant.say(sender, "salarié en CDI, je veux devenir infirmier")
    reply = said(assistant.say(sender, "oui, j'ai une RQTH"))
    assert "Cap emploi" in reply and "Voici le résumé" in reply
    events = assistant.tracker(sender)["events"]
    kept = str(events)
    assert "RQTH" not in kept and "Cap emploi" not in kept and "'disability'" not in kept
    assert "Voici le résumé" in kept
