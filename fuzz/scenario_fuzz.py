"""Coverage-guided fuzzing (atheris, libFuzzer) of the scenario parsers (YAML, CSV, KTAB CSV): any text gives a
scenario or a ScenarioError; never another exception.

    .venv/bin/python fuzz/scenario_fuzz.py -atheris_runs=20000 [-max_len=4096] [corpus-dir]
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["detente"]):
    from detente.errors import ScenarioError
    from detente.scenario.io import parse_csv, parse_ktab_csv, parse_yaml

PARSERS = [parse_yaml, parse_csv, parse_ktab_csv]


def test_one_input(data: bytes) -> None:
    """The first byte picks the parser; the rest, as UTF-8 (bad bytes replaced), is the text."""
    parse = PARSERS[data[0] % len(PARSERS)] if data else parse_yaml
    text = data[1:].decode("utf-8", "replace")
    try:
        parse(text)
    except ScenarioError as err:
        assert str(err).strip(), "an error says what went wrong"


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
