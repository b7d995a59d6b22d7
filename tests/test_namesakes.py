import pytest

from journey.gazetteer import Gazetteer
from journey.geo import haversine_km
from journey.models import Place
from journey.namesakes import (Context, Position, describe, leg_score, qualified_name,
                               resolve_journey, stated_distances_km, travel_mode)

GAZ = Gazetteer.load()


def _journey(names, context=Context(), mode=""):
    return resolve_journey([Position.of(n, GAZ, mode=mode) for n in names], context, GAZ)


def test_crete_between_catania_and_ashdod_is_the_greek_island():
    crete = _journey(["Catania", "Crete", "Ashdod"])[1]
    assert crete.place.country == "GR" and crete.place.kind == "island"
    assert haversine_km(crete.place.lat, crete.place.lon, 35.2, 24.9) < 100
    assert not crete.doubtful and crete.alternatives == () and crete.reason == ""


def test_moron_after_ulaanbaatar_is_in_mongolia_however_it_is_spelt():
    for spelling in ("Mörön", "Moron"):
        assert _journey(["Ulaanbaatar", spelling])[1].place.country == "MN", spelling


def test_namesakes_follow_the_route_not_the_biggest_town():
    assert _journey(["Recife", "Ascension", "Lisbon"], mode="sea")[1].place.country == "SH"
    ping = _journey(["Hanoi", "Pingxiang", "Nanning"])[1].place
    assert (ping.country, GAZ.admin1_name(ping.country, ping.admin1)) == ("CN", "Guangxi")
    assert _journey(["Portland", "Acadia", "Bangor"])[1].place.kind == "park"
    assert _journey(["Peoria", "Springfield"])[1].place.admin1 == "IL"
    # Without neighbours the best-known namesake wins.
    assert _journey(["Paris"])[0].place.country == "FR"


def test_countries_the_text_names_lift_their_namesakes():
    assert _journey(["Cartagena"])[0].place.country == "CO"
    assert _journey(["Cartagena"], Context(countries=frozenset({"ES"})))[0].place.country == "ES"
    springfield = _journey(["Springfield"], Context(provinces=frozenset({("US", "MO")})))[0]
    assert springfield.place.admin1 == "MO"


def test_a_lone_ambiguous_name_is_doubtful_with_alternatives_and_a_reason():
    choice = _journey(["Springfield"])[0]
    assert choice.doubtful and len(choice.alternatives) >= 3
    assert all(a.name == "Springfield" for a in choice.alternatives)
    assert "Springfield (Illinois, United States)" in choice.reason or any(
        a.admin1 == "IL" for a in choice.alternatives)
    assert choice.reason.startswith("'Springfield' was put at Springfield (")
    assert "; it may also be Springfield (" in choice.reason


def test_a_rail_leg_across_an_ocean_is_flagged():
    choices = _journey(["Omsk", "Vancouver"], mode="rail")
    assert choices[1].doubtful
    assert "rail leg from 'Omsk' would cross from Afro-Eurasia" in choices[1].reason


def test_a_leg_many_times_the_median_is_flagged():
    choices = _journey(["Omsk", "Novosibirsk", "Tomsk", "Kemerovo", "Novokuznetsk", "Moscow"])
    assert choices[-1].place.country == "RU"
    assert "times the journey's median leg" in choices[-1].reason
    assert choices[-1].alternatives  # the Moscows of Idaho and elsewhere


def test_positions_without_or_with_one_candidate():
    given = Place("My Halt", 55.0, 73.4, kind="landmark", source="s.csv:2")
    choices = resolve_journey([Position("My Halt", (given,)), Position("Qwzx", ()),
                               Position.of("Moscow", GAZ)], gaz=GAZ)
    assert choices[0].place is given and choices[0].confidence == 1.0
    assert choices[1].place is None and "Qwzx" in choices[1].reason
    assert choices[2].place.country == "RU"


def test_stated_distances_are_read_and_reward_a_matching_leg():
    assert stated_distances_km("128 km, 1,200 kilometres and 26 miles") == (128.0, 1200.0, 41.8)
    a, b = GAZ.lookup("Omsk"), GAZ.lookup("Novosibirsk")
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    assert leg_score(a, b, stated_km=(km * 1.2,)) == pytest.approx(leg_score(a, b) + 1.0)


def test_describe_and_qualified_name_say_how_to_pick_a_namesake():
    crete_il = GAZ.candidates("Crete", country="US", admin1="IL")[0]
    assert describe(crete_il, GAZ) == "Crete (Illinois, United States)"
    assert qualified_name("Crete", crete_il, GAZ) == "Crete, IL"
    island = GAZ.candidates("Crete", country="GR")[0]
    assert qualified_name("Crete", island, GAZ) == "Crete, GR"
    assert GAZ.qualified(qualified_name("Crete", crete_il, GAZ))[0] == crete_il


def _told(names, mode=""):
    return [Position.of(n, GAZ, mode=mode) for n in names]


def test_a_namesake_a_walk_cannot_reach_is_left_out_not_drafted_far_away():
    names = ["Anand", "Napa", "Borsad", "Jambusar"]
    positions = [Position(p.text, p.candidates, p.mode, may_be_absent=True)
                 for p in _told(names)]
    napa = resolve_journey(positions, Context(mode="foot"), GAZ)[1]
    assert napa.place is None and napa.absent
    assert napa.alternatives[0].admin1 == "CA" and "left out" in napa.reason
    # By car, or with no mode known, nothing bounds the leg: Napa stays, flagged.
    assert resolve_journey(positions, Context(), GAZ)[1].place is not None
    # Only a position that may be absent is ever left out (a stop file's row is not).
    fixed = resolve_journey(_told(names), Context(mode="foot"), GAZ)[1]
    assert fixed.place is not None


def test_stated_stage_distances_bound_the_legs_and_the_places_after_a_gap():
    # A stage race of 70-160 km stages from Xining, whose Haiyan and Gonghe the
    # gazetteer might lack, leaving only namesakes 400 to 2,000 km away.
    xining = GAZ.candidates("Xining")[0]
    far_haiyan = Place("Haiyan", 21.83, 112.54, country="CN", admin1="30")
    far_gonghe = (Place("Gonghe", 36.07, 106.37, country="CN", admin1="21"),
                  Place("Gonghe", 22.58, 112.88, country="CN", admin1="30"))
    positions = [Position("Xining", (xining,)), Position("Haiyan", (far_haiyan,),
                                                         may_be_absent=True),
                 Position("Gonghe", far_gonghe, may_be_absent=True), Position("Xining", (xining,))]
    stated = (98.0, 112.0, 131.0, 146.0, 118.0, 153.0, 72.0)
    choices = resolve_journey(positions, Context(stated_km=stated), GAZ)
    assert choices[0].place == xining and choices[3].place == xining
    assert choices[1].absent and choices[2].absent
    # The same names without stated distances keep their (doubtful) namesakes.
    assert resolve_journey(positions, Context(), GAZ)[1].place is not None
    # With the gazetteer's own candidates, Qinghai's Haiyan and Gonghe are found.
    real = [Position(p.text, p.candidates, may_be_absent=True)
            for p in _told(["Xining", "Haiyan", "Gonghe", "Xining"])]
    for choice in resolve_journey(real, Context(stated_km=stated), GAZ):
        assert choice.place is not None and choice.place.admin1 == xining.admin1


def test_travel_mode_reads_walks_and_rides_only():
    assert travel_mode("The walkers set off; the march went on by night") == "foot"
    assert travel_mode("cycling stage; the peloton and the bikes") == "bicycle"
    assert travel_mode("We flew to Delhi, walked about, and flew home") == ""


def test_a_voyage_calls_at_the_island_not_an_inland_town():
    # Two stops only: the legs alone cannot tell; a ship does not call 1,000 km inland.
    choice = _journey(["Ascension", "Rio de Janeiro"], mode="sea")[0]
    assert choice.place.country == "SH"
    assert travel_mode("the brig sailed; the vessel lay at anchor; our voyage home") == "sea"


def test_more_small_namesakes_do_not_outrank_a_real_town_without_evidence():
    # A fuller gazetteer adds villages and unpeopled localities of every name: alone,
    # they must not beat the town, nor make it doubtful.
    town = Place("Gonghe", 36.28, 100.62, population=120_000, country="CN", admin1="06")
    villages = tuple(Place("Gonghe", 20.0 + i, 100.0 + i, population=p, country="CN",
                           admin1=str(10 + i)) for i, p in enumerate((0, 0, 150, 800, 0)))
    choice = resolve_journey([Position("Gonghe", villages + (town,), may_be_absent=True)],
                             Context(stated_km=(98.0, 131.0, 146.0)), GAZ)[0]
    assert choice.place == town and not choice.doubtful


def test_dandi_on_a_foot_march_is_not_dundee():
    positions = [Position(p.text, p.candidates, may_be_absent=True)
                 for p in _told(["Surat", "Navsari", "Dandi"])]
    dandi = resolve_journey(positions, Context(mode="foot"), GAZ)[2]
    assert dandi.place is None or dandi.place.country == "IN"
