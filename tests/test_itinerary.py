"""Itinerary structures: runs, tables and logs of places, found over given mentions."""
from journey.itinerary import find_structures
from journey.models import Mention, Place


def _mentions(text: str, names: list[str]) -> list[Mention]:
    """Each name's mentions in text order, as points far apart (the layout is what counts)."""
    out, seen = [], {}
    for i, name in enumerate(names):
        start = text.index(name, seen.get(name, 0))
        seen[name] = start + len(name)
        out.append(Mention(name, start, start + len(name), text, Place(name, i, i)))
    return sorted(out, key=lambda m: m.start)


def _members(text: str, names: list[str]) -> list[list[str]]:
    return [[m.text for m in s.members] for s in find_structures(text, _mentions(text, names))]


def test_a_dash_run_and_an_arrow_run_are_lists_in_their_order():
    text = "The route is Moscow \u2013 Vladimir \u2013 Kirov \u2013 Perm, with rest days."
    assert _members(text, ["Moscow", "Vladimir", "Kirov", "Perm"]) == [
        ["Moscow", "Vladimir", "Kirov", "Perm"]]
    text = "Our route: Reykjavik \u2192 Selfoss \u2192 Akureyri \u2192 Reykjavik"
    structures = find_structures(text, _mentions(text, ["Reykjavik", "Selfoss", "Akureyri",
                                                        "Reykjavik"]))
    assert [m.text for m in structures[0].members] == ["Reykjavik", "Selfoss", "Akureyri",
                                                       "Reykjavik"]
    assert structures[0].describe(2) == \
        "3rd place of the list 'Reykjavik \u2192 Selfoss \u2192 Akureyri \u2192 Reykjavik'"


def test_a_run_goes_on_across_names_the_gazetteer_does_not_know():
    text = "Reykjavik \u2192 Selfoss \u2192 Vik \u2192 Hofn \u2192 Akureyri"
    assert _members(text, ["Reykjavik", "Selfoss", "Akureyri"]) == [
        ["Reykjavik", "Selfoss", "Akureyri"]]


def test_prose_pairs_and_comma_lists_are_not_structures():
    text = "The long day was Vik to Hofn. Teams came from Oslo, Bergen and Tromso."
    assert _members(text, ["Vik", "Hofn", "Oslo", "Bergen", "Tromso"]) == []


def test_a_stage_table_chains_its_pairs_and_a_dated_log_its_rows():
    text = ("Stage 1: Xining circuit, 98 km\nStage 2: Xining-Huangyuan, 112 km\n"
            "Stage 3: Huangyuan-Haiyan, 131 km\n")
    s = find_structures(text, _mentions(text, ["Xining", "Xining", "Huangyuan",
                                               "Huangyuan", "Haiyan"]))
    assert [m.text for m in s[0].members] == ["Xining", "Xining", "Huangyuan", "Huangyuan",
                                             "Haiyan"]
    assert s[0].labels[1] == "Stage 2"
    text = ("April 14 \u2013 Holyrood. Ran 26 miles.\nApril 15 \u2013 Gander. A driver from"
            " Toronto stopped.\n\nApril 16 \u2013 Gambo. Snow.\n")
    assert _members(text, ["Holyrood", "Gander", "Toronto", "Gambo"]) == [
        ["Holyrood", "Gander", "Gambo"]]


def test_a_timetable_card_is_a_table_but_prose_paragraphs_are_not():
    text = "Zermatt      dep 07:52\nVisp         arr 08:54\nBrig         arr 09:12\n"
    assert _members(text, ["Zermatt", "Visp", "Brig"]) == [["Zermatt", "Visp", "Brig"]]
    text = ("Zermatt is a village where cars are banned and the air is clean, 1,600 m up.\n"
            "Visp is where the line meets the main valley, some 30 km below it all.\n"
            "Brig is the last town before the Simplon pass, and it has 13,000 people.\n")
    assert _members(text, ["Zermatt", "Visp", "Brig"]) == []


def test_dash_pairs_on_nearby_lines_chain_into_one_table():
    text = ("Wed 5 April\n08:15  Shinkansen Tokyo - Kyoto\n11:00  Visit to the temple\n\n"
            "Thu 6 April\n09:00  Shinkansen Kyoto - Hiroshima\n")
    assert _members(text, ["Tokyo", "Kyoto", "Kyoto", "Hiroshima"]) == [
        ["Tokyo", "Kyoto", "Kyoto", "Hiroshima"]]
    # One pair alone is not a table.
    assert _members("08:15  Shinkansen Tokyo - Kyoto\n", ["Tokyo", "Kyoto"]) == []


def test_a_row_skips_its_weekday_and_names_the_gazetteer_does_not_know():
    text = ("Sun 2 June: Springfield. Lincoln's home.\nMon 3 June: St. Louis. The arch.\n"
            "Sat 8 June: Tucumcari - Albuquerque. Neon.\n")
    assert _members(text, ["Springfield", "Mon", "St. Louis", "Albuquerque"]) == [
        ["Springfield", "St. Louis", "Albuquerque"]]
    # A single line that opens with a place is no table, and its run is still a list.
    text = "NINE DAYS\nDelhi \u2013 Jaipur \u2013 Sawai Madhopur \u2013 Udaipur\n"
    assert _members(text, ["Jaipur", "Sawai Madhopur", "Udaipur"]) == [
        ["Jaipur", "Sawai Madhopur", "Udaipur"]]


def test_a_numbered_list_is_a_table():
    text = ("here's the order we went in:\n\n3. Shahrisabz - day trip by car\n"
            "4. Bokhara - 3 nights, the best food\n5. Khiwa - long drive across the desert\n")
    assert _members(text, ["Shahrisabz", "Bokhara", "Khiwa"]) == [
        ["Shahrisabz", "Bokhara", "Khiwa"]]


def test_a_dated_entry_may_open_with_a_few_words_but_not_with_a_goal_given_up():
    text = ("6 Feb. First landing: Deception Island, Whalers Bay.\n7 Feb. Cuverville "
            "Island, gentoo colony.\n12 Feb. Voyage to Grytviken abandoned.\n"
            "14 Feb. Stanley. Ashore for the day.\n17 Feb. Disembarked Ushuaia 0700.\n")
    assert _members(text, ["Deception Island", "Cuverville Island", "Grytviken", "Stanley",
                           "Ushuaia"]) == [
        ["Deception Island", "Cuverville Island", "Stanley", "Ushuaia"]]
    # A run of places may hold a name in brackets, a "back to" and a ", then".
    text = "Amman -> Ajlun -> Umm Qays -> back to Amman, then south: Madaba (Petra) -> Aqaba"
    assert _members(text, ["Amman", "Ajlun", "Amman", "Madaba", "Aqaba"]) == [
        ["Amman", "Ajlun", "Amman", "Madaba", "Aqaba"]]


def test_names_the_extractor_left_out_count_where_a_layout_puts_places():
    from journey.gazetteer import Gazetteer
    from journey.itinerary import layout_mentions

    gaz = Gazetteer.load()
    text = ("11 June - Kirkwall. Provisioned.\n13 June - Lerwick. Weather day.\n"
            "Inca Trails and Lake Titicaca - 10 days\n")
    found = [(m.text, m.place.country) for m in layout_mentions(text, [], gaz)]
    assert ("Kirkwall", "GB") in found and ("Lerwick", "GB") in found
    # Inside a longer name: no place.
    assert "Inca" not in {name for name, _ in found}
    text = "Stage 2: Xining-Huangyuan, 112 km\nStage 3: Haiyan-Gonghe, 131 km\n"
    assert [m.text for m in layout_mentions(text, [], gaz)][:1] == ["Xining"]


def test_headings_of_places_between_paragraphs_are_a_table():
    para = "A long paragraph about the day's sights, the road and the weather.\n"
    text = "Reykjavik to Selfoss\n" + para * 3 + "Selfoss to Hella\n" + para * 3
    assert _members(text, ["Reykjavik", "Selfoss", "Selfoss", "Hella"]) == [
        ["Reykjavik", "Selfoss", "Selfoss", "Hella"]]


def _gaz(*places):
    from journey.gazetteer import Gazetteer

    return Gazetteer([list(places)])


def test_a_stage_row_takes_its_places_by_other_names_small_towns_and_words():
    from journey.itinerary import layout_mentions

    # "Ledu" is another name of Nianbo; "Guide" is also a word; "Xining Circuit Race" is
    # Xining and the kind of stage.
    gaz = _gaz(Place("Xining", 36.63, 101.76, population=1_677_177),
               Place("Nianbo", 36.48, 102.42, population=260_184, aliases=("Ledu",)),
               Place("Guide", 36.04, 101.43, population=1_000),
               Place("Gonghe", 36.28, 100.61, population=10_000))
    text = ("July 22nd   11:00   Stage 1     Ledu-Xining            162km\n"
            "July 23rd   12:30   Stage 2     Xining Circuit Race    115km\n"
            "Stage 5: Gonghe-Guide, 118 km\n"
            "Stage 6: Guide-Ledu, 153 km\n")
    found = [(m.text, m.place.name) for m in layout_mentions(text, [], gaz)]
    assert found == [("Ledu", "Nianbo"), ("Xining", "Xining"), ("Xining", "Xining"),
                     ("Gonghe", "Gonghe"), ("Guide", "Guide"), ("Guide", "Guide"),
                     ("Ledu", "Nianbo")]
    s = find_structures(text, [], gaz)
    assert [m.text for m in s[0].members] == [name for name, _ in found]
    assert s[0].labels[0] == "July 22nd 11:00 Stage 1"


def test_a_words_other_name_is_no_place_in_a_log_entry():
    from journey.itinerary import layout_mentions

    gaz = _gaz(Place("Courset", 50.6, 1.8, aliases=("Course",)),
               Place("Stanley", -51.7, -57.85, population=2_000))
    text = "11 Feb. Course for South Georgia.\n14 Feb. Stanley. Ashore for the day.\n"
    assert [m.text for m in layout_mentions(text, [], gaz)] == ["Stanley"]


def test_a_table_with_its_columns_run_together_is_read_column_by_column():
    gaz = _gaz(Place("Beijing", 39.91, 116.4, population=18_960_744, aliases=("Peking",)),
               Place("Daihai", 40.52, 112.49), Place("Erenhot", 43.65, 111.98),
               Place("Saynshand", 44.88, 110.12, aliases=("Sainshand",)),
               Place("China", 35.0, 105.0, kind="country"),
               Place("Mongolia", 46.0, 105.0, kind="country"))
    text = ("Day DateWeekdayRouteCountryKms\n"
            "Day 110th SeptFriPeking to DaihaiChina398\n"
            "Day 211th SeptSatDaihai to ErenhotChina508\n"
            "Day 312th SeptSunErenhot to SainshandMongolia214\n")
    s = find_structures(text, [], gaz)
    assert [(m.text, m.place.name) for m in s[0].members] == [
        ("Peking", "Beijing"), ("Daihai", "Daihai"), ("Daihai", "Daihai"),
        ("Erenhot", "Erenhot"), ("Erenhot", "Erenhot"), ("Sainshand", "Saynshand")]
    # Each place keeps its own offsets in the text, and the day its row's label.
    assert all(text[m.start:m.end] == m.text for m in s[0].members)
    assert s[0].labels[0] == "Day 1, 10th Sept Fri"
    assert s[0].members[0].sentence == "Day 110th SeptFriPeking to DaihaiChina398"


def test_log_entries_of_one_shape_far_apart_are_one_table_dated_after_the_place():
    entry = "A long quotation from the runner's diary about the day.\n\n"
    text = ("St John's, NF - April 12:\n\n0 mile, 0 km.\n\n" + entry +
            "Gander, NF - April 21:\n\n215 miles, 346 km.\n\n" + entry +
            "South Brook Junction, NF - Day 15:\n\n337 miles, 542 km.\n\n" + entry +
            "Port-Aux-Basques, NF - May 6:\n\n548 miles, 882 km.\n\n" + entry)
    s = find_structures(text, _mentions(text, ["St John's", "Gander", "Port-Aux-Basques"]))
    assert [m.text for m in s[0].members] == ["St John's", "Gander", "Port-Aux-Basques"]
    assert s[0].labels == ("April 12", "April 21", "May 6")
    # The excerpt is the rows' own lines, not the entries between them.
    assert s[0].excerpt == "St John's, NF - April 12: Gander, NF - April 2 \u2026"


def test_a_programmes_timed_rows_give_the_places_named_after_a_preposition():
    text = ("Samedi 2 avril 2022\nROME - MALTE\n"
            "8:30 | D\u00e9part en avion de l'a\u00e9roport de Rome/Fiumicino pour Malte |\n"
            "10:50 | Visite au Pr\u00e9sident au Palais du Grand Ma\u00eetre \u00e0 La Valette |\n"
            "15:50 | R\u00e9union de pri\u00e8re |\n"
            "17:00 | Arriv\u00e9e au Port de Mgarr |\n")
    names = ["ROME", "Rome", "Fiumicino", "La Valette", "R\u00e9union", "Mgarr"]
    ms = _mentions(text, names)
    ms[2] = Mention("Fiumicino", ms[2].start, ms[2].end, text, Place("Fiumicino", 41.8, 12.25))
    ms[1] = Mention("Rome", ms[1].start, ms[1].end, text, Place("Rome", 41.9, 12.5))
    s = find_structures(text, ms)
    # Rome/Fiumicino is Rome's airport, one stop; a "Réunion" opening a row is a word;
    # the day's heading in capitals ("ROME - MALTE") is what its rows tell in detail.
    assert [m.text for m in s[0].members] == ["Fiumicino", "La Valette", "Mgarr"]
    assert s[0].labels == ("8:30", "10:50", "17:00")


def test_month_and_weekday_names_in_other_languages_are_no_places_of_a_row():
    from journey.itinerary import layout_mentions

    gaz = _gaz(Place("Avril", 48.9, 2.4), Place("Monaco", 43.73, 7.42, population=38_000))
    text = "2-3 AVRIL 2022\nMonaco 08:15\nSamedi 2 avril 2022\n"
    assert [m.text for m in layout_mentions(text, [], gaz)] == ["Monaco"]


def test_a_village_named_like_a_word_is_a_place_only_in_a_stage_rows_cell():
    from journey.gazetteer import Gazetteer

    class WordsGazetteer(Gazetteer):
        def is_word(self, key: str) -> bool:  # as the index flags "guide", "highway"
            return key in ("guide", "highway", "lake")

    gaz = WordsGazetteer([[Place("Gonghe", 36.28, 100.61, population=10_000),
                           Place("Guide", 36.04, 101.43, kind="village"),
                           Place("Highway", 51.4, -1.9, kind="village"),
                           Place("Ledu", 36.48, 102.42, population=260_184),
                           Place("Gander", 48.95, -54.6, population=11_880),
                           Place("Dartmouth", 44.67, -63.57, population=101_343)]])
    text = "Stage 5: Gonghe-Guide, 118 km\nStage 6: Guide-Ledu, 153 km\n"
    s = find_structures(text, [], gaz)
    assert [m.text for m in s[0].members] == ["Gonghe", "Guide", "Guide", "Ledu"]
    entry = "A long quotation from the runner's diary about the day.\n\n"
    text = ("Gander, NF - April 21:\n\n215 miles, 346 km.\n\n" + entry +
            "Highway 7, NS:\n\n767 miles, 1,234 km.\n\n" + entry +
            "Dartmouth, NS - May 20:\n\n916 miles, 1,474 km.\n\n" + entry +
            "Gander, NF - May 21:\n\n1,000 miles.\n\n")
    highway = Mention("Highway", text.index("Highway"), text.index("Highway") + 7, text,
                      Place("Highway", 51.4, -1.9, kind="village"))
    s = find_structures(text, [highway], gaz)
    assert [m.text for m in s[0].members] == ["Gander", "Dartmouth", "Gander"]
    # Nor as a later word of a longer name the gazetteer lacks ("Abant Lake").
    text = "Day 30: Gonghe to Abant Lake, 546 km\nDay 31: Abant Lake to Ledu, 320 km\n" \
           "Day 32: Ledu to Gonghe, 100 km\n"
    lakes = [Mention("Lake", i + 6, i + 10, text, Place("Lake", 51.0, -1.0, kind="village"))
             for i in (text.index("Abant"), text.index("Abant", 30))]
    s = find_structures(text, lakes, gaz)
    assert [m.text for m in s[0].members] == ["Gonghe", "Ledu", "Ledu", "Gonghe"]


def test_tables_with_bars_tabs_or_wide_spaces_between_columns_are_tables():
    names = ["Lima", "Cusco", "Cusco", "Puno", "Puno", "Arequipa"]
    want = [names]
    text = ("| Day | From | To | km |\n|---|---|---|---|\n| 1 | Lima | Cusco | 1100 |\n"
            "| 2 | Cusco | Puno | 390 |\n| 3 | Puno | Arequipa | 300 |\n")
    assert _members(text, names) == want
    text = "Stage   Start    Finish     km\n1       Lima     Cusco      1100\n" \
           "2       Cusco    Puno       390\n3       Puno     Arequipa   300\n"
    assert _members(text, names) == want
    # Tab-separated, with names the extractor left out: the cells are where places are.
    gaz = _gaz(*(Place(n, -13.0 - i, -72.0 + i, population=100_000)
                 for i, n in enumerate(["Lima", "Cusco", "Puno", "Arequipa"])))
    text = "Day\tFrom\tTo\tkm\n1\tLima\tCusco\t1100\n2\tCusco\tPuno\t390\n3\tPuno\tArequipa\t300\n"
    assert [[m.text for m in s.members] for s in find_structures(text, [], gaz)] == want


def test_rows_headed_by_j1_weekdays_in_full_or_a_time_are_rows():
    text = "J1 Lyon-Dijon\nJ2 Dijon-Troyes\n"
    s = find_structures(text, _mentions(text, ["Lyon", "Dijon", "Dijon", "Troyes"]))
    assert s[0].labels == ("J1", "J1", "J2", "J2")
    text = "Monday 3 June: Lyon\nWednesday 5 June: Dijon\nSaturday 8 June: Troyes\n"
    s = find_structures(text, _mentions(text, ["Lyon", "Dijon", "Troyes"]))
    assert s[0].labels == ("Monday 3 June", "Wednesday 5 June", "Saturday 8 June")
    text = "08:15 Zurich\n09:12 Bern\n10:05 Fribourg\n"
    assert _members(text, ["Zurich", "Bern", "Fribourg"]) == [["Zurich", "Bern", "Fribourg"]]


def test_a_list_of_places_one_a_line_and_a_ferry_timetables_pairs_are_structures():
    names = ["Lima", "Cusco", "Puno", "Arequipa"]
    assert _members("Itinerary\n\n- Lima\n- Cusco\n- Puno\n- Arequipa\n", names) == [names]
    assert _members("The plan:\nLima\n\u2192 Cusco\n\u2192 Puno\n\u2192 Arequipa\n", names) == \
        [names]
    # Three lines that are only a place, without bullets, are no list: headings.
    assert _members("Lima\nCusco\nPuno\n", names[:3]) == []
    text = ("Mon  Luzern 07:00 - Weggis 07:50\nMon  Weggis 18:00 - Luzern 18:50\n"
            "Wed  Luzern 09:00 - Brunnen 11:40\n")
    ferry = ["Luzern", "Weggis", "Weggis", "Luzern", "Luzern", "Brunnen"]
    assert _members(text, ferry) == [ferry]


def test_a_tables_day_column_labels_its_rows():
    text = ("Day  Halt        Km\n1    Unknownpur   0\n2    Bareja      11\n"
            "4    Nadiad      24\n5    Anand       18\n")
    s = find_structures(text, _mentions(text, ["Bareja", "Nadiad", "Anand"]))
    assert s[0].labels == ("Day 2", "Day 4", "Day 5")
    assert s[0].describe(1) == "2nd place of the table '2 Bareja 11 4 Nadiad 24 5 Anand 18' (Day 4)"
    text = ("| Stage | From | To |\n|---|---|---|\n| 1 | Lima | Cusco |\n| 2 | Cusco | Puno |\n")
    s = find_structures(text, _mentions(text, ["Lima", "Cusco", "Cusco", "Puno"]))
    assert s[0].labels == ("Stage 1", "Stage 1", "Stage 2", "Stage 2")


def test_a_glued_tables_place_the_extractor_found_keeps_its_offsets():
    gaz = _gaz(Place("Daihai", 40.52, 112.49), Place("Erenhot", 43.65, 111.98),
               Place("China", 35.0, 105.0, kind="country"))
    text = ("Day 110th SeptFriPeking to DaihaiChina398\n"
            "Day 211th SeptSatDaihai to ErenhotChina508\n"
            "Day 312th SeptSunErenhot to DaihaiChina214\n")
    at = text.index("Daihai")
    found = Mention("Daihai", at, at + 6, text, Place("Daihai", 40.52, 112.49))
    s = find_structures(text, [found], gaz)
    assert s[0].members[0] is found
    assert [(m.text, text[m.start:m.end]) for m in s[0].members] == [
        ("Daihai", "Daihai"), ("Daihai", "Daihai"), ("Erenhot", "Erenhot"),
        ("Erenhot", "Erenhot"), ("Daihai", "Daihai")]


def test_a_day_number_run_into_a_date_reads_as_a_day_and_a_valid_date():
    from journey.itinerary import _DAY_THEN_DATE

    def label(head: str) -> str:
        return _DAY_THEN_DATE.sub(r"\1, ", head)

    assert label("Day 110th Sept") == "Day 1, 10th Sept"
    assert label("Day 211th Sept") == "Day 2, 11th Sept"
    assert label("Day 817th Sept") == "Day 8, 17th Sept"
    assert label("Day 1019th Sept") == "Day 10, 19th Sept"
    assert label("Day 232nd Oct") == "Day 23, 2nd Oct"


def test_a_run_goes_on_across_unknown_names_with_of_and_regions_named_with_a_country():
    from journey.itinerary import layout_mentions

    text = ("The route: Peking \u2013 Great Wall of China \u2013 Outer Mongolia \u2013 "
            "Ulaan Baatar \u2013 Novosibirsk \u2013 Omsk.")
    assert _members(text, ["Peking", "Ulaan Baatar", "Novosibirsk", "Omsk"]) == [
        ["Peking", "Ulaan Baatar", "Novosibirsk", "Omsk"]]
    # "Outer" before "Mongolia" is no town Outer of that country ("Datong China" is).
    gaz = _gaz(Place("Outer", 52.0, -2.0, country="GB"),
               Place("Datong", 40.09, 113.29, country="CN", population=1_000_000),
               Place("Mongolia", 46.0, 105.0, kind="country", country="MN"),
               Place("China", 35.0, 105.0, kind="country", country="CN"))
    text = "Outer Mongolia \u2013 Datong China \u2013 Hohhot"
    assert [m.text for m in layout_mentions(text, [], gaz)] == ["Datong"]


def test_any_layout_of_places_gives_members_whose_offsets_slice_back():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from journey.extract import extract_mentions
    from journey.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    piece = st.one_of(
        st.sampled_from(["Lyon", "Dijon", "Troyes", "Reims", "Peking", "Xining", "Ledu"]),
        st.sampled_from(["\n", " - ", " to ", "\t", "  ", " | ", "Day 3: ", "J2 ", "08:15 ",
                         "Stage 1: ", ", 98 km", "Fri", "China", "12th Sept", "\u2192 ",
                         "- ", " (", ")", "de ", "Guide"]),
        st.text(max_size=6))

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(piece, max_size=40).map("".join))
    def check(text: str) -> None:
        for s in find_structures(text, extract_mentions(text, gaz), gaz):
            assert len(s.members) == len(s.labels)
            for i, m in enumerate(s.members):
                assert text[m.start:m.end] == m.text
                assert m.sentence in text
                assert s.describe(i)

    check()


def test_a_day_heading_may_bracket_its_places():
    text = ("Day 3 (Hofn to Egilsstadir):\nA rainy drive.\n\n"
            "Day 4 (Egilsstadir to Akureyri):\nThe long climb.\n")
    s = find_structures(text, _mentions(text, ["Hofn", "Egilsstadir", "Egilsstadir",
                                               "Akureyri"]))
    assert [m.text for m in s[0].members] == ["Hofn", "Egilsstadir", "Egilsstadir", "Akureyri"]
    assert s[0].labels[0] == "Day 3"


def test_a_day_alone_on_the_line_above_labels_the_row_and_a_few_words_may_lead():
    text = ("Day 1\nLima to Cusco\nFly over the Andes.\n\nDay 2\nCusco to Puno\nBus.\n\n"
            "Day 3\nPuno to Arequipa\nBus again.\n")
    s = find_structures(text, _mentions(text, ["Lima", "Cusco", "Cusco", "Puno", "Puno",
                                               "Arequipa"]))
    assert s[0].labels == ("Day 1", "Day 1", "Day 2", "Day 2", "Day 3", "Day 3")
    # A date above a paragraph does not make its places a row.
    text = "June 12\nThe minister said Moscow would wait.\nJune 13\nThe talks in Kyiv ended.\n"
    assert _members(text, ["Moscow", "Kyiv"]) == []
    # The extractor may miss a place a few words into a day's row ("Arrive Lima").
    from journey.itinerary import layout_mentions

    gaz = _gaz(Place("Lima", -12.04, -77.03, population=7_737_002))
    assert [m.text for m in layout_mentions("Day 1 \u2013 Arrive Lima\n", [], gaz)] == ["Lima"]
