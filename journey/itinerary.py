"""Itinerary structures in a text: the lists, tables and logs that give a journey's stops
without a movement verb before each place.

Newsrooms get journeys in forms that are not prose: a route header ("Delhi – Jaipur –
Sawai Madhopur – Udaipur"), arrows ("Reykjavik → Selfoss → Vik"), a stage list
("Stage 3: Huangyuan-Haiyan, 131 km"), a dated log ("April 14 – St John's. Ran 26
miles."), a day-by-day ("Day 4: Cusco - Ollantaytambo."), a timetable card ("Visp  arr
08:54"), a programme ("8:30 | Départ de Rome/Fiumicino pour Malte"), a table with its
columns apart (bars, tabs, wide spaces) or run together as copied from a web page ("Day
110th SeptFriPeking to DaihaiChina398"). This module finds them over the extracted
mentions, and looks up the names the extractor left out where a layout puts places, so
that the drafter can read a place in such a structure as a stop, in the structure's
order. Written here rather than
taken from a library: no maintained library reads itinerary layouts over a gazetteer's
mentions; what is needed is a handful of layout rules over lines and separators.

    >>> from journey.models import Mention, Place
    >>> text = "Route: Omsk - Tomsk - Irkutsk"
    >>> ms = [Mention(n, text.index(n), text.index(n) + len(n), text, Place(n, 0, i))
    ...       for i, n in enumerate(("Omsk", "Tomsk", "Irkutsk"))]
    >>> [[m.text for m in s.members] for s in find_structures(text, ms)]
    [['Omsk', 'Tomsk', 'Irkutsk']]
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Sequence

from journey.gazetteer import STOP_WORDS, Gazetteer, normalize
from journey.geo import haversine_km
from journey.models import Mention, Place

# Kinds of place that can be a stop of a structure (countries, regions, seas cannot).
POINT_KINDS = ("city", "station", "landmark", "border", "port", "airport", "village", "island",
               "park", "pass")

# Between two places of a run: an arrow, a dash, a slash, a bar, a middle dot, "to", "via".
_RUN_SEP = re.compile(
    # The first place's state may come between ("Nashville, TN to Chicago", "Athens, Ga. -").
    r"(?:,[ \t]*(?:[A-Z]{2}(?![\w.])|[A-Z][a-z]{1,4}\.))?"
    r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*(?:\u2192|\u21d2|\u27f6|->|=>|>|\u2013|\u2014|--|-|/|"
    r"\||\u00b7|\u2022|[ \t]to[ \t]|[ \t]via[ \t]|[ \t]then[ \t]|,[ \t]*then(?:[ \t]+\w+)?:?)"
    r"[ \t]*(?:back[ \t]+to[ \t]+)?(?:(?:the|a)[ \t]+)?$", re.IGNORECASE)
# Between two places of a row's pair ("Xining-Huangyuan", "Lima - Cusco").
_PAIR_SEP = _RUN_SEP
_SEP_ONLY = (r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*(?:\u2192|\u21d2|\u27f6|->|=>|>|\u2013|\u2014|"
             r"--|-|/|\||\u00b7|\u2022|[ \t]to[ \t]|[ \t]via[ \t])[ \t]*(?:back[ \t]+to[ \t]+)?")
# Names the gazetteer does not know may stand between two places of a run ("Selfoss →
# Vik → Hofn → Akureyri"): the run goes on across them (they are not drafted: no point).
_FEW_WORDS = re.compile(r"(?:[\w'\u2019-]+[ \t:,]+){1,4}$")
_NOT_REACHED = re.compile(r"\b(?:abandoned|cancell?ed|not\s+(?:be\s+)?(?:visited|reached)|"
                          r"called\s+off|impossible|turned\s+back)\b", re.IGNORECASE)
# Unknown names before a row's first known place ("Tucumcari - Albuquerque").
# A name the gazetteer does not know: capitalised words, "of" and the like between them
# ("Great Wall of China", "Teel River").
_UNKNOWN_NAME = (r"[A-Z\u00c0-\u00de][\w'\u2019.]*(?:[ \t](?:(?:of|de|del|la|le|du|des|di|da|"
                 r"the|am|an|upon|on)[ \t])?[A-Z\u00c0-\u00de][\w'\u2019.]*){0,2}")
_LEAD_GAP = re.compile(rf"(?:{_UNKNOWN_NAME}{_SEP_ONLY})+$")
_RUN_GAP = re.compile(rf"{_SEP_ONLY}(?:{_UNKNOWN_NAME}{_SEP_ONLY})+$")

# Months and weekdays in English, French, Italian, Spanish and German (a programme's
# heading "Samedi 2 avril 2022", "Day 3 - 4 juin").
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
          r"janvier|f\u00e9vrier|mars|avril|mai|juin|juillet|ao\u00fbt|septembre|octobre|"
          r"novembre|d\u00e9cembre|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|"
          r"settembre|ottobre|dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|"
          r"octubre|noviembre|diciembre|januar|februar|m\u00e4rz|juni|juli|oktober|dezember)"
          r"(?![^\W\d_])\.?")
_WEEKDAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|"
            r"thu(?:rs?)?|fri|sat|sun|lundi|mardi|"
            r"mercredi|jeudi|vendredi|samedi|dimanche|luned\u00ec|marted\u00ec|mercoled\u00ec|"
            r"gioved\u00ec|venerd\u00ec|sabato|domenica|lunes|martes|mi\u00e9rcoles|jueves|"
            r"viernes|s\u00e1bado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
            r"sonntag)(?![^\W\d_])\.?,?")
_DAY_WORD = (r"(?:day|days|stage|leg|etape|\u00e9tape|tappa|tag|jour|d\u00eda|dia|night|"
             r"week|part)")
_DATE = (rf"(?:{_WEEKDAY}[ \t]+)?(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH}|"
         rf"{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?[ \t]+\d{{4}})?|"
         rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?")
# A day of the month as an ordinal ("1st", "22nd", "13th"; not "1th"): where a day number
# runs into one ("Day 211th Sept" is day 2, 11 September), the shorter day number is
# read first ("Day 817th": day 8; "Day 221st" stays ambiguous and reads as day 2).
_ORDINAL_DAY = r"(?:[23]?1st|2?2nd|2?3rd|1\dth|2?[4-9]th|20th|30th)"
_HEAD_TOKEN = (rf"(?:{_DAY_WORD}[ \t]*\d{{1,2}}?(?={_ORDINAL_DAY}[ \t]+{_MONTH})|"
               rf"{_DAY_WORD}[ \t]*\d+(?:[ \t]*[-\u2013&+][ \t]*\d+)?|{_DATE}|"
               rf"[JD]\d{{1,2}}(?=[ \t:.\-\u2013])|"
               rf"{_WEEKDAY}|\d{{1,2}}[:.h]\d{{2}}(?:[ \t]*[ap]\.?m\.?)?|\d{{1,3}}(?:st|nd|rd|th)?|"
               rf"[-*\u2022\u00b7|\u2192]|->)")
# What may stand before the row's place on its line: day and stage numbers, dates, times,
# bullets, with their punctuation ("Day 4:", "April 14 –", "3.", "08:35").
# A day number run into a date ("Day 110th Sept": day 1, 10 September).
_DAY_THEN_DATE = re.compile(rf"({_DAY_WORD}[ \t]*\d{{1,2}}?)(?={_ORDINAL_DAY}[ \t]+{_MONTH})",
                            re.I)
_HEAD = re.compile(rf"[ \t]*(?:{_HEAD_TOKEN}[ \t]*[:.,()[\]|\u2013\u2014-]*[ \t]*)*", re.I)
# A port call's line of times, over the port's name: "10:00 AM TO 11:59 PM", "Arrival
# 7:00 AM Departure 4:00 PM", "Arr. 08:00 - Dep. 17:00".
_CLOCK = r"\d{1,2}[:.h]\d{2}(?:[ \t]*[ap]\.?m\.?)?"  # "8:30", "10.15 a.m.", "14h30"
_CALL_WORD = r"(?:arrival|arrive|arrives|arr\.?|departure|depart|departs|dep\.?|all[ \t]+aboard)"
_CALL_AT = rf"(?:{_CALL_WORD}:?[ \t]*)"
_CALL_TIMES = re.compile(rf"{_CALL_AT}?{_CLOCK}[ \t]*(?:to|until|-|\u2013|\u2014)?[ \t]*"
                         rf"{_CALL_AT}?{_CLOCK}|{_CALL_AT}{_CLOCK}", re.I)  # two times, or a word
_TELLING_HEAD = re.compile(rf"{_DAY_WORD}[ \t]*\d|{_DATE}|^\d{{1,3}}[.)]$|^[JD]\d", re.I)
# After a bare row's place: a figure (a time, km), as in a timetable or a table column.
_FIGURE_AFTER = re.compile(r"[^\n]{0,40}?\d")


@dataclass(frozen=True)
class Structure:
    """Places the text lays out as an itinerary, in its order (a place may repeat)."""

    kind: str  # "run" (a line of places joined by separators) or "rows" (a table or log)
    members: tuple[Mention, ...]
    labels: tuple[str, ...]  # per member: its row's head ("Day 4", "April 14"), or ""
    excerpt: str  # the structure's opening words, for the reader ("Moscow – Vladimir – …")

    def describe(self, i: int) -> str:
        """In words, why member ``i`` is a stop: "3rd place of the list 'Moscow – …'"."""
        n = i + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        what = "list" if self.kind == "run" else "table"
        label = f" ({self.labels[i]})" if self.labels[i] else ""
        m = self.members[i]
        read = f", '{m.text}' read as {m.place.name}" if m.place is not None and \
            normalize(m.text).replace(" ", "") != normalize(m.place.name).replace(" ", "") else ""
        return f"{n}{suffix} place of the {what} '{self.excerpt}'{label}{read}"


def _points(mentions: Sequence[Mention]) -> list[Mention]:
    return [m for m in mentions if m.place is not None and m.place.kind in POINT_KINDS]


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _excerpt(text: str, start: int = 0, end: int | None = None) -> str:
    words = " ".join(text[start:end].split())
    return words if len(words) <= 48 else words[:46].rstrip() + " \u2026"


def _runs(text: str, points: list[Mention]) -> list[list[Mention]]:
    """Maximal chains of places joined by run separators on one line."""
    runs: list[list[Mention]] = []
    current: list[Mention] = []
    for m in points:
        between = text[current[-1].end:m.start] if current else ""
        if current and "\n" not in between and (_RUN_SEP.match(between) or
                                                 _RUN_GAP.match(between)):
            current.append(m)
            continue
        if current:
            runs.append(current)
        current = [m]
    if current:
        runs.append(current)
    return runs


_NAME_AT = re.compile(r"[A-Z\u00c0-\u00de][\w'\u2019.]*(?:(?:[ \t]|-(?=[A-Z]))(?:[A-Z\u00c0-\u00de]"
                      r"[\w'\u2019.]*|de|del|la|le|du|aux|of|on|upon|am|an|en|sur)){0,3}")
# (Each run of spaces is read from its start only: a long run costs its length once.)
_LAYOUT_SEP = re.compile(r"(?<![ \t])(?:[ \t]*(?:\u2192|\u21d2|\u27f6|->|=>|\u2013|\u2014|--|/|\|)|"
                         r"[ \t]+-|-[ \t]|[ \t]+to(?=[ \t])|[ \t]+via(?=[ \t]))[ \t]*")
_NAME_BEFORE = re.compile(r"(?:^|(?<=[\s(:]))([A-Z\u00c0-\u00de][\w'\u2019]*(?:[ \t][A-Z\u00c0-\u00de]"
                          r"[\w'\u2019]*){0,2})$")


def layout_mentions(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer,
                    rows: _RowLines | None = None) -> list[Mention]:
    """Places the extractor left out that stand where a layout puts places: at the head
    of a row ("11 June - Kirkwall."), on either side of an arrow or a dash ("Adelaide –
    Port Augusta"), in a table's cell. A name the gazetteer knows exactly as written
    (accents and case aside), not a common word; in a stage or day row's cell also another
    name of a place or a word (:func:`_row_place`). Only for reading structures: prose
    never sees them. ``rows``: where the stage and day rows start, if known."""
    rows = _row_lines(text) if rows is None else rows
    positions, inner = _layout_positions(text, rows)
    starts = {m.start for m in mentions}
    spans = sorted((m.start, m.end) for m in mentions)
    span_starts = [a for a, _ in spans]
    cache: dict[tuple[str, bool], Place | None] = {}
    out: list[Mention] = []
    extra_end = -1
    for pos in sorted(positions | inner):
        i = bisect.bisect_right(span_starts, pos) - 1
        if pos in starts or pos < extra_end or (i >= 0 and pos < spans[i][1]):
            continue
        row_line = pos in positions and _line_bounds(text, pos)[0] in rows
        found = _layout_name(text, pos, gazetteer, cache, row_line=row_line,
                             trusted=pos in positions)
        if found is not None:
            out.append(found)
            extra_end = found.end
    return out


def _layout_positions(text: str, rows: _RowLines) -> tuple[set[int], set[int]]:
    """Where a layout puts a place's name: each line's start after its head, either side
    of a separator, after a table's column gaps, after a stage row's hyphen; and, apart,
    the later words of a name before a separator (a place there only if big)."""
    positions: set[int] = set()
    inner: set[int] = set()
    line_start = 0
    while line_start <= len(text):
        head_end = _HEAD.match(text, line_start).end()
        positions.add(head_end)
        if head_end > line_start and line_start in rows:
            # A day's entry may say a few words first ("Day 1 – Arrive Lima").
            lead = _LEAD_WORDS.match(text, head_end)
            if lead is not None:
                positions.update(head_end + w.start() for w in
                                 re.finditer(r"(?<=[ \t])[A-Z\u00c0-\u00de]", lead.group(0)))
        nl = text.find("\n", line_start)
        if nl < 0:
            break
        line_start = nl + 1
    for sep in _LAYOUT_SEP.finditer(text):
        positions.add(sep.end())
        before = _NAME_BEFORE.search(text, max(0, sep.start() - 60), sep.start())
        if before is None:
            continue
        # A weekday or month of the row's head is no part of the name ("Sat Kozakli to").
        head_words = _HEAD_WORDS.match(before.group(1))
        if head_words.end() and head_words.end() < len(before.group(1)):
            positions.add(before.start(1) + head_words.end())
            continue
        positions.add(before.start(1))
        # A later word may start the name ("Shinkansen Tokyo - Kyoto"), when it names a
        # big place ("Wadi Rum" is not the island of Rum).
        inner.update(before.start(1) + w.start() for w in
                     re.finditer(r"(?<=[ \t])\S", before.group(1)))
    # A table's cells: after each column gap of a line that has two or more.
    gaps_by_line: dict[int, list[int]] = {}
    for gap in _GAP_SCAN.finditer(text):
        gaps_by_line.setdefault(text.rfind("\n", 0, gap.start()) + 1, []).append(gap.end())
    positions.update(end for ends in gaps_by_line.values() if len(ends) >= 2 for end in ends)
    # In a stage or pair row ("Stage 5: Gonghe-Guide, 118 km") the place after the hyphen
    # starts where the hyphen ends.
    for hyphen in re.finditer(r"(?<=\w)-(?=[A-Z\u00c0-\u00de])", text):
        if _line_bounds(text, hyphen.start())[0] in rows:
            positions.add(hyphen.end())
    return positions, inner


def _layout_name(text: str, pos: int, gaz: Gazetteer, cache: dict[tuple[str, bool],
                 Place | None], *, row_line: bool, trusted: bool) -> Mention | None:
    """The place named at ``pos``, longest name first, where the name ends there: at a
    separator, a figure, punctuation, a lower-case word ("Ullapool pier") or the country
    it is in ("Datong China"), not inside a longer name ("Inca Trails")."""
    m = _NAME_AT.match(text, pos)
    if m is None:
        return None
    whole = m.group(0).rstrip(".")
    # Prefixes, longest first, cut where a word ends ("Xining-Huangyuan" -> "Xining").
    for cut in [len(whole)] + [b.start() for b in re.finditer(r"[ \t-]", whole)][::-1]:
        name = whole[:cut].rstrip(".")
        rest = text[pos + len(name):pos + len(name) + 40]
        in_row = row_line and _in_cell(text, pos, pos + len(name))
        ends = bool(_ENDS_NAME.match(rest) or in_row and _EVENT_AFTER.match(rest))
        countries = () if ends else _countries_after(rest, gaz)
        if not ends and not countries:
            continue
        if (name, in_row) not in cache:
            cache[name, in_row] = _row_place(name, gaz) if in_row else _exact_place(name, gaz)
        place = cache[name, in_row]
        if place is not None and countries and place.country not in countries:
            continue  # "Outer Mongolia" is no town Outer in Mongolia
        if place is None or not (trusted or in_row or place.population >= BIG_PLACE):
            continue
        return Mention(name, pos, pos + len(name), _line(text, pos), place,
                       confidence=_layout_confidence(name, place, gaz),
                       sentence_start=_line_bounds(text, pos)[0])
    return None


def _layout_confidence(name: str, place: Place, gaz: Gazetteer) -> float:
    """Sure of a name only one place has; less of one with namesakes; less still where
    only the row's layout made it a place (another name, a word such as "Guide")."""
    if _exact_place(name, gaz) is not place:
        return 0.45
    return 0.8 if sum(p.kind in POINT_KINDS for p in gaz.candidates(name)) == 1 else 0.6


_LEAD_WORDS = re.compile(r"(?:[\w'\u2019-]+[ \t]+){1,3}[A-Z\u00c0-\u00de]")  # "Arrive Lima"
_CALENDAR_WORD = re.compile(rf"{_WEEKDAY}|{_MONTH}", re.I)
_HEAD_WORDS = re.compile(rf"(?:(?:{_WEEKDAY}|{_MONTH})[ \t]+)*", re.I)
BIG_PLACE = 100_000  # people: a name inside a run of capitals counts only if this big
_ENDS_NAME = re.compile(r"(?:$|[ \t]*(?:[^\w\s'\u2019]|\n|$)|[ \t]+[a-z\d]|-(?=[A-Z])|"
                        r"[ \t]+(?:Via|VIA|To|TO)\b|\t|[ ]{2})")


def _countries_after(rest: str, gaz: Gazetteer) -> tuple[str, ...]:
    """The countries a name is followed by, as in a table's column ("Datong China")."""
    m = re.match(r"[ \t]+([A-Z][\w]+(?:[ \t][A-Z][\w]+)?)", rest)
    if m is None:
        return ()
    return tuple(p.country for p in gaz.candidates(m.group(1)) if p.kind == "country")


def _line(text: str, pos: int) -> str:
    start, end = _line_bounds(text, pos)
    return text[start:end].strip()


# A row of a stage list or a day-by-day: a day, stage or date before its place, or a
# distance after it ("Stage 3: Ledu-Xining, 128 km", "Day 4 Cusco - Puno 390 km").
_ROW_DAY = re.compile(rf"\b{_DAY_WORD}[ \t]*\d", re.I)  # within 40 characters of the line start
_ROW_LINE = re.compile(rf"[ \t]*(?:{_DATE}\b|[JD]\d)", re.I)
_ROW_DISTANCE = re.compile(r"\d[ \t]*(?:km|mi|miles|kms)\b", re.I)
# Words that follow a place in a stage row without being part of its name ("Xining
# Circuit Race", "Zhongwei Stage", "Khovd - Rest Day").
_EVENT_AFTER = re.compile(r"[ \t]+(?:circuit|stage|race|loop|criterium|prologue|time[ \t]+trial|"
                          r"rest[ \t]+day|city[ \t]+circuit)\b", re.I)


_CELL_BEFORE = re.compile(rf"(?:{_SEP_ONLY}|\t|[ ]{{2}}|\|[ \t]*)$")
_CELL_AFTER = re.compile(rf"{_SEP_ONLY}|[ \t]*(?:$|\n|\t|[ ]{{2}}|\||,?[ \t]*\d)")


def _in_cell(text: str, start: int, end: int) -> bool:
    """Whether a name stands as a row's cell or one side of its pair: a separator, a
    column gap or a figure next to it ("Gonghe-Guide, 118 km"), not a word of its entry
    ("11 Feb. Course for South Georgia")."""
    line_start = _line_bounds(text, start)[0]
    return bool(_CELL_BEFORE.search(text, max(line_start, start - 24), start) or
                _CELL_AFTER.match(text, end))


class _RowLines:
    """Which lines are stage or day rows, by where they start: a day, stage or date near
    the line's start, or a distance on it. Each line is read when first asked about."""

    def __init__(self, text: str):
        self.text = text
        self.known: dict[int, bool] = {}

    def __contains__(self, line_start: int) -> bool:
        found = self.known.get(line_start)
        if found is None:
            text = self.text
            end = text.find("\n", line_start)
            end = len(text) if end < 0 else end
            found = self.known[line_start] = bool(
                _ROW_LINE.match(text, line_start, end) or
                _ROW_DISTANCE.search(text, line_start, end) or
                _ROW_DAY.search(text, line_start, min(end, line_start + 48)))
        return found


def _row_lines(text: str) -> _RowLines:
    """Where the lines that are stage or day rows start (each read when asked about)."""
    return _RowLines(text)


def _row_place(name: str, gaz: Gazetteer) -> Place | None:
    """A name in a stage or day row: its own name first, else a point place the gazetteer
    knows by it as another name ("Peking", "Ledu"), a small town or a name that is also a
    word ("Guide"): a place of the row's layout is a place (the review flags show doubt)."""
    exact = _exact_place(name, gaz)
    if exact is not None or len(name) < 3 or name.isupper() and len(name) < 5 or \
            normalize(name) in STOP_WORDS or \
            _CALENDAR_WORD.fullmatch(name):
        return exact
    key = normalize(name)
    found = [p for p in gaz.candidates(name) if p.kind in POINT_KINDS]
    # Its own name first ("Guide" the town), then another name ("Ledu" for Nianbo).
    return max(found, key=lambda p: (normalize(p.name) == key, p.population), default=None)


def _is_word(gaz: Gazetteer, key: str) -> bool:
    """Whether only small places have this name and it is also a common word ("Highway",
    "Lake", "Guide"): a place only in a row's cell, never at the head of a line."""
    return gaz.is_word(key)


def _exact_place(name: str, gaz: Gazetteer) -> Place | None:
    """The most populous point place whose own name is ``name``, or None."""
    key = normalize(name)
    if len(name) < 3 or key in STOP_WORDS or name.isupper() and len(name) < 5 or \
            _CALENDAR_WORD.fullmatch(name) or _is_word(gaz, key):
        return None
    found = [p for p in gaz.candidates(name) if p.kind in POINT_KINDS and
             (normalize(p.name) == key or normalize(p.name).replace(" ", "") ==
              key.replace(" ", ""))]
    return max(found, key=lambda p: p.population, default=None)


def find_structures(text: str, mentions: Sequence[Mention],
                    gazetteer: Gazetteer | None = None) -> list[Structure]:
    """The itinerary structures of ``text``: runs of three or more places and tables or
    logs of rows that each open with a place (after a day, stage, date or time). With a
    ``gazetteer``, names the extractor left out where a layout puts places count too
    (:func:`layout_mentions`)."""
    view, origin = _unglued(text)
    if origin is None:
        return _find_structures(text, mentions, gazetteer)
    # Read the table with its columns apart, then give each place back its own offsets.
    to_view = {o: v for v, o in enumerate(origin)}
    own = {}
    shifted = []
    for m in mentions:
        # Its end is after its last character (not after a space put in where it ends).
        end = to_view[m.end - 1] + 1 if m.end > m.start else to_view[m.start]
        moved = dataclasses.replace(m, start=to_view[m.start], end=end)
        own[moved.start] = m
        shifted.append(moved)

    def back(m: Mention) -> Mention:
        if m.start in own:
            return own[m.start]
        start, end = origin[m.start], origin[m.end]
        return dataclasses.replace(m, text=text[start:end], start=start, end=end,
                                   sentence=_line(text, start),
                                   sentence_start=_line_bounds(text, start)[0])

    return [dataclasses.replace(st, members=tuple(back(m) for m in st.members))
            for st in _find_structures(view, shifted, gazetteer)]


# Columns run together, as a table copied out of a web page comes out as text ("Day
# 110th SeptFriPeking to DaihaiChina398"): a lower-case letter before a capital or a
# figure, a figure before a capital.
_GLUE = re.compile(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z\u00c0-\u00de\d])|(?<=\d)(?=[A-Z\u00c0-\u00de])")
_CAMEL = re.compile(r"[a-z\u00df-\u00ff][A-Z\u00c0-\u00de]")
GLUED_ROWS = 3  # lines with columns run together that make a glued table


def _unglued(text: str) -> tuple[str, list[int] | None]:
    """``text`` with a space where the columns of a glued table meet, and for each
    position of that view (and its end) the position in ``text`` it comes from. Only lines
    with two or more joins count ("McDonald" is a name), and only when three lines have
    them; otherwise ``text`` itself and None."""
    if len(_CAMEL.findall(text)) < 2 * GLUED_ROWS:
        return text, None
    lines = text.split("\n")
    glued = [len(_CAMEL.findall(line)) >= 2 for line in lines]
    if sum(glued) < GLUED_ROWS:
        return text, None
    view: list[str] = []
    origin: list[int] = []
    pos = 0
    for line, is_glued in zip(lines, glued):
        cuts = {m.start() for m in _GLUE.finditer(line)} if is_glued else set()
        for i, ch in enumerate(line):
            if i in cuts:
                view.append(" ")
                origin.append(pos + i)
            view.append(ch)
            origin.append(pos + i)
        pos += len(line)
        if pos < len(text):
            view.append("\n")
            origin.append(pos)
            pos += 1
    origin.append(len(text))
    return "".join(view), origin


# A capitalised word just before a name: the name is a later word of a longer one
# ("Abant Lake" is no village Lake), unless it is a weekday or month of the row's head.
_WORD_BEFORE = re.compile(rf"(?<![\w'\u2019])(?!(?i:{_WEEKDAY}|{_MONTH})[ \t])"
                          rf"[A-Z\u00c0-\u00de][\w'\u2019]*[ \t]$")


def _structure_points(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer | None
                      ) -> list[Mention]:
    """The point places a structure may hold, with those only the layout names, in text
    order; a place named like a word ("Guide") only in a stage or day row's cell."""
    if gazetteer is None:
        return _points(mentions)
    rows = _row_lines(text)
    points = _points(sorted([*mentions, *layout_mentions(text, mentions, gazetteer, rows)],
                            key=lambda m: m.start))
    return [m for m in points if not _is_word(gazetteer, normalize(m.text)) or
            _line_bounds(text, m.start)[0] in rows and _in_cell(text, m.start, m.end) and
            not _WORD_BEFORE.search(text, max(0, m.start - 30), m.start)]


def _find_structures(text: str, mentions: Sequence[Mention],
                     gazetteer: Gazetteer | None) -> list[Structure]:
    points = _structure_points(text, mentions, gazetteer)
    out = []
    groups = _row_groups(_rows(text, points), text)
    in_rows = {m.start for group in groups for row in group for m in row[1]}
    for run in _runs(text, points):
        if len({(m.place.name, m.place.lat) for m in run}) >= 3 and \
                not any(m.start in in_rows for m in run):
            out.append(Structure("run", tuple(run), ("",) * len(run),
                                 _excerpt(text, run[0].start, run[-1].end)))
    for group in groups + _pair_groups(text, points, in_rows):
        members = [m for _, row, _ in group for m in row]
        group = _column_labels(text, group)
        labels = [label for _, row, label in group for _ in row]
        # Its first rows' own lines, not the entries between them.
        lines = (_line(text, row[0].start) for _, row, _ in group[:3])
        out.append(Structure("rows", tuple(members), tuple(labels), _excerpt(" ".join(lines))))
    return sorted(out, key=lambda s: s.members[0].start)


_HEADER_SPLIT = re.compile(r"\t|[ ]{2,}|\|")


def _column_labels(text: str, group: list[tuple[int, list[Mention], str]]
                   ) -> list[tuple[int, list[Mention], str]]:
    """A table whose header names its first column "Day" or "Stage" ("Day  Halt  Km"):
    its rows numbered in that column are labelled "Day 2", "Stage 3"."""
    first_line = _line_bounds(text, group[0][1][0].start)[0]
    header = ""  # the nearest line above without figures, of two cells or more
    for line in reversed(text[:first_line].split("\n")[-8:-1]):
        if not line.strip():
            break
        if re.fullmatch(r"[\s|:+=-]+", line):
            continue  # a rule under the header: "|---|---|"
        if not re.search(r"\d", line) and len(_HEADER_SPLIT.split(line.strip())) >= 2:
            header = line
            break
    cells = [c.strip() for c in _HEADER_SPLIT.split(header) if c.strip()]
    if not cells or not re.fullmatch(_DAY_WORD, cells[0], re.I):
        return group
    out = []
    for lines_before, chain, label in group:
        start = _line_bounds(text, chain[0].start)[0]
        number = re.match(r"[ \t|]*(\d{1,3})\b", text[start:chain[0].start])
        if not label and number:
            label = f"{cells[0]} {number.group(1)}"
        out.append((lines_before, chain, label))
    return out


def _rows(text: str, points: list[Mention]) -> list[tuple[int, list[Mention], str]]:
    """Lines that open with a place: (line number, the line's places in a chain, head)."""
    by_line: dict[int, list[Mention]] = {}
    for m in points:
        by_line.setdefault(text.rfind("\n", 0, m.start) + 1, []).append(m)
    rows = []
    counted_to, lines_before = 0, 0  # non-blank lines before each row, counted once
    for line_start, ms in sorted(by_line.items()):
        # Both are line starts: what lies between is whole lines, each ending in "\n".
        lines_before += sum(1 for line in text[counted_to:line_start].split("\n")[:-1]
                            if line.strip())
        counted_to = line_start
        row = _row(text, line_start, ms)
        if row is not None:
            rows.append((lines_before, *row))
    return rows


def _row(text: str, line_start: int, ms: list[Mention]) -> tuple[list[Mention], str] | None:
    """The row a line with places makes, if any: its places in a chain, and its label."""
    head = _HEAD.match(text, line_start)
    # A weekday or a word the head holds ("Mon 3 June:") is no place of the row.
    ms = [m for m in ms if m.start >= head.end()]
    if not ms:
        return None
    first = ms[0]
    head_text = _DAY_THEN_DATE.sub(r"\1, ", " ".join(
        text[line_start:head.end()].strip(" \t:,-\u2013\u2014|([").split()))
    lead = text[head.end():first.start]
    if not head_text and not lead and not _line(text, line_start).isupper():
        # Only for a line a place opens, not a day's heading in capitals ("ROME - MALTE")
        # that its timed rows then tell in detail.
        head_text = _head_above(text, line_start)
    # A timetable's row: a time, then the place ("08:15 Zürich HB"), not a programme's
    # event named by a word with its complement ("15:50 | Réunion de prière", read for
    # the places after its prepositions).
    timed = bool(_TIME_HEAD.match(head_text))
    event = timed and not lead and bool(_COMPLEMENT.match(text, first.end))
    telling = bool(_TELLING_HEAD.search(head_text) or _CALL_TIMES.fullmatch(head_text)) or \
        not lead and timed and not event
    # After a day or date, a few words may come first ("6 Feb. First landing: Deception
    # Island", "17 Feb. Disembarked Ushuaia").
    if event or lead and not _LEAD_GAP.match(lead) and not (telling and _FEW_WORDS.match(lead)):
        chain = _scheduled(text, ms) if timed else []
        return (chain, head_text) if chain else None
    line_end = _line_bounds(text, first.start)[1]
    # Unless the entry says the place was not reached ("Voyage to South Georgia abandoned").
    if _NOT_REACHED.search(text, first.end, line_end) or _in_longer_name(text, first):
        return None
    chain = [first]
    for m in ms[1:]:
        if not (_PAIR_SEP.match(text[chain[-1].end:m.start]) or
                _TIMED_PAIR.fullmatch(text, chain[-1].end, m.start) or
                _COLUMN_GAP.fullmatch(text, chain[-1].end, m.start)):
            break
        chain.append(m)
    rest = text[chain[-1].end:line_end]
    if not telling and not _bare_row(text, line_start, line_end, chain, rest):
        return None
    on_the_way = _STOP_ON_THE_WAY.search(rest) if len(chain) >= 2 else None
    if on_the_way is not None:
        # "Tampa, FL to Nashville, TN with a stop in Atlanta, GA": on the way, not after.
        at = chain[-1].end + on_the_way.end()
        way = next((m for m in ms if m.start == at), None)
        if way is not None:
            chain = chain[:-1] + [way, chain[-1]]
            rest = text[way.end:line_end]
    # A log entry may give its date after the place ("Gander, NF - April 21:").
    dated = _DATE_AFTER.match(rest)
    return chain, head_text if telling else dated.group(1) if dated else ""


def _head_above(text: str, line_start: int) -> str:
    """A day or date alone on the line above ("Day 1", then "Lima to Cusco"), or a port
    call's times ("7:00 AM TO 3:00 PM", "Arrival 7:00 AM Departure 4:00 PM"), or ""."""
    above_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    above = text[above_start:max(above_start, line_start - 1)]
    if _CALL_TIMES.fullmatch(above.strip()):
        return " ".join(above.split())
    head = _HEAD.match(above)
    if not above.strip() or head.end() < len(above.rstrip()):
        return ""
    words = " ".join(above.strip(" \t:,-\u2013\u2014|([").split())
    return words if _TELLING_HEAD.search(words) else ""


def _in_longer_name(text: str, first: Mention) -> bool:
    """Whether a row's first place is part of a longer name ("Inca Trails and Lake
    Titicaca - 10 days"), not followed by a pier or station, a separator, the kind of
    stage ("Xining Circuit Race") or another column ("Daihai China 398")."""
    return bool(re.match(r"[ \t]+[A-Z](?!(?:ier|tation|irport|arbou?r|ort|erminal|us|quare|"
                         r"ent(?:re|er)|erry)\b)", text[first.end:first.end + 12])) and \
        not _PAIR_SEP.match(text[first.end:first.end + 6]) and \
        not _EVENT_AFTER.match(text, first.end) and \
        not _COLUMN_GAP.match(text, first.end) and \
        not _LAST_COLUMN.match(text, first.end)


def _bare_row(text: str, line_start: int, line_end: int, chain: list[Mention],
              rest: str) -> bool:
    """Without a day, stage or date before it, a row is a short line: a place with a
    figure after it (a time, km: a timetable, a table column, "Gander, NF - April 21:"),
    or only places: a heading ("Reykjavik to Vik"), an item of a list ("- Cusco")."""
    if line_end - line_start > 80:
        return False
    if _FIGURE_AFTER.match(rest):
        return True
    if len(chain) == 1 and _QUALIFIER_ONLY.fullmatch(rest) and \
            text[line_start:chain[0].start].strip() == "":
        return True  # "Pittsburgh, Pennsylvania" over the stop's events, as a tour's schedule
    return bool(len(chain) >= 2 or _LISTED.match(text, line_start) or
                _ARROW_NEXT.match(text, line_end)) and not rest.strip(" \t.:;,|")


# A row's "A to B" with a stop between told after it.
_STOP_ON_THE_WAY = re.compile(r"^(?:,[ \t]*[A-Z]{2}\b)?[ \t]*,?[ \t]*(?:with|via|and)[ \t]+"
                              r"(?:a[ \t]+)?(?:short[ \t]+)?(?:stop|stopover|detour|break)s?[ \t]+"
                              r"(?:in|at|to)[ \t]+(?:the[ \t]+)?")
# After a place alone on its line, only its state or country: "Akron, Ohio".
_QUALIFIER_ONLY = re.compile(r",[ \t]*[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,2}[ \t]*")
# A programme's row opens with a time ("8:30 | Départ de Rome/Fiumicino pour Malte",
# "10.15 a.m. Mass at Floriana") and names its places after a preposition.
_TIME_HEAD = re.compile(rf"{_CLOCK}$", re.I)
_PLACE_PREP = re.compile(
    r"(?:(?<![\w'\u2019])(?:at|in|to|from|for|into|via|near|on|of|\u00e0|au|aux|de|du|des|pour|"
    r"vers|en|a|da|di|del|della|per|al|verso|para|hacia|nach|von|ab|bei|zum|zur|em|no|na|do)"
    r"[ \t]+|(?<![\w])(?:d|l|all|dall|dell)['\u2019]|/)$", re.I)


_COMPLEMENT = re.compile(r"[ \t]+(?:de|du|des|of|the|di|del|della|dello|von|der|des)[ \t]", re.I)


def _scheduled(text: str, ms: list[Mention]) -> list[Mention]:
    """The places of a programme's timed row, in its order: each named after a
    preposition or a slash ("de Rome/Fiumicino"), not a row that says it was called off."""
    out: list[Mention] = []
    for m in ms:
        if _PLACE_PREP.search(text, max(0, m.start - 8), m.start) and \
                not _NOT_REACHED.search(text, m.end, _line_bounds(text, m.start)[1]):
            if out and text[out[-1].end:m.start].strip() == "/" and haversine_km(
                    out[-1].place.lat, out[-1].place.lon, m.place.lat, m.place.lon) <= 50:
                out.pop()  # "Rome/Fiumicino": the airport of Rome, one stop
            out.append(m)
    return out


# A line that is an item of a list of places: a bullet, a number or an arrow, then only
# the place ("- Cusco", "2. Cusco", "\u2192 Cusco").
_LISTED = re.compile(r"[ \t]*(?:[-*\u2022\u00b7\u2192]|->|\d{1,2}[.)])[ \t]")
_ARROW_NEXT = re.compile(r"\n[ \t]*(?:\u2192|->)")  # "Lima", then "\u2192 Cusco" on the next line
# A timetable's pair with the times by the places ("Oban 07:00 - Craignure 07:50").
_TIMED_PAIR = re.compile(rf"[ \t]*(?:(?:dep\.?|arr\.?)[ \t]*)?\d{{1,2}}[:.h]\d{{2}}{_SEP_ONLY}")
# One more word and a figure or the line's end: another column ("Daihai China 398").
# (Not a heading in capitals: "GLACIER EXPRESS 902".)
_LAST_COLUMN = re.compile(r"[ \t]+[A-Z\u00c0-\u00de][a-z\u00df-\u00ff][\w'\u2019]*"
                          r"[ \t]*(?:\d|\n|$)")
# Between two cells of a table's row: a tab, two spaces or more, a bar.
_GAP_SCAN = re.compile(r"(?: {2,}|[\t|])[ \t]*")  # the same, fast to look for over a text
_COLUMN_GAP = re.compile(r"[ \t]*\t[ \t]*|[ ]{2,}|[ \t]*\|[ \t]*")
_PAIR_DASH = re.compile(r"[ \t]*(?:\u2192|\u21d2|->|=>|\u2013|\u2014|--|-)[ \t]*$")


def _pair_groups(text: str, points: list[Mention], taken: set[int]
                 ) -> list[list[tuple[int, list[Mention], str]]]:
    """"A - B" pairs on lines near each other ("08:15 Shinkansen Tokyo - Kyoto", then
    "09:00 Shinkansen Kyoto - Hiroshima"), read as rows: two or more make a table."""
    pairs = []
    for a, b in zip(points, points[1:]):
        between = text[a.end:b.start]
        if a.start in taken or b.start in taken or "\n" in between or \
                not _PAIR_DASH.match(between):
            continue
        line_start = text.rfind("\n", 0, a.start) + 1
        pairs.append((text.count("\n", 0, line_start), [a, b], ""))
    groups: list[list[tuple[int, list[Mention], str]]] = []
    for pair in pairs:
        if groups and pair[0] - groups[-1][-1][0] <= 6 and pair[0] != groups[-1][-1][0]:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    return [g for g in groups if len(g) >= 2]


_DATE_AFTER = re.compile(rf"(?:,[ \t]*[A-Z]{{2,3}}\.?)?[ \t]*(?:[-\u2013\u2014,:]|\bon\b)[ \t]*"
                         rf"({_DATE}|{_DAY_WORD}[ \t]*\d+)[ \t]*[:.]?[ \t]*$", re.I)


def _row_shape(text: str, chain: list[Mention]) -> str:
    """A row's line with its places as "P", words as "A" or "a" and figures as "0":
    "Gander, NF - April 21:" and "Dartmouth, NS - May 20:" are both "P, A - A 0:"."""
    start, end = _line_bounds(text, chain[0].start)
    line = text[start:chain[0].start] + "\x00" + text[chain[-1].end:end]
    line = re.sub(r"\d+", "0", line)
    line = re.sub(r"[^\W\d_]*[A-Z\u00c0-\u00de][^\W\d_]*", "A", line)
    line = re.sub(r"[^\W\d_]+", "a", line)
    return " ".join(line.split()).replace("\x00", "P")


def _day_headed(head: str) -> bool:
    """Whether a row's head is a day or a date ("Tag 3", "Day 12", "June 4")."""
    return bool(head) and bool(_TELLING_HEAD.search(head))


def _row_groups(rows: list[tuple[int, list[Mention], str]], text: str
                ) -> list[list[tuple[int, list[Mention], str]]]:
    """Rows close together (at most four lines of text apart, blank lines aside) form a
    table; a table of one or two rows is one only when its rows are headed by days,
    stages or dates."""
    groups: list[list[tuple[int, list[Mention], str]]] = []
    for row in rows:
        # Headings of places ("Reykjavik to Vik", then a paragraph, "Vik to Hofn"), and
        # log entries of one shape ("Gander, NF - April 21:", an entry, "Dartmouth, NS -
        # May 20:"), may stand further apart than the rows of a table.
        # So may the days of a day-by-day ("Tag 3: Trondheim", a paragraph, "Tag 4: Bodø").
        gap = 12 if groups and (len(row[1]) >= 2 and len(groups[-1][-1][1]) >= 2 or
                                _row_shape(text, row[1]) ==
                                _row_shape(text, groups[-1][-1][1]) or
                                _day_headed(row[2]) and _day_headed(groups[-1][-1][2])) else 4
        if groups and row[0] - groups[-1][-1][0] <= gap:
            groups[-1].append(row)
        else:
            groups.append([row])
    out = []
    for g in groups:
        places = sum(len(r[1]) for r in g)
        headed = sum(1 for r in g if r[2] or len(r[1]) >= 2)
        if len(g) >= 3 or (headed >= 2 and places >= 3):
            out.append(g)
    return out
