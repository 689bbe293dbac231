"""Alerts when the picture moves: watch rules (YAML) checked against the conflict system and the stored forecasts.

A rules file holds a list ``rules``; each rule has a ``name`` and one kind of test:

* events: ``actors`` (a pair, either way round: one among the sources and the other among the targets),
  ``types`` (PLOVER types), ``score_at_most`` / ``score_at_least`` (intensity); any of them, all must hold;
* ``new_actor_mentions: N``: an actor named in more than N mentions;
* ``forecast_move: X``: a stored forecast of a scenario and model whose issue moved more than X points from the
  previous stored forecast of the same scenario (by name) and model (``model`` limits it to one);
* ``cell_evidence: PATH``: a drafted scenario (YAML; a relative path is read from the rules file's folder) whose
  cells, drafted again on its issues over the conflict system now, have another value or other evidence (sentences,
  by document and offsets); the analyst's own cells are theirs and never alert. An item names the cell, its new
  value and its new evidence, so a cell alerts once per change.

:func:`evaluate` is pure: it returns the alerts for the items not in ``seen``; the cells drafted again come in as
``cells`` (a rule's path -> the cells that changed, :class:`CellMove`), drafted by the caller
(:func:`detente.pipeline.check_alerts`, since drafting sits above this stage). :func:`check` reads the workspace,
evaluates, logs the new alerts (so each item alerts once) and posts them to a webhook when asked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from detente.errors import AlertRuleError
from detente.model import ConflictSystem, EventRecord
from detente.store.alerts import AlertRow, StoredForecast, alerted, forecast_history, record_alerts
from detente.store.workspace import Workspace

log = logging.getLogger(__name__)
RULES_NAME = "alerts.yaml"  # the rules kept in the workspace folder, used when no file is given


class Rule(BaseModel):
    """One watch rule (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    actors: tuple[str, str] | None = None
    types: tuple[str, ...] | None = None
    score_at_most: float | None = None
    score_at_least: float | None = None
    new_actor_mentions: int | None = Field(default=None, ge=0)
    forecast_move: float | None = Field(default=None, gt=0)
    model: str | None = None
    cell_evidence: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> Rule:
        event = any(v is not None for v in (self.actors, self.types, self.score_at_most, self.score_at_least))
        kinds = [event, self.new_actor_mentions is not None, self.forecast_move is not None,
                 self.cell_evidence is not None]  # fmt: skip
        if sum(kinds) != 1:
            raise ValueError("give exactly one test: event fields (actors, types, score_at_most, score_at_least),"
                             " new_actor_mentions, forecast_move or cell_evidence")  # fmt: skip
        if self.model is not None and self.forecast_move is None:
            raise ValueError("model goes with forecast_move only")
        return self

    def matches_event(self, event: EventRecord) -> bool:
        if self.types is not None and event.type not in self.types:
            return False
        if self.score_at_most is not None and event.score > self.score_at_most:
            return False
        if self.score_at_least is not None and event.score < self.score_at_least:
            return False
        if self.actors is not None:
            a, b = self.actors
            either = (a in event.source and b in event.target) or (b in event.source and a in event.target)
            if not either:
                return False
        return True


class CellMove(Protocol):
    """A drafted cell that changed (:class:`detente.draft.update.CellChange` is one)."""

    @property
    def actor(self) -> str: ...
    @property
    def issue(self) -> str | None: ...
    @property
    def field(self) -> str: ...
    @property
    def after(self) -> float | None: ...
    @property
    def evidence(self) -> tuple[str, ...]: ...
    @property
    def new_evidence(self) -> tuple[str, ...]: ...
    @property
    def new_documents(self) -> tuple[str, ...]: ...

    def describe(self) -> str: ...


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: tuple[Rule, ...]


def parse_rules(data: Any, where: str) -> tuple[Rule, ...]:
    """The rules in a parsed YAML document; an invalid one is one error naming the rule and the field."""
    try:
        return RuleSet.model_validate(data).rules
    except ValidationError as err:
        first = err.errors()[0]
        loc = list(first["loc"])
        rule = ""
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            items = data.get("rules") if isinstance(data, dict) else None
            named = items[loc[1]].get("name") if isinstance(items, list) and isinstance(items[loc[1]], dict) else None
            rule = f"rule {named or '#' + str(loc[1] + 1)}" + (f", field {loc[2]}" if len(loc) > 2 else "")
            rule += ": "
        raise AlertRuleError(f"{rule}{first['msg']}".replace("\n", " "), where=where,
                             fix="see docs/cli.md, `detente alerts check`, for the rule fields") from None  # fmt: skip


def load_rules(path: Path) -> tuple[Rule, ...]:
    """Read and validate a rules file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise AlertRuleError(f"cannot read the rules ({type(err).__name__})", where=str(path),
                             fix="give a readable YAML file with a list `rules`") from err  # fmt: skip
    return tuple(_beside(rule, path.parent) for rule in parse_rules(data, str(path)))


def _beside(rule: Rule, folder: Path) -> Rule:
    """The rule with its scenario's relative path read from the rules file's folder."""
    if rule.cell_evidence is None or Path(rule.cell_evidence).is_absolute():
        return rule
    return rule.model_copy(update={"cell_evidence": str(folder / rule.cell_evidence)})


def evaluate(rules: Sequence[Rule], system: ConflictSystem, forecasts: Sequence[StoredForecast],
             seen: AbstractSet[tuple[str, str]] = frozenset(), *,
             cells: Mapping[str, Sequence[CellMove]] | None = None) -> list[AlertRow]:  # fmt: skip
    """The alerts the rules raise over the system, the forecasts and the cells drafted again (by rule path), for
    items not in ``seen`` (rule, item)."""
    found: list[AlertRow] = []
    for rule in rules:
        if rule.new_actor_mentions is not None:
            found += _new_actors(rule, system)
        elif rule.forecast_move is not None:
            found += _forecast_moves(rule, forecasts)
        elif rule.cell_evidence is not None:
            found += _cell_moves(rule, (cells or {}).get(rule.cell_evidence, ()))
        else:
            found += _events(rule, system)
    return [a for a in found if (a.rule, a.item) not in seen]


def _cell_moves(rule: Rule, moves: Sequence[CellMove]) -> Iterable[AlertRow]:
    name = Path(rule.cell_evidence or "").name
    positions = {(m.actor, m.issue) for m in moves if m.field == "position"}
    for move in moves:
        if move.field == "salience" and (move.actor, move.issue) in positions:
            continue  # the same sentences moved the position: one alert for the cell
        value = "empty" if move.after is None else f"{move.after:g}"
        evidence = "|".join(move.evidence)
        item = f"cell:{rule.cell_evidence}:{move.actor}:{move.issue or '-'}:{move.field}:{value}:{evidence}"
        fresh = len(move.new_evidence)
        said = f"{fresh} new sentence{'s' if fresh != 1 else ''}" if fresh else "evidence changed"
        what = f"{name}: {move.describe()} ({said})"
        yield AlertRow(rule.name, item, what, move.new_documents[0] if move.new_documents else None,
                       move.new_evidence[0] if move.new_evidence else None)  # fmt: skip


def _events(rule: Rule, system: ConflictSystem) -> Iterable[AlertRow]:
    for e in system.events:
        if rule.matches_event(e):
            ev = e.evidence
            yield AlertRow(rule.name, f"{ev.document}:{ev.start}:{ev.end}:{e.type}",
                           f"{e.type} {','.join(e.source) or '?'} -> {','.join(e.target) or '?'} (score {e.score:g})",
                           ev.document, ev.sentence)  # fmt: skip


def _new_actors(rule: Rule, system: ConflictSystem) -> Iterable[AlertRow]:
    for actor in system.actors:
        if len(actor.mentions) > (rule.new_actor_mentions or 0):
            ev = actor.mentions[0].evidence
            yield AlertRow(rule.name, f"actor:{actor.id}", f"new actor {actor.name} ({len(actor.mentions)} mentions)",
                           ev.document, ev.sentence)  # fmt: skip


def _forecast_moves(rule: Rule, forecasts: Sequence[StoredForecast]) -> Iterable[AlertRow]:
    last: dict[tuple[str, str], StoredForecast] = {}
    for f in sorted(forecasts, key=lambda f: f.created_at):
        if rule.model is not None and f.model != rule.model:
            continue
        before = last.get((f.scenario, f.model))
        last[(f.scenario, f.model)] = f
        if before is None:
            continue
        old = {i.get("id"): i.get("forecast") for i in before.result.get("issues", [])}
        for issue in f.result.get("issues", []):
            was, now = old.get(issue.get("id")), issue.get("forecast")
            if (
                isinstance(was, int | float)
                and isinstance(now, int | float)
                and abs(now - was) > (rule.forecast_move or 0)
            ):
                yield AlertRow(rule.name, f"forecast:{f.scenario}:{f.model}:{issue['id']}:{f.created_at}",
                               f"{f.scenario} {f.model} {issue['id']}: {was:g} -> {now:g}")  # fmt: skip


def workspace_rules(workspace: Workspace) -> Path:
    """Where the workspace keeps its own rules (``alerts.yaml`` in its folder), whether written or not."""
    return Path(workspace.root) / RULES_NAME


def rules_path(workspace: Workspace, given: Path | None) -> Path:
    """The rules file: the one given, else ``alerts.yaml`` in the workspace folder."""
    path = given or workspace_rules(workspace)
    if not path.is_file():
        fix = f"give --rules FILE, or write the rules to {workspace_rules(workspace)}"
        raise AlertRuleError("no rules file", where=str(path), fix=fix)
    return path


def check(workspace: Workspace, rules: Sequence[Rule], *, system: ConflictSystem | None = None,
          cells: Mapping[str, Sequence[CellMove]] | None = None) -> list[AlertRow]:  # fmt: skip
    """Evaluate the rules over the workspace (``system``: its conflict system, already built; ``cells``: the cells
    drafted again for the ``cell_evidence`` rules, see :func:`detente.pipeline.check_alerts`) and log the new
    alerts; returns them."""
    from detente.system.assemble import conflict_system

    built = conflict_system(workspace) if system is None else system
    for rule in rules:
        if rule.cell_evidence is not None and rule.cell_evidence not in (cells or {}):
            log.warning("rule %s: no cells drafted again for %s; check it with detente.pipeline.check_alerts",
                        rule.name, rule.cell_evidence)  # fmt: skip
    found = evaluate(rules, built, forecast_history(workspace), alerted(workspace), cells=cells)
    return record_alerts(workspace, found)


def post_alerts(url: str, alerts: Sequence[AlertRow], *, timeout: float = 5.0) -> list[str]:
    """POST each alert as JSON to a webhook; returns the failures (one line each), never raises for them."""
    import dataclasses

    import httpx

    failures: list[str] = []
    with httpx.Client(timeout=timeout) as client:
        for alert in alerts:
            try:
                client.post(url, json=dataclasses.asdict(alert)).raise_for_status()
            except httpx.HTTPError as err:
                failures.append(f"webhook {url}: alert {alert.id} not delivered ({type(err).__name__}: {err})")
    return failures
