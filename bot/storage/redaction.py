"""Personal data masked out of the visitor's text before it is stored.

    redact("écrivez-moi à jean.dupont@gmail.com")  ->  "écrivez-moi à [courriel masqué]"

What is masked: e-mail addresses, phone numbers (phonenumbers, region FR), French
social-security numbers (anything NIR-shaped, 13 or 15 digits, whatever the key: a typo in
the key is still someone's number), IBANs (with their checksum; spaces, dots or dashes
between groups) and street addresses where detectable ("12 rue de la Paix", "3 bd Victor
Hugo 69003 Lyon"; for words that are also ordinary French, "place", "cours", "passage"…,
only when a name follows: "5 place Bellecour", not "il reste 1 place en formation").
What is not: the assistant's own contact details, exactly as the fields of
knowledge/contacts.yml give them (phone numbers, e-mail addresses; never what a note or
comment mentions), which the bot gives out itself.
Only the visitor's events are redacted (bot/storage/private_tracker_store.py); NLU has
already run on the raw message, so understanding is unaffected.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import phonenumbers
import yaml
from stdnum import iban

CONTACTS = Path(__file__).resolve().parents[2] / "knowledge" / "contacts.yml"

EMAIL = "[courriel masqué]"
PHONE = "[téléphone masqué]"
NIR = "[n° de sécurité sociale masqué]"
IBAN = "[IBAN masqué]"
ADDRESS = "[adresse masquée]"

EMAIL_RE = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# sex (1-4, 7, 8), year, month, département (2A/2B in Corsica), commune, order, then the key or not;
# spaces, dots or dashes allowed between the parts. The key is not checked: a typo is still a NIR.
NIR_RE = re.compile(r"(?<![\w])[1-478][\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?(?:\d{2}|2[ABab])[\s.-]?\d{3}[\s.-]?\d{3}"
                    r"(?:[\s.-]?\d{2})?(?![\w])")
# country, check digits, then groups of up to four letters or digits (a space, dot or dash between groups)
IBAN_RE = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]{1,4}){3,8}(?![\w])")
# street words that are nothing else in a visitor's sentence
STREET_TYPES = (r"rue|avenue|av\.?|boulevard|bd|bld|blvd|impasse|imp\.|all[ée]e|faubourg|fbg|lieu-dit")
# street words that are also ordinary French ("1 place en formation", "3 cours en ligne"): an address
# only when a name follows (de/du/des/d'/la/le/l' and a word, or a capitalised word)
AMBIGUOUS_STREET_TYPES = (r"place|pl\.|chemin|ch\.|route|rte|quai|cours|square|passage|voie|r[ée]sidence|"
                          r"lotissement|lot\.|hameau|sentier|esplanade|cit[ée]|villa|parvis|rond-point|"
                          r"chauss[ée]e|mont[ée]e|promenade")
NAME_AFTER_AMBIGUOUS = re.compile(r"\s+(?:(?:de|du|des|la|le)\s+[\w'’-]|[dl]['’]\s*\w|[A-ZÉÈÊÀÂÎÔÛÇ])")
# the keys of knowledge/contacts.yml that describe rather than give a contact
NOT_CONTACT_KEYS = {"note", "notes", "comment", "comments", "source", "verified_on"}
# words that end an address when the visitor goes on with their sentence
STOP_WORDS = {"à", "a", "et", "je", "j", "jsuis", "mais", "pour", "dans", "avec", "depuis", "où", "ou", "qui",
              "que", "car", "donc", "mon", "ma", "mes", "on", "nous", "il", "elle", "suis", "est", "c", "ça",
              "merci", "svp", "alors", "puis", "sinon", "en", "au", "aux", "chez", "si"}
ADDRESS_RE = re.compile(
    rf"(?<![\w])\d{{1,4}}(?:\s?(?:bis|ter|[abc]))?,?\s+(?P<type>{STREET_TYPES}|{AMBIGUOUS_STREET_TYPES})(?![\w])"
    r"(?P<name>(?:\s+[\w'’.-]+){1,6})"
    r"(?P<city>,?\s+\d{5}(?:\s+[A-ZÉÈ][\w'’-]+(?:[\s-][A-ZÉÈ][\w'’-]+)*)?)?",
    re.IGNORECASE | re.UNICODE)


@lru_cache(maxsize=1)
def _contact_strings() -> tuple[frozenset[str], frozenset[str]]:
    """The phone numbers (as E.164) and e-mail addresses the assistant gives out itself: the values
    of knowledge/contacts.yml's fields, not its comments nor its notes (which may cite anything)."""
    contacts = yaml.safe_load(CONTACTS.read_text(encoding="utf-8"))
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
    phones = {phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
              for text in texts for match in phonenumbers.PhoneNumberMatcher(text, "FR")}
    emails = {m.group(0).lower() for text in texts for m in EMAIL_RE.finditer(text)}
    return frozenset(phones), frozenset(emails)


def _emails(text: str) -> str:
    _, own = _contact_strings()
    return EMAIL_RE.sub(lambda m: m.group(0) if m.group(0).lower() in own else EMAIL, text)


def _nirs(text: str) -> str:
    return NIR_RE.sub(NIR, text)


def _ibans(text: str) -> str:
    def replace(match: re.Match) -> str:
        candidate = match.group(0)
        ends = [group.end() for group in re.finditer(r"[A-Za-z0-9]+", candidate)]
        # a greedy match may run into the next word: drop trailing groups until the checksum holds
        for end in reversed(ends):
            if iban.is_valid(re.sub(r"[ .-]", "", candidate[:end])):
                return IBAN + candidate[end:]
        return candidate

    return IBAN_RE.sub(replace, text)


def _phones(text: str) -> str:
    own, _ = _contact_strings()
    spans = []
    for match in phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) not in own:
            spans.append((match.start, match.end))
    return _replace_spans(text, spans, PHONE)


def _addresses(text: str) -> str:
    def replace(match: re.Match) -> str:
        if re.fullmatch(AMBIGUOUS_STREET_TYPES, match.group("type"), re.IGNORECASE) and \
                not NAME_AFTER_AMBIGUOUS.match(match.group("name")):
            return match.group(0)  # "il reste 1 place en formation": not an address
        words = re.findall(r"\s+[\w'’.-]+", match.group("name"))
        kept = []
        for word in words:
            bare = re.split(r"['’]", word.strip().lower())[0]
            if bare in STOP_WORDS and kept:
                break
            kept.append(word)
        rest = match.group("name")[len("".join(kept)):]
        city = match.group("city") or ""
        if rest:  # the address ended before the city part
            return ADDRESS + rest + city
        return ADDRESS

    return ADDRESS_RE.sub(replace, text)


def _replace_spans(text: str, spans: Iterable[tuple[int, int]], placeholder: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text


# order matters: e-mails may hold digits, NIRs and IBANs would otherwise look like phone numbers
REDACTORS: tuple[Callable[[str], str], ...] = (_emails, _ibans, _nirs, _phones, _addresses)


_ID_PART = re.compile(r"(?:\+|00)?33[1-9]\d{8}|0[1-9]\d{8}|[12]\d{12}(?:\d{2})?")  # phone, NIR


def is_personal_identifier(identifier: str) -> bool:
    """Whether a conversation id is, or holds as one of its parts, a French phone number, a NIR or an
    IBAN ("0612345678", "06-12-34-56-78", "visiteur-0612345678", "FR76…"). Only whole parts count:
    "fuzz-1000037-12345678" or a UUID is an opaque id."""
    parts = re.split(r"[-_:.]", identifier)
    candidates = [identifier, re.sub(r"[-_:. ]", "", identifier), *parts]
    return any(_ID_PART.fullmatch(c) or (len(c) >= 15 and iban.is_valid(c)) for c in candidates if c)


def redact(text: str | None) -> str | None:
    """The text with the visitor's personal data replaced by placeholders."""
    if not text:
        return text
    for redactor in REDACTORS:
        text = redactor(text)
    return text
