"""Compose the stages: article -> mentions -> stops -> route -> HTML.

    >>> from journey.pipeline import build
    >>> result = build()                      # the shipped example
    >>> [s.name for s in result.route.stops][:2]
    ['Pyongyang', 'Omsk']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from journey.assets import data_path
from journey.draft import DraftError, draft_stops
from journey.errors import InputError
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer
from journey.models import Mention, Route
from journey.render import render_html
from journey.route import build_route
from journey.stops import attach_sentences, read_stops

EXAMPLE = "kim-jong-il-2001"


def example_path(name: str) -> Path:
    """A file of the shipped example (article.txt or stops.csv)."""
    return data_path("examples", EXAMPLE, name)


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a user's text file, turning OS and decoding failures into one clear error."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror}); check its permissions") from None
    if b"\x00" in raw[:4096]:
        raise InputError(f"{p}: looks like a binary file, not text; give a UTF-8 text file")
    try:
        return raw.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not valid {encoding or 'UTF-8'} text (byte {exc.start}); "
                         "save it as UTF-8 or pass --encoding, e.g. --encoding cp1252") from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None


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


def build(article: str | None = None, stops_csv: str | None = None, *,
          stops_origin: str = "stops.csv", title: str | None = None,
          template_dir: str | Path | None = None, gazetteer: Gazetteer | None = None
          ) -> BuildResult:
    """Build the map from article text and stop-file text (both default to the example)."""
    gaz = gazetteer or Gazetteer.default()
    # An article without a stop file: draft the stops from the article itself.
    drafting = article is not None and stops_csv is None
    if article is None:
        article = example_path("article.txt").read_text("utf-8")
    if not article.strip():
        raise InputError("the article is empty; give a text file with the story")
    if stops_csv is None and not drafting:
        stops_csv = example_path("stops.csv").read_text("utf-8")
        stops_origin = f"examples/{EXAMPLE}/stops.csv"
    mentions = tuple(extract_mentions(article, gaz))
    if drafting:
        stops = draft_stops(article, gaz, mentions)
        if len(stops) < 2:
            raise DraftError(len(stops))
    else:
        stops = attach_sentences(read_stops(stops_csv or "", stops_origin, gaz), mentions, gaz)
    route = build_route(stops)
    html = render_html(route, title=title or guess_title(article), template_dir=template_dir)
    return BuildResult(route, mentions, html)


def build_map(article: str | None = None, stops_csv: str | None = None, **kwargs) -> str:
    """The map HTML for article text and stop-file text (defaults: the shipped example)."""
    return build(article, stops_csv, **kwargs).html
