"""Run extraction over a workspace, in process.

``extract_workspace`` extracts the documents not yet extracted by the current pipeline and knowledge base (or
all, with ``force``), saving each batch in one transaction, so an interrupted run resumes where it stopped.
The Dask run is in ``extract/distributed.py``; both save through ``save_results``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from detente.errors import KnowledgeBaseError
from detente.extract.pipeline import DEFAULT_MODEL, extract_articles, pipeline_name
from detente.kb import load_kb
from detente.store import (
    Database,
    Workspace,
    extracted_documents,
    get_setting,
    kb_extensions,
    save_extractions,
    save_kb_extensions,
    set_setting,
)

PIPELINE = f"{pipeline_name()}/8"  # the number changes when a component's rules do


MODEL_SETTING = "spacy_model"
LEARNED_SETTING = "learned_triggers"  # "on": events coded with the learned veto (``detente.events.v2``)


def pipeline_version(
    extensions: tuple[tuple[str, str], ...], model: str = DEFAULT_MODEL, *, learned: bool = False
) -> str:
    """The pipeline's name, with its spaCy model, its event coder (and the learned weights' digest when on) and a
    digest of the knowledge-base extensions: a changed model, coder, weights or extension means re-extraction."""
    name = f"{pipeline_name(model, learned=learned)}{PIPELINE.removeprefix(pipeline_name())}"
    if learned:
        from detente.extract.learned import shipped_digest

        name = f"{name}+weights:{shipped_digest()}"
    if not extensions:
        return name
    digest = hashlib.sha256("\0".join(f"{n}\0{t}" for n, t in extensions).encode()).hexdigest()[:12]
    return f"{name}+kb:{digest}"


def workspace_model(workspace: Workspace, model: str | None = None) -> str:
    """The spaCy model the workspace extracts with: ``model`` when given (and kept as the workspace's setting from
    then on), else the workspace's setting, else the shipped default."""
    if model is not None:
        set_setting(workspace, MODEL_SETTING, model)
        return model
    return get_setting(workspace, MODEL_SETTING) or DEFAULT_MODEL


def workspace_learned(workspace: Workspace, learned: bool | None = None) -> bool:
    """Whether the workspace codes events with the learned veto: ``learned`` when given (and kept as the
    workspace's setting from then on), else the workspace's setting, else off."""
    if learned is not None:
        set_setting(workspace, LEARNED_SETTING, "on" if learned else "off")
        return learned
    return get_setting(workspace, LEARNED_SETTING) == "on"


def set_kb_files(workspace: Workspace, files: Iterable[str | Path]) -> None:
    """Make the workspace use these knowledge-base extension files from now on (validated before they are saved)."""
    extensions = []
    for path in files:
        path = Path(path)
        try:
            extensions.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            raise KnowledgeBaseError(f"cannot read the knowledge-base file ({err})", where=str(path),
                               fix="check the path and that the file is UTF-8 YAML") from err  # fmt: skip
    load_kb(texts=extensions)  # raises on a bad file, before anything is saved
    save_kb_extensions(workspace, extensions)


def current_version(workspace: Workspace) -> str:
    """The pipeline version an extraction of this workspace would record now (its model, coder and extensions)."""
    extensions = kb_extensions(workspace)
    return pipeline_version(extensions, workspace_model(workspace), learned=workspace_learned(workspace))


def documents_to_extract(workspace: Workspace) -> int:
    """How many documents the next ``extract_workspace`` would extract: new ones, and those extracted before an
    alias, a place, a model or the pipeline changed."""
    done = extracted_documents(workspace, pipeline=current_version(workspace))
    return len(set(workspace.document_ids()) - done)  # ids only: the dashboard asks on every corrections list


def extract_workspace(
    workspace: Workspace,
    *,
    force: bool = False,
    batch_size: int = 16,
    model: str | None = None,
    learned: bool | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Extract mentions, events and stated relations with the workspace's spaCy model (``model`` sets it) and event
    coder (``learned`` sets whether it uses the learned veto); returns how many documents were processed."""
    extensions = kb_extensions(workspace)
    spacy_model = workspace_model(workspace, model)
    use_learned = workspace_learned(workspace, learned)
    version = pipeline_version(extensions, spacy_model, learned=use_learned)
    done = set() if force else extracted_documents(workspace, pipeline=version)
    todo = [d for d in workspace.documents() if d.id not in done]
    pending: list[Any] = []
    results = extract_articles(todo, batch_size=batch_size, kb=extensions, model=spacy_model, learned=use_learned)
    for count, result in enumerate(results, start=1):
        pending.append(result)
        if len(pending) >= batch_size or count == len(todo):
            with workspace.transaction() as conn:
                save_results(conn, pending, version)
            pending = []
        if on_progress is not None:
            on_progress(count, len(todo))
    return len(todo)


def save_results(conn: Database, results: Iterable[Any], version: str, *, part: str | None = None) -> None:
    """Store extraction results (``DocumentMentions``) inside an open transaction, with their Parquet partition."""
    save_extractions(conn, [(r.document, r.mentions, r.events, r.relations) for r in results], version, part=part)
