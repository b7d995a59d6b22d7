"""Dates and times of the journey: parse the stop file's, draft the article's.

Stop files carry ISO 8601 dates, which :mod:`journey.times` reads. News articles say
"on Friday" or "Saturday" instead: :func:`resolve_dates` turns those into dates against
the article's dateline, from the mentions the caller already extracted.

    >>> from datetime import date
    >>> resolve_weekday("Saturday", date(2001, 8, 3), "will meet Putin on Saturday")
    datetime.date(2001, 8, 4)
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from typing import Sequence

from journey.geo import haversine_km
from journey.models import Mention, Stop
from journey.times import as_datetime, parse_when

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NEAR_KM = 30.0  # a place this close to a stop (its station, its Kremlin) speaks for the stop

_WEEKDAY = re.compile(r"\b(?:(next|last|this)\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(today|tonight|tomorrow|yesterday)\b", re.I)
_CLOCK = re.compile(
    r"\b(?:(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\b\.?|(\d{1,2}):(\d{2})(?!\s*GMT))", re.I)
_FUTURE = re.compile(r"\b(will|due|expected|(?:is|are|was|were) to|plans?|scheduled|next)\b",
                     re.I)
_PAST = re.compile(r"\b(had|has|have|did|left|arrived|reached|passed|went|came|visited|"
                   r"inspected|earlier|ago|yesterday)\b", re.I)
_ARRIVAL = re.compile(r"\b(arriv\w*|reach\w*|pull(?:ed|s)? into|rolled into|due in)\b", re.I)
_DATELINE = re.compile(
    r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b|\b(\d{1,2})\s+("
    + "|".join(MONTHS) + r"),?\s+(\d{4})\b|\b(\d{4}-\d{2}-\d{2})\b", re.I)


def find_dateline(article: str) -> date | None:
    """The first full date written near the top of an article (its dateline), if any."""
    m = _DATELINE.search(article[:1500])
    if not m:
        return None
    try:
        if m.group(7):
            return date.fromisoformat(m.group(7))
        if m.group(1):
            return date(int(m.group(3)), MONTHS.index(m.group(1).lower()) + 1, int(m.group(2)))
        return date(int(m.group(6)), MONTHS.index(m.group(5).lower()) + 1, int(m.group(4)))
    except ValueError:
        return None


def resolve_weekday(weekday: str, dateline: date, sentence: str = "",
                    qualifier: str = "") -> date:
    """The date a weekday name means in a story dated ``dateline``.

    News style names days of the current week: future wording ("will", "due", "was to")
    means the coming one (or the dateline's own day), past wording ("left", "had") the one
    before, otherwise the nearest one (a Friday story's "Thursday" is the day before, its
    "Saturday" the day after).
    """
    target = WEEKDAYS.index(weekday.lower())
    ahead = (target - dateline.weekday()) % 7
    behind = ahead - 7 if ahead else 0
    qualifier = qualifier.lower()
    if qualifier == "next":
        return dateline + timedelta(days=ahead or 7)
    if qualifier == "last":
        return dateline + timedelta(days=behind or -7)
    if qualifier == "this" or _FUTURE.search(sentence):
        return dateline + timedelta(days=ahead)
    if _PAST.search(sentence):
        return dateline + timedelta(days=behind)
    return dateline + timedelta(days=ahead if ahead <= -behind else behind)


def date_in_sentence(sentence: str, dateline: date) -> tuple[datetime | date, str] | None:
    """The day (and clock time, when given) a sentence names, and the words that said so."""
    found: list[tuple[int, date, str]] = []
    for m in _WEEKDAY.finditer(sentence):
        found.append((m.start(), resolve_weekday(m.group(2), dateline, sentence,
                                                 m.group(1) or ""), m.group(0)))
    for m in _RELATIVE.finditer(sentence):
        shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m.group(1).lower()]
        found.append((m.start(), dateline + timedelta(days=shift), m.group(0)))
    if not found:
        return None
    _, day, words = min(found)
    clock = _CLOCK.search(sentence)
    if clock is None:
        return day, words
    if clock.group(1):
        hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
        hour += 12 if clock.group(3).lower() == "p" else 0
    else:
        hour, minute = int(clock.group(4)), int(clock.group(5))
    if hour > 23 or minute > 59:
        return day, words
    return datetime(day.year, day.month, day.day, hour, minute), f"{clock.group(0)} {words}"


def resolve_dates(article: str, stops: Sequence[Stop], mentions: Sequence[Mention],
                  dateline: date | None = None) -> tuple[Stop, ...]:
    """Fill undated stops with the days the article gives for them ("Friday night").

    A sentence speaks for a stop when it names the stop or a place within NEAR_KM of it
    (Moscow's Yaroslavsky station for Moscow). Sentences about arriving win; otherwise the
    earliest day, since a stop is reached before anything that happens there. Without a
    dateline (given, or written at the top of the article) weekdays mean nothing: the
    stops come back unchanged. Each filled date says where it came from in ``source``.
    An inferred stop (the article implies it, names no day for it) is left undated, and so
    is any day that would put the journey out of order with the stops around it.
    """
    dateline = dateline or find_dateline(article)
    if dateline is None:
        return tuple(stops)
    out = []
    filled: list[int] = []
    for stop in stops:
        if stop.date or stop.arrive or stop.inferred:
            out.append(stop)
            continue
        sentences = list(stop.sentences)
        for m in mentions:
            p = m.place
            near = p is not None and haversine_km(p.lat, p.lon, stop.lat, stop.lon) <= NEAR_KM
            if (near or m.text.lower() == stop.name.lower()) and m.sentence not in sentences:
                sentences.append(m.sentence)
        best: tuple[bool, datetime, datetime | date, str] | None = None
        for sentence in sentences:
            hit = date_in_sentence(sentence, dateline)
            if hit is None:
                continue
            key = (not _ARRIVAL.search(sentence), as_datetime(hit[0]), hit[0], hit[1])
            if best is None or key[:2] < best[:2]:
                best = key
        if best is None:
            out.append(stop)
            continue
        when, words = best[2], best[3]
        note = (f"date from the article ({words!r}) counted from its dateline "
                f"{dateline.isoformat()}")
        source = f"{stop.source}; {note}" if stop.source else note
        filled.append(len(out))
        out.append(dataclasses.replace(stop, date=when.isoformat(timespec="minutes")
                                       if isinstance(when, datetime) else when.isoformat(),
                                       source=source))
    return tuple(_keep_in_order(out, filled, stops))


def _keep_in_order(out: list[Stop], filled: list[int], original: Sequence[Stop]) -> list[Stop]:
    """Undo filled dates that fall before an earlier stop's or after a later stop's date."""
    def when(stop: Stop) -> datetime | None:
        text = stop.arrive or stop.date
        return as_datetime(parse_when(text, stop.name)) if text else None

    for i in filled:
        mine = when(out[i])
        before = [w for w in map(when, out[:i]) if w is not None]
        after = [w for w in map(when, out[i + 1:]) if w is not None]
        if mine is not None and ((before and mine < max(before))
                                 or (after and mine > min(after))):
            out[i] = original[i]
    return out
