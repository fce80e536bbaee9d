"""Loads lexicon.yml, the word lists and patterns the profile reader uses.

The lexicon is data: a counsellor or a deployer can add an occupation, an employer or a
way of saying "I have no idea" without touching code. Patterns are regular expressions
over the normalised text (lower case, no accents, "j'ai" -> "je ai", see normalize.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).with_name("lexicon.yml")


@dataclass(frozen=True)
class Cue:
    """One pattern that is evidence for a value, with how much it weighs against others."""

    value: object
    pattern: re.Pattern
    priority: int = 1
    past_is_fine: bool = False  # an event ("licencié") may be told in the past tense
    only_in_questions: bool = False  # a question topic that a statement may name too ("en congé parental")


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
    question_precedence: dict[str, frozenset[str]]
    question_covers_scheme: dict[str, str]
    markers: dict[str, re.Pattern] = field(default_factory=dict)


def _compile(fragment: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + fragment + r")(?![a-z0-9])")


def _cues(section: dict) -> tuple[Cue, ...]:
    cues = []
    for value, groups in section.items():
        value = {"true": True, "false": False}.get(value, value) if value in ("true", "false") else value
        for group in groups:
            for fragment in group["patterns"]:
                cues.append(Cue(value, _compile(fragment), int(group.get("priority", 1)),
                                bool(group.get("past_is_fine", False)),
                                bool(group.get("only_in_questions", False))))
    return tuple(cues)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(
        sms={k: v for k, v in raw["sms"].items()},
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
        question_precedence={k: frozenset(v) for k, v in raw["question_precedence"].items()},
        question_covers_scheme=dict(raw["question_covers_scheme"]),
        markers={name: _compile("|".join(fragments)) for name, fragments in raw["markers"].items()},
    )
