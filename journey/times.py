"""Stop times: the one parser for the dates and times of a stop file.

Stop files carry ISO 8601 dates (``2001-08-03``) or local date-times
(``2001-08-03T22:00``). :func:`parse_when` reads them for the stop reader (a bad one is an
error naming file:line); :func:`when_or_none` reads them for the route and the page with
the same rules, so that a value one accepts the other never reads differently.

    >>> when_or_none("2001-08-03 22:00")
    datetime.datetime(2001, 8, 3, 22, 0)
    >>> when_or_none("2001-08-03T22:00Z") is None  # a time zone is refused everywhere
    True
    >>> iso_when("2001-08-03 22:00")
    '2001-08-03T22:00'
"""
from __future__ import annotations

import re
from datetime import date, datetime

from journey.errors import StopFileError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")


def _parse(value: str) -> datetime | date | None:
    """The date or date-time ``value`` is written as, None when it is not one of our forms;
    ValueError when it has the form but is no real date (``2001-02-30``)."""
    if _ISO_DATETIME.fullmatch(value):
        return datetime.fromisoformat(value.replace(" ", "T"))
    if _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    return None


def parse_when(text: str, where: str) -> datetime | date:
    """An ISO 8601 date or local date-time from a stop file; ``where`` names file:line.

    Time zones are refused: the journey's times are local wall-clock times, as reported.
    """
    value = text.strip()
    try:
        when = _parse(value)
    except ValueError as exc:
        raise StopFileError(f"{where}: {value!r} is not a real date ({exc}); write it as "
                            "YYYY-MM-DD, e.g. 2001-08-03") from None
    if when is not None:
        return when
    hint = ""
    if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", value):
        hint = " (day/month order is ambiguous)"
    elif re.search(r"(Z|[+-]\d{2}:?\d{2})$", value):
        hint = " (leave out the time zone: times are local, as reported)"
    raise StopFileError(f"{where}: {value!r} is not an ISO 8601 date{hint}; write "
                        "YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2001-08-03T22:00")


def when_or_none(text: str) -> datetime | date | None:
    """:func:`parse_when` for values already checked (or built in code): None for an empty
    or unreadable value instead of an error."""
    try:
        return _parse(text.strip()) if text else None
    except ValueError:
        return None


def as_datetime(when: datetime | date) -> datetime:
    """A date as midnight of its day; a date-time unchanged."""
    return when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)


def iso_when(text: str) -> str:
    """The value in the one ISO form the page reads (``YYYY-MM-DD`` or
    ``YYYY-MM-DDTHH:MM[:SS]``), or "" when it is empty or not a stop time."""
    when = when_or_none(text)
    if when is None:
        return ""
    if isinstance(when, datetime):
        return when.isoformat(timespec="seconds" if when.second else "minutes")
    return when.isoformat()


def check_stop_dates(date_s: str, arrive_s: str, depart_s: str, where: str) -> None:
    """Validate a stop's date/arrive/depart strings and that it does not leave before arriving."""
    parsed = {name: parse_when(v, f"{where}: {name}") for name, v in
              (("date", date_s), ("arrive", arrive_s), ("depart", depart_s)) if v}
    came = parsed.get("arrive", parsed.get("date"))
    left = parsed.get("depart")
    if came is not None and left is not None and as_datetime(left) < as_datetime(came):
        raise StopFileError(f"{where}: depart {depart_s!r} is before arrive/date "
                            f"{arrive_s or date_s!r}; swap them or fix the typo")
