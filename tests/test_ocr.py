"""journey.ocr: OCR noise undone, offsets kept pointing into the text as written."""
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer
from journey.ocr import clean

GAZ = Gazetteer.load()


def test_words_broken_across_lines_are_joined_and_offsets_map_back():
    text = "From thence we ran down to Tene-\nriffe and to Fun-\n  chal."
    c = clean(text)
    assert c.text == "From thence we ran down to Teneriffe and to Funchal."
    s = c.text.index("Funchal")
    assert text[c.original(s):c.original(s + 7, end=True)] == "Fun-\n  chal"
    # offsets before any edit are unchanged, after it shifted by what was removed
    assert c.original(5) == 5
    assert c.original(len(c.text), end=True) == len(text)


def test_compound_with_capital_after_the_break_keeps_its_hyphen():
    assert clean("an Anglo-\nFrench treaty").text == "an Anglo-\nFrench treaty"


def test_known_hyphenated_name_is_not_joined():
    known = {"stratford-upon"}
    assert clean("to Stratford-\nupon-Avon", lambda w: w.lower() in known).text == \
        "to Stratford-\nupon-Avon"


def test_long_s_and_ligatures():
    assert clean("the paſſage, the ﬁrst ﬂeet").text == "the passage, the first fleet"


def test_rn_read_as_m_only_when_that_makes_a_known_name():
    known = {"plymouth", "return", "comer"}
    c = clean("Plyrnouth and Return and Barnsley, Fun-\nchal", lambda w: w.lower() in known)
    assert c.text == "Plymouth and Return and Barnsley, Funchal"
    # Not in a text without other signs of OCR: "Corner Brook" is no "Comer Brook".
    assert clean("Corner Brook", lambda w: w.lower() in known).text == "Corner Brook"
    # Nor as the first word of a longer known name.
    known.add("corner brook")
    assert "Corner Brook" in clean("Fun-\nchal, Corner Brook", lambda w: w.lower() in known).text


def test_clean_text_is_left_alone():
    c = clean("Moscow - Vladimir - Kazan\n\nA new paragraph.")
    assert not c.changed and c.text.startswith("Moscow")


def test_mentions_of_an_ocr_text_point_into_the_original():
    text = "We came to an anchor in the road of Fun-\nchal, and thence to Ma-\ndeira."
    mentions = extract_mentions(text, GAZ)
    funchal = next(m for m in mentions if m.place is not None and m.place.name == "Funchal")
    assert funchal.text == "Fun-\nchal" == text[funchal.start:funchal.end]
    assert funchal.sentence in text and "Fun-\nchal" in funchal.sentence
