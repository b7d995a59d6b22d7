import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journey.extract import _scanner, _whole_words_in, extract_mentions, split_sentences
from journey.pipeline import example_path
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one


def test_sentences_do_not_break_at_st_abbreviation():
    text = "He went to St. Petersburg by train. Then home."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["He went to St. Petersburg by train.", "Then home."]


def test_sentence_breaks_at_initials_abbreviations_quotes_and_blank_lines():
    # split_sentences tells these cases apart inside one regex: each kind once.
    text = ('George W. Bush met \u00c9. Zola in Paris. "We left." Then \u00e9. Next at 9 p.m. Sharp.'
            "  \n\n  Mr. Smith left! \u00c9cole.\nA U.S. Army train.")
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "George W. Bush met \u00c9. Zola in Paris.", '"We left.', "Then \u00e9.",
        "Next at 9 p.m. Sharp.", "Mr. Smith left! \u00c9cole.", "A U.S. Army train."]


def test_mentions_slice_back_to_the_text_and_carry_their_sentence():
    text = example_path("article.txt").read_text("utf-8")
    mentions = extract_mentions(text, GAZ)
    assert mentions
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.text in m.sentence
    names = {m.place.name for m in mentions if m.place}
    assert {"Moscow", "Omsk", "St Petersburg", "Yaroslavsky station", "Pyongyang"} <= names


def test_longest_match_wins():
    mentions = extract_mentions("They reached the Yaroslavsky rail terminus in Moscow.", GAZ)
    assert [m.text for m in mentions] == ["Yaroslavsky rail terminus", "Moscow"]


def test_person_names_and_parts_of_longer_names_are_not_places():
    text = ("President Vladimir Putin met George W. Bush. The Soviet Union fell. "
            "Kim Jong Il, son of Kim Il Sung, admired Andrew Jackson. Kim left Pyongyang.")
    found = {m.text for m in extract_mentions(text, GAZ)}
    assert {"Vladimir", "George", "Union", "Kim", "Jackson"}.isdisjoint(found), found
    assert "Pyongyang" in found and "Soviet Union" in found


def test_variants_possessives_and_old_names_resolve():
    text = ("Russia's trains left Saint-Petersburg, then St. Petersburg again, "
            "for Peking, Stalingrad and Bombay via Zürich.")
    by_text = {m.text: m.place for m in extract_mentions(text, GAZ)}
    assert by_text["Russia"].kind == "country"
    assert by_text["Saint-Petersburg"].name == by_text["St. Petersburg"].name == "St Petersburg"
    assert by_text["Peking"].name == "Beijing"
    assert by_text["Stalingrad"].name == "Volgograd"
    assert by_text["Bombay"].name == "Mumbai"
    assert by_text["Zürich"].country == "CH"


def test_namesakes_follow_the_article():
    texas = extract_mentions("We drove across Texas from Dallas and stopped in Paris for lunch.", GAZ)
    paris = next(m.place for m in texas if m.text == "Paris")
    assert (paris.country, paris.admin1) == ("US", "TX")
    france = extract_mentions("The Eurostar left London and arrived in Paris at noon.", GAZ)
    assert next(m.place for m in france if m.text == "Paris").country == "FR"
    idaho = extract_mentions("We reached Moscow, Idaho, at noon. South of Moscow lies Lewiston.", GAZ)
    assert all(m.place.country == "US" for m in idaho if m.text == "Moscow")
    russia = extract_mentions("Kim arrived in Moscow after a week on the Trans-Siberian.", GAZ)
    assert next(m.place for m in russia if m.text == "Moscow").country == "RU"


def test_misspelling_a_reader_forgives_is_resolved_and_unknown_names_are_kept():
    mentions = extract_mentions("The ship sailed to Barcelonna. Then it sailed to Qwzxland.", GAZ)
    by_text = {m.text: m for m in mentions}
    assert by_text["Barcelonna"].place.name == "Barcelona"
    assert by_text["Barcelonna"].confidence < 1.0
    assert by_text["Qwzxland"].place is None


def test_a_misspelt_name_opening_a_list_item_is_resolved_like_one_after_a_cue():
    text = ("Places in order:\n\n1. Barcelonna - two nights\n2. Valensia, by train\n"
            "- Sevilla\n\nWe met Qwzxland Smith. 3. Madridd is not an item here.")
    by_text = {m.text: m for m in extract_mentions(text, GAZ)}
    assert by_text["Barcelonna"].place.name == "Barcelona"
    assert by_text["Valensia"].place.name == "Valencia"
    assert by_text["Barcelonna"].confidence < 1.0
    # Only a name that opens a line's item: not one mid-sentence.
    assert "Madridd" not in by_text and "Qwzxland" not in by_text


def test_a_small_towns_namesake_near_the_story_is_taken_when_the_likelier_one_is_far():
    text = ("We took the ferry from Oban to Craignure, drove over to Tobermory for lunch "
            "and came back to Oban on the evening boat.")
    by_text = {m.text: m for m in extract_mentions(text, GAZ)}
    assert by_text["Tobermory"].place.country == "GB"
    assert by_text["Tobermory"].confidence <= 0.7


def test_the_shipped_article_has_none_of_the_peers_false_positives():
    text = example_path("article.txt").read_text("utf-8")
    mentions = extract_mentions(text, GAZ)
    names = {m.text for m in mentions}
    assert {"Vladimir", "George", "Union", "Mora", "Buta"}.isdisjoint(names), names
    # The page's "Asia edition" links name the continent: read as it, if at all, never as
    # a town called Asia (the peers' reading).
    assert all(m.place.kind == "continent" for m in mentions if m.text == "Asia")


MENTIONS_GOLDEN = Path(__file__).parent / "golden" / "mentions" / "mentions.json"


def _mention_rows(text: str) -> list[list]:
    return [[m.text, m.start, m.end, text.index(m.sentence), m.place and m.place.source,
             m.confidence, list(m.suggestions)] for m in extract_mentions(text, GAZ)]


def test_mentions_of_corpus_and_example_match_golden(update_golden):
    """What extraction finds, where, and which place it picks, for every labelled text.

    Pins the output while the scanner is tuned for speed; after an intended change run
    `pytest --update-golden` and review the diff."""
    corpus = Path(__file__).parent / "corpus"
    texts = {p.stem: p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))}
    texts["example"] = example_path("article.txt").read_text("utf-8")
    actual = {name: _mention_rows(text) for name, text in texts.items()}
    if update_golden or not MENTIONS_GOLDEN.exists():
        MENTIONS_GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        MENTIONS_GOLDEN.write_text("{\n" + ",\n".join(  # one mention a line: readable diffs
            f"{json.dumps(name)}: [\n" + ",\n".join(json.dumps(row, ensure_ascii=False)
                                                     for row in rows) + "\n]"
            for name, rows in actual.items()) + "\n}\n", "utf-8")
    assert actual == json.loads(MENTIONS_GOLDEN.read_text("utf-8"))


@given(st.text(alphabet="ab_ .,'\u00e9\n1", max_size=40),
       st.sets(st.sampled_from(["a", "ab", "ba", "b_a", "\u00e9", "a1"]), min_size=1))
def test_whole_word_search_agrees_with_a_word_boundary_regex(text, words):
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    assert _whole_words_in(text, words) == set(pattern.findall(text))


_RUN_WORDS = ["mission", "control", "Mission", "Houston", "aerospace", "Center", "commission",
              "of", "the", "St.", "O'Hare", "\u00c9cole", "am", "a", "X", "x1"]
_RUN_SEPS = [" ", "  ", "-", "\n", "\n\n", ". ", ", ", "", "'s "]


def _spans(matches):
    return [(m.span(), m.group()) for m in matches]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(_RUN_WORDS), st.sampled_from(_RUN_SEPS)),
                max_size=20))
def test_fast_run_finder_agrees_with_the_one_pattern(pieces):
    # The scan finds capitalised runs with a capital-only pattern and merges in the
    # lower-case openings ("mission control"); it must give exactly the runs of the one
    # pattern that allows both.
    scanner = _scanner(GAZ)
    assert scanner.lower_starts  # the curated data has lower-case names: the merge is tried
    text = "".join(w + sep for w, sep in pieces)
    assert _spans(scanner.runs(text)) == _spans(scanner.run.finditer(text))


def test_fast_run_finder_agrees_on_the_example():
    scanner = _scanner(GAZ)
    text = example_path("article.txt").read_text("utf-8")
    text += " Houston mission control said; mission Control Center; the aerospace agency."
    assert _spans(scanner.runs(text)) == _spans(scanner.run.finditer(text))


def test_mentions_made_through_the_slots_equal_constructed_ones():
    # Extraction sets a Mention's slots directly (a frozen dataclass's __init__ is slow);
    # the result must be the very object the constructor makes, every field set.
    from journey import extract
    from journey.models import Mention

    assert extract._SETTERS is not None  # the fast path is the one taken
    mentions = extract_mentions(example_path("article.txt").read_text("utf-8"), GAZ)
    rebuilt = [Mention(m.text, m.start, m.end, m.sentence, m.place, m.is_stop, m.confidence,
                       m.suggestions, m.sentence_start) for m in mentions]
    assert mentions == rebuilt and all(type(m) is Mention for m in mentions)
    assert [hash(m) for m in mentions] == [hash(m) for m in rebuilt]


def test_namesakes_of_the_article_are_weighed_as_one_journey():
    # Each name alone is Portland, Oregon and the town of Acadia in Alberta; together
    # with Bangor they make a drive in Maine to Acadia National Park.
    mentions = extract_mentions("Then we drove from Portland to Bangor and on to Acadia.", GAZ)
    assert [(m.place.country, m.place.admin1) for m in mentions] == [("US", "ME")] * 3
    assert mentions[2].place.kind == "park"
    voyage = extract_mentions("After Recife the ship touched at Ascension and then sailed on "
                              "to the Azores and Lisbon.", GAZ)
    assert voyage[1].place.kind == "island" and voyage[1].place.country == "SH"


def test_weekday_and_month_abbreviations_are_never_places_alone():
    assert extract_mentions("We left on Mon and arrived Wed. May was cold, Sat was wet.", GAZ) == []
    assert [m.text for m in extract_mentions("We went to Cape May on Tue.", GAZ)] == ["Cape May"]


def test_the_text_is_folded_as_the_gazetteer_is():
    # Letters NFKD leaves whole (ð, æ, þ, ø, ł ...) fold the same way in the text as in
    # the index: each spelling finds the place, and the mention keeps the text's own.
    for written in ("Egilsstaðir", "Egilsstadir", "Egilsstadhir"):
        found = extract_mentions(f"From Reykjavik we drove east to {written} in a day.", GAZ)
        assert [m.text for m in found] == ["Reykjavik", written]
        assert found[1].place.name == "Egilsstaðir" and found[1].place.country == "IS"
    from journey.models import Place

    gaz = Gazetteer([[Place("Brjánslækur", 65.52, -23.19, country="IS"),
                      Place("Þingeyri", 65.87, -23.49, country="IS")]])
    found = extract_mentions("The ferry reached Brjanslaekur and we drove on to Thingeyri.", gaz)
    assert [m.place.name for m in found] == ["Brjánslækur", "Þingeyri"]


def test_small_places_named_like_words_need_a_list_or_a_qualifier():
    assert extract_mentions("Our guide said we should go to Guide first.", GAZ) == []
    run = extract_mentions("Xining \u2192 Huangyuan \u2192 Guide \u2192 Gonghe", GAZ)
    assert [m.place.name for m in run] == ["Xining", "Huangyuan Chengguanzhen", "Heyin", "Qabqa"]
    village = extract_mentions("We drove north to Garve and on to Ullapool.", GAZ)
    assert [(m.text, m.place.kind) for m in village] == [("Garve", "village"), ("Ullapool", "city")]
    assert extract_mentions("Garve was quiet.", GAZ) == []  # a village's name wants a cue
