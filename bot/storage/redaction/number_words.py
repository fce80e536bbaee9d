"""French number words written in digits, for phone numbers and NIRs said in words: in the view,
"zero six douze trente-quatre" is read "0 6 12 34" and "zero six un deux" "0 6 1 2" (the view has
dropped the accents of "zéro")."""
from __future__ import annotations

import re

from .text_view import Detector, Span, TextView

_UNITS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9}
_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
         "septante": 70, "huitante": 80, "octante": 80, "nonante": 90}
_HUNDREDS = {"cent", "cents"}
_NUMBER_WORD = "|".join(sorted(["zero", *_UNITS, *_TEENS, *_TENS, *_HUNDREDS], key=len, reverse=True))
# a run of number words; "et" only inside it ("vingt et un")
NUMBER_WORDS_RE = re.compile(
    rf"(?<![\w'])(?:{_NUMBER_WORD})(?:(?:[\s,.-]+et)?[\s,.-]+(?:{_NUMBER_WORD}))*(?![\w'])", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+|,|\.", re.IGNORECASE)


def _number_groups(tokens: list[str]) -> list[tuple[int, int, int]]:
    """The numbers a run of French number words says, read greedily as French is spoken, each with the
    tokens it takes (first, after last): ["zero", "six", "douze", "soixante", "dix", "huit"] ->
    0, 6, 12, 78; one digit after another (["zero", "six", "un", "deux"]) -> 0, 6, 1, 2."""
    count = len(tokens)

    def unit_or_teen(i: int, teens: bool) -> tuple[int, int]:
        if i < count and teens and tokens[i] == "dix" and i + 1 < count and tokens[i + 1] in ("sept", "huit", "neuf"):
            return 10 + _UNITS[tokens[i + 1]], i + 2
        if i < count and teens and tokens[i] in _TEENS:
            return _TEENS[tokens[i]], i + 1
        if i < count and tokens[i] in _UNITS:
            return _UNITS[tokens[i]], i + 1
        return 0, i

    def below_hundred(i: int) -> tuple[int | None, int]:
        word = tokens[i] if i < count else ""
        if word == "quatre" and i + 1 < count and tokens[i + 1] in ("vingt", "vingts"):
            extra, i = unit_or_teen(i + 2, teens=True)
            return 80 + extra, i
        if word in _TENS:
            value = _TENS[word]
            if i + 2 < count and tokens[i + 1] == "et" and tokens[i + 2] in ("un", "onze"):
                return value + (1 if tokens[i + 2] == "un" else 11), i + 3
            extra, i = unit_or_teen(i + 1, teens=word in ("soixante", "vingts"))
            return value + extra, i
        if word in _TEENS:
            return unit_or_teen(i, teens=True)
        if word in _UNITS:
            return _UNITS[word], i + 1
        return None, i

    groups: list[tuple[int, int, int]] = []
    i = 0
    while i < count:
        first, word = i, tokens[i]
        if word == "zero":
            groups.append((0, first, i + 1))
            i += 1
            continue
        hundreds = None
        if word in _UNITS and word != "un" and i + 1 < count and tokens[i + 1] in _HUNDREDS:
            hundreds, i = _UNITS[word] * 100, i + 2
        elif word in _HUNDREDS:
            hundreds, i = 100, i + 1
        value, after = below_hundred(i)
        if hundreds is not None:
            groups.append((hundreds + (value or 0), first, after))
            i = after
        elif value is None:  # an "et" or "vingts" on its own
            i += 1
        else:
            groups.append((value, first, after))
            i = after
    return groups


def _numbers_in_digits(view: TextView) -> TextView:
    """The view with French number words written in digits, one number after another apart:
    "zero six douze trente-quatre" -> "0 6 12 34". A comma or a dot ends a number: "soixante, douze" is
    60 then 12, "soixante douze" is 72."""
    changes = []
    for match in NUMBER_WORDS_RE.finditer(view.text):
        tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(view.text, *match.span())]
        numbers: list[tuple[int, int, int]] = []  # value, start, end in the view
        chunk: list[tuple[str, int, int]] = []
        for token in tokens + [(",", match.end(), match.end())]:
            if token[0] in ",.":
                words = [word for word, _, _ in chunk]
                numbers += [(value, chunk[first][1], chunk[after - 1][2])
                            for value, first, after in _number_groups(words)]
                chunk = []
            else:
                chunk.append(token)
        position = match.start()
        for value, start, end in numbers:
            if start > position:  # what is between two numbers: a space
                changes.append((position, start, " "))
            changes.append((start, end, str(value)))
            position = end
    return view.replaced(changes)


def in_digits(*detectors: Detector) -> Detector:
    """These detectors, one after the other, on the view with French number words written in digits
    (built once for all of them)."""
    def detect(view: TextView) -> list[Span]:
        digits = _numbers_in_digits(view)
        found: list[Span] = []
        for detector in detectors:
            spans = detector(digits)
            if spans:
                found += spans
                digits = digits.masked(spans)
        return found

    detect.__name__ = "in_digits_" + "_".join(d.__name__ for d in detectors)
    return detect
