"""One error hierarchy. Every message says what went wrong, where, and how to fix it."""
from __future__ import annotations


class JourneyError(Exception):
    """Root of every error journey raises on bad input or an impossible request."""

    exit_code = 1


class InputError(JourneyError, ValueError):
    """A file the user gave is missing, unreadable, or malformed."""


class PlaceNotFound(JourneyError, LookupError):
    """A place name that no gazetteer knows."""

    def __init__(self, name: str, where: str = "", suggestions: tuple[str, ...] = ()):
        self.name = name
        self.where = where
        self.suggestions = tuple(suggestions)
        msg = f"unknown place {name!r}"
        if where:
            msg += f" in {where}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        msg += " Fix the spelling or give lat and lon columns for it."
        super().__init__(msg)


class StopFileError(InputError):
    """The stop list file has a problem at a given line."""


class RouteError(JourneyError, ValueError):
    """The stops cannot make a route (for example, fewer than two)."""


class RenderError(JourneyError, RuntimeError):
    """The map could not be written (template, output path, browser for PNG)."""


class GeocoderError(JourneyError, RuntimeError):
    """An online geocoder failed (network, rate limit, bad answer)."""
