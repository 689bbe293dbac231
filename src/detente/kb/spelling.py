"""Spelling-free keys for names written in several transliterations (places and people alike)."""

from __future__ import annotations

import re
import unicodedata

from detente.kb.loader import normalise

_ARTICLE = re.compile(r"^(?:a[lnrsdtz]|e[lnrsdtz]|ad|ash|ul|at)[- ]|(?<=[ -])(?:a[lnrsdtz]|e[lnrsdtz]|ash)[- ]")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyw]")


def transliteration_key(name: str) -> str:
    """A spelling-free key for transliterated names: "Deir al-Zour", "Deir ez-Zor" and "Dayr az Zawr" agree.

    Accents, Arabic articles (al-, el-, ez-, ...), apostrophes and doubled letters are dropped, q becomes k, and
    each word keeps its first letter and its consonants (vowels, y, w and a final h go).
    """
    text = unicodedata.normalize("NFKD", normalise(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("'", "").replace("’", "")
    text = _ARTICLE.sub(" ", text).replace("-", " ").replace("q", "k")
    words = []
    for word in text.split():
        word = _DOUBLE.sub(r"\1", word).rstrip("h") or word
        words.append(word[0] + _VOWELS.sub("", word[1:]))
    return " ".join(words)
