"""Issue templates and the capability table: detente's YAML files under ``kb/``, extended by the user's own."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from detente.errors import ScenarioError
from detente.scenario.model import Scale


@dataclass(frozen=True)
class Topic:
    """A cue: where an actor supporting what the phrase says stands (``value``); opposing it, 100 - value."""

    pattern: re.Pattern[str]
    value: float
    needs_verb: bool = False


@dataclass(frozen=True)
class EventRule:
    types: frozenset[str]
    value: float


@dataclass(frozen=True)
class IssueTemplate:
    id: str
    name: str
    description: str
    scale: Scale
    topics: tuple[Topic, ...]
    subject: tuple[str, ...] = ()
    subject_value: float | None = None
    events: tuple[EventRule, ...] = ()

    def on_scale(self, share: float) -> float:
        """A value given on 0-100 mapped onto the issue's own scale."""
        return self.scale.low + share / 100.0 * self.scale.width


@dataclass(frozen=True)
class Library:
    issues: dict[str, IssueTemplate]
    support: re.Pattern[str]
    oppose: re.Pattern[str]

    def select(self, ids: Iterable[str] | None) -> list[IssueTemplate]:
        if ids is None:
            return list(self.issues.values())
        chosen = []
        for key in ids:
            if key not in self.issues:
                raise ScenarioError(f"no issue template {key!r}", fix=f"use one of: {', '.join(self.issues)}")
            chosen.append(self.issues[key])
        return chosen


def _regex(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as err:
        raise ScenarioError(
            f"bad pattern {text!r} ({err})", where=where, fix="write a Python regular expression"
        ) from err


def _issue(key: str, raw: dict[str, Any], where: str) -> IssueTemplate:
    here = f"{where} issue {key!r}"
    try:
        topics = tuple(
            Topic(_regex(str(t["pattern"]), here), float(t["value"]), bool(t.get("needs_verb", False)))
            for t in raw.get("topics") or []
        )
        events = tuple(EventRule(frozenset(e["types"]), float(e["value"])) for e in raw.get("events") or [])
        return IssueTemplate(
            id=key,
            name=str(raw.get("name", key)),
            description=str(raw.get("description", "")),
            scale=Scale(**(raw.get("scale") or {})),
            topics=topics,
            subject=tuple(raw.get("subject") or ()),
            subject_value=float(raw["subject_value"]) if raw.get("subject_value") is not None else None,
            events=events,
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ScenarioError(f"invalid issue template ({err})", where=here,
                            fix="give name, scale, and topics with pattern and value") from err  # fmt: skip


def load_library(extra: Iterable[str | Path] = ()) -> Library:
    """The built-in issue templates plus the user's files (same format; an id given again replaces ours)."""
    sources = [("kb/issues.yaml", resources.files("detente.kb").joinpath("issues.yaml").read_text("utf-8"))]
    for path in extra:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except OSError as err:
            raise ScenarioError(f"cannot read issue templates ({err})", where=str(path), fix="check the path") from err
    issues: dict[str, IssueTemplate] = {}
    support = oppose = ""
    for where, text in sources:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as err:
            raise ScenarioError(f"invalid YAML ({err})", where=where, fix="check indentation and quoting") from err
        stance = data.get("stance") or {}
        support = "|".join(p for p in (support, stance.get("support", "")) if p)
        oppose = "|".join(p for p in (oppose, stance.get("oppose", "")) if p)
        for key, raw in (data.get("issues") or {}).items():
            issues[str(key)] = _issue(str(key), raw or {}, where)
    return Library(issues, _regex(rf"\b({support})\b", "stance"), _regex(rf"\b({oppose})\b", "stance"))


@dataclass(frozen=True)
class Capability:
    value: float
    source: str
    estimate: bool


CapabilityTable = tuple[dict[str, Capability], dict[str, float], dict[str, float], str]


def capability_table() -> CapabilityTable:
    """(states, defaults by actor kind, non-state overrides, source) from ``kb/capability.yaml``."""
    data = yaml.safe_load(resources.files("detente.kb").joinpath("capability.yaml").read_text("utf-8"))
    source = f"{data['source']} ({data['year']})"
    states = {
        key: Capability(float(v["value"]), source, bool(v.get("estimate", False))) for key, v in data["states"].items()
    }
    return states, dict(data["defaults"]), dict(data.get("overrides") or {}), source
