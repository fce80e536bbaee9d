"""Street addresses where detectable: a number and a street word ("12 rue de la Paix", "3 bd Victor Hugo
69003 Lyon", with the postcode and the city); without a number when a name follows a street word that is
nothing else ("je travaille rue de la Paix", but not "je suis à la rue"); for words that are also
ordinary French ("place", "cours", "passage"…), only with a number and a name ("5 place bellecour", not
"il reste 1 place en formation"). The patterns and word lists read the normalised view (text_view.py):
no accents."""
from __future__ import annotations

import re

from .text_view import Span, TextView

ADDRESS = "[adresse masquée]"

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


def _address_spans(view: TextView, pattern: re.Pattern, numbered: bool) -> list[Span]:
    found = []
    for match in pattern.finditer(view.text):
        length = _name_length(match.group("type"), match.group("name"), numbered)
        if length is None:
            continue
        name_end = match.start("name") + length
        if name_end == match.end("name") and match.group("city"):
            name_end = match.end("city")  # the postcode and the city go with the address
        found.append((match.start(), name_end))
    return view.source_spans(found, ADDRESS)


def numbered_addresses(view: TextView) -> list[Span]:
    return _address_spans(view, ADDRESS_RE, numbered=True)


def addresses_without_number(view: TextView) -> list[Span]:
    return _address_spans(view, ADDRESS_WITHOUT_NUMBER_RE, numbered=False)

