"""Find place mentions in article text, each with its character offsets and sentence.

    >>> from journey.extract import extract_mentions
    >>> [m.text for m in extract_mentions("He stopped in Omsk. Then Moscow.")]
    ['Omsk', 'Moscow']
"""
from __future__ import annotations

import re
from typing import Iterable

from journey.gazetteer import Gazetteer
from journey.models import Mention

# A sentence ends at . ! ? followed by space and a capital/quote, or at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = ("St.", "Mr.", "Mrs.", "Dr.", "Gen.", "Sen.", "U.S.", "U.N.", "p.m.", "a.m.", "W.", "Ft.", "Mt.")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text`` (whitespace trimmed)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 5) : m.start()]
        if any(before.endswith(a) for a in _ABBREVIATIONS) and "\n" not in m.group():
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _name_pattern(names: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so "St Petersburg" wins over a shorter name inside it.
    alts = sorted({n for n in names if len(n) > 2}, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in alts)
    return re.compile(rf"(?<![\w'-])(?:{body})(?![\w-])", re.IGNORECASE)


def extract_mentions(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every curated-gazetteer place named in ``text``, in text order, resolved."""
    gaz = gazetteer or Gazetteer.default()
    pattern = _curated_pattern(gaz)
    sentences = split_sentences(text)
    mentions = []
    si = 0
    for m in pattern.finditer(text):
        while si < len(sentences) - 1 and sentences[si][1] <= m.start():
            si += 1
        s, e = sentences[si] if sentences else (0, len(text))
        candidates = gaz.candidates(m.group())
        mentions.append(
            Mention(
                text=m.group(),
                start=m.start(),
                end=m.end(),
                sentence=text[s:e],
                place=candidates[0] if candidates else None,
            )
        )
    return mentions


def _curated_pattern(gaz: Gazetteer) -> re.Pattern[str]:
    names = []
    for place in gaz.curated():
        names.append(place.name)
        names.extend(place.aliases)
    return _name_pattern(names)
