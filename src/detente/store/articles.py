"""Save what ingest read into a workspace, accounting for every input.

Articles are written in batches, one transaction each: a run killed part-way leaves every committed batch in
place and nothing half-written, and running the same command again ingests what is missing and reports the rest
as duplicates (documents are keyed by the hash of their text).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from detente.ingest.batch import IngestReport, Outcome, ProgressCallback, read_paths
from detente.ingest.readers import DEFAULT_MAX_BYTES, Rejected
from detente.model.article import Article
from detente.store.workspace import Workspace


def save_articles(workspace: Workspace, items: Iterable[Article | Rejected], *, batch_size: int = 50) -> IngestReport:
    """Save the articles in batches and record the rejections, as one ingest run of the workspace."""
    report = IngestReport(run_id=workspace.start_run())
    for chunk in _chunks(iter(items), batch_size):
        report.outcomes.extend(_store_chunk(workspace, report.run_id, chunk))
    workspace.finish_run(
        report.run_id, ingested=report.ingested, duplicate=report.duplicates, rejected=len(report.rejected)
    )
    return report


def ingest_paths(
    workspace: Workspace,
    paths: Sequence[str | Path],
    *,
    default_date: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 50,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read every input under ``paths`` (``detente.ingest``) and save it into ``workspace``."""
    items = read_paths(paths, default_date=default_date, max_bytes=max_bytes, on_progress=on_progress)
    return save_articles(workspace, items, batch_size=batch_size)


def _chunks(items: Iterator[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    chunk: list[Article | Rejected] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
