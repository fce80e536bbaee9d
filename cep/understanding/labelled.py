"""Labelled visitor messages (tests/heldout/*.yml, the shared scorer's format) as the learned
reader's training examples: each case's text read the way read_profile reads it."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from joblib import delayed

from cep.understanding.learned_reader import SLOTS, Example, LearnedReader, in_parallel
from cep.understanding.lexicon import load_lexicon
from cep.understanding.profile_reader import lexicon_reading

# libyaml's loader where PyYAML was built with it: the labelled sets load in 1 s instead of 10
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_cases(path: Path) -> list[dict]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER).get("cases") or []


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
        reading, situation, project = lexicon_reading(text, lexicon)
        if any(getattr(reading, slot) is not None for slot in SLOTS):
            continue
        examples.append(Example(situation, project, {slot: None for slot in SLOTS},
                                talks_of_project=reading.talks_of_project, group="nlu"))
    return examples


def nlu_messages(directory: Path) -> list[tuple[str, str]]:
    """(text, intent) of the NLU training data, read the way `rasa train` reads it."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [(m.get("text"), m.get("intent")) for m in load_data(str(directory)).intent_examples]


def examples_from(path: Path) -> list[Example]:
    lexicon = load_lexicon()
    examples = []
    for case in load_cases(path):
        reading, situation, project = lexicon_reading(case["text"], lexicon)
        examples.append(Example(situation, project, {slot: case.get(slot) for slot in SLOTS},
                                lexicon_clarity=reading.project_clarity,
                                talks_of_project=reading.talks_of_project, group=path.stem))
    return examples


def examples_of(paths: Iterable[Path]) -> list[list[Example]]:
    """examples_from each set, read side by side on the machine's cores (the lexicon's reading of
    7,000 messages takes 20 s on one core); in the sets' order."""
    return in_parallel([delayed(examples_from)(path) for path in paths])


def train_as_configured(config: Mapping[str, Any], nlu: list[tuple[str, str]], root: Path = Path(".")) -> LearnedReader:
    """The learned reader as `rasa train` trains it: on the labelled sets the ProfileExtractor's
    `config` names (relative to `root`) and, if configured, the NLU's own non-statements (`nlu`:
    (text, intent) pairs), with the configured thresholds."""
    examples = [e for batch in examples_of(root / path for path in config["training_sets"]) for e in batch]
    if config.get("negatives_from_nlu"):
        examples += negative_examples(nlu)
    return LearnedReader.train(examples, config.get("thresholds"), config.get("override_above"),
                               config.get("doubt_above"), regularisation=float(config.get("regularisation", 10.0)),
                               judged_groups=judged_groups(config),
                               unnamed_project_above=float(config.get("unnamed_project_above", 1.01)),
                               status_in_project_above=float(config.get("status_in_project_above", 0.0)))


def judged_groups(config: Mapping[str, Any]) -> set[str]:
    """The sets (by file stem, as Example.group) whose out-of-fold guesses train the clarity judge."""
    return {Path(path).stem for path in config.get("judge_sets") or ()}
