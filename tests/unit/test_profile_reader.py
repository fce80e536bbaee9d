"""The profile reader on the situations visitors describe (cep/understanding)."""
from pathlib import Path

import pytest

from cep.understanding.profile_reader import (
    read_age_answer,
    read_clarity_answer,
    read_disability,
    read_profile,
    read_status_answer,
    read_working_answer,
)


@pytest.mark.parametrize("text, status", [
    ("je suis salariée dans une PME", "private_employee"),
    ("Chui en CDD chez un transporteur", "private_employee"),
    ("intérimaire dans le BTP", "private_employee"),
    ("apprenti en BTS, à l'école deux jours par semaine", "private_employee"),
    ("au chômage partiel depuis janvier", "private_employee"),
    ("en arrêt maladie, salarié d'une PME", "private_employee"),
    ("fonctionaire territoriale", "public_employee"),
    ("contractuelle à la mairie", "public_employee"),
    ("aide-soignante au CHU, titulaire", "public_employee"),
    ("je suis au chommage depuis 6 mois", "job_seeker"),
    ("inscrit a france travail", "job_seeker"),
    ("ancien salarié, au chômage depuis mars", "job_seeker"),
    ("Licencié il y a deux mois, je touche l'ARE", "job_seeker"),
    ("autoentrepreneur dans le web", "self_employed"),
    ("ancien fonctionnaire, à mon compte depuis 2 ans", "self_employed"),
    ("infirmière libérale", "self_employed"),
    ("étudiant en L2 de droit", "student"),
    ("retraitée de l'éducation nationale", "retired"),
    ("mère au foyer depuis 8 ans", "inactive"),
    ("retraité et je cherche un petit boulot", "job_seeker"),
])
def test_status_from_free_text(text, status):
    assert read_profile(text).employment_status == status


@pytest.mark.parametrize("text", [
    "Le CEP c'est gratuit ?",
    "Bonjour !",
    "je voudrais devenir infirmière",
    "Mon patron doit-il être au courant ?",
    "je ne suis pas fonctionnaire",
])
def test_no_status_is_guessed(text):
    assert read_profile(text).employment_status is None


def test_a_project_is_not_the_present_situation():
    reading = read_profile("salarié en CDI, je voudrais devenir fonctionnaire ou repasser indépendant")
    assert reading.employment_status == "private_employee"
    assert reading.project_clarity == "several_ideas"


def test_correction_replaces_what_came_before():
    assert read_profile("je suis au chômage, non en fait je suis en CDD").employment_status == "private_employee"


@pytest.mark.parametrize("text, clarity", [
    ("je voudrais devenir aide soignant", "one_idea"),
    ("je réfléchis à une reconversion dans l'enseignement", "one_idea"),
    ("j'hésite entre la boulangerie et l'électricité", "several_ideas"),
    ("je pense à la boulangerie, à l'électricité ou au paysagisme", "several_ideas"),
    ("j'ai plein d'idées", "several_ideas"),
    ("aucune idee de ce que je veux faire", "no_idea"),
    ("jsp koi faire", "no_idea"),
    ("je veux changer de métier mais je ne sais pas du tout vers quoi aller", "no_idea"),
    ("je me sens perdue", "no_idea"),
])
def test_project_clarity(text, clarity):
    assert read_profile(text).project_clarity == clarity


def test_losing_a_job_is_not_being_lost():
    assert read_profile("j'ai perdu mon emploi").project_clarity is None


@pytest.mark.parametrize("text, working", [
    ("étudiante, je bosse le week-end comme vendeuse", True),
    ("retraité, je ne travaille plus", False),
    ("je suis étudiant, je travaille pas", False),
    ("lycéen en terminale", False),
])
def test_working_for_students_and_retirees(text, working):
    assert read_profile(text).currently_working is working


def test_working_is_left_unset_for_active_people():
    assert read_profile("salarié en CDI").currently_working is None


@pytest.mark.parametrize("text, group", [
    ("j'ai 22 ans et je cherche un boulot", "under_26"),
    ("45 ans, cadre dans une banque", "26_or_more"),
    ("au chômage depuis 12 ans", None),
])
def test_age_group(text, group):
    assert read_profile(text).age_group == group


@pytest.mark.parametrize("reply, group", [
    ("34", "26_or_more"), ("22ans", "under_26"), ("j'en ai 58", "26_or_more"), ("trente-quatre ans", "26_or_more"),
    ("vingt ans", "under_26"), ("oui", "under_26"), ("100", None),
])
def test_an_age_alone_answers_the_age_question(reply, group):
    """ "Avez-vous moins de 26 ans ?" answered with the age: "34" was not understood and asked again."""
    assert read_age_answer(reply) == group


def test_cadre():
    assert read_profile("je suis cadre dans l'industrie").cadre is True
    assert read_profile("je ne suis pas cadre").cadre is False


@pytest.mark.parametrize("reader, text, value", [
    (read_clarity_answer, "plusieurs", "several_ideas"),
    (read_clarity_answer, "une seule", "one_idea"),
    (read_clarity_answer, "non aucune", "no_idea"),
    (read_working_answer, "oui à mi-temps", True),
    (read_working_answer, "non", False),
    (read_status_answer, "le privé", "private_employee"),
    (read_status_answer, "public", "public_employee"),
])
def test_short_answers_to_a_question(reader, text, value):
    assert reader(text) == value


@pytest.mark.parametrize("text", ["", "   ", "👍👍", "<script>alert(1)</script>", "x" * 5000,
                                  "Hello, I am looking for a job"])
def test_odd_input_does_not_break_the_reader(text):
    read_profile(text)


def test_saying_you_do_not_work_is_not_a_job():
    for text in ["non je travaille pas du tout", "non, je bosse pas"]:
        reading = read_profile(text)
        assert reading.employment_status is None and reading.currently_working is False


def test_someone_else_s_situation_is_not_the_visitor_s():
    reading = read_profile("Mon mari est au chômage, moi je suis comptable en CDI")
    assert reading.employment_status == "private_employee"
    assert read_profile("Ma fille est étudiante et perdue, je me renseigne pour elle").employment_status is None


def test_a_question_about_a_group_is_not_a_self_description():
    assert read_profile("Les retraités ont-ils droit au CEP ?").employment_status is None
    assert read_profile("Est-ce ouvert aux demandeurs d'emploi ?").employment_status is None


def test_options_weighed_in_a_list_are_a_project():
    reading = read_profile("J'ai fini ma mission d'intérim et je cherche du boulot. Cariste, magasinier ou livreur, j'hésite.")
    assert reading.employment_status == "job_seeker"
    assert reading.project_clarity == "several_ideas"


def test_a_question_with_ou_is_not_a_list_of_options():
    assert read_profile("ça se passe à distance ou faut se déplacer ?").project_clarity is None


@pytest.mark.parametrize("text, status", [
    ("Je ne travaille pas depuis 10 ans, j'ai élevé mes enfants, je ne cherche pas", "inactive"),
    ("Ma boutique a fermé l'an dernier, je suis maintenant demandeur d'emploi", "job_seeker"),
    ("Électricien salarié chez un artisan", "private_employee"),
    ("apprentie au CCAS de ma ville", "public_employee"),
    ("Jeune diplômé d'un master, je cherche un premier emploi", "job_seeker"),
])
def test_more_situations(text, status):
    assert read_profile(text).employment_status == status


def test_a_question_about_a_scheme_is_not_a_project():
    assert read_profile("C'est quoi une VAE ?").project_clarity is None


def test_a_date_names_no_departement():
    """Found by a reviewer: "fin de contrat le 30 juin" gave Occitanie (the Gard is the 30)."""
    assert read_profile("fin de contrat le 30 juin").region is None
    assert read_profile("j'habite dans le 30").region == "FR-OCC"


def test_the_first_place_named_is_where_the_visitor_is():
    assert read_profile("je vis à Mayotte et je pense faire ma formation à La Réunion").region == "FR-976"
    assert read_profile("je travaille à tours depuis 5 ans").region == "FR-CVL"
    assert read_profile("j'ai fait trois tours de piste").region is None  # a city's name, not introduced


def test_a_rupture_conventionnelle_awaiting_approval_is_still_a_job():
    text = ("J'ai signé une rupture conventionnelle la semaine dernière, homologation en cours, "
            "fin de contrat le 30 juin. Je suis comptable depuis 12 ans")
    assert read_profile(text).employment_status == "private_employee"


def test_an_employer_of_apprentices_is_no_apprentice_and_a_social_worker_no_employer():
    assert read_profile("artisan menuisier, j'ai 2 apprentis").employment_status == "self_employed"
    assert read_profile("je suis suivie par une assistante sociale du département, je suis au RSA et je cherche du travail"
                        ).employment_status == "job_seeker"
    assert read_profile("bah si je cherche du travail").employment_status == "job_seeker"


def test_a_child_written_about_lends_the_visitor_neither_status_nor_age():
    """Found by a reviewer: a mother's record became her son's ("Kevin, 22 ans, intérimaire")."""
    reading = read_profile("c'est pas ma demande, c'est celle de mon fils Kevin, 22 ans, intérimaire, il ne sait pas quoi faire")
    assert (reading.employment_status, reading.age_group, reading.contract_type) == (None, None, None)


def test_looking_for_a_job_names_no_project_but_what_follows_it_may():
    from cep.understanding.profile_reader import _GENERIC_SEARCH

    assert _GENERIC_SEARCH.fullmatch("cherche un emploi") and _GENERIC_SEARCH.fullmatch("recherche du travail")
    assert not _GENERIC_SEARCH.fullmatch("cherche un emploi de boulanger")


def test_a_contract_of_the_past_is_not_the_contract_now():
    """Found by a visitor: "d'abord en intérim" read as today's contract, démission-reconversion refused."""
    assert read_profile("j'ai commencé d'abord en intérim, et maintenant je suis en CDI depuis 7 ans").contract_type == "cdi"
    assert read_profile("au début en CDD puis en CDI").contract_type == "cdi"


def test_a_registration_planned_is_no_search_today_and_a_master_just_finished_is_a_young_graduate():
    """Found by visitors: a farmer who will register after selling was sent to France Travail at once;
    a 23-year-old just out of his master's was not offered APEC."""
    assert read_profile("Je suis agriculteur, après la vente je vais m'inscrire à France Travail").employment_status \
        == "self_employed"
    assert read_profile("je sors d'un master de droit et je cherche mon premier emploi").young_graduate is True


def test_no_lexicon_pattern_begins_or_ends_with_a_space():
    """A cue must end at a word's end (lexicon.py, _compile): one ending with a space never matches."""
    import yaml

    from cep.understanding import lexicon as lexicon_module

    raw = yaml.safe_load((Path(lexicon_module.__file__).parent / "lexicon.yml").read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, str):
            if node != node.strip(" "):
                found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(raw)
    assert not found


def test_a_disability_denied_in_passing_is_no_disability():
    """Visitors answered "non pas handicap mais j'ai une tendinite" and were sent to Cap emploi."""
    for text in ("non pas handicap mais j'ai une tendinite chronique à l'épaule",
                 "j'ai mal au dos depuis 2 ans, c pas reconnu handicap mais le médecin du travail m'a restreinte",
                 "je ne suis pas reconnue travailleuse handicapée"):
        assert read_disability(text) == "no", text
    assert read_disability("oui, j'ai une RQTH depuis l'an dernier") == "yes"


def test_the_national_line_is_no_departement():
    """"j'appelle le 09" gave a visitor the portal of Occitanie (the Ariège is the 09)."""
    assert read_profile("laissez tomber j'appelle le 09. ils sont ouverts le samedi ?").region is None
    assert read_profile("j'ai essayé le 09 75, je suis en Guadeloupe").region == "FR-971"
    assert read_profile("j'habite dans le 09").region == "FR-OCC"
