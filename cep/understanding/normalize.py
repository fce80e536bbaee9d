"""Text normalisation for the profile reader: accents, apostrophes, SMS spellings, typos.

Turns "Chui au chommage dpuis 6 mois, jsp koi faire" into
"je suis au chomage dpuis 6 mois , je sais pas quoi faire" so that the patterns in
lexicon.yml can stay readable. Knows nothing of Rasa; the word lists live in lexicon.yml.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from cep.understanding.lexicon import Lexicon

_ELISION = re.compile(r"\b([cdjlmnst]|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)
_PUNCT_KEEP = re.compile(r"([.,;:!?()])")
_NOT_WORD = re.compile(r"[^a-z0-9.,;:!?()\s-]")
_SPACES = re.compile(r"\s+")
# a word this frequent in French (Zipf scale) is a real word, never a typo to correct
_KNOWN_WORD_ZIPF = 2.0


def fold(text: str) -> str:
    """Lower-case and strip accents ("Étudiante" -> "etudiante")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str, lexicon: Lexicon) -> str:
    """Return the folded, tokenised, SMS-expanded and typo-corrected text."""
    text = text.lower().replace("\u2019", "'").replace("`", "'")
    text = text.replace("œ", "oe").replace("æ", "ae")
    text = _ELISION.sub(lambda m: m.group(1) + "e ", text)
    text = text.replace("'", " ").replace("-", " ")
    text = _PUNCT_KEEP.sub(r" \1 ", text)
    words = []
    for raw in _SPACES.split(text.strip()):
        for word in _NOT_WORD.sub(" ", fold(raw)).split():
            words.append(lexicon.sms.get(word) or _correct(word, raw, lexicon))
    return " ".join(words)


def _correct(word: str, raw: str, lexicon: Lexicon) -> str:
    if len(word) < 5 or word in lexicon.typo_targets or not word.isalpha():
        return word
    return _closest_target(word, raw, lexicon.typo_targets)


@lru_cache(maxsize=4096)
def _closest_target(word: str, raw: str, targets: frozenset[str]) -> str:
    # "lycées" folds to "lycees", rare without its accents: judge the word as typed too
    if max(zipf_frequency(word, "fr"), zipf_frequency(raw, "fr")) >= _KNOWN_WORD_ZIPF:
        return word
    allowed = 1 if len(word) < 8 else 2
    best, best_distance = word, allowed + 1
    for target in targets:
        if abs(len(target) - len(word)) > allowed:
            continue
        distance = Levenshtein.distance(word, target, score_cutoff=allowed)
        if distance < best_distance:
            best, best_distance = target, distance
    return best
