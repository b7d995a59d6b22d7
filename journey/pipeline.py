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
from journey.render import DEFAULT_TILES, hide_warnings, render_html, timeline_warnings
from journey.route import build_route
from journey.stops import attach_sentences, check_journey, read_stop_file

EXAMPLE = "kim-jong-il-2001"
EXAMPLE_CREDIT = "CNN, 2001"  # the shipped article, credited wherever quoted
# A popup quotes a stop's first few sentences; a long article must not put all of them in
# the page (a 20 MB article would make a 20 MB map).
QUOTES_PER_STOP = 5


def example_path(name: str) -> Path:
    """A file of the shipped example (article.txt or stops.csv)."""
    return data_path("examples", EXAMPLE, name)


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
          article_origin: str = "the article", dateline: date | None = None,
          credit: str | None = None, hide: Sequence[str] = ()) -> BuildResult:
    """Build the map from article text and stop-file text (both default to the example).

    ``dateline``: the article's date, against which a drafted stop's "on Friday" resolves.
    ``gazetteer``: make one with :meth:`Gazetteer.load` and pass it to every build; without
    it each call loads its own. Its online layer (``with_geocoder``), if any, is asked
    about names the article has that no offline layer knows.
    ``credit``: who published the article ("CNN, 2001"), shown under every quote and in
    the footer (default: the example's own; none for another article). ``hide``: names of
    "also mentioned" places to leave off the map.
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    article_credit = ""
    # An article without a stop file: draft the stops from the article itself.
    drafting = article is not None and stops_csv is None
    # The shipped example only when nothing is given: a stop file on its own has no
    # article to quote (never the example's, with its credit).
    no_article = article is None and stops_csv is not None
    if article is None and not no_article:
        article = example_path("article.txt").read_text("utf-8")
        article_credit = EXAMPLE_CREDIT
    elif no_article:
        article = ""
    if not no_article and not article.strip():
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
        stop_file = read_stop_file(stops_csv or "", stops_origin, gaz)
        stops, warnings = check_journey(stop_file.stops, stops_origin)
        warnings = stop_file.warnings + warnings
        stops = attach_sentences(stops, mentions, gaz, limit=QUOTES_PER_STOP)
        if not no_article and not any(s.sentences for s in stops):
            warnings += (f"the article mentions none of the stops in {stops_origin}, so the "
                         "popups have no quotes; is it the right article?",)
    route = build_route(stops, rail=rail)  # rail: the user's extra line files or folders
    warnings += tuple(timeline_warnings(route, stops_origin if not drafting else
                                        f"the stops drafted from {article_origin}"))
    if credit is not None:
        article_credit = " ".join(credit.split())
    warnings += tuple(hide_warnings(route, mentions, hide))
    if warnings:
        route = dataclasses.replace(route, warnings=warnings + route.warnings)
    title = title or (guess_title(article) if not no_article
                      else f"{route.stops[0].name} to {route.stops[-1].name}")
    html = render_html(route, title=title, mentions=mentions,
                       article_credit=article_credit, tiles=tiles, template_dir=template_dir,
                       hidden=hide)
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
