"""Where the shipped data and templates are, installed or in a source checkout.

In a wheel they are the packages ``journey.data`` and ``journey.templates`` (mapped from the
repository's top-level data/ and templates/ by pyproject.toml); run from a checkout
without installing, they are those folders themselves.
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


@functools.cache
def _folder(package: str, checkout_name: str) -> Path:
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return _CHECKOUT / checkout_name


def data_path(*parts: str) -> Path:
    """A path inside the shipped data folder, e.g. data_path("rail", "x.csv")."""
    return _folder("journey.data", "data").joinpath(*parts)


def templates_dir() -> Path:
    return _folder("journey.templates", "templates")
