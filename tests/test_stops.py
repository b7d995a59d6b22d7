import pytest

from journey.errors import PlaceNotFound, StopFileError
from journey.models import Mention
from journey.stops import attach_sentences, read_stops, write_stops
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one


def test_reads_names_through_the_gazetteer_and_explicit_coordinates():
    stops = read_stops("name,lat,lon,role\nOmsk,,,origin\nMy Halt,55.1,60.2,stop\n", "s.csv", GAZ)
    assert abs(stops[0].lat - 54.99) < 0.1
    assert (stops[1].lat, stops[1].lon) == (55.1, 60.2)
    assert stops[1].place_source.startswith("s.csv:3")


def test_unknown_place_names_the_file_and_line():
    with pytest.raises(PlaceNotFound, match=r"s.csv:3.*Omsk"):
        read_stops("name\nMoscow\nOmks\n", "s.csv", GAZ)


@pytest.mark.parametrize("row, message", [
    ("Omsk,95,10", "out of range"),
    ("Omsk,abc,10", "decimal degrees"),
    ("Omsk,55,", "only one of lat and lon"),
])
def test_bad_coordinates_are_errors_with_a_line(row, message):
    with pytest.raises(StopFileError, match=message):
        read_stops("name,lat,lon\n" + row + "\n", "s.csv", GAZ)


def test_swapped_coordinates_are_called_out():
    with pytest.raises(StopFileError, match="swapped"):
        read_stops("name,lat,lon\nOmsk,154.9,73.4\n", "s.csv", GAZ)


def test_round_trip_through_write_stops():
    stops = read_stops("name,role,planned\nOmsk,origin,false\nMoscow,destination,true\n", "s.csv", GAZ)
    again = read_stops(write_stops(stops), "again.csv", GAZ)
    assert [(s.name, s.role, s.planned) for s in again] == [
        ("Omsk", "origin", False), ("Moscow", "destination", True)]


def test_attach_sentences_uses_aliases():
    stops = read_stops("name\nSt Petersburg\n", "s.csv", GAZ)
    m = Mention("Leningrad", 0, 9, "Leningrad was its name.", None)
    assert attach_sentences(stops, [m], GAZ)[0].sentences == ("Leningrad was its name.",)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_any_newline_style_reads_the_same(newline):
    text = newline.join(["name,note", 'Omsk,"two', 'lines"', "Moscow,x", ""])
    stops = read_stops(text, "s.csv", GAZ)
    assert [(s.name, s.note, s.line) for s in stops] == [
        ("Omsk", "two\nlines", 2), ("Moscow", "x", 4)]


def test_a_short_row_leaves_its_trailing_columns_empty():
    stops = read_stops("name,role,note\nOmsk,origin,x\nMoscow,destination\nTver\n", "s.csv", GAZ)
    assert [(s.name, s.role, s.note) for s in stops] == [
        ("Omsk", "origin", "x"), ("Moscow", "destination", ""), ("Tver", "stop", "")]


@pytest.mark.parametrize("lat", ["5_4.99", "٥٤.99", "nan", "1e999", "0x1p4", ""])
def test_a_latitude_is_read_as_written_or_refused(lat):
    """Fault 11: Python's float reads '5_4.99' as 54.99 (and Arabic-Indic digits as digits)."""
    with pytest.raises(StopFileError, match="decimal degrees|only one of lat"):
        read_stops(f"name,lat,lon\nMy Halt,{lat},73.37\n", "s.csv", GAZ)


def test_an_order_with_digit_grouping_is_not_a_number():
    with pytest.raises(StopFileError, match="order '1_0' of 'Omsk' is not a number"):
        read_stops("name,order\nOmsk,1_0\nMoscow,2\n", "s.csv", GAZ)


def test_plain_decimals_still_read():
    stops = read_stops("name,lat,lon\nA,+54.99,-7.3e1\nB,.5,73.\n", "s.csv", GAZ)
    assert [(s.lat, s.lon) for s in stops] == [(54.99, -73.0), (0.5, 73.0)]
