"""Mentions: a span of an article resolved (or not) to an actor, a place or a date."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

Precision = Literal["day", "month", "year"]


class Mention(BaseModel):
    """``start``/``end`` are character offsets into the document text; the sentence is given by its offsets too."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["actor", "place", "date"]
    entity: str  # actor or place id; ISO date for dates; "?<label>:<text>" for unresolved entities
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    label: str | None = None  # NER label or how it was found (alias, demonym, metonym, acronym, anaphora, ner)
    sector: str | None = None
    resolved: bool = True
    value: date | None = None
    precision: Precision | None = None
