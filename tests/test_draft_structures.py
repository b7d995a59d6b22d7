"""Drafting from itinerary structures (journey.itinerary read by journey.draft), with the
shipped gazetteer: the stops a table, a log or a stage list gives, in its order."""
from journey.draft import draft_stops
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer

GAZ = Gazetteer.load()  # one gazetteer for the module, as the CLI makes one


def _names(text: str) -> list[str]:
    return [s.name for s in draft_stops(text, GAZ, extract_mentions(text, GAZ))]


def test_two_towns_near_each_other_in_a_log_are_two_stops():
    text = ("Log of the yacht Tern\n\n"
            "11 June - Kirkwall. Provisioned.\n"
            "13 June - Lerwick. Weather day.\n"
            "14 June - To Scalloway, short hop round the south end. 22 miles.\n"
            "16 June - Arrived Torshavn after 38 hours.\n")
    assert _names(text) == ["Kirkwall", "Lerwick", "Scalloway", "Tórshavn"]


def test_a_place_a_stage_row_names_by_another_name_is_drafted_and_flagged():
    text = ("Tour of the lake, the stages\n\n"
            "Stage 1: Ledu-Xining, 162 km\n"
            "Stage 2: Xining-Duoba, 100 km\n"
            "Stage 3: Duoba-Ledu, 90 km\n")
    stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
    assert [s.name for s in stops] == ["Nianbo", "Xining", "Duoba", "Nianbo"]
    assert "'Ledu' read as Nianbo" in stops[0].why and "(Stage 1)" in stops[0].why
    assert stops[0].review and not stops[1].review


def test_a_row_place_only_one_place_is_named_is_sure_and_says_no_namesake():
    text = ("Log of the yacht Tern\n\n11 June - Kirkwall. Provisioned.\n"
            "13 June - Lerwick. Weather day.\n16 June - Arrived Torshavn after 38 hours.\n")
    stops = draft_stops(text, GAZ, extract_mentions(text, GAZ))
    kirkwall = stops[0]
    assert kirkwall.name == "Kirkwall" and not kirkwall.review
    assert kirkwall.why == "1st place of the table '11 June - Kirkwall. Provisioned. " \
        "13 June - Ler \u2026' (11 June)"
