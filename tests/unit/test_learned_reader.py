"""The learned reader beside the lexicon (cep/understanding/learned_reader.py), trained here as
`rasa train` trains it: on the labelled sets config.yml names, with its thresholds."""
from pathlib import Path

import pytest
import yaml

from cep.understanding.labelled import examples_from, load_cases, negative_examples, nlu_messages, train_as_configured
from cep.understanding.learned_reader import ClarityJudge, Example, Guess, LearnedReader
from cep.understanding.profile_reader import read_profile

ROOT = Path(__file__).resolve().parents[2]
CONFIG = next(c for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
              if c["name"].endswith("ProfileExtractor"))
REGRESSION = ROOT / "tests/unit/reader_regression.yml"


@pytest.fixture(scope="module")
def learned() -> LearnedReader:
    return train_as_configured(CONFIG, nlu_messages(ROOT / "data/nlu"), ROOT)


def test_training_is_deterministic():
    examples = examples_from(ROOT / CONFIG["training_sets"][0])
    texts = ("je suis atsem dans une ecole maternelle", "jsp quoi faire")
    first, second = (LearnedReader.train(examples, {}) for _ in range(2))
    assert [first.guess(t, t) for t in texts] == [second.guess(t, t) for t in texts]


def test_without_the_learned_reader_the_lexicon_reads_alone(learned):
    assert read_profile("je suis au chômage").employment_status == "job_seeker"
    assert read_profile("je suis au chômage", learned=learned).guessed == frozenset()


def test_the_lexicon_keeps_what_it_is_sure_of(learned):
    reading = read_profile("Je suis salariée en CDI dans une banque, je veux devenir boulangère", learned=learned)
    assert (reading.employment_status, reading.project_clarity) == ("private_employee", "one_idea")


def test_an_occupation_alone_is_asked_not_guessed(learned):
    """"aide-soignante": a public or a private hospital? The status stays unset."""
    for text in ("Je suis aide-soignante, je pense à infirmière ou à auxiliaire de puériculture",
                 "Je suis coiffeuse depuis 15 ans, je ne sais pas quoi faire d'autre"):
        assert read_profile(text, learned=learned).employment_status is None, text


def test_someone_elses_situation_never_becomes_the_visitors(learned):
    for text in ("Mon mari vient d'être licencié, est-ce qu'il a droit au CEP ?",
                 "c'est pour mon fils, il est au chômage depuis un an"):
        assert read_profile(text, learned=learned).employment_status is None, text


def test_a_guess_below_its_threshold_is_not_kept():
    reader = LearnedReader(None, {}, {"employment_status": 0.6})
    assert reader.confident("employment_status", Guess("job_seeker", 0.61))
    assert not reader.confident("employment_status", Guess("job_seeker", 0.59))
    assert not reader.confident("employment_status", Guess(None, 0.99))


def test_a_status_guessed_in_a_message_about_a_project_needs_more_confidence():
    reader = LearnedReader(None, {}, {"employment_status": 0.6}, status_in_project_above=0.7)
    assert reader.confident_of_status(Guess("public_employee", 0.65), talks_of_project=False)
    assert not reader.confident_of_status(Guess("public_employee", 0.65), talks_of_project=True)
    assert reader.confident_of_status(Guess("public_employee", 0.72), talks_of_project=True)
    assert not reader.confident_of_status(Guess(None, 0.9), talks_of_project=False)


def test_a_student_or_retiree_who_works_keeps_that_status_whatever_the_model_reads_of_the_job():
    """The model, sure of an employee ("en CDI", "intérim"), may not overrule the contract's rule that a
    student or a retiree who works keeps that status, working."""
    from cep.understanding.profile_reader import combine, lexicon_reading
    reader = LearnedReader(None, {}, {}, {"employment_status": 0.8}, {"employment_status": 0.7})
    for text in ("Retraité de l'armée, aujourd'hui agent de sécurité en CDI à temps partiel",
                 "Je suis en BTS et je fais de l'intérim pendant les vacances"):
        reading = lexicon_reading(text)[0]
        assert reading.currently_working is True, text
        combined = combine(reading, reader, {"employment_status": Guess("private_employee", 0.95)})
        assert (combined.employment_status, combined.currently_working) == (reading.employment_status, True), text
    # a student who does not work: a firm guess of a job may still overrule
    reading = lexicon_reading("je suis étudiante en licence")[0]
    assert combine(reading, reader, {"employment_status": Guess("private_employee", 0.95)}).employment_status \
        == "private_employee"


def test_an_override_needs_another_value_and_high_confidence():
    reader = LearnedReader(None, {}, {}, {"employment_status": 0.8})
    assert reader.overrides("employment_status", Guess("public_employee", 0.85), "private_employee")
    assert not reader.overrides("employment_status", Guess("public_employee", 0.75), "private_employee")
    assert not reader.overrides("employment_status", Guess(None, 0.95), "private_employee")


def test_two_statuses_the_assistant_can_ask_about():
    def guess(**probabilities):
        best = max(probabilities, key=probabilities.get)
        return Guess(best, probabilities[best], {None if k == "none" else k: p for k, p in probabilities.items()})
    assert LearnedReader.between(guess(self_employed=0.45, private_employee=0.4, none=0.15)) \
        == "private_employee|self_employed"
    assert LearnedReader.between(guess(student=0.45, private_employee=0.4, none=0.15)) is None
    assert LearnedReader.between(guess(none=0.5, self_employed=0.2, private_employee=0.2, student=0.1)) is None
    # an occupation was seen: the two likeliest statuses of people who work, however unsure
    assert LearnedReader.between(guess(none=0.7, public_employee=0.12, private_employee=0.1, student=0.08),
                                 worker=True) == "private_employee|public_employee"


def test_a_firm_disagreement_unsets_the_lexicons_value():
    reader = LearnedReader(None, {}, {}, {"employment_status": 0.9}, {"employment_status": 0.6})
    assert reader.doubts("employment_status", Guess(None, 0.7), "job_seeker")
    assert reader.doubts("employment_status", Guess("retired", 0.65), "job_seeker")
    assert not reader.doubts("employment_status", Guess("retired", 0.5), "job_seeker")
    assert not reader.doubts("employment_status", Guess("job_seeker", 0.95), "job_seeker")


def test_whether_one_works_is_learned_only_from_students_retirees_and_inactive_people():
    examples = [Example("je suis etudiant et je bosse", "", {"employment_status": "student", "currently_working": True}),
                Example("etudiant sans job", "", {"employment_status": "student", "currently_working": False}),
                Example("je suis salarie", "", {"employment_status": "private_employee", "currently_working": None})]
    reader = LearnedReader.train(examples)
    assert list(reader.classifiers["currently_working"].classes_) == ["false", "true"]


def test_the_regression_set(learned):
    """Messages the learned reader gets right and must keep getting right (unseen by training)."""
    wrong = []
    for case in load_cases(REGRESSION):
        reading = read_profile(case["text"], learned=learned)
        for slot in ("employment_status", "currently_working", "project_clarity"):
            if slot in case and getattr(reading, slot) != case[slot]:
                wrong.append(f"{case['text']!r}: {slot} {getattr(reading, slot)!r}, expected {case[slot]!r}")
    assert not wrong, "\n".join(wrong)


def test_a_question_alone_states_no_project_even_to_the_model(learned):
    """Found by the conversation fuzzer: "je peux être payée pendant la formation ?" read as a project."""
    for text in ("je peux être payée pendant la formation ?", "c'est quoi un bilan de compétences ?"):
        assert read_profile(text, learned=learned).project_clarity is None, text


def test_a_wish_to_change_without_a_target_is_never_a_precise_idea(learned):
    """No idea yet, or asked: the authors differ (the first sets label "je veux changer de métier" no
    idea, set 8's authors no project at all), and the clarity judge, taught on both, may be unsure."""
    for text in ("Je voudrais changer de métier", "je veux changer de travail", "je voudrais faire autre chose"):
        assert read_profile(text, learned=learned).project_clarity in ("no_idea", None), text
    assert read_profile("je voudrais changer de métier, devenir boulanger", learned=learned).project_clarity == "one_idea"


def test_the_nlus_greetings_and_questions_teach_that_most_messages_carry_no_profile():
    negatives = negative_examples([("j'ai une RQTH", "disability_answer"), ("bonjour", "greet"),
                                   ("je suis salarié, c'est gratuit ?", "ask_free"), ("je suis au chômage", "inform")])
    assert len(negatives) == 2  # a statement, or a message the lexicon reads something in, is no negative
    assert all(all(v is None for v in e.labels.values()) for e in negatives)


def test_the_judge_learns_from_sets_the_model_did_not_see():
    """Out-of-fold: the judge's training rows are guesses on sets left out of the model's training."""
    def example(text, clarity, lexicon, group):
        return Example(text, text, {"project_clarity": clarity}, lexicon_clarity=lexicon,
                       talks_of_project=clarity is not None, group=group)
    examples = [example(t, c, lx, f"set{i % 3}") for i, (t, c, lx) in enumerate(
        [("je veux devenir boulanger", "one_idea", "one_idea"), ("boulanger ou fleuriste", "several_ideas", None),
         ("aucune idee", "no_idea", "no_idea"), ("je suis salarie", None, None)] * 6)]
    judge = ClarityJudge.train(examples, regularisation=10.0)
    assert judge is not None
    assert ClarityJudge.train([e for e in examples if e.group == "set0"], 10.0) is None  # one set: none held out
    sure = judge.judge("no_idea", Guess("no_idea", 0.9, {"no_idea": 0.9, None: 0.1}), True)
    assert sure.value == "no_idea" and abs(sum(sure.probabilities.values()) - 1) < 1e-6


def test_without_a_judge_clarity_is_the_lexicons():
    reader = LearnedReader(None, {}, {"project_clarity": 0.5})
    assert reader.clarity("one_idea", Guess("no_idea", 0.99), True).value == "one_idea"


def test_options_listed_without_a_word_of_wish_are_several_ideas(learned):
    """The lexicon sees no project in "je songe à X, Y ou Z"; the model does, and the judge trusts it."""
    for text in ("Professeure des écoles, je songe à libraire, documentaliste ou formatrice",
                 "jsuis au chomage, jcherche ds la logistique ou le batiment"):
        assert read_profile(text, learned=learned).project_clarity == "several_ideas", text


def test_the_probabilities_are_those_of_the_classifiers(learned):
    """The reader computes the regressions' probabilities itself, faster: they must be sklearn's."""
    import numpy as np

    for text in ("je suis salariée dans une banque", "retraité, je fais des extras", "aucune idée", "ok"):
        rows = learned.features.transform([text])
        for slot, classifier in learned.classifiers.items():
            assert np.allclose(learned._probabilities(slot, rows[0]), classifier.predict_proba(rows[0])[0], atol=1e-12)
