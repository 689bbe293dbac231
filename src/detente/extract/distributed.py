"""Extraction on a Dask cluster: ``--workers N`` starts a local one, ``--scheduler ADDRESS`` joins an existing one.

The driver lists the documents the current pipeline has not extracted (a document's id is the SHA-256 of its
text, so the checkpoint is by content), cuts them into partitions, and keeps a bounded number of partitions in
flight. Each worker loads the NLP pipeline once per process (``load_pipeline`` is cached) and returns a partition's
results; the driver writes them as Parquet partitions and then, in one transaction, into the workspace index with
the partition's name. Killing the run at any moment loses nothing and duplicates nothing: a partition is either
committed (its documents are skipped next time) or not (they are extracted again, and its stray files removed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from detente.errors import ExtractionError
from detente.extract.pipeline import DEFAULT_MODEL, DocumentMentions, extract_articles
from detente.extract.run import pipeline_version, save_results, workspace_learned, workspace_model
from detente.model.article import Article
from detente.store import Workspace, extracted_documents, kb_extensions
from detente.store.parquet import partition_tables, remove_orphans, write_partition

PARTITION = 64  # documents per task: large enough to amortise scheduling, small enough to bound worker memory
IN_FLIGHT = 2  # partitions queued per worker


def extract_partition(
    articles: Sequence[Article], kb: tuple[tuple[str, str], ...], model: str = DEFAULT_MODEL, learned: bool = False
) -> tuple[list[DocumentMentions], dict[str, bytes]]:
    """The task a worker runs: one partition through the pipeline (loaded once per worker process); returns the
    results and their Parquet files' bytes (made here, to keep the driver's share of the work small)."""
    results = list(extract_articles(articles, kb=kb, model=model, learned=learned))
    return results, partition_tables(results)


def partition_name(ids: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


@contextmanager
def dask_client(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A client of a new local cluster (``workers`` processes, one thread each) or of the scheduler at an address."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise ExtractionError("distributed extraction needs dask.distributed",
                              fix="pip install 'detente[scale]'") from err  # fmt: skip
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            fix = "check the address (tcp://HOST:8786) and that the scheduler runs"
            raise ExtractionError(f"cannot reach the Dask scheduler ({err})", where=scheduler, fix=fix) from err
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None,
                           memory_limit="auto")  # fmt: skip
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def extract_distributed(
    workspace: Workspace,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    partition_size: int = PARTITION,
    model: str | None = None,
    learned: bool | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    stats: dict[str, Any] | None = None,
) -> int:
    """Extract every document not yet extracted by the current pipeline on Dask; returns how many were extracted.

    ``stats``, when given, receives ``peak_rss_mb``: the peak resident memory of each worker process."""
    from dask.distributed import as_completed

    extensions = kb_extensions(workspace)
    spacy_model = workspace_model(workspace, model)
    use_learned = workspace_learned(workspace, learned)
    version = pipeline_version(extensions, spacy_model, learned=use_learned)
    remove_orphans(workspace)
    done = set() if force else extracted_documents(workspace, pipeline=version)
    ids = [i for i in workspace.document_ids() if i not in done]
    chunks = [ids[i : i + partition_size] for i in range(0, len(ids), partition_size)]
    finished = 0
    if on_progress is not None:
        on_progress(0, len(ids))
    with dask_client(workers=workers, scheduler=scheduler) as client:
        limit = IN_FLIGHT * max(1, workers or 0, len(client.scheduler_info().get("workers", {})))
        pending = iter(chunks)

        def submit(chunk: list[str]) -> Any:
            articles = workspace.documents_by_id(chunk)
            return client.submit(extract_partition, articles, extensions, spacy_model, use_learned, pure=False)

        running = as_completed([submit(c) for _, c in zip(range(limit), pending, strict=False)])
        for future in running:
            results, tables = future.result()
            part = partition_name([r.document for r in results])
            write_partition(workspace, part, tables)
            with workspace.transaction() as conn:
                save_results(conn, results, version, part=part)
            finished += len(results)
            if on_progress is not None:
                on_progress(finished, len(ids))
            future.release()
            following = next(pending, None)
            if following is not None:
                running.add(submit(following))
        if stats is not None:
            stats["peak_rss_mb"] = sorted(client.run(peak_rss_mb).values())
    return finished


def peak_rss_mb() -> float:
    """The peak resident set size of this process in MB (run on each worker)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
