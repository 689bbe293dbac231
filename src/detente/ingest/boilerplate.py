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

from detente.ingest.dates import find_date

WIDGET_WORDS = frozenset(
    [
        "share",
        "shares",
        "shared",
        "sharing",
        "tweet",
        "tweets",
        "facebook",
        "twitter",
        "x",
        "email",
        "e",
        "mail",
        "print",
        "whatsapp",
        "linkedin",
        "reddit",
        "pinterest",
        "telegram",
        "messenger",
        "flipboard",
        "sms",
        "rss",
        "feed",
        "copy",
        "link",
        "read",
        "mode",
        "font",
        "size",
        "a",
        "aa",
        "comments",
        "comment",
        "arrow",
        "left",
        "right",
        "up",
        "down",
        "home",
        "menu",
        "search",
        "subscribe",
        "sign",
        "in",
        "log",
        "login",
        "logout",
        "register",
        "advertisement",
        "ad",
        "ads",
        "sponsored",
        "related",
        "more",
        "skip",
        "to",
        "content",
        "close",
        "next",
        "previous",
        "prev",
        "toggle",
        "navigation",
        "nav",
        "icon",
        "fa",
        "newsletter",
        "follow",
        "us",
        "on",
        "save",
        "bookmark",
        "listen",
        "audio",
        "show",
        "hide",
        "top",
        "back",
        "this",
        "article",
        "story",
        "page",
        "view",
        "views",
        "reply",
        "replies",
        "like",
        "likes",
        "options",
        "print-friendly",
        "version",
        "text",
        "zoom",
        "reset",
        "articles",
        "stories",
        "posts",
        "topics",
        "tags",
        "trending",
        "popular",
        "most",
        "recommended",
        "latest",
        "you",
        "may",
        "also",
    ]
)
_WORD = re.compile(r"[a-z]+")
_LETTER = re.compile(r"[^\W\d_]")
_NAV_SPLIT = re.compile(r"\s*[|›»•·>]\s*")
_FOOTER = re.compile(r"^(copyright\b|©|\(c\)\s*\d{4})|all rights reserved", re.I)
_DATELINE = re.compile(r"^(?:published|posted|first published|date)(?:\s+on)?\s*[:\-–—]?\s*(?P<value>.+)$", re.I)
_UPDATED = re.compile(r"^(?:updated|last updated|modified)(?:\s+on)?\s*[:\-–—]?\s*.+$", re.I)
_SOURCE = re.compile(r"^(?:source|outlet|publisher)\s*:\s*(?P<value>.{2,80})$", re.I)
_BYLINE = re.compile(
    r"^(?i:by|author\s*:|written by|words by|reporting by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*)\s*$",
)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
_HEAD_LINES = 12


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


def clean_scraped_text(text: str, *, title: str | None = None) -> CleanedText:
    """Split scraped text into title, byline, outlet, dateline and body. ``title`` is a known title, if any."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    removed: list[str] = []
    byline = source = dateline = None
    seen = 0
    for line in lines:
        if not line:
            kept.append("")
            continue
        seen += 1
        head = seen <= _HEAD_LINES
        if match := _BYLINE.match(line):
            byline = byline or match["name"]
        elif head and (match := _DATELINE.match(line)) and find_date(match["value"]):
            dateline = dateline or match["value"]
        elif head and (match := _SOURCE.match(line)):
            source = source or match["value"].strip()
        elif head and len(line) < 40 and find_date(line) and not _SENTENCE_END.search(line):
            dateline = dateline or line
        elif not (_UPDATED.match(line) and head) and not (
            is_widget_line(line) or is_nav_line(line) or _FOOTER.search(line)
        ):
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
        dateline=dateline,
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
