import json

import pytest
from click.testing import CliRunner

from journey.cli import cli
from journey.draft import DraftError, draft_stops
from journey.geo import haversine_km
from journey.pipeline import build, example_path
from journey.stops import read_stops
from journey.gazetteer import Gazetteer
from journey.extract import extract_mentions

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one

ARTICLE = example_path("article.txt")


def test_the_shipped_article_drafts_the_real_journey():
    stops = draft_stops(ARTICLE.read_text("utf-8"), GAZ, extract_mentions(ARTICLE.read_text("utf-8"), GAZ))
    assert [s.name for s in stops] == ["Pyongyang", "Omsk", "Moscow", "St Petersburg",
                                       "Pyongyang"]
    origin, omsk, moscow, spb, back = stops
    assert origin.role == "origin" and origin.inferred and not origin.planned
    assert back.role == "return" and back.planned and back.inferred
    assert spb.planned and not moscow.planned and not omsk.planned
    assert moscow.country if hasattr(moscow, "country") else True
    assert abs(moscow.lat - 55.75) < 0.1 and abs(moscow.lon - 37.62) < 0.1  # Russia, not Idaho
    assert "Yaroslavsky station" in moscow.note
    assert any("Omsk" in s for s in omsk.sentences)


def test_context_places_are_not_stops():
    names = {s.name for s in draft_stops(ARTICLE.read_text("utf-8"), GAZ, extract_mentions(ARTICLE.read_text("utf-8"), GAZ))}
    assert names.isdisjoint({"Washington", "Iraq", "China", "South Korea", "Europe",
                             "North Korea", "Vladimir", "George", "Union", "Asia"})


def test_order_follows_the_time_line_not_the_text():
    text = ("The president arrived in Rome on Friday. "
            "He had earlier stopped in Vienna after leaving Berlin by train. "
            "On Sunday he will travel on to Naples, and then fly back to Berlin.")
    stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
    assert [s.name for s in stops] == ["Berlin", "Vienna", "Rome", "Naples", "Berlin"]
    assert [s.planned for s in stops] == [False, False, False, True, True]


def test_metonymy_and_other_times_are_context():
    text = ("Washington says the talks failed. The Kremlin said nothing. "
            "She previously visited Tokyo. This week she left Lyon and arrived in Paris.")
    assert [s.name for s in draft_stops(text, GAZ, extract_mentions(text, GAZ))] == ["Lyon", "Paris"]


def test_draft_json_and_csv_round_trip(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["draft", str(ARTICLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["stops"][0]
    # The keys earlier versions wrote, then the drafter's evidence for the journalist.
    assert set(first) == {"name", "lat", "lon", "role", "planned", "inferred", "source",
                          "sentences", "confidence", "why", "review", "alternatives"}
    assert first["inferred"] and first["review"].startswith("inferred")
    assert 0 < first["confidence"] <= 0.5
    out = tmp_path / "stops.csv"
    result = runner.invoke(cli, ["draft", str(ARTICLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    stops = read_stops(out.read_text("utf-8"), str(out), GAZ)
    assert [s.name for s in stops] == [s["name"] for s in data["stops"]]
    assert stops[0].source.startswith("inferred")


def test_places_json_lists_every_mention_with_its_role():
    result = CliRunner().invoke(cli, ["places", str(ARTICLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    places = json.loads(result.stdout)["places"]
    assert set(places[0]) == {"text", "start", "end", "sentence", "name", "kind", "lat", "lon",
                              "country", "source", "is_stop", "confidence"}
    text = ARTICLE.read_text("utf-8")
    for p in places:
        assert text[p["start"]:p["end"]] == p["text"]
    washington = [p for p in places if p["text"] == "Washington"]
    assert washington and not any(p["is_stop"] for p in washington)
    station = next(p for p in places if p["name"] == "Yaroslavsky station")
    # The real station building: 55.7766 N, 37.6573 E.
    assert haversine_km(station["lat"], station["lon"], 55.7766, 37.6573) < 1.0


def test_places_table_and_csv():
    table = CliRunner().invoke(cli, ["places", str(ARTICLE)])
    assert table.exit_code == 0 and "Omsk" in table.output and "context" in table.output
    csv_out = CliRunner().invoke(cli, ["places", str(ARTICLE), "--format", "csv"])
    assert csv_out.output.startswith("text,start,end,name,kind")


def test_build_from_an_article_alone_uses_the_draft(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["build", str(ARTICLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 stops" in result.output and out.exists()


def test_an_article_without_a_journey_is_one_clear_error(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The council met on Tuesday to discuss the budget.\n")
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["build", str(story), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the article: found 0 stop(s)")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    with pytest.raises(DraftError):
        build("The council met on Tuesday.", None)


def test_a_country_visited_without_a_named_town_is_its_capital_inferred():
    text = ("Prime Minister Kishida left Tokyo on Monday for a tour of Southeast Asia. He "
            "flew first to Vietnam, then on to Indonesia and the Philippines, before "
            "returning home on Friday.")
    stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
    assert [s.name for s in stops] == ["Tokyo", "Hanoi", "Jakarta", "Manila", "Tokyo"]
    assert [s.inferred for s in stops] == [False, True, True, True, True]


def test_names_listed_after_a_cue_share_it():
    text = "After stages through Rimini, Bologna and Turin, the race headed for Lyon."
    assert [s.name for s in draft_stops(text, GAZ, extract_mentions(text, GAZ))] == ["Rimini", "Bologna", "Turin", "Lyon"]


def test_each_stop_says_how_the_journey_reached_it():
    text = ("We left Dallas by car and drove to Tyler. From Tyler we flew to Denver, "
            "then took the train to Chicago.")
    assert [(s.name, s.mode) for s in draft_stops(text, GAZ, extract_mentions(text, GAZ))] == [
        ("Dallas", "road"), ("Tyler", "road"), ("Denver", "air"), ("Chicago", "rail")]


def test_draft_with_a_dateline_dates_the_moscow_arrival():
    from click.testing import CliRunner

    from journey.cli import cli
    from journey.pipeline import example_path

    result = CliRunner().invoke(cli, ["draft", str(example_path("article.txt")),
                                      "--dateline", "2001-08-03"])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert rows[0].startswith("Pyongyang,") and ",origin,," in rows[0]  # inferred: no day
    assert [r for r in rows if r.startswith("Moscow,")][0].split(",")[4] == "2001-08-03T22:00"


def _draft(text):
    return draft_stops(text, GAZ, extract_mentions(text, GAZ))


def test_a_dash_run_is_the_journey_in_its_order_and_says_why():
    text = ("Cyclists, most of them from Sweden, left Red Square for the Urals.\n\n"
            "The route is Moscow \u2013 Vladimir \u2013 Kirov \u2013 Perm, with rest days.\n\n"
            "They had considered finishing in Yekaterinburg, but the week was too much.")
    stops = _draft(text)
    assert [s.name for s in stops] == ["Moscow", "Vladimir", "Kirov", "Perm"]
    assert stops[2].why.startswith("3rd place of the list 'Moscow \u2013 Vladimir")
    assert all(s.confidence >= 0.9 and not s.review for s in stops[1:3])


def test_no_stop_for_a_journey_talked_of_or_someone_elses_movement():
    text = ("The president arrived in Hanoi on Monday and flew on to Manila. "
            "A visit to Beijing was discussed but not scheduled. "
            "Australia's prime minister, who flew in from Canberra, will join them.")
    assert [s.name for s in _draft(text)] == ["Hanoi", "Manila"]


def test_a_demonym_alone_does_not_invent_the_home_capital():
    text = ("The Japanese prime minister arrived in Nairobi on Sunday. On Tuesday he "
            "travels to Dar es Salaam and then flies to Lusaka.")
    assert [s.name for s in _draft(text)] == ["Nairobi", "Dar es Salaam", "Lusaka"]


def test_a_stop_far_from_both_neighbours_is_flagged_unless_flown_to():
    text = ("She left Lisbon by train, travelled on to Omsk by train and then went by "
            "train to Madrid.")
    stops = _draft(text)
    assert [s.name for s in stops] == ["Lisbon", "Omsk", "Madrid"]
    assert "over 2,000 km" in stops[1].review and not stops[0].review.startswith("over")
    flown = _draft("She left Lisbon, flew to Omsk and then flew on to Madrid.")
    assert [s.name for s in flown] == ["Lisbon", "Omsk", "Madrid"]
    assert "2,000 km" not in flown[1].review


def test_the_draft_csv_has_review_columns_and_reads_back(tmp_path):
    out = tmp_path / "stops.csv"
    result = CliRunner().invoke(cli, ["draft", str(ARTICLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text("utf-8").splitlines()[0].split(",")
    assert header[-3:] == ["review", "confidence", "why"]
    assert "drafted stops need a look (column 'review')" in result.stderr
    stops = read_stops(out.read_text("utf-8"), str(out), GAZ)
    assert [s.name for s in stops] == ["Pyongyang", "Omsk", "Moscow", "St Petersburg",
                                       "Pyongyang"]
    places = CliRunner().invoke(cli, ["places", str(ARTICLE)])
    assert "drafted stops need a look" in places.stderr


def test_a_person_from_a_place_and_money_from_a_place_are_not_the_journey():
    text = ("The train left Djibouti at dawn and pulled into Dire Dawa at noon. "
            "The line was financed by loans from Beijing. "
            "\"It took me two days by bus,\" said a trader from Harar who had joined there.")
    assert [s.name for s in _draft(text)] == ["Djibouti", "Dire Dawa"]


def test_the_dateline_is_where_the_traveller_arrived_and_a_flashback_comes_first():
    text = ("KYIV, Ukraine \u2014 The minister arrived here on Thursday after a journey by "
            "overnight train from Przemysl.\n\nShe had flown from Berlin on Wednesday.\n\n"
            "In Kyiv she met the prime minister. Officials would not say whether she would "
            "travel on to Lviv.")
    stops = _draft(text)
    assert [s.name[:5] for s in stops] == ["Berli", "Przem", "Kyiv"]
    assert "dateline" in stops[-1].why
    # Told in the past throughout, "had" is narrative, not a flashback.
    text = ("The train left Washington at dawn. By noon it had crossed into Delaware and "
            "stopped in Wilmington, before pulling into Philadelphia.")
    assert [s.name for s in _draft(text)] == ["Washington", "Wilmington", "Philadelphia"]


def test_a_sentence_opening_with_where_the_travellers_were_is_a_stop():
    text = ("The crews left Irkutsk on Monday. At Barnaul they had the first real tyre "
            "shop. In Washington, officials said nothing.")
    stops = _draft(text)
    assert [s.name for s in stops] == ["Irkutsk", "Barnaul"]
    assert "at Barnaul, they had" in stops[1].why


def test_a_voyage_told_in_old_sea_words():
    text = ("We weighed from Plymouth on the 2d of February and came in to Lisbon on the "
            "12th. Here the Captain had thoughts of going on to Cadiz, but we touched at "
            "Funchal and lay four days at Porto before sailing home.")
    assert [s.name for s in _draft(text)] == ["Plymouth", "Lisbon", "Funchal", "Porto"]


def test_a_told_list_with_words_about_each_place_and_a_return_to_come():
    text = ("We set off from Lyon by bike. Then it's Pamplona, where I'd been years ago, "
            "Burgos with its enormous cathedral, and Astorga. Then you climb again, past "
            "Ponferrada, and from Sarria it's crowded. I think I'll take the bus back to "
            "Madrid.")
    stops = _draft(text)
    assert [s.name[:5] for s in stops] == ["Lyon", "Pampl", "Burgo", "Astor", "Ponfe",
                                           "Sarri", "Madri"]
    assert stops[-1].planned


def test_a_country_far_from_a_road_trip_is_a_town_the_gazetteer_lacks_not_its_capital():
    text = ("We left Portland on Friday and drove to Bridgton. Saturday we went to Sweden, "
            "which turned out to be a crossroads, and on to Bar Harbor.")
    names = [s.name for s in _draft(text)]
    assert "Stockholm" not in names and {"Portland", "Bridgton", "Bar Harbor"} <= set(names)
    # Flown to, a country with no town named is its capital, inferred and flagged.
    flown = _draft("The president left Paris on Monday and flew on to Japan.")
    assert flown[-1].name == "Tokyo" and flown[-1].inferred and flown[-1].review


def test_namesakes_of_drafted_stops_are_chosen_together_with_alternatives():
    text = ("Day 1: Lima. Arrival.\nDay 2: Lima - Cusco. Flight.\n"
            "Day 4: Cusco - Ollantaytambo. Drive.\nDay 7: Cusco - Puno. Bus.\n")
    stops = _draft(text)
    assert [s.name for s in stops] == ["Lima", "Cusco", "Ollantaytambo", "Cusco", "Puno"]
    assert all(s.lat < 0 for s in stops)  # Peru's, not Lima, Ohio


def test_a_list_the_text_says_came_one_after_another_is_stops():
    text = ("The crews left Barnaul on Monday. Novosibirsk, Omsk and Tyumen came one after "
            "another, a day's drive apart.")
    assert [s.name for s in _draft(text)] == ["Barnaul", "Novosibirsk", "Omsk", "Tyumen"]


def test_a_hub_revisited_keeps_each_return_in_order_and_a_village_is_drafted_on_its_island():
    text = ("Oban is the hub for every ferry out to the islands. On Monday we took the "
            "crossing from Oban to Craignure, drove over to Tobermory and came back to Oban on the "
            "evening boat. On Friday we sailed to Castlebay on Barra, spent the night there "
            "and were back in Oban on Saturday afternoon.")
    names = [s.name for s in _draft(text)]
    # Castlebay is in the gazetteer's village tier (GeoNames postal codes) now, so the
    # village itself is drafted rather than the island it is on; and Craignure, a village
    # too, is a stop of its own, not folded into Tobermory 30 km away.
    assert names == ["Oban", "Craignure", "Tobermory", "Oban", "Castlebay", "Oban"], names


def test_a_heading_in_capitals_gives_no_stop_and_a_sound_names_its_port():
    text = ("NARRATIVE OF A VOYAGE IN THE BRIG HOPEWELL\n\n"
            "We sailed from Plymouth Sound on the 2d of February and in eleven days "
            "arrived at Funchal, then sailed on to Falmouth.")
    names = [s.name for s in _draft(text)]
    assert names == ["Plymouth", "Funchal", "Falmouth"], names


def test_an_anchorage_before_the_port_keeps_the_cue():
    text = ("We sailed from Plymouth on the 2d of February, and in eleven days came to an "
            "anchor in the road of Funchal, and later anchored in the harbour of Falmouth.")
    names = [s.name for s in _draft(text)]
    assert names == ["Plymouth", "Funchal", "Falmouth"], names


def test_a_park_visited_is_a_stop_of_its_own_and_a_populous_island_is_not():
    text = ("From Portland we drove east through Augusta to Bar Harbor, and spent the last "
            "day in Acadia National Park.")
    names = [s.name for s in _draft(text)]
    assert names == ["Portland", "Augusta", "Bar Harbor", "Acadia National Park"], names
    text = "We left Tokyo by train for Kyoto, then crossed to Kyushu and arrived in Nagasaki."
    assert "Kyūshū" not in [s.name for s in _draft(text)]


def test_a_log_comes_back_to_its_start_and_drops_a_goal_given_up():
    text = ("Expedition log\n\n"
            "3 Feb. Embarked at Ushuaia in the afternoon.\n"
            "6 Feb. First landing: Deception Island, Whalers Bay.\n"
            "11 Feb. Course for South Georgia. Heavy ice ahead.\n"
            "12 Feb. Voyage to South Georgia abandoned. Course altered for the Falklands.\n"
            "14 Feb. Stanley. Ashore for the day.\n"
            "17 Feb. Disembarked Ushuaia 0700.\n")
    stops = _draft(text)
    assert [s.name for s in stops] == ["Ushuaia", "Deception Island", "Stanley", "Ushuaia"]


def test_a_wire_ships_port_of_filing_others_starts_and_a_fallback_plan():
    text = ("POZZALLO, Italy (Reuters) - A rescue ship carrying 212 people docked in this "
            "Sicilian port on Friday after six days at sea.\n\n"
            "The ship had left Valletta a week earlier. Several of those on board had set "
            "out from Zarzis in Tunisia, the crew said. It then turned towards Augusta "
            "before it was assigned Pozzallo.\n\n"
            "\"We were ready to go to Malta or to Spain if we had to,\" the captain said.")
    names = [s.name for s in _draft(text)]
    assert names == ["Valletta", "Augusta", "Pozzallo"], names


def test_a_tour_that_began_on_a_weekday_in_a_city_began_there():
    text = ("The president arrived in Hanoi on Sunday, the third stop of his tour. "
            "The tour began on Wednesday in Tokyo, where he met allies.")
    stops = _draft(text)
    assert [s.name for s in stops][:2] == ["Tokyo", "Hanoi"], [s.name for s in stops]


def test_a_stretch_of_time_or_distance_to_a_place_is_travel():
    text = ("We set off from Burgos at dawn. Then came a week of wheat fields to Leon, "
            "and after that we reached Astorga.")
    assert [s.name for s in _draft(text)] == ["Burgos", "León", "Astorga"]


def test_a_list_goes_on_past_each_places_state():
    text = ("The tour moves on to Lebanon, Tenn., and Paris, Tenn., next week, and "
            "finishes with shows in Peru, Ind., and Crete, Ill.")
    stops = _draft(text)
    assert [s.name for s in stops] == ["Lebanon", "Paris", "Peru", "Crete"]
    assert all(-100 < s.lon < -80 and 30 < s.lat < 45 for s in stops)


def test_a_namesake_a_walk_cannot_reach_is_left_out_and_said_in_the_review():
    text = ("The walkers marched on, village by village.\n\nDay  Halt  Km\n"
            "1    Anand  18\n2    Napa  14\n3    Borsad  10\n4    Jambusar  42\n"
            "The march ended by the sea; the walkers walked home.")
    stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
    names = [s.name for s in stops]
    assert "Napa" not in names and {"Anand", "Borsad", "Jambusar"} <= set(names)
    assert any("'Napa' was left out" in s.review and "California" in s.review for s in stops)


def test_santa_cruz_in_the_island_of_teneriffe_on_an_atlantic_voyage():
    text = ("We weighed from Plymouth Sound and came to an anchor in the road of Fun-\nchal. "
            "From thence we ran down to Santa Cruz, in\nthe island of Teneriffe, and then "
            "sailed on to Bahia. On the passage home we touched at Ascension for turtle, "
            "and anchored in Falmouth harbour.")
    stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
    by_name = {s.name: s for s in stops}
    assert "Funchal" in by_name
    cruz = by_name["Santa Cruz de Tenerife"]
    assert abs(cruz.lat - 28.47) < 0.1 and "Teneriffe" not in by_name
    assert "namesakes" not in cruz.review  # the qualifier settled it


def test_a_sure_big_city_reading_is_weighed_again_on_a_road_trip_elsewhere():
    text = ("Day 4: from the coast of Maine to Vermont via Norway, Paris and Berlin\n\n"
            "I had planned to ride through every town around here named after somewhere "
            "far away.\n\nNorway, ME: there is a motorcycle dealer here, so I stopped in "
            "and bought a charger.\n\nAnd who could forget Berlin?\n\nAbout an hour "
            "after I left Berlin, riding west towards Stowe, VT, I stopped for a photo. "
            "In the end I made my way to a friend's house in Stowe.")
    stops = _draft(text)
    assert stops and all(s.lon < -60 for s in stops), stops  # all in New England
    berlin = next(s for s in stops if s.name == "Berlin")
    assert haversine_km(berlin.lat, berlin.lon, 44.47, -71.19) < 25  # Berlin, NH
