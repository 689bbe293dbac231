"""The ``detente_dates`` component: date expressions resolved against the publication date, with precision.

"Friday" is the last Friday on or before publication; "Thursday night", "early Friday" drop the time of day;
"last month", "earlier this month", "last year" resolve to month or year precision; "Sept. 9" and "7 April" take
the publication year (or the year before, when that would put them after publication). Durations ("five years",
"48-hour", "seven days") are not dates and are skipped.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from detente.extract.common import mention
from detente.extract.registry import component
from detente.model.mention import Mention, Precision

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]  # fmt: skip
_NOISE = re.compile(r"\b(early|late|on|the|of|night|morning|evening|afternoon|overnight|midnight|by|until|since|"
                    r"before|after|from|at|sundown|dawn|as)\b", re.I)  # fmt: skip
_DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|several|"
                       r"few|many|\w+-and-a-half)[- ](hours?|days?|weeks?|months?|years?)\b|-hour\b|-day\b|-week\b|"
                       r"-month\b|-year\b", re.I)  # fmt: skip
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")


def _month_shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def resolve_date(text: str, published: date | None) -> tuple[date, Precision] | None:
    """A date expression to (date, precision), or None for durations and what cannot be placed in time."""
    lower = text.lower().strip()
    if _DURATION.search(lower) and not re.search(r"\b(ago|last|earlier|this|next)\b", lower):
        return None
    base = published
    for i, weekday in enumerate(WEEKDAYS):
        if weekday in lower and base is not None:
            return base - timedelta(days=(base.weekday() - i) % 7), "day"
    if base is not None:
        if "yesterday" in lower:
            return base - timedelta(days=1), "day"
        if re.search(r"\b(today|tonight|this morning)\b", lower):
            return base, "day"
        if "last month" in lower or "previous month" in lower:
            return _month_shift(base, -1), "month"
        if re.search(r"\b(this|earlier this|later this)\s+month\b", lower):
            return base.replace(day=1), "month"
        if "last year" in lower:
            return date(base.year - 1, 1, 1), "year"
        if re.search(r"\bthis year\b", lower):
            return date(base.year, 1, 1), "year"
    month = _MONTH.search(lower)
    year = _YEAR.search(lower)
    if month:
        number = [m[:3] for m in MONTHS].index(month.group(1).lower()[:3]) + 1
        rest = _NOISE.sub(" ", lower[: month.start()] + " " + lower[month.end() :])
        day_match = _DAY.search(_YEAR.sub(" ", rest))
        y = int(year.group(0)) if year else (base.year if base else None)
        if y is None:
            return None
        try:
            if day_match:
                found = date(y, number, int(day_match.group(1)))
                precision: Precision = "day"
            else:
                found, precision = date(y, number, 1), "month"
        except ValueError:
            return None
        if not year and base is not None and found > base + timedelta(days=7):
            found = found.replace(year=found.year - 1)
        return found, precision
    if year and re.fullmatch(r"(in |since |by |early |late )?(19|20)\d\d", lower):
        return date(int(year.group(0)), 1, 1), "year"
    try:
        parsed = datetime.strptime(lower, "%Y-%m-%d").date()
    except ValueError:
        return None
    return parsed, "day"


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        mentions: list[Mention] = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            found = resolve_date(ent.text, published)
            if found is None:
                continue
            day, precision = found
            mentions.append(mention(ent, "date", day.isoformat(), label=ent.label_, value=day, precision=precision))
        doc._.date_mentions = mentions
        return doc


@component("detente.dates.v1", default_config={})
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
