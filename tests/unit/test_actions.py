"""The custom actions, run with the real domain, trackers and dispatcher."""
import asyncio

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.profile_actions import ValidateProfile
from actions.session_start import ActionSessionStart
from actions.turn import ActionTurn
from cep.profile import Profile


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def texts(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_session_start_says_it_is_automated_and_warns_about_health_data(dispatcher, tracker_factory, domain):
    events = run(ActionSessionStart(), dispatcher, tracker_factory(), domain)
    said = texts(dispatcher)
    assert "assistant automatisé" in said and "santé" in said and "30 jours" in said and "conseiller" in said
    assert events[0]["event"] == "session_started"
    assert len(said.split()) <= 60  # the first reply stays short on a phone


def test_validation_sets_eligibility_from_the_extracted_status(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        slots={"employment_status": "job_seeker"}, text="je suis au chômage",
        events=[{"event": "user", "text": "je suis au chômage"},
                {"event": "slot", "name": "employment_status", "value": "job_seeker"}])
    events = run(ValidateProfile(), dispatcher, tracker, domain)
    assert SlotSet("eligible", True) in events


def test_validation_reads_a_short_answer_to_the_pending_question(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        slots={"employment_status": "retired", "pending": "currently_working"},
        text="plus maintenant",
        events=[{"event": "slot", "name": "employment_status", "value": "retired"},
                {"event": "user", "text": "plus maintenant"}])
    events = run(ValidateProfile(), dispatcher, tracker, domain)
    assert SlotSet("currently_working", False) in events and SlotSet("eligible", False) in events


def test_a_typed_button_title_works_like_the_button(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        slots={"employment_status": "private_employee", "eligible": True, "pending": "project_clarity"},
        text="J'ai plusieurs idées", intent="greet",
        events=[{"event": "slot", "name": "employment_status", "value": "private_employee"},
                {"event": "user", "text": "J'ai plusieurs idées"}])
    events = run(ValidateProfile(), dispatcher, tracker, domain)
    assert SlotSet("project_clarity", "several_ideas") in events


def test_a_forged_payload_with_a_dict_value_is_refused_not_crashed(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(slots={"age_group": {"a": 1}}, text='/inform{"age_group": {"a": 1}}',
                              events=[{"event": "user", "text": "/inform"},
                                      {"event": "slot", "name": "age_group", "value": {"a": 1}}])
    tracker.slots_to_validate = lambda: {"age_group": {"a": 1}}
    events = run(ValidateProfile(), dispatcher, tracker, domain)
    assert SlotSet("age_group", None) in events


def test_the_turn_asks_the_next_question_and_remembers_it(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(
        slots={"employment_status": "job_seeker", "eligible": True}, text="je suis au chômage",
        entities=[{"entity": "employment_status", "value": "job_seeker"}],
        events=[{"event": "user", "text": "je suis au chômage"},
                {"event": "slot", "name": "employment_status", "value": "job_seeker"}])
    events = run(ActionTurn(), dispatcher, tracker, domain)
    assert "France Travail" in texts(dispatcher) and len(dispatcher.messages[-1]["buttons"]) == 3
    assert SlotSet("pending", "project_clarity") in events


def test_the_turn_marks_the_disability_reply_private(dispatcher, tracker_factory, domain):
    slots = {"employment_status": "private_employee", "project_clarity": "one_idea", "eligible": True,
             "contract_type": "cdi", "pending": "disability_question", "outcome_given": True, "disability_asked": True}
    tracker = tracker_factory(slots=slots, text='/disability_answer{"disability": "yes"}', intent="disability_answer",
                              entities=[{"entity": "disability", "value": "yes"}])
    run(ActionTurn(), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["private"] is True and "Cap emploi" in dispatcher.messages[0]["text"]
    assert "private" not in dispatcher.messages[1]


def test_the_turn_answers_a_question_without_touching_the_profile(dispatcher, tracker_factory, domain):
    tracker = tracker_factory(slots={"employment_status": "private_employee", "eligible": True,
                                     "pending": "project_clarity"},
                              text="combien ça coûte le bilan ?", intent="ask_free")
    events = run(ActionTurn(), dispatcher, tracker, domain)
    assert "103,20" in texts(dispatcher) and "entièrement gratuit" not in texts(dispatcher)
    assert not [e for e in events if e["name"] in ("employment_status", "project_clarity")]


def test_a_question_the_reader_knows_is_answered_even_when_the_nlu_guessed_a_request_for_a_person(
        dispatcher, tracker_factory, domain):
    """Found by a journey: a student told the CEP is not for them asked "donc je peux aller où ?", DIET
    guessed request_human and the visitor got only the CEP's phone line, not where students go."""
    from cep.understanding.message_reading import ENTITY, read_message

    text = "donc je peux aller où ?"
    reading = {"entity": ENTITY, "value": read_message(text).as_entity_value()}
    tracker = tracker_factory(slots={"employment_status": "student", "currently_working": False, "eligible": False,
                                     "outcome_given": True},
                              text=text, intent="request_human", entities=[reading])
    run(ActionTurn(), dispatcher, tracker, domain)
    assert "service d'orientation de votre établissement" in texts(dispatcher)


def test_a_long_answer_is_not_sent_a_fourth_time_word_for_word(dispatcher, tracker_factory, domain):
    """Visitors who asked again ("vous avez pas répondu…") got the same paragraph three to six times:
    the fourth time, they are told that nothing more is known here and how to reach someone who knows.
    Said again up to three times it stays: a follow-up question may well have the same answer."""
    slots = {"employment_status": "private_employee", "eligible": True, "pending": "project_clarity"}
    first = tracker_factory(slots=slots, text="combien ça coûte le bilan ?", intent="ask_free")
    run(ActionTurn(), dispatcher, first, domain)
    answer = dispatcher.messages[0]["text"]
    assert "103,20" in answer and len(answer) > 120
    said_before = [{"event": "bot", "text": m["text"]} for m in dispatcher.messages]
    for times, repeated in ((1, True), (2, True), (3, False)):
        again = CollectingDispatcher()
        tracker = tracker_factory(slots=slots, text="et le bilan ça coûte combien alors ?", intent="ask_free",
                                  events=said_before * times)
        run(ActionTurn(), again, tracker, domain)
        said = [m["text"] for m in again.messages]
        assert (answer in said) is repeated, times
        assert any("plus haut" in text and "conseiller" in text for text in said) is not repeated, times


def test_the_way_to_a_person_is_sent_however_often_asked():
    """Every variant of the handoff (asked, not eligible, profile unknown) is exempt from the repeat guard."""
    from actions.turn import REPEATS_ALLOWED, without_repeats
    for message in (replies.handoff(Profile("retired", currently_working=False, eligible=False))[0],
                    replies.handoff(Profile())[0], replies.handoff(Profile("job_seeker", eligible=True))[0]):
        assert without_repeats([message], [message["text"]] * REPEATS_ALLOWED) == [message]


def test_the_turn_takes_the_nlus_reading_and_does_not_read_the_text_again(dispatcher, tracker_factory, domain):
    """The message is read once, by the NLU (cep/understanding/message_reading.py): here its reading
    says "asks for a person" for a text that does not, and the action believes the reading."""
    from cep.understanding.message_reading import ENTITY, MessageReading

    reading = {"entity": ENTITY, "value": MessageReading(handoff=True).as_entity_value()}
    tracker = tracker_factory(slots={"employment_status": "job_seeker", "eligible": True}, text="bonjour",
                              intent="greet", entities=[reading],
                              events=[{"event": "user", "text": "bonjour"}])
    run(ActionTurn(), dispatcher, tracker, domain)
    assert "09 75 18 76 91" in texts(dispatcher)


def test_the_reading_travels_as_json_and_a_malformed_one_is_ignored():
    from cep.understanding.message_reading import MessageReading, read_message

    reading = read_message("Non. Par contre ma direction sera au courant ?")
    assert (reading.yes_no, reading.bare_yes_no, reading.question) == ("no", True, True)
    assert MessageReading.from_entity_value(reading.as_entity_value()) == reading
    assert MessageReading.from_entity_value("{not json") is None and MessageReading.from_entity_value(None) is None
    assert read_message('/inform{"employment_status": "student"}') == MessageReading()


def test_an_emoji_alone_is_never_a_goodbye():
    from cep.understanding.message_reading import read_message

    for lost in ("🤔", "🙏😕", "?", "??"):
        reading = read_message(lost)
        assert reading.wordless and not reading.goodbye and not reading.question and not reading.acknowledgement
    assert read_message("👍").acknowledgement and read_message("🙂🙏").acknowledgement


def test_a_person_without_activity_is_told_so_once():
    # a visitor read "vous n'avez pas d'activité professionnelle en ce moment et vous n'avez pas
    # d'emploi en ce moment"
    from actions.replies import situation
    from cep.profile import Profile
    said = situation(Profile("inactive", currently_working=False))
    assert said.count("en ce moment") == 1 and "emploi" not in said
    assert situation(Profile("inactive", currently_working=True)) == "vous n'avez pas d'activité principale, mais vous avez un emploi"
    assert situation(Profile("retired", currently_working=False)) == "vous êtes à la retraite et vous n'avez pas d'emploi en ce moment"
