"""Drafting from the layouts and turns of phrase a second round of real published texts
showed (cruise port lists, day-by-days whose paragraphs name more stops than their
headings, travel sentences with long lists, tours that never say how they travelled),
with the shipped gazetteer."""
from journey.draft import draft_stops
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one


def _stops(text: str):
    return draft_stops(text, GAZ, extract_mentions(text, GAZ))


def _names(text: str) -> list[str]:
    return [s.name for s in _stops(text)]


# -- what the extractor reads on a line of its own -------------------------------------


def test_a_name_alone_on_a_line_is_read_though_the_next_line_opens_with_a_capital():
    text = "London\nLondon, one of the world's great cities, is begging to be explored.\n"
    assert [m.text for m in extract_mentions(text, GAZ)] == ["London", "London"]
    text = "Bergen\nColorful Bryggen, the old quay, is a delight.\n"
    assert [m.text for m in extract_mentions(text, GAZ)][:1] == ["Bergen"]


def test_a_name_broken_over_a_line_of_wrapped_prose_is_still_one_name():
    text = ("The train left the capital at dawn and by evening had reached Nizhny\n"
            "Novgorod, where the delegation spent the night before going on.\n")
    assert [m.text.split() for m in extract_mentions(text, GAZ)] == [["Nizhny", "Novgorod"]]


def test_a_thing_named_after_a_place_with_the_makes_no_person_of_the_place():
    # "the London Eye" is no person called London: London stays a place elsewhere.
    text = ("From the top of the London Eye you see the whole city. We arrived in London "
            "on Monday and left for Paris on Tuesday.")
    assert [m.text for m in extract_mentions(text, GAZ)].count("London") == 1
    assert _names(text)[:2] == ["London", "Paris"]


# -- layouts ---------------------------------------------------------------------------


PORT_CALLS = ("8:00 AM TO 6:00 PM\nStavanger\nThe old wooden quarter climbs from the harbour.\n"
              "9:00 AM TO 11:59 PM\nBergen\nThe fish market, the funicular and the wharf.\n"
              "12:01 AM TO 1:00 PM\nBergen\nThe ship stays alongside overnight.\n"
              "Arrival 8:00 AM Departure 5:30 PM\nTrondheim, Norway\nThe cathedral city.\n")


def test_ports_under_their_call_times_are_the_stops_and_an_overnight_is_one():
    assert _names(PORT_CALLS) == ["Stavanger", "Bergen", "Trondheim"]


def test_a_lone_time_is_no_port_call_head():
    # A programme's "10:00  Welcome ceremony" is an event, not a call at a place.
    text = ("Mon 3 April\n14:30  Arrival at Haneda Airport, Tokyo\n\nTue 4 April\n"
            "10:00  Welcome ceremony, Imperial Palace\n\nWed 5 April\n"
            "08:15  Shinkansen Tokyo - Kyoto\n\nThu 6 April\n09:00  Shinkansen Kyoto - Hiroshima\n")
    assert "Welcome" not in _names(text)


DAY_BY_DAY = ("Day 1: Lisbon\nArrive at Lisbon airport, where our guide meets the group.\n\n"
              "Day 2: Sintra\nA morning among the palaces. On the way back the coach stopped in "
              "Cascais for an hour by the sea.\n\n"
              "Day 3: Coimbra\nMid-morning the coach pulled into Obidos for lunch.\n\n"
              "Day 4: Porto\nTrains from Porto continue to Vigo in Spain, but our tour ends here.\n")


def test_the_paragraphs_between_day_rows_add_their_stops_flagged_for_review():
    stops = _stops(DAY_BY_DAY)
    names = [s.name for s in stops]
    # Óbidos is on the way to Coimbra (the paragraph under "Day 3: Coimbra" tells the way
    # there); Cascais, a few km either way, stays where it is told, after Sintra.
    assert names == ["Lisbon", "Sintra", "Cascais", "Óbidos", "Coimbra", "Porto"], names
    between = {s.name for s in stops if "between the itinerary's rows" in s.review}
    assert between == {"Cascais", "Óbidos"}
    # Where trains go on to is not the group's stop.
    assert "Vigo" not in names


def test_a_row_lines_own_other_places_are_not_added():
    text = ("11 June - Kirkwall. Provisioned.\n\n13 June - Lerwick. Weather day.\n\n"
            "19 June - Torshavn - Klaksvik in company with a boat bound for Bergen.\n")
    assert "Bergen" not in _names(text)


def test_days_apart_by_a_paragraph_still_make_one_day_by_day():
    text = ("Tag 3: Die Königsstadt Trondheim\nIn Trondheim können Sie durch die Straßen "
            "schlendern.\nDie Kathedrale ist das größte Bauwerk.\nAm Nachmittag nimmt das "
            "Schiff Kurs nach Nordwesten.\nDann kommt das Schiff an.\n"
            "Tag 4: Polarkreis, Bodø und Lofoten\nÜberquerung des Polarkreises.\n"
            "Tag 5: Tromsø, das Tor zur Arktis\nWährend der Nacht fährt das Schiff.\n")
    assert _names(text) == ["Trondheim", "Bodø", "Tromsø"]


# -- prose -----------------------------------------------------------------------------


def test_a_long_list_in_a_travel_sentence_gives_each_village_as_a_stop():
    text = ("The villages we pedalled through today were Aylsham (where we had breakfast), "
            "Coltishall, Wroxham, Ludham and Horning, and we finished at Martham just "
            "before dark.")
    assert _names(text) == ["Aylsham", "Coltishall", "Wroxham", "Ludham", "Horning", "Martham"]


def test_a_list_of_towns_around_after_a_colon_is_no_list_of_stops():
    text = ("The weekend started in Portland: within an hour's drive sit Poland, Norway, "
            "Paris, Mexico and Peru, all small towns in the hills of Maine. We drove to "
            "Norway first.")
    names = _names(text)
    assert "Mexico" not in names and "Peru" not in names, names


def test_a_tour_that_names_no_way_of_travel_is_assumed_flown_when_its_legs_are_long():
    text = ("The prime minister's week in Africa started in Nairobi and ended in Accra, with "
            "stops in Kigali and Lusaka. In Nairobi she opened a fair. She will leave Kigali "
            "with a signed memorandum.")
    stops = _stops(text)
    assert [s.name for s in stops] == ["Nairobi", "Kigali", "Lusaka", "Accra"]
    assert {s.mode for s in stops} == {"air"}
    assert "mode 'air' assumed" in stops[0].review


def test_an_assumed_flight_does_not_excuse_a_far_stop():
    # The far-stop check is about what the text says; a guessed mode says nothing.
    text = "The tour started in Lisbon, then stopped in Tokyo and ended in Madrid."
    stops = _stops(text)
    assert [s.name for s in stops] == ["Lisbon", "Tokyo", "Madrid"]
    assert "over 2,000 km" in stops[1].review


def test_short_legs_with_no_way_of_travel_stay_assumed_by_rail():
    text = "The delegation started in Lyon, stopped in Dijon and ended in Paris."
    stops = _stops(text)
    assert "mode 'rail' assumed" in stops[0].review


def test_leaving_a_place_already_reached_does_not_make_it_the_start():
    text = ("Monday: the president will arrive in Moscow. Wednesday: the president will fly "
            "to Rome. Then he will leave Rome and travel to L'Aquila.")
    assert _names(text) == ["Moscow", "Rome", "L'Aquila"]


def test_a_ferry_to_a_country_draws_no_capital():
    text = "We left Lubeck on Monday and today we reached the ferry to Denmark."
    names = _names(text)
    assert "Copenhagen" not in names and names[0] == "Lübeck", names


def test_a_stop_read_through_a_close_spelling_says_so():
    text = ("We cycled west from Emporia. We were glad to roll into Great Bends after 145 "
            "miles, and the next day we rode on to Pueblo.")
    stops = _stops(text)
    bend = next(s for s in stops if s.name == "Great Bend")
    assert "written 'Great Bends', read as Great Bend" in bend.review


# -- names that are not the places they match ------------------------------------------


def test_a_common_word_that_is_only_a_places_other_name_is_no_place():
    # GeoNames gives "Rest" as a name of Rasht, in Iran.
    text = ("Day 2: Nashville, TN to Chicago, IL\nDay 3: Rest in Chicago, IL\n"
            "Day 4: Chicago, IL to Minneapolis, MN\n")
    assert "Rest" not in [m.text for m in extract_mentions(text, GAZ)]
    assert _names(text) == ["Nashville", "Chicago", "Minneapolis"]


def test_a_buildings_name_that_opens_with_a_town_is_no_visit_to_the_town():
    text = "15:30 Meeting with the families at the Cathedral of Palo, then the Palacio da Ponta."
    names = [m.text for m in extract_mentions(text, GAZ)]
    assert "Cathedral" not in names and "Palacio" not in names and "Palo" in names


def test_a_way_named_after_its_goal_names_no_stop():
    text = ("Day 1 on the Camino de Santiago: a short walk today from Saint-Jean-Pied-de-Port "
            "up to Roncesvalles.")
    assert "Santiago" not in [m.text for m in extract_mentions(text, GAZ)]


def test_a_name_written_short_is_the_town_the_article_wrote_in_full():
    text = ("The bus took me to St Jean Pied de Port in France. Day 1: St Jean to "
            "Roncesvalles over the Pyrenees.")
    places = {m.text: m.place.name for m in extract_mentions(text, GAZ)}
    assert places["St Jean"] == places["St Jean Pied de Port"] == "Saint-Jean-Pied-de-Port"


def test_a_ship_named_after_a_place_is_no_stop():
    text = ("At noon we anchored off the river, the steamer Breadalbane alongside. On the "
            "24th we received stores from Breadalbane steamer and sailed for Brisbane.")
    assert "Breadalbane" not in _names(text)


def test_places_alone_on_their_lines_with_their_state_make_a_tours_schedule():
    text = ("Whistle Stop Tour\n\nAugust 4\nPhiladelphia, Pennsylvania\nPrayer breakfast\n\n"
            "Pittsburgh, Pennsylvania\nKickoff rally at Station Square\n\n"
            "Akron, Ohio\nRally at the old station\n\nAugust 5\nPontiac, Michigan\n"
            "Rally at the depot\n")
    assert _names(text) == ["Philadelphia", "Pittsburgh", "Akron", "Pontiac"]


def test_leaving_by_airplane_from_a_city_is_no_person_from_it():
    text = "17:15 Departure by airplane from Rome to Jakarta. 11:30 Arrival at Jakarta."
    assert _names(text) == ["Rome", "Jakarta"]


def test_blazing_a_trail_from_one_town_to_another_is_travel():
    text = "Bush was blazing a trail from Onalaska to Richland Center by bus yesterday."
    assert _names(text) == ["Onalaska", "Richland Center"]


def test_the_way_to_the_first_row_is_drafted_before_it_and_flagged():
    text = ("I take the 9:30 bus east, along the coast, to San Sebastian for the bus south "
            "to Pamplona.\n"
            "Friday 21 (day 1): Roncesvalles to Zubiri (14 miles, 22km)\n"
            "Saturday 22 (day 2): Zubiri to Cirauqui (17 miles, 26km)\n"
            "Sunday 23 (day 3): Cirauqui to Viana (18 miles, 29km)\n")
    stops = _stops(text)
    assert [s.name for s in stops][:2] == ["Donostia / San Sebastián", "Pamplona"]
    assert "between the itinerary's rows" in stops[0].review


def test_a_stop_on_the_way_told_after_a_days_pair_goes_between_them():
    text = ("Day 1: Tampa, FL to Nashville, TN with a stop in Atlanta, GA\n"
            "Day 2: Nashville, TN to Chicago, IL\nDay 3: Rest in Chicago, IL\n"
            "Day 4: Chicago, IL to Minneapolis, MN\n")
    assert _names(text) == ["Tampa", "Atlanta", "Nashville", "Chicago", "Minneapolis"]


def test_being_in_a_country_draws_no_capital():
    text = ("Ernakulam to Madgaon by the overnight Rajdhani Express. I like railway travel "
            "and don't do it in the USA, so I opted for an express sleeper.")
    assert _names(text) == ["Kochi", "Madgaon"]


def test_a_town_found_only_by_another_name_on_another_continent_is_left_unplaced():
    # GeoNames gives "Ledo" as a name of a Boa Vista in Brazil; the Ledo of Assam is not in it.
    text = ("We have been trundling across India by train for ten days, from Okha in Gujarat "
            "through Guwahati, and will soon be pulling into Ledo.")
    ledo = next(m for m in extract_mentions(text, GAZ) if m.text == "Ledo")
    assert ledo.place is None
    assert "Boa Vista" not in _names(text)


def test_a_great_citys_old_name_far_from_the_rest_is_still_that_city():
    text = "The train left Zurich for Peking, and the ship sailed on to Bombay."
    places = {m.text: m.place.name for m in extract_mentions(text, GAZ)}
    assert places["Peking"] == "Beijing" and places["Bombay"] == "Mumbai"


def test_a_place_after_a_spaced_dash_in_a_title_is_read():
    text = "SAILing Through Ugly Views - New Delhi to Mumbai by 2952 Mumbai Rajdhani\n"
    assert "New Delhi" in [m.text for m in extract_mentions(text, GAZ)]
    assert _names(text) == ["New Delhi", "Mumbai"]


def test_a_short_name_the_article_also_writes_in_full_keeps_that_town_on_the_journey():
    # San Pedro de Jujuy is nearer Salta; the title says which San Pedro it is.
    text = ("San Pedro de Atacama\n\nAfter a bus ride from Salta to San Pedro, we arrived at "
            "a place that looked like a movie set. From there we went on to Uyuni.")
    assert _names(text) == ["Salta", "San Pedro de Atacama", "Uyuni"]
