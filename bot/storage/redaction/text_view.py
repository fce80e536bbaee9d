"""The normalised copy of a text that the detectors search, each of its characters mapped to the span of
the original it comes from, so that what they find is replaced in the original and the rest of the
visitor's text stays as written.

The copy reads Unicode compatibility forms folded (as NFKC/NFKD do: full-width "＠" is "@", "０６" is
"06"), accents and invisible characters dropped, digits of any script as ASCII digits, any space as a
space, "'" for "’", "." for "·" and "-" for any dash.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache

Span = tuple[int, int, str]  # in the original text: start, end, placeholder

# characters the view reads as another ("’" is an apostrophe, "·" a dot)
_FOLDED = {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "·": ".", "•": ".", "∙": ".", "・": ".", "‧": "."}


class TextView:
    """A normalised copy of a text, each of its characters mapped to the span of the original text it
    comes from (starts[i], ends[i]): what the patterns search, so that what they find is replaced in
    the original and the rest of the visitor's text stays as written."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends

    def source(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]

    def source_spans(self, matches: Iterable[tuple[int, int]], placeholder: str) -> list[Span]:
        """The spans of the original that these (start, end) matches in the view come from, each with
        the placeholder that replaces it; empty matches are left out."""
        return [(*self.source(start, end), placeholder) for start, end in matches if end > start]

    def replaced(self, changes: list[tuple[int, int, str]]) -> TextView:
        """The view with these (start, end, replacement) changes, sorted and apart; each replacement's
        characters map to the whole span of the original that the replaced characters came from."""
        if not changes:
            return self
        parts, starts, ends, position = [], [], [], 0
        for start, end, replacement in changes:
            parts.append(self.text[position:start])
            starts += self.starts[position:start]
            ends += self.ends[position:start]
            first, last = self.source(start, end)
            parts.append(replacement)
            starts += [first] * len(replacement)
            ends += [last] * len(replacement)
            position = end
        parts.append(self.text[position:])
        starts += self.starts[position:]
        ends += self.ends[position:]
        return TextView("".join(parts), starts, ends)

    def masked(self, spans: list[Span]) -> TextView:
        """The view with these spans of the original (start, end, placeholder) replaced by their placeholder."""
        changes = []
        for start, end, placeholder in sorted(spans):
            first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
            if first < last:
                changes.append((first, last, placeholder))
        return self.replaced(changes)


# what finds one kind of personal data in a view: its spans in the original, with their placeholder
Detector = Callable[[TextView], list[Span]]


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """One character as the view reads it: its compatibility decomposition (NFKD: "＠" is "@", "０" is "0",
    "é" is "e" once its accent is dropped), without accents nor invisible characters, digits of any script
    as ASCII digits, any space as a space and any dash as "-"."""
    if char in _FOLDED:
        return _FOLDED[char]
    out = []
    for c in unicodedata.normalize("NFKD", char):
        category = unicodedata.category(c)
        if category in ("Mn", "Me", "Cf", "Cc") and c not in "\t\n\r":
            continue
        if category == "Nd":
            out.append(str(unicodedata.digit(c)))
        elif category == "Zs":
            out.append(" ")
        elif category == "Pd":
            out.append("-")
        else:
            out.append(_FOLDED.get(c, c))
    return "".join(out)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def view_of(text: str) -> TextView:
    """The normalised view of a text (an ASCII text is its own view)."""
    if text.isascii():
        return TextView(text, list(range(len(text))), list(range(1, len(text) + 1)))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _NON_ASCII.finditer(text):
        index = match.start()
        if index > position:  # the ASCII run before: as it is
            parts.append(text[position:index])
            starts += range(position, index)
            ends += range(position + 1, index + 1)
        char = text[index]
        folded = _fold(char)
        if not folded and unicodedata.combining(char) and ends and ends[-1] == index:
            ends[-1] = index + 1  # an accent goes with the letter before it
        parts.append(folded)
        starts += [index] * len(folded)
        ends += [index + 1] * len(folded)
        position = index + 1
    parts.append(text[position:])
    starts += range(position, len(text))
    ends += range(position + 1, len(text) + 1)
    return TextView("".join(parts), starts, ends)
