"""Provisional people joined across a workspace (issue 17 item 3).

Extraction names an unknown person by their name with titles stripped, one document at a time: "General Khalifa
Haftar" is ``?person:khalifa haftar`` wherever the full name is written, and a surname alone joins the full name
only inside its document. Across the workspace, :func:`joins` adds what one document cannot see:

- spellings of one name ("Khalifa Haftar", "Khalifa Hifter", "Khalifa Belqasim Haftar": the same first and last
  name once transliteration is set aside) are one person, named by the spelling written most often (the surname
  alone counting for its spelling);
- a surname alone in a document that never gives the full name ("Haftar said ...") is that person, when exactly
  one person of the workspace has that surname; with two (a "Haftar" among two Haftars) it stays apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from detente.kb.spelling import transliteration_key

PERSON = "?person:"


def joins(mentions: Mapping[str, int]) -> dict[str, str]:
    """Provisional person id -> the id it joins, from every actor id of a workspace and its number of mentions."""
    people = {i: transliteration_key(i.removeprefix(PERSON)).split() for i in mentions if i.startswith(PERSON)}
    spellings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for actor, words in people.items():
        if len(words) > 1:
            spellings[(words[0], words[-1])].append(actor)
    out: dict[str, str] = {}
    by_surname: dict[str, set[str]] = defaultdict(set)
    for (_, surname), variants in spellings.items():
        head = max(variants, key=lambda i: (_written(i, mentions), i))
        out.update({v: head for v in variants if v != head})
        by_surname[surname].add(head)
    for actor, words in people.items():
        heads = by_surname.get(words[0], set()) if len(words) == 1 else set()
        if len(heads) == 1:
            out[actor] = next(iter(heads))
    return out


def _written(actor: str, mentions: Mapping[str, int]) -> int:
    """How often a spelling is written: its mentions and those of its surname alone in that spelling."""
    return mentions[actor] + mentions.get(PERSON + actor.rsplit(" ", 1)[-1], 0)
