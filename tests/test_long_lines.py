"""Texts of one endless line or one endless sentence: the drafter's work per mention must
not grow with the text (each of these was quadratic before: 200 kB of one line took
minutes). The scaling itself is measured in benchmarks/hostile_scaling.py, not here."""
from __future__ import annotations

from journey import draft as drafting
from journey.extract import MAX_SENTENCE, extract_mentions, split_sentences
from journey.gazetteer import Gazetteer
from journey.models import Mention

GAZ = Gazetteer.load()


def test_an_endless_sentence_is_read_in_pieces_that_cover_it():
    text = "They went from Moscow to Omsk, then on to Perm; " * 400 + "The end."
    spans = split_sentences(text)
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    # The pieces follow each other and lose nothing but the spaces between them.
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[s] != " " and text[e - 1] != " " for s, e in spans)
    # Cut after a comma or a semicolon, not inside a name.
    assert all(text[e - 1] in ",;" for s, e in spans[:-1])


def test_a_sentence_without_spaces_is_still_cut():
    spans = split_sentences("x" * 2500)
    assert spans == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_mentions_in_an_endless_sentence_carry_a_short_sentence():
    text = "from Moscow to Omsk, " * 500
    mentions = extract_mentions(text, GAZ)
    assert mentions
    for m in mentions:
        assert len(m.sentence) <= MAX_SENTENCE
        assert text[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence
        assert m.sentence_start <= m.start < m.sentence_start + len(m.sentence)


def test_two_sentences_of_the_same_words_are_two_sentences():
    text = "We rode to Omsk. We rode to Omsk."
    a = Mention("Omsk", 11, 15, "We rode to Omsk.", sentence_start=0)
    b = Mention("Omsk", 28, 32, "We rode to Omsk.", sentence_start=17)
    assert drafting._sentence_spans(text, [a, b]) == {(0, a.sentence): 0, (17, b.sentence): 1}


def test_a_heading_in_capitals_is_found_but_an_endless_line_is_no_heading():
    text = "NARRATIVE OF A VOYAGE IN THE BRIG\nThey sailed to Brig."
    m = Mention("BRIG", 29, 33, "NARRATIVE OF A VOYAGE IN THE BRIG", sentence_start=0)
    assert drafting._in_capitals_heading(text, m)
    long = "ROME MALTE PARIS LYON " * 200
    m = Mention("PARIS", 2211, 2216, long, sentence_start=0)
    assert long[2211:2216] == "PARIS"
    assert not drafting._in_capitals_heading(long, m)


def test_the_cycle_collector_is_paused_only_while_extracting(monkeypatch):
    import gc

    import journey.extract as extract

    paused = []
    real = extract.split_sentences

    def spy(text):
        paused.append(not gc.isenabled())
        return real(text)

    monkeypatch.setattr(extract, "split_sentences", spy)
    assert gc.isenabled()
    extract_mentions("They flew from Moscow to Omsk.", GAZ)
    assert paused == [True] and gc.isenabled()
    gc.disable()
    try:
        extract_mentions("They flew from Moscow to Omsk.", GAZ)
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()

    def boom(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(extract, "split_sentences", boom)
    try:
        extract_mentions("They flew from Moscow to Omsk.", GAZ)
    except RuntimeError:
        pass
    assert gc.isenabled()  # restored when the extraction fails
