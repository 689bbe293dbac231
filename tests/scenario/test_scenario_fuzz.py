"""Property-based fuzzing of the scenario parsers: any text, and valid scenarios mangled line by line, give a
scenario or a ScenarioError naming what is wrong; never another exception, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError, ScenarioError
from detente.scenario import load
from detente.scenario.io import parse_csv, parse_ktab_csv, parse_yaml, to_ktab_csv, to_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016" / "scenario.yaml"
VALID_YAML = to_yaml(load(EXAMPLE))
VALID_KTAB = to_ktab_csv(load(EXAMPLE))
VALID_CSV = (
    "actor,capability,issue,position,salience\nUSA,100,leader,90,0.8\nRUS,60,leader,10,0.9\nTUR,20,leader,70,0.5\n"
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GARBAGE = st.sampled_from(["", "-1", "nan", "inf", "1e309", "null", "~", "[", "{a: 1", "'", "\x00", "ß", "0x10",
                           "- - -", "*anchor", "&a", "!!python/object:os.system", "1,2", ",", '"',
                           "9" * 400])  # fmt: skip


def mangle(text: str, data: st.DataObject) -> str:
    """Delete, duplicate or corrupt a few lines, or cut the text short."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        k = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "corrupt", "truncate", "replace_value"]))
        if action == "delete":
            del lines[k]
        elif action == "duplicate":
            lines.insert(k, lines[k])
        elif action == "corrupt":
            cut = data.draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:cut] + data.draw(GARBAGE) + lines[k][cut:]
        elif action == "truncate":
            lines = lines[:k]
        else:
            head, sep, _ = lines[k].partition(":") if ":" in lines[k] else lines[k].partition(",")
            lines[k] = head + sep + " " + data.draw(GARBAGE)
    return "\n".join(lines)


def parses_or_explains(parse: object, text: str) -> None:
    try:
        parse(text)  # type: ignore[operator]
    except ScenarioError as err:
        assert str(err).strip(), "an error says what went wrong"
    except DetenteError as err:  # pragma: no cover - reported with its type to show which parser leaked it
        pytest.fail(f"{type(err).__name__} instead of ScenarioError: {err}")


@FUZZ
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    for parse in (parse_yaml, parse_csv, parse_ktab_csv):
        parses_or_explains(parse, text)


@FUZZ
@given(st.data())
def test_mangled_yaml(data: st.DataObject) -> None:
    parses_or_explains(parse_yaml, mangle(VALID_YAML, data))


@FUZZ
@given(st.data())
def test_mangled_csv(data: st.DataObject) -> None:
    parses_or_explains(parse_csv, mangle(VALID_CSV, data))
    parses_or_explains(parse_ktab_csv, mangle(VALID_KTAB, data))


def test_unsafe_yaml_tags_are_refused() -> None:
    with pytest.raises(ScenarioError):
        parse_yaml("name: x\nissues: !!python/object/apply:os.system ['true']\n")
