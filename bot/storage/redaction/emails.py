"""E-mail addresses, written tight ("jean.dupont@gmail.com", "jean@gmail") or loosely, with spaces, words
or brackets ("jean.dupont @ gmail.com", "jean point dupont arobase gmail point com",
"jean(at)gmail(dot)com", "jean [at] gmail [dot] com", "jean chez gmail point com", "jean@@gmail.com",
"jean%40gmail.com"); not the assistant's own (own_contacts.py).
The patterns read the normalised view (text_view.py)."""
from __future__ import annotations

import re
from functools import lru_cache

from .own_contacts import contact_values
from .text_view import Span, TextView

EMAIL = "[courriel masqué]"

# e-mail addresses written loosely: "jean . dupont @ gmail . com", "jean point dupont arobase gmail point com",
# "jean(at)gmail(dot)com", "jean [at] gmail [dot] com", "jean dot dupont at gmail dot com"
_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_AT_WORDS = r"arobase|arrobase|arobas|arrobas|arobaze|at|chez"
_DOT_WORDS = r"point|dot|pt"
_AT = (rf"(?P<at>\s*(?:@+|%40)\s*|\s*{_OPEN}\s*(?:{_AT_WORDS}|@|a)\s*{_CLOSE}\s*"
       rf"|\s+(?P<at_word>{_AT_WORDS})\s+)")
_DOT = rf"(?:\s*\.\s*|\s*{_OPEN}\s*(?:{_DOT_WORDS}|\.)\s*{_CLOSE}\s*|\s+(?:{_DOT_WORDS})\s+)"
# in the local part a dot followed by a space only counts with a space before it: "Merci. jean@…" keeps "Merci"
_LOCAL_SEP = (rf"(?:\.|\s+\.\s*|\s*{_OPEN}\s*(?:{_DOT_WORDS}|\.|_|-)\s*{_CLOSE}\s*"
              rf"|\s+(?:{_DOT_WORDS}|tiret(?:\s+(?:du\s+)?bas)?|underscore)\s+)")
# top-level domains an address written loosely may end with (a tight "x@y.z" may end with any)
_TLDS = ("com|fr|net|org|eu|info|biz|io|me|co|be|ch|lu|mc|ca|de|uk|es|it|pt|nl|ma|dz|tn|sn|ci|cm|re|gp|mq|gf|yt|"
         "pm|nc|pf|bj|bf|ml|ga|cg|cd|mg|mu|ht|us|edu|gov|gouv|asso|tv|app|dev|xyz|pro|online|email|bzh|paris|"
         "alsace|corsica|ovh|live|cloud|site|tech|ai|cc")
# web mail providers a visitor may name without the top-level domain: "jean arobase gmail"
_PROVIDERS = ("gmail|googlemail|hotmail|outlook|live|msn|yahoo|ymail|orange|wanadoo|free|sfr|neuf|laposte|"
              "icloud|me|aol|gmx|proton|protonmail|yopmail|bbox|numericable|club-internet")
EMAIL_LOOSE_RE = re.compile(
    rf"(?<![\w+%.-])(?P<local>[\w+%-]+(?:{_LOCAL_SEP}[\w+%-]+)*){_AT}"
    rf"(?P<domain>[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:{_TLDS})|(?P<provider>{_PROVIDERS}))(?![\w-])",
    re.IGNORECASE)
_LOOSE_REACH = 160  # characters an address written loosely may take on either side of its "@"
_LOOSE_HINT = re.compile(rf"@|%40|(?<![\w])(?:{_AT_WORDS})(?![\w])|{_OPEN}\s*a\s*{_CLOSE}", re.IGNORECASE)

# written tight: any top-level domain, or none after a web mail provider ("jean@gmail")
_TIGHT_LOCAL, _TIGHT_DOMAIN = r"[\w.+%-]+", r"[\w-]+(?:\.[\w-]+)+"
EMAIL_RE = re.compile(rf"{_TIGHT_LOCAL}(?:@+|%40)(?:{_TIGHT_DOMAIN}|(?:{_PROVIDERS})(?![\w-]))", re.IGNORECASE)
# the addresses knowledge/contacts.yml gives are written tight, with a top-level domain
_CONTACT_EMAIL_RE = re.compile(rf"{_TIGHT_LOCAL}@{_TIGHT_DOMAIN}")


@lru_cache(maxsize=1)
def _own_emails() -> frozenset[str]:
    """The e-mail addresses the assistant gives out itself, in small letters."""
    return frozenset(m.group(0).lower() for text in contact_values() for m in _CONTACT_EMAIL_RE.finditer(text))


def loose_emails(view: TextView) -> list[Span]:
    if not _LOOSE_HINT.search(view.text):
        return []
    own = _own_emails()
    # searched only around each "@" or "arobase"/"at" (a few hundred characters), not from every word
    windows: list[list[int]] = []
    for hint in _LOOSE_HINT.finditer(view.text):
        start, end = max(0, hint.start() - _LOOSE_REACH), min(len(view.text), hint.end() + _LOOSE_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    found = []
    for start, end in windows:
        for match in EMAIL_LOOSE_RE.finditer(view.text, start, end):
            if match.group("provider") and (match.group("at_word") or "").lower() in ("at", "chez"):
                continue  # "look at free", "je travaille chez Free": a bare "at" or "chez" needs a top-level domain
            compact = re.sub(_LOCAL_SEP, ".", match.group("local")) + "@" + re.sub(_DOT, ".", match.group("domain"))
            if compact.lower() not in own:
                found.append(match.span())
    return view.source_spans(found, EMAIL)


def tight_emails(view: TextView) -> list[Span]:
    if "@" not in view.text and "%40" not in view.text:
        return []
    own = _own_emails()
    return view.source_spans([m.span() for m in EMAIL_RE.finditer(view.text) if m.group(0).lower() not in own], EMAIL)
