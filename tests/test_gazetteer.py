import pytest

from journey.errors import PlaceNotFound
from journey.gazetteer import Gazetteer, normalize, read_places_csv


def test_normalize_folds_saint_punctuation_and_accents():
    assert normalize("St. Petersburg") == normalize("Saint-Petersburg") == "st petersburg"
    assert normalize("Tyumen’") == normalize("Tyumen'") == "tyumen"
    assert normalize("Zürich") == "zurich"


def test_curated_layer_wins_and_keeps_provenance():
    gaz = Gazetteer.default()
    moscow = gaz.lookup("Moscow")
    assert moscow.country == "RU"
    assert moscow.source.startswith("stations.csv:")
    assert abs(moscow.lat - 55.75) < 0.1


def test_both_spellings_of_the_yaroslavsky_station_resolve_to_the_station():
    gaz = Gazetteer.default()
    a = gaz.lookup("Yaroslavsky rail terminus")
    b = gaz.lookup("Yaroslavskye Station")
    assert a == b and a.kind == "station"
    # The real Yaroslavsky station is at about 55.7766 N, 37.6573 E.
    assert abs(a.lat - 55.7766) < 0.01 and abs(a.lon - 37.6573) < 0.01


def test_geonames_layer_knows_places_outside_the_story():
    place = Gazetteer.default().lookup("Lisbon")
    assert place.country == "PT" and place.source.startswith("geonames:")


def test_unknown_place_suggests_spellings():
    with pytest.raises(PlaceNotFound) as err:
        Gazetteer.default().lookup("Omks", "stops.csv:3")
    assert "Omsk" in err.value.suggestions
    assert "stops.csv:3" in str(err.value)


def test_read_places_csv_reports_line_of_bad_number():
    with pytest.raises(ValueError, match="x.csv:3"):
        read_places_csv("name,lat,lon\nA,1,2\nB,north,2\n", "x.csv")
