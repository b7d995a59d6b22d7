"""The editable stop list: read, validate and write the stop CSV; attach article quotes.

The columns are documented in README.md ("Stop file").
"""
from __future__ import annotations

import csv
import dataclasses
import io
from typing import Iterable, Sequence

from journey.dates import check_stop_dates
from journey.errors import PlaceNotFound, StopFileError
from journey.gazetteer import Gazetteer, normalize
from journey.models import Mention, Stop

COLUMNS = ("name", "lat", "lon", "role", "date", "arrive", "depart", "mode", "planned",
           "note", "quote", "source")
ROLES = ("origin", "stop", "destination", "via", "return")
MODES = ("rail", "road", "sea", "air")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f", ""}


def read_stops(text: str, origin: str, gazetteer: Gazetteer | None = None) -> tuple[Stop, ...]:
    """Parse stop-file text; ``origin`` names the file in error messages."""
    gaz = gazetteer or Gazetteer.default()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = [f.strip().lower() for f in (reader.fieldnames or ())]
    if "name" not in fields:
        raise StopFileError(f"{origin}:1: the header has no 'name' column; the first line must "
                            f"name the columns, e.g. name,role,date")
    unknown = [f for f in fields if f and f not in COLUMNS]
    if unknown:
        raise StopFileError(f"{origin}:1: unknown column {unknown[0]!r}; known columns are "
                            + ", ".join(COLUMNS))
    reader.fieldnames = fields
    stops = []
    for row in reader:
        where = f"{origin}:{reader.line_num}"
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        stops.append(_row_to_stop(row, where, reader.line_num, gaz))
    return tuple(stops)


def _row_to_stop(row: dict[str, str], where: str, line: int, gaz: Gazetteer) -> Stop:
    name = row.get("name", "")
    if not name:
        raise StopFileError(f"{where}: empty name; every stop needs a name")
    lat_s, lon_s = row.get("lat", ""), row.get("lon", "")
    if bool(lat_s) != bool(lon_s):
        raise StopFileError(f"{where}: {name!r} has only one of lat and lon; give both or neither")
    if lat_s:
        try:
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            raise StopFileError(f"{where}: lat/lon of {name!r} must be decimal degrees, "
                                f"got {lat_s!r}, {lon_s!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            hint = " (lat and lon look swapped)" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
            raise StopFileError(f"{where}: {name!r} lat {lat} / lon {lon} out of range{hint}; "
                                f"lat must be -90..90 and lon -180..180")
        place_source = f"{where} (lat/lon given)"
    else:
        try:
            place = gaz.lookup(name, where)
        except PlaceNotFound:
            raise
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


def write_stops(stops: Sequence[Stop]) -> str:
    """The stop list as CSV text, in the same columns read_stops accepts."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for s in stops:
        w.writerow([s.name, f"{s.lat:.5f}", f"{s.lon:.5f}", s.role, s.date, s.arrive, s.depart,
                    s.mode, "true" if s.planned else "false", s.note, s.quote, s.source])
    return buf.getvalue()


def attach_sentences(stops: Iterable[Stop], mentions: Sequence[Mention],
                     gazetteer: Gazetteer | None = None) -> tuple[Stop, ...]:
    """Give each stop the article sentences that mention it (by name, alias or place)."""
    gaz = gazetteer or Gazetteer.default()
    out = []
    for stop in stops:
        keys = {normalize(stop.name)}
        for place in gaz.candidates(stop.name)[:1]:
            keys.add(normalize(place.name))
            keys.update(normalize(a) for a in place.aliases)
        sentences: list[str] = []
        for m in mentions:
            hit = normalize(m.text) in keys or (
                m.place is not None and normalize(m.place.name) in keys)
            if hit and m.sentence not in sentences:
                sentences.append(m.sentence)
        out.append(dataclasses.replace(stop, sentences=tuple(sentences)))
    return tuple(out)
