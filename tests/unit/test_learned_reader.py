"""The learned reader beside the lexicon (cep/understanding/learned_reader.py), trained here as
`rasa train` trains it: on the labelled sets config.yml names, with its thresholds."""
from pathlib import Path

import pytest
import yaml

from cep.understanding.labelled import examples_from, load_cases, negative_examples, nlu_messages
from cep.understanding.learned_reader import Example, Guess, LearnedReader
from cep.understanding.profile_reader import read_profile

ROOT = Path(__file__).resolve().parents[2]
CONFIG = next(c for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
              if c["name"].endswith("ProfileExtractor"))
REGRESSION = ROOT / "tests/unit/reader_regression.yml"


@pytest.fixture(scope="module")
def learned() -> LearnedReader:
    examples = [e for path in CONFIG["training_sets"] for e in examples_from(ROOT / path)]
    if CONFIG.get("negatives_from_nlu"):
        examples += negative_examples(nlu_messages(ROOT / "data/nlu"))
    return LearnedReader.train(examples, CONFIG["thresholds"], CONFIG["override_above"], CONFIG["doubt_above"],
                               regularisation=float(CONFIG["regularisation"]))


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
    reader = LearnedReader({}, {"employment_status": 0.6})
    assert reader.confident("employment_status", Guess("job_seeker", 0.61))
    assert not reader.confident("employment_status", Guess("job_seeker", 0.59))
    assert not reader.confident("employment_status", Guess(None, 0.99))


def test_an_override_needs_another_value_and_high_confidence():
    reader = LearnedReader({}, {}, {"employment_status": 0.8})
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
    reader = LearnedReader({}, {}, {"employment_status": 0.9}, {"employment_status": 0.6})
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


def test_a_wish_to_change_without_a_target_is_no_idea_yet(learned):
    for text in ("Je voudrais changer de métier", "je voudrais faire autre chose"):
        assert read_profile(text, learned=learned).project_clarity == "no_idea", text
    assert read_profile("je voudrais changer de métier, devenir boulanger", learned=learned).project_clarity == "one_idea"


def test_the_nlus_greetings_and_questions_teach_that_most_messages_carry_no_profile():
    negatives = negative_examples([("j'ai une RQTH", "disability_answer"), ("bonjour", "greet"),
                                   ("je suis salarié, c'est gratuit ?", "ask_free"), ("je suis au chômage", "inform")])
    assert len(negatives) == 2  # a statement, or a message the lexicon reads something in, is no negative
    assert all(all(v is None for v in e.labels.values()) for e in negatives)
