"""Ingest a batch of paths into a workspace, accounting for every input.

Articles are written in batches, one transaction each: a run killed part-way leaves every committed batch in
place and nothing half-written, and running the same command again ingests what is missing and reports the rest
as duplicates (documents are keyed by the hash of their text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from detente.ingest.readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, Rejected, read_input
from detente.model.article import Article
from detente.store.workspace import DB_NAME, Workspace

logger = logging.getLogger(__name__)

Status = Literal["ingested", "duplicate", "rejected"]
ProgressCallback = Callable[[int, int], None]


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

    Files named explicitly are always read; inside folders only supported types are read and the others are
    rejected with a reason, so nothing is silently left out. Workspace folders (holding ``detente.sqlite``)
    found inside an input folder are skipped: they are detente's own output, not news.
    """
    files: list[Path] = []
    rejected: list[Rejected] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            workspaces = [db.parent for db in path.rglob(DB_NAME)]
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative) or not child.is_file():
                    continue
                if any(child.is_relative_to(ws) for ws in workspaces):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(child)
                else:
                    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                    rejected.append(
                        Rejected(
                            str(child),
                            None,
                            f"unsupported file type {child.suffix or '(none)'}; read: {kinds}",
                        )
                    )
        elif path.is_file():
            files.append(path)
        else:
            rejected.append(Rejected(str(path), None, "no such file or folder"))
    return files, rejected


def _chunks(items: Iterator[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    chunk: list[Article | Rejected] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_paths(
    workspace: Workspace,
    paths: Sequence[str | Path],
    *,
    default_date: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 50,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read every input under ``paths`` into ``workspace``; ``on_progress(done, total)`` is called per file."""
    files, missing = discover(paths)
    report = IngestReport(run_id=workspace.start_run())

    def items() -> Iterator[Article | Rejected]:
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

    for chunk in _chunks(items(), batch_size):
        report.outcomes.extend(_store_chunk(workspace, report.run_id, chunk))
    workspace.finish_run(
        report.run_id, ingested=report.ingested, duplicate=report.duplicates, rejected=len(report.rejected)
    )
    return report


def _store_chunk(workspace: Workspace, run_id: int, chunk: list[Article | Rejected]) -> list[Outcome]:
    articles = [item for item in chunk if isinstance(item, Article)]
    rejects = [item for item in chunk if isinstance(item, Rejected)]
    with workspace.transaction() as conn:
        new_flags = workspace.add_documents(conn, articles)
        known = [a for a, new in zip(articles, new_flags, strict=True) if not new]
        redated = {a.id for a, changed in zip(known, workspace.redate_documents(conn, known), strict=True) if changed}
        workspace.record_rejections(conn, run_id, [(r.path, r.line, r.reason) for r in rejects])
    added = iter(new_flags)
    outcomes = []
    for item in chunk:
        if isinstance(item, Rejected):
            outcomes.append(Outcome(item.path, item.line, "rejected", reason=item.reason))
        else:
            new = next(added)
            outcomes.append(
                Outcome(
                    item.path,
                    item.line,
                    "ingested" if new else "duplicate",
                    document_id=item.id,
                    title=item.title,
                    reason=None if new else f"same text as document {item.short_id}",
                    redated=not new and item.id in redated,
                )
            )
    return outcomes
