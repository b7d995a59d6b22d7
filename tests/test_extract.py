from journey.extract import extract_mentions, split_sentences
from journey.pipeline import example_path


def test_sentences_do_not_break_at_st_abbreviation():
    text = "He went to St. Petersburg by train. Then home."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["He went to St. Petersburg by train.", "Then home."]


def test_mentions_slice_back_to_the_text_and_carry_their_sentence():
    text = example_path("article.txt").read_text("utf-8")
    mentions = extract_mentions(text)
    assert mentions
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.text in m.sentence
    names = {m.place.name for m in mentions if m.place}
    assert {"Moscow", "Omsk", "St Petersburg", "Yaroslavsky station", "Pyongyang"} <= names


def test_longest_match_wins():
    mentions = extract_mentions("They reached the Yaroslavsky rail terminus in Moscow.")
    assert [m.text for m in mentions] == ["Yaroslavsky rail terminus", "Moscow"]
