"""The stages form layers: a stage imports only the stages below it (and itself), never one above.

Order, low to high (docs/architecture.md): errors and defaults, model, kb, ingest, store, extract, system,
scenario, bargain, draft, report, pipeline, web, cli. ``detente.pipeline`` (the main job's steps, the report among
them) sits just below the dashboard and the command line, which call it. Every import counts, also one made inside a function or under
``TYPE_CHECKING``: a lazy import is still a dependency. Read with ``ast`` from the source files, nothing imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"
LAYERS = ("errors", "defaults", "model", "kb", "ingest", "store", "extract", "system", "scenario", "bargain", "draft",
          "report", "pipeline", "web", "cli")  # fmt: skip
RANK = {name: rank for rank, name in enumerate(LAYERS)} | {"defaults": 0}  # errors and defaults: the ground floor
TOP = {"__main__": "cli"}  # src/detente/__main__.py runs the command line
# Known violations, to be removed; an entry that no longer happens fails the test, so the list only ever shrinks.
KNOWN: set[str] = set()


def stage_of(module: str) -> str | None:
    """The stage of a dotted module name under ``detente`` (None for the package itself)."""
    parts = module.split(".")
    if parts[0] != "detente" or len(parts) == 1:
        return None
    return TOP.get(parts[1], parts[1])


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module imported by the file, absolute, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            if target == "detente":  # from detente import system, ...
                found.extend((node.lineno, f"detente.{alias.name}") for alias in node.names)
    return found


def violations() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        own = stage_of(module_name(path))
        if own is None or own not in RANK:
            continue
        for line, target in imports(path):
            other = stage_of(target)
            if other in RANK and RANK[other] > RANK[own]:
                found.append(f"{path.relative_to(SRC.parent)}:{line}: {own} imports {target}")
    return found


def test_every_stage_has_a_place_in_the_order() -> None:
    stages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    stages |= {p.stem for p in SRC.glob("*.py") if not p.stem.startswith("__")}
    assert stages <= set(RANK), f"place {sorted(stages - set(RANK))} in LAYERS (and in docs/architecture.md)"


def _key(violation: str) -> str:
    path, _, rest = violation.partition(":")
    return f"{path}:{rest.partition(':')[2]}"


def test_no_stage_imports_a_stage_above_it() -> None:
    found = violations()
    new = [v for v in found if _key(v) not in KNOWN]
    assert not new, "imports of a stage above (order: " + " < ".join(LAYERS) + "):\n" + "\n".join(new)
    gone = KNOWN - {_key(v) for v in found}
    assert not gone, f"fixed, well done: remove {sorted(gone)} from KNOWN in tests/test_layers.py"


@pytest.mark.parametrize(
    ("own", "source", "bad"),
    [
        ("store", "from detente.system import ConflictSystem\n", True),
        ("store", "def f():\n    from detente.report import html\n", True),
        ("bargain", "from ..scenario import Scenario\n", False),
        ("scenario", "from detente import bargain\n", True),
        ("cli", "import detente.pipeline\n", False),
    ],
)
def test_the_check_sees_every_kind_of_import(tmp_path: Path, own: str, source: str, bad: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    root = tmp_path / "detente"
    (root / own).mkdir(parents=True)
    (root / own / "probe.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.SRC", root)
    assert bool(violations()) is bad
