"""What ``journey places`` and ``journey draft`` print: tables, CSV and JSON.

Presentation only, beside the CLI: the stages hand over mentions and stops, this module
formats them (the records are the JSON shapes docs/DESIGN.md describes).
"""
from __future__ import annotations

import csv
import io
import json
from typing import Sequence

from journey.models import Mention, Stop
from journey.stops import write_stops


def places_records(mentions: Sequence[Mention]) -> list[dict]:
    """Every mention as the ``journey places --format json`` record (DESIGN.md)."""
    out = []
    for m in mentions:
        p = m.place
        out.append({
            "text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence,
            "name": p.name if p else None, "kind": p.kind if p else None,
            "lat": p.lat if p else None, "lon": p.lon if p else None,
            "country": p.country if p else None, "source": p.source if p else None,
            "is_stop": m.is_stop, "confidence": m.confidence,
            "suggestions": list(m.suggestions),
        })
    return out


def stops_records(stops: Sequence[Stop]) -> list[dict]:
    """The ``journey draft --format json`` records (DESIGN.md), in journey order; the
    drafter's ``confidence``, ``why``, ``review`` and ``alternatives`` follow the keys
    earlier versions wrote."""
    return [{"name": s.name, "lat": s.lat, "lon": s.lon, "role": s.role,
             "planned": s.planned, "inferred": s.inferred, "source": s.place_source,
             "sentences": list(s.sentences), "confidence": s.confidence, "why": s.why,
             "review": s.review, "alternatives": [_alternative(a) for a in s.alternatives]}
            for s in stops]


def _alternative(text: str) -> dict:
    name, country, province, lat, lon = (text.rsplit(",", 4) + [""] * 5)[:5]
    return {"name": name.strip(), "country": country.strip(), "province": province.strip(),
            "lat": float(lat), "lon": float(lon)}


# Written after the stop file's own columns: for the person checking the draft; the stop
# file reader accepts and ignores them.
REVIEW_COLUMNS = ("review", "confidence", "why")


def review_line(stops: Sequence[Stop]) -> str:
    """One line saying how many drafted stops need a look, and which."""
    doubtful = [s for s in stops if s.review]
    if not doubtful:
        return f"All {len(stops)} drafted stops look sure (column 'review' is empty)."
    names = ", ".join(s.name for s in doubtful[:6]) + (" ..." if len(doubtful) > 6 else "")
    return (f"{len(doubtful)} of {len(stops)} drafted stops need a look (column 'review'): "
            f"{names}")


def places_output(mentions: Sequence[Mention], fmt: str) -> str:
    """``journey places`` output as text: a table, CSV or JSON, from classified mentions
    (:func:`journey.pipeline.place_mentions`)."""
    records = places_records(mentions)
    if fmt == "json":
        for r in records:
            del r["suggestions"]
        return json.dumps({"places": records}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        cols = ["text", "start", "end", "name", "kind", "lat", "lon", "country", "source",
                "is_stop", "confidence", "suggestions", "sentence"]
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in records:
            r["suggestions"] = "|".join(r["suggestions"])
            w.writerow([_cell(r[c]) for c in cols])
        return buf.getvalue()
    rows = [("offset", "text", "place", "kind", "country", "lat, lon", "role", "conf")]
    for r in records:
        if r["name"] is None:
            hint = ("unknown; did you mean " + ", ".join(r["suggestions"]) + "?"
                    if r["suggestions"] else "unknown")
            rows.append((str(r["start"]), r["text"], hint, "", "", "", "?", "0.00"))
            continue
        rows.append((str(r["start"]), r["text"], r["name"], r["kind"], r["country"],
                     f"{r['lat']:.4f}, {r['lon']:.4f}", "stop" if r["is_stop"] else "context",
                     f"{r['confidence']:.2f}"))
    widths = [min(40, max(len(row[i]) for row in rows)) for i in range(len(rows[0]))]
    lines = ["  ".join(cell[:40].ljust(w) for cell, w in zip(row, widths)).rstrip()
             for row in rows]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def draft_output(stops: Sequence[Stop], fmt: str) -> str:
    """``journey draft`` output as text: the stop CSV (journey.stops) or JSON."""
    if fmt == "json":
        return json.dumps({"stops": stops_records(stops)}, ensure_ascii=False,
                          indent=2) + "\n"
    rows = list(csv.reader(io.StringIO(write_stops(stops))))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(rows[0] + list(REVIEW_COLUMNS))
    for row, s in zip(rows[1:], stops):
        w.writerow(row + [s.review, f"{s.confidence:.2f}", s.why])
    return buf.getvalue()
