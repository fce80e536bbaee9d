"""What a short reply means when it answers the question the assistant just asked.

- `short_answer("plusieurs", "project_clarity")` -> "several_ideas": "plusieurs", "non" or "le privé"
  mean nothing on their own, only as a reply to a question about a slot (the profile reader's
  `read_*_answer` ask this when the reply itself states nothing);
- `read_yes_no("euh oui pk pas")` -> "yes";
- `is_acknowledgement("ok merci")`: the visitor goes along, and answers nothing.
The replies are data in short_answers.yml. Pure Python, no Rasa.
"""
from __future__ import annotations

import re

from cep.understanding.lexicon import load_lexicon
from cep.understanding.normalize import normalize

SHORT_ANSWER_WORDS = 5  # a longer reply is a statement, for the profile reader


def short_answer(text: str, slot: str) -> object | None:
    """The value of `slot` that a short reply ("non", "plusieurs") gives to the question about it, or None."""
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    if len(norm.split()) > SHORT_ANSWER_WORDS:
        return None
    for pattern, value in lexicon.replies.answers[slot]:
        if pattern.search(norm):
            return value
    return None


def read_yes_no(text: str) -> str | None:
    """"yes" or "no" from a short reply ("oui", "c'est juste", "non merci"), else None."""
    lexicon = load_lexicon()
    norm = normalize(text or "", lexicon)
    first_clause = re.split(r"[.,;!?]", norm, maxsplit=1)[0]  # "oui c'est juste. question : …"
    if len(norm.split()) > SHORT_ANSWER_WORDS + 3 and len(first_clause.split()) > SHORT_ANSWER_WORDS:
        return None
    norm = first_clause if len(norm.split()) > SHORT_ANSWER_WORDS + 3 else norm
    stripped = lexicon.replies.fillers.sub("", norm)  # "euh oui pk pas", "bon ok non merci"
    norm = stripped if stripped.strip() else norm
    for pattern, value in lexicon.replies.yes_no:
        if pattern.search(norm):
            return value
    return None


def is_acknowledgement(text: str) -> bool:
    """"ok", "d'accord", "merci": the visitor goes along, and answers nothing."""
    lexicon = load_lexicon()
    return bool(lexicon.replies.acknowledgement.match(normalize(text or "", lexicon).strip()))


def is_approving_symbol(text: str) -> bool:
    """A reply of symbols only that goes along ("👍", "🙂🙏"; not "🙏😕"), from short_answers.yml."""
    approving = load_lexicon().replies.approving_symbols
    symbols = [c for c in text.replace("\ufe0f", "") if not c.isspace() and c not in ".,;:!…"]
    return bool(symbols) and all(symbol in approving for symbol in symbols)
