"""The paragraphs component: a paragraph break is a sentence boundary.

Scraped pages keep subtitles and captions as lines without a full stop; the parser would run such a line into the
next paragraph's first sentence, and an event's evidence would swallow it. Placed before the parser, this component
marks the first token after a line break as a sentence start; the parser keeps the marks and splits the rest.
The report after a wire dateline ("KHARTOUM, May 3 (Wire) - The army ...") starts a sentence too: parsed with the
dateline, its first noun would be read as the subject's rival, and the report's first event would lose its source.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from detente.extract.places import dateline_spans

_AFTER_DATELINE = re.compile(r"[^\n]{0,60}?(?:\)\s*[-–—:]+|\s[-–—]+|:)\s+(?=\S)")


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token that follows a line break (a whitespace token or trailing space) or a
    wire dateline."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.is_space:
            continue
        if "\n" in before.whitespace_ or (before.is_space and "\n" in before.text):
            token.is_sent_start = True
    for place in dateline_spans(doc):
        after = _AFTER_DATELINE.match(doc.text, place.end_char)
        start = doc.char_span(after.end(), after.end() + 1, alignment_mode="expand") if after else None
        if start is not None and start.start > 0:
            start[0].is_sent_start = True
    return doc


@Language.component("detente_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    return mark_paragraph_starts(doc)
