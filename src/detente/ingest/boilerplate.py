"""Boilerplate removal for web-scraped plain text.

Scraped article files carry the page around the story: navigation bars, share widgets ("Share Tweet Email"),
icon lists, reader controls ("Read Mode", "Font Size A A A"), comment widgets, a title repeated above the body,
and author boxes ("Author: ...", "<name> is senior editor of ..."). :func:`clean_scraped_text` keeps the title,
byline, outlet and dateline as metadata, drops the rest of the page furniture, and returns the body as
paragraphs separated by blank lines. It works line by line and never rewrites the text of a kept line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from detente.ingest.dates import is_date_line, page_date

WIDGET_WORDS = frozenset([
    "share", "shares", "shared", "sharing", "tweet", "tweets", "facebook", "twitter", "x", "email", "e", "mail",
    "print", "whatsapp", "linkedin", "reddit", "pinterest", "telegram", "messenger", "flipboard", "sms", "rss",
    "feed", "copy", "link", "read", "mode", "font", "size", "a", "aa", "comments", "comment", "arrow", "left",
    "right", "up", "down", "home", "menu", "search", "subscribe", "sign", "in", "log", "login", "logout",
    "register", "advertisement", "ad", "ads", "sponsored", "related", "more", "skip", "to", "content", "close",
    "next", "previous", "prev", "toggle", "navigation", "nav", "icon", "fa", "newsletter", "follow", "us", "on",
    "save", "bookmark", "listen", "audio", "show", "hide", "top", "back", "this", "article", "story", "page",
    "view", "views", "reply", "replies", "like", "likes", "options", "print-friendly", "version", "text", "zoom",
    "reset", "articles", "stories", "posts", "topics", "tags", "trending", "popular", "most", "recommended",
    "latest", "you", "may", "also"
])  # fmt: skip
_WORD = re.compile(r"[a-z]+")
_LETTER = re.compile(r"[^\W\d_]")
_NAV_SPLIT = re.compile(r"\s*[|›»•·>]\s*")
_FOOTER = re.compile(r"^(copyright\b|©|\(c\)\s*\d{4})|all rights reserved", re.I)
_SOURCE = re.compile(r"^(?:source|outlet|publisher)\s*:\s*(?P<value>.{2,80})$", re.I)
_BYLINE = re.compile(
    r"^(?i:by|author\s*:|written by|words by|reporting by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*)\s*$",
)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
_PROSE_END = re.compile(r"[.!?…][\"”’)]*$")
_HEAD_LINES = 12
_LIST_HEADER = re.compile(
    r"^(?:related(?:\s+\w+){0,2}|more\s+(?:from|on|in|about|to\s+read)\b.{0,40}|more\s+(?:stories|news|videos|articles)"
    r"|read\s+(?:more|next)|see\s+also|also\s+read|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed|shared|watched)"
    r"|top\s+(?:stories|news|headlines)|trending(?:\s+now)?|latest\s+(?:news|stories|videos|headlines)|popular\s+now"
    r"|watch(?:\s+(?:more|now|next|again|live))?|(?:more\s+|related\s+|latest\s+|top\s+)?videos?|playlist|up\s+next"
    r"|now\s+playing|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)|editor'?s\s+picks"
    r"|what\s+to\s+read\s+next|further\s+reading|in\s+other\s+news|don'?t\s+miss|more\s+on\s+this\s+story)\s*:?$",
    re.I,
)
"""The header of a list of other articles or videos: "Related Coverage", "More from Reuters", "Watch", "Up next"."""
_INLINE_LINK = re.compile(
    r"^(?:read\s+more|also\s+read|read\s+also|related|see\s+also|watch|video|listen)\s*:\s*\S", re.I
)
_CREDIT = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|translated|graphics?|photos?)\s+by\b"
    r"|^\d+\s+min(?:ute)?s?\s+read$|^our\s+standards\b|^(?:file\s+)?(?:photo|image)\s*:|^\d+\s+(?:hours?|minutes?|days?)\s+ago$"
    r"|^\d{1,2}:\d{2}(?::\d{2})?$",
    re.I,
)
"""Lines of credits and player furniture: "Reporting by ...; Editing by ...", "3 Min Read", "Photo: ...", "02:31"."""


@dataclass(frozen=True)
class CleanedText:
    """The article body and the metadata found around it."""

    body: str
    title: str | None = None
    byline: str | None = None
    source: str | None = None
    dateline: str | None = None
    removed: tuple[str, ...] = field(default=(), repr=False)


def is_widget_line(line: str) -> bool:
    """A short line made (almost) only of share, navigation or reader-control words, or with no letters at all."""
    if not _LETTER.search(line):
        return True
    words = _WORD.findall(line.lower())
    if not words or len(words) > 10:
        return False
    return sum(word in WIDGET_WORDS for word in words) / len(words) >= 0.8


def is_nav_line(line: str) -> bool:
    """A menu such as ``Home | World | Middle East | Opinion``: three or more short segments, no sentence."""
    segments = [s for s in _NAV_SPLIT.split(line) if s]
    if len(segments) < 3 or _SENTENCE_END.search(line):
        return False
    return all(len(s.split()) <= 4 for s in segments)


def _same(a: str, b: str) -> bool:
    return _WORD.findall(a.lower()) == _WORD.findall(b.lower())


def _looks_like_title(line: str) -> bool:
    return len(line.split()) <= 25 and not line.endswith((".", "!", ":", ";", ","))


def _is_label(line: str) -> bool:
    """A menu or icon label: a few words, no sentence, no metadata."""
    return (
        len(line.split()) <= 4 and not _PROSE_END.search(line) and not _BYLINE.match(line) and not _SOURCE.match(line)
    )


def _is_list_item(line: str) -> bool:
    """A headline, a date, a duration or a widget: what lists of other articles and playlists are made of."""
    if is_date_line(line):
        return False  # the page's own "Posted ..." line ends the list before it
    headline = len(line.split()) <= 25 and not _PROSE_END.search(line)
    return headline or is_widget_line(line) or bool(_CREDIT.match(line))


def furniture_lines(lines: list[str]) -> set[int]:
    """Indexes of page furniture made of several lines: lists of other articles and playlists (a header and the
    headlines after it, up to the next line of prose), runs of three or more menu or icon labels, credit lines."""
    out: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line and _LIST_HEADER.match(line):
            out.add(index)
            index += 1
            while index < len(lines) and (not lines[index] or _is_list_item(lines[index])):
                out.add(index)
                index += 1
            continue
        if line and (_INLINE_LINK.match(line) or _CREDIT.match(line)):
            out.add(index)
        index += 1
    run: list[int] = []
    for index, line in enumerate([*lines, "a full sentence ends the last run."]):
        if not line:
            continue
        if _is_label(line) or is_widget_line(line):
            run.append(index)
            continue
        if sum(1 for i in run if _is_label(lines[i])) >= 3:
            out.update(run)
        run = []
    return out


def clean_scraped_text(text: str, *, title: str | None = None) -> CleanedText:
    """Split scraped text into title, byline, outlet, dateline and body. ``title`` is a known title, if any.

    The dateline is the page's own publication date line (see :func:`detente.ingest.dates.page_date`), never a
    date from a list of other articles or a playlist, which are removed with the rest of the furniture.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    furniture = furniture_lines(lines)
    stated = page_date([None if i in furniture else line for i, line in enumerate(lines)])
    kept: list[str] = []
    removed: list[str] = []
    byline = source = None
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        seen += 1
        if index in furniture or index in stated.lines:
            pass
        elif match := _BYLINE.match(line):
            byline = byline or match["name"]
        elif seen <= _HEAD_LINES and (match := _SOURCE.match(line)):
            source = source or match["value"].strip()
        elif not (is_widget_line(line) or is_nav_line(line) or _FOOTER.search(line)):
            kept.append(line)
            continue
        removed.append(line)

    paragraphs = [line for line in kept if line]
    if title is None and paragraphs and _looks_like_title(paragraphs[0]):
        title = paragraphs[0]
    if title is not None:
        # the title (and any repeat of it) is metadata, not body
        removed.extend(p for p in paragraphs if _same(p, title))
        paragraphs = [p for p in paragraphs if not _same(p, title)]
    if byline:
        paragraphs, bio = _drop_author_box(paragraphs, byline)
        removed.extend(bio)
    return CleanedText(
        body="\n\n".join(paragraphs),
        title=title,
        byline=byline,
        source=source,
        dateline=stated.value,
        removed=tuple(removed),
    )


def _drop_author_box(paragraphs: list[str], byline: str) -> tuple[list[str], list[str]]:
    """Drop the author's biography lines at the end of the article ("Jane Roe is senior editor of ...")."""
    names = [n.strip() for n in re.split(r",|\band\b|&", byline) if n.strip()]
    bio = re.compile(
        r"^(?:about the author\b|(?:" + "|".join(re.escape(n) for n in names) + r")\s+(?:is|was|writes|covers)\b)",
        re.I,
    )
    cut = len(paragraphs)
    while cut > 0 and len(paragraphs[cut - 1].split()) <= 60 and bio.match(paragraphs[cut - 1]):
        cut -= 1
    return paragraphs[:cut], paragraphs[cut:]
