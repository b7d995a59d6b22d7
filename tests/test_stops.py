import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey.errors import PlaceNotFound, StopFileError
from journey.gazetteer import Gazetteer
from journey.models import Mention
from journey.stops import attach_sentences, read_stops, write_stops

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


# Namesakes resolved as one journey (issue 11, item 1) and qualified names (item 2).
from journey.geo import haversine_km  # noqa: E402
from journey.stops import read_stop_list  # noqa: E402


def test_crete_between_catania_and_ashdod_is_the_island_without_a_word():
    stops, warnings = read_stop_list("name\nCatania\nCrete\nAshdod\n", "s.csv", GAZ)
    assert haversine_km(stops[1].lat, stops[1].lon, 35.2, 24.9) < 100
    assert warnings == ()


def test_moron_after_ulaanbaatar_is_in_mongolia():
    stops, warnings = read_stop_list("name\nUlaanbaatar\nMörön\n", "s.csv", GAZ)
    assert stops[1].place_source == "geonames:2030065" or abs(stops[1].lon - 100.16) < 0.2
    assert 49 < stops[1].lat < 50.5 and warnings == ()


def test_a_doubtful_namesake_warns_with_row_alternatives_and_what_to_write():
    stops, warnings = read_stop_list("name\nSpringfield\n", "s.csv", GAZ)
    assert len(warnings) == 1
    w = warnings[0]
    assert w.startswith("s.csv:2: 'Springfield' was put at Springfield (")
    assert "; it may also be Springfield (" in w
    assert "Springfield (Missouri, United States)" in w or "Springfield (Illinois" in w
    assert "write 'Springfield, " in w and w.endswith("or give lat and lon")


def test_a_doubtful_leg_for_its_mode_warns():
    _stops, warnings = read_stop_list("name,mode\nOmsk,rail\nVancouver,rail\n", "s.csv", GAZ)
    assert any(w.startswith("s.csv:3: 'Vancouver'") and "would cross from Afro-Eurasia" in w
               for w in warnings), warnings


@pytest.mark.parametrize("name, country, admin1", [
    ("Crete, Greece", "GR", None), ("Crete (Greece)", "GR", None), ("Crete, GR", "GR", None),
    ("Paris, TX", "US", "TX"), ("Springfield, Illinois", "US", "IL"),
    ("Pingxiang, Guangxi", "CN", "16"), ("Crete, IL", "US", "IL"),
])
def test_qualified_names_resolve(name, country, admin1):
    text = 'name\n"' + name + '"\n'
    stops, warnings = read_stop_list(text, "s.csv", GAZ)
    place = GAZ.qualified(name)[0]
    assert (place.country, admin1 or place.admin1) == (country, place.admin1)
    assert (stops[0].lat, stops[0].lon) == (place.lat, place.lon) and warnings == ()


def test_a_country_column_narrows_a_whole_row():
    stops, _ = read_stop_list("name,country\nCrete,Greece\nParis,US\n", "s.csv", GAZ)
    assert haversine_km(stops[0].lat, stops[0].lon, 35.2, 24.9) < 100
    assert stops[1].place_source in {p.source for p in GAZ.qualified("Paris, US")}
    stops, _ = read_stop_list("name,country\nOmsk,\nMoscow,\n", "s.csv", GAZ)
    assert stops[1].place_source.startswith("stations.csv:")  # the curated place stays


def test_a_qualifier_that_picks_nothing_is_an_error_with_the_namesakes():
    with pytest.raises(StopFileError,
                       match=r"s.csv:2: no 'Crete' in 'Peru'.*Crete \(island, Greece\)"):
        read_stops('name\n"Crete, Peru"\n', "s.csv", GAZ)
    with pytest.raises(StopFileError, match=r"s.csv:2: country 'Atlantis' of 'Crete'"):
        read_stops("name,country\nCrete,Atlantis\n", "s.csv", GAZ)


def test_the_example_stop_file_reads_without_a_namesake_warning():
    from journey.assets import data_path

    text = data_path("examples", "kim-jong-il-2001", "stops.csv").read_text("utf-8")
    stops, warnings = read_stop_list(text, "stops.csv", GAZ)
    assert warnings == ()
    assert all(s.place_source.startswith("stations.csv:") for s in stops)


def test_every_bad_row_is_one_error_of_a_stop_file_errors():
    from journey.errors import StopFileErrors

    with pytest.raises(StopFileErrors) as info:
        read_stops("name,mode\nOmks,rail\nMoscow,canoe\nTver,rail\n", "s.csv", GAZ)
    assert [type(e).__name__ for e in info.value.errors] == ["PlaceNotFound", "StopFileError"]
    assert [m[:8] for m in info.value.messages] == ["unknown ", "s.csv:3:"]


def test_read_stop_file_keeps_the_dialect_and_the_cells():
    from journey.stops import read_stop_file

    read = read_stop_file("name;lat;lon;review\nMy Halt;54,5;73,25;check it\nOmsk;;;\n",
                          "s.csv", GAZ)
    assert read.delimiter == ";" and read.decimal_comma
    assert (read.stops[0].lat, read.stops[0].lon) == (54.5, 73.25)
    assert read.rows[0]["review"] == "check it" and read.columns == ("name", "lat", "lon",
                                                                     "review")


def test_written_stops_say_which_place_their_point_is():
    stops = read_stops("name,lat,lon\nOmsk,,\nMy Halt,55.1,60.2\n", "s.csv", GAZ)
    text = write_stops(stops)
    assert text.splitlines()[1].endswith(",stations.csv:18")
    assert text.splitlines()[2].endswith(",false,,,,")
    assert read_stops(text, "again.csv", GAZ)[0].place_source == "stations.csv:18"


# A spreadsheet's three dialects of one list read alike, whatever the cells hold.
# No lone CR: csv.writer leaves it unquoted, and a reader takes it for a line end
# (write_stops turns it into "\n" first).
_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters="\x00\r"), max_size=12)
_rows = st.lists(st.tuples(st.sampled_from(["Omsk", "Moscow", "Tver", "My Halt"]),
                           st.floats(-89.9, 89.9), st.floats(-179.9, 179.9), _cell),
                 min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(_rows, st.sampled_from([";", "\t"]))
def test_a_semicolon_or_tab_twin_reads_as_the_comma_file(rows, delimiter):
    import csv
    import io

    def text(sep: str, decimal: str) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=sep, lineterminator="\n")
        w.writerow(["name", "lat", "lon", "note"])
        for name, lat, lon, note in rows:
            w.writerow([f"Stop {name}", f"{lat:.5f}".replace(".", decimal),
                        f"{lon:.5f}".replace(".", decimal), note])
        return buf.getvalue()

    comma = read_stops(text(",", "."), "s.csv", GAZ)
    twin = read_stops(text(delimiter, ","), "s.csv", GAZ)
    assert [(s.name, s.lat, s.lon, s.note) for s in twin] == [
        (s.name, s.lat, s.lon, s.note) for s in comma]


def test_a_picked_namesake_stays_picked():
    """A row with lat/lon and the place they belong to (the editor's pick of a namesake) is
    not resolved again by name, however unlikely the journey makes it."""
    stops = read_stops("name,lat,lon,place\nMoscow,,,\nParis,33.66094,-95.55551,geonames:4717560\n"
                       "Omsk,,,\n", "s.csv", GAZ)
    assert (stops[1].lat, stops[1].lon, stops[1].place_source) == (
        33.66094, -95.55551, "geonames:4717560")
