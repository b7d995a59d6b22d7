"""journey.qualifiers: what is written after a name narrows its namesakes."""
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer
from journey.qualifiers import areas, qualified_at

GAZ = Gazetteer.load()


def _placed(text: str) -> dict[str, tuple]:
    return {m.text: (m.place.country, m.place.admin1, m.place.kind) if m.place else None
            for m in extract_mentions(text, GAZ)}


def test_us_state_abbreviations_after_a_comma():
    placed = _placed("The tour opens in Rome, Ga., moves on to Athens, Ga., on Saturday, "
                     "then to Worcester, Mass., and Albany, N.Y.")
    assert placed["Athens"][:2] == ("US", "GA")
    assert placed["Worcester"][:2] == ("US", "MA")
    assert placed["Albany"][:2] == ("US", "NY")
    assert areas("Norway, ME (a dealer here)", 6, GAZ)[0][:2] in (("US", "ME"), ("ME", ""))


def test_in_the_island_of_an_old_spelling_places_the_town_on_the_island():
    placed = _placed("From thence we ran down to Santa Cruz, in the island of Teneriffe, "
                     "but the Peak was hid in cloud.")
    assert placed["Santa Cruz"] == ("ES", "53", "city")  # Santa Cruz de Tenerife
    assert placed["Teneriffe"] == ("ES", "53", "island")  # not the Brisbane suburb


def test_a_name_with_no_namesake_inside_the_area_written_out_is_left_unplaced():
    # Faial of Madeira is the gazetteer's only Faial; the Azores' island is not in it.
    mentions = extract_mentions("We touched at Faial, in the Azores, for letters.", GAZ)
    faial = next(m for m in mentions if m.text == "Faial")
    assert faial.place is None


def test_a_comma_list_is_no_qualifier():
    placed = _placed("The train called at Paris, Lyon and Marseille.")
    assert placed["Paris"][0] == "FR" and placed["Lyon"][0] == "FR"


def test_porto_praya_is_praia_and_reads_as_written():
    mentions = extract_mentions("We lay four days at Porto Praya to water the ship; "
                                "Port Said and Porto itself were later.", GAZ)
    by_text = {m.text: m.place for m in mentions}
    assert by_text["Porto Praya"].country == "CV"  # Praia, whose old name is Praya
    assert by_text["Port Said"].country == "EG" and by_text["Porto"].country == "PT"


def test_qualified_at():
    text = "Santa Cruz, in\nthe island of Teneriffe; Athens, Ga.; Paris, Texas; Rome, Milan"
    assert qualified_at(text, text.index(","), GAZ)
    assert qualified_at(text, text.index(", Ga."), GAZ)
    assert qualified_at(text, text.index(", Texas"), GAZ)
    assert not qualified_at(text, text.index(", Milan"), GAZ)
