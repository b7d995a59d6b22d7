"""Numbers as people write them in data files: the one reader of decimals.

Python's ``float`` accepts more than a data file should mean: ``5_4.99`` is 54.99 (digit
grouping), ``٥٤`` is 54 (any script's digits), and ``nan``/``inf`` are numbers. A typo in a
latitude must be an error, not a place 50 degrees away, so files are read with
:func:`parse_decimal`.

    >>> parse_decimal(" -54.99 ")
    -54.99
    >>> parse_decimal("5_4.99")
    Traceback (most recent call last):
    ...
    ValueError: '5_4.99' is not a decimal number
"""
from __future__ import annotations

import re

DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_decimal(text: str) -> float:
    """A finite decimal number written with ASCII digits (an exponent allowed); anything
    else, including ``nan``, ``inf`` and digit grouping, is a ValueError."""
    value = text.strip()
    if not DECIMAL.fullmatch(value):
        raise ValueError(f"{value!r} is not a decimal number")
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):  # 1e999
        raise ValueError(f"{value!r} is too large")
    return number
