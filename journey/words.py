"""Common words written with a capital that match a place only once accents are folded.

"Crossing the Line" (the equator, in a sailor's words) is no visit to Líně in Bohemia:
the gazetteer folds "Líně" and "Lin'e" to "line", so the word finds them. A name written
in plain letters that matches a place's name or alternate names only after folding, and
that is a common English word, is not read as that place. Places whose own spelling is
plain ("Nice", "Reading", "Bath") or that list the plain spelling among their names
("Montreal" for Montréal) are untouched: this is only about the fold.

Word frequencies are wordfreq's (its word lists CC BY-SA 4.0), kept as data in
data/gazetteer/common_words.txt (tools/derive_common_words.py writes it; the gazetteer
index reads the same list for its FLAG_WORD), loaded on the first fold-only match, not at
import: most texts never need them. A word of one or two letters counts as a word.

    >>> from journey.models import Place
    >>> fold_only_word("Line", Place("Líně", 49.69, 13.26, country="CZ"))
    True
    >>> fold_only_word("Montreal", Place("Montréal", 45.5, -73.6, aliases=("Montreal",)))
    False
"""
from __future__ import annotations

import functools

from journey.assets import data_path
from journey.models import Place

__all__ = ["fold_only_word", "is_common_word", "COMMON_ZIPF"]

# wordfreq's Zipf scale: 4.0 is once per 100,000 words ("line" 5.5, "crossing" 4.3);
# place names that are words of their own sit lower ("Bahia" 2.9, "Vik" 2.4).
COMMON_ZIPF = 4.0


def fold_only_word(written: str, place: Place) -> bool:
    """Whether ``written`` (one word, plain letters) names ``place`` only through
    folding, and is a common English word."""
    if not written.isascii() or not written.isalpha():
        return False
    word = written.casefold()
    if word == place.name.casefold() or any(word == a.casefold() for a in place.aliases):
        return False
    return _zipf(word) >= COMMON_ZIPF


def is_common_word(word: str) -> bool:
    """Whether ``word`` (any case) is a common English word ("rest", "tour", "guide")."""
    return word.isascii() and word.isalpha() and _zipf(word.casefold()) >= COMMON_ZIPF


def _zipf(word: str) -> float:
    if len(word) < 3:
        return COMMON_ZIPF
    return _frequencies().get(word, 0.0)


@functools.cache
def _frequencies() -> dict[str, float]:
    text = data_path("gazetteer", "common_words.txt").read_text("utf-8")
    return {w: float(z) for w, _, z in (line.partition("\t") for line in text.splitlines())}
