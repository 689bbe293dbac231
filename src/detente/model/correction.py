"""An analyst's correction of what extraction found: stored with who, when and why, applied on top of every
later extraction (see :mod:`detente.system.corrections`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

CorrectionKind = Literal["reject", "type", "source", "target", "merge", "alias", "date", "split", "place"]
CORRECTION_KINDS: tuple[CorrectionKind, ...] = ("reject", "type", "source", "target", "merge", "alias", "date", "split",
                                                "place")  # fmt: skip
EVENT_KINDS: tuple[CorrectionKind, ...] = ("reject", "type", "source", "target")
"""The kinds whose ``subject`` is an event key (see :func:`event_key`)."""


class Correction(BaseModel):
    """One correction. ``subject``: an event key (``DOC:START:END:TYPE``) for the event kinds, the actor merged
    away for ``merge``, the alias text for ``alias``, the document id for ``date``, the actor split for ``split``,
    the place's name for ``place``. ``value``: the corrected value (a PLOVER type, a list of actor ids, the actor
    merged into or aliased, a YYYY-MM-DD date; None to reject; for ``split`` ``{"text": ..., "into": actor id}``,
    the surface text whose mentions leave the actor and the actor they join; for ``place`` ``{"id", "lat", "lon",
    "country"}``)."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: CorrectionKind
    subject: str
    value: Any = None
    author: str
    made_at: str
    reason: str | None = None
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


def event_key(document: str, start: int, end: int, event_type: str) -> str:
    """The stable name of an extracted event: its document, its trigger's offsets and the type it was coded with.
    It survives re-extraction and new pipeline versions as long as the trigger and its type stay the same."""
    return f"{document}:{start}:{end}:{event_type}"
