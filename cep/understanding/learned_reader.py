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
choice are in the README ("How the reader understands"). The TF-IDF features are fitted once on
every text and shared by the slots: a message is turned into features once (most of the reader's
time per message), not once per slot. Deterministic (newton-cg, fixed data order); trained by
`make train` through bot/nlu/profile_extractor.py. Pure Python and scikit-learn, no Rasa.

For project clarity the lexicon and the model are combined by a second, small model, the
`ClarityJudge`: it reads what the lexicon found, the model's probabilities and whether the
message talks of a project at all, and gives one calibrated probability per value. It learns
when each side is right from guesses on labelled sets the model was not trained on (the sets
are split in JUDGE_FOLDS groups; only the sets config.yml names in `judge_sets` give it rows:
the first sets were development sets whose every error was fixed in the lexicon, which would
teach it to trust the lexicon more than new messages deserve), where hand-set rules (trust the
model above x, overrule the lexicon above y) had plateaued.
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse
from joblib import Parallel, delayed
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_union
from sklearn.utils.extmath import softmax

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


def _features() -> FeatureUnion:
    return make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
    )


def _classifier(regularisation: float) -> LogisticRegression:
    # newton-cg reaches the same optimum as lbfgs (probabilities within 0.0003 on the status
    # classifier) in 13 iterations instead of 116: 4.3 s instead of 10.2 s per fit
    return LogisticRegression(C=regularisation, max_iter=3000, solver="newton-cg")


class Features:
    """The examples' texts as TF-IDF rows, fitted once on all of them: `rows[kind]` for "situation" and
    "project" (READS), in the examples' order."""

    def __init__(self, examples: list[Example]):
        texts = [getattr(e, kind) for e in examples for kind in ("situation", "project")]
        self.union = _features().fit(list(dict.fromkeys(texts)))
        self.rows = {kind: self.union.transform([getattr(e, kind) for e in examples])
                     for kind in ("situation", "project")}


@dataclass(frozen=True)
class Example:
    """One labelled message, as the reader's texts: `situation` and `project` (see READS), with
    what the lexicon alone read of its project and the set it comes from (`group`)."""

    situation: str
    project: str
    labels: Mapping[str, Any]
    lexicon_clarity: str | None = None
    talks_of_project: bool = False
    group: str = ""


MAX_WORKERS = 8  # processes fitting the classifiers at once (at most the machine's cores)
CLARITY_VALUES = (None, "one_idea", "several_ideas", "no_idea")
JUDGE_FOLDS = 5


def _judge_features(lexicon_value: str | None, guess: Guess, talks_of_project: bool) -> list[float]:
    lexicon = [float(lexicon_value == value) for value in CLARITY_VALUES]
    model = [guess.probabilities.get(value, 0.0) for value in CLARITY_VALUES]
    talks = float(talks_of_project)
    return lexicon + model + [a * b for a in lexicon for b in model] + [talks] + [talks * p for p in model]


class ClarityJudge:
    """Project clarity from the lexicon's value, the model's guess and whether the message talks
    of a project: a logistic regression over those, trained on out-of-fold guesses."""

    def __init__(self, model: LogisticRegression):
        self.model = model

    def judge(self, lexicon_value: str | None, guess: Guess, talks_of_project: bool) -> Guess:
        features = _judge_features(lexicon_value, guess, talks_of_project)
        return _as_guess(CLARITY, self.model.classes_, self.model.predict_proba([features])[0])

    @classmethod
    def train(cls, examples: list[Example], regularisation: float,
              judged_groups: Collection[str] = (), features: Features | None = None) -> ClarityJudge | None:
        """Trained on the guesses for the sets `judged_groups` (all sets if empty), each made by a
        model trained without it (on the examples' shared `features`: TF-IDF is fitted without labels).
        None when the examples come from fewer than two sets."""
        rows = (features or Features(examples)).rows
        fits = cls.fold_fits(examples, judged_groups)
        return cls.from_folds(examples, rows[READS[CLARITY]], fits, fit_all(rows, fits, regularisation))

    @staticmethod
    def fold_fits(examples: list[Example], judged_groups: Collection[str] = ()) -> list[Fit]:
        """The clarity classifiers to fit, one per fold of the judged sets: each without its fold."""
        groups = sorted({e.group for e in examples})
        held_out = sorted(set(judged_groups) & set(groups)) or groups
        if len(groups) < 2:
            return []
        fits = []
        for i in range(min(JUDGE_FOLDS, len(held_out))):
            held = set(held_out[i::JUDGE_FOLDS])
            training = [j for j, e in enumerate(examples) if e.group not in held]
            fits.append(Fit(READS[CLARITY], training, [_label(CLARITY, examples[j].labels.get(CLARITY)) for j in training],
                            [j for j, e in enumerate(examples) if e.group in held]))
        return fits

    @classmethod
    def from_folds(cls, examples: list[Example], rows: scipy.sparse.csr_matrix, fits: list[Fit],
                   classifiers: list[LogisticRegression | None]) -> ClarityJudge | None:
        """The judge, taught on each fold's out-of-fold guesses (`classifiers`, fitted from `fits`)."""
        judged, labels = [], []
        for fit, classifier in zip(fits, classifiers, strict=True):
            if classifier is None:
                continue
            for i, probabilities in zip(fit.scored, classifier.predict_proba(rows[fit.scored]), strict=True):
                example = examples[i]
                guess = _as_guess(CLARITY, classifier.classes_, probabilities)
                judged.append(_judge_features(example.lexicon_clarity, guess, example.talks_of_project))
                labels.append(_label(CLARITY, example.labels.get(CLARITY)))
        if len(set(labels)) < 2:
            return None
        return cls(LogisticRegression(C=1.0, max_iter=2000).fit(judged, labels))


@dataclass(frozen=True)
class Fit:
    """One classifier to fit: on the texts it `reads` (see READS) of these example indices, with these
    labels (and, for the judge's folds, the indices it then scores)."""

    reads: str
    rows: list[int]
    labels: list[str]
    scored: list[int] = field(default_factory=list)


def _fit(rows: scipy.sparse.csr_matrix, labels: list[str], regularisation: float) -> LogisticRegression | None:
    return _classifier(regularisation).fit(rows, labels) if len(set(labels)) >= 2 else None


def fit_all(rows: Mapping[str, scipy.sparse.csr_matrix], fits: list[Fit],
            regularisation: float) -> list[LogisticRegression | None]:
    """Every classifier of `fits` (None where its labels hold one class) on the TF-IDF `rows` of the
    texts it reads (Features.rows), fitted side by side on the machine's cores: the same classifiers
    as one after the other, in half the time on two cores (training from scratch is budgeted, issue 10)."""
    return in_parallel([delayed(_fit)(rows[fit.reads][fit.rows], fit.labels, regularisation) for fit in fits])


def in_parallel(jobs: list) -> list:
    """joblib's delayed `jobs` run by up to MAX_WORKERS processes (at most the machine's cores), in order."""
    return Parallel(n_jobs=min(len(jobs), os.cpu_count() or 1, MAX_WORKERS) or 1)(jobs)


def _as_guess(slot: str, classes: Iterable[str], probabilities: Iterable[float]) -> Guess:
    """A classifier's probabilities over its labels as a Guess: the likeliest value and every value's."""
    by_value = {_value(slot, label): float(p) for label, p in zip(classes, probabilities, strict=True)}
    best = max(by_value, key=by_value.get)
    return Guess(best, by_value[best], by_value)


# the pairs of statuses the assistant can ask about precisely when the model hesitates between them
PRECISE_QUESTIONS = (
    frozenset({"private_employee", "self_employed"}),
    frozenset({"private_employee", "public_employee"}),
    frozenset({"public_employee", "self_employed"}),
    frozenset({"private_employee", "job_seeker"}),
)
BETWEEN_MIN_CONFIDENCE = 0.75  # the two together
# a "one idea" the lexicon did not read, in a message whose status it read: the level the model must reach
STATUS_SAID_PROJECT_ABOVE = 0.9


class LearnedReader:
    """One classifier per slot; `guess` returns each slot's most likely value and its probability,
    `confident` says whether a guess clears its slot's threshold (set from cross-validation)."""

    def __init__(self, features: FeatureUnion | None, classifiers: Mapping[str, LogisticRegression],
                 thresholds: Mapping[str, float] | None = None,
                 overrides: Mapping[str, float] | None = None, doubts: Mapping[str, float] | None = None,
                 judge: ClarityJudge | None = None, unnamed_project_above: float = 1.01,
                 status_in_project_above: float = 0.0):
        self.features = features
        self.status_in_project_above = status_in_project_above
        self.classifiers = dict(classifiers)
        self.judge = judge
        self.unnamed_project_above = unnamed_project_above
        self.thresholds = {slot: 1.01 for slot in SLOTS} | dict(thresholds or {})
        self.override_above = {slot: 1.01 for slot in SLOTS} | dict(overrides or {})
        self.doubt_above = {slot: 1.01 for slot in SLOTS} | dict(doubts or {})

    def confident(self, slot: str, guess: Guess) -> bool:
        """A value the model may set where the lexicon is silent."""
        return guess.value is not None and guess.confidence >= self.thresholds[slot]

    def confident_of_status(self, guess: Guess, talks_of_project: bool) -> bool:
        """A status the model may set where the lexicon read none; in a message that talks of a
        project, only above `status_in_project_above` (the model reads the target too: "je voudrais
        partir dans une collectivité" names no employer of today)."""
        return self.confident(STATUS, guess) and (not talks_of_project or guess.confidence >= self.status_in_project_above)

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
                        doubts: Mapping[str, float], unnamed_project_above: float = 1.01,
                        status_in_project_above: float = 0.0) -> LearnedReader:
        return LearnedReader(self.features, self.classifiers, thresholds, overrides, doubts, self.judge,
                             unnamed_project_above, status_in_project_above)

    def names_a_project(self, guess: Guess, status_said: bool = False) -> bool:
        """A clarity guess to weigh where the lexicon saw no talk of a project. Options listed or
        no idea said are talk of a project the lexicon's cues missed ("je songe à libraire,
        documentaliste ou formatrice"); one job named is what a status statement holds too
        ("ingénieur cadre dans l'aéronautique" is no wish to become one): only when sure."""
        if guess.value is None:
            return False
        return guess.value != "one_idea" or self.sure_of_one_idea(guess, status_said)

    def sure_of_one_idea(self, guess: Guess, status_said: bool = False) -> bool:
        """The model is sure the message names one project, where the lexicon saw none named; surer
        still where the lexicon read the visitor's status, whose job title the model may take for a
        target ("licencié, en préavis, technicien de maintenance en CDI")."""
        above = max(self.unnamed_project_above, STATUS_SAID_PROJECT_ABOVE) if status_said else self.unnamed_project_above
        return guess.probabilities.get("one_idea", 0.0) >= above

    def clarity(self, lexicon_value: str | None, guess: Guess, talks_of_project: bool) -> Guess:
        """The judged project clarity (the lexicon's and the model's readings weighed together);
        without a judge, the lexicon's value."""
        if self.judge is None:
            return Guess(lexicon_value, 1.0, {lexicon_value: 1.0})
        return self.judge.judge(lexicon_value, guess, talks_of_project)

    @classmethod
    def train(cls, examples: Iterable[Example], thresholds: Mapping[str, float] | None = None,
              overrides: Mapping[str, float] | None = None, doubts: Mapping[str, float] | None = None,
              regularisation: float = 10.0, judged_groups: Collection[str] = (),
              unnamed_project_above: float = 1.01, status_in_project_above: float = 0.0) -> LearnedReader:
        examples = list(examples)
        features = Features(examples)
        fits = []
        for slot in SLOTS:
            # whether one works is a question for students, retirees and inactive people only
            rows = [i for i, e in enumerate(examples) if slot != WORKING or e.labels.get(STATUS) in NOT_ACTIVE]
            fits.append(Fit(READS[slot], rows, [_label(slot, examples[i].labels.get(slot)) for i in rows]))
        folds = ClarityJudge.fold_fits(examples, judged_groups)
        fitted = fit_all(features.rows, fits + folds, regularisation)
        classifiers = {slot: c for slot, c in zip(SLOTS, fitted[:len(SLOTS)], strict=True) if c is not None}
        judge = (ClarityJudge.from_folds(examples, features.rows[READS[CLARITY]], folds, fitted[len(SLOTS):])
                 if CLARITY in classifiers else None)
        return cls(features.union, classifiers, thresholds, overrides, doubts, judge, unnamed_project_above,
                   status_in_project_above)

    def guess(self, situation: str, project: str) -> dict[str, Guess]:
        """Each slot's guess; the message's texts turned into features once (one text when they are the same)."""
        texts = [situation] if situation == project else [situation, project]
        rows = scipy.sparse.hstack([vectorizer.transform(texts) for _, vectorizer in self.features.transformer_list],
                                   format="csr")
        vectors = {"situation": rows[0], "project": rows[rows.shape[0] - 1]}
        return {slot: _as_guess(slot, self.classifiers[slot].classes_, self._probabilities(slot, vectors[READS[slot]]))
                for slot in self.classifiers}

    @cached_property
    def _weights(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each classifier's weights, laid out for one row at a time (sklearn's predict_proba transposes
        them at every call: 0.8 ms of a 1 ms call)."""
        return {slot: (np.ascontiguousarray(c.coef_.T), c.intercept_) for slot, c in self.classifiers.items()}

    def _probabilities(self, slot: str, row: scipy.sparse.csr_matrix) -> np.ndarray:
        """What LogisticRegression.predict_proba gives for one row (a test compares them): the
        softmax of the scores, or for two classes the logistic of the one score."""
        weights, intercept = self._weights[slot]
        scores = np.asarray(row @ weights) + intercept
        if scores.shape[1] == 1:
            positive = expit(scores[0, 0])
            return np.array([1.0 - positive, positive])
        return softmax(scores)[0]
