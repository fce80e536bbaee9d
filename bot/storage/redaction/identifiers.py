"""Conversation ids that are personal data themselves, which the REST channel refuses (bot/channels/rest.py):
an id is stored as it is, outside the redaction of the visitor's text."""
from __future__ import annotations

import re

from stdnum import iban

_ID_PART = re.compile(r"(?:\+|00)?33[1-9]\d{8}|0[1-9]\d{8}|[12]\d{12}(?:\d{2})?")  # phone, NIR


def is_personal_identifier(identifier: str) -> bool:
    """Whether a conversation id is, or holds as one of its parts, a French phone number, a NIR or an
    IBAN ("0612345678", "06-12-34-56-78", "visiteur-0612345678", "FR76…"). Only whole parts count:
    "fuzz-1000037-12345678" or a UUID is an opaque id."""
    parts = re.split(r"[-_:.]", identifier)
    candidates = [identifier, re.sub(r"[-_:. ]", "", identifier), *parts]
    return any(_ID_PART.fullmatch(c) or (len(c) >= 15 and iban.is_valid(c)) for c in candidates if c)
