import dataclasses
import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journey.times import parse_when
from journey.dates import (date_in_sentence, find_dateline, resolve_dates,
                           resolve_weekday)
from journey.errors import StopFileError
from journey.pipeline import example_path
from journey.stops import read_stops
from journey.gazetteer import Gazetteer
from journey.extract import extract_mentions

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one

FRIDAY = date(2001, 8, 3)  # the example article's dateline


@pytest.mark.parametrize("text, expected", [
    ("2001-08-03", date(2001, 8, 3)),
    ("2001-08-03T22:00", datetime(2001, 8, 3, 22, 0)),
    ("2001-08-03 22:00:30", datetime(2001, 8, 3, 22, 0, 30)),
    (" 2001-07-26 ", date(2001, 7, 26)),
])
def test_parse_when_reads_iso_dates_and_datetimes(text, expected):
    assert parse_when(text, "s.csv:2") == expected


@pytest.mark.parametrize("text, message", [
    ("2001-02-30", "not a real date"),
    ("3/8/2001", "day/month order is ambiguous"),
    ("2001-08-03T22:00+03:00", "leave out the time zone"),
    ("Friday", "not an ISO 8601 date"),
    ("2001-08-03T25:00", "not a real date"),
])
def test_parse_when_says_what_and_where(text, message):
    with pytest.raises(StopFileError, match=message) as info:
        parse_when(text, "s.csv:4: date")
    assert str(info.value).startswith("s.csv:4: date:")


@given(st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 1, 1)))
def test_any_iso_datetime_round_trips(when):
    when = when.replace(microsecond=0)
    assert parse_when(when.isoformat(), "x") == when
    assert parse_when(when.date().isoformat(), "x") == when.date()


def test_stop_file_dates_are_checked_with_the_line():
    with pytest.raises(StopFileError, match=r"s.csv:3: date: '2001-13-01' is not a real date"):
        read_stops("name,date\nOmsk,2001-07-30\nMoscow,2001-13-01\n", "s.csv", GAZ)
    with pytest.raises(StopFileError, match=r"s.csv:2: depart '2001-08-01' is before"):
        read_stops("name,arrive,depart\nOmsk,2001-08-02,2001-08-01\n", "s.csv", GAZ)
    ok = read_stops("name,date,arrive,depart\nOmsk,,2001-07-31T08:00,2001-07-31T20:00\n", "s.csv", GAZ)
    assert ok[0].depart == "2001-07-31T20:00"


@pytest.mark.parametrize("weekday, sentence, expected", [
    ("Saturday", "Kim will meet Putin on Saturday.", date(2001, 8, 4)),
    ("Friday", "Earlier on Friday dogs searched the station.", date(2001, 8, 3)),
    ("Thursday", "The train passed Perm on Thursday.", date(2001, 8, 2)),
    ("Monday", "Kim is due in St Petersburg on Monday.", date(2001, 8, 6)),
    ("Monday", "He left Omsk on Monday.", date(2001, 7, 30)),
])
def test_weekdays_resolve_against_the_dateline(weekday, sentence, expected):
    assert resolve_weekday(weekday, FRIDAY, sentence) == expected


def test_next_and_last_weekdays():
    assert resolve_weekday("Friday", FRIDAY, "", "next") == date(2001, 8, 10)
    assert resolve_weekday("Friday", FRIDAY, "", "last") == date(2001, 7, 27)
    assert date_in_sentence("It arrives next Tuesday at 9:30.", FRIDAY) == (
        datetime(2001, 8, 7, 9, 30), "9:30 next Tuesday")


def test_clock_time_in_the_sentence_is_kept_and_gmt_ignored():
    when, words = date_in_sentence(
        "The train was to arrive around 10 p.m. (1800 GMT) Friday night.", FRIDAY)
    assert when == datetime(2001, 8, 3, 22, 0)
    assert "Friday" in words


def test_example_article_dates_moscow_on_friday_night_not_saturday():
    article = example_path("article.txt").read_text("utf-8")
    undated = read_stops("name,role\nPyongyang,origin\nOmsk,stop\nMoscow,destination\n"
                         "St Petersburg,stop\n", "s.csv", GAZ)
    resolved = resolve_dates(article, undated, extract_mentions(article, GAZ), dateline=FRIDAY)
    by_name = {s.name: s for s in resolved}
    assert by_name["Moscow"].date == "2001-08-03T22:00"
    assert "dateline 2001-08-03" in by_name["Moscow"].source
    # The article gives no day for these: they stay blank for the time line to interpolate.
    assert by_name["Omsk"].date == "" and by_name["St Petersburg"].date == ""
    # The shipped stop file agrees with what the article says.
    shipped = {r["name"]: r for r in csv.DictReader(io.StringIO(
        example_path("stops.csv").read_text("utf-8")))}
    assert shipped["Moscow"]["date"] == by_name["Moscow"].date


def test_without_a_dateline_weekdays_mean_nothing():
    stops = read_stops("name\nMoscow\n", "s.csv", GAZ)
    assert resolve_dates("Kim arrived in Moscow on Friday.", stops, extract_mentions("Kim arrived in Moscow on Friday.", GAZ)) == stops


def test_a_dateline_written_in_the_article_is_used():
    article = "MOSCOW, August 3, 2001 -- Kim arrived in Moscow on Friday night."
    assert find_dateline(article) == FRIDAY
    assert find_dateline("Posted 2001-08-03 by the desk") == FRIDAY
    stops = resolve_dates(article, read_stops("name\nMoscow\n", "s.csv", GAZ), extract_mentions(article, GAZ))
    assert stops[0].date == "2001-08-03"


def test_user_dates_are_never_overwritten():
    stops = read_stops("name,date\nMoscow,2001-08-02\n", "s.csv", GAZ)
    assert resolve_dates("Kim arrived in Moscow on Friday.", stops, extract_mentions("Kim arrived in Moscow on Friday.", GAZ), FRIDAY)[0].date == "2001-08-02"


def test_every_example_date_says_where_it_comes_from():
    rows = list(csv.DictReader(io.StringIO(example_path("stops.csv").read_text("utf-8"))))
    dated = [r for r in rows if r["date"]]
    assert [r["name"] for r in dated] == ["Pyongyang", "Moscow", "St Petersburg"]
    for r in dated:
        assert r["source"], r["name"]
        # From the article, or from a named source outside it, said in so many words.
        assert "from the article" in r["source"] or "not in the article" in r["source"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
       st.sampled_from(["monday", "Tuesday", "WEDNESDAY", "thursday", "friday", "saturday",
                        "sunday"]),
       st.sampled_from(["", "next", "last", "this"]), st.text(max_size=40))
def test_a_weekday_always_lands_on_that_weekday_within_a_week(dateline, weekday, qualifier,
                                                              sentence):
    day = resolve_weekday(weekday, dateline, sentence, qualifier)
    assert day.strftime("%A").lower() == weekday.lower()
    assert abs((day - dateline).days) <= 7


@given(st.text(max_size=200))
def test_any_sentence_gives_a_date_or_none_without_crashing(sentence):
    hit = date_in_sentence(sentence, FRIDAY)
    if hit is not None:
        when, words = hit
        day = when.date() if isinstance(when, datetime) else when
        assert abs((day - FRIDAY).days) <= 7 and words


def test_a_filled_day_that_would_reverse_the_journey_is_left_out():
    article = "Kim will visit Omsk on Sunday. He arrived in Moscow on Friday."
    stops = read_stops("name\nOmsk\nMoscow\n", "s.csv", GAZ)
    resolved = resolve_dates(article, stops, extract_mentions(article, GAZ), dateline=FRIDAY)
    # Sunday (5 Aug) for Omsk would come after Moscow's Friday (3 Aug): left out.
    assert [s.date for s in resolved] == ["", "2001-08-03"]


def test_inferred_stops_get_no_date():
    article = "Kim left North Korea on Saturday and reached Moscow on Friday."
    stops = tuple(dataclasses.replace(s, inferred=(s.name == "Pyongyang"))
                  for s in read_stops("name\nPyongyang\nMoscow\n", "s.csv", GAZ))
    assert resolve_dates(article, stops, extract_mentions(article, GAZ), dateline=FRIDAY)[0].date == ""
