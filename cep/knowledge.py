"""Reads the reference data in knowledge/: answers, contacts, sources. No Rasa here.

Facts live in YAML with their source and verified_on date so that a counsellor can update
them without touching code; this module only loads them and checks they are complete.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str | None

    @property
    def short(self) -> str:
        """What a chat message shows: the site's name, or the title when there is no URL."""
        if self.url:
            return urlparse(self.url).netloc.removeprefix("www.")
        return self.title


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[Source, ...]
    verified_on: dt.date
    by_status: tuple[tuple[str, str], ...] = ()  # (employment_status, text) where the answer differs
    # (employment_status, sources) of `sources` that back only that status's text: not cited to others
    status_sources: tuple[tuple[str, tuple[Source, ...]], ...] = ()

    def text_for(self, employment_status: str | None) -> str:
        return dict(self.by_status).get(employment_status or "", self.text)

    def sources_for(self, employment_status: str | None) -> tuple[Source, ...]:
        """The sources to cite to this visitor: a public agents' decree is not cited to an employee."""
        specific = {source for _, own in self.status_sources for source in own}
        own = dict(self.status_sources).get(employment_status or "", ())
        return tuple(source for source in self.sources if source not in specific or source in own)


@dataclass(frozen=True)
class Operator:
    key: str
    name: str
    reach: str
    source: Source
    verified_on: dt.date
    url: str | None = None
    booking: str | None = None  # how this profile books its CEP with this operator
    next_step: str | None = None  # the same, as the summary's next step
    booking_by_branch: tuple[tuple[str, str], ...] = ()  # a public agent's route, by civil service
    next_step_by_branch: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class National:
    phone: str
    website: str
    website_url: str
    source: Source
    verified_on: dt.date


@cache
def read(name: str) -> dict:
    """A file of knowledge/ as YAML, read once: the one reader of these files (the typed views
    below, the region names of understanding/places.py, the redaction's own contacts)."""
    return yaml.safe_load((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def sources() -> dict[str, Source]:
    return {key: Source(key, raw["title"], raw.get("url")) for key, raw in read("sources.yml").items()}


@lru_cache(maxsize=1)
def answers() -> dict[str, Answer]:
    return {
        intent: Answer(" ".join(raw["text"].split()), tuple(sources()[s] for s in raw["sources"]),
                       raw["verified_on"],
                       tuple((status, " ".join(text.split())) for status, text in raw.get("by_status", {}).items()),
                       tuple((status, tuple(sources()[s] for s in keys))
                             for status, keys in raw.get("status_sources", {}).items()))
        for intent, raw in read("answers.yml").items()
    }


@lru_cache(maxsize=1)
def contacts() -> tuple[National, dict[str, Operator]]:
    raw = read("contacts.yml")
    n = raw["national"]
    national = National(n["phone"], n["website"], n["website_url"], sources()[n["source"]],
                        n["verified_on"])
    operators = {
        key: Operator(key, o["name"], " ".join(o["reach"].split()), sources()[o["source"]],
                      o["verified_on"], o.get("url"),
                      " ".join(o["booking"].split()) if o.get("booking") else None, o.get("next_step"),
                      tuple((k, " ".join(v.split())) for k, v in o.get("booking_by_branch", {}).items()),
                      tuple(o.get("next_step_by_branch", {}).items()))
        for key, o in raw["operators"].items()
    }
    return national, operators


def national() -> National:
    return contacts()[0]


def operator(key: str) -> Operator:
    return contacts()[1][key]


@dataclass(frozen=True)
class Scheme:
    key: str
    button: str
    name: str
    fits: str
    details: str
    not_for: dict[str, str]
    sources: tuple[Source, ...]
    verified_on: dt.date


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    return {
        key: Scheme(key, raw["button"], raw["name"], " ".join(raw.get("fits", "").split()), " ".join(raw["details"].split()),
                    raw.get("not_for", {}), tuple(sources()[s] for s in raw["sources"]), raw["verified_on"])
        for key, raw in read("schemes.yml").items()
    }


def dated_facts() -> list[tuple[str, dt.date]]:
    """Every dated fact the assistant can state: (where it is, verified_on)."""
    national, operators = contacts()
    facts = [("contacts.yml: national", national.verified_on)]
    facts += [(f"contacts.yml: {key}", o.verified_on) for key, o in operators.items()]
    facts += [(f"answers.yml: {key}", a.verified_on) for key, a in answers().items()]
    facts += [(f"schemes.yml: {key}", s.verified_on) for key, s in schemes().items()]
    facts.append(("regions.yml", read("regions.yml")["verified_on"]))
    return facts


def stale_facts(today: dt.date, max_age_days: int = 365) -> list[tuple[str, dt.date]]:
    return [(where, when) for where, when in dated_facts() if (today - when).days > max_age_days]
