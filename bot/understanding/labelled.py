"""Labelled visitor messages (tests/heldout/*.yml, the shared scorer's format) as the learned
reader's training examples: each case's text read the way read_profile reads it."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.understanding.learned_reader import SLOTS, Example
from bot.understanding.lexicon import load_lexicon
from bot.understanding.profile_reader import reading_texts


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("cases") or []


def examples_from(path: Path) -> list[Example]:
    lexicon = load_lexicon()
    examples = []
    for case in load_cases(path):
        situation, project = reading_texts(case["text"], lexicon)
        examples.append(Example(situation, project, {slot: case.get(slot) for slot in SLOTS}))
    return examples
