"""One reply per message, whatever the message: the dialogue's decisions, without Rasa."""
from dataclasses import replace

from actions.dialogue import Heard, State, missing_slots, respond
from cep.profile import Profile

JOB_SEEKER = Profile("job_seeker", eligible=True)
EMPLOYEE_DONE = Profile("private_employee", project_clarity="one_idea", eligible=True, contract_type="cdi")


def text(turn) -> str:
    return "\n".join(m["text"] for m in turn.messages)


def titles(turn) -> list[str]:
    return [b["title"] for m in turn.messages for b in m.get("buttons", [])]


def test_an_acknowledgement_while_a_question_is_pending_asks_it_again_once():
    state = State(Profile("private_employee", eligible=True), pending="project_clarity")
    turn = respond(state, Heard(intent="affirm", text="ok", yes_no="yes", acknowledgement=True), state.profile)
    assert len(turn.messages) == 1
    assert text(turn).startswith("D'accord.") and "projet" in text(turn)
    assert "J'ai plusieurs idées" in titles(turn) and "Parler à un conseiller" not in titles(turn)


def test_a_second_acknowledgement_in_a_row_also_offers_a_person_never_misunderstood():
    state = State(Profile("private_employee", eligible=True), pending="project_clarity")
    ok = Heard(intent="affirm", text="ok", yes_no="yes", acknowledgement=True)
    first = respond(state, ok, state.profile)
    second = respond(State(state.profile, pending="project_clarity", misunderstood=first.slots["fallback_count"]),
                     ok, state.profile)
    third = respond(State(state.profile, pending="project_clarity", misunderstood=second.slots["fallback_count"]),
                    ok, state.profile)
    for turn in (second, third):
        assert len(turn.messages) == 1 and text(turn).startswith("D'accord.") and "conseiller" in text(turn)
        assert "Parler à un conseiller" in titles(turn) and "J'ai plusieurs idées" in titles(turn)
        assert "compris" not in text(turn)
    answered = respond(State(state.profile, pending="project_clarity", misunderstood=3),
                       Heard(intent="inform", text="aucune idée", changed=frozenset({"project_clarity"})),
                       Profile("private_employee", project_clarity="no_idea", eligible=True))
    assert answered.slots["fallback_count"] == 0


def test_work_told_without_its_status_is_asked_precisely_not_misunderstood():
    state = State(Profile(), pending="employment_status")
    turn = respond(state, Heard(intent="nlu_fallback", text="je bosse dans le BTP",
                                status_between="private_employee|self_employed"), state.profile)
    assert len(turn.messages) == 1 and text(turn) == "D'accord. Êtes-vous salarié(e) ou à votre compte ?"
    assert turn.slots["fallback_count"] == 0


def test_a_second_greeting_mid_intake_greets_and_asks_the_pending_question():
    state = State(Profile(), pending="employment_status")
    turn = respond(state, Heard(intent="greet", text="bonjour"), state.profile)
    assert len(turn.messages) == 1 and text(turn).startswith("Bonjour") and "Salarié(e) du privé" in titles(turn)


def test_not_understood_three_times_offers_a_person_then_starts_counting_again():
    profile = Profile()
    state = State(profile, pending="employment_status")
    first = respond(state, Heard(intent="nlu_fallback", text="blbl"), profile)
    assert "pas bien compris" in text(first) and first.slots["fallback_count"] == 1
    second = respond(State(profile, pending="employment_status", misunderstood=1), Heard(intent="nlu_fallback"), profile)
    assert "Parler à un conseiller" in titles(second) and second.slots["fallback_count"] == 2
    third = respond(State(profile, pending="employment_status", misunderstood=2), Heard(intent="nlu_fallback"), profile)
    assert "09 75 18 76 91" in text(third) and third.slots["handoff_given"] is True
    assert third.slots["fallback_count"] == 0 and "Salarié(e) du privé" in titles(third)
    assert len(third.messages) <= 3


def test_a_person_can_be_asked_for_at_any_point_and_the_question_stays_open():
    for pending in ("employment_status", "project_clarity", "disability_question", "summary_check", "share", None):
        turn = respond(State(JOB_SEEKER, pending=pending), Heard(intent="request_human", text="conseiller"), JOB_SEEKER)
        assert "France Travail" in text(turn) and turn.slots["handoff_given"] is True
        # the optional disability question gives way to the summary: it is not pressed on whoever wants a person
        expected = "summary_check" if pending == "disability_question" else pending
        assert turn.slots.get("pending", pending) == expected


def test_a_question_mid_intake_is_answered_then_the_question_is_asked_again():
    employee = Profile("private_employee", eligible=True)
    heard = Heard(intent="ask_free", text="combien coûte le bilan ?", topics=("cost_bilan",))
    turn = respond(State(employee, pending="project_clarity"), heard, employee)
    assert "103,20" in text(turn) and "entièrement gratuit" not in text(turn)
    assert "J'ai une idée précise" in titles(turn) and len(turn.messages) == 2
    turn = respond(State(JOB_SEEKER, pending="project_clarity"), heard, JOB_SEEKER)
    assert "103,20" not in text(turn) and "pas de participation forfaitaire" in text(turn)


def test_several_questions_get_several_answers_in_one_message():
    turn = respond(State(), Heard(intent="ask_free", topics=("ask_free", "what_is_apec")), Profile())
    assert "gratuit" in text(turn) and "cadres" in text(turn)


def test_job_seekers_book_with_france_travail_and_public_agents_with_their_employer():
    job_seeker = Profile("job_seeker", project_clarity="no_idea", eligible=True, age_group="26_or_more")
    turn = respond(State(Profile("job_seeker", project_clarity="no_idea", eligible=True), pending="age_group"),
                   Heard(intent="deny", text="non", yes_no="no", stated=frozenset({"age_group"})), job_seeker)
    outcome = turn.messages[0]["text"]
    assert "France Travail" in outcome and "Bonne nouvelle" not in outcome
    assert "prendre rendez-vous avec un conseiller CEP : mon-cep.org" not in outcome
    agent = Profile("public_employee", project_clarity="one_idea", eligible=True)
    turn = respond(State(Profile("public_employee", eligible=True), pending="project_clarity"),
                   Heard(intent="inform", stated=frozenset({"project_clarity"})), agent)
    assert "centre de gestion" in text(turn) and "CPF" in text(turn) and "heures" in text(turn)
    assert "démission-reconversion" not in text(turn)


def test_no_idea_yet_gets_the_bilan_first_and_no_transition_schemes():
    profile = Profile("private_employee", project_clarity="no_idea", eligible=True)
    turn = respond(State(Profile("private_employee", eligible=True), pending="project_clarity"),
                   Heard(intent="inform", stated=frozenset({"project_clarity"})), profile)
    schemes = turn.messages[0]["text"].split("Ce qui peut vous servir")[1]
    assert "bilan de compétences" in schemes
    assert "transition professionnelle" not in schemes and "démission-reconversion" not in schemes


def test_the_disability_question_is_asked_once_and_only_an_explicit_answer_counts():
    state = State(EMPLOYEE_DONE, pending="disability_question", outcome_given=True, disability_asked=True)
    ack = respond(state, Heard(intent="affirm", text="ok", yes_no="yes", acknowledgement=True), EMPLOYEE_DONE)
    # optional: "ok", "bof", "jsp" is no answer, and the question is not pressed (a visitor got it four times)
    assert "handicap" not in text(ack) and "Cap emploi" not in text(ack)
    assert ack.slots["pending"] == "summary_check" and "résumé" in text(ack)
    human = respond(state, Heard(intent="request_human", text="je veux un humain"), EMPLOYEE_DONE)
    assert "09 75 18 76 91" in text(human) and "handicap" not in text(human)
    accepted = respond(state, Heard(intent="affirm", text="ok j'accepte", yes_no="yes"), EMPLOYEE_DONE)
    assert not any(m.get("private") for m in accepted.messages) and accepted.slots.get("pending") == "summary_check"
    yes = respond(state, Heard(intent="affirm", text="oui", yes_no="yes", bare_yes_no="yes"), EMPLOYEE_DONE)
    assert "Cap emploi" in yes.messages[0]["text"] and yes.messages[0]["private"] is True
    assert yes.slots["pending"] == "summary_check" and "résumé" in text(yes)
    corrected = respond(State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True),
                        Heard(intent="inform", changed=frozenset({"contract_type"}), stated=frozenset({"contract_type"})),
                        EMPLOYEE_DONE)
    assert "handicap" not in text(corrected) and corrected.slots["pending"] == "summary_check"


def test_after_the_outcome_saying_the_same_again_is_no_correction_and_a_question_does_not_nag():
    state = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    same = respond(state, Heard(intent="inform", text="je suis salarié", stated=frozenset({"employment_status"})),
                   EMPLOYEE_DONE)
    assert "corrigé" not in text(same) and "Voici le résumé" not in text(same)
    assert "compris" not in text(same) and text(same).startswith("C'est noté.") and same.slots.get("pending", "summary_check") == "summary_check"
    # the same at the optional disability question: no "not understood", the question not pressed
    ideas = respond(State(EMPLOYEE_DONE, pending="disability_question", outcome_given=True, disability_asked=True),
                    Heard(intent="inform", text="plusieurs idées", stated=frozenset({"project_clarity"})), EMPLOYEE_DONE)
    assert "compris" not in text(ideas) and "handicap" not in text(ideas) and ideas.slots["pending"] == "summary_check"
    asked = respond(state, Heard(intent="ask_free", topics=("ask_free",)), EMPLOYEE_DONE)
    assert "gratuit" in text(asked) and "résumé est-il juste" not in text(asked)
    bye = respond(state, Heard(intent="goodbye", text="merci au revoir", goodbye=True), EMPLOYEE_DONE)
    assert "Au revoir" in text(bye) and "résumé" not in text(bye)


def test_a_rqth_mentioned_unasked_is_answered_privately_and_not_asked_again():
    state = State(Profile(), pending="employment_status")
    turn = respond(state, Heard(intent="inform", text="j'ai une RQTH", disability="yes"), Profile())
    assert turn.messages[0].get("private") is True and "Cap emploi" in turn.messages[0]["text"]
    assert turn.slots["disability_asked"] is True and "Salarié(e) du privé" in titles(turn)


def test_the_summary_then_consent_then_done():
    state = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    turn = respond(state, Heard(intent="affirm", text="oui", yes_no="yes"), EMPLOYEE_DONE)
    assert turn.slots["pending"] == "share" and "transmis" in text(turn)
    turn = respond(State(EMPLOYEE_DONE, pending="share", outcome_given=True), Heard(intent="affirm", yes_no="yes"), EMPLOYEE_DONE)
    assert turn.store_summary and turn.slots["pending"] is None


def test_not_eligible_asking_where_to_turn_gets_what_fits_instead():
    retiree = Profile("retired", currently_working=False, eligible=False)
    turn = respond(State(retiree, outcome_given=True), Heard(intent="nlu_fallback", text="vers qui je peux me tourner ?",
                                                           topics=("who_else",)), retiree)
    assert "France Travail" in text(turn) and "pas la bonne adresse" not in text(turn)


def test_distress_gets_empathy_and_a_person():
    turn = respond(State(Profile(), pending="employment_status"), Heard(intent="inform", text="je suis perdu", distress=True),
                   Profile())
    assert "difficile" in text(turn) and "conseiller" in text(turn) and "Bonne nouvelle" not in text(turn)
    # the second time: heard in a line, not the whole paragraph again (a visitor got it four times)
    again = respond(State(Profile(), pending="employment_status", empathy_given=True),
                    Heard(intent="inform", text="je suis perdue", distress="yes"), Profile())
    assert "Je vous entends" in text(again) and "difficile" not in text(again) and "conseiller" in text(again)


def test_what_the_intake_still_asks():
    assert missing_slots(Profile("student")) == ["currently_working", "project_clarity"]
    assert missing_slots(Profile("retired", currently_working=False, eligible=False)) == []
    assert missing_slots(Profile("job_seeker", project_clarity="one_idea", eligible=True)) == ["age_group"]


def test_a_parent_writing_for_a_child_is_not_asked_their_own_situation_again():
    turn = respond(State(Profile()), Heard(intent="inform", text="c'est pour ma fille", topics=("for_someone_else",)),
                   Profile())
    assert "Mission locale" in text(turn) and "quelle est votre situation" not in text(turn)
    assert turn.slots["pending"] == "someone_else"
    later = respond(State(Profile(), pending="someone_else"), Heard(intent="ask_free", topics=("ask_free",)), Profile())
    assert "gratuit" in text(later) and "quelle est votre situation" not in text(later)
    thanks = respond(State(Profile(), pending="someone_else"), Heard(intent="thank", text="merci"), Profile())
    assert "quelle est votre situation" not in text(thanks)


def test_a_correction_that_finds_nothing_goes_back_to_the_summary_check():
    state = State(EMPLOYEE_DONE, pending="correction", outcome_given=True, disability_asked=True)
    turn = respond(state, Heard(intent="nlu_fallback", text="il manque ma RQTH"), EMPLOYEE_DONE)
    assert "résumé est-il juste" in text(turn) and turn.slots["pending"] == "summary_check"
    done = respond(state, Heard(intent="affirm", text="c'est bon le reste est juste", yes_no="yes"), EMPLOYEE_DONE)
    assert done.slots["pending"] == "share"


def test_the_goodbye_gives_the_route_of_the_profile():
    bye = respond(State(JOB_SEEKER, outcome_given=True), Heard(intent="goodbye", goodbye=True), JOB_SEEKER)
    assert "France Travail" in text(bye) and "mon-cep.org" not in text(bye)


def test_an_unsure_status_is_asked_precisely_with_its_two_answers_first():
    """"Je suis coiffeuse et je voudrais devenir esthéticienne": salariée or à son compte?"""
    after = Profile(project_clarity="one_idea")
    heard = Heard(intent="inform", text="je suis coiffeuse, je voudrais devenir esthéticienne",
                  stated=frozenset({"project_clarity"}), changed=frozenset({"project_clarity"}),
                  status_between="private_employee|self_employed")
    turn = respond(State(Profile(), first_message=True), heard, after)
    assert "Êtes-vous salarié(e) ou à votre compte ?" in text(turn)
    assert titles(turn)[:2] == ["Salarié(e) du privé", "Indépendant(e), à mon compte"]
    assert turn.slots["pending"] == "employment_status"
    asked_again = respond(State(after, pending="employment_status"),
                          Heard(intent="affirm", text="ok", acknowledgement=True,
                                status_between="private_employee|self_employed"), after)
    assert "à votre compte" in text(asked_again)


def test_without_a_hesitation_the_status_question_lists_every_situation():
    turn = respond(State(Profile(), pending="employment_status"), Heard(intent="greet", text="bonjour"), Profile())
    assert "quelle est votre situation" in text(turn) and titles(turn)[0] == "Salarié(e) du privé"


def test_an_ok_to_the_summary_confirms_it_but_is_no_consent_and_the_summary_button_typed_late_is_no_consent():
    profile = EMPLOYEE_DONE
    # visitors found "ok" asked "Ce résumé est-il juste ?" again and again: it confirms the summary, then
    # consent is asked, where an "ok" is not enough
    ok = respond(State(profile, pending="summary_check", outcome_given=True),
                 Heard(intent="affirm", text="ok merci", acknowledgement=True), profile)
    assert ok.slots["pending"] == "share" and "Ce résumé est-il juste ?" not in text(ok) and not ok.store_summary
    ok_again = respond(State(profile, pending="share", outcome_given=True),
                       Heard(intent="affirm", text="ok", yes_no="yes", acknowledgement=True), profile)
    assert not ok_again.store_summary
    late = respond(State(profile, pending="share", outcome_given=True),
                   Heard(intent="affirm", text="Oui, c'est juste", yes_no="yes"), profile)
    assert not late.store_summary
    consent = respond(State(profile, pending="share", outcome_given=True),
                      Heard(intent="affirm", text="Oui, je l'accepte", yes_no="yes"), profile)
    assert consent.store_summary


def test_consent_refused_is_never_asked_again_and_the_next_question_is_answered():
    refused = respond(State(EMPLOYEE_DONE, pending="share", outcome_given=True),
                      Heard(intent="deny", text="non merci", yes_no="no", bare_yes_no="no"), EMPLOYEE_DONE)
    assert "ne sera pas conservé" in text(refused) and refused.slots["pending"] is None
    after = respond(State(EMPLOYEE_DONE, pending=None, outcome_given=True, disability_asked=True),
                    Heard(intent="inform", text="il faut un master pour devenir prof des ecoles ?", is_question=True),
                    EMPLOYEE_DONE)
    assert "Acceptez-vous" not in text(after) and "conseiller CEP pourra" in text(after)


def test_a_question_without_an_answer_is_said_so_and_the_intake_goes_on():
    state = State(Profile("private_employee", eligible=True), pending="project_clarity")
    turn = respond(state, Heard(intent="inform", text="et a 56 ans c'est pas trop tard?", is_question=True), state.profile)
    assert "Je ne sais pas répondre à cette question précise" in text(turn) and "pas bien compris" not in text(turn)
    assert "J'ai plusieurs idées" in titles(turn) and turn.slots["fallback_count"] == 0


def test_an_optional_question_is_not_pressed_on_a_visitor_who_talks_of_something_else():
    state = State(EMPLOYEE_DONE, pending="disability_question", outcome_given=True, disability_asked=True)
    turn = respond(state, Heard(intent="nlu_fallback", text="blabla"), EMPLOYEE_DONE)
    assert "handicap" not in text(turn) and "pas bien compris" in text(turn)
    consent = State(EMPLOYEE_DONE, pending="share", outcome_given=True, disability_asked=True)
    assert "Acceptez-vous" not in text(respond(consent, Heard(intent="nlu_fallback", text="mon mari ?"), EMPLOYEE_DONE))


def test_health_details_told_get_a_reminder_once_and_the_intake_goes_on():
    state = State(Profile("private_employee", eligible=True), pending="project_clarity")
    told = respond(state, Heard(intent="inform", text="j'ai eu un cancer il y a 3 ans", health=True), state.profile)
    assert "ne me donnez pas de détails de santé" in text(told) and "J'ai plusieurs idées" in titles(told)
    again = respond(State(state.profile, pending="project_clarity", health_reminded=True),
                    Heard(intent="inform", text="ma maladie", health=True), state.profile)
    assert "santé" not in text(again)


def test_erasure_asked_is_confirmed_then_done_and_never_on_a_mere_ok():
    state = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    asked = respond(state, Heard(intent="ask_data", text="effacez tout", topics=("erase_request",)), EMPLOYEE_DONE)
    assert "Voulez-vous que j'efface" in text(asked) and asked.slots["pending"] == "erase"
    erase = State(EMPLOYEE_DONE, pending="erase", outcome_given=True, disability_asked=True)
    ok = respond(erase, Heard(intent="affirm", text="ok", yes_no="yes", acknowledgement=True), EMPLOYEE_DONE)
    assert not any(m.get("erase_conversation") for m in ok.messages)
    yes = respond(erase, Heard(intent="affirm", text="oui", yes_no="yes", bare_yes_no="yes"), EMPLOYEE_DONE)
    assert yes.messages[-1].get("erase_conversation") and "effacé" in text(yes) and yes.slots["pending"] is None
    no = respond(erase, Heard(intent="deny", text="non", yes_no="no", bare_yes_no="no"), EMPLOYEE_DONE)
    assert not any(m.get("erase_conversation") for m in no.messages) and "je n'efface rien" in text(no)


def test_erasure_is_done_on_a_yes_with_more_words_and_never_mistaken_for_a_restart():
    # found by a visitor: "oui svp" asked again, "oui effacez tout" restarted the intake instead
    erase = State(EMPLOYEE_DONE, pending="erase", outcome_given=True, disability_asked=True)
    for heard in (Heard(intent="affirm", text="oui svp", yes_no="yes"),
                  Heard(intent="start_over", text="oui effacez tout", yes_no="yes", topics=("erase_request",)),
                  Heard(intent="start_over", text="effacez tout", topics=("erase_request",))):
        turn = respond(erase, heard, EMPLOYEE_DONE)
        assert turn.messages[-1].get("erase_conversation") and "effacé" in text(turn) and not turn.reset, heard.text
    kept = respond(erase, Heard(intent="deny", text="non merci gardez le", yes_no="no"), EMPLOYEE_DONE)
    assert not any(m.get("erase_conversation") for m in kept.messages) and "je n'efface rien" in text(kept)
    # found by a visitor: "bon ok alors non laissez, gardez" was asked the erasure question again
    hesitant = respond(erase, Heard(intent="affirm", text="bon ok alors non laissez, gardez", yes_no="yes",
                                    acknowledgement=True), EMPLOYEE_DONE)
    assert "je n'efface rien" in text(hesitant) and "Voulez-vous que j'efface" not in text(hesitant)
    midway = respond(State(Profile("private_employee", eligible=True), pending="erase"),
                     Heard(intent="deny", text="non", yes_no="no", bare_yes_no="no"), Profile("private_employee", eligible=True))
    assert "je n'efface rien" in text(midway) and midway.slots["pending"] == "project_clarity"  # the intake goes on
    fresh = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    asked = respond(fresh, Heard(intent="start_over", text="effacez tout ce que j'ai écrit", topics=("erase_request",)),
                    EMPLOYEE_DONE)
    assert "Voulez-vous que j'efface" in text(asked) and not asked.reset


def test_a_question_after_ok_neither_confirms_the_summary_nor_consents():
    # found by visitors: "ok. et l'apec ca peut pas m'aider ?" was taken as "the summary is right"
    for pending in ("summary_check", "share"):
        state = State(EMPLOYEE_DONE, pending=pending, outcome_given=True, disability_asked=True)
        turn = respond(state, Heard(intent="ask_what_is_cep", text="ok. et c'est gratuit ?", topics=("ask_free",),
                                    is_question=True, yes_no="yes"), EMPLOYEE_DONE)
        assert "gratuit" in text(turn) and turn.slots.get("pending", pending) == pending and not turn.store_summary
        if pending == "summary_check":
            assert "Acceptez-vous" not in text(turn)


def test_a_question_it_cannot_answer_at_the_summary_check_asks_the_summary_check_again():
    state = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    turn = respond(state, Heard(intent="nlu_fallback", text="ok. et le télétravail ça se négocie ?", is_question=True,
                                yes_no="yes"), EMPLOYEE_DONE)
    assert "Je ne sais pas répondre" in text(turn) and "résumé est-il juste" in text(turn)
    assert turn.slots.get("pending", "summary_check") == "summary_check"


def test_a_visitor_about_to_resign_hears_the_conditions_at_once():
    employee = Profile("private_employee", eligible=True)
    turn = respond(State(Profile(), pending="employment_status"),
                   Heard(intent="inform", text="je suis en preavis de demission", scheme="resignation_retraining",
                         changed=frozenset({"employment_status"}), stated=frozenset({"employment_status"})), employee)
    assert "avant de démissionner" in text(turn) and "projet" in text(turn)


def test_the_outcome_comes_alone_and_the_disability_question_with_the_next_message():
    employee = Profile("private_employee", project_clarity="one_idea", eligible=True, contract_type="cdi")
    before = State(Profile("private_employee", eligible=True, contract_type="cdi"), pending="project_clarity")
    outcome = respond(before, Heard(intent="inform", text="une idée précise", changed=frozenset({"project_clarity"}),
                                    stated=frozenset({"project_clarity"})), employee)
    assert "handicap" not in text(outcome) and len(outcome.messages) == 1
    assert outcome.slots["pending"] == "disability_next"
    after = State(employee, pending="disability_next", outcome_given=True, disability_asked=True)
    ok = respond(after, Heard(intent="affirm", text="ok", yes_no="yes", acknowledgement=True), employee)
    assert len(ok.messages) == 1 and "handicap" in text(ok) and ok.slots["pending"] == "disability_question"
    asked = respond(after, Heard(intent="ask_free", text="c'est gratuit ?", topics=("ask_free",), is_question=True), employee)
    assert "gratuit" in asked.messages[0]["text"] and "handicap" in asked.messages[-1]["text"]
    person = respond(after, Heard(intent="request_human", text="conseiller"), employee)
    assert "handicap" not in text(person)
    said = respond(after, Heard(intent="inform", text="pas de handicap", disability="no"), employee)
    assert said.slots["pending"] == "summary_check"


def test_a_greeting_or_a_fact_told_again_before_the_disability_question_asks_it_without_another_question():
    """Found by a visitor: "bonjour" after the outcome got "Bonjour ! Avez-vous une autre question ?" and
    then the disability question: two questions at once."""
    after = State(EMPLOYEE_DONE, pending="disability_next", outcome_given=True, disability_asked=True)
    for heard in (Heard(intent="greet", text="bonjour"),
                  Heard(intent="inform", text="je suis salarié", stated=frozenset({"employment_status"}))):
        turn = respond(after, heard, EMPLOYEE_DONE)
        assert "autre question" not in text(turn), heard.text
        assert "handicap" in turn.messages[-1]["text"] and turn.slots["pending"] == "disability_question", heard.text
        assert len(turn.messages) <= 2, heard.text


def test_nothing_to_correct_after_all_moves_on_to_consent():
    """Found by a visitor: "non c bon" at "Écrivez-moi ce qui n'est pas juste" was asked again and again."""
    for said in ("non c bon", "rien, c'est bon", "tout est juste finalement"):
        turn = respond(State(EMPLOYEE_DONE, pending="correction", outcome_given=True, disability_asked=True),
                       Heard(intent="deny", text=said, yes_no="no"), EMPLOYEE_DONE)
        assert turn.slots["pending"] == "share", said


def test_am_i_eligible_is_answered_from_what_is_known_then_the_intake_goes_on():
    """Found by visitors: "et moi je pourrais faire un CEP ?", "c'est pas trop tard à 47 ans ?" got "je ne sais pas"."""
    unknown = respond(State(Profile(), pending="employment_status"),
                      Heard(intent="inform", text="c'est pas trop tard à 47 ans ?", topics=("am_i_eligible",), is_question=True),
                      Profile())
    assert "quels que soient son âge" in text(unknown) and "Salarié(e) du privé" in titles(unknown)
    employee = Profile("private_employee", eligible=True)
    known = respond(State(employee, pending="project_clarity"),
                    Heard(intent="inform", text="c'est pour moi ?", topics=("am_i_eligible",), is_question=True), employee)
    assert text(known).startswith("Oui") and "J'ai une idée précise" in titles(known)
    retiree = Profile("retired", False, eligible=False)
    refused = respond(State(retiree, outcome_given=True),
                      Heard(intent="inform", text="j'y ai droit ?", topics=("am_i_eligible",), is_question=True), retiree)
    assert "pas ouvert" in text(refused)


def test_the_deployer_names_itself_in_the_consent_question(monkeypatch):
    """Visitors asked "c'est qui l'organisme ?": OPERATOR_NAME names who keeps the summary."""
    state = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    yes = Heard(intent="affirm", text="oui", yes_no="yes", bare_yes_no="yes")
    assert "l'organisme qui gère cet assistant" in text(respond(state, yes, EMPLOYEE_DONE))
    monkeypatch.setenv("OPERATOR_NAME", "la Cité des métiers de Rennes")
    assert "conseillers CEP de la Cité des métiers de Rennes" in text(respond(state, yes, EMPLOYEE_DONE))


def test_after_the_outcome_a_new_project_is_noted_without_the_whole_route_again():
    """Found by a visitor: the France Travail route was said five times, twice in one turn."""
    seeker = Profile("job_seeker", eligible=True, project_clarity="no_idea", age_group="26_or_more")
    ideas = replace(seeker, project_clarity="several_ideas")
    turn = respond(State(seeker, pending="summary_check", outcome_given=True, disability_asked=True),
                   Heard(intent="inform", text="en fait j'ai des idées : soit X soit Y", changed=frozenset({"project_clarity"}),
                         stated=frozenset({"project_clarity"})), ideas)
    assert "je mets à jour votre projet : plusieurs idées" in text(turn)
    assert text(turn).count("Votre CEP se fait avec France Travail") == 0
    refused = respond(State(ideas, pending="share", outcome_given=True, disability_asked=True),
                      Heard(intent="deny", text="bon non merci alors. et je fais comment pour la suite ?", yes_no="no",
                            topics=("how_to_book",)), ideas)
    assert text(refused).count("Votre CEP se fait avec France Travail") == 1


def test_a_public_agent_asking_for_a_person_hears_the_advisers_discretion():
    """Found by visitors: an ATSEM and a nurse who did not want their employer to know were sent to HR, no more."""
    agent = Profile("public_employee", eligible=True)
    turn = respond(State(agent, pending="project_clarity"), Heard(intent="request_human", text="une vraie personne"), agent)
    assert "discrétion professionnelle" in text(turn) and "hiérarchie" in text(turn)


def test_a_thank_you_with_a_question_is_no_goodbye():
    """Found by a visitor: "Merci. Ils prennent aussi les fonctionnaires ?" got "Au revoir"."""
    turn = respond(State(EMPLOYEE_DONE, outcome_given=True, disability_asked=True),
                   Heard(intent="goodbye", text="Merci. Ils prennent aussi les fonctionnaires ?", goodbye=True,
                         is_question=True, topics=("am_i_eligible",)), EMPLOYEE_DONE)
    assert "Au revoir" not in text(turn) and "Oui" in text(turn)


def test_a_city_named_after_the_outcome_gets_its_regional_portal():
    lyon = replace(EMPLOYEE_DONE, region="FR-ARA")
    turn = respond(State(EMPLOYEE_DONE, pending=None, outcome_given=True, disability_asked=True),
                   Heard(intent="inform", text="j'habite Lyon", changed=frozenset({"region"}), stated=frozenset({"region"})),
                   lyon)
    assert "ara.avenir-actifs.org" in text(turn)


def test_a_public_agent_who_will_not_go_through_hr_hears_of_the_discreet_advisers():
    """Found by three visitors: "pas les RH de la mairie svp" was sent back to HR, or called off-topic."""
    agent = Profile("public_employee", eligible=True, public_branch="territorial")
    turn = respond(State(agent, pending="project_clarity"),
                   Heard(intent="inform", text="pas les RH de la mairie svp", topics=("outside_employer",)), agent)
    assert "centre de gestion" in text(turn) and "hiérarchie" in text(turn) and "J'ai une idée précise" in titles(turn)


def test_a_summary_confirmed_before_a_question_is_confirmed_and_the_question_answered():
    """Visitors wrote "oui c'est juste. mais le rdv c'est en vrai ?": the question was answered and
    "Ce résumé est-il juste ?" asked again, two and three times."""
    state = State(EMPLOYEE_DONE, pending="summary_check", outcome_given=True, disability_asked=True)
    for typed in ("oui c'est juste. mais le rdv c'est en vrai ou au téléphone ?", "oui c juste mais c'est gratuit ?"):
        heard = Heard(intent="ask_remote", text=typed, topics=("ask_remote",), is_question=True)
        turn = respond(state, heard, EMPLOYEE_DONE)
        assert turn.slots["pending"] == "share" and "Ce résumé est-il juste ?" not in text(turn), typed
        assert "distance" in text(turn) or "téléphone" in text(turn), typed
    # "ok. et l'APEC ?" still only asks
    asks = respond(state, Heard(intent="nlu_fallback", text="ok. et l'APEC ?", topics=("ask_apec",),
                                is_question=True, acknowledgement=True), EMPLOYEE_DONE)
    assert asks.slots.get("pending", "summary_check") == "summary_check"


def test_an_inactive_visitor_is_shown_the_way_in_not_sent_away():
    """A 20-year-old "chez mes parents, je fais rien" was told "revenez me voir" twice: the Mission locale
    takes young people with no project, and France Travail anyone preparing a return to work."""
    inactive = Profile("inactive", currently_working=False, eligible=False)
    turn = respond(State(Profile()), Heard(intent="inform", text="je fais rien, je vis chez mes parents",
                                           changed=frozenset({"employment_status"}),
                                           stated=frozenset({"employment_status"})), inactive)
    assert "Mission locale" in text(turn) and "France Travail" in text(turn) and "revenez me voir" not in text(turn)


def test_a_message_in_another_language_offers_a_counsellor_without_saying_one_was_asked_for():
    """"I lost my job…" got "Je ne comprends que le français" then "Bien sûr, voici comment joindre un
    conseiller", which nobody had asked for."""
    turn = respond(State(JOB_SEEKER), Heard(intent="other_language", text="I lost my job 3 months ago"), JOB_SEEKER)
    assert "que le français" in text(turn) and "Bien sûr" not in text(turn) and "France Travail" in text(turn)
