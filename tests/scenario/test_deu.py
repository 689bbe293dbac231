"""The DEU table reader on a tiny hand-made table (and on the real one when ../shared is there)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.errors import ScenarioError
from detente.scenario.deu import council_weights, read_deu

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "deu"

# the DEU layout: a GDP-like row without an issue id (skipped), two decided issues and one without an outcome
TINY = """prnr\tisnr\tproc\tintro\tpcom\tpep\tpde\tpfr\tplu\tscom\tsep\tsde\tsfr\tslu\trp\tout
\t\t\t\t4.1\t4.1\t4.1\t2.8\t0.1\t\t\t\t\t\t\t
p1\tp1i1\tCOD\t01-01-99\t100\t0\t0\t100\t40\t50\t50\t100\t\t0\t0\t60
p2\tp2i1\tCNS\t01-03-05\t0\t100\t100\t0\t100\t100\t100\t50\t50\t100\t\t0
p3\tp3i1\tCOD\t15-12-2015\t0\t100\t100\t0\t100\t100\t100\t50\t50\t100\t\t
"""


def write_tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.tsv"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_reader_applies_the_documented_rules(tmp_path: Path) -> None:
    table = read_deu(write_tiny(tmp_path))
    assert list(table.issues["issue"]) == ["p1i1", "p2i1"]  # no id: skipped; no outcome: left out
    assert list(table.issues["year"]) == [1999, 2005]
    assert list(table.issues["wave"]) == ["DEU-I", "DEU-II"]
    first = table.actors[table.actors["issue"] == "p1i1"].set_index("actor")
    assert "lu" not in first.index  # salience 0: no part in the issue
    assert first.loc["fr", "salience"] == 0.5  # missing salience beside a position: 50
    assert first.loc["de", "capability"] == 10  # Amsterdam votes in 1999
    assert first.loc["com", "capability"] == 10 and first.loc["ep", "capability"] == 10  # largest state; COD
    second = table.actors[table.actors["issue"] == "p2i1"].set_index("actor")
    assert "ep" not in second.index  # consultation: the Parliament has no capability
    assert second.loc["lu", "capability"] == 4 and second.loc["com", "capability"] == 29  # Nice votes
    assert np.isnan(table.issues["rp"].iloc[1])


def test_capability_rules(tmp_path: Path) -> None:
    equal = read_deu(write_tiny(tmp_path), capability="equal")
    assert set(equal.actors["capability"]) == {1.0}
    user = read_deu(write_tiny(tmp_path), capability={"de": 3.0, "fr": 1.0})
    assert set(user.actors["actor"]) == {"de", "fr"}
    assert council_weights(2016)["de"] == pytest.approx(82.2)
    with pytest.raises(ScenarioError, match="capability rule"):
        read_deu(write_tiny(tmp_path), capability="gdp")


def test_not_a_deu_table(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a DEU table"):
        read_deu(path)


@pytest.mark.skipif(not (SHARED / "deu3_source.tsv").exists(), reason="needs ../shared/benchmarks/deu")
def test_real_table_matches_the_long_file() -> None:
    import pandas as pd

    table = read_deu(SHARED / "deu3_source.tsv")
    assert len(table.issues) == 353  # the issues with an outcome (README)
    long = pd.read_csv(SHARED / "deu3_long.csv")
    both = table.actors.merge(long, on=["issue", "actor"])
    assert len(both) == len(table.actors)
    np.testing.assert_allclose(both["capability"], both["cap_council"])
    np.testing.assert_allclose(both["salience_x"] * 100, both["salience_y"])
