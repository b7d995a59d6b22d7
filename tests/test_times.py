"""The one parser of stop times: the stop reader, the route and the page agree."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from journey.errors import StopFileError
from journey.models import Stop
from journey.route import leg_days
from journey.times import iso_when, parse_when, when_or_none


@pytest.mark.parametrize("text, expected", [
    ("2001-08-03", date(2001, 8, 3)),
    (" 2001-08-03T22:00 ", datetime(2001, 8, 3, 22, 0)),
    ("2001-08-03 22:00:30", datetime(2001, 8, 3, 22, 0, 30)),
])
def test_every_reader_reads_a_valid_time_the_same(text, expected):
    assert parse_when(text, "s.csv:2") == expected
    assert when_or_none(text) == expected


@pytest.mark.parametrize("text", [
    "2001-08-03T22:00Z", "2001-08-03T22:00+03:00", "2001-02-30", "3/8/2001", "20010803",
    "2001-08-03T22", "2001-08-03T25:00", "２００１-08-03", "friday",
])
def test_what_the_stop_reader_refuses_the_route_and_page_do_not_read(text):
    """route.py once read '...Z' (fromisoformat with Z) though stop files refuse it."""
    with pytest.raises(StopFileError):
        parse_when(text, "s.csv:2")
    assert when_or_none(text) is None
    assert iso_when(text) == ""


def test_a_leg_with_a_time_zone_has_no_duration():
    a = Stop("Omsk", 55.0, 73.4, depart="2001-07-30T08:00Z")
    b = Stop("Moscow", 55.8, 37.6, arrive="2001-08-03T22:00Z")
    assert leg_days(a, b) is None
    assert leg_days(Stop("Omsk", 55.0, 73.4, depart="2001-07-30T08:00"),
                    Stop("Moscow", 55.8, 37.6, arrive="2001-08-03 22:00")) == 4.58


@pytest.mark.parametrize("text, page", [
    ("2001-08-03", "2001-08-03"), ("2001-08-03 22:00", "2001-08-03T22:00"),
    ("2001-08-03T22:00:00", "2001-08-03T22:00"), ("2001-08-03T22:00:05", "2001-08-03T22:00:05"),
    ("", ""),
])
def test_the_page_gets_one_iso_form(text, page):
    assert iso_when(text) == page


def test_the_page_data_carries_the_times_python_read():
    from journey.pipeline import build

    html = build("Kim left Omsk for Moscow.", "name,date\nOmsk,2001-07-30 08:00\nMoscow,\n",
                 tiles=None).html
    assert '"date": "2001-07-30T08:00"' in html or '"date":"2001-07-30T08:00"' in html
