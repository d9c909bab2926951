"""A report cut into sentences, and the place mentions each sentence holds.

A sentence ends at ``. ! ? … ;`` before a capital, a digit or a Telegram marker (⚡ 🔴 ❗), and at every
line break — but not after an abbreviation ("Gen.", "Sept.", "obl.", "смт."). A first line that does
not end like a sentence and stands above the rest is a headline. A wire dateline ("KYIV, Sept 10
(Wire) -") names where the story was filed, not where anything happened: its mentions are left out.

>>> [s.text for s in split_sentences("Gen. Syrskyi said troops hold Lyman. Shelling went on; two died.")]
['Gen. Syrskyi said troops hold Lyman.', 'Shelling went on; two died.']
>>> [(s.text, s.headline) for s in split_sentences("Kupiansk retaken\\nUkrainian troops entered the city.")]
[('Kupiansk retaken', True), ('Ukrainian troops entered the city.', False)]
>>> split_sentences(""), split_sentences("  \\n ")
([], [])
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import regex

from gazetteer import Mention

__all__ = ["Sentence", "sentence_mentions", "split_sentences"]

_ABBREVIATIONS = frozenset(
    "gen lt col maj capt sgt mr mrs ms dr st no obl vs jan feb mar apr jun jul aug sep sept oct nov dec "
    "м с г смт пос вул ул etc approx".split()
)
_SENTENCE_END = regex.compile(r"(?<=[.!?…;])[\"'”»)\]]*\s+(?=[\"'“«(\[]?[\p{Lu}\p{N}⚡🔴❗])|\n\s*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text`` is ``report[start:end]``; ``index`` counts the report's sentences from 0."""

    index: int
    start: int
    end: int
    text: str
    headline: bool = False


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order (none when it is blank)."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip()
        word = regex.search(r"([\p{L}]+)\.\Z", before)
        if word and word.group(1).lower() in _ABBREVIATIONS and "\n" not in m.group():
            continue
        if before.strip():
            out.append(Sentence(len(out), start, m.start(), text[start : m.start()]))
        start = m.end()
    if text[start:].strip():
        out.append(Sentence(len(out), start, len(text), text[start:]))
    first = out[0] if out else None
    if (
        first
        and len(out) > 1
        and "\n" in text[first.end : out[1].start]
        and not first.text.rstrip().endswith((".", "!", "?", "…", '"', "”", "»"))
    ):
        out[0] = replace(first, headline=True)
    return out


def sentence_mentions(text: str, mentions: list[Mention]) -> Iterator[tuple[Sentence, list[Mention]]]:
    """Each sentence of ``text`` with the ``mentions`` (text order) that start in it, datelines left out."""
    excluded = {i for i, m in enumerate(mentions) if m.qualifier == "dateline"}
    k = 0
    for sentence in split_sentences(text):
        here: list[Mention] = []
        while k < len(mentions) and mentions[k].start < sentence.end:
            if mentions[k].start >= sentence.start and k not in excluded:
                here.append(mentions[k])
            k += 1
        yield sentence, here
