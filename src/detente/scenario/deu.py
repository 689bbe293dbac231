"""Decisions with known outcomes: the DEU table layout ("Decision-making in the European Union") and its reader.

The DEU data (Thomson, Stokman, Achen & König (eds.), *The European Union Decides*, 2006; Thomson et al. 2012;
Arregui & Perarnaud, *JEPP* 29(1), 2022, deposit doi:10.34810/data53) has one row per contested issue: the
positions ``p<actor>`` (0-100) and saliences ``s<actor>`` (0-100) of the Commission (``com``), the European
Parliament (``ep``) and the member states, the outcome ``out``, the reference point ``rp`` (the status quo, where
known), the procedure ``proc`` (COD co-decision, CNS consultation), the proposal ``prnr`` and issue ``isnr``, and
the date of the proposal ``intro``. Rows without an issue id (a replication repository's GDP row) are skipped.

Reading rules (the same as the published replications): a missing salience beside a stated position is 50; an
actor with no position or with salience 0 takes no part in the issue (it still counts for the institutions'
capability below). The year is the last two digits of ``intro`` (dd-mm-yy; a date ending in a four-digit year
gives that year); the wave is DEU-I up to 2001, DEU-II up to 2010, DEU-III after.

Capabilities (``capability=``):

* ``"council"`` (default): the member states' votes in the Council under the rules in force in the proposal's year:
  the weighted votes of the Amsterdam treaty up to 2002 and of the Nice treaty 2003-2013, and, from 2014 (the
  Lisbon double majority), the population in millions. The Commission holds the weight of the largest member state
  stating a position on the issue; the Parliament likewise under co-decision and 0 under consultation.
* ``"equal"``: every actor 1.
* a mapping ``{actor: capability}`` (a user table): actors missing from it take no part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from detente.errors import ScenarioError

AMSTERDAM = {"de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5, "at": 4, "se": 4,
             "dk": 3, "ie": 3, "fi": 3, "lu": 2}  # fmt: skip
NICE = {"de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12, "cz": 12,
        "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7,
        "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3}  # fmt: skip
POPULATION = {"de": 82.2, "fr": 66.8, "uk": 65.4, "it": 60.7, "es": 46.4, "pl": 38.0, "ro": 19.8, "nl": 17.0,
              "be": 11.3, "el": 10.8, "cz": 10.6, "pt": 10.3, "se": 9.9, "hu": 9.8, "at": 8.7, "bu": 7.2,
              "dk": 5.7, "fi": 5.5, "sk": 5.4, "ie": 4.7, "cr": 4.2, "lt": 2.9, "si": 2.1, "lv": 2.0, "ee": 1.3,
              "cy": 0.85, "lu": 0.58, "mt": 0.43}  # fmt: skip
INSTITUTIONS = ("com", "ep")
MISSING_SALIENCE = 50.0


@dataclass(frozen=True)
class DecisionTable:
    """Decisions with known outcomes, tidy: ``issues`` one row per issue (``issue``, ``proposal``, ``proc``,
    ``wave``, ``year``, ``outcome``, ``rp`` (status quo, NaN where unknown), ``proposer`` (the proposer's position,
    NaN where none), ``low``, ``high``), ``actors`` one row per issue and taking part actor (``issue``, ``actor``,
    ``position``, ``salience`` on 0-1, ``capability``)."""

    issues: pd.DataFrame
    actors: pd.DataFrame
    source: str = ""
    capability_rule: str = "council"


def council_weights(year: int) -> Mapping[str, float]:
    """The member states' Council weights in ``year`` (see the module docstring)."""
    if year <= 2002:
        return AMSTERDAM
    return NICE if year <= 2013 else POPULATION


def _year(intro: object) -> int:
    text = str(intro).strip()
    if text[-4:].isdigit() and text[-5:-4] in ("-", "/", "."):
        return int(text[-4:])
    digits = text[-2:]
    if not digits.isdigit():
        raise ScenarioError(f"cannot read a year from intro {text!r}", where="DEU table",
                            fix="give dates ending in a two- or four-digit year")  # fmt: skip
    yy = int(digits)
    return 2000 + yy if yy < 50 else 1900 + yy


def _wave(year: int) -> str:
    return "DEU-I" if year <= 2001 else "DEU-II" if year <= 2010 else "DEU-III"


def _capabilities(long: pd.DataFrame, issues: pd.DataFrame, rule: str | Mapping[str, float]) -> pd.Series:
    if isinstance(rule, Mapping):
        return long["actor"].map(lambda a: float(rule.get(a, 0.0)))
    if rule == "equal":
        return pd.Series(1.0, index=long.index)
    if rule != "council":
        raise ScenarioError(f"unknown capability rule {rule!r}", fix="use council, equal or a table of capabilities")
    year = long["issue"].map(issues.set_index("issue")["year"])
    states = np.array([float(council_weights(int(y)).get(a, np.nan)) for a, y in zip(long["actor"], year, strict=True)])
    caps = pd.Series(states, index=long.index)
    largest = caps.groupby(long["issue"]).transform("max")
    procedure = long["issue"].map(issues.set_index("issue")["proc"])
    caps = caps.where(long["actor"] != "com", largest)
    caps = caps.where(long["actor"] != "ep", np.where(procedure == "COD", largest, 0.0))
    unknown = caps.isna()
    if unknown.any():
        names = ", ".join(sorted(set(long.loc[unknown, "actor"])))
        raise ScenarioError(f"no Council weight for actor(s) {names}", fix="give a capability table")
    return caps


def parse_deu(frame: pd.DataFrame, *, capability: str | Mapping[str, float] = "council",
              source: str = "") -> DecisionTable:  # fmt: skip
    """A DEU-layout frame (one row per issue) as a :class:`DecisionTable`."""
    missing = {"isnr", "out"} - set(frame.columns)
    if missing:
        raise ScenarioError(
            f"not a DEU table: no column {', '.join(sorted(missing))}",
            where=source or None,
            fix="give the DEU layout: isnr, prnr, proc, intro, rp, out, p<actor>, s<actor>",
        )
    rows = frame[frame["isnr"].notna()].copy()
    actors = [c[1:] for c in rows.columns if c.startswith("p") and c != "proc" and f"s{c[1:]}" in rows.columns]
    if not actors:
        raise ScenarioError("no actor columns p<actor>/s<actor>", where=source or None, fix="add them")

    def number(column: str) -> pd.Series:
        values = rows[column] if column in rows.columns else pd.Series(np.nan, index=rows.index)
        return pd.Series(pd.to_numeric(values, errors="coerce"), index=rows.index, dtype=np.float64)

    year = rows["intro"].map(_year) if "intro" in rows.columns else pd.Series(2000, index=rows.index)
    issues = pd.DataFrame({
        "issue": rows["isnr"].astype(str),
        "proposal": rows["prnr"].astype(str) if "prnr" in rows.columns else rows["isnr"].astype(str),
        "proc": rows["proc"].astype(str) if "proc" in rows.columns else "",
        "year": year.astype(int),
        "outcome": number("out"),
        "rp": number("rp"),
        "proposer": number("pcom"),
        "low": 0.0,
        "high": 100.0,
    })  # fmt: skip
    issues["wave"] = issues["year"].map(_wave)
    position = rows[[f"p{a}" for a in actors]].apply(pd.to_numeric, errors="coerce").to_numpy()
    salience = rows[[f"s{a}" for a in actors]].apply(pd.to_numeric, errors="coerce").to_numpy()
    salience = np.where(np.isnan(salience) & ~np.isnan(position), MISSING_SALIENCE, salience)
    take = ~np.isnan(position)
    b, a = np.nonzero(take)
    long = pd.DataFrame({
        "issue": issues["issue"].to_numpy()[b],
        "actor": np.asarray(actors)[a],
        "position": position[b, a],
        "salience": salience[b, a] / 100.0,
    })  # fmt: skip
    long["capability"] = _capabilities(long, issues, capability).to_numpy()
    long = long[(long["capability"] > 0) & (long["salience"] > 0)].reset_index(drop=True)
    issues = issues[issues["outcome"].notna() & issues["issue"].isin(long["issue"])].reset_index(drop=True)
    long = long[long["issue"].isin(issues["issue"])].reset_index(drop=True)
    rule = capability if isinstance(capability, str) else "table"
    return DecisionTable(issues=issues, actors=long, source=source, capability_rule=rule)


def read_deu(path: Path | str, *, capability: str | Mapping[str, float] = "council") -> DecisionTable:
    """Read a DEU-layout table (tab- or comma-separated; issues without an outcome are left out)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ScenarioError(f"cannot read {path}: {err.strerror}", fix="give the path of a DEU table") from err
    sep = "\t" if text.split("\n", 1)[0].count("\t") else ","
    frame = pd.read_csv(path, sep=sep, dtype={"intro": str, "isnr": str, "prnr": str}, low_memory=False)
    return parse_deu(frame, capability=capability, source=str(path))


def read_capability_table(path: Path | str) -> dict[str, float]:
    """A user capability table: CSV with columns ``actor,capability``."""
    frame = pd.read_csv(path)
    if not {"actor", "capability"} <= set(frame.columns):
        raise ScenarioError(f"{path}: a capability table needs columns actor,capability", fix="add them")
    return {str(a): float(c) for a, c in zip(frame["actor"], frame["capability"], strict=True)}
