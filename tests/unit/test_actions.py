"""The custom actions, run with the real domain, trackers and dispatcher."""
import asyncio

from rasa_sdk.events import SlotSet

from actions.fallback import ActionFallback
from actions.handoff import ActionHandoff
from actions.intake_actions import ActionAskProjectClarity, ActionIntakeOutcome, ActionSessionStart
from actions.profile_actions import ValidateIntakeForm, ValidateProfile
from actions.questions import ActionAnswerQuestion


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def texts(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_session_start_says_it_is_automated_and_warns_about_health_data(dispatcher, tracker_factory, domain):
    events = run(ActionSessionStart(), dispatcher, tracker_factory(), domain)
    said = texts(dispatcher)
    assert "assistant automatisé" in said and "santé" in said and "30 jours" in said
    assert events[0]["event"] == "session_started"


def test_validation_sets_eligibility_from_the_extracted_status(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        slots={"employment_status": "job_seeker"}, text="je suis au chômage",
        events=[{"event": "user", "text": "je suis au chômage"},
                {"event": "slot", "name": "employment_status", "value": "job_seeker"}])
    events = run(ValidateProfile(), dispatcher, tracker, domain)
    assert SlotSet("eligible", True) in events


def test_validation_reads_a_short_answer_to_the_question_asked(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        slots={"employment_status": "retired", "requested_slot": "currently_working"},
        text="plus maintenant",
        events=[{"event": "slot", "name": "employment_status", "value": "retired"},
                {"event": "user", "text": "plus maintenant"}])
    events = run(ValidateProfile(), dispatcher, tracker, domain)
    assert SlotSet("currently_working", False) in events and SlotSet("eligible", False) in events


def test_form_asks_about_work_only_for_students_retirees_and_inactive(dispatcher, tracker_factory, domain):
    form = ValidateIntakeForm()
    student = asyncio.run(form.required_slots([], dispatcher, tracker_factory({"employment_status": "student"}), domain))
    employee = asyncio.run(form.required_slots([], dispatcher, tracker_factory({"employment_status": "private_employee", "eligible": True}), domain))
    not_eligible = asyncio.run(form.required_slots([], dispatcher, tracker_factory({"employment_status": "retired", "eligible": False}), domain))
    assert student == ["employment_status", "currently_working", "project_clarity"]
    assert employee == ["employment_status", "project_clarity"]
    assert not_eligible == ["employment_status", "currently_working"]


def test_project_question_first_confirms_the_status(dispatcher, tracker_factory, domain):
    run(ActionAskProjectClarity(), dispatcher, tracker_factory({"employment_status": "job_seeker", "eligible": True}), domain)
    assert "recherche d'emploi" in texts(dispatcher) and "France Travail" in texts(dispatcher)
    assert len(dispatcher.messages[-1]["buttons"]) == 3


def test_outcome_for_an_eligible_visitor_gives_operator_and_contacts(dispatcher, tracker_factory, domain):
    slots = {"employment_status": "private_employee", "project_clarity": "no_idea", "eligible": True}
    run(ActionIntakeOutcome(), dispatcher, tracker_factory(slots), domain)
    said = texts(dispatcher)
    assert "Bonne nouvelle" in said and "09 75 18 76 91" in said and "mon-cep.org" in said


def test_outcome_for_a_student_without_a_job_is_kind_and_not_a_dead_end(dispatcher, tracker_factory, domain):
    slots = {"employment_status": "student", "currently_working": False, "eligible": False}
    run(ActionIntakeOutcome(), dispatcher, tracker_factory(slots), domain)
    said = texts(dispatcher)
    assert "pas ouvert pour l'instant" in said and "service d'orientation" in said and "09 75 18 76 91" in said


def test_answer_has_a_source(dispatcher, tracker_factory, domain):
    run(ActionAnswerQuestion(), dispatcher, tracker_factory(intent="ask_free"), domain)
    assert "gratuit" in texts(dispatcher) and "Source : service-public.fr" in texts(dispatcher)


def test_handoff_for_a_public_agent_names_the_employer_route(dispatcher, tracker_factory, domain):
    events = run(ActionHandoff(), dispatcher, tracker_factory({"employment_status": "public_employee", "eligible": True}), domain)
    assert "centre de gestion" in texts(dispatcher) and "09 75 18 76 91" in texts(dispatcher)
    assert SlotSet("handoff_given", True) in events


def test_fallback_suggests_then_asks_to_rephrase_then_hands_off(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(intent="nlu_fallback")
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "ask_free"}, {"name": "greet"}]
    run(ActionFallback(), dispatcher, tracker, domain)
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/ask_free"
    tracker.slots["fallback_count"] = 1
    run(ActionFallback(), dispatcher, tracker, domain)
    assert "autrement" in dispatcher.messages[-1]["text"]
    tracker.slots["fallback_count"] = 2
    events = run(ActionFallback(), dispatcher, tracker, domain)
    assert "09 75 18 76 91" in texts(dispatcher) and SlotSet("handoff_given", True) in events
