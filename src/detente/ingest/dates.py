"""Publication dates stated in an article's text ("Published: Sept. 9, 2016", "GENEVA, 9 September 2016 -"), and
the date a scraped page states for itself among its lines."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_MONTH = (
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR_END = r"(?P<year>(?:19|20)\d\d)(?:\b|(?=[0-2]?\d:\d\d))"  # scraped pages glue the time on: "20191:36 PM"
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?:\b|(?=T\d))"),  # ISO, "...T07:32Z"
    re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+" + _YEAR_END, re.I),
    re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+" + _YEAR_END, re.I),
    # numeric dates: 11/03/2019 is American (month first) unless the first number cannot be a month; 03.11.2019
    # is European (day first)
    re.compile(r"\b(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
]


def _month_and_day(parts: dict[str, str | None]) -> tuple[int, int]:
    if parts.get("first"):
        first, second = int(parts["first"] or 0), int(parts["second"] or 0)
        return (second, first) if first > 12 else (first, second)
    month = int(parts["mon"] or 0) if parts.get("mon") else _MONTHS[str(parts["month"]).lower()[:3]]
    return month, int(parts["day"] or 0)


def find_date(text: str) -> date | None:
    """The first complete calendar date written in ``text`` (year, month and day), or None."""
    best: tuple[int, date] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            try:
                found = date(int(parts["year"]), *_month_and_day(parts))
            except ValueError:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), found)
            break
    return best[1] if best else None


# -- the publication date of a scraped page, from its own date lines ------------------------------------------------
_MON = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_DAY = (
    r"(?:" + _MON + r"\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d(?:st|nd|rd|th)?\s+" + _MON + r")(?:,?\s+(?:19|20)\d\d)?"
)
_LEAD = r"(?:^|[|•·]\s*)"
_WHEN = r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*(?P<value>.+)$"
_PUBLISHED = re.compile(
    _LEAD + r"(?:first\s+)?(?:published|posted|dated?|released|filed|publication\s+date)" + _WHEN, re.I
)
_UPDATED = re.compile(_LEAD + r"(?:last\s+)?(?:updated|modified)" + _WHEN, re.I)
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:(?:\s+|/)[A-Z][\w.'’-]*){0,3})(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"
    r"(?:,?\s+(?P<date>" + _MONTH_DAY + r"))?\s*(?:\((?P<agency>[A-Za-z][\w .&/-]{1,30})\))?\s*(?:[-–—]+|:)\s+\S",
)
"""A wire dateline opening the body: "LONDON, Nov 3 (Reuters) - ...", "GENEVA, 9 September 2016 - ...",
"MOSCOW: ...", "ANKARA/MOSCOW, Sept 29 (Reuters) - ..."."""
_MONTH_DAY_ONLY = re.compile(
    r"(?P<mon>" + _MON + r")\s+(?P<day>[0-3]?\d)\b|(?P<day2>[0-3]?\d)\s+(?P<mon2>" + _MON + ")"
)
_COPYRIGHT = re.compile(r"(?:©|copyright|\(c\))\s*(?:(?:19|20)\d\d\s*[-–]\s*)?(?P<year>(?:19|20)\d\d)", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*$")
_HEAD_LINES = 15
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)


@dataclass(frozen=True)
class PageDate:
    """The publication date a page states, as written (ISO when the year had to be taken from elsewhere on the
    page), and the indexes of its date lines (metadata, not body)."""

    value: str | None
    lines: frozenset[int]


def _date_line(line: str, pattern: re.Pattern[str]) -> str | None:
    """The date part of a short "Published ..." / "Updated ..." line, not of a sentence that begins so."""
    match = pattern.search(line)
    words = len(line.split())
    if match is None or words > 25 or (words > 12 and _SENTENCE_END.search(line)):
        return None
    return match["value"]


def _lone_date(line: str) -> bool:
    """A short line that states a date, not a sentence: "Tuesday 3 May 2016 14.05 BST", or a longer one that
    opens with the date ("Oct. 3, 2021 / 4:15 PM / Updated 2 years ago")."""
    words = len(line.split())
    if words > 16 or _SENTENCE_END.search(line) or find_date(line) is None:
        return False
    return words <= 10 or any(pattern.match(_WEEKDAY.sub("", line)) for pattern in _PATTERNS)


def _month_day(text: str) -> tuple[int, int] | None:
    match = _MONTH_DAY_ONLY.search(text)
    if match is None:
        return None
    name = (match["mon"] or match["mon2"]).lower()[:3]
    return _MONTHS[name], int(match["day"] or match["day2"])


def page_date(lines: Sequence[str | None]) -> PageDate:
    """The publication date stated by a page's own lines (``None`` for lines already known to be furniture).

    In order of trust: a "Published" or "Posted" line; a wire dateline with a full date; a lone date line near the
    top; a dateline without a year, the year taken from an "Updated" line or the copyright line; an "Updated" line.
    Lists and playlists are to be blanked out before: their dates are other articles'.
    """
    found: list[tuple[int, int, str]] = []  # (rank, line, value)
    meta: set[int] = set()
    partial: tuple[int, int] | None = None
    year: int | None = None
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if (value := _date_line(line, _PUBLISHED)) is not None and find_date(value):
            found.append((0, index, value))
            meta.add(index)
        elif (value := _date_line(line, _UPDATED)) is not None:
            meta.add(index)
            if full := find_date(value):
                found.append((4, index, value))
                year = year or full.year
        elif (match := WIRE_DATELINE.match(line)) and match["date"]:
            if find_date(match["date"]):
                found.append((1, index, match["date"]))
            else:
                partial = partial or _month_day(match["date"])
        elif seen <= _HEAD_LINES and _lone_date(line):
            found.append((2, index, line))
            meta.add(index)
        elif match := _COPYRIGHT.search(line):
            year = year or int(match["year"])
    if partial is not None and year is not None:
        with contextlib.suppress(ValueError):  # "Feb 29" in a year without one
            found.append((3, -1, date(year, *partial).isoformat()))
    best = min(found, default=None)
    return PageDate(best[2] if best else None, frozenset(meta))


def is_date_line(line: str) -> bool:
    """A page's "Published ...", "Posted ..." or "Updated ..." line."""
    return _date_line(line, _PUBLISHED) is not None or _date_line(line, _UPDATED) is not None
