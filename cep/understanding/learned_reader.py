"""The learned half of the profile reader: classifiers trained on labelled visitor messages.

The lexicon (profile_reader.py, lexicon.yml) says what it is sure of; this model adds recall
where the lexicon is silent ("éducatrice de jeunes enfants, c'est ce que je veux, mais…",
"ATSEM dans une école maternelle"). Each slot has its own classifier over the same text the
lexicon reads (questions, hypotheses and other people's situations already blanked), and
each guess comes with a probability: below the slot's threshold the model abstains, and the
assistant asks rather than guesses.

Why this model: TF-IDF over character n-grams (2–5, within words: robust to typos and SMS
spellings) and words (1–2), then a multinomial logistic regression per slot: small, quick to
train (seconds) and to run, with probabilities good enough to threshold; the figures behind the
choice are in the README ("How the reader understands"). Deterministic (lbfgs, fixed data
order); trained by `make train` through bot/nlu/profile_extractor.py. Pure Python and
scikit-learn, no Rasa.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from cep.vocabulary import EMPLOYED, NOT_ACTIVE

NONE = "none"  # the class "the message does not say"
STATUS, WORKING, CLARITY = "employment_status", "currently_working", "project_clarity"
SLOTS = (STATUS, WORKING, CLARITY)
# which of the reader's texts each classifier reads: the situation, or the project
READS = {STATUS: "situation", WORKING: "situation", CLARITY: "project"}


@dataclass(frozen=True)
class Guess:
    value: Any           # the slot's value (a str, or a bool for currently_working); None: no value
    confidence: float    # the model's probability for it
    probabilities: Mapping[Any, float] = field(default_factory=dict)  # every value's (None included)


def _label(slot: str, value: Any) -> str:
    return NONE if value is None else str(value).lower()


def _value(slot: str, label: str) -> Any:
    if label == NONE:
        return None
    if slot == WORKING:
        return label == "true"
    return label


def _classifier(regularisation: float) -> Pipeline:
    return make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                            token_pattern=r"(?u)\b\w+\b"),
        ),
        LogisticRegression(C=regularisation, max_iter=3000),
    )


@dataclass(frozen=True)
class Example:
    """One labelled message, as the reader's texts: `situation` and `project` (see READS)."""

    situation: str
    project: str
    labels: Mapping[str, Any]


# the pairs of statuses the assistant can ask about precisely when the model hesitates between them
PRECISE_QUESTIONS = (
    frozenset({"private_employee", "self_employed"}),
    frozenset({"private_employee", "public_employee"}),
    frozenset({"public_employee", "self_employed"}),
    frozenset({"private_employee", "job_seeker"}),
)
BETWEEN_MIN_CONFIDENCE = 0.75  # the two together


class LearnedReader:
    """One classifier per slot; `guess` returns each slot's most likely value and its probability,
    `confident` says whether a guess clears its slot's threshold (set from cross-validation)."""

    def __init__(self, classifiers: Mapping[str, Pipeline], thresholds: Mapping[str, float] | None = None,
                 overrides: Mapping[str, float] | None = None, doubts: Mapping[str, float] | None = None):
        self.classifiers = dict(classifiers)
        self.thresholds = {slot: 1.01 for slot in SLOTS} | dict(thresholds or {})
        self.override_above = {slot: 1.01 for slot in SLOTS} | dict(overrides or {})
        self.doubt_above = {slot: 1.01 for slot in SLOTS} | dict(doubts or {})

    def confident(self, slot: str, guess: Guess) -> bool:
        """A value the model may set where the lexicon is silent."""
        return guess.value is not None and guess.confidence >= self.thresholds[slot]

    def overrides(self, slot: str, guess: Guess, lexicon_value: Any) -> bool:
        """The model is sure enough of another value to overrule the lexicon."""
        return guess.value not in (None, lexicon_value) and guess.confidence >= self.override_above[slot]

    def doubts(self, slot: str, guess: Guess, lexicon_value: Any) -> bool:
        """The model disagrees with the lexicon (another value, or none) firmly enough that the
        slot is better asked than set."""
        return guess.value != lexicon_value and guess.confidence >= self.doubt_above[slot]

    @staticmethod
    def between(guess: Guess, worker: bool = False) -> str | None:
        """"private_employee|self_employed": the two statuses the model weighs most, when the assistant
        can ask about that pair. For a `worker` (the lexicon saw an occupation), among the
        statuses of people who work; otherwise among all, and only when they hold most of the weight."""
        ranked = sorted(((p, value) for value, p in guess.probabilities.items()
                         if value is not None and (not worker or value in EMPLOYED)), reverse=True)
        if len(ranked) < 2:
            return None
        (p1, first), (p2, second) = ranked[:2]
        pair = frozenset({first, second})
        if pair in PRECISE_QUESTIONS and (worker or p1 + p2 >= BETWEEN_MIN_CONFIDENCE):
            return "|".join(sorted(pair))
        return None

    def with_thresholds(self, thresholds: Mapping[str, float], overrides: Mapping[str, float],
                        doubts: Mapping[str, float]) -> LearnedReader:
        return LearnedReader(self.classifiers, thresholds, overrides, doubts)

    @classmethod
    def train(cls, examples: Iterable[Example], thresholds: Mapping[str, float] | None = None,
              overrides: Mapping[str, float] | None = None, doubts: Mapping[str, float] | None = None,
              regularisation: float = 10.0) -> LearnedReader:
        examples = list(examples)
        classifiers = {}
        for slot in SLOTS:
            # whether one works is a question for students, retirees and inactive people only
            rows = [e for e in examples if slot != WORKING or e.labels.get(STATUS) in NOT_ACTIVE]
            labels = [_label(slot, e.labels.get(slot)) for e in rows]
            if len(set(labels)) < 2:
                continue
            texts = [getattr(e, READS[slot]) for e in rows]
            classifiers[slot] = _classifier(regularisation).fit(texts, labels)
        return cls(classifiers, thresholds, overrides, doubts)

    def guess(self, situation: str, project: str) -> dict[str, Guess]:
        texts = {"situation": situation, "project": project}
        guesses = {}
        for slot, classifier in self.classifiers.items():
            probabilities = classifier.predict_proba([texts[READS[slot]]])[0]
            by_value = {_value(slot, label): float(p)
                        for label, p in zip(classifier.classes_, probabilities, strict=True)}
            best = max(by_value, key=by_value.get)
            guesses[slot] = Guess(best, by_value[best], by_value)
        return guesses
