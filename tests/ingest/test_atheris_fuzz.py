"""A short coverage-guided fuzzing run (atheris) of the ingest readers, the scenario parsers and the feed parser,
from seeds made of the example corpus: no input may raise anything but the parsers' own errors. Longer runs:
`make fuzz`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_fuzzers_find_no_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed (pip install 'detente[fuzz]')")
    result = subprocess.run([sys.executable, str(ROOT / "fuzz" / "run.py"), "--runs", "1500", "--keep", str(tmp_path)],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.stdout.strip(), result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("ingest", "scenario", "feed"):
        assert summary[name]["crashes"] == [], summary[name]
        assert summary[name]["exit"] == 0, summary[name]
    # the fuzzer ran and grew its corpus beyond the seeds: it explored, not only replayed
    assert len(list((tmp_path / "seeds-scenario").iterdir())) > 2
