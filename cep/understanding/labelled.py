"""Labelled visitor messages (tests/heldout/*.yml, the shared scorer's format) as the learned
reader's training examples: each case's text read the way read_profile reads it."""
from __future__ import annotations

from pathlib import Path

import yaml

from cep.understanding.learned_reader import SLOTS, Example
from cep.understanding.lexicon import load_lexicon
from cep.understanding.profile_reader import read_profile, reading_texts


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("cases") or []


# the intent whose examples state the visitor's situation; the others (greetings, questions…) do not
STATEMENT_INTENTS = ("inform",)


def negative_examples(messages: list[tuple[str, str]]) -> list[Example]:
    """The assistant's own intent examples (text, intent) that are not statements ("j'ai une RQTH",
    "c'est gratuit ?", "bonjour") and in which the lexicon finds no status nor project: labelled
    "says nothing", so that the model learns that most messages of a conversation carry no profile.
    The first messages of the labelled sets alone taught it that every message does."""
    lexicon = load_lexicon()
    examples = []
    for text, intent in messages:
        if intent in STATEMENT_INTENTS or not text or text.startswith("/"):
            continue
        reading = read_profile(text, lexicon)
        if any(getattr(reading, slot) is not None for slot in SLOTS):
            continue
        situation, project = reading_texts(text, lexicon)
        examples.append(Example(situation, project, {slot: None for slot in SLOTS}))
    return examples


def nlu_messages(directory: Path) -> list[tuple[str, str]]:
    """(text, intent) of the NLU training data, read the way `rasa train` reads it."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [(m.get("text"), m.get("intent")) for m in load_data(str(directory)).intent_examples]


def examples_from(path: Path) -> list[Example]:
    lexicon = load_lexicon()
    examples = []
    for case in load_cases(path):
        situation, project = reading_texts(case["text"], lexicon)
        examples.append(Example(situation, project, {slot: case.get(slot) for slot in SLOTS}))
    return examples
