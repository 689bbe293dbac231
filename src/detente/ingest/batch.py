"""Read a batch of paths into articles, accounting for every input; the store saves them.

:func:`read_paths` yields an :class:`~detente.model.Article` or a :class:`Rejected` for every input found under
the paths (one file, or one line of a JSONL file); it never writes anything. :class:`IngestReport` and
:class:`Outcome` are what a run made of them, filled by the store as it saves (``detente.store.articles``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from detente.ingest.readers import DEFAULT_MAX_BYTES, Rejected, read_input, supported_suffixes
from detente.model.article import Article

logger = logging.getLogger(__name__)

Status = Literal["ingested", "duplicate", "rejected"]
ProgressCallback = Callable[[int, int], None]
WORKSPACE_MARKERS = ("detente.sqlite", "workspace.json")  # detente's own output folders, never read as news


@dataclass(frozen=True)
class Outcome:
    """What became of one input (one file, or one line of a JSONL file)."""

    path: str
    line: int | None
    status: Status
    document_id: str | None = None
    title: str | None = None
    reason: str | None = None
    redated: bool = False  # a duplicate whose stored date was set from --date by this run

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass
class IngestReport:
    """Every input of a run with its outcome."""

    run_id: int
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def ingested(self) -> int:
        return self.count("ingested")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def redated(self) -> int:
        """Duplicates whose stored publication date this run set from ``--date``."""
        return sum(o.redated for o in self.outcomes)

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "rejected"]

    @property
    def usable(self) -> bool:
        """True when at least one input was an article (new or already known)."""
        return self.ingested + self.duplicates > 0


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejected]]:
    """The files to read under ``paths`` (folders walked recursively, hidden entries skipped), sorted.

    Files named explicitly are always read; inside folders only the types a reader reads are read and the
    others are rejected with a reason, so nothing is silently left out. Workspace folders found inside an input
    folder are skipped: they are detente's own output, not news.
    """
    files: list[Path] = []
    rejected: list[Rejected] = []
    suffixes = supported_suffixes()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            workspaces = {marker.parent for name in WORKSPACE_MARKERS for marker in path.rglob(name)}
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative) or not child.is_file():
                    continue
                if any(child.is_relative_to(ws) for ws in workspaces):
                    continue
                if child.suffix.lower() in suffixes:
                    files.append(child)
                else:
                    kinds = ", ".join(sorted(suffixes))
                    reason = f"unsupported file type {child.suffix or '(none)'}; read: {kinds}"
                    rejected.append(Rejected(str(child), None, reason))
        elif path.is_file():
            files.append(path)
        else:
            rejected.append(Rejected(str(path), None, "no such file or folder"))
    return files, rejected


def read_paths(
    paths: Sequence[str | Path],
    *,
    default_date: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Article | Rejected]:
    """Every article under ``paths``, or why an input gave none; ``on_progress(done, total)`` is called per file."""
    files, missing = discover(paths)
    yield from missing
    for done, file in enumerate(files, start=1):
        try:
            yield from read_input(file, default_date=default_date, max_bytes=max_bytes)
        except Exception as err:  # a reader's fault must not sink the batch: the input is rejected, and said why
            logger.exception("reading %s failed", file)
            yield Rejected(str(file), None, f"could not be read ({type(err).__name__}: {err}); the rest of the "
                           "batch went on. Please report this input to the detente developers")  # fmt: skip
        if on_progress is not None:
            on_progress(done, len(files))
