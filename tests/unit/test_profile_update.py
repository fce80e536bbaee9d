"""How a message updates the profile already known (actions/profile_update.py)."""
from actions.profile_update import update_profile as update_from_reading
from cep.understanding.message_reading import read_message


def update_profile(previous, extracted, text, pending, *args, **kwargs):
    """update_profile after the NLU read `text` (its reading, as the action receives it)."""
    return update_from_reading(previous, extracted, read_message(text), pending, *args, **kwargs)


def test_first_message_sets_status_and_eligibility():
    updates = update_profile({}, {"employment_status": "job_seeker", "project_clarity": "one_idea"},
                             "je suis au chomage, je veux devenir aide soignant", None)
    assert updates["employment_status"] == "job_seeker"
    assert updates["eligible"] is True


def test_a_student_who_mentions_a_job_stays_a_student_who_works():
    updates = update_profile({"employment_status": "student"}, {"employment_status": "private_employee"},
                             "oui je travaille en CDI à mi-temps dans une crèche", "currently_working")
    assert updates["employment_status"] == "student"
    assert updates["currently_working"] is True
    assert updates["eligible"] is True


def test_a_correction_changes_the_status():
    updates = update_profile({"employment_status": "student"}, {"employment_status": "private_employee"},
                             "non en fait je suis salarié", None)
    assert updates["employment_status"] == "private_employee"
    assert updates["eligible"] is True


def test_a_short_answer_fills_the_slot_asked_for():
    updates = update_profile({"employment_status": "retired"}, {}, "non", "currently_working")
    assert updates["currently_working"] is False
    assert updates["eligible"] is False
    assert update_profile({}, {}, "plusieurs", "project_clarity")["project_clarity"] == "several_ideas"


def test_forged_values_are_dropped():
    updates = update_profile({}, {"employment_status": "admin", "currently_working": "yes"}, "/inform", None)
    assert "employment_status" not in updates
    assert updates["eligible"] is None


def test_changing_to_an_active_status_clears_working():
    updates = update_profile({"employment_status": "retired", "currently_working": False},
                             {"employment_status": "job_seeker"}, "je cherche un emploi", None)
    assert updates["currently_working"] is None
    assert updates["eligible"] is True


def test_a_student_who_says_they_work_on_saturdays_stays_a_student():
    updates = update_profile({"employment_status": "student", "currently_working": False},
                             {"employment_status": "private_employee"},
                             "ah si pardon, je bosse le samedi dans un magasin de sport", None)
    assert updates["employment_status"] == "student" and updates["currently_working"] is True


def test_a_student_who_says_they_work_is_working_even_when_the_job_leaves_the_reader_unsure():
    """The learned reader could not tell whether "caissière" is a private employee or self-employed
    (no status extracted): the student who says "je travaille" works all the same."""
    updates = update_profile({"employment_status": "student", "currently_working": False, "eligible": False}, {},
                             "en fait si, je travaille le samedi comme caissière", None,
                             status_between="private_employee|self_employed")
    assert updates["currently_working"] is True and updates["eligible"] is True
    assert updates.get("employment_status", "student") == "student"
    asked = update_profile({"employment_status": "retired", "currently_working": False}, {},
                           "si je travaille le samedi, j'y ai droit ?", None)
    assert asked.get("currently_working") is not True  # a hypothesis tells nothing of the visitor


def test_a_student_who_is_an_apprentice_becomes_an_employee():
    updates = update_profile({"employment_status": "student"}, {"employment_status": "public_employee"},
                             "je suis en apprentissage à la mairie de ma ville", None)
    assert updates["employment_status"] == "public_employee" and updates["eligible"] is True


def test_a_guess_does_not_replace_a_status_already_known():
    """The learned reader guessed "public_employee" from "j'ai été ATSEM 10 ans": the visitor said
    earlier they were looking for a job."""
    updates = update_profile({"employment_status": "job_seeker"}, {"employment_status": "public_employee"},
                             "j'ai été ATSEM 10 ans", None, guessed=frozenset({"employment_status"}))
    assert "employment_status" not in updates or updates["employment_status"] == "job_seeker"
    assert updates["eligible"] is True


def test_a_guess_answers_the_status_question_when_it_is_asked():
    updates = update_profile({"employment_status": "job_seeker"}, {"employment_status": "public_employee"},
                             "ATSEM à l'école du village", "employment_status", guessed=frozenset({"employment_status"}))
    assert updates["employment_status"] == "public_employee"


def test_two_statuses_in_doubt_are_kept_until_the_status_is_known():
    first = update_profile({}, {"project_clarity": "one_idea"}, "je suis coiffeuse", None,
                           status_between="private_employee|self_employed")
    assert first["status_between"] == "private_employee|self_employed"
    answered = update_profile({"status_between": "private_employee|self_employed"},
                              {"employment_status": "self_employed"}, "à mon compte", "employment_status")
    assert answered["status_between"] is None
    forged = update_profile({}, {}, "x", None, status_between="admin|root")
    assert "status_between" not in forged


def test_a_question_does_not_change_what_the_visitor_already_told():
    known = {"employment_status": "self_employed", "project_clarity": "several_ideas", "eligible": True}
    asked = update_profile(known, {"project_clarity": "one_idea"}, "pour devenir formateur faut un diplome special?",
                           "summary_check")
    assert asked.get("project_clarity", "several_ideas") == "several_ideas"
    told = update_profile(known, {"project_clarity": "one_idea"}, "en fait j'ai une idée précise: devenir formateur",
                          "summary_check")
    assert told["project_clarity"] == "one_idea"
    outright = update_profile(known, {"employment_status": "job_seeker"}, "en fait je suis au chômage, c'est gratuit ?", None)
    assert outright["employment_status"] == "job_seeker"
    unknown = update_profile({}, {"project_clarity": "one_idea"}, "je veux devenir formateur, il faut un diplôme ?", None)
    assert unknown["project_clarity"] == "one_idea"  # nothing known yet: the question tells it


def test_a_visitor_who_names_a_job_is_eligible_while_the_status_is_still_asked():
    first = update_profile({}, {}, "je suis caissière depuis 10 ans", None,
                           status_between="private_employee|self_employed")
    assert first["eligible"] is True and "employment_status" not in first
    later = update_profile({"eligible": True, "status_between": "private_employee|self_employed"},
                           {"project_clarity": "no_idea"}, "aucune idée", "project_clarity")
    assert later["eligible"] is True  # kept while the status is unknown
    nothing = update_profile({}, {}, "je voudrais devenir caissière", None)
    assert nothing["eligible"] is None  # a project is no job held
    asked = update_profile({}, {}, "une caissière peut faire un bilan ?", None)
    assert asked["eligible"] is None


def test_a_retiree_who_looks_for_work_is_not_asked_whether_under_26():
    updates = update_profile({"employment_status": "retired", "currently_working": False},
                             {"employment_status": "job_seeker"}, "je cherche un petit boulot", None)
    assert updates["employment_status"] == "job_seeker" and updates["age_group"] == "26_or_more"


def test_a_short_i_dont_know_to_another_question_does_not_undo_the_ideas_told():
    known = {"employment_status": "job_seeker", "project_clarity": "several_ideas", "eligible": True}
    updates = update_profile(known, {"project_clarity": "no_idea"}, "jsp", "age_group")
    assert updates.get("project_clarity", "several_ideas") == "several_ideas"
    asked = update_profile(known, {"project_clarity": "no_idea"}, "je sais pas", "project_clarity")
    assert asked["project_clarity"] == "no_idea"


def test_no_at_the_start_answers_the_job_question_whatever_follows():
    """Found by a visitor: "non pas encore, c'est ce que je cherche, un petit boulot" was read as a job held."""
    updates = update_profile({"employment_status": "retired"}, {},
                             "non pas encore, c'est justement ce que je cherche, un petit boulot quelques heures par semaine",
                             "currently_working")
    assert updates.get("currently_working") is not True
