"""Loads the lexicon: the word lists and patterns the readers of cep/understanding match.

The lexicon is data: a counsellor or a deployer can add an occupation, an employer or a way
of saying "I have no idea" without touching code. lexicon.yml holds what a message may say
(the profile's cues, the markers of context, the few words the readers' rules are built on,
details, places, questions, distress, handoff, goodbye); short_answers.yml what a short reply
to the assistant's question means. Patterns are regular expressions over the normalised text
(lower case, no accents, "j'ai" -> "je ai", see normalize.py).

This module compiles each section into the patterns its reader matches: cues and markers as
whole words anywhere; the `grammar` words into the patterns of the readers' rules (beside
punctuation, at the end of a text…); the replies at the start of a reply.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).with_name("lexicon.yml")
SHORT_ANSWERS_FILE = "short_answers.yml"  # beside the lexicon file
_AGE = r"(\d{1,2})"  # what {age} stands for in the patterns of `details`


@dataclass(frozen=True)
class Cue:
    """One pattern that is evidence for a value, with how much it weighs against others."""

    value: object
    pattern: re.Pattern
    priority: int = 1
    past_is_fine: bool = False  # an event ("licencié") may be told in the past tense
    only_in_questions: bool = False  # a question topic that a statement may name too ("en congé parental")


@dataclass(frozen=True)
class Grammar:
    """lexicon.yml's `grammar`: the patterns of the readers' rules."""

    # scanner.py
    clause_end: re.Pattern  # punctuation or "mais"
    speaker: re.Pattern  # "je"
    speaker_words: frozenset[str]
    other_clause_end: re.Pattern  # where a clause about someone else ends: punctuation, "mais", "moi"
    other_sentence_end: re.Pattern  # where a sentence about someone else ends: its end, "moi"
    generic: re.Pattern  # "les", "aux" at the end of the text before a cue
    negative: re.Pattern  # "aucun", "rien"…
    alternative: re.Pattern  # an "ou" between options, not "par où"
    # questions.py
    question_clause_end: re.Pattern  # "," ":" brackets, "mais", "alors"…
    connector: re.Pattern  # "et", "bon"… or punctuation
    indirect_question: re.Pattern  # "je ne sais pas" at the end of the text before a "si"
    contradiction: re.Pattern  # "bah", "si" at the end of the text before a "si je"
    contradicted_hypothesis: frozenset[str]  # "si je"


@dataclass(frozen=True)
class Details:
    """lexicon.yml's `details`, as whole words (profile_reader.py)."""

    cadre: re.Pattern
    not_cadre: re.Pattern
    young_graduate: re.Pattern
    under_26: re.Pattern
    ages: tuple[re.Pattern, ...]  # in order; the first group is the age


@dataclass(frozen=True)
class Places:
    """lexicon.yml's `places` (places.py)."""

    aliases: dict[str, str]  # another name of a region -> its code
    before_place: str  # the words that introduce a place, as an alternation
    departement_number: re.Pattern  # "dans le 93": the first group is the number


@dataclass(frozen=True)
class Replies:
    """short_answers.yml, matched at the start of a reply (short_answers.py)."""

    answers: dict[str, tuple[tuple[re.Pattern, object], ...]]  # slot -> (pattern, value), in order
    yes_no: tuple[tuple[re.Pattern, str], ...]  # (pattern, "no" or "yes"), in order
    fillers: re.Pattern  # the fillers before a reply, to drop
    acknowledgement: re.Pattern  # a whole reply
    approving_symbols: frozenset[str]  # emoji that go along ("👍"), in a reply of symbols only


@dataclass(frozen=True)
class Lexicon:
    sms: dict[str, str]
    typo_targets: frozenset[str]
    status_cues: tuple[Cue, ...]
    working_cues: tuple[Cue, ...]
    clarity_cues: tuple[Cue, ...]
    contract_cues: tuple[Cue, ...]
    project_type_cues: tuple[Cue, ...]
    scheme_cues: tuple[Cue, ...]
    disability_cues: tuple[Cue, ...]
    public_branch_cues: tuple[Cue, ...]
    question_cues: tuple[Cue, ...]
    distress_cues: tuple[Cue, ...]
    handoff_cues: tuple[Cue, ...]
    health_cues: tuple[Cue, ...]
    goodbye_cues: tuple[Cue, ...]
    question_precedence: dict[str, frozenset[str]]
    question_covers_scheme: dict[str, str]
    grammar: Grammar
    details: Details
    places: Places
    replies: Replies
    markers: dict[str, re.Pattern] = field(default_factory=dict)


def either(patterns: Iterable[str]) -> str:
    """The patterns as one alternation: "mais|alors|donc"."""
    return "|".join(patterns)


def _compile(fragment: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + fragment + r")(?![a-z0-9])")


def _value(key: object) -> object:
    """A section's key as the slot's value: "true" and "false" are booleans."""
    return {"true": True, "false": False}.get(key, key)


def _cues(section: dict) -> tuple[Cue, ...]:
    cues = []
    for value, groups in section.items():
        for group in groups:
            for fragment in group["patterns"]:
                cues.append(Cue(_value(value), _compile(fragment), int(group.get("priority", 1)),
                                bool(group.get("past_is_fine", False)),
                                bool(group.get("only_in_questions", False))))
    return tuple(cues)


def _grammar(words: dict[str, list[str]]) -> Grammar:
    return Grammar(
        clause_end=re.compile(rf"[.,;:!?()]|\b({either(words['clause_end'])})\b"),
        speaker=re.compile(rf"\b({either(words['speaker'])})\b"),
        speaker_words=frozenset(words["speaker"]),
        other_clause_end=re.compile(rf"[.,;:!?()]|\b({either(words['clause_end'] + words['first_person'])})\b"),
        other_sentence_end=re.compile(rf"[.;!?]|\b({either(words['first_person'])})\b"),
        generic=re.compile(rf"\b({either(words['generic'])})\s*$"),
        negative=re.compile(rf"\b({either(words['negative'])})\b"),
        alternative=re.compile(
            "".join(rf"(?<!{word} )" for word in words["not_alternative_after"])
            + rf"\b({either(words['alternative'])})\b(?= [a-z])(?! ({either(words['not_alternative_before'])})\b)"),
        question_clause_end=re.compile(rf"[,:()]|\b({either(words['question_clause_end'])})\b"),
        connector=re.compile(rf"\b({either(words['connector'])})\b|[.,;:!?]"),
        indirect_question=re.compile(rf"\b({either(words['indirect_question'])})\s*$"),
        contradiction=re.compile(rf"\b({either(words['contradiction'])})\s*,?\s*$"),
        contradicted_hypothesis=frozenset(words["contradicted_hypothesis"]),
    )


def _whole_words(patterns: Iterable[str]) -> re.Pattern:
    return re.compile(rf"\b(?:{either(patterns)})\b")


def _details(section: dict[str, list[str]]) -> Details:
    return Details(
        cadre=_whole_words(section["cadre"]),
        not_cadre=_whole_words(section["not_cadre"]),
        young_graduate=_whole_words(section["young_graduate"]),
        under_26=_whole_words(section["under_26"]),
        ages=tuple(_whole_words([pattern.replace("{age}", _AGE)]) for pattern in section["age"]),
    )


def _places(section: dict) -> Places:
    return Places(
        aliases=dict(section["aliases"]),
        before_place=rf"(?:{either(section['before_place'])})",
        departement_number=re.compile(rf"\b(?:{either(section['before_departement'])})\s+(\d{{2,3}}|2a|2b)\b"
                                      rf"(?!\s*(?:{either(section['not_after_departement'])}))"),
    )


def _at_start(patterns: Iterable[str]) -> re.Pattern:
    return re.compile(rf"^({either(patterns)})\b")


def _replies(raw: dict) -> Replies:
    return Replies(
        answers={slot: tuple((_at_start(patterns), _value(value)) for value, patterns in values.items())
                 for slot, values in raw["answers"].items()},
        yes_no=tuple((_at_start(patterns), value) for value, patterns in raw["yes_no"].items()),
        fillers=re.compile(rf"^(({either(raw['fillers'])})\s*[,.!]?\s+)+"),
        acknowledgement=re.compile(rf"^({either(raw['acknowledgement'])})\s*[.!]*$"),
        approving_symbols=frozenset(raw["approving_symbols"]),
    )


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    replies = yaml.safe_load(path.with_name(SHORT_ANSWERS_FILE).read_text(encoding="utf-8"))
    return Lexicon(
        sms=dict(raw["sms"]),
        typo_targets=frozenset(raw["typo_targets"]),
        status_cues=_cues(raw["employment_status"]),
        working_cues=_cues(raw["currently_working"]),
        clarity_cues=_cues(raw["project_clarity"]),
        contract_cues=_cues(raw["contract_type"]),
        project_type_cues=_cues(raw["project_type"]),
        scheme_cues=_cues(raw["scheme"]),
        disability_cues=_cues(raw["disability"]),
        public_branch_cues=_cues(raw["public_branch"]),
        question_cues=_cues(raw["question"]),
        distress_cues=_cues(raw["distress"]),
        handoff_cues=_cues(raw["handoff"]),
        health_cues=_cues(raw["health"]),
        goodbye_cues=_cues(raw["goodbye"]),
        question_precedence={k: frozenset(v) for k, v in raw["question_precedence"].items()},
        question_covers_scheme=dict(raw["question_covers_scheme"]),
        grammar=_grammar(raw["grammar"]),
        details=_details(raw["details"]),
        places=_places(raw["places"]),
        replies=_replies(replies),
        markers={name: _compile(either(fragments)) for name, fragments in raw["markers"].items()},
    )
