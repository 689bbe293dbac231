"""The ``detente_dates`` component: date expressions resolved against the publication date, with precision.

* An explicit calendar date wins: "Monday, Oct. 28, 2019", "in 2014", "August 2016".
* Weekdays are the last such day on or before publication ("Friday", "Thursday night", "early Friday"); "last
  Friday" is strictly before, "next Friday" after.
* Relative spans count back from publication: "yesterday", "three days ago", "more than a month ago", "last week",
  "two years ago", "last month", "earlier this month", "last year" (day, month or year precision).
* "Sept. 9" and "7 April" take the publication year (or the year before, when that would put them after
  publication), except after a deadline word ("to start by January 1", "until March 15"), which looks forward; so do
  "next month", "next year" and "by the end of the year".
* A start ("since 2012", "held since 2012") is kept as a date mention labelled ``SINCE`` without a ``value``, so
  that no event is dated to it.
* Durations ("five years", "48-hour", "seven days") are not dates and are skipped.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span

from detente.extract.common import mention
from detente.extract.registry import component
from detente.model.mention import Mention, Precision

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]  # fmt: skip
_NOISE = re.compile(r"\b(early|late|on|the|of|night|morning|evening|afternoon|overnight|midnight|by|until|since|"
                    r"before|after|from|at|sundown|dawn|as)\b", re.I)  # fmt: skip
_NUMBER = (r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|"
           r"several|few|a few|a couple of|couple of|\w+-and-a-half")  # fmt: skip
_DURATION = re.compile(r"\b(" + _NUMBER + r")[- ](hours?|days?|weeks?|months?|years?)\b|-hour\b|-day\b|-week\b|"
                       r"-month\b|-year\b", re.I)  # fmt: skip
_AGO = re.compile(r"\b(?P<n>" + _NUMBER + r")\s+(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier|before)\b")
_LAST_UNIT = re.compile(r"\b(?P<rel>last|past|previous|next|coming|this)\s+(?P<unit>week|month|year)\b")
_END_OF = re.compile(r"\b(?:end|close)\s+of\s+(?P<rel>the|this|next)\s+(?P<unit>month|year)\b")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15, "twenty": 20,
          "several": 3, "few": 3, "a few": 3, "a couple of": 2, "couple of": 2}  # fmt: skip
DEADLINE_WORDS = frozenset({"by", "until", "till", "before", "deadline"})
START_WORDS = frozenset({"since"})


def _month_shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _count(word: str) -> int:
    if word.isdigit():
        return int(word)
    if word.endswith("-and-a-half"):
        return _WORDS.get(word.split("-")[0], 1)
    return _WORDS.get(word, 1)


def _relative(lower: str, base: date) -> tuple[date, Precision] | None:
    """Spans counted from publication: "three days ago", "last week", "next month", "the end of the year"."""
    if match := _AGO.search(lower):
        n, unit = _count(match["n"]), match["unit"]
        if unit == "day":
            return base - timedelta(days=n), "day"
        if unit == "week":
            return base - timedelta(weeks=n), "day"
        if unit == "month":
            return _month_shift(base, -n), "month"
        return date(base.year - n * (10 if unit == "decade" else 1), 1, 1), "year"
    if match := _END_OF.search(lower):
        ahead = 1 if match["rel"] == "next" else 0
        if match["unit"] == "month":
            return _month_shift(base, ahead), "month"
        return date(base.year + ahead, 12, 1), "month"
    if match := _LAST_UNIT.search(lower):
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[match["rel"]]
        unit = match["unit"]
        if unit == "week":
            return base + timedelta(weeks=step), "day"
        if unit == "month":
            return _month_shift(base, step), "month"
        return date(base.year + step, 1, 1), "year"
    if "yesterday" in lower:
        return base - timedelta(days=1), "day"
    if "tomorrow" in lower:
        return base + timedelta(days=1), "day"
    if re.search(r"\b(today|tonight|this morning|this evening|this afternoon)\b", lower):
        return base, "day"
    if re.search(r"\b(earlier|later) this month\b", lower):
        return base.replace(day=1), "month"
    if re.search(r"\b(earlier|later) this year\b", lower):
        return date(base.year, 1, 1), "year"
    return None


def _weekday(lower: str, base: date) -> tuple[date, Precision] | None:
    for i, weekday in enumerate(WEEKDAYS):
        if weekday in lower:
            back = (base.weekday() - i) % 7
            if re.search(r"\bnext\b|\bcoming\b", lower):
                return base + timedelta(days=(i - base.weekday()) % 7 or 7), "day"
            if re.search(r"\blast\b|\bprevious\b", lower) and back == 0:
                back = 7
            return base - timedelta(days=back), "day"
    return None


def _calendar(lower: str, base: date | None, *, future: bool) -> tuple[date, Precision] | None:
    """Dates written with a month or a year: "Sept. 9", "7 April", "August 2016", "in 2014", "2016-09-09"."""
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
        if not year and base is not None:
            if future and found < base:
                found = found.replace(year=found.year + 1)
            elif not future and found > base + timedelta(days=7):
                found = found.replace(year=found.year - 1)
        return found, precision
    if year and re.fullmatch(r"(in |since |by |early |late |mid-?|the end of |the start of )?(19|20)\d\d", lower):
        return date(int(year.group(0)), 1, 1), "year"
    try:
        return datetime.strptime(lower, "%Y-%m-%d").date(), "day"
    except ValueError:
        return None


def resolve_date(text: str, published: date | None, *, future: bool = False) -> tuple[date, Precision] | None:
    """A date expression to (date, precision), or None for durations and what cannot be placed in time.

    ``future``: the expression follows a deadline word ("by January 1"), so a date without a year lies ahead.
    """
    lower = text.lower().strip()
    relative = re.search(r"\b(ago|last|earlier|later|this|next|past|previous|coming|end of)\b", lower)
    if _DURATION.search(lower) and not relative:
        return None
    if _MONTH.search(lower) or _YEAR.search(lower) or re.fullmatch(r"\d{4}-\d\d-\d\d", lower):
        return _calendar(lower, published, future=future or bool(re.search(r"\bnext\b", lower)))
    if published is None:
        return None
    return _relative(lower, published) or _weekday(lower, published)


def _cue(ent: Span, words: frozenset[str]) -> bool:
    """The expression begins with, or follows, one of these words ("since 2012", "by January 1")."""
    first = ent[0].lower_
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return first in words or before in words


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        mentions: list[Mention] = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            found = resolve_date(ent.text, published, future=_cue(ent, DEADLINE_WORDS))
            if found is None:
                continue
            day, precision = found
            if _cue(ent, START_WORDS):  # a start, not the date of an event
                mentions.append(mention(ent, "date", day.isoformat(), label="SINCE", value=None, precision=precision))
                continue
            mentions.append(mention(ent, "date", day.isoformat(), label=ent.label_, value=day, precision=precision))
        doc._.date_mentions = mentions
        return doc


@component("detente.dates.v1", default_config={})
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
