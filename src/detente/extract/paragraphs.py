"""The paragraphs component: a paragraph break is a sentence boundary.

Scraped pages keep subtitles and captions as lines without a full stop; the parser would run such a line into the
next paragraph's first sentence, and an event's evidence would swallow it. Placed before the parser, this component
marks the first token after a line break as a sentence start; the parser keeps the marks and splits the rest.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token that follows a line break (a whitespace token or trailing space)."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.is_space:
            continue
        if "\n" in before.whitespace_ or (before.is_space and "\n" in before.text):
            token.is_sent_start = True
    return doc


@Language.component("detente_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    return mark_paragraph_starts(doc)
