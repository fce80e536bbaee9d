"""Personal data masked out of the visitor's text before it is stored.

    redact("écrivez-moi à jean.dupont@gmail.com")  ->  "écrivez-moi à [courriel masqué]"

What is masked: e-mail addresses, phone numbers (phonenumbers, region FR), French
social-security numbers (NIR, with their key), IBANs (with their checksum) and street
addresses where detectable ("12 rue de la Paix", "3 bd Victor Hugo 69003 Lyon").
What is not: the assistant's own contact details (the national line, mon-cep.org, the
operators of knowledge/contacts.yml), which the bot gives out itself.
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
from stdnum.fr import nir

CONTACTS = Path(__file__).resolve().parents[2] / "knowledge" / "contacts.yml"

EMAIL = "[courriel masqué]"
PHONE = "[téléphone masqué]"
NIR = "[n° de sécurité sociale masqué]"
IBAN = "[IBAN masqué]"
ADDRESS = "[adresse masquée]"

EMAIL_RE = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# sex, year, month, département (2A/2B in Corsica), commune, order, key; spaces, dots or dashes allowed
NIR_RE = re.compile(r"(?<![\w])[12][\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?(?:\d{2}|2[ABab])[\s.-]?\d{3}[\s.-]?\d{3}"
                    r"(?:[\s.-]?\d{2})(?![\w])")
# country, check digits, then groups of up to four letters or digits (spaces allowed between groups)
IBAN_RE = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{1,4}){3,8}(?![\w])")
STREET_TYPES = (r"rue|avenue|av\.?|boulevard|bd|bld|blvd|place|pl\.|chemin|ch\.|impasse|imp\.|all[ée]e|route|rte|"
                r"quai|cours|square|passage|voie|r[ée]sidence|lotissement|lot\.|faubourg|fbg|hameau|lieu-dit|"
                r"sentier|esplanade|cit[ée]|villa|parvis|rond-point|chauss[ée]e|mont[ée]e|promenade")
# words that end an address when the visitor goes on with their sentence
STOP_WORDS = {"à", "a", "et", "je", "j", "jsuis", "mais", "pour", "dans", "avec", "depuis", "où", "ou", "qui",
              "que", "car", "donc", "mon", "ma", "mes", "on", "nous", "il", "elle", "suis", "est", "c", "ça",
              "merci", "svp", "alors", "puis", "sinon", "en", "au", "aux", "chez", "si"}
ADDRESS_RE = re.compile(
    rf"(?<![\w])\d{{1,4}}(?:\s?(?:bis|ter|[abc]))?,?\s+(?:{STREET_TYPES})(?![\w])"
    r"(?P<name>(?:\s+[\w'’.-]+){1,6})"
    r"(?P<city>,?\s+\d{5}(?:\s+[A-ZÉÈ][\w'’-]+(?:[\s-][A-ZÉÈ][\w'’-]+)*)?)?",
    re.IGNORECASE | re.UNICODE)


@lru_cache(maxsize=1)
def _contact_strings() -> tuple[frozenset[str], frozenset[str]]:
    """The phone numbers (as E.164) and web/e-mail domains the assistant gives out itself."""
    contacts = yaml.safe_load(CONTACTS.read_text(encoding="utf-8"))
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            texts.append(node)

    walk(contacts)
    phones = {phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
              for text in texts for match in phonenumbers.PhoneNumberMatcher(text, "FR")}
    domains = {m.group(1).lower() for text in texts
               for m in re.finditer(r"(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", text, re.IGNORECASE)
               if not m.group(1)[0].isdigit()}
    return frozenset(phones), frozenset(domains)


def _emails(text: str) -> str:
    _, domains = _contact_strings()

    def replace(match: re.Match) -> str:
        domain = match.group(0).rpartition("@")[2].lower()
        return match.group(0) if domain in domains else EMAIL

    return EMAIL_RE.sub(replace, text)


def _nirs(text: str) -> str:
    return NIR_RE.sub(lambda m: NIR if nir.is_valid(re.sub(r"[\s.-]", "", m.group(0)).upper()) else m.group(0), text)


def _ibans(text: str) -> str:
    def replace(match: re.Match) -> str:
        candidate = match.group(0)
        groups = candidate.split(" ")
        # a greedy match may run into the next word: drop trailing groups until the checksum holds
        for end in range(len(groups), 0, -1):
            head = " ".join(groups[:end])
            if iban.is_valid(head):
                return IBAN + candidate[len(head):]
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


def redact(text: str | None) -> str | None:
    """The text with the visitor's personal data replaced by placeholders."""
    if not text:
        return text
    for redactor in REDACTORS:
        text = redactor(text)
    return text
