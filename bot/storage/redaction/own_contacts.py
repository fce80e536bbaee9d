"""The assistant's own contact details, which it gives out itself and which are not masked: the values of
knowledge/contacts.yml's fields, not its comments nor its notes (which may cite anything). Each detector
picks its own kind out of them (emails.py the e-mail addresses, phones_and_nirs.py the phone numbers)."""
from __future__ import annotations

from functools import lru_cache

from cep import knowledge

# the keys of knowledge/contacts.yml that describe rather than give a contact
NOT_CONTACT_KEYS = {"note", "notes", "comment", "comments", "source", "verified_on"}


@lru_cache(maxsize=1)
def contact_values() -> tuple[str, ...]:
    """The text values of knowledge/contacts.yml's fields, leaving out the keys that describe a contact."""
    contacts = knowledge.read("contacts.yml")
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if str(key).lower() not in NOT_CONTACT_KEYS:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            texts.append(node)

    walk(contacts)
    return tuple(texts)
