"""The editable stop list: read, validate and write the stop CSV; attach article quotes.

The columns are documented in README.md ("Stop file").
"""
from __future__ import annotations

import bisect
import csv
import dataclasses
import io
import math
import re
from typing import Iterable, Sequence

from journey.errors import JourneyError, PlaceNotFound, StopFileError, StopFileErrors
from journey.gazetteer import Gazetteer, normalize, split_qualifier
from journey.geo import haversine_km
from journey.models import Mention, Place, Stop
from journey.namesakes import Position, describe, qualified_name, resolve_journey
from journey.numbers import parse_decimal
from journey.times import check_stop_dates

# ``place`` says what a row's lat/lon are the point of ("geonames:2643743",
# "stations.csv:18"): the build re-resolves a row whose name no longer names that place.
COLUMNS = ("name", "lat", "lon", "role", "date", "arrive", "depart", "mode", "planned",
           "note", "quote", "source", "place")
# Read but not written back: write_stops emits the list already in order, and a
# ``country`` (name or ISO code: "Greece", "GR") only narrows the row's name. The
# drafter's ``review`` (what to check), ``confidence`` and ``why`` are for the person
# editing.
NOTE_COLUMNS = ("review", "confidence", "why")
KNOWN_COLUMNS = (*COLUMNS, "order", "country", *NOTE_COLUMNS)
ROLES = ("origin", "stop", "destination", "via", "return")
MODES = ("rail", "road", "sea", "air", "foot", "bicycle")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f", ""}
# Given coordinates this close to the gazetteer's once swapped, and farther as given, are
# a swap, not a deliberate override.
SWAP_MATCH_KM = 50.0


@dataclasses.dataclass(frozen=True, slots=True)
class StopFile:
    """A stop file as read: its stops, the warnings reading it gave, and its dialect.

    ``rows`` are the cells of each stop's row (lower-case column names), in the order of
    ``stops``; ``columns`` the header as read; ``delimiter`` the separator the header used
    (``,``, ``;`` or a tab) and ``decimal_comma`` whether numbers may be written "54,99".
    """

    stops: tuple[Stop, ...]
    warnings: tuple[str, ...] = ()
    rows: tuple[dict[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    delimiter: str = ","

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter != ","


def read_stops(text: str, origin: str, gazetteer: Gazetteer) -> tuple[Stop, ...]:
    """Parse stop-file text; ``origin`` names the file in error messages.

    Rows come back in file order, or sorted by the ``order`` column when the file has one.
    Every problem is a :class:`StopFileError` (or :class:`PlaceNotFound`) that starts
    ``origin:line`` (``origin:line:column`` for CSV syntax errors); several bad rows are one
    :class:`StopFileErrors` listing each. Names with namesakes are resolved together, as
    one journey; the warnings are :func:`read_stop_file`'s.
    """
    return read_stop_file(text, origin, gazetteer).stops


def read_stop_list(text: str, origin: str, gazetteer: Gazetteer
                   ) -> tuple[tuple[Stop, ...], tuple[str, ...]]:
    """The stops of a stop file and the warnings reading it gave (:func:`read_stop_file`)."""
    read = read_stop_file(text, origin, gazetteer)
    return read.stops, read.warnings


def read_stop_file(text: str, origin: str, gazetteer: Gazetteer) -> StopFile:
    """:func:`read_stops` with the warnings, and the file's dialect and cells, for a writer
    that keeps them.

    Rows placed by name (no lat/lon) are resolved among their namesakes as one journey
    (:mod:`journey.namesakes`): "Crete" between Catania and Ashdod is the Greek island.
    "Crete, Greece", "Crete (GR)", "Paris, TX" and a ``country`` column narrow a name.
    Warnings: a name whose place stays doubtful, a row whose point belonged to another
    name (its ``place``).
    """
    gaz = gazetteer
    # Excel's "CSV (Macintosh)" ends lines with a bare CR; one newline style keeps line
    # numbers and columns in messages right whatever saved the file.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    delimiter = sniff_delimiter(text)
    rows, syntax_error = _csv_rows(text, origin, delimiter)
    if not rows:
        if syntax_error is not None:
            raise syntax_error
        raise StopFileError(f"{origin}: the stop file is empty; the first line must name the "
                            "columns, e.g. name,role,date, then one stop per line")
    header_line, header = rows[0]
    fields = [f.strip().lower() for f in header]
    _check_header(fields, origin, header_line, delimiter)
    has_order = "order" in fields
    has_mode = "mode" in fields
    named: dict[int, Position] = {}  # line -> the namesakes of a row placed by name
    ordered: list[tuple[float, Stop, dict[str, str]]] = []
    seen_order: dict[float, Stop] = {}
    errors: list[JourneyError] = []
    warnings: list[str] = []
    for line, values in rows[1:]:
        if not any(v.strip() for v in values):
            continue
        where = f"{origin}:{line}"
        try:
            if len(values) > len(fields):
                raise StopFileError(_ragged_message(text, origin, line, len(values), fields,
                                                    delimiter))
            row = _cells(fields, values, delimiter)
            row = _unpin_other_place(row, where, gaz, warnings)
            stop = _row_to_stop(row, where, line, gaz)
            if not (row.get("lat") and row.get("lon")):
                # Placed by name. (Given lat/lon stay as given: a picked namesake, a
                # dragged marker, a point typed by hand.)
                named[line] = _position(stop, row, where, has_mode, gaz)
            order = float(len(ordered))
            if has_order:
                order = _parse_order(row["order"], where, stop.name)
                if order in seen_order:
                    other = seen_order[order]
                    raise StopFileError(
                        f"{where}: order {row['order']} of {stop.name!r} is also the order of "
                        f"{other.name!r} on line {other.line}; give each stop its own order")
                seen_order[order] = stop
        except JourneyError as exc:
            errors.append(exc)
            continue
        ordered.append((order, stop, row))
    if syntax_error is not None:
        errors.append(syntax_error)  # the reader stops there: the last error of the file
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise StopFileErrors(errors, origin)
    # sorted() is stable, and without an order column the keys are the file positions.
    ordered.sort(key=lambda triple: triple[0])
    stops, doubts = _resolve_namesakes(tuple(s for _, s, _ in ordered), named, has_mode, gaz)
    return StopFile(stops=stops, warnings=(*doubts, *warnings),
                    rows=tuple(r for _, _, r in ordered), columns=tuple(fields),
                    delimiter=delimiter)


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def sniff_delimiter(text: str) -> str:
    """The separator of a stop file, from its header row: the one of comma, semicolon and
    tab it holds most of (outside quotes); a comma when it holds none.

    Spreadsheets in much of Europe save "CSV" with semicolons (the comma is their decimal
    point), and "Text (tab delimited)" with tabs.

    >>> sniff_delimiter("name;lat;lon\\nOmsk;54,99;73,37\\n")
    ';'
    """
    header = _first_record(text)
    counts = {d: header.count(d) for d in _DELIMITER_NAMES}
    best = max(counts, key=lambda d: counts[d])  # ties: the first, the comma
    return best if counts[best] else ","


def _first_record(text: str) -> str:
    """The header row's text with its quoted parts left out (a header may quote a name)."""
    out, in_quotes = [], False
    for ch in text:
        if ch == '"':
            in_quotes = not in_quotes
        elif in_quotes:
            continue
        elif ch == "\n":
            break
        else:
            out.append(ch)
    return "".join(out)


def _check_header(fields: list[str], origin: str, line: int, delimiter: str) -> None:
    if "name" not in fields:
        seen = ", ".join(repr(f) for f in fields[:6]) + (" ..." if len(fields) > 6 else "")
        if len(fields) == 1:
            how = (f"read as one column {fields[0]!r}: the header has no comma, semicolon or "
                   "tab between its column names")
        else:
            how = (f"read as {_DELIMITER_NAMES[delimiter]}-separated, its columns are {seen}")
        raise StopFileError(f"{origin}:{line}: the header has no 'name' column ({how}); the "
                            "first line must name the columns, e.g. name,role,date")
    unknown = [f for f in fields if f and f not in KNOWN_COLUMNS]
    if unknown:
        raise StopFileError(f"{origin}:{line}: unknown column {unknown[0]!r}; known "
                            "columns are " + ", ".join(KNOWN_COLUMNS))
    repeated = sorted({f for f in fields if f and fields.count(f) > 1})
    if repeated:
        raise StopFileError(f"{origin}:{line}: column {repeated[0]!r} appears twice in the "
                            "header; keep one")


def _cells(fields: list[str], values: list[str], delimiter: str) -> dict[str, str]:
    """One row's cells by column, trimmed; numbers with a decimal comma read as with a point
    in a semicolon or tab file."""
    # A short row (trailing columns left off, as hand-edited files often are) leaves those
    # columns empty, as csv.DictReader does; only extra values are ambiguous.
    values = values + [""] * (len(fields) - len(values))
    row = {k: v.strip() for k, v in zip(fields, values) if k}
    return _decimal_points(row) if delimiter != "," else row


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_NUMBER_COLUMNS = ("lat", "lon", "order")


def _decimal_points(row: dict[str, str]) -> dict[str, str]:
    """A semicolon or tab file's numbers with a decimal comma ("54,99") as "54.99"."""
    fixed = {k: row[k].replace(",", ".") for k in _NUMBER_COLUMNS
             if k in row and _DECIMAL_COMMA.fullmatch(row[k])}
    return {**row, **fixed} if fixed else row


# A point this close to a place of the row's name is that place, whatever ``place`` says
# (a stations.csv edit renumbers its lines; a marker nudged onto the platform).
NAMED_POINT_KM = 2.0
_GIVEN = " (lat/lon given)"


def _unpin_other_place(row: dict[str, str], where: str, gaz: Gazetteer,
                       warnings: list[str]) -> dict[str, str]:
    """The row as it is, or without its lat/lon when they belong to a place its name no
    longer names (a drafted "Port Moresby" renamed "Rome"): then the name is looked up
    afresh, as for a row without coordinates, and a warning names the row.

    Only rows that say where their point came from (the ``place`` column a draft or the
    editor writes) are checked; hand-typed lat/lon without one are trusted as given.
    """
    place, name = row.get("place", ""), row.get("name", "")
    if not (place and name and row.get("lat") and row.get("lon")):
        return row
    try:
        lat, lon = parse_decimal(row["lat"]), parse_decimal(row["lon"])
    except ValueError:
        return row  # _row_to_stop says what is wrong with them
    named = gaz.qualified(name)  # "Paris, TX" names only the Texan one
    if any(p.source == place for p in named) or any(
            haversine_km(lat, lon, p.lat, p.lon) <= NAMED_POINT_KM for p in named):
        return row
    try:
        found = named[0] if named else gaz.lookup(name, where)
    except PlaceNotFound as exc:
        raise StopFileError(
            f"{where}: unknown place {name!r}, and the lat/lon in its row are those of "
            f"{place} (its place column), which is not {name}"
            + ("; did you mean " + ", ".join(repr(s) for s in exc.suggestions) + "?"
               if exc.suggestions else ".")
            + " Fix the spelling, or empty the place column to keep the lat/lon as given"
        ) from None
    if found.source == place:
        return row
    warnings.append(
        f"{where}: {name!r} had the lat/lon of {place} (its place column), another place; "
        f"put it at {found.name} ({found.source}, {found.lat:.4f}, {found.lon:.4f}) instead "
        "(empty the place column to keep the lat/lon as given)")
    return {**row, "lat": "", "lon": "", "place": ""}


def _position(stop: Stop, row: dict[str, str], where: str, has_mode: bool,
              gaz: Gazetteer) -> Position:
    return Position.of(stop.name, gaz, stop.mode if has_mode else "", where,
                       row.get("country", ""))


def _resolve_namesakes(stops: tuple[Stop, ...], named: dict[int, Position], has_mode: bool,
                       gaz: Gazetteer) -> tuple[tuple[Stop, ...], tuple[str, ...]]:
    """Re-place the rows placed by name with the namesakes that make one journey."""
    if not any(len(p.candidates) > 1 for p in named.values()):
        return stops, ()
    positions = [named.get(s.line) or Position(s.name, (_given_place(s),),
                                               s.mode if has_mode else "") for s in stops]
    choices = resolve_journey(positions, gaz=gaz)
    out: list[Stop] = []
    warnings: list[str] = []
    for stop, pos, choice in zip(stops, positions, choices):
        if stop.line not in named or choice.place is None:
            out.append(stop)
            continue
        place = choice.place
        if (place.lat, place.lon, place.source) != (stop.lat, stop.lon, stop.place_source):
            stop = dataclasses.replace(stop, lat=place.lat, lon=place.lon,
                                       place_source=place.source)
        out.append(stop)
        if choice.doubtful:
            warnings.append(_namesake_warning(pos, choice, gaz))
    return tuple(out), tuple(warnings)


def _given_place(stop: Stop) -> Place:
    return Place(stop.name, stop.lat, stop.lon, kind="landmark", source=stop.place_source)


def _namesake_warning(pos: Position, choice, gaz: Gazetteer) -> str:
    """Where a doubtful name was put, what else it may be, and what to write instead."""
    place = choice.place
    ways = []
    for p in (place, *choice.alternatives):
        q = qualified_name(pos.text, p, gaz)
        if q:
            ways.append(f"'{q}'" + (" to keep this" if p is place else f" for {describe(p, gaz)}"))
    alternatives = ", ".join(f"{describe(p, gaz)} ({p.lat:.2f}, {p.lon:.2f})"
                             for p in choice.alternatives)
    how = ("write " + ", ".join(ways) + " or give lat and lon") if ways else "give lat and lon"
    put = f"{pos.where}: {pos.text!r} was put at {describe(place, gaz)} ({place.lat:.2f}, " \
          f"{place.lon:.2f})"
    if choice.why:
        put += f", {choice.why}"
    return "; ".join([put, f"it may also be {alternatives}", *choice.doubts, how])


def check_journey(stops: Sequence[Stop], origin: str) -> tuple[tuple[Stop, ...], tuple[str, ...]]:
    """Merge consecutive repeats of a stop (with a warning) and insist on two stops or more.

    Returns the stops to route and the warnings for the user.
    """
    merged: list[Stop] = []
    repeats: dict[int, list[Stop]] = {}  # index in merged -> the rows merged into it
    for stop in stops:
        prev = merged[-1] if merged else None
        if prev is not None and _same_place(prev, stop):
            merged[-1] = _merge(prev, stop)
            repeats.setdefault(len(merged) - 1, []).append(stop)
        else:
            merged.append(stop)
    warnings = [_repeat_warning(origin, merged[i], rows) for i, rows in repeats.items()]
    if not merged:
        raise StopFileError(f"{origin}: no stops; add one line per stop under the header")
    if len(merged) == 1:
        raise StopFileError(f"{origin}: only one stop ({merged[0].name!r}); a journey needs at "
                            "least two: add where it starts and where it goes")
    return tuple(merged), tuple(warnings)


def _repeat_warning(origin: str, kept: Stop, rows: list[Stop]) -> str:
    """One warning for every row merged into ``kept``: 999 repeats are one line, not 999."""
    if len(rows) == 1:
        return (f"{origin}:{rows[0].line}: {rows[0].name!r} repeats the stop on line "
                f"{kept.line}; merged the two (delete one line to silence this)")
    return (f"{origin}:{rows[0].line}: {len(rows):,} rows repeat {kept.name!r} (lines "
            f"{rows[0].line}-{rows[-1].line} after line {kept.line}); merged into one stop "
            "(delete the repeated lines to silence this)")


def _same_place(a: Stop, b: Stop) -> bool:
    return normalize(a.name) == normalize(b.name) and haversine_km(a.lat, a.lon, b.lat, b.lon) < 1


def _merge(first: Stop, second: Stop) -> Stop:
    """One stop from two rows of it: the first row wins, the second fills its blanks."""
    fill = {f: getattr(second, f) for f in ("date", "arrive", "depart", "note", "quote", "source")
            if not getattr(first, f) and getattr(second, f)}
    if first.date and not first.arrive and second.date and second.date != first.date:
        # Two dated rows of one stop read as arrival then departure.
        fill.setdefault("depart", second.date)
    return dataclasses.replace(first, **fill)


def _csv_rows(text: str, origin: str, delimiter: str = ","
              ) -> tuple[list[tuple[int, list[str]]], StopFileError | None]:
    """(first line, fields) of every CSV record up to the first syntax error, and that
    error (naming line and column) or None."""
    reader = csv.reader(io.StringIO(text), strict=True, delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    last_line = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return rows, None
        except csv.Error as exc:
            line, col, what = _locate_csv_error(text, last_line + 1, str(exc), delimiter)
            return rows, StopFileError(f"{origin}:{line}:{col}: {what}")
        rows.append((last_line + 1, values))
        last_line = reader.line_num


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            offsets.append(i + 1)
    return offsets


def _line_col(offsets: list[int], pos: int) -> tuple[int, int]:
    line = bisect.bisect_right(offsets, pos)
    return line, pos - offsets[line - 1] + 1


def _locate_csv_error(text: str, first_line: int, csv_message: str, delimiter: str = ","
                      ) -> tuple[int, int, str]:
    """Re-scan the record that starts on ``first_line`` to say where its syntax breaks."""
    offsets = _line_offsets(text)
    pos = offsets[min(first_line, len(offsets)) - 1]
    in_quotes, field_start, after_quote, opened = False, True, False, pos
    while pos < len(text):
        ch = text[pos]
        if in_quotes:
            if ch == '"':
                if text.startswith('"', pos + 1):
                    pos += 1
                else:
                    in_quotes, after_quote = False, True
        elif after_quote and ch != delimiter and ch not in "\r\n":
            line, col = _line_col(offsets, pos)
            return line, col, ("text after a closing quote; put the whole value in quotes and "
                               'write a quote inside it as two ("")')
        elif ch == '"' and field_start:
            in_quotes, opened = True, pos
        elif ch == "\n":
            break
        field_start = ch == delimiter and not in_quotes
        if ch == delimiter:
            after_quote = False
        pos += 1
    if in_quotes:
        line, col = _line_col(offsets, opened)
        return line, col, ('this quote is never closed; add the closing " (a quote inside a '
                           'quoted value is written "")')
    return first_line, 1, f"not valid CSV ({csv_message})"


def _ragged_message(text: str, origin: str, line: int, count: int, fields: list[str],
                    delimiter: str = ",") -> str:
    lines = text.split("\n")
    row_text = lines[line - 1] if line <= len(lines) else ""
    col = _field_start_column(row_text, len(fields), delimiter)
    what = _DELIMITER_NAMES[delimiter]
    return (f"{origin}:{line}:{col}: {count} values but the header has {len(fields)} "
            f"({delimiter.join(fields)}); a {what} inside a value? put that value in double "
            "quotes")


def _field_start_column(row_text: str, index: int, delimiter: str = ",") -> int:
    """1-based column where field number ``index`` (0-based) of one CSV line starts."""
    seen, in_quotes = 0, False
    for i, ch in enumerate(row_text):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == delimiter and not in_quotes:
            seen += 1
            if seen == index:
                return i + 2
    return 1


def _parse_order(value: str, where: str, name: str) -> float:
    if not value:
        raise StopFileError(f"{where}: {name!r} has no order; give every stop an order "
                            "(1, 2, 3 ...) or delete the order column")
    try:
        order = parse_decimal(value)
    except ValueError:
        order = math.nan
    if not math.isfinite(order):
        raise StopFileError(f"{where}: order {value!r} of {name!r} is not a number; use 1, 2, "
                            "3 ... (2.5 slots a stop between 2 and 3)")
    return order


def _row_to_stop(row: dict[str, str], where: str, line: int, gaz: Gazetteer) -> Stop:
    name = row.get("name", "")
    if not name:
        raise StopFileError(f"{where}: empty name; every stop needs a name")
    lat_s, lon_s = row.get("lat", ""), row.get("lon", "")
    if bool(lat_s) != bool(lon_s):
        raise StopFileError(f"{where}: {name!r} has only one of lat and lon; give both or neither")
    if lat_s:
        try:
            lat, lon = parse_decimal(lat_s), parse_decimal(lon_s)
        except ValueError:
            raise StopFileError(f"{where}: lat/lon of {name!r} must be decimal degrees, "
                                f"got {lat_s!r}, {lon_s!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            hint = " (lat and lon look swapped)" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
            raise StopFileError(f"{where}: {name!r} lat {lat} / lon {lon} out of range{hint}; "
                                f"lat must be -90..90 and lon -180..180")
        _check_not_swapped(name, lat, lon, where, gaz)
        # A point that says which place it is keeps saying so (read_stop_file has checked
        # that the name still names it).
        place_source = row.get("place", "") or f"{where}{_GIVEN}"
    else:
        place = _place_by_name(name, row.get("country", ""), where, gaz)
        lat, lon, place_source = place.lat, place.lon, place.source
    role = row.get("role", "").lower() or "stop"
    if role not in ROLES:
        raise StopFileError(f"{where}: role {role!r} of {name!r} is not one of {', '.join(ROLES)}")
    mode = row.get("mode", "").lower() or "rail"
    if mode not in MODES:
        raise StopFileError(f"{where}: mode {mode!r} of {name!r} is not one of {', '.join(MODES)}")
    planned_s = row.get("planned", "").lower()
    if planned_s not in _TRUE | _FALSE:
        raise StopFileError(f"{where}: planned must be true or false, got {row['planned']!r}")
    # timeline (issue 6): dates must be ISO 8601 and a stop cannot be left before it is reached.
    check_stop_dates(row.get("date", ""), row.get("arrive", ""), row.get("depart", ""), where)
    return Stop(
        name=name, lat=lat, lon=lon, role=role, date=row.get("date", ""),
        arrive=row.get("arrive", ""), depart=row.get("depart", ""), mode=mode,
        planned=planned_s in _TRUE, note=row.get("note", ""), quote=row.get("quote", ""),
        source=row.get("source", ""), place_source=place_source, line=line,
    )


def _place_by_name(name: str, country: str, where: str, gaz: Gazetteer) -> Place:
    """The gazetteer's first place for a row's name, qualified ("Crete, GR") or with a
    ``country`` column; the journey's namesake choice may move it later."""
    found = gaz.qualified(name)
    if country:
        if not gaz.qualifier(country):
            raise StopFileError(f"{where}: country {country!r} of {name!r} is not a country or "
                                "province the gazetteer knows; write its name or ISO code "
                                "(e.g. Greece or GR)")
        known = found or gaz.candidates(name)
        found = gaz.narrow(found, country)
        if not found and known:
            raise StopFileError(_nowhere(where, name, country, known, gaz))
    if found:
        return found[0]
    base, qualifier = split_qualifier(name)
    if qualifier and gaz.candidates(base):
        raise StopFileError(_nowhere(where, base, qualifier, gaz.candidates(base), gaz))
    return gaz.lookup(name, where)


def _nowhere(where: str, name: str, qualifier: str, known: Sequence[Place], gaz: Gazetteer
             ) -> str:
    return (f"{where}: no {name!r} in {qualifier!r}; the gazetteer knows "
            + ", ".join(describe(p, gaz) for p in known[:3])
            + "; fix the qualifier (a country or province, or its code) or give lat and lon")


def _check_not_swapped(name: str, lat: float, lon: float, where: str, gaz: Gazetteer) -> None:
    """A known place whose given lat/lon only match the gazetteer when swapped is a typo."""
    known = gaz.candidates(name)
    if not known or not -90 <= lon <= 90:
        return
    place = known[0]
    as_given = haversine_km(lat, lon, place.lat, place.lon)
    swapped = haversine_km(lon, lat, place.lat, place.lon)
    if swapped <= SWAP_MATCH_KM < as_given:
        raise StopFileError(
            f"{where}: lat {lat} / lon {lon} of {name!r} look swapped: {name} is at lat "
            f"{place.lat:.4f}, lon {place.lon:.4f} ({place.source}); swap the two values")


def write_stops(stops: Sequence[Stop]) -> str:
    """The stop list as CSV text, in the same columns read_stops accepts."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for s in stops:
        w.writerow([_one_newline(v) for v in (
            s.name, f"{s.lat:.5f}", f"{s.lon:.5f}", s.role, s.date, s.arrive, s.depart, s.mode,
            "true" if s.planned else "false", s.note, s.quote, s.source, place_ref(s))])
    return buf.getvalue()


def place_ref(stop: Stop) -> str:
    """What the stop's point is the point of, for the ``place`` column ("" for a point
    typed by hand)."""
    return "" if stop.place_source.endswith(_GIVEN) else stop.place_source


def _one_newline(value: str) -> str:
    # csv.writer quotes a value holding "\n" but not a lone "\r", which would then end the
    # row early when read back; a carriage return in a cell means a line break anyway.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def attach_sentences(stops: Iterable[Stop], mentions: Sequence[Mention],
                     gazetteer: Gazetteer, limit: int | None = None
                     ) -> tuple[Stop, ...]:
    """Give each stop the article sentences that mention it (by name, alias or place).

    Sentences come in text order, each once; ``limit`` keeps the first few. Mentions are
    indexed once by name, so a long article with many stops stays linear in its size.
    """
    gaz = gazetteer
    norm_cache: dict[str, str] = {}

    def norm(text: str) -> str:
        if text not in norm_cache:
            norm_cache[text] = normalize(text)
        return norm_cache[text]

    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        keys = {norm(m.text)}
        if m.place is not None:
            keys.add(norm(m.place.name))
        for key in keys:
            by_key.setdefault(key, []).append(m)
    out = []
    for stop in stops:
        keys = {normalize(stop.name)}
        for place in gaz.candidates(stop.name)[:1]:
            keys.add(normalize(place.name))
            keys.update(normalize(a) for a in place.aliases)
        hits = {m.start: m for key in keys for m in by_key.get(key, ())}
        sentences = tuple(dict.fromkeys(hits[i].sentence for i in sorted(hits)))
        out.append(dataclasses.replace(stop, sentences=sentences[:limit]))
    return tuple(out)
