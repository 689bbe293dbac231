"""Reading and writing scenarios: our YAML format, the common CSV layout, and KTAB's CSV.

* YAML (``.yaml``/``.yml``), documented in ``docs/scenario.md``: issues with scales, actors with capability and
  per-issue positions and saliences, each a number or a mapping with uncertainty, confidence and evidence.
* Common CSV: ``Actor,Capability,Position,Salience`` (one issue; salience as a fraction or a percentage).
* KTAB CSV: a title line (name, description, actors, dimensions), a header ``Actor,Description,Power,...`` and
  one row an actor with a position and salience pair per dimension, both on 0-100.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from detente.errors import ScenarioError
from detente.scenario.model import ActorEntry, DraftScenario, Estimate, Issue, Scale, Scenario
from detente.scenario.validate import validate


def load(path: str | Path, *, scale: tuple[float, float] | None = None, strict: bool = False) -> Scenario:
    """Read and validate a scenario, choosing the reader by suffix and content.

    ``scale`` sets the issue scale for the common CSV layout, which does not state one (default: the range of the
    positions given). ``strict``: refuse a YAML with empty cells (by default an empty cell means that actor takes
    no part in that issue).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"cannot read the scenario ({err})", where=str(path), fix="check the path") from err
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_yaml(text, source=str(path), strict=strict)
    if suffix == ".csv":
        if is_ktab_csv(text):
            return parse_ktab_csv(text, source=str(path))
        return parse_csv(text, source=str(path), scale=scale)
    raise ScenarioError(
        f"unknown scenario format {suffix or '(no suffix)'}", where=str(path), fix="give a .yaml or .csv file"
    )


# -- YAML ------------------------------------------------------------------------------------------------------
def _estimate(raw: Any) -> Any:
    return {"value": raw} if isinstance(raw, (int, float)) and not isinstance(raw, bool) else raw


def _actor_lines(text: str) -> dict[str, int]:
    """Line numbers of the actor entries, for error messages."""
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "actors" and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    if isinstance(item, yaml.MappingNode):
                        for k, v in item.value:
                            if k.value == "id" and isinstance(v, yaml.ScalarNode):
                                lines[str(v.value)] = item.start_mark.line + 1
    return lines


DRAFT_ONLY = frozenset(
    {"version", "left_out", "warnings"}
)  # what a draft's YAML says for the analyst, not for the models


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, Mapping) and value.get("value") is None)


def _refuse_empty(raw_actors: list[Any], source: str, lines: Mapping[str, int]) -> None:
    """``strict``: an empty cell is an error, as a draft's gap the analyst has to fill."""
    empty = [
        (str(actor.get("id")), f"{field}.{key}")
        for actor in raw_actors if isinstance(actor, Mapping)
        for field in ("positions", "salience") if isinstance(actor.get(field), Mapping)
        for key, value in actor[field].items()
        if _empty(value)
    ]  # fmt: skip
    if empty:
        actor_id, field = empty[0]
        more = f" (and {len(empty) - 1} more empty cells)" if len(empty) > 1 else ""
        where = f"{source}:{lines[actor_id]}" if actor_id in lines else source
        raise ScenarioError(
            f"actor {actor_id!r} has no value for {field}{more}: the draft found no evidence for it",
            where=where,
            fix="fill in a value (with a note that it is your judgement) or drop the actor; "
            "`detente scenario explain` shows what evidence there is",
        )


def _sit_out(raw_actors: list[Any], raw_issues: list[Any]) -> tuple[list[Any], list[Any], list[str]]:
    """An empty cell (``value: null``, or no entry) means the actor takes no part in that issue: the cell is
    removed; an issue left with fewer than two participants, and an actor left in no issue, are left out. Returns
    the actors, the issues and notes that say what was read as "takes no part" or left out."""
    issue_ids = [str(i.get("id")) for i in raw_issues if isinstance(i, Mapping)]
    actors: list[Any] = []
    for actor in raw_actors:
        if isinstance(actor, Mapping):
            actor = dict(actor)
            for field in ("positions", "salience"):
                if isinstance(actor.get(field), Mapping):
                    actor[field] = {k: v for k, v in actor[field].items() if not _empty(v)}
        actors.append(actor)

    def takes_part(actor: Any, issue: str) -> bool:
        return not isinstance(actor, Mapping) or any(
            isinstance(actor.get(f), Mapping) and issue in actor[f] for f in ("positions", "salience"))  # fmt: skip

    notes: list[str] = []
    kept_issues = set(issue_ids)
    empty = [f"{a.get('id')}/{issue}" for issue in issue_ids for a in actors if not takes_part(a, issue)]
    if empty:
        shown = ", ".join(empty[:8]) + (f" and {len(empty) - 8} more" if len(empty) > 8 else "")
        cells = "1 empty cell" if len(empty) == 1 else f"{len(empty)} empty cells"
        notes.append(f"{cells} read as 'takes no part in that issue' ({shown}); "
                     "--strict refuses empty cells")  # fmt: skip
    for issue in issue_ids:
        part = [a for a in actors if takes_part(a, issue)]
        if len(part) < 2 and len(actors) >= 2:
            kept_issues.discard(issue)
            who = f"only {part[0].get('id')!r} takes" if part else "no actor takes"
            notes.append(f"issue {issue!r} left out: {who} part in it (its other cells are empty)")
    issues = [i for i in raw_issues if not isinstance(i, Mapping) or str(i.get("id")) in kept_issues]
    gone = set(issue_ids) - kept_issues
    kept_actors = []
    for actor in actors:
        if gone and isinstance(actor, Mapping):  # the lone participant's values on an issue left out
            actor = {**actor, **{f: {k: v for k, v in actor[f].items() if k not in gone}
                                 for f in ("positions", "salience") if isinstance(actor.get(f), Mapping)}}  # fmt: skip
        if kept_issues and isinstance(actor, Mapping) and not any(takes_part(actor, i) for i in kept_issues):
            notes.append(f"actor {actor.get('id')!r} left out: it takes part in no issue (its cells are empty)")
            continue
        kept_actors.append(actor)
    return kept_actors, issues, notes


def scenario_from_dict(data: Mapping[str, Any], *, source: str, lines: Mapping[str, int] | None = None,
                       strict: bool = False) -> Scenario:  # fmt: skip
    """Build and validate a scenario from the YAML structure (numbers may stand for ``{value: number}``).

    An empty cell (``value: null``, or no entry for an issue) means that actor takes no part in that issue; the
    scenario's ``notes`` say which. ``strict``: refuse empty cells, and ask for every actor on every issue.
    """
    lines = lines or {}
    if not isinstance(data, Mapping):
        raise ScenarioError("the scenario must be a mapping with 'issues' and 'actors'", where=source,
                            fix="see docs/scenario.md for the format")  # fmt: skip
    raw_actors = data.get("actors") or []
    raw_issues = data.get("issues") or []
    if not isinstance(raw_actors, list) or not isinstance(raw_issues, list):
        raise ScenarioError("'actors' and 'issues' must be lists", where=source, fix="see docs/scenario.md")
    notes: list[str] = []
    if strict:
        _refuse_empty(raw_actors, source, lines)
    else:
        raw_actors, raw_issues, notes = _sit_out(raw_actors, raw_issues)
        stated = data.get("notes") or []
        notes = [*(stated if isinstance(stated, list) else [stated]), *notes]
    actors = []
    for actor in raw_actors:
        if isinstance(actor, Mapping):
            actor = dict(actor)
            actor["capability"] = _estimate(actor.get("capability"))
            for field in ("positions", "salience"):
                values = actor.get(field) or {}
                actor[field] = {k: _estimate(v) for k, v in values.items()} if isinstance(values, Mapping) else values
        actors.append(actor)
    try:
        scenario = Scenario.model_validate(
            {
                k: v
                for k, v in {
                    **data,
                    "actors": actors,
                    "issues": raw_issues,
                    **({"notes": notes} if notes else {}),
                }.items()
                if k not in DRAFT_ONLY
            }
        )
    except ValidationError as err:
        first = err.errors()[0]
        loc = list(first["loc"])
        where = source
        if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int) and loc[1] < len(raw_actors):
            entry = raw_actors[loc[1]]
            actor_id = entry.get("id", f"#{loc[1] + 1}") if isinstance(entry, Mapping) else f"#{loc[1] + 1}"
            where += f":{lines[actor_id]}" if actor_id in lines else ""
            where += f" actor {actor_id!r}"
            loc = loc[2:]
        field = ".".join(str(p) for p in loc if p != "value")
        more = f" (and {len(err.errors()) - 1} more problems)" if len(err.errors()) > 1 else ""
        raise ScenarioError(
            f"{first['msg']}{more}", where=f"{where} field {field!r}" if field else where,
            fix="see docs/scenario.md for the format",
        ) from err  # fmt: skip
    return validate(scenario, source=source, lines=lines, complete=strict)


def parse_yaml(text: str, *, source: str = "<yaml>", strict: bool = False) -> Scenario:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise ScenarioError(f"invalid YAML ({getattr(err, 'problem', err)})", where=where,
                            fix="check indentation and quoting") from err  # fmt: skip
    return scenario_from_dict(data, source=source, lines=_actor_lines(text), strict=strict)


GAP = "no evidence in the articles: fill in a value (and say in a note it is your judgement) or drop the actor"


def _dump(data: Any) -> str:
    """YAML that writes shared objects (the same evidence under a position and its salience) in full, never as
    aliases: the analyst edits each value on its own."""
    import yaml  # here and in the other YAML functions: a CSV scenario starts the command line without it

    class PlainDumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(data, Dumper=PlainDumper, sort_keys=False, allow_unicode=True, width=110)


def _estimate_yaml(estimate: Estimate | None) -> Any:
    if estimate is None:
        return {"value": None, "note": GAP}
    dumped = estimate.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if "value" not in dumped:
        dumped["value"] = estimate.value
    if set(dumped) == {"value"}:
        return estimate.value
    if "evidence" in dumped:
        dumped["evidence"] = [dict(e) for e in dumped["evidence"]]
    return {"value": dumped.pop("value"), **dumped}


def _document(scenario: Scenario | DraftScenario) -> dict[str, Any]:
    data: dict[str, Any] = {"version": 1, "name": scenario.name}
    if scenario.description:
        data["description"] = scenario.description
    for key in ("as_of", "since"):
        if getattr(scenario, key) is not None:
            data[key] = getattr(scenario, key).isoformat()
    if scenario.capability_measure:
        data["capability_measure"] = scenario.capability_measure
    data["issues"] = [issue.model_dump(exclude_none=True) for issue in scenario.issues]
    data["actors"] = []
    for actor in scenario.actors:
        entry: dict[str, Any] = {"id": actor.id}
        if actor.name:
            entry["name"] = actor.name
        entry["capability"] = _estimate_yaml(actor.capability)
        entry["positions"] = {k: _estimate_yaml(v) for k, v in actor.positions.items()}
        entry["salience"] = {k: _estimate_yaml(v) for k, v in actor.salience.items()}
        if actor.notes:
            entry["notes"] = actor.notes
        data["actors"].append(entry)
    if isinstance(scenario, Scenario) and scenario.models:
        data["models"] = {name: dict(values) for name, values in scenario.models.items()}
    if isinstance(scenario, DraftScenario) and scenario.left_out:
        data["left_out"] = dict(scenario.left_out)
    if isinstance(scenario, DraftScenario) and scenario.warnings:
        data["warnings"] = list(scenario.warnings)
    return data


def to_yaml(scenario: Scenario | DraftScenario) -> str:
    """Our YAML form of a scenario or a draft (numbers alone where a value carries nothing else; an empty draft
    cell as ``value: null`` with a note saying what to do)."""
    return _dump(_document(scenario))


def save_yaml(scenario: Scenario | DraftScenario, path: str | Path) -> None:
    try:
        Path(path).write_text(to_yaml(scenario), encoding="utf-8")
    except OSError as err:
        raise ScenarioError(f"cannot write the scenario ({err.strerror or err})", where=str(path),
                            fix="check that the folder exists and that you may write there") from err  # fmt: skip


def _read_yaml(path: str | Path) -> tuple[Any, str]:
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"cannot read the scenario ({err})", where=str(path), fix="check the path") from err
    try:
        return yaml.safe_load(text), text
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ScenarioError(f"invalid YAML ({getattr(err, 'problem', err)})", where=where,
                            fix="check indentation and quoting") from err  # fmt: skip


def load_draft(path: str | Path) -> DraftScenario:
    """Read a scenario YAML whose cells may still be empty (a draft under review)."""
    data, _ = _read_yaml(path)
    if not isinstance(data, Mapping):
        raise ScenarioError("not a scenario (a mapping with issues and actors)", where=str(path),
                            fix="see docs/scenario.md for the format")  # fmt: skip

    def cell(raw: Any) -> Any:
        raw = _estimate(raw)
        return None if raw is None or (isinstance(raw, Mapping) and raw.get("value") is None) else raw

    actors = []
    for actor in data.get("actors") or []:
        if isinstance(actor, Mapping):
            actor = {**actor, "capability": _estimate(actor.get("capability"))}
            for field in ("positions", "salience"):
                actor[field] = {k: cell(v) for k, v in (actor.get(field) or {}).items()}
        actors.append(actor)
    try:
        return DraftScenario.model_validate({"name": data.get("name", "drafted scenario"),
                                             "description": data.get("description"), "as_of": data.get("as_of"),
                                             "since": data.get("since"), "left_out": data.get("left_out") or {},
                                             "capability_measure": data.get("capability_measure"),
                                             "warnings": data.get("warnings") or [],
                                             "issues": data.get("issues") or [], "actors": actors})  # fmt: skip
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ScenarioError(f"{first['msg']}", where=f"{path} field {field!r}",
                            fix="see docs/scenario.md for the format") from err  # fmt: skip


# -- common CSV ------------------------------------------------------------------------------------------------
def _number(text: str, *, where: str, field: str) -> float:
    try:
        return float(text.strip())
    except ValueError as err:
        raise ScenarioError(f"{field} {text.strip()!r} is not a number", where=where,
                            fix=f"write {field} as a plain number") from err  # fmt: skip


def _rows(text: str, source: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise ScenarioError(f"not a readable CSV ({err})", where=source,
                            fix="check the quoting and line ends of the file") from err  # fmt: skip


def _count(text: str, *, where: str, field: str) -> int:
    value = _number(text, where=where, field=field)
    if not (value >= 0 and value == int(value) and value <= 100_000):
        raise ScenarioError(f"{field} {text.strip()!r} is not a count", where=where,
                            fix=f"write {field} as a whole number")  # fmt: skip
    return int(value)


def parse_csv(text: str, *, source: str = "<csv>", scale: tuple[float, float] | None = None) -> Scenario:
    """The ``Actor,Capability,Position,Salience`` layout: one issue, salience as a fraction or a percentage."""
    rows = _rows(text, source)
    if not rows:
        raise ScenarioError("empty CSV", where=source, fix="write a header Actor,Capability,Position,Salience")
    header = [h.strip().lower() for h in rows[0]]
    needed = ["actor", "capability", "position", "salience"]
    missing = [h for h in needed if h not in header]
    if missing:
        raise ScenarioError(f"the header lacks {', '.join(missing)}", where=f"{source}:1",
                            fix="write a header Actor,Capability,Position,Salience")  # fmt: skip
    col = {h: header.index(h) for h in needed}
    records: list[tuple[int, str, float, float, float]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{source}:{number}"
        if len(row) < len(header):
            raise ScenarioError(f"{len(row)} columns where the header has {len(header)}", where=where,
                                fix="give every actor a capability, position and salience")  # fmt: skip
        name = row[col["actor"]].strip()
        cap, pos, sal = (_number(row[col[f]], where=f"{where} actor {name!r}", field=f) for f in needed[1:])
        records.append((number, name, cap, pos, sal))
    percent = any(r[4] > 1 for r in records)
    positions = [r[3] for r in records]
    low, high = scale if scale else (min(positions, default=0.0), max(positions, default=1.0))
    if not high > low:
        low, high = low - 0.5, high + 0.5  # every actor at one position: a valid scenario, the answer is that point
    actors = [
        {
            "id": name,
            "capability": cap,
            "positions": {"issue": pos},
            "salience": {"issue": sal / 100 if percent else sal},
        }
        for _, name, cap, pos, sal in records
    ]
    data = {
        "name": Path(source).stem,
        "issues": [{"id": "issue", "scale": {"low": low, "high": high}}],
        "actors": actors,
    }
    return scenario_from_dict(data, source=source, lines={r[1]: r[0] for r in records})


# -- KTAB CSV --------------------------------------------------------------------------------------------------
def is_ktab_csv(text: str) -> bool:
    lines = text.splitlines()
    return len(lines) >= 2 and lines[1].replace(" ", "").lower().startswith("actor,description,")


def parse_ktab_csv(text: str, *, source: str = "<ktab>") -> Scenario:
    """KTAB's scenario CSV: positions and saliences on 0-100 (saliences are divided by 100 here)."""
    rows = _rows(text, source)
    if len(rows) < 2:
        raise ScenarioError("a KTAB scenario needs a title line and a header line before the actors", where=source,
                            fix="see KTAB's CSV format")  # fmt: skip
    title = [c.strip() for c in rows[0]]
    header = [c.strip() for c in rows[1]]
    where = f"{source}:1"
    if len(title) < 4:
        raise ScenarioError("the first line must hold name, description, number of actors and of dimensions",
                            where=where, fix="see KTAB's CSV format")  # fmt: skip
    n_actors = _count(title[2], where=where, field="number of actors")
    n_dims = _count(title[3], where=where, field="number of dimensions")
    dim_names = [header[3 + 2 * k] if 3 + 2 * k < len(header) and header[3 + 2 * k] else f"dim{k + 1}"
                 for k in range(n_dims)]  # fmt: skip
    issue_ids = [f"d{k + 1}" for k in range(n_dims)]
    actors = []
    body = [(n, r) for n, r in enumerate(rows[2:], start=3) if any(c.strip() for c in r)]
    if len(body) != n_actors:
        raise ScenarioError(f"the first line announces {n_actors} actors but {len(body)} rows follow",
                            where=where, fix="correct the count on the first line")  # fmt: skip
    lines = {}
    for number, row in body:
        name = row[0].strip()
        at = f"{source}:{number} actor {name!r}"
        if len(row) < 3 + 2 * n_dims:
            raise ScenarioError(f"{len(row)} columns; {3 + 2 * n_dims} needed for {n_dims} dimensions", where=at,
                                fix="give a position and a salience for every dimension")  # fmt: skip
        cells = [_number(c, where=at, field=header[i] if i < len(header) else f"column {i + 1}")
                 for i, c in enumerate(row[2 : 3 + 2 * n_dims], start=2)]  # fmt: skip
        actors.append({
            "id": name, "name": row[1].strip() or None, "capability": cells[0],
            "positions": {issue_ids[k]: cells[1 + 2 * k] for k in range(n_dims)},
            "salience": {issue_ids[k]: cells[2 + 2 * k] / 100 for k in range(n_dims)},
        })  # fmt: skip
        lines[name] = number
    issues = [{"id": issue_ids[k], "name": dim_names[k], "scale": {"low": 0, "high": 100}} for k in range(n_dims)]
    data = {"name": title[0], "description": title[1] or None, "issues": issues, "actors": actors}
    return scenario_from_dict(data, source=source, lines=lines)


def to_ktab_csv(scenario: Scenario) -> str:
    """KTAB's CSV form; positions are mapped onto 0-100 from each issue's scale.

    Raises :class:`ScenarioError` when an actor takes no part in an issue: KTAB's table has a cell for every pair.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([scenario.name, scenario.description or "", len(scenario.actors), len(scenario.issues)])
    header = ["Actor", "Description", "Power"]
    for issue in scenario.issues:
        header += [issue.name or f"Pos {issue.id}", f"Sal {issue.id}"]
    writer.writerow(header)
    for actor in scenario.actors:
        row: list[Any] = [actor.id, actor.name or "", repr(actor.capability.value)]
        for issue in scenario.issues:
            if issue.id not in actor.positions or issue.id not in actor.salience:
                raise ScenarioError(
                    f"actor {actor.id!r} takes no part in issue {issue.id!r}, and KTAB's CSV cannot express that "
                    "(every actor has a position and a salience on every issue)",
                    where=f"scenario {scenario.name!r}",
                    fix=f"give {actor.id} a position and a salience on {issue.id} (salience 0 if it should not "
                    "count), drop the actor or the issue, or save the scenario as YAML or long CSV instead",
                )
            pos = (actor.positions[issue.id].value - issue.scale.low) / issue.scale.width * 100
            row += [repr(round(pos, 10)), repr(round(actor.salience[issue.id].value * 100, 10))]
        writer.writerow(row)
    return out.getvalue()


def make_issue(issue_id: str, low: float = 0.0, high: float = 100.0) -> Issue:
    return Issue(id=issue_id, scale=Scale(low=low, high=high))


def make_actor(actor_id: str, capability: float, positions: Mapping[str, float], salience: Mapping[str, float],
               *, name: str | None = None) -> ActorEntry:  # fmt: skip
    """An actor from plain numbers, for code and tests."""
    return ActorEntry(
        id=actor_id, name=name, capability=Estimate(value=capability),
        positions={k: Estimate(value=v) for k, v in positions.items()},
        salience={k: Estimate(value=v) for k, v in salience.items()},
    )  # fmt: skip
