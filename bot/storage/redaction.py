"""Personal data masked out of the visitor's text before it is stored.

    redact("écrivez-moi à jean.dupont@gmail.com")  ->  "écrivez-moi à [courriel masqué]"

What is masked: e-mail addresses, phone numbers (French numbers in any grouping, then whatever
phonenumbers finds, region FR), French social-security numbers (anything NIR-shaped, 13 or 15
digits, whatever the key: a typo in the key is still someone's number), IBANs (with their
checksum, whatever the separators) and street addresses where detectable ("12 rue de la Paix",
"3 bd Victor Hugo 69003 Lyon"; without a number when a name follows a street word that is
nothing else, "je travaille rue de la Paix", but not "je suis à la rue"; for words that are
also ordinary French, "place", "cours", "passage"…, only with a number and a name, "5 place
bellecour", not "il reste 1 place en formation").
Ordinary obfuscations are seen through: the text is searched in a normalised copy (Unicode
compatibility forms folded, as NFKC/NFKD do: full-width "＠", "０６"; accents and invisible
characters dropped; so the copy reads every form the review app's search text folds): e-mail
addresses written with spaces, words or brackets ("jean.dupont @ gmail.com", "jean point dupont
arobase gmail point com", "jean(at)gmail(dot)com", "jean [at] gmail [dot] com"), phone numbers
with any separator ("06/12/34/56/78") or in French words ("zéro six douze trente-quatre…", "zéro
six un deux…"; NIRs too), IBANs in small letters or grouped any way.
Only the personal data is replaced: the rest of the visitor's text is kept as written.
What is not: the assistant's own contact details, exactly as the fields of
knowledge/contacts.yml give them (phone numbers, e-mail addresses; never what a note or
comment mentions), which the bot gives out itself.
Only the visitor's events are redacted (bot/storage/private_tracker_store.py); NLU has
already run on the raw message, so understanding is unaffected.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
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

# All the patterns below read the normalised text (_View): ASCII digits, no accents, "'" for "’", "-" for dashes.

# e-mail addresses written loosely: "jean . dupont @ gmail . com", "jean point dupont arobase gmail point com",
# "jean(at)gmail(dot)com", "jean [at] gmail [dot] com", "jean dot dupont at gmail dot com"
_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_AT_WORDS = r"arobase|arrobase|arobas|arrobas|arobaze|at"
_DOT_WORDS = r"point|dot|pt"
_AT = (rf"(?P<at>\s*@\s*|\s*{_OPEN}\s*(?:{_AT_WORDS}|@|a)\s*{_CLOSE}\s*"
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
# written tight: any top-level domain, or none after a web mail provider ("jean@gmail")
EMAIL_RE = re.compile(rf"[\w.+%-]+@(?:[\w-]+(?:\.[\w-]+)+|(?:{_PROVIDERS})(?![\w-]))", re.IGNORECASE)
_LOOSE_REACH = 160  # characters an address written loosely may take on either side of its "@"
_LOOSE_HINT = re.compile(rf"@|(?<![\w])(?:{_AT_WORDS})(?![\w])|{_OPEN}\s*a\s*{_CLOSE}", re.IGNORECASE)

# sex (1-4, 7, 8), year, month, département (2A/2B in Corsica), commune, order, then the key or not;
# any one separator (space, dot, dash, slash) between digits. The key is not checked: a typo is still a NIR.
_NS = r"(?:\s*[./_-]\s*|\s+)?"
NIR_RE = re.compile(rf"(?<![\w])[1-478](?:{_NS}\d){{4}}{_NS}(?:\d{_NS}\d|2{_NS}[AB])(?:{_NS}\d){{6}}"
                    rf"(?:(?:{_NS}\d){{2}})?(?![\w])", re.IGNORECASE)
# country, check digits, then up to 30 letters or digits, any separators between them; the longest prefix
# that is a valid IBAN is masked
IBAN_RE = re.compile(r"(?<![\w])[A-Z]{2}[\s./_-]{0,3}\d[\s./_-]{0,3}\d(?:[\s./_-]{0,3}[A-Z0-9]){10,30}",
                     re.IGNORECASE)
# a French number: 0 or +33 / 0033 / 33 (with "(0)" or not), then nine digits, any separator between digits;
# a capital or small "o" for the leading zero
_PS = r"(?:\s*[./_-]\s*|\s+)?"
FR_PHONE_RE = re.compile(
    rf"(?<![\d+])(?:(?:\+|00|plus\s*)\s*33{_PS}(?:\(\s*0\s*\){_PS})?|(?<![\w])33{_PS}|(?:0|(?<![^\W\d_])o){_PS})"
    rf"(?P<number>[1-9](?:{_PS}\d){{8}})(?!\d)", re.IGNORECASE)
# what phonenumbers may take for a phone number: "+" and four digits or more, or seven digits or more
_LONG_NUMBER = re.compile(r"\+\s*\d(?:[\s./()-]{0,3}\d){3}|\d(?:[\s./()-]{0,3}\d){6}")
# a mobile number without its zero, grouped as usual with one separator: "6 12 34 56 78", "7.81.22.33.44"
MOBILE_WITHOUT_ZERO_RE = re.compile(
    r"(?<![\w+.-])[67](?P<separator>\s*[ ./-]\s*)\d\d(?:(?P=separator)\d\d){3}(?![\w-])")
# the nine digits after the zero in pairs, whatever between the pairs: "6.12-34/5678"
_PAIRS = re.compile(r"\d(?:\d\d)*(?:\D+(?:\d\d)+)*")
_NINE_DIGITS = re.compile(r"\d(?:[^\w]*[\dAB]){8}", re.IGNORECASE)  # what a phone number or a NIR needs at least
_DATE = re.compile(r"\d{1,2}\s*([./-])\s*\d{1,2}\s*\1\s*(?:19|20)\d\d(?!\d)")  # 01/02/2023 10 is not a phone

# French number words, for phone numbers (and NIRs) written in words
_UNITS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9}
_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
         "septante": 70, "huitante": 80, "octante": 80, "nonante": 90}
_HUNDREDS = {"cent", "cents"}
_NUMBER_WORD = "|".join(sorted(["zero", *_UNITS, *_TEENS, *_TENS, *_HUNDREDS], key=len, reverse=True))
# a run of number words; "et" only inside it ("vingt et un")
NUMBER_WORDS_RE = re.compile(
    rf"(?<![\w'])(?:{_NUMBER_WORD})(?:(?:[\s,.-]+et)?[\s,.-]+(?:{_NUMBER_WORD}))*(?![\w'])", re.IGNORECASE)

# street words that are nothing else in a visitor's sentence
STREET_TYPES = r"rue|avenue|av\.?|boulevard|bd|bld|blvd|impasse|imp\.|allee|faubourg|fbg|lieu-dit"
# the same, written in full: an address even without a number when a name follows ("rue de la Paix")
STREET_TYPES_IN_FULL = r"rue|avenue|boulevard|impasse|allee|faubourg|lieu-dit"
# street words that are also ordinary French ("1 place en formation", "3 cours en ligne"): an address
# only with a number, when a name follows
AMBIGUOUS_STREET_TYPES = (r"place|pl\.|chemin|ch\.|route|rte|quai|cours|square|passage|voie|residence|"
                          r"lotissement|lot\.|hameau|sentier|esplanade|cite|villa|parvis|rond-point|"
                          r"chaussee|montee|promenade")
# of those, the words a course, a place in a training or a way so often are that a small-letter word after
# them is not taken for a name ("3 cours python"): a capital or de/du/la… is needed ("5 cours Lafayette")
OFTEN_NOT_A_STREET = {"cours", "voie", "passage"}
PARTICLES = {"de", "du", "des", "d", "la", "le", "les", "l"}
# the keys of knowledge/contacts.yml that describe rather than give a contact
NOT_CONTACT_KEYS = {"note", "notes", "comment", "comments", "source", "verified_on"}
# words that end an address when the visitor goes on with their sentence (accents dropped, as in the view)
STOP_WORDS = {"a", "et", "je", "j", "jsuis", "mais", "pour", "dans", "avec", "depuis", "ou", "qui",
              "que", "car", "donc", "mon", "ma", "mes", "on", "nous", "il", "elle", "suis", "est", "c", "ca",
              "merci", "svp", "alors", "puis", "sinon", "en", "au", "aux", "chez", "si"}
# words that are not a street's name after a street word ("1 place en formation", "à la rue le soir",
# "la rue de mon enfance", "1 route longue"): function words and what ordinarily follows those words
COMMON_AFTER_STREET_WORD = STOP_WORDS | {
    "sur", "sous", "par", "vers", "sans", "entre", "contre", "pendant", "apres", "avant", "comme", "ni", "ne",
    "pas", "plus", "moins", "tres", "trop", "bien", "mal", "deja", "encore", "aussi", "seulement", "tout",
    "toute", "tous", "toutes", "meme", "autre", "autres", "chaque", "cette", "cet", "ce", "ces", "son", "sa",
    "ses", "ton", "ta", "tes", "notre", "votre", "nos", "vos", "leur", "leurs", "un", "une", "y", "tu", "vous",
    "ils", "elles", "me", "te", "se", "lui", "moi", "toi", "eux", "dont", "quand", "comment", "pourquoi",
    "maintenant", "aujourd'hui", "aujourd", "demain", "hier", "soir", "matin", "nuit", "jour", "jours",
    "semaine", "mois", "an", "ans", "annee", "heure", "heures", "week-end", "libre", "libres", "disponible",
    "disponibles", "restante", "restantes", "vacante", "vacantes", "vide", "assise", "debout", "gratuite",
    "gratuit", "payante", "payant", "longue", "long", "court", "courte", "difficile", "facile", "possible",
    "possibles", "different", "differente", "differents", "differentes", "particulier", "particuliers",
    "particuliere", "collectif", "collectifs", "individuel", "individuels", "magistral", "magistraux",
    "obligatoire", "obligatoires", "optionnel", "supplementaire", "supplementaires", "complementaire",
    "intensif", "intensifs", "accelere", "theorique", "theoriques", "pratique", "pratiques", "principale",
    "principal", "droite", "gauche", "parking", "stage", "stages", "formation", "travail", "emploi",
    "apprentissage", "alternance", "creche", "maths", "francais", "anglais", "langue", "langues", "soutien",
    "rattrapage", "code", "conduite", "relais", "garage", "fer", "secours", "reussite", "carriere", "vie",
    "bourse", "route", "rue", "ligne", "lignes", "distance", "presentiel", "visio", "pieton", "pietons",
    "pietonne", "voiture", "velo", "pied", "quartier", "passante", "calme", "bruyante", "ok", "temps", "nouveau",
    "suite", "fois", "moment", "facon", "maniere", "nuits", "annees", "dispo", "dispos", "universitaire",
    "secondaire", "nationale", "departementale", "rapide", "lente", "ouverte", "fermee", "dangereuse"}
NAME_WORD = re.compile(r"\s+(?P<word>[\w'.-]+)")
_CITY = r"(?P<city>,?\s+\d{5}(?:\s+[A-Z][\w'-]+(?:[\s-][A-Z][\w'-]+)*)?)?"
ADDRESS_RE = re.compile(
    rf"(?<![\w])\d{{1,4}}(?:\s*-\s*\d{{1,4}})?(?:\s?(?:bis|ter|quater|[abc]))?,?\s+"
    rf"(?P<type>{STREET_TYPES}|{AMBIGUOUS_STREET_TYPES})(?![\w])(?P<name>(?:\s+[\w'.-]+){{1,6}}){_CITY}",
    re.IGNORECASE)
ADDRESS_WITHOUT_NUMBER_RE = re.compile(
    rf"(?<![\w-])(?P<type>{STREET_TYPES_IN_FULL})(?![\w-])(?P<name>(?:\s+[\w'.-]+){{1,6}}){_CITY}", re.IGNORECASE)

# characters the view reads as another ("’" is an apostrophe, "·" a dot)
_FOLDED = {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "·": ".", "•": ".", "∙": ".", "・": ".", "‧": "."}


class _View:
    """A normalised copy of a text, each of its characters mapped to the span of the original text it
    comes from (starts[i], ends[i]): what the patterns search, so that what they find is replaced in
    the original and the rest of the visitor's text stays as written."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends

    def source(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]

    def replaced(self, changes: list[tuple[int, int, str]]) -> _View:
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
        return _View("".join(parts), starts, ends)

    def masked(self, spans: list[tuple[int, int, str]]) -> _View:
        """The view with these spans of the original (start, end, placeholder) replaced by their placeholder."""
        changes = []
        for start, end, placeholder in sorted(spans):
            first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
            if first < last:
                changes.append((first, last, placeholder))
        return self.replaced(changes)


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


def _view(text: str) -> _View:
    if text.isascii():
        return _View(text, list(range(len(text))), list(range(1, len(text) + 1)))
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
    return _View("".join(parts), starts, ends)


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


_TOKEN = re.compile(r"[a-z]+|,|\.", re.IGNORECASE)


def _numbers_in_digits(view: _View) -> _View:
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
    emails = {m.group(0).lower() for text in texts for m in re.finditer(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", text)}
    return frozenset(phones), frozenset(emails)


Span = tuple[int, int, str]  # in the original text: start, end, placeholder


def _spans(view: _View, matches, placeholder: str) -> list[Span]:
    return [(*view.source(start, end), placeholder) for start, end in matches if end > start]


def _loose_emails(view: _View) -> list[Span]:
    if not _LOOSE_HINT.search(view.text):
        return []
    _, own = _contact_strings()
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
            if match.group("provider") and (match.group("at_word") or "").lower() == "at":
                continue  # "look at free": a bare "at" needs a top-level domain
            compact = re.sub(_LOCAL_SEP, ".", match.group("local")) + "@" + re.sub(_DOT, ".", match.group("domain"))
            if compact.lower() not in own:
                found.append(match.span())
    return _spans(view, found, EMAIL)


def _emails(view: _View) -> list[Span]:
    if "@" not in view.text:
        return []
    _, own = _contact_strings()
    return _spans(view, [m.span() for m in EMAIL_RE.finditer(view.text) if m.group(0).lower() not in own], EMAIL)


@lru_cache(maxsize=1)
def _iban_lengths() -> dict[str, int]:
    """Each country's IBAN length, from python-stdnum's copy of the IBAN registry ("FR": 27)."""
    registry = Path(iban.__file__).with_name("iban.dat")
    lengths = {}
    for line in registry.read_text(encoding="utf-8").splitlines() if registry.exists() else []:
        if match := re.match(r'([A-Z]{2}) .*bban="([^"]+)"', line):
            lengths[match.group(1)] = 4 + sum(int(n) for n in re.findall(r"(\d+)!", match.group(2)))
    return lengths


def _ibans(view: _View) -> list[Span]:
    lengths = _iban_lengths()
    found = []
    for match in IBAN_RE.finditer(view.text):
        candidate = match.group(0)
        ends = [m.end() for m in re.finditer(r"[A-Za-z0-9]", candidate)]
        # a greedy match may run into the next words: the prefix as long as the country's IBANs (or, the
        # registry unread, the longest prefix) whose checksum holds
        length = lengths.get(candidate[:2].upper())
        if lengths and (length is None or length > len(ends)):
            continue
        for end in [ends[length - 1]] if length else reversed(ends[14:]):
            if iban.is_valid(re.sub(r"[\s./_-]", "", candidate[:end])):
                found.append((match.start(), match.start() + end))
                break
    return _spans(view, found, IBAN)


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


def _nirs(view: _View) -> list[Span]:
    if not _NINE_DIGITS.search(view.text):
        return []
    matches = _matches(NIR_RE, view.text, lambda m: _one_kind_of_separator(m.group(0)))
    return _spans(view, [m.span() for m in matches], NIR)


def _french_phones(view: _View) -> list[Span]:
    if not _NINE_DIGITS.search(view.text):
        return []
    own, _ = _contact_strings()
    found = []
    # not a date ("01/02/2023 10 h") nor a list of decimals ("0.844 / 0.948 / 0.816"): separators of one
    # kind, or mixed between pairs of digits ("06.12-34/56 78")
    for match in _matches(FR_PHONE_RE, view.text, lambda m: not _DATE.match(m.group(0)) and (
            _one_kind_of_separator(m.group("number")) or _PAIRS.fullmatch(m.group("number")))):
        if "+33" + re.sub(r"\D", "", match.group("number")) not in own:
            found.append(match.span())
    return _spans(view, found, PHONE)


def _mobiles_without_zero(view: _View) -> list[Span]:
    own, _ = _contact_strings()
    return _spans(view, [m.span() for m in MOBILE_WITHOUT_ZERO_RE.finditer(view.text)
                         if "+33" + re.sub(r"\D", "", m.group(0)) not in own], PHONE)


def _in_digits(*detectors: Callable[[_View], list[Span]]) -> Callable[[_View], list[Span]]:
    """These detectors, one after the other, on the view with French number words written in digits
    (built once for all of them)."""
    def detect(view: _View) -> list[Span]:
        digits = _numbers_in_digits(view)
        found: list[Span] = []
        for detector in detectors:
            spans = detector(digits)
            if spans:
                found += spans
                digits = digits.masked(spans)
        return found

    detect.__name__ = "_in_digits_" + "_".join(d.__name__.strip("_") for d in detectors)
    return detect


def _phones(view: _View) -> list[Span]:
    if not _LONG_NUMBER.search(view.text):
        return []  # nothing phonenumbers could take for a phone number (it costs a millisecond or two)
    own, _ = _contact_strings()
    found = []
    for match in phonenumbers.PhoneNumberMatcher(view.text, "FR", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) not in own:
            found.append((match.start, match.end))
    return _spans(view, found, PHONE)


def _bare(word: str) -> str:
    return word.strip(".-'").lower()


def _ambiguous_type(street_type: str) -> bool:
    return re.fullmatch(AMBIGUOUS_STREET_TYPES, street_type, re.IGNORECASE) is not None


def _name_length(street_type: str, name: str, numbered: bool) -> int | None:
    """How much of `name` (the words after a street word) is the street's name, or None when they are
    ordinary French ("1 place en formation", "à la rue le soir", "3 cours python")."""
    words = [(m.group("word"), m.end()) for m in NAME_WORD.finditer(name)]
    kind = _bare(street_type)
    # the first word that is not a particle (de, du, la, l'…), and whether particles came before it
    particle, first = False, None
    for word, _ in words[:4]:
        bare = _bare(word)
        if bare in PARTICLES:
            particle = True
            continue
        if re.match(r"[dl]'.", bare):
            particle, word = True, word.split("'", 1)[1]
        first = word
        break
    ambiguous = _ambiguous_type(kind)
    if first is None:  # particles only ("12 rue de la"): the words, after a number and a street word
        return words[-1][1] if numbered and not ambiguous else None
    if first[:1].isalpha():
        common = _bare(first) in COMMON_AFTER_STREET_WORD
        capital = first[:1].isupper()
        if not numbered and (common or not (particle or capital)):
            return None
        if numbered and ambiguous and (common or (kind in OFTEN_NOT_A_STREET and not (particle or capital))):
            return None
    elif not numbered or ambiguous:  # "à la rue le 15 mars", "il reste 1 place 2 fois"
        return None
    # the name ends at a word that goes on with the sentence: a stop word ("et", "à", "je"…), or once a
    # capitalised word was read, a small-letter word (particles before it included: "Paix le lundi")
    length, seen_capital = 0, False
    for index, (word, end) in enumerate(words):
        bare = _bare(word)
        if index and bare in STOP_WORDS:
            break
        if bare in PARTICLES:
            continue
        content = word.split("'", 1)[1] if re.match(r"[dl]'.", bare) else word
        if seen_capital and not content[:1].isupper() and not content[:1].isdigit():
            break
        seen_capital = seen_capital or content[:1].isupper()
        length = end
    return length or None


def _address_spans(view: _View, pattern: re.Pattern, numbered: bool) -> list[Span]:
    found = []
    for match in pattern.finditer(view.text):
        length = _name_length(match.group("type"), match.group("name"), numbered)
        if length is None:
            continue
        name_end = match.start("name") + length
        if name_end == match.end("name") and match.group("city"):
            name_end = match.end("city")  # the postcode and the city go with the address
        found.append((match.start(), name_end))
    return _spans(view, found, ADDRESS)


def _addresses(view: _View) -> list[Span]:
    return _address_spans(view, ADDRESS_RE, numbered=True)


def _addresses_without_number(view: _View) -> list[Span]:
    return _address_spans(view, ADDRESS_WITHOUT_NUMBER_RE, numbered=False)


# order matters: e-mails may hold digits, NIRs and IBANs would otherwise look like phone numbers; each
# detector reads the view with what the ones before found already replaced by placeholders
REDACTORS: tuple[Callable[[_View], list[Span]], ...] = (
    _loose_emails, _emails, _ibans, _in_digits(_nirs, _french_phones, _mobiles_without_zero), _phones,
    _addresses, _addresses_without_number)


_ID_PART = re.compile(r"(?:\+|00)?33[1-9]\d{8}|0[1-9]\d{8}|[12]\d{12}(?:\d{2})?")  # phone, NIR


def is_personal_identifier(identifier: str) -> bool:
    """Whether a conversation id is, or holds as one of its parts, a French phone number, a NIR or an
    IBAN ("0612345678", "06-12-34-56-78", "visiteur-0612345678", "FR76…"). Only whole parts count:
    "fuzz-1000037-12345678" or a UUID is an opaque id."""
    parts = re.split(r"[-_:.]", identifier)
    candidates = [identifier, re.sub(r"[-_:. ]", "", identifier), *parts]
    return any(_ID_PART.fullmatch(c) or (len(c) >= 15 and iban.is_valid(c)) for c in candidates if c)


def redact(text: str | None) -> str | None:
    """The text with the visitor's personal data replaced by placeholders, the rest as written."""
    if not text:
        return text
    view = _view(text)
    found: list[Span] = []
    for redactor in REDACTORS:
        spans = redactor(view)
        if not spans:
            continue
        view = view.masked(spans)
        # a later span may hold an earlier placeholder: the later one replaces it
        for start, end, placeholder in spans:
            for old in [old for old in found if old[0] < end and start < old[1]]:
                found.remove(old)
                start, end = min(start, old[0]), max(end, old[1])
            found.append((start, end, placeholder))
    for start, end, placeholder in sorted(found, reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text
