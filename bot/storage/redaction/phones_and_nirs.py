"""Phone numbers and French social-security numbers (NIR), both runs of digits with separators between
them, read alike: French numbers in any grouping and with any separator ("06/12/34/56/78"), mobiles
without their zero, then whatever phonenumbers finds (region FR); NIRs with 13 or 15 digits, whatever
the key (a typo in the key is still someone's number). Not the assistant's own phone numbers
(own_contacts.py). The patterns read the normalised view (text_view.py); in number_words.in_digits,
the numbers said in words too."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import phonenumbers

from .own_contacts import contact_values
from .text_view import Span, TextView

PHONE = "[téléphone masqué]"
NIR = "[n° de sécurité sociale masqué]"

# what may stand between two digits: one separator (dot, slash, underscore, dash), spaces around it or
# not, or spaces, or nothing
_SEP = r"(?:\s*[./_-]\s*|\s+)?"
# sex (1-4, 7, 8), year, month, département (2A/2B in Corsica), commune, order, then the key or not;
# any one separator (space, dot, dash, slash) between digits. The key is not checked: a typo is still a NIR.
NIR_RE = re.compile(rf"(?<![\w])[1-478](?:{_SEP}\d){{4}}{_SEP}(?:\d{_SEP}\d|2{_SEP}[AB])(?:{_SEP}\d){{6}}"
                    rf"(?:(?:{_SEP}\d){{2}})?(?![\w])", re.IGNORECASE)
# a French number: 0 or +33 / 0033 / 33 (with "(0)" or not), then nine digits, any separator between digits;
# a capital or small "o" for the leading zero
FR_PHONE_RE = re.compile(
    rf"(?<![\d+])(?:(?:\+|00|plus\s*)\s*33{_SEP}(?:\(\s*0\s*\){_SEP})?|(?<![\w])33{_SEP}|(?:0|(?<![^\W\d_])o){_SEP})"
    rf"(?P<number>[1-9](?:{_SEP}\d){{8}})(?!\d)", re.IGNORECASE)
# what phonenumbers may take for a phone number: "+" and four digits or more, or seven digits or more
_LONG_NUMBER = re.compile(r"\+\s*\d(?:[\s./()-]{0,3}\d){3}|\d(?:[\s./()-]{0,3}\d){6}")
# a mobile number without its zero, grouped as usual with one separator: "6 12 34 56 78", "7.81.22.33.44"
MOBILE_WITHOUT_ZERO_RE = re.compile(
    r"(?<![\w+.-])[67](?P<separator>\s*[ ./-]\s*)\d\d(?:(?P=separator)\d\d){3}(?![\w-])")
# the nine digits after the zero in pairs, whatever between the pairs: "6.12-34/5678"
_PAIRS = re.compile(r"\d(?:\d\d)*(?:\D+(?:\d\d)+)*")
_NINE_DIGITS = re.compile(r"\d(?:[^\w]*[\dAB]){8}", re.IGNORECASE)  # what a phone number or a NIR needs at least
_DATE = re.compile(r"\d{1,2}\s*([./-])\s*\d{1,2}\s*\1\s*(?:19|20)\d\d(?!\d)")  # 01/02/2023 10 is not a phone


@lru_cache(maxsize=1)
def _own_numbers() -> frozenset[str]:
    """The phone numbers the assistant gives out itself, as E.164 ("+33975187691")."""
    return frozenset(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
                     for text in contact_values() for match in phonenumbers.PhoneNumberMatcher(text, "FR"))


def _one_kind_of_separator(digits: str) -> bool:
    """Whether the separators between these digits are of one kind, spaces aside ("06-12 34 56 78" but not
    "0.844 / 0.948 / 0.816", a list of decimals)."""
    return len({s.strip() for s in re.findall(r"[^\w]+", digits)} - {""}) <= 1


def _matches(pattern: re.Pattern, text: str, accept: Callable[[re.Match], bool]) -> list[re.Match]:
    """The pattern's matches that `accept` accepts; after a refused one, the search goes on from its second
    character (a refused match must not hide the one that starts inside it)."""
    found, position = [], 0
    while match := pattern.search(text, position):
        if accept(match):
            found.append(match)
            position = match.end()
        else:
            position = match.start() + 1
    return found


def nirs(view: TextView) -> list[Span]:
    if not _NINE_DIGITS.search(view.text):
        return []
    matches = _matches(NIR_RE, view.text, lambda m: _one_kind_of_separator(m.group(0)))
    return view.source_spans([m.span() for m in matches], NIR)


def french_phones(view: TextView) -> list[Span]:
    if not _NINE_DIGITS.search(view.text):
        return []
    own = _own_numbers()
    found = []
    # not a date ("01/02/2023 10 h") nor a list of decimals ("0.844 / 0.948 / 0.816"): separators of one
    # kind, or mixed between pairs of digits ("06.12-34/56 78")
    for match in _matches(FR_PHONE_RE, view.text, lambda m: not _DATE.match(m.group(0)) and (
            _one_kind_of_separator(m.group("number")) or _PAIRS.fullmatch(m.group("number")))):
        if "+33" + re.sub(r"\D", "", match.group("number")) not in own:
            found.append(match.span())
    return view.source_spans(found, PHONE)


def mobiles_without_zero(view: TextView) -> list[Span]:
    own = _own_numbers()
    return view.source_spans([m.span() for m in MOBILE_WITHOUT_ZERO_RE.finditer(view.text)
                              if "+33" + re.sub(r"\D", "", m.group(0)) not in own], PHONE)


def phones(view: TextView) -> list[Span]:
    """What phonenumbers finds as a valid phone number, region FR (other countries' numbers with their "+" too)."""
    if not _LONG_NUMBER.search(view.text):
        return []  # nothing phonenumbers could take for a phone number (it costs a millisecond or two)
    own = _own_numbers()
    found = []
    for match in phonenumbers.PhoneNumberMatcher(view.text, "FR", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) not in own:
            found.append((match.start, match.end))
    return view.source_spans(found, PHONE)
