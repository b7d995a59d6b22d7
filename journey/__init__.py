"""journey: turn a news article about a journey into a standalone, interactive route map.

    >>> from journey import build_map
    >>> html = build_map()            # the shipped example: Kim Jong Il's 2001 train trip
    >>> html.startswith("<!DOCTYPE html>")
    True
"""
from journey.errors import JourneyError
from journey.models import Leg, Mention, Place, Route, Stop
from journey.pipeline import build_map

__all__ = ["JourneyError", "Leg", "Mention", "Place", "Route", "Stop", "build_map"]
__version__ = "0.1.0"
