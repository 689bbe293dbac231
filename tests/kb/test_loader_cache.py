"""The compiled gazetteer cache and the lazy place-name index give the same knowledge base as building it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from detente.kb import loader
from detente.kb.loader import KnowledgeBase, load_kb


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cached_places_equal_built_places(cache: Path) -> None:
    built = loader._build_gazetteer_places()
    first = loader._gazetteer_places()  # builds and writes the cache
    files = list(cache.glob("gazetteer-*.json"))
    assert len(files) == 1
    second = loader._gazetteer_places()  # reads it
    assert list(first) == list(built) == list(second)  # same ids in the same order
    assert first == built == second
    assert all(isinstance(p, loader.KBPlace) for p in second.values())
    assert len(second) > 30_000


def test_corrupt_cache_is_rebuilt(cache: Path) -> None:
    loader._gazetteer_places()
    (path,) = cache.glob("gazetteer-*.json")
    for broken in ('{"geonames:1": [1, 2', '[["geonames:1", "x", null, 1.0, 2.0, 3]]', '{"country:SYR": "Syria"}'):
        path.write_text(broken, encoding="utf-8")
        places = loader._gazetteer_places()
        assert places == loader._build_gazetteer_places()
        assert path.read_text(encoding="utf-8").startswith('{"country:')  # written again
    assert loader._gazetteer_places() == places


def test_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(blocker / "cache"))
    assert "country:SYR" in loader._gazetteer_places()


def test_cache_dir_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert loader.cache_dir() == tmp_path / "detente"


def test_name_index_is_built_on_first_use() -> None:
    fresh = loader._builtin.__wrapped__()  # not the process's shared one, which extraction may have indexed
    assert fresh._place_names is None  # listings never pay for the index
    assert fresh.place_names["damascus"]
    kb = load_kb(texts=[("lazy.yaml", "places:\n  - {id: 'x:aleppo', name: Aleppo, lat: 36.2, lon: 37.1}\n")])
    ids = kb.place_names["aleppo"]
    assert ids[0] == "x:aleppo"  # an extension's place comes before the gazetteer's of the same name
    assert any(i.startswith("geonames:") for i in ids)
    assert kb.place_names["damascus"]  # the gazetteer's names are there


def test_names_added_after_the_index_is_built_come_first() -> None:
    kb = KnowledgeBase()
    kb._place_names = None
    kb.add_place_name("Aleppo", "x:one")
    assert kb.place_names["aleppo"][0] == "x:one"
    kb.add_place_name("Aleppo", "x:two")
    assert kb.place_names["aleppo"][:2] == ["x:two", "x:one"]


def test_plain_knowledge_base_has_no_gazetteer() -> None:
    kb = KnowledgeBase()
    kb.add_place_name("Somewhere", "x:1")
    assert dict(kb.place_names) == {"somewhere": ["x:1"]}


@pytest.mark.parametrize("name", ["states.yaml", "actors.yaml", "centroids.yaml", "places.yaml", "plover.yaml"])
def test_fast_yaml_loader_reads_the_same_data(name: str) -> None:
    text = resources.files("detente.kb").joinpath(name).read_text(encoding="utf-8")
    assert loader._read(text, name) == yaml.safe_load(text)


def test_place_table_makes_places_on_lookup_and_keeps_the_order(cache: Path) -> None:
    built = loader._build_gazetteer_places()
    loader._gazetteer_places()
    table = loader._gazetteer_places()  # from the cache: rows pending
    assert dict.__len__(table) == 0
    syria = table["country:SYR"]
    assert syria == built["country:SYR"] and "geonames:170654" in table and table.get("nowhere") is None
    assert dict.__len__(table) == 1  # only what was looked up was made
    table["country:SYR"] = loader.KBPlace("country:SYR", "Syria", "SYR", 35.0, 38.0)  # a centroid replaces it
    table["x:own"] = loader.KBPlace("x:own", "Own", None, 1.0, 2.0)
    expected = dict(built)
    expected["country:SYR"] = table["country:SYR"]
    expected["x:own"] = table["x:own"]
    assert list(table.items()) == list(expected.items())  # the gazetteer's order, the override in its place
    assert len(table) == len(expected)


def test_place_table_copies_keep_pending_rows(cache: Path) -> None:
    import copy

    loader._gazetteer_places()
    table = loader._gazetteer_places()
    table["x:own"] = loader.KBPlace("x:own", "Own", None, 1.0, 2.0)
    twin = copy.deepcopy(table)
    assert isinstance(twin, loader.PlaceTable) and dict.__len__(twin) == 1
    assert twin == table and list(twin) == list(table)
