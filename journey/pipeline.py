"""Compose the stages: article -> mentions -> stops -> route -> HTML.

    >>> from journey.pipeline import build
    >>> result = build()                      # the shipped example
    >>> [s.name for s in result.route.stops][:2]
    ['Pyongyang', 'Omsk']
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from journey.assets import data_path
from journey.errors import InputError
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer
from journey.models import Mention, Route, Stop
from journey.render import DEFAULT_TILES, render_html
from journey.route import build_route
from journey.stops import attach_sentences, check_journey, read_stops

EXAMPLE = "kim-jong-il-2001"
EXAMPLE_CREDIT = "CNN, 2001"  # the shipped article, credited wherever quoted
# A popup quotes a stop's first few sentences; a long article must not put all of them in
# the page (a 20 MB article would make a 20 MB map).
QUOTES_PER_STOP = 5


def example_path(name: str) -> Path:
    """A file of the shipped example (article.txt or stops.csv)."""
    return data_path("examples", EXAMPLE, name)


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a user's text file, turning OS and decoding failures into one clear error."""
    return read_text_as(path, encoding)[0]


def read_text_as(path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """The text of a user's file and the encoding it was read with.

    Without ``encoding``: UTF-8 (BOM or not), UTF-16 with a BOM, or Windows-1252 when
    :func:`looks_like_cp1252` is sure; anything else is an error naming the ``--encoding``
    to try.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror}); check its permissions") from None
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; try utf-8, cp1252, cp1251 or "
                             "latin-1") from None
        except UnicodeDecodeError as exc:
            line, col = _byte_line_col(raw, exc.start)
            raise InputError(f"{p}:{line}:{col}: not valid {encoding} text (byte "
                             f"0x{raw[exc.start]:02x}); check which encoding it was saved in"
                             ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    head = raw[:8192]
    if b"\x00" in head:
        hint = ("; if it is UTF-16 text, pass --encoding utf-16-le (or utf-16-be)"
                if head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
                else "")
        raise InputError(f"{p}: looks like a binary file, not text (it has NUL bytes); give a "
                         f"UTF-8 text file{hint}")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    if looks_like_cp1252(raw):
        return raw.decode("cp1252"), "cp1252"
    line, col = _byte_line_col(raw, bad)
    raise InputError(f"{p}:{line}:{col}: not UTF-8 text (byte 0x{raw[bad]:02x}); save it as "
                     f"UTF-8 or pass --encoding {guess_legacy_encoding(raw)}")


_CP1252_PUNCT = frozenset(b"\x80\x85\x91\x92\x93\x94\x96\x97\xa0\xb0\xa9\xab\xbb\xb4")


def looks_like_cp1252(raw: bytes) -> bool:
    """True when bytes that are not UTF-8 read plainly as Western text in Windows-1252.

    The rule: every non-ASCII byte is either a cp1252 typographic mark (curly quotes,
    dashes, ellipsis, nbsp, degree ...) or an accented Latin letter (0xC0-0xFF) standing
    alone between ASCII letters' neighbours (no other non-ASCII byte next to it, an ASCII
    letter on one side); and they are under a fifth of the bytes. Cyrillic, Greek or CJK
    text in a legacy encoding breaks the letter rule in almost every word.
    """
    high = [i for i, b in enumerate(raw) if b >= 0x80]
    if not high or len(high) > 0.2 * len(raw):
        return False
    for i in high:
        b = raw[i]
        if b in _CP1252_PUNCT:
            continue
        before = raw[i - 1] if i > 0 else 0x20
        after = raw[i + 1] if i + 1 < len(raw) else 0x20
        lone = before < 0x80 and after < 0x80
        if lone and b >= 0xC0 and b not in (0xD7, 0xF7) and (
                chr(before).isalpha() or chr(after).isalpha()):
            continue
        return False
    return True


def guess_legacy_encoding(raw: bytes) -> str:
    """The --encoding to suggest for non-UTF-8 bytes (a hint, never used to decode)."""
    high = [b for b in raw if b >= 0x80]
    letters = [b for b in high if b >= 0xC0]
    if len(letters) >= 0.8 * len(high) and len(high) >= 20:
        # Russian text is mostly lower case: 0xE0-0xFF in cp1251, 0xC0-0xDF in KOI8-R.
        upper_half = sum(b >= 0xE0 for b in letters)
        return "cp1251" if upper_half >= len(letters) / 2 else "koi8-r"
    return "cp1252"


def _byte_line_col(raw: bytes, pos: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, pos) + 1
    return raw.count(b"\n", 0, pos) + 1, pos - line_start + 1


def guess_title(article: str) -> str:
    """The headline: the first line that reads like one (skips web-page chrome)."""
    for line in article.splitlines()[:15]:
        line = line.strip()
        if 3 <= len(line.split()) <= 16 and not re.search(r"skip to|^/|[.!?]$", line, re.I):
            return line
    return "Journey"


@dataclass(frozen=True, slots=True)
class BuildResult:
    route: Route
    mentions: tuple[Mention, ...]
    html: str
    title: str = ""


def build(article: str | None = None, stops_csv: str | None = None, *,
          stops_origin: str = "stops.csv", title: str | None = None,
          template_dir: str | Path | None = None, gazetteer: Gazetteer | None = None,
          rail: Sequence[str | Path] = (), tiles: str | None = DEFAULT_TILES,
          article_origin: str = "the article", dateline: date | None = None) -> BuildResult:
    """Build the map from article text and stop-file text (both default to the example).

    ``dateline``: the article's date, against which a drafted stop's "on Friday" resolves.
    ``gazetteer``: make one with :meth:`Gazetteer.load` and pass it to every build; without
    it each call loads its own. Its online layer (``with_geocoder``), if any, is asked
    about names the article has that no offline layer knows.
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    article_credit = ""
    # An article without a stop file: draft the stops from the article itself.
    drafting = article is not None and stops_csv is None
    if article is None:
        article = example_path("article.txt").read_text("utf-8")
        article_credit = EXAMPLE_CREDIT
    if not article.strip():
        raise InputError(f"{article_origin}: the article is empty; give a text file with "
                         "the story")
    if stops_csv is None and not drafting:
        stops_csv = example_path("stops.csv").read_text("utf-8")
        stops_origin = f"examples/{EXAMPLE}/stops.csv"
    mentions = tuple(extract_mentions(article, gaz, online=gaz.fallback))
    if drafting:
        # Only an article without a stop file needs the drafter (and its import time).
        from journey.draft import DraftError, draft_stops

        stops = draft_stops(article, gaz, mentions, dateline=dateline)
        if len(stops) < 2:
            raise DraftError(len(stops))
        stops = tuple(dataclasses.replace(s, sentences=s.sentences[:QUOTES_PER_STOP])
                      for s in stops)
        stops, warnings = check_journey(stops, f"the stops drafted from {article_origin}")
    else:
        stops, warnings = check_journey(read_stops(stops_csv or "", stops_origin, gaz),
                                        stops_origin)
        stops = attach_sentences(stops, mentions, gaz, limit=QUOTES_PER_STOP)
        if not any(s.sentences for s in stops):
            warnings += (f"the article mentions none of the stops in {stops_origin}, so the "
                         "popups have no quotes; is it the right article?",)
    route = build_route(stops, rail=rail)  # rail: the user's extra line files or folders
    if warnings:
        route = dataclasses.replace(route, warnings=warnings + route.warnings)
    title = title or guess_title(article)
    html = render_html(route, title=title, mentions=mentions,
                       article_credit=article_credit, tiles=tiles, template_dir=template_dir)
    return BuildResult(route, mentions, html, title)


def place_mentions(article: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every place the article names, each marked stop or context (``journey places``)."""
    from journey.draft import classify_mentions

    return classify_mentions(article, extract_mentions(article, gazetteer,
                                                       online=gazetteer.fallback))


def draft(article: str, gazetteer: Gazetteer, dateline: date | None = None
          ) -> tuple[Stop, ...]:
    """The drafted stop list of an article (``journey draft``)."""
    from journey.draft import draft_stops

    mentions = extract_mentions(article, gazetteer, online=gazetteer.fallback)
    return draft_stops(article, gazetteer, mentions, dateline=dateline)


def build_map(article: str | None = None, stops_csv: str | None = None, **kwargs) -> str:
    """The map HTML for article text and stop-file text (defaults: the shipped example)."""
    return build(article, stops_csv, **kwargs).html
