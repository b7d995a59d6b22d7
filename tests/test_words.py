"""journey.words: a common word is no place found only by folding accents away."""
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()


def test_crossing_the_line_is_no_czech_village():
    text = "Crossing the Line on the 19th, with the usual ceremonies, we made Bahia."
    names = {m.text: m.place for m in extract_mentions(text, GAZ)}
    assert "Line" not in names and names["Bahia"].country == "BR"


def test_plain_spellings_of_accented_places_are_still_places():
    text = "We drove from Montreal to Quebec, then flew to Malaga and Cordoba."
    placed = {m.text: m.place.country for m in extract_mentions(text, GAZ) if m.place}
    assert placed == {"Montreal": "CA", "Quebec": "CA", "Malaga": "ES", "Cordoba": "ES"} or \
        {"Montreal", "Quebec", "Malaga", "Cordoba"} <= set(placed)


def test_a_state_abbreviation_is_kept():
    names = {m.text for m in extract_mentions("A show in Cairo, Ill., and Peru, Ind.", GAZ)}
    assert {"Cairo", "Ill"} <= names
