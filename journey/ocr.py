"""Undo the noise of scanned and OCR'd text, keeping a map back to the original offsets.

A digitised 19th-century narrative breaks words across lines ("Tene-\\nriffe",
"Fun-\\nchal"), prints the long s ("paſſage") and ligatures ("ﬁ"), and OCR reads
"m" as "rn" ("Plyrnouth"). :func:`clean` rewrites such text for the geoparser and
returns a :class:`Cleaned` whose ``original`` maps every offset of the cleaned text back
into the text as written, so that mentions found in the cleaned text still point at the
article (their ``text`` is the article's slice, hyphen and line break included).

    >>> c = clean("the paſſage to Fun-\\nchal")
    >>> c.text
    'the passage to Funchal'
    >>> s = c.text.index("Funchal"); c.original(s), c.original(s + len("Funchal"))
    (15, 24)

Written here rather than taken from a library: OCR post-correction packages (e.g.
ocrfixr, ftfy) fix characters or words but return only the new string, and journey needs
the offset map; the rules are few and each is a plain character or word rewrite.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, Sequence

from journey.models import Mention

__all__ = ["Cleaned", "clean"]

# Characters of old print and of ligature code points, each with its modern letters.
_CHARS = {
    "\u017f": "s",  # long s
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00ad": "",  # soft hyphen
}
# A word broken at the end of a line: letters, a hyphen, a line break (perhaps with
# spaces), and the word's lower-case rest ("Tene-\nriffe"). An upper-case rest is a
# compound kept whole ("Anglo-\nFrench").
# The regex starts at the hyphen (a literal: fast to scan for); the letter before it is
# checked by hand, as a look-behind would be tried at every character of the text.
_BROKEN = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[a-z\u00df-\u00ff])")
_WORD_CHARS = re.compile(r"[^\W\d_]*")


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text and, per edit, where it starts in the cleaned text and how far
    offsets after it shift back to the original."""

    text: str
    _starts: tuple[int, ...] = ()
    _shifts: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self._starts)

    def original(self, offset: int, end: bool = False) -> int:
        """The offset in the original text of ``offset`` in the cleaned text. Where text
        was removed there, a start maps past the removed piece and an ``end`` before it
        ("Fun" of "Fun-\\nchal" ends before the hyphen, "chal" starts after the break)."""
        n = (bisect_left if end else bisect_right)(self._starts, offset)
        return offset + (self._shifts[n - 1] if n else 0)

    def remap(self, mentions: Sequence[Mention], original: str) -> list[Mention]:
        """Mentions found in the cleaned text, pointed back into ``original``: offsets,
        ``text`` (the original's slice) and ``sentence`` (the original sentence)."""
        out = []
        original_at = self.original
        for m in mentions:
            start, end = original_at(m.start), original_at(m.end, end=True)
            sentence, s_start = m.sentence, m.sentence_start
            if s_start >= 0:
                s_end = original_at(s_start + len(sentence), end=True)
                s_start = original_at(s_start)
                sentence = original[s_start:s_end]
            # Mention(...) rather than dataclasses.replace: a tenth of the time per mention.
            out.append(Mention(original[start:end], start, end, sentence, m.place, m.is_stop,
                               m.confidence, m.suggestions, s_start))
        return out


def clean(text: str, known: Callable[[str], bool] | None = None) -> Cleaned:
    """``text`` with broken words joined, old characters and ligatures modernised and,
    when ``known`` (whether a word as written is a known name) is given and the text
    shows those signs of OCR, "rn" read as "m" in a capitalised word unknown as written
    but known so.
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original
    if not text.isascii() and any(ch in text for ch in _CHARS):
        for i, ch in enumerate(text):
            if ch in _CHARS:
                edits.append((i, i + 1, _CHARS[ch]))
    if "-" in text and "\n" in text:
        for m in _BROKEN.finditer(text):
            if not m.start() or not text[m.start() - 1].isalpha():
                continue
            # "Stratford-\nupon-Avon" is one name with its hyphen: keep it where the
            # hyphenated word is known and the joined one is not.
            if known is not None and _hyphen_known(text, m, known):
                continue
            edits.append((m.start(), m.end(), ""))
    if known is not None and edits:
        # Only in a text with other signs of OCR: "Corner" is "Comer" in Georgia too.
        edits.extend(_rn_edits(text, known))
    if not edits:
        return Cleaned(text)
    edits.sort()
    out: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    pos = 0
    length = 0
    for start, end, new in edits:
        if start < pos:
            continue  # overlapping edits: the first wins
        out.append(text[pos:start])
        length += start - pos
        out.append(new)
        length += len(new)
        starts.append(length)
        shifts.append(end - length)
        pos = end
    out.append(text[pos:])
    # A shift is fixed per edit: offsets from the edit's end on move by (original end -
    # cleaned end); monotone starts make the map a bisection.
    return Cleaned("".join(out), tuple(starts), tuple(shifts))


def _hyphen_known(text: str, m: re.Match[str], known: Callable[[str], bool]) -> bool:
    left = re.search(r"[^\W\d_]+$", text[max(0, m.start() - 40):m.start()])
    right = re.match(r"[^\W\d_]+", text[m.end():m.end() + 40])
    if left is None or right is None:
        return False
    hyphened = f"{left.group()}-{right.group()}"
    joined = f"{left.group()}{right.group()}"
    return known(hyphened) and not known(joined)


def _rn_edits(text: str, known: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """"Plyrnouth" read as "Plymouth": a capitalised word with "rn" that is unknown as
    written and known with "m". Found from each "rn" (str.find), not by a regex over
    every word: most English texts have "rn" in common words only."""
    out = []
    seen = set()
    i = text.find("rn")
    while i >= 0:
        start = i
        while start > 0 and (text[start - 1].isalpha()):
            start -= 1
        end = _WORD_CHARS.match(text, i).end()
        if start not in seen and text[start:start + 1].isupper():
            seen.add(start)
            word = text[start:end]
            fixed = word.replace("rn", "m")
            nxt = _WORD_CHARS.match(text, end + 1).group() if text[end:end + 1] == " " else ""
            if not known(word) and known(fixed) and not (nxt and known(f"{word} {nxt}")):
                out.append((start, end, fixed))
        i = text.find("rn", end)
    return out
