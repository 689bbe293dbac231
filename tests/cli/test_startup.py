"""Start-up: each command imports only what it needs (bench/startup.py measures the seconds; this checks the cause,
which does not depend on how busy the machine is)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("spacy", "pandas", "numpy", "pyarrow", "networkx", "matplotlib", "plotly", "fastapi", "uvicorn", "dask",
         "trafilatura", "dateparser", "yaml", "rich.table", "rich.console", "detente.store", "detente.system",
         "detente.extract", "detente.bargain", "detente.report", "detente.draft")  # fmt: skip
PROBE = """
import json, sys
sys.argv = ["detente", *json.loads(sys.argv[1])]
from detente.cli.main import app
try:
    app()
except SystemExit:
    pass
print("\\nIMPORTED " + json.dumps(sorted(m for m in sys.modules if m in HEAVY or m.split(".")[0] in HEAVY)))
"""


def imported(*argv: str) -> set[str]:
    code = f"HEAVY = {HEAVY!r}\n" + PROBE
    done = subprocess.run([sys.executable, "-c", code, json.dumps(argv)], capture_output=True, text=True, check=True)
    line = done.stdout.rsplit("IMPORTED ", 1)[1]
    return set(json.loads(line))


def test_importing_the_command_line_loads_nothing_heavy() -> None:
    code = f"HEAVY = {HEAVY!r}\nimport sys\nimport detente.cli.main\n" \
           "print(sorted(m for m in sys.modules if m in HEAVY or m.split('.')[0] in HEAVY))"  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_loads_nothing_heavy() -> None:
    assert imported("--help") <= {"rich.console", "rich.table"}  # Typer draws the help with Rich


def test_forecast_loads_neither_spacy_nor_pandas(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("Actor,Capability,Position,Salience\nA,10,20,0.5\nB,20,80,0.7\n", encoding="utf-8")
    loaded = imported("forecast", str(tiny), "--model", "mean", "--json")
    assert "numpy" in loaded and "detente.bargain" in loaded  # the model itself
    assert not loaded & {"spacy", "pandas", "pyarrow", "yaml", "rich.table", "detente.store", "detente.system"}


@pytest.mark.parametrize("command", ["models", "docs"])
def test_light_commands_stay_light(command: str) -> None:
    loaded = imported(command, "--help")
    assert not loaded & {"spacy", "pandas", "numpy"}
