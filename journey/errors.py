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
        else:
            msg += "."
        msg += " Fix the spelling or give lat and lon columns for it."
        super().__init__(msg)


class StopFileError(InputError):
    """The stop list file has a problem at a given line."""


class StopFileErrors(StopFileError):
    """Several rows of a stop file are wrong: all of them, reported at once.

    ``str()`` is one line per error, each after the first starting ``Error:`` (the CLI
    prints the first's), at most :attr:`SHOWN` of them and then how many more there are.
    """

    SHOWN = 20

    def __init__(self, errors: "list[JourneyError]", origin: str = "the stop file"):
        self.errors = tuple(errors)
        lines = [str(e) for e in self.errors[:self.SHOWN]]
        if len(self.errors) > self.SHOWN:
            lines.append(f"{origin}: {len(self.errors) - self.SHOWN:,} more bad rows not "
                         "shown; fix the ones above and build again")
        super().__init__("\nError: ".join(lines))

    @property
    def messages(self) -> tuple[str, ...]:
        """Each line of the report, without the ``Error:``."""
        return tuple(str(self).split("\nError: "))


class RouteError(JourneyError, ValueError):
    """The stops cannot make a route (for example, fewer than two)."""


class RenderError(JourneyError, RuntimeError):
    """The map could not be written (template, output path, browser for PNG)."""


class GeocoderError(JourneyError, RuntimeError):
    """An online geocoder failed (network, rate limit, bad answer)."""
