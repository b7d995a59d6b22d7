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
    """The ``journey draft --format json`` records (DESIGN.md), in journey order."""
    return [{"name": s.name, "lat": s.lat, "lon": s.lon, "role": s.role,
             "planned": s.planned, "inferred": s.inferred, "source": s.place_source,
             "sentences": list(s.sentences)} for s in stops]


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
    return write_stops(stops)
