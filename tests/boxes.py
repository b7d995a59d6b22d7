"""Boxes of what a page shows, in map-container pixels, for the browser tests."""
from __future__ import annotations


def boxes_js(selector: str, text: str = "n.title", *, visible_only: bool = False) -> str:
    """A page function returning ``{x, y, w, h, text}`` of every element ``selector``
    matches, relative to the map's box (with ``visible_only``, zero-sized ones left out)."""
    keep = ".filter(b => b.w > 0 && b.h > 0)" if visible_only else ""
    return f"""() => {{
  const m = document.getElementById('journey-map').getBoundingClientRect();
  return Array.from(document.querySelectorAll({selector!r})).map(n => {{
    const b = n.getBoundingClientRect();
    return {{x: b.left - m.left, y: b.top - m.top, w: b.width, h: b.height, text: {text}}};
  }}){keep};
}}"""


def overlaps(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
