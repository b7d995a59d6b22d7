"""Draft the journey's stops from an article: which places are visited, in what order.

A place becomes a stop when the words just before it say that someone goes there, leaves
it, stops in it or passes through it ("arrived in", "left", "stop in", "en route to",
"via", "back to" ...). Countries, continents and states stay context, and so does a place
used for its government ("Washington says") or in another time ("visited last year").
Stops are ordered by the journey's time line: what had happened, what has just happened
(the news), what will happen; inside each, by the order the text tells, with "from ...
to", "en route to" and "after leaving" read the way a reader reads them. When the
article only implies the start ("left North Korea", "the North Korean leader ... return
home"), the origin is the home country's capital, marked ``inferred``.

    >>> from journey.extract import extract_mentions
    >>> from journey.gazetteer import Gazetteer
    >>> gaz, text = Gazetteer.load(), "She left Lyon by train and arrived in Paris."
    >>> [s.name for s in draft_stops(text, gaz, extract_mentions(text, gaz))]
    ['Lyon', 'Paris']
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from journey import cues
from journey.dates import MONTHS, WEEKDAYS, resolve_dates
from journey.errors import InputError
from journey.gazetteer import Gazetteer, country_name, normalize
from journey.geo import haversine_km
from journey.itinerary import Structure, find_structures
from journey.qualifiers import qualified_at
from journey.models import Mention, Place, Stop
from journey.namesakes import (Context, Position, resolve_journey, stated_distances_km,
                               travel_mode)

POINT_KINDS = ("city", "station", "landmark", "border", "port", "airport", "village")
# What prose may make a stop of with a cue: points, and the islands, parks and passes a
# journey goes to ("spent the last day in Acadia National Park", "landed on Cuverville
# Island"); countries are drawn at their capital or not at all.
_PROSE_KINDS = POINT_KINDS + ("island", "park", "pass", "country")
# An island this populous is a region ("crossed to Kyushu"), not a stop of its own.
SMALL_ISLAND = 100_000


def _large_island(place: Place) -> bool:
    return place.kind == "island" and place.population >= SMALL_ISLAND
# A station or landmark this close to a city stop is part of that stop.
MERGE_KM = 40.0
# Consecutive places of a structure this close are one stop ("Day 3: Cusco").
SAME_STOP_KM = 10.0
# A stop this far from both neighbours, not reached by air or sea, wants a second look.
LONG_LEG_KM = 2000.0
# A stop drafted with less confidence than this is flagged for review.
SURE = 0.7
# A mention placed this surely by the extractor keeps its place in the journey's pass.
SURE_PLACE = 0.85
_AREA_KINDS = ("country", "continent", "region", "sea", "district", "range")

_W = r"(?:[\w'\u2019-]+\s+){0,3}?"  # up to three filler words ("the Siberian city of")
_FILL_WORD = r"(?:the|a|an|its|his|her|their|this|historic|old|ancient|port|city|town|" \
    r"village|capital|seaside|coastal|border|frontier|small|tiny|busy|sleepy|" \
    r"lakeside|riverside|hilltop|mountain|market|mining|university|provincial|" \
    r"pretty|little|lovely|charming|beautiful|picturesque|quaint|quiet|remote|bustling|" \
    r"famous|fishing|colonial|medieval|walled|nearby|neighbouring|neighboring|" \
    r"island|road|roads|roadstead|harbour|harbor|bay|anchorage|of|[A-Z][\w'\u2019-]*'s|" \
    r"[A-Z][a-z]+(?:n|sh|ese|ian|ch|i))\s+"
_FILL = rf"(?:{_FILL_WORD}){{0,5}}"

# Cue phrases just before a name; each ends where the name (with _FILL between) starts.
_CUES: tuple[tuple[str, str], ...] = (
    ("return", r"(?:back|home)\s+(?:again\s+)?(?:to|in|at)|returned\s+to|returning\s+to|"
               r"return\s+to|returns\s+to|retraced?\s+\w+\s+\w+\s+to"),
    ("origin", r"(?:pulled\s+out\s+of|pulling\s+out\s+of|out\s+of|cast\s+off\s+from|"
               r"left|leaving|leave|leaves|departed(?:\s+from)?|departing(?:\s+from)?|"
               r"depart(?:s)?(?:\s+from)?|set\s+(?:off|out|sail)\s+from|started\s+(?:out\s+)?"
               r"(?:in|from)|began\s+in|began\s+(?:the|his|her|their)\s+\w+\s+in|"
               r"(?:began|started)\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
               r"Saturday|Sunday)\s+in|"
               r"starting\s+(?:in|from)|embarked\s+(?:in|at)|"
               r"(?:bid|bade|bids)\s+(?:\w+\s+)?farewell\s+(?:[\w'\u2019-]+\s+){0,4}?(?:at|in)|"
               r"(?:began|begins|started|starts|opened|opens)\s+(?:[\w'\u2019-]+\s+){0,7}?with\s+"
               r"(?:a\s+|an\s+)?(?:\w+\s+)?(?:visit|stop|stay|day|night|call)s?\s+(?:to|in|at)|"
               r"boarded\s+(?:\w+\s+){1,3}?(?:in|at)|took\s+off\s+from|"
               r"flew\s+out\s+of|sailed\s+out\s+of|weighed\s+(?:anchor\s+)?from)"),
    ("from", r"from"),
    ("dest", r"en\s+route\s+to|on\s+(?:the|its|his|her|their)\s+way\s+to|bound\s+for|"
             r"heading\s+(?:for|to)|headed\s+(?:for|to)|head(?:s)?\s+(?:for|to)|"
             r"on\s+to|onward\s+to|onwards\s+to|towards?|continued\s+(?:on\s+)?to|"
             r"continue\s+(?:on\s+)?to|continues\s+(?:on\s+)?to|"
             r"(?:travel(?:l?ed|s|l?ing)?|went|go(?:es|ing)?|drove|drive(?:s)?|driving|flew|"
             r"fly(?:ing)?|flies|sailed|sail(?:s|ing)?|rode|ride(?:s)?|cycled|cycle|pedal(?:l)?ed|"
             r"walked|hiked|moved|moving|cruised|steamed|crossed|trip|journey|ride|flight|"
             r"voyage|drive|leg|train|ferry|bus|road|highway|route|way|proceed(?:ed|s)?|"
             r"push(?:ed)?\s+on|pressed\s+on|hitchhiked|made\s+(?:it|(?:his|her|their)\s+way))"
             r"\s+(?:\w+\s+){0,3}?(?:to|into)|"
             r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
             r"northwards?|southwards?|eastwards?|westwards?|down|up|across|over|inland|"
             r"upriver|downriver|upstream|downstream|along|again|onward|ahead)\s+"
             r"(?:again\s+)?to|"
             r"(?:hours?|minutes?|days?|weeks?|km|kilometres|kilometers|miles)\s+"
             r"(?:\w+\s+){0,3}?to|"
             r"(?:course|make|made|sailed|sail|flight|flights|train|trains|bus|ferry|"
             r"boarded\s+\w+|left)\s+for|"
             r"(?:left|leaving|leaves|departed|departing|sailed|set\s+sail|set\s+off|"
             r"set\s+out)\s+[^.;!?]{1,40}?\s+for|for"),
    ("via", r"via|through|by\s+way\s+of|passing\s+through|passed\s+through|"
            r"crossing|stopping\s+(?:off\s+)?(?:in|at)|past"),
    ("arrive", r"arrived\s+(?:in|at)|arrives\s+(?:in|at)|arriving\s+(?:in|at)|arrive\s+(?:in|at)|"
               r"reached|reaches|reaching|reach|got\s+to|gets\s+to|pulled\s+into|"
               r"roll(?:ed|s|ing)?\s+into|landed\s+(?:in|at)|lands?\s+(?:in|at)|landing\s+(?:in|at)|"
               r"docked\s+(?:in|at)|docks?\s+(?:in|at)|put\s+in\s+at|called\s+at|"
               r"calls?\s+at|called\s+in\s+at|stopped\s+(?:off\s+)?(?:in|at)|"
               r"stops?\s+(?:off\s+)?(?:in|at)|stopover\s+in|stopovers?\s+(?:in|at)|"
               r"halt\s+(?:in|at)|stayed\s+(?:in|at)|stay\s+(?:in|at)|spent\s+\w+\s+\w*\s*in|"
               r"spend\s+\w+\s+\w*\s*in|visit(?:ed|ing|s)?|toured|tour(?:s|ing)?|"
               r"night\s+in|nights\s+in|day\s+in|days\s+in|overnight\s+in|"
               r"welcomed\s+in|greeted\s+in|ended\s+in|ends\s+in|end\s+in|finish(?:es|ed|ing)?\s+in|"
               r"terminates?\s+(?:in|at)|disembarked(?:\s+(?:in|at))?|came\s+ashore\s+(?:in|at)|"
               r"(?:first|next|last|final|second|third|fourth|only|one)\s+(?:\w+\s+)?"
               r"(?:stop|stopover|port\s+of\s+call|call|destination|halt)\s+"
               r"(?:was|is|will\s+be|would\s+be|came\s+at|in|at)|"
               r"(?:next|then|after\s+that)\s+came|pull(?:ed|ing|s)?\s+into|"
               r"came\s+out\s+at|emerged\s+at|tied\s+up\s+at|moored\s+(?:at|in|off)|"
               r"stop(?:ped|s)?\s+over\s+(?:in|at)|layover\s+in|touch(?:ed|es)?\s+down\s+"
               r"(?:in|at)|changed\s+(?:(?:trains|planes|buses|lines)\s+)?(?:in|at)|berthed\s+(?:in|at)|"
               r"overnighted\s+in|detained\s+(?:at|in)|connecting\s+(?:in|at|through)|"
               r"anchored\s+(?:at|in|off)|due\s+in|expected\s+in|touch(?:ed|es)?\s+at|"
               r"(?:came|come|coming)\s+(?:in\s+)?to(?:\s+an\s+anchor\s+in)?|"
               r"lay\s+(?:\w+\s+){0,2}(?:at|in|off)|put\s+into|"
               r"then\s+(?:it's|it\u2019s|it\s+is|comes|came|was|is)|"
               r"entered|enter|enters|into|at|in"),
    ("to", r"to"),
)


def _cue_re(foreign: bool) -> re.Pattern[str]:
    """The cue regex: English, or (for a text in another language) with the cue words of
    :mod:`journey.cues` alongside. A cue ends at a space, or at an elided preposition's
    apostrophe ("dall'aeroporto di Fiumicino")."""
    def rx(name: str, english: str) -> str:
        return f"(?:{english})|{cues.cue_pattern(name)}" if foreign else english
    fill = _FILL if not foreign else rf"(?:{_FILL_WORD}|{cues.fill_pattern()}){{0,6}}"
    return re.compile(
        r"(?:" + "|".join(f"(?P<{name}>\\b(?:{rx(name, e)}))" for name, e in _CUES) +
        r")(?:\s+|(?<=['\u2019]))" + fill + r"$", re.IGNORECASE)


_CUE_RE = _cue_re(False)
_CUE_RE_FOREIGN = _cue_re(True)
# Right after the name: used for its government, a person's origin, an organisation.
_METONYMY_AFTER = re.compile(
    r"^(?:'s\s+(?:government|leaders?|officials?|position|stance|response|hope|plan|"
    r"policy|military|army|ability|offer|president|embassy)|\s+(?:has\s+yet|says?|said|"
    r"insists?|insisted|wants?|wanted|announced|accused|warned|believes|claimed|claims|"
    r"denied|denies|responded|rejected|refused|agreed|demanded|argues|argued|hopes|fears|"
    r"is\s+ready|was\s+ready|officials|government|authorities|will\s+respond|"
    r"would\s+respond|has\s+said|had\s+said|is\s+likely|sources))", re.IGNORECASE)
# Just before the name: a church, a shrine or a grotto it is the saint of ("Basilique de
# St Paul", "cattedrale di San Giuseppe", "the Church of St Mary").
_DEDICATION = re.compile(
    r"\b(?:church|cathedral|basilica|chapel|grotto|shrine|abbey|priory|minster|basilique|"
    r"cath[ée]drale|[ée]glise|chapelle|grotte|sanctuaire|chiesa|cattedrale|cappella|grotta|"
    r"santuario|iglesia|catedral|capilla|bas[íi]lica|kirche|dom|kapelle|igreja|s[ée]|"
    r"capela)\s+(?:(?:of|de|di|du|des|dei|della|del|de\s+la|von|der|do|da)\s+)?$",
    re.IGNORECASE)
# Right after the name: a landform or an area named after the town, not the town
# ("climbed through the Awash valley", "down the Chuya valley", "the Napa region").
_FEATURE_AFTER = re.compile(
    r"^[ \t]+(?:valley|valleys|river|gorge|canyon|mountains|hills|desert|plain|plains|"
    r"plateau|basin|delta|coast|coastline|lake|range|peninsula|forest|steppe|glacier|"
    r"region|province|district|county|state|oblast|prefecture|quarter|neighbou?rhood|"
    r"suburb|area|borough|ward)\b", re.IGNORECASE)
_CONTEXT_BEFORE = re.compile(
    r"\b(?:born\s+in|native\s+of|grew\s+up\s+in|based\s+in|headquartered\s+in|"
    r"capital\s+of|mayor\s+of|governor\s+of|embassy\s+in|reported\s+from|"
    r"(?:ministry|government|office|headquarters|court|parliament|officials|authorities|"
    r"police|coastguard|agency|company|firm|bank)\s+in|"
    r"watched\s+by|talks\s+with|relations\s+with|ties\s+with|allied\s+with|"
    r"such\s+as|like|than|opposition|news\s+agency|said\s+in|told\s+\w+\s+in|"
    r"(?:came|comes|hails?|hailed|is|was|are|were)\s+from)\s+" + _FILL + r"$",
    re.IGNORECASE)
_OTHER_TIME = re.compile(
    r"\b(?:previously|last\s+(?:year|month|summer|spring|autumn|winter)|"
    r"(?<!the\s)next\s+(?:year|month|summer|spring|autumn|winter)|"
    r"once\s+(?:visited|lived)|formerly|earlier\s+visit|"
    r"another\s+(?:trip|time|day|visit|journey)|next\s+time|will\s+need|"
    r"his\s+father|her\s+father|in\s+the\s+past|has\s+never|had\s+never|never\s+been|"
    # What happens habitually, not on this journey ("an event run every three years").
    r"every\s+(?:\w+\s+)?(?:years?|summers?|winters?|springs?|autumns?)|each\s+year|"
    r"usually|traditionally|normally)\b",
    re.IGNORECASE)
# A journey talked of, not made: the clause's place is no stop.
_NOT_DONE = re.compile(
    r"\b(?:discussed\s+but|not\s+scheduled|considered|decided\s+against|talked\s+about|"
    r"ruled\s+out|called\s+off|cancell?ed|abandoned|scrapped|will\s+not\s+be\s+visited|"
    r"would\s+have|had\s+hoped|instead\s+of|"
    r"rather\s+than|no\s+plans?\s+to|might|may\s+(?:also\s+)?(?:visit|go|stop)|"
    r"speculat\w*|rumou?r\w*|never\s+reached|failed\s+to\s+reach|turned\s+back\s+before|"
    r"perhaps|possibly|maybe|whether|ready\s+to|wants?\s+to|would\s+like\s+to|"
    r"wish(?:es|ed)?\s+to|if\s+(?:we|they|it|he|she|I)\s+had\s+to|(?:had\s+)?thoughts?\s+of|insists?\s+on|says\s+no)\b",
    re.IGNORECASE)
_BEFORE_THAT = re.compile(r"\W*(?:before\s+(?:that|this|then)|prior\s+to\s+that)\b",
                          re.IGNORECASE)
# Something, not the traveller, is sent on ("transfer it by land to Gaza", "posted them a
# spare part to Ulaanbaatar", "the car is trucked to Kazan").
_THING_SENT = re.compile(
    r"\b(?:transfer\w*|sen[dt]s?|sending|ship(?:s|ped|ping)?|deliver\w*|post(?:s|ed|ing)?|"
    r"truck(?:s|ed|ing)?|forward\w*|mail\w*|unload\w*)\s+(?:it|them|its\s+\w+|their\s+\w+|"
    r"the\s+(?:cargo|aid|goods|parcel|package|supplies|car|bags?|luggage))\b", re.IGNORECASE)
# Someone else moves: "Australia's prime minister, who flew in from Canberra".
_SOMEONE_ELSE = re.compile(
    r"(?:,\s*who|\bwhose\s+\w+)\s+(?:had\s+|has\s+|have\s+)?(?:\w+\s+){0,3}?"
    r"(?:\w+\s+)?(?:from|in|to|at)?\s*" + r"(?:\S+\s+){0,2}$|"
    # Some of the people carried, not the traveller: "several of those on board had set
    # out from Zarzis".
    r"\b(?:several|some|many|most|few|one|none|two|three)\s+of\s+(?:those|them)\b[^.;]*$",
    re.IGNORECASE)
_FUTURE = re.compile(
    r"(?:['\u2019]ll\b)|\b(?:will|would|shall|is\s+to|are\s+to|is\s+due|are\s+due|was\s+due|is\s+expected|"
    r"are\s+expected|plans?\s+to|planned\s+to|(?:is|are|was)\s+planned|planning\s+to|"
    r"scheduled|going\s+to|intends?\s+to|"
    r"(?<!the\s)next\s+(?:week|month|year)|tomorrow|later\s+this|ahead\s+of\s+(?:him|her|them)|"
    r"then\s+\w+\s+will|to\s+be\s+followed|hopes?\s+to|expects?\s+to|aims?\s+to)\b",
    re.IGNORECASE)
_PLUPERFECT = re.compile(
    r"\b(?:behind\s+(?:him|her|them)|earlier\s+(?:in\s+the\s+)?(?:trip|journey|week|day|on)|"
    r"earlier\s+(?:today|this\s+(?:week|month|morning)|(?:on\s+)?(?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday))|^\W*earlier,|"
    r"previous\s+(?:day|stop|night)|after\s+(?:leaving|visiting|stopping|a\s+stop))\b",
    re.IGNORECASE)
# "She had flown from Berlin": before the news, when the story tells of a "now" (a
# flashback); in a story told in the past throughout it is only narrative ("by afternoon
# the train had crossed into Delaware").
_HAD = re.compile(
    r"\bhad\s+(?:\w+\s+)?(?:flown|travell?ed|driven|sailed|been|gone|left|visited|stopped|"
    r"arrived|come|ridden|walked|crossed|spent|taken)\b",
    re.IGNORECASE)
_PRESENT_NOW = re.compile(
    r"\((?:by|on\s+the)\s+(?:phone|line)|\b(?:has\s+arrived|have\s+arrived|has\s+reached|have\s+reached|is\s+now\s+in|"
    r"arrived\s+(?:in|at)\s+\S+\s+(?:on\s+)?(?:today|tonight|this)|is\s+in|are\s+in|"
    r"arrives|arrive\s+here|has\s+come)\b", re.IGNORECASE)
_HOME = re.compile(r"\b(?:return(?:s|ed|ing)?|back|head(?:s|ed|ing)?|go(?:es|ing)?|"
                   r"fly|flew|travel(?:s|led|ed)?)\s+(?:\w+\s+){0,2}?home\b", re.IGNORECASE)
_TRAVELLER_WORDS = (r"(?:leader|president|prime\s+minister|premier|king|queen|prince|"
                    r"princess|emperor|chancellor|ruler|dictator|delegation|pope|monarch)")
_IRREGULAR_DEMONYMS = {
    "FR": "French", "GB": "British", "NL": "Dutch", "CH": "Swiss", "TR": "Turkish",
    "PL": "Polish", "ES": "Spanish", "DK": "Danish", "SE": "Swedish", "FI": "Finnish",
    "IE": "Irish", "PH": "Filipino", "GR": "Greek", "TH": "Thai", "US": "American",
    "CN": "Chinese", "JP": "Japanese", "VN": "Vietnamese", "PT": "Portuguese",
    "DE": "German", "IQ": "Iraqi", "IL": "Israeli", "PK": "Pakistani", "KW": "Kuwaiti",
    "SA": "Saudi", "AF": "Afghan", "BD": "Bangladeshi", "NZ": "New Zealand",
    "KP": "North Korean", "KR": "South Korean", "CD": "Congolese", "SN": "Senegalese",
    "LB": "Lebanese", "SD": "Sudanese", "MA": "Moroccan", "YE": "Yemeni", "IS": "Icelandic",
    "NO": "Norwegian", "BY": "Belarusian", "UA": "Ukrainian", "RU": "Russian",
}


class DraftError(InputError):
    """The article does not name enough stops to draw a journey."""

    def __init__(self, found: int, where: str = "the article"):
        self.found = found
        super().__init__(
            f"{where}: found {found} stop(s), a journey needs at least two; run "
            "'journey places ARTICLE' to see the places it names, then write a stop file "
            "('journey draft ARTICLE -o stops.csv', edit it) and pass --stops stops.csv")


@dataclass
class _Evidence:
    mention: Mention
    place: Place
    cue: str  # origin, from, dest, via, arrive, return, weak
    phase: int  # -1 had happened, 0 happened, 1 the news now, 2 to come
    sentence_index: int
    sub: float  # order inside the sentence (reader's order of events)
    inferred: bool = False  # a country's capital standing in for the country
    words: str = ""  # the cue as written ("arrived in"), for the stop's ``why``
    had: bool = False  # told in the pluperfect ("had flown from"): earlier if there is a now


@dataclass
class _Event:
    place: Place
    evidence: list[_Evidence] = field(default_factory=list)
    role: str = "stop"
    inferred: bool = False
    structure: str = ""  # its place in an itinerary structure, in words, if it has one
    alternatives: tuple[str, ...] = ()  # other places of its name, when in doubt
    place_confidence: float = 1.0  # how sure the namesake choice is
    ordered_by: str = ""  # the stated day that placed it, when days reordered the telling
    left_out: tuple[str, ...] = ()  # names before it left unplaced, and why
    between_rows: bool = False  # told in the prose between an itinerary's rows, not in them

    @property
    def phase(self) -> int:
        strong = [e.phase for e in self.evidence if e.cue in ("arrive", "origin", "from")]
        return min(strong) if strong else min(e.phase for e in self.evidence)

    def is_goal(self, origin_sentences: set[int]) -> bool:
        """Named only as where the journey is going, in the sentence that says where it
        started ("left New York for Southampton"): the end of the told part."""
        return all(e.cue == "dest" for e in self.evidence) and \
            any((e.sentence_index in origin_sentences and not _LEG_DONE.search(e.words))
                or _WHOLE_TRIP.search(e.words) for e in self.evidence)

    @property
    def position(self) -> tuple[float, ...]:
        # Where the journey is told to reach the place ("rolled into Boise"), rather than
        # an early "from Spokane to Boise" that names the goal ahead of time.
        told = [e for e in self.evidence if e.cue not in ("dest", "weak")] or self.evidence
        first = min(told, key=lambda e: (e.phase, e.sentence_index, e.sub))
        return (first.sentence_index, first.sub)


# A dest cue that names the whole journey's goal ahead ("settled in for the long trip
# to Southampton"), wherever it is told.
_WHOLE_TRIP = re.compile(r"^(?:trip|journey|voyage|pilgrimage)\s+(?:\w+\s+){0,3}?to$",
                         re.IGNORECASE)
# A dest cue that tells the leg made, not the goal ahead: "left Lisbon and drove to
# Madrid" reaches Madrid next, where "left New York for Southampton" names the goal.
_WENT_WORDS = (r"drove|flew|sailed|rode|cycled|walked|hiked|went|travell?ed|moved|cruised|"
               r"steamed|took")
_LEG_DONE = re.compile(rf"^(?:{_WENT_WORDS})\b", re.IGNORECASE)


# Origin cue words that say the journey starts there, wherever they are told.
_STARTED = re.compile(r"(?:began|begins|start|set\s+(?:off|out|sail)|embarked|boarded|"
                      r"cast\s+off|weighed|(?:began|begins|started|starts|opened|opens)\b)",
                      re.IGNORECASE)


def classify_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions with ``is_stop`` set: True where the words around it make it a stop."""
    stop_starts = {ev.mention.start for ev in _coordinated(text, mentions,
                                                           _evidence(text, mentions))}
    skeleton = _skeleton(find_structures(text, mentions))
    if skeleton:
        stop_starts = {m.start for m, _ in skeleton}
    return [dataclasses.replace(m, is_stop=m.start in stop_starts) for m in mentions]


def _sentence_spans(text: str, mentions: Sequence[Mention]) -> dict[tuple[int, str], int]:
    """Each sentence's place in the telling, keyed by where it starts and its text (two
    sentences of the same words, "Day off.", are two sentences)."""
    order: dict[tuple[int, str], int] = {}
    for m in mentions:
        order.setdefault((_sentence_start(text, m), m.sentence), len(order))
    return order


def _phase(clause: str) -> int:
    if _FUTURE.search(clause):
        return 2
    if _PLUPERFECT.search(clause):
        return -1
    if _PRESENT_NOW.search(clause):
        return 1
    return 0


_TRAVEL = re.compile(
    r"\b(?:arriv\w*|stop\w*|stay\w*|spen[dt]|visit\w*|tour\w*|night|overnight|train|"
    r"journey|trip|voyage|cruise|flight|flew|fly|drove|drive|driving|ride|rode|riding|"
    r"sail\w*|cycl\w*|pedal\w*|hik\w*|walk\w*|docked|landed|welcomed|greeted|call(?:ed|s)|"
    r"took|taken|takes|brought|bring|carried|went|go|goes|going|gone|head\w*|travel\w*|"
    r"moved|continu\w*|turned|rolled|pushed|climb\w*|coast\w*|cross\w*|leg|road|highway|"
    r"interstate|route|line|bus|ferry|ship|boat|liner|plane|car|bike|bicycles?|convoy|"
    r"departure|arrival|shinkansen|flown|driven|ridden|left|leaving|aboard|boarded|boarding|"
    r"motorcade|caravan|march\w*|steam\w*|ran|runs|run|return\w*|proceed\w*|made|make|"
    r"trail|hurtl\w*|whistle[- ]stop\w*)\b",
    re.IGNORECASE)
# The same in a text in another language, with the movement words of journey.cues.
_TRAVEL_FOREIGN = re.compile(_TRAVEL.pattern[:-3] + "|" + cues.travel_words() + r")\b",
                             re.IGNORECASE)
# "At Gorno-Altaysk they had the first hot shower", "In Kyiv she met the prime minister":
# a sentence that opens with where the travellers were and says what they did there.
_TRAVELLERS_DID = re.compile(
    r",?\s+((?:they|we|she|he|I|the\s+(?:crews?|riders?|team|walkers?|brothers|group|"
    r"party|delegation|train|ship|convoy))\s+[a-z]+)")
_NARRATOR_THERE = re.compile(r",?\s+((?:we|I)(?:['\u2019]\w+)?(?:\s+[a-z]+)?)")
# After a list of places: "Novosibirsk, Omsk and Tyumen came one after another".
_CAME_AFTER = re.compile(
    r"(?:\s*,\s*[A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+)?)*(?:\s*,?\s*and\s+[A-Z][\w'\u2019-]+"
    r"(?:\s[A-Z][\w'\u2019-]+)?)?\s+(came\s+(?:next|one\s+after\s+another|and\s+went)|"
    r"followed|were\s+next|was\s+next)\b")
# A transcript's speaker label with where the speaker is now ("REPORTER (by phone,
# Santiago de Compostela):"); a studio is not a journey's place ("(in the studio in
# London)" has no cue).
_SPEAKER_AT = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z .'\u2019-]+[ \t]*\(((?:by|on[ \t]+the)[ \t]+"
                         r"(?:phone|line)|live|speaking|reporting)(?:[ \t]+from)?,?[ \t]*$")
# Right after a place: the day or the hour the journey is there ("Novosibirsk on Friday",
# "Omsk at 14:10", "Perm on 3 June").
_TIMED_AFTER = re.compile(
    r"[ \t]+((?:on|by)[ \t]+(?:(?:the[ \t]+)?\d{1,2}(?:st|nd|rd|th)?[ \t]+)?(?:" +
    "|".join(WEEKDAYS + MONTHS) + r")\b|at[ \t]+\d{1,2}[:.]\d{2}\b)", re.IGNORECASE)
# Just before a place: it is named for where something else is ("waters near Gaza on
# June 30", "southeast of Athens on July 9"), not where the journey is.
_SPATIAL_BEFORE = re.compile(r"\b(?:near|off|outside|of|from|for|beyond|around|towards?|"
                             r"behind|past|about|with|by|like|than)\s+" + _FILL + r"$",
                             re.IGNORECASE)
# Right after a place gone to: what happened there ("for Bucharest, where the plane
# lands", "pour Gozo, où ..."): the place is reached, not only headed for.
_REACHED_AFTER = re.compile(r"\s*,\s*(?:where|dove|où|donde|wo|onde)\b", re.IGNORECASE)
_WORD_STARTS = re.compile(r"(?:^|(?<=\s))\S")


_PRIORITY = {"return": 0, "origin": 1, "from": 2, "via": 3, "arrive": 4, "dest": 5, "to": 6}
_GENERIC = frozenset(("in", "at", "into", "to", "for")) | cues.WEAK_PREPOSITIONS | frozenset(
    p for k, _l, w, preps in cues.CUE_WORDS if not w and k in ("to", "from", "via")
    for p in preps.split())
# A bare preposition of being there: a stop only in a sentence about travel.
_WEAK_ARRIVE = frozenset(("in", "at", "into")) | cues.WEAK_PREPOSITIONS


def _in_capitals_heading(text: str, m: Mention) -> bool:
    """Whether the mention is in a line of four or more words all in capitals (a title
    or a heading in a scanned book; a dateline "IRKUTSK, Russia --" has small letters)."""
    # A heading is short: look no further than _HEADING_MAX characters either way, so a
    # text of one endless line costs no more per mention than any other.
    lo = max(0, m.start - _HEADING_MAX)
    a = text.rfind("\n", lo, m.start)
    if a < 0 and lo > 0:
        return False
    b = text.find("\n", m.end, m.end + _HEADING_MAX)
    if b < 0 and m.end + _HEADING_MAX < len(text):
        return False
    line = text[a + 1:b if b >= 0 else len(text)]
    return len(line.split()) >= 4 and not any(c.islower() for c in line)


_HEADING_MAX = 200


_ON_ISLAND = re.compile(r"[ \t]+(?:on|in)[ \t]+(?:the[ \t]+(?:island|isle)[ \t]+of[ \t]+)?")


def _find_cue(window: str, foreign: bool = False) -> tuple[str, str] | None:
    """The most telling cue that ends at the name at the end of ``window``.

    "took the train back to Tokyo" is a return, not just a "to": among the cues that
    reach the name, specific ones win over the bare prepositions, and then the closest.
    """
    starts = [m.start() for m in _WORD_STARTS.finditer(window)][-16 if foreign else -12:]
    found: list[tuple[int, int, str, str]] = []
    cue_re = _CUE_RE_FOREIGN if foreign else _CUE_RE
    for distance, pos in enumerate(reversed(starts)):
        m = cue_re.match(window, pos)
        if m is not None:
            kind = next(k for k, v in m.groupdict().items() if v)
            word = m.group(kind).lower()
            generic = word in _GENERIC
            found.append((1 if generic else 0, _PRIORITY[kind] if not generic else 9,
                          distance, kind, word))
    if not found:
        return None
    best = min(found)
    if re.search(r"\b(?:not|never|no\s+longer|n't|nor)\s+(?:\w+\s+){0,2}$",
                 window[:max(0, len(window) - len(best[4]) - 40)] + " " +
                 window[max(0, len(window) - len(best[4]) - 40):].rsplit(best[4], 1)[0]):
        return None  # "has not run to Constantinople since the 1970s"
    return best[3], best[4]


def _evidence(text: str, mentions: Sequence[Mention],
              given_up: set[tuple[str, float, float]] | None = None) -> list[_Evidence]:
    """Each cued mention's evidence; ``given_up`` (when passed) gets the keys of the
    goals the text says were given up."""
    sent_index = _sentence_spans(text, mentions)
    out: list[_Evidence] = []
    prev: Mention | None = None
    undone = given_up if given_up is not None else set()  # "voyage ... abandoned"
    foreign = not cues.is_english(text)  # "la partenza in aereo per Bacau"
    others = _someone_elses(text)
    travel = _TRAVEL_FOREIGN if foreign else _TRAVEL
    for m in mentions:
        place, unknown, prev = m.place, prev, m
        if place is None or place.kind not in _PROSE_KINDS or _large_island(place):
            continue
        if _in_capitals_heading(text, m):
            continue  # "NARRATIVE OF A VOYAGE IN THE BRIG HOPE-": a title, not a cue
        s0 = _sentence_start(text, m)
        before = text[s0:m.start]
        if unknown is not None and unknown.place is None and unknown.start >= s0 and \
                _ON_ISLAND.fullmatch(text, unknown.end, m.start):
            # "sailed to Castlebay on Barra": the village the gazetteer lacks is drafted
            # at the island or town it is on, with the cue that named the village.
            before = text[s0:unknown.start]
        after = text[m.end:m.end + 60]
        window = before[-140 if foreign else -90:]
        found = _find_cue(window, foreign)
        if found is None:
            after_list = _CAME_AFTER.match(text, m.end, m.end + 120)
            timed = _TIMED_AFTER.match(after)
            speaker = _SPEAKER_AT.search(window)
            if speaker is not None:
                found = ("arrive", speaker.group(1))  # "REPORTER (by phone, Santiago):"
            elif after_list is not None:
                found = ("arrive", after_list.group(1))  # "Novosibirsk, Omsk and Tyumen came"
            elif timed is not None and travel.search(text[s0:_sentence_end(text, m)]) \
                    and not _SPATIAL_BEFORE.search(before):
                # "The timetable promises Novosibirsk on Friday": a place given a day or
                # an hour, in a sentence about travel, is where the journey is then.
                found = ("timed", f"{m.text} {timed.group(1)}")
            else:
                continue
        cue, word = found
        if any(a <= m.start < b for a, b in others):
            continue  # "His son ... went on to Irkutsk": not the traveller's journey
        if _DEDICATION.search(window):
            continue  # "la Basilique de St Paul", "St Patrick's Cathedral": a saint's name
        described = place.kind == "city" and _THE_CAPITAL_OF.search(window) is not None
        if _VESSEL_BEFORE.search(window) or _VESSEL_AFTER.match(after):
            continue  # "the steamer Breadalbane", "stores from Breadalbane steamer": a ship
        if _METONYMY_AFTER.match(after) or (_CONTEXT_BEFORE.search(window) and
                                            not described) or _FEATURE_AFTER.match(after):
            continue
        sentence = text[s0:_sentence_end(text, m)]
        if _OTHER_TIME.search(sentence):
            continue
        comma = sentence.find(",", m.end - s0)
        own_clause = _clause_before(sentence, m.start - s0) + \
            sentence[m.start - s0:comma if comma >= 0 else len(sentence)]
        if _NOT_DONE.search(own_clause) or _SOMEONE_ELSE.search(window) or \
                _THING_SENT.search(_clause_before(sentence, m.start - s0)):
            if cue in ("dest", "to") and _NOT_DONE.search(own_clause):
                undone.add(_key(place))
            continue  # "a visit to Beijing was discussed but not scheduled"
        if cue == "from" and (not travel.search(sentence) or _from_is_a_person(window) or
                              re.match(r"\s*(?:,\s*)?who\b", after)):
            continue  # "loans from Beijing", "a trader from Harar who had joined"
        rel = m.start - s0
        clause_before = sentence[max(0, sentence.rfind(";", 0, rel)):rel]
        if cue == "dest" and word == "for":
            continue  # a bare "for" ("voted for Moscow") says nothing about travel
        if cue == "to":
            # A verb may come after its place in other languages ("von Berlin nach
            # München geflogen"): there the whole clause says whether it is travel.
            if not travel.search(clause_before) and not (foreign and travel.search(
                    own_clause)):
                continue
            cue = "dest"
        if cue == "arrive" and word in _WEAK_ARRIVE:
            did = _TRAVELLERS_DID.match(after) if \
                before.strip(" \t\"'\u201c").lower() == word else None
            if did is None and out and out[-1].mention.sentence == m.sentence and \
                    out[-1].words.startswith(f"{word} {out[-1].mention.text}, ") and \
                    re.search(rf",\s*and\s+{word}\s+$", before, re.IGNORECASE):
                # "At Gorno-Altaysk they had a shower, and at Barnaul the first tyre
                # shop": the clause goes on with the same travellers.
                did = re.match(r"(.*)", f"like {out[-1].mention.text}")
            if did is None and re.search(r"\b(?:here|now)\s+$", window[:-len(word) - 1]
                                         if window.endswith(word + " ") else ""):
                # "but here in Stoke-on-Trent we've found some sunshine": the narrator is
                # there.
                did = _NARRATOR_THERE.match(after)
            cue = "arrive" if travel.search(clause_before) or did else "weak"
            if did and not travel.search(clause_before):
                word = f"{word} {m.text}, {did.group(1)}"
        elif cue == "arrive" and word.startswith("enter") and place.kind != "city":
            continue
        if cue == "dest" and _REACHED_AFTER.match(after):
            cue = "arrive"  # "alla volta di Bucarest, dove l'aereo atterrerà": reached
        # The clause about the place tells its tense too: "for Bacau, where the pope will
        # land", "a flight from Jakarta, where the president had spent Saturday".
        where = _REACHED_AFTER.match(after)
        about = re.split(r"[,.;:!?\n]", after[where.end():])[0] if where is not None else ""
        tense = _phase_window(sentence, rel, m.end - s0) + " " + about
        phase = _phase(tense)
        if foreign and phase == 0 and cues.FUTURE.search(tense):
            phase = 2  # "la partenza in aereo per Bacau, dove Francesco arriverà"
        sub = float(rel)
        if cue == "dest" and re.search(r"en\s+route|on\s+\w+\s+way|bound|heading|headed",
                                       word):
            sub += 10_000  # "stopover in Omsk en route to Moscow": Moscow comes after.
        leads = cue in ("from", "origin") or bool(re.search(
            r"\bafter\s+(?:leaving|visiting|stopping|a\s+stop|departing)\s+" + _FILL + r"$",
            window, re.IGNORECASE))
        # "a flight from Jakarta, where the president had spent Saturday": the clause
        # about the place tells its tense too.
        had = phase == 0 and bool(_HAD.search(tense))
        index = sent_index.get((s0, m.sentence), 0)
        if _BEFORE_THAT.match(sentence) and index > 0:
            # "Before that, she spent two days in Hue": just before the stops of the
            # sentence before.
            index, sub = index - 1, sub - 100_000
        out.append(_Evidence(m, place, cue, phase, index, sub, words=word, had=had))
        if leads:
            # "landed in Warsaw after a flight from Brussels": Brussels comes just before
            # the arrival it explains (the stop named before it in the sentence).
            # Not across a new clause: "past Astorga, and from Sarria it's crowded".
            # ``out`` is in telling order: the sentence's stops are at its end.
            same = []
            for e in reversed(out[:-1]):
                if e.sentence_index != out[-1].sentence_index:
                    break
                same.append(e)
            earlier = [e for e in same if e.sub < sub and not re.search(
                r",\s*(?:and|then|but)\b|;", text[e.mention.end:m.start])]
            if earlier:
                out[-1].sub = max(e.sub for e in earlier) - 0.5
    # A goal the text says was given up is no stop where it was only headed for ("Course
    # for South Georgia. ... Voyage to South Georgia abandoned").
    return [e for e in out if not (e.cue == "dest" and _key(e.place) in undone)]


# Between two places of one list: a comma, "and", "then", perhaps after a few words
# about the first ("Pamplona, where I'd been years ago, Logroño in the wine country, and
# Burgos").
_COORDINATION = re.compile(
    # The first place's state or country may stand between ("Lebanon, Tenn., and Paris").
    r"^(?:,\s*[A-Z][A-Za-z]{1,14}\.?(?:\s[A-Z][A-Za-z]{1,14}\.?)?(?=,|\s+and\b))?"
    r"(?:\s+(?:in|on|with|by|at)\s+(?:the|its|a|an)\s+[\w\s'\u2019-]{1,30}?|"
    r",\s*(?:where|which|with|whose|its|home\s+of)\s[^,.;:!?]{1,60})?"
    r"\s*(?:,\s*(?:and|or|then)?|and|or|and\s+then|then)\s+(?:the\s+)?$", re.IGNORECASE)


def _coordinated(text: str, mentions: Sequence[Mention],
                 evidence: list[_Evidence]) -> list[_Evidence]:
    """"through Rimini, Bologna and Turin": the names listed after a stop share its cue."""
    by_start = {e.mention.start: e for e in evidence}
    out = list(evidence)
    previous: _Evidence | None = None
    for m in mentions:
        ev = by_start.get(m.start)
        if ev is not None:
            previous = ev
            continue
        if previous is not None and m.place is not None and \
                m.place.kind in ("region", "country") and \
                re.fullmatch(r",\s*", text[previous.mention.end:m.start]):
            continue  # its qualifier ("Lebanon, Tenn., and Paris"): the list goes on
        if previous is None or m.place is None or \
                m.place.kind not in _PROSE_KINDS or _large_island(m.place):
            previous = None
            continue
        between = text[previous.mention.end:m.start]
        if previous.mention.sentence == m.sentence and _COORDINATION.match(between) and \
                not _METONYMY_AFTER.match(text[m.end:m.end + 60]):
            previous = _Evidence(m, m.place, previous.cue if previous.cue != "weak" else "weak",
                                 previous.phase, previous.sentence_index,
                                 previous.sub + (m.start - previous.mention.start),
                                 words=f"listed with {previous.mention.text}")
            out.append(previous)
        else:
            previous = None
    out = out + _listed_in_travel(text, mentions, out, {e.mention.start for e in out})
    return out + _headline_pairs(text, mentions, out)


# "Ernakulam to Madgaon by the overnight Rajdhani Express", "New Delhi to Mumbai by 2952
# Mumbai Rajdhani": a title's pair of places, with the way of travel after it.
_PAIR_TO = re.compile(r"[ \t]+(?:to|\u2013|\u2014|-|\u2192|->)[ \t]+")
_BY_WAY = re.compile(r"\s*(?:,\s*)?(?:by|on|aboard|via)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?"
                     r"(?:train|express|rajdhani|shinkansen|bus|coach|ferry|boat|ship|car|bike|"
                     r"bicycle|plane|air|flight|rail|sleeper|road|foot|motorbike|motorcycle)\b",
                     re.IGNORECASE)


def _headline_pairs(text: str, mentions: Sequence[Mention],
                    evidence: list[_Evidence]) -> list[_Evidence]:
    """A line that opens (after a title's words, up to a dash or colon) with "A to B"
    and says how ("by the overnight Rajdhani Express"): A is where the journey leaves,
    B where it goes (unless the text already cues A as a start, or B)."""
    have = {e.mention.start for e in evidence if e.cue in ("origin", "from")}
    cued = {e.mention.start for e in evidence}
    index = min((e.sentence_index for e in evidence), default=0) - 1  # before all told
    out: list[_Evidence] = []
    for a, b in zip(mentions, mentions[1:]):
        if a.place is None or b.place is None or a.place.kind not in POINT_KINDS or \
                b.place.kind not in POINT_KINDS or a.start in have:
            continue
        if not _PAIR_TO.fullmatch(text, a.end, b.start) or not _BY_WAY.match(text, b.end):
            continue
        line_start = text.rfind("\n", 0, a.start) + 1
        head = text[line_start:a.start]
        if head.strip() and not re.search(r"(?:\s[-\u2013\u2014:]\s*|^\s*)$", head):
            continue  # mid-sentence: "... passes from Lyon to Paris by train" has its cue
        for m, cue in ((a, "origin"), (b, "dest")):
            if cue == "dest" and b.start in cued:
                continue  # its own cue ("to Mumbai") already tells it
            out.append(_Evidence(m, m.place, cue, 0, index, float(m.start - line_start),
                                 words=f"'{a.text} to {b.text}' with the way of travel"))
    return out


LISTED_STOPS = 4  # places a list needs to be a travel sentence's stops on its own
_LIST_THEN = re.compile(r"\s*,?\s*(?:and\s+)?(?:then\s+)?(?:\w+\s+){0,3}?(?:at|in|to)?\s*")
_ASIDE = re.compile(r"\s*\([^()\n]{1,40}\)")  # "Barningham (where we started), Cromer"


def _listed_in_travel(text: str, mentions: Sequence[Mention], evidence: list[_Evidence],
                      done: set[int]) -> list[_Evidence]:
    """"The places we cycled through were Barningham (where we started), Cromer, Gresham,
    Felbrigg ... and ended at Caister": a list of LISTED_STOPS places or more in a
    sentence that tells the traveller's movement (a cue the drafter took in it, and a
    travel word) gives its places as stops in its order, though no cue stands just before
    them. New evidence only: places the sentence already cues keep theirs."""
    cued = {e.mention.start: e for e in evidence if e.cue != "weak"}
    out: list[_Evidence] = []
    chain: list[Mention] = []
    following: dict[int, Mention] = dict(zip((m.start for m in mentions), mentions[1:]))

    def close() -> None:
        if len(chain) < LISTED_STOPS:
            chain.clear()
            return
        # The cue is the list's own: on one of its places, or on the place it ends with
        # ("... Hemsby and ended at Caister"); the travel word is in the list's clause,
        # not across a colon ("started in Portland ...: within an hour's drive sit
        # Poland, Norway, Paris, Mexico, Peru and Sweden" names the towns around).
        nxt = following.get(chain[-1].start)
        anchor = next((cued[m.start] for m in chain if m.start in cued), None) or (
            cued.get(nxt.start) if nxt is not None and nxt.sentence_start ==
            chain[-1].sentence_start and _LIST_THEN.match(text, chain[-1].end, nxt.start)
            else None)
        s0 = max(0, chain[0].sentence_start)
        clause = re.split(r"[:;]", text[s0:chain[0].start])[-1]
        if anchor is not None and _TRAVEL.search(clause):
            words = "listed in '" + " ".join(chain[0].sentence.split()[:6]) + " \u2026'"
            for m in chain:
                if m.start not in cued and m.start not in done:
                    out.append(_Evidence(m, m.place, "via", anchor.phase,
                                         anchor.sentence_index,
                                         anchor.sub + (m.start - anchor.mention.start),
                                         words=words))
        chain.clear()

    for m in mentions:
        # Towns, not countries: "will visit Indonesia, Papua New Guinea, Timor-Leste and
        # Singapore" names the countries of a tour, each drawn at its capital or not at all.
        if m.place is None or m.place.kind not in POINT_KINDS or _large_island(m.place):
            close()
            continue
        if chain and (chain[-1].sentence_start != m.sentence_start or not _COORDINATION.match(
                _ASIDE.sub("", text[chain[-1].end:m.start]))):
            close()
        chain.append(m)
    close()
    return out


# A ship named after a place, by the word for the vessel next to its name.
_VESSEL = (r"ship|steamer|steamship|brig|schooner|barque|bark|yacht|vessel|liner|cutter|"
           r"sloop|frigate|tender|tug|whaler|packet|hms|hmas|hmcs|ss|mv|rms|uss")
_VESSEL_BEFORE = re.compile(rf"\b(?:the\s+)?(?:{_VESSEL})\s+$", re.IGNORECASE)
_VESSEL_AFTER = re.compile(rf"\s+(?:{_VESSEL})\b", re.IGNORECASE)


_VEHICLES = frozenset("""train trains ship ships flight flights bus buses ferry plane journey
trip road line route way drive ride voyage leg service car convoy caravan boat liner march
walk run distance km miles hours days minutes express sleeper rail crossing hop passage
airplane aeroplane aircraft airliner jet helicopter coach tram motorbike motorcycle bike
bicycle yacht steamer
""".split())
_PERSON_FROM = re.compile(r"\b(?:a|an|one|two|three|four|several|many|some|the|his|her|"
                          r"their|by|with|of)\s+(?:[\w-]+\s+)?([\w-]+)\s+from\s+" + _FILL +
                          r"$",
                          re.IGNORECASE)


# A sentence whose subject is someone other than the traveller: a relative, a rival, a
# stranger ("His son, who had flown out to meet them, went on to Irkutsk", "Their
# closest rival in the class ... passed them"); the sentences after it in its paragraph
# that go on with "he" or "she" are that person's too ("He flew his mechanic in from
# Perth").
_PERSON_NOUNS = (r"(?:sons?|daughters?|wife|husband|father|mother|parents|brothers?|"
                 r"sisters?|cousins?|friends?|uncle|aunt|family|rivals?|mechanics?|boss|"
                 r"colleagues?|partner|children|kids|driver|man|woman|dealer|stranger|"
                 r"neighbou?r|girlfriend|boyfriend|fans?|guide|host)")
_OTHER_SUBJECT = re.compile(
    rf"^[\"'\u201c]?(?:(?:his|her|their|my|our|its)\s+(?:[\w-]+\s+){{0,2}}?{_PERSON_NOUNS}|"
    rf"(?:a|an|one|another)\s+(?:[\w-]+\s+){{0,2}}?{_PERSON_NOUNS})\b(?!['\u2019]s)",
    re.IGNORECASE)
# The narrator goes too: "A friend and I drove to Leeds", "Our driver took us to Hue".
_WITH_NARRATOR = re.compile(r"\b(?:I|we|us|me)\b|\bWe\b")
_PRONOUN_SUBJECT = re.compile(r"^[\"'\u201c]?(?:he|she|his|her)\b", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c]?[A-Z])")


def _someone_elses(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences told of someone other than the traveller."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"\n\s*\n", text):
        start = text.find(para, pos)
        pos = start + len(para)
        other = False
        at = start
        for sent in _SENTENCE_SPLIT.split(para):
            s = text.find(sent, at)
            at = s + len(sent)
            if _OTHER_SUBJECT.match(sent) and not _WITH_NARRATOR.search(sent):
                other = True
            elif not (other and _PRONOUN_SUBJECT.match(sent)):
                other = False
            if other:
                out.append((s, s + len(sent)))
    return out


# A person's name before "from" (two or more capitalised words, not at a sentence start).
_NAMED_FROM = re.compile(r"(?<=[a-z,]\s)(?-i:[A-Z][a-z'\u2019-]+\s+)+(?-i:([A-Z][a-z'\u2019-]+))"
                         r"\s+from\s+" + _FILL + r"$")


def _from_is_a_person(window: str) -> bool:
    """"a driver from Australia", "loans from Beijing": someone's home or something's
    source, not where the journey comes from (a train, a flight from X is)."""
    named = _NAMED_FROM.search(window)
    if named is not None and named.group(1).lower() not in _VEHICLES:
        return True  # "Nobel laureate Mairead Maguire from Ireland"
    m = _PERSON_FROM.search(window)
    # ("the pope flew from Rome": "flew" is the journey's verb, not a person's noun.)
    return m is not None and m.group(1).lower() not in _VEHICLES and \
        _TRAVEL.fullmatch(m.group(1)) is None


def _clause_before(sentence: str, rel: int) -> str:
    """The words of the mention's own clause before it (from the last comma, semicolon,
    "but" or "so")."""
    left = max(sentence.rfind(",", 0, rel), sentence.rfind(";", 0, rel),
               sentence.rfind(" but ", 0, rel), sentence.rfind(" so ", 0, rel))
    return sentence[max(0, left):rel]


def _phase_window(sentence: str, rel: int, rel_end: int) -> str:
    """The words that carry the tense of the event at the mention: its clause up to the
    name and the rest of that phrase (to the next comma)."""
    left = max(sentence.rfind(";", 0, rel), sentence.rfind(",", 0, max(0, rel - 60)),
               sentence.rfind(" but ", 0, rel), sentence.rfind(" and ", 0, max(0, rel - 40)))
    comma = sentence.find(",", rel_end)
    right = comma if comma >= 0 else len(sentence)
    return sentence[max(0, left):right]


def _key(place: Place) -> tuple[str, float, float]:
    return (place.name, round(place.lat, 2), round(place.lon, 2))


def _sentence_start(text: str, m: Mention) -> int:
    if m.sentence_start >= 0:
        return m.sentence_start
    # A mention made by hand (a test, a caller's own list) may not say: find it again.
    idx = text.rfind(m.sentence, 0, m.start + len(m.sentence))
    return idx if 0 <= idx <= m.start else max(0, m.start - 200)


def _sentence_end(text: str, m: Mention) -> int:
    return _sentence_start(text, m) + len(m.sentence)


def home_country(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> str:
    """The traveller's home country (ISO alpha-2) when the article says it, else ''."""
    lede = text[:1500]
    for code, demonym in _demonyms(gaz).items():
        # One leader is the traveller; "meeting Indonesian leaders" names the hosts.
        if re.search(rf"\b{re.escape(demonym)}\s+(?:[A-Za-z-]+\s+)?{_TRAVELLER_WORDS}\b",
                     lede):
            return code
    for m in mentions:
        if m.place is not None and m.place.kind == "country":
            before = text[max(0, m.start - 40):m.start]
            if re.search(r"\b(?:left|leave|leaving|departed|outside)\s+$", before, re.I):
                return m.place.country
    return ""


def _demonyms(gaz: Gazetteer) -> dict[str, str]:
    out = dict(_IRREGULAR_DEMONYMS)
    for code in ("RU", "IN", "IR", "EG", "KE", "NG", "ET", "BR", "AR", "CA", "MX", "CU",
                 "CO", "PE", "CL", "IT", "AU", "SY", "LY", "KZ", "MN", "UZ", "ZA", "ID",
                 "MY"):
        name = country_name(gaz, code)
        if name and code not in out:
            out[code] = _demonym(name)
    return out


def _demonym(name: str) -> str:
    if name.endswith("ia"):
        return name[:-1] + "an"  # Russia -> Russian, India -> Indian
    if name.endswith("a"):
        return name + "n"  # Cuba -> Cuban, Korea -> Korean
    if name.endswith("y"):
        return name[:-1] + "ian"  # Italy -> Italian
    if name.endswith("o"):
        return name[:-1] + "an"  # Mexico -> Mexican
    return name + "ian"  # Egypt -> Egyptian, Brazil -> Brazilian


def draft_stops(article_text: str, gazetteer: Gazetteer, mentions: Sequence[Mention],
                dateline: date | None = None) -> tuple[Stop, ...]:
    """The journey's stops in journey order, with role, planned, inferred and sentences.

    Dates the article states ("arrived on Friday") are filled in against ``dateline`` (or
    a date written at the top of the article); each says where it came from in ``source``.
    """
    gaz = gazetteer
    given_up: set[tuple[str, float, float]] = set()
    towns = _regions_as_towns(mentions, gaz)
    evidence = _coordinated(article_text, towns, _evidence(article_text, towns, given_up))
    here, inside = _dateline_arrival(article_text, towns)
    usual = _usual_mode(mentions)
    evidence = _countries_as_capitals(
        [e for e in evidence if e.mention.start not in inside] + here, gaz,
        usual in ("air", "sea"))
    if any(e.phase == 1 for e in evidence):
        evidence = [dataclasses.replace(e, phase=-1) if e.had else e for e in evidence]
    evidence = _programme_tense(article_text, evidence)
    events = _order(_events(evidence))
    skeleton = _skeleton(find_structures(article_text, mentions, gaz))
    if skeleton:
        events = _structured_events(skeleton, events, given_up, article_text)
    else:
        events = _infer_origin(article_text, mentions, events, gaz)
    events = _without_repeats(resolve_namesakes(article_text, events, mentions, gaz))
    stops = _to_stops(events, mentions, usual)
    return review_stops(resolve_dates(article_text, stops, mentions, dateline), gaz,
                        mode_assumed=not usual)


_THE_CAPITAL_OF = re.compile(r"\bthe\s+(?:country's\s+)?capital\s+of\s+(?:the\s+)?$",
                             re.IGNORECASE)
# A province's town of its name this close to the province's centre is its capital.
REGION_TOWN_KM = 150.0


def _regions_as_towns(mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """The mentions, with a province that has a town of the same name in it read as the
    town ("a minibus ran down to Lang Son for lunch": the city, not the province): a
    journey's cue before the name (read later) goes to a point, and a province is none.
    A province used as a qualifier or as context stays what it was for everything else."""
    out = []
    for m in mentions:
        p = m.place
        if p is not None and p.kind == "country" and \
                _THE_CAPITAL_OF.search(m.sentence[:max(0, m.start - m.sentence_start)]
                                       if m.sentence_start >= 0 else ""):
            # "has landed in the capital of Central African Republic": its capital, named
            # by description (not inferred).
            capital = gaz.capital(p.country)
            if capital is not None:
                m = dataclasses.replace(m, place=capital)
        elif p is not None and p.kind == "region":
            town = next((c for c in gaz.candidates(m.text) if c.kind == "city" and
                         c.country == p.country and
                         haversine_km(c.lat, c.lon, p.lat, p.lon) <= REGION_TOWN_KM), None)
            if town is not None:
                m = dataclasses.replace(m, place=town)
        out.append(m)
    return out


_PAST_FOREIGN = re.compile(r"\b(?:è|e'|é|ha|hanno|a|ont|est|sont|ha|han|fue|hat|ist|"
                           r"war|wurde)\s+\w+(?:ato|ata|ito|ita|uto|é|ée|és|ado|ido|t)\b",
                           re.IGNORECASE)


def _programme_tense(text: str, evidence: list[_Evidence]) -> list[_Evidence]:
    """A text in another language told mostly in the time to come (a programme): its
    clauses without a verb of their own ("il trasferimento in treno a Salisburgo") are to
    come too, unless they say in the past that it happened ("è partito da Fiumicino")."""
    if cues.is_english(text):
        return evidence
    future = sum(e.phase == 2 for e in evidence)
    if future * 2 < len(evidence) or not future:
        return evidence
    return [dataclasses.replace(e, phase=2) if e.phase == 0 and not _PAST_FOREIGN.search(
        e.mention.sentence) else e for e in evidence]


def resolve_namesakes(text: str, events: list[_Event], mentions: Sequence[Mention],
                      gaz: Gazetteer) -> list[_Event]:
    """The drafted stops' namesakes chosen again, together, in journey order
    (:func:`journey.namesakes.resolve_journey`: the route that hangs together, by the
    mode of each leg and the distances the text states). A stop the extractor placed
    surely (a qualifier, a lone namesake) keeps its place and still shapes the others,
    unless no namesake of its name fits the journey: then it is left out, and the stop
    after it (or before) says so in its review."""
    positions = []
    for e in events:
        told = next((x.mention for x in e.evidence if x.mention.place is not None), None)
        # A sure reading is weighed again only where its country is none of the other
        # stops' (Berlin, Germany on a Maine road trip) and nothing qualifies it.
        if e.inferred or told is None or told.confidence >= SURE_PLACE and (
                e.place.country in {x.place.country for x in events if x is not e} or
                len(gaz.candidates(told.text)) < 2 or qualified_at(text, told.end, gaz)) or \
                _written_in_full(told, e.place, mentions):
            positions.append(Position(e.place.name, (e.place,), mode=_event_mode(e),
                                      may_be_absent=told is not None and not e.inferred))
            continue
        found = tuple(p for p in gaz.qualified(told.text) if p.kind not in _AREA_KINDS)
        if not any(_key(p) == _key(e.place) for p in found):
            found = (e.place, *found)
        positions.append(Position(told.text, found, mode=_event_mode(e), may_be_absent=True))
    countries = frozenset(m.place.country for m in mentions
                          if m.place is not None and m.place.kind == "country")
    provinces = frozenset((m.place.country, m.place.admin1) for m in mentions
                          if m.place is not None and m.place.kind == "region")
    context = Context(countries=countries, provinces=provinces, mode=travel_mode(text),
                      stated_km=stated_distances_km(text))
    out: list[_Event] = []
    left_out: list[str] = []
    for e, choice in zip(events, resolve_journey(positions, context, gaz)):
        if choice.absent and len(events) >= 3:
            left_out.append(choice.reason)
            continue
        # The extractor read the whole text; the journey's pass overrules it only when
        # sure, over a journey of three stops or more.
        if choice.place is not None and _key(choice.place) != _key(e.place) and \
                choice.confidence >= SURE_PLACE and len(events) >= 3:
            e = dataclasses.replace(e, place=choice.place)
        e.alternatives = tuple(
            f"{p.name}, {p.country}, {p.admin1}, {p.lat:.4f}, {p.lon:.4f}"
            for p in choice.alternatives
            if haversine_km(p.lat, p.lon, e.place.lat, e.place.lon) > 50)[:3]
        e.place_confidence = choice.confidence
        e.left_out = tuple(left_out)
        left_out = []
        out.append(e)
    if left_out and out:
        out[-1].left_out += tuple(left_out)
    return out


def _written_in_full(told: Mention, place: Place, mentions: Sequence[Mention]) -> bool:
    """Whether ``told`` is a short form of a name the article writes in full for the same
    place ("San Pedro" after "San Pedro de Atacama"): the article says which one it is,
    and the journey's pass does not choose again (San Pedro de Jujuy is nearer Salta)."""
    short = normalize(told.text) + " "
    return any(m.place is not None and _key(m.place) == _key(place) and
               normalize(m.text).startswith(short) for m in mentions)


def _event_mode(e: _Event) -> str:
    told = [x.mention for x in e.evidence if x.cue not in ("weak", "origin", "from")]
    return _mode(told, "") if told else ""


# A dateline: a name in capitals opening a paragraph ("KYIV, Ukraine —", "MOSCOW (AP) --").
_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z .'\u2019-]+[A-Z])(?=[ \t]*(?:,[^\n\u2014]{0,40}?)?"
                       r"[ \t]*(?:\([^)\n]{1,20}\)[ \t]*)?(?:\u2014|\u2013|--|-|:))")
_HERE = re.compile(r"\b(?:arriv\w+|reach\w*|land\w*|pulled\s+in(?:to)?|came|come|got|"
                   r"docked|flew\s+in)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:here\b|"
                   r"(?:in|at|into)\s+this\s+(?:[\w-]+\s+)?(?:port|city|town|capital|harbou?r)\b)",
                   re.IGNORECASE)


_ARRIVED_AT = re.compile(r"\b(?:arriv\w+|landed|reached|pulled\s+into|docked|flew\s+into)"
                         r"(?:\s+(?:in|at))?\s+$", re.IGNORECASE)


_THERE_NOW = re.compile(r"\bnow\b|\b(?:is|are)\s+(?:still\s+)?(?:sitting|waiting|staying|"
                        r"stuck|stranded|resting|camped|parked)\b", re.IGNORECASE)
_BESIDE = re.compile(r"\b(?:on\s+the\s+(?:edge|outskirts)\s+of|outside|in|at)\s+$",
                     re.IGNORECASE)


def _dateline_arrival(text: str, mentions: Sequence[Mention]
                      ) -> tuple[list[_Evidence], set[int]]:
    """"KYIV, Ukraine — The minister arrived here on Thursday": the dateline is where
    the report was filed, a stop only when its story says the traveller arrived "here".
    Also the starts of the names inside that arrival ("pulled into the Lebu terminal
    here"): a station or a quarter of the dateline's place, not a place of their own."""
    m = _DATELINE.search(text[:600])
    if m is None:
        return [], set()
    named = next((x for x in mentions if x.start == m.start(1) and x.place is not None and
                  x.place.kind in POINT_KINDS), None)
    if named is None:
        return [], set()
    rest = text[m.end(1):m.end(1) + 400]
    first_sentence = rest.split(". ")[0]
    hit = _HERE.search(first_sentence)
    if hit is None:
        # "HANOI, Vietnam (AP) — The president arrived in Hanoi on Sunday": the
        # dateline's own place reached in the first sentence is the news's now.
        again = next((x for x in mentions if m.end(1) < x.start < m.end(1) +
                      len(first_sentence) and x.place is not None and
                      _key(x.place) == _key(named.place)), None)
        arrived = again is not None and _ARRIVED_AT.search(text[m.end(1):again.start])
        if again is not None and not arrived and _THERE_NOW.search(first_sentence) and \
                _BESIDE.search(text[m.end(1):again.start]):
            # "KAZAN, Russia — The car is on a flatbed truck now ... the brothers are
            # sitting on a kerb on the edge of Kazan": where the news finds them.
            arrived = _BESIDE.search(text[m.end(1):again.start])
        if again is None or not arrived:
            return [], set()
        return [_Evidence(again, again.place, "arrive", 1, 0, float(again.start),
                          words="dateline")], set()
    a, b = m.end(1) + hit.start(), m.end(1) + hit.end()
    inside = {x.start for x in mentions if a <= x.start < b}
    return [_Evidence(named, named.place, "arrive", 1, 0, 10_000.0 + m.start(1),
                      words=f"dateline, '{hit.group(0)}'")], inside


def _skeleton(structures: Sequence[Structure]) -> list[tuple[Mention, str]]:
    """The journey's stops as the text's itinerary structures give them, in their order:
    the largest structure, with any other that names mostly other places before or after
    it (by where it stands in the text). Empty when no structure names three places."""
    def places(s: Structure) -> set[tuple[str, float]]:
        return {(m.place.name, round(m.place.lat, 2)) for m in s.members if m.place}

    ranked = sorted(structures, key=lambda s: (-len(places(s)), s.members[0].start))
    if not ranked or len(places(ranked[0])) < 3:
        return []
    chosen = [ranked[0]]
    for s in ranked[1:]:
        seen = set().union(*(places(c) for c in chosen))
        if len(places(s) & seen) * 2 < len(places(s)) and len(places(s)) >= 3:
            chosen.append(s)
    chosen.sort(key=lambda s: s.members[0].start)
    out: list[tuple[Mention, str]] = []
    for s in chosen:
        for i, m in enumerate(s.members):
            if out and m.place and out[-1][0].place and _same_stop(out[-1][0].place,
                                                                   m.place):
                continue  # "Day 2: Lima - Cusco" after "Day 1: Lima": one stop in Lima
            out.append((m, s.describe(i)))
    return out


def _same_line(text: str, a: Mention, b: Mention) -> bool:
    """Whether two mentions stand on one line of the text (one row of a structure)."""
    lo, hi = sorted((a.start, b.start))
    return "\n" not in text[lo:hi]


def _same_stop(a: Place, b: Place) -> bool:
    """Whether two places one after the other in a structure are one stop: the same
    place, or a station, airport or landmark beside the town (not two towns 9 km apart,
    as Visp and Brig on a timetable card)."""
    if _key(a) == _key(b):
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_STOP_KM and \
        not (a.kind == b.kind == "city" and a.name != b.name)


def _structured_events(skeleton: list[tuple[Mention, str]], told: list[_Event],
                       given_up: set[tuple[str, float, float]] = frozenset(),
                       text: str = "") -> list[_Event]:
    """Events in the structure's order; what the prose says of the same place (its
    station, its tense, its sentences) joins it. Places only the prose names are left
    out: where a text lays out its itinerary, its prose tells of the places on it."""
    out = []
    visits: dict[tuple[str, float, float], int] = {}
    for m, _ in skeleton:
        if m.place is not None:
            visits[_key(m.place)] = visits.get(_key(m.place), 0) + 1
    for m, why in skeleton:
        place = m.place
        assert place is not None
        # What the prose says of this place, its station or its airport joins it; what it
        # says of the next town (Lisbon's airport, 22 km from Sintra's row) does not.
        near = [e for e in told if _same_place(e.place, place)]
        if _key(place) in given_up and not near:
            continue  # "11 Feb. Course for South Georgia." and then "abandoned"
        ev = _Evidence(m, place, "list", near[0].phase if near else 0, 0, float(m.start),
                       words=why)
        joined = [x for x in near[0].evidence if x.cue != "list"] if near else []
        if visits.get(_key(place), 0) > 1:
            # A place the structure visits twice ("Day 2: Lima - Cusco", "Day 6: ... back
            # to Cusco"): each visit takes only what its own row says (its mode, its tense).
            joined = [x for x in joined if _same_line(text, x.mention, m)]
        evidence = [ev] + joined
        out.append(_Event(place, evidence, structure=why))
    return _with_prose_between(out, skeleton, told, text)


SAME_TOWN_KM = 5.0
# The traveller going (the words of _LEG_DONE), or taking the vehicle that goes.
_WENT = re.compile(rf"(?:{_WENT_WORDS}|headed|carried|pushed|pressed|pedalled|pedaled|take|"
                   r"taking|caught|catch)\b", re.IGNORECASE)


def _went_to(x: _Evidence) -> bool:
    """Whether a "to" cue's verb is a going ("drove on to Fatima": the verb stands a few
    words before the cue's own words)."""
    m = x.mention
    rel = m.start - m.sentence_start if m.sentence_start >= 0 else m.sentence.find(m.text)
    clause = max(m.sentence.rfind(";", 0, rel), m.sentence.rfind(". ", 0, rel), rel - 80)
    return bool(_WENT.match(x.words) or _WENT.search(m.sentence, max(0, clause), rel))


# Cue words that tell where the traveller was or which way, not a movement: the weak
# arrivals ("in", "at", "au") and bare prepositions.
_BARE_CUE = _WEAK_ARRIVE | {"to", "for", "from", "on"}


def _same_place(a: Place, b: Place) -> bool:
    """Whether two places are one stop: the same, a station or landmark of a town within
    MERGE_KM, or two towns within SAME_TOWN_KM."""
    if _key(a) == _key(b):
        return True
    d = haversine_km(a.lat, a.lon, b.lat, b.lon)
    towns = ("city", "village")
    return d <= SAME_TOWN_KM or d <= MERGE_KM and (a.kind not in towns or b.kind not in towns)


def _with_prose_between(out: list[_Event], skeleton: list[tuple[Mention, str]],
                        told: list[_Event], text: str) -> list[_Event]:
    """``out`` (the structure's events) with the places the prose between its rows
    moves the traveller to ("Tag 3: Trondheim" ... "kommt das Schiff in Rørvik an" ...
    "Tag 4: Bodø"), each after the row before it, flagged for review: a day-by-day
    names in its paragraphs the stops its headings leave out. Only inside the
    structure's span: a route line at the top ("Adelaide – Port Augusta – Darwin")
    spans one line, and the prose after it describes its places."""
    if not skeleton or not text:
        return out
    first = min(m.start for m, _ in skeleton)
    last = max(m.end for m, _ in skeleton)
    lead_in = max(0, text.rfind("\n\n", 0, first))  # the paragraph before the rows
    end = text.find("\n\n", last)  # the end of the last row's paragraph
    last = end if end >= 0 else len(text)
    if "\n" not in text[first:last]:
        return out
    # A row's own line names the places around the stop ("Klaksvik in company with a boat
    # bound for Bergen", "connects with ferry to Stornoway"): only the lines between rows.
    row_lines = {text.rfind("\n", 0, m.start) for m, _ in skeleton}
    extra = []
    for e in told:
        # (A row's place again, or its airport; a town 17 km off is a stop of its own.)
        if any(_same_place(e.place, o.place) for o in out) or e.inferred or \
                e.role == "return":
            continue
        # A goal ahead is a leg only when the traveller went ("drove on to Fatima"), not
        # where something else goes ("Trains from Porto continue to Vigo").
        moves = [x for x in e.evidence if (x.cue in ("arrive", "origin", "from", "via") and
                                           x.words.lower() not in _BARE_CUE or
                                           x.cue == "dest" and _went_to(x))
                 and not x.words.startswith("listed")
                 and (first < x.mention.start < last or
                      lead_in <= x.mention.start < first and x.phase == 0) and
                 x.phase <= 1 and
                 text.rfind("\n", 0, x.mention.start) not in row_lines]
        if moves:
            at = min(x.mention.start for x in moves)
            extra.append((at, dataclasses.replace(e, between_rows=True)))
    if not extra:
        return out
    starts = [m.start for m, _ in skeleton]
    under: dict[int, list[tuple[int, _Event]]] = {}
    for at, ev in extra:
        row = max((i for i, s in enumerate(starts) if s < at), default=-1)
        under.setdefault(row, []).append((at, ev))
    merged: list[tuple[float, int, _Event]] = [(i, 0, ev) for i, ev in enumerate(out)]
    for row, group in under.items():
        group.sort(key=lambda t: t[0])
        # The paragraph under "Day 3: Coimbra" may tell the way there (Obidos, Fatima) or
        # what came after (Rørvik after "Tag 3: Trondheim"): whichever makes the shorter
        # journey, in the paragraph's order.
        side = row - 0.5 if _shorter_before(out, row, [ev for _a, ev in group]) else row + 0.5
        merged.extend((side, n, ev) for n, (_a, ev) in enumerate(group))
    merged.sort(key=lambda t: (t[0], t[1]))
    return [ev for _i, _n, ev in merged]


BEFORE_ROW_SAVING = 0.8  # a paragraph's stops go before its row only to save a fifth


def _shorter_before(rows: list[_Event], row: int, group: list[_Event]) -> bool:
    """Whether ``group`` makes a shorter journey just before ``rows[row]`` than after it."""
    if row <= 0 or row >= len(rows):
        return False

    def length(points: list[Place]) -> float:
        return sum(haversine_km(a.lat, a.lon, b.lat, b.lon) for a, b in zip(points, points[1:]))

    places = [e.place for e in group]
    nxt = [rows[row + 1].place] if row + 1 < len(rows) else []
    before = length([rows[row - 1].place, *places, rows[row].place, *nxt])
    after = length([rows[row - 1].place, rows[row].place, *places, *nxt])
    return before < BEFORE_ROW_SAVING * after  # clearly shorter: else the telling's order


def review_stops(stops: Sequence[Stop], gazetteer: Gazetteer, *,
                 mode_assumed: bool = False) -> tuple[Stop, ...]:
    """The stops with what a journalist should check in ``review``: an inferred stop, a
    name with namesakes far apart, a stop over 2,000 km from both neighbours where the
    text does not make those legs a flight or a voyage (``mode_assumed``: the modes are
    the drafter's guess, not the text's words, and excuse no leg). A review the drafter
    already wrote (a name left out before this stop) comes first."""
    out = []
    for i, s in enumerate(stops):
        checks = [s.review] if s.review else []
        if s.inferred:
            checks.append("inferred: the text does not name this stop")
        far = [n for n in (stops[i - 1] if i else None,
                           stops[i + 1] if i + 1 < len(stops) else None) if n is not None]
        if len(far) == 2 and all(haversine_km(s.lat, s.lon, n.lat, n.lon) > LONG_LEG_KM for n in far):
            modes = {s.mode} | ({stops[i + 1].mode} if i + 1 < len(stops) else set())
            if mode_assumed or not modes & {"air", "sea"}:
                checks.append(f"over {LONG_LEG_KM:,.0f} km from the stops before and after: "
                              "is this the right place?")
        alternatives = s.alternatives or _alternatives(s, gazetteer)
        if alternatives and s.confidence < SURE:
            checks.append("namesakes: also " + "; ".join(a.split(",")[0] + " (" +
                          a.split(",")[1].strip() + ")" for a in alternatives[:3]))
        if not checks and s.confidence < SURE:
            checks.append("unsure: " + (s.why or "little evidence"))
        out.append(dataclasses.replace(s, review="; ".join(checks),
                                       alternatives=alternatives))
    return tuple(out)


def _alternatives(stop: Stop, gaz: Gazetteer) -> tuple[str, ...]:
    """Other places of the stop's name more than 100 km away, as "name, country,
    province, lat, lon" (the most populous first)."""
    out = []
    for p in gaz.candidates(stop.name)[:6]:
        if p.kind in ("country", "continent", "region"):
            continue
        if haversine_km(p.lat, p.lon, stop.lat, stop.lon) > 100:
            out.append(f"{p.name}, {p.country}, {p.admin1}, {p.lat:.4f}, {p.lon:.4f}")
    return tuple(out[:3])


def _countries_as_capitals(evidence: list[_Evidence], gaz: Gazetteer,
                           far_journey: bool = False) -> list[_Evidence]:
    """"The president flew on to Japan": a country visited where the article names no
    town is drawn at its capital (inferred). A country with a named town stays context."""
    # (A town named only with a weak "in" is no visit: it is dropped later.)
    visited = {e.place.country for e in evidence if e.place.kind != "country" and
               e.cue != "weak"}
    points = list({_key(e.place): e.place for e in evidence if e.place.kind != "country"}
                  .values())
    out = []
    for e in evidence:
        town = _town_named_like(e, points, gaz) if e.place.kind == "country" else None
        if e.place.kind != "country":
            out.append(e)
        elif town is not None and e.cue != "weak":
            # "we went to Sweden" on a Maine road trip: the town, not the kingdom.
            out.append(dataclasses.replace(e, place=town))
        elif e.cue not in ("weak", "via") and e.place.country not in visited and \
                not (e.cue == "from" and e.phase >= 2) and not _CROSSING.search(e.words) and \
                not (e.cue == "arrive" and e.words.lower() in _WEAK_ARRIVE):
            # (Being "in the USA" is no visit to Washington: a capital stands in for a
            # country only where the text moves the traveller there.)
            # (Coming from a country in a time to come is no start of this journey: "a
            # gearbox would take two weeks to arrive from Britain".)
            capital = gaz.capital(e.place.country)
            # (A voyage or a flight goes far: "went to Sierra Leone" on a voyage home
            # from Brazil is Freetown.)
            if capital is not None and (far_journey or not _far_by_land(
                    capital, points, e.mention.sentence)):
                out.append(dataclasses.replace(e, place=capital, inferred=True))
    return out


# A cue that takes the journey over a border, not to a country's heart: "the ferry to
# Denmark" lands at a port, "crossed into Mexico" at the border; no capital is drawn.
_CROSSING = re.compile(r"\b(?:ferry|ferries|crossed|crossing|crosses|cross|border|bridge|"
                       r"into)\b", re.IGNORECASE)


def _far_by_land(capital: Place, points: Sequence[Place], sentence: str) -> bool:
    """A capital far from every other place of a journey not flown ("went to Sweden" on
    a Maine road trip names a town the gazetteer lacks, not the kingdom)."""
    air = dict(_MODES)["air"]
    return bool(points) and not air.search(sentence) and all(
        haversine_km(capital.lat, capital.lon, q.lat, q.lon) > LONG_LEG_KM * 1.5
        for q in points)


NEAR_JOURNEY_KM = 150.0


def _town_named_like(e: _Evidence, points: Sequence[Place], gaz: Gazetteer) -> Place | None:
    """A town named like the country ("Sweden", Maine) within 150 km of the journey's
    other places, or None."""
    for p in gaz.candidates(e.mention.text):
        if p.kind in POINT_KINDS and any(haversine_km(p.lat, p.lon, q.lat, q.lon) <=
                                         NEAR_JOURNEY_KM for q in points):
            return p
    return None


def _events(evidence: list[_Evidence]) -> list[_Event]:
    """One event per place; a 'back to' after other stops is a second visit."""
    events: list[_Event] = []
    by_key: dict[tuple[str, float, float], _Event] = {}
    for ev in sorted(evidence, key=lambda e: (e.sentence_index, e.sub)):
        k = _key(ev.place)
        existing = by_key.get(k)
        # Arriving again where the journey set out, after other stops, is the return
        # ("3 Feb. Embarked at Ushuaia ... 17 Feb. Disembarked Ushuaia").
        # (Not "In Nairobi she opened a fair" after a lede that named the whole tour: a
        # bare "in" tells where the traveller was, not a coming back.)
        back = ev.cue == "return" or (ev.cue == "arrive" and existing is not None and
                                      ev.words.lower().split(" ")[0] not in _WEAK_ARRIVE and
                                      existing.role != "return" and
                                      any(x.cue == "origin" for x in existing.evidence))
        if existing is not None and back and \
                (existing.evidence[-1].sentence_index, existing.evidence[-1].sub) < \
                (ev.sentence_index, ev.sub) and \
                any(e is not existing for e in events[events.index(existing) + 1:]):
            new = _Event(ev.place, [ev], role="return")
            events.append(new)
            by_key[k] = new
            continue
        if existing is None:
            existing = by_key[k] = _Event(ev.place, inferred=ev.inferred)
            events.append(existing)
        elif not ev.inferred:
            existing.inferred = False
        existing.evidence.append(ev)
    # Stations and landmarks next to a city stop belong to it (a village is a stop of its
    # own: "Cromer, Gresham, Felbrigg" on a bicycle).
    cities = [e for e in events if e.place.kind == "city"]
    merged: list[_Event] = []
    for e in events:
        if e.place.kind not in ("city", "village", "island", "park", "pass"):
            near = [c for c in cities if haversine_km(c.place.lat, c.place.lon, e.place.lat,
                                                      e.place.lon) <= MERGE_KM]
            if near:
                near[0].evidence.extend(e.evidence)
                continue
        merged.append(e)
    # A place mentioned only with a weak "in" and never by a real cue is not a stop.
    return [e for e in merged if any(x.cue != "weak" for x in e.evidence)]


def _order(events: list[_Event]) -> list[_Event]:
    # Only the story's first told sentence can name the goal ahead ("Queen Mary 2 left
    # New York on Sunday for Southampton"); later "from X to Y" tell legs in order.
    told = [x for e in events for x in e.evidence]
    first = min((x.sentence_index for x in told), default=-1)
    origin_sentences = {first} if any(x.cue == "origin" and x.sentence_index == first
                                      for x in told) else set()

    # A return told before a later return to the same place is a visit on the way back
    # out ("came back to Oban on the evening boat ... were back in Oban on Saturday"): it
    # keeps its place in the telling; only the last return ends the journey.
    returns = [e for e in events if e.role == "return"]
    later_return = {id(e) for e in returns
                    if any(o is not e and _key(o.place) == _key(e.place) and
                           o.position > e.position for o in returns)}

    def opens(e: _Event) -> bool:
        """Whether the event's origin cue opens the journey: a word of starting ("the
        tour began in Tokyo"), or a leaving told before any other "from" ("Leaving
        Birmingham we called at ..." after "the 09:44 from Halifax" is a leg's start)."""
        xs = [x for x in e.evidence if x.cue == "origin"]
        if not xs or e.role == "return":
            return False
        if any(_STARTED.match(x.words) for x in xs):
            return True
        first = min((x.sentence_index, x.sub) for x in xs)
        if any(x.cue in ("arrive", "dest") and (x.sentence_index, x.sub) < first
               for x in e.evidence):
            return False  # "fly to Rome ... leave Rome for L'Aquila": reached, then left
        return not any((x.sentence_index, x.sub) < first and x.phase <= e.phase
                       for o in events if o is not e for x in o.evidence
                       if x.cue in ("from", "origin"))

    def ends(e: _Event) -> bool:
        """Whether the text says the whole journey ended there: "the visit started in
        Dakar and ended in Dar es Salaam", "the tour ends in Lima" (not "the day ended
        in Cusco", a day's end)."""
        return any(x.cue == "arrive" and _ENDED.match(x.words) and (
            x.sentence_index in origin_sentences or _WHOLE_SUBJECT.search(
                x.mention.sentence, 0, max(0, x.mention.start - x.mention.sentence_start)))
            for x in e.evidence)

    def sort_key(e: _Event) -> tuple:
        origin = opens(e)
        ret = e.role == "return" and id(e) not in later_return or ends(e)
        goal = e.is_goal(origin_sentences)
        return (0 if origin else 1, 1 if ret else 0, e.phase, goal, *e.position)

    ordered = sorted(events, key=sort_key)
    return _by_stated_days(ordered)


# The cue words that end a journey, and a sentence's subject that makes it the whole
# journey's end rather than a day's or a stage's.
_ENDED = re.compile(r"(?:ended|ends|end|finish(?:es|ed|ing)?|terminates?|conclud(?:ed|es|ing))\b",
                    re.IGNORECASE)
_WHOLE_SUBJECT = re.compile(r"\b(?:trip|tour|visit|journey|voyage|pilgrimage|expedition|"
                            r"odyssey|march|rally|race)\b(?![^,;]*\b(?:day|stage|leg|etape)\b)",
                            re.IGNORECASE)


_MONTH_RX = "|".join(MONTHS) + "|" + "|".join(m[:3] + r"\.?" for m in MONTHS if len(m) > 3)
_STATED_DAY = re.compile(
    rf"\b(?:on|by|until|from|since)?\s*(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<m1>{_MONTH_RX})|(?P<m2>{_MONTH_RX})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b",
    re.IGNORECASE)


_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
             "nineteenth twentieth").split()
_DAY_NUMBER = re.compile(
    r"\b(?:on\s+|by\s+)?(?:the\s+)?(?:(?P<o>" + "|".join(_ORDINALS) + r")|(?P<n>\d{1,2})"
    r"(?:st|nd|rd|th))\s+day\b|\bday\s+(?P<d>\d{1,2})\b", re.IGNORECASE)


def _stated_day(e: _Event, numbers: bool = False) -> tuple[int, str] | None:
    """The day of the year its own clause gives the event ("arrived in Dakar on June
    3", "left Lagos on 1 June"), when one of its told mentions has one; with
    ``numbers``, the journey's day number instead ("on the fifth day", "day 12")."""
    for x in e.evidence:
        if x.cue in ("weak", "list"):
            continue
        s = x.mention.sentence
        rel = x.mention.start - x.mention.sentence_start if x.mention.sentence_start >= 0 \
            else s.find(x.mention.text)
        if rel < 0:
            continue
        end = rel + len(x.mention.text)
        where = _REACHED_AFTER.match(s, end)
        about = re.split(r"[,.;:!?\n]", s[where.end():])[0] if where is not None else ""
        clause = _phase_window(s, rel, end) + " " + about
        if numbers:
            n = _DAY_NUMBER.search(clause)
            if n is not None:
                return (_ORDINALS.index(n.group("o").lower()) + 1 if n.group("o") else
                        int(n.group("n") or n.group("d"))), n.group(0).strip()
            continue
        m = _STATED_DAY.search(clause)
        if m is None:
            continue
        month = (m.group("m1") or m.group("m2")).lower()[:3]
        day = int(m.group("d1") or m.group("d2"))
        index = next(i for i, name in enumerate(MONTHS) if name.startswith(month))
        if 1 <= day <= 31:
            return index * 31 + day, m.group(0).strip()
    return None


def _by_stated_days(ordered: list[_Event]) -> list[_Event]:
    """The events in the order of the days the text states for them, where they state
    days that the telling order contradicts ("On June 3 she reached Dakar. She had left
    Lagos on June 1"). An event with no day keeps its place after the dated one before
    it. Days over half a year apart (a year's turn, a flashback to another trip) are not
    used."""
    stated = [_stated_day(e) for e in ordered]
    if sum(d is not None for d in stated) < 2:
        # "On the fifth day we reached Ulaanbaatar": the journey's day numbers instead.
        stated = [_stated_day(e, numbers=True) for e in ordered]
    known = [d[0] for d in stated if d is not None]
    if len(known) < 2 or known == sorted(known) or max(known) - min(known) > 183:
        return ordered
    keys, last = [], -1
    for e, d in zip(ordered, stated):
        if d is not None:
            last = d[0]
            e.ordered_by = f"ordered by '{d[1]}'"
        keys.append(last)
    return [e for _, _, e in sorted(zip(keys, range(len(ordered)), ordered))]


def _infer_origin(text: str, mentions: Sequence[Mention], events: list[_Event],
                  gaz: Gazetteer) -> list[_Event]:
    """The journey's start (and return home) when the article implies it."""
    if not events:
        return events
    round_trip = _round_trip(events)
    if round_trip is not None:
        return round_trip
    home = home_country(text, mentions, gaz)
    capital = gaz.capital(home) if home else None
    others = _someone_elses(text)
    home_m = next((h for h in _HOME.finditer(text)
                   if not any(a <= h.start() < b for a, b in others)), None)
    if capital is not None and (home_m is not None or _leaves_home(text, mentions, home)):
        # Only a text that says the traveller leaves home or goes back there implies the
        # start; a demonym alone ("the Japanese prime minister") does not.
        events = _from_capital(events, mentions, capital, home)
    if home_m is None:
        return events
    if capital is None and (events[0].role == "origin"
                            or any(x.cue == "origin" and _LEAVING.match(x.words)
                                   for x in events[0].evidence)):
        # "left Tokyo ... before returning home": home is where the journey began,
        # unless the text says the travellers are from somewhere else ("the two
        # brothers from Harrogate ... are going home by plane").
        capital, home = events[0].place, events[0].place.country
        if events[-1].role == "return" or _key(events[-1].place) == _key(capital) or \
                _home_elsewhere(text, mentions, capital):
            capital = None
    if capital is not None and events[-1].place.country != home:
        events = events + [_home_again(text, home_m, capital)]
    return events


# An origin cue that says the traveller left a place (the home a "return home" goes
# back to), not that a tour began there ("the tour began on Wednesday in Tokyo").
_LEAVING = re.compile(r"(?:left|leav|depart|pull|out\s+of|set\s|flew\s+out|sailed\s+out|"
                      r"took\s+off|cast\s+off|weighed|embarked|boarded)", re.IGNORECASE)


def _home_elsewhere(text: str, mentions: Sequence[Mention], start: Place) -> bool:
    """Whether the text names the travellers' home town away from where the journey
    began ("the two brothers from Harrogate who drove it")."""
    for m in mentions:
        if m.place is None or m.place.kind not in POINT_KINDS:
            continue
        window = text[max(0, m.start - 60):m.start]
        if _from_is_a_person(window) and _PERSON_FROM.search(window) and \
                haversine_km(m.place.lat, m.place.lon, start.lat, start.lon) > MERGE_KM:
            return True
    return False


def _leaves_home(text: str, mentions: Sequence[Mention], home: str) -> bool:
    """Whether the text says the traveller left the home country ("left North Korea")."""
    for m in mentions:
        if m.place is not None and m.place.kind == "country" and m.place.country == home:
            if re.search(r"\b(?:left|leave|leaving|departed|outside)\s+$",
                         text[max(0, m.start - 40):m.start], re.IGNORECASE):
                return True
    return False


def _round_trip(events: list[_Event]) -> list[_Event] | None:
    """"returned to Nairobi at the end of a tour": the tour began there too."""
    # Only a return made ("returned to Nairobi"), not one to come ("I'll take the bus
    # back to Madrid"), says where the journey began.
    back = [e for e in events if all(x.cue == "return" and x.phase < 2 for x in e.evidence)
            and sum(_key(o.place) == _key(e.place) for o in events) == 1]
    if not back or len(events) < 2:
        return None
    home = back[-1]
    if any(x.cue == "origin" for e in events if e is not home for x in e.evidence
           if haversine_km(e.place.lat, e.place.lon, home.place.lat, home.place.lon)
           <= MERGE_KM):
        return None  # "partito da Fiumicino ... rientrerà a Roma": it began there, told
    events = [e for e in events if e is not home]
    origin = _Event(home.place, [dataclasses.replace(x, cue="origin", phase=-2)
                                 for x in home.evidence], role="origin", inferred=True)
    home.role = "return"
    return [origin] + events + [home]


def _from_capital(events: list[_Event], mentions: Sequence[Mention], capital: Place,
                  home: str) -> list[_Event]:
    """A journey from abroad that names no start began in the home country's capital."""
    has_origin = any(x.cue in ("origin", "from") for x in events[0].evidence)
    if has_origin or all(e.place.country == home for e in events):
        return events
    cue = next((m for m in mentions if m.place is not None and m.place.country == home
                and m.place.kind == "country"), None)
    origin = _Event(capital, [], role="origin", inferred=True)
    if cue is not None:
        origin.evidence.append(_Evidence(cue, capital, "origin", -2, 0, 0.0))
    return [origin] + [e for e in events if _key(e.place) != _key(capital) or
                       e.role == "return"]


def _home_again(text: str, home_m: re.Match[str], capital: Place) -> _Event:
    """The inferred return home ("before returning home"), planned when said of the future."""
    future = bool(_FUTURE.search(text[max(0, home_m.start() - 120):home_m.end()]))
    ret = _Event(capital, [], role="return", inferred=True)
    ret.evidence.append(_Evidence(_fake_mention(text, home_m), capital, "return",
                                  2 if future else 0, 10**6, 0.0))
    return ret


def _fake_mention(text: str, m: re.Match[str]) -> Mention:
    s = text.rfind(".", 0, m.start()) + 1
    e = text.find(".", m.end())
    raw = text[s: e + 1 if e >= 0 else len(text)]
    sentence = raw.strip()
    return Mention(text=m.group(), start=m.start(), end=m.end(), sentence=sentence,
                   sentence_start=s + len(raw) - len(raw.lstrip()))


_MODES = (
    ("air", re.compile(r"\b(?:fl(?:ew|y|ies|ying|own|ight|ights)|plane(?!\s+trees?)|jet|airport|"
                       r"landed|touched\s+down|airlifted|aereo|avion|avión|flugzeug|vuelo|volo|"
                       r"flug|aéroport|aeroporto|aeropuerto|flughafen|elicottero|hélicoptère|"
                       r"helicóptero|hubschrauber)\b", re.IGNORECASE)),
    ("sea", re.compile(r"\b(?:sail(?:ed|s|ing)?|ship|ships|ferry|cruise|liner|voyage|boat|"
                       r"freighter|docked|port\s+of\s+call|steam(?:er|ed)|moorings|catamaran|"
                       r"yachts?|ketch|sloop|schooner|dinghy|kayak\w*|canoe\w*|"
                       r"traghetto|nave|navire|barco|schiff)\b",
                       re.IGNORECASE)),
    ("road", re.compile(r"\b(?:dr(?:ove|ives?|iving|iven)|cars?|motor(?:ing|ists?|cars?)?|"
                        r"bus|coach|road|highway|"
                        r"interstate|motorcade|cycl\w*|bike|bicycles?|rode|pedal\w*|"
                        r"hik\w*|walk\w*|convoy|pickup|truck)\b", re.IGNORECASE)),
    ("rail", re.compile(r"\b(?:train|trains|rail|railway|railroad|station|express|"
                        r"sleeper|carriages?|locomotive|treno|tren|zug|gare|stazione|bahnhof)\b",
                        re.IGNORECASE)),
)


def _mode(told: Sequence[Mention], default: str) -> str:
    """How the journey reached a stop: the travel word nearest before the name in the
    sentence that brings the journey there ("took the train to Chicago"), else the
    first one after it ("arrived in Omsk by train"), else the article's usual way."""
    for m in told:
        rel = m.sentence.find(m.text)
        if rel < 0:
            continue
        before = [(hit.start(), mode) for mode, rx in _MODES
                  for hit in rx.finditer(m.sentence, 0, rel)]
        if before:
            return max(before)[1]
        comma = m.sentence.find(",", rel)
        after = [(hit.start(), mode) for mode, rx in _MODES
                 for hit in rx.finditer(m.sentence, rel, comma if comma >= 0 else
                                        len(m.sentence))]
        if after:
            return min(after)[1]
    return default


def _to_stops(events: list[_Event], mentions: Sequence[Mention],
              usual: str) -> tuple[Stop, ...]:
    """The events as stops; ``usual`` is the article's usual mode (:func:`_usual_mode`,
    empty when the text names no way of travel)."""
    stops = []
    last = len(events) - 1
    default = usual
    assumed = ""
    if not default:
        default = assumed_mode([e.place for e in events])
        assumed = (f"mode '{default}' assumed: the text names no way of travel "
                   "(train, car, ship, flight ...); set the mode column")
    for i, e in enumerate(events):
        role = e.role
        if role == "stop" and i in (0, last):
            role = "origin" if i == 0 else "destination"
        phase = e.phase if e.evidence else 0
        stations = sorted({x.place.name for x in e.evidence if x.place.kind == "station"
                           and _key(x.place) != _key(e.place)})
        note = ("at " + ", ".join(stations)) if stations else ""
        told = [x.mention for x in sorted(e.evidence, key=lambda x: x.mention.start)
                if x.cue not in ("weak", "origin", "from")]
        confidence, why = _judge(e)
        if e.place_confidence < SURE_PLACE:
            confidence = round(confidence * max(e.place_confidence, 0.3), 2)
        stops.append(Stop(
            confidence=confidence, why=why, alternatives=e.alternatives,
            review="; ".join([*e.left_out, *([assumed] if assumed and i == 0 else []),
                              *([_BETWEEN_ROWS] if e.between_rows else []),
                              *_respelt(e)]),
            name=e.place.name, lat=e.place.lat, lon=e.place.lon, role=role,
            mode=_mode(told, default), planned=phase >= 2, place_source=e.place.source,
            inferred=e.inferred, sentences=_stop_sentences(e, mentions)[:4], note=note,
            source=f"inferred: the article implies this stop ({e.place.name}, capital "
                   f"of {e.place.country}, or where the journey began)" if e.inferred else "",
        ))
    return tuple(stops)


def _without_repeats(events: list[_Event]) -> list[_Event]:
    """The events with a place told twice in a row made one stop ("Saint-Jean-Pied-de-Port
    / Santiago de Compostela" over the route, then "Day 1: Saint-Jean-Pied-de-Port /
    Orisson"): a journey does not leave a place for itself."""
    out: list[_Event] = []
    for e in events:
        if out and _key(out[-1].place) == _key(e.place):
            out[-1] = dataclasses.replace(out[-1], evidence=out[-1].evidence + e.evidence,
                                          left_out=out[-1].left_out + e.left_out)
            continue
        out.append(e)
    return out


def _respelt(e: _Event) -> list[str]:
    """What to check of a stop the text names in a spelling the gazetteer does not know
    ("roll into Great Bends" read as Great Bend): the extractor's close-spelling match."""
    written = sorted({x.mention.text for x in e.evidence
                      if x.mention.place is not None and x.mention.suggestions})
    return [f"written {', '.join(repr(w) for w in written)}, read as {e.place.name} "
            "(a close spelling): check the name"] if written else []


_BETWEEN_ROWS = ("told in the prose between the itinerary's rows, not in a row: check it "
                 "is a stop and where it goes")


# How much each kind of evidence says "a stop of the traveller's": hand-set, not fitted.
# The corpus is small (43 texts) and written to test forms, not to sample them; weights
# fitted on it would learn its authors' habits. These read as the reasons they are.
_CUE_WEIGHT = {"list": 0.9, "arrive": 0.85, "origin": 0.85, "return": 0.85, "from": 0.75,
               "via": 0.7, "dest": 0.7, "timed": 0.6, "weak": 0.4}


def _judge(e: _Event) -> tuple[float, str]:
    """The event's confidence (0..1) and its evidence in words."""
    if e.inferred and not e.evidence:
        return 0.4, "inferred"
    reasons: list[str] = []
    score = 0.0
    for x in sorted(e.evidence, key=lambda x: -_CUE_WEIGHT.get(x.cue, 0.5)):
        weight = _CUE_WEIGHT.get(x.cue, 0.5)
        # Each further piece of evidence closes part of the gap left.
        score = score + (1 - score) * weight * (1.0 if not reasons else 0.5)
        said = x.words if x.cue == "list" else f"'{x.words}'" if x.words else x.cue
        if said and said not in reasons:
            reasons.append(said)
    if e.inferred:
        score = min(score, 0.5)
        reasons.insert(0, "inferred")
    if e.ordered_by:
        reasons = reasons[:3] + [e.ordered_by]
    if any(x.mention.confidence < 0.8 for x in e.evidence):
        score *= min(x.mention.confidence for x in e.evidence) ** 0.5
        reasons.append("namesake chosen")
    return round(min(score, 0.99), 2), "; ".join(reasons[:4])


def _usual_mode(mentions: Sequence[Mention]) -> str:
    """The article's usual way of travel, for stops whose own sentences do not say."""
    counts = {mode: sum(len(rx.findall(m.sentence)) for m in {id(m.sentence): m
                                                                for m in mentions}.values())
              for mode, rx in _MODES}
    # A tie goes to the ground: the airports at a tour's two ends ("Arrive at Lisbon
    # airport", "flights home") are no way of travel between its stops.
    return max(counts, key=lambda k: (counts[k], _GROUND_FIRST.index(k))) \
        if any(counts.values()) else ""


_GROUND_FIRST = ("air", "sea", "road", "rail")


# The way of travel drafted when the article names none, said so in the first stop's
# review: by air when a leg is longer than FLIGHT_ASSUMED_KM (a state visit's programme,
# a papal tour: no train crosses from Dakar to Johannesburg), else by rail.
ASSUMED_MODE = "rail"
FLIGHT_ASSUMED_KM = 1500.0


def assumed_mode(places: Sequence[Place]) -> str:
    """The mode drafted for a journey through ``places`` whose text names no way of
    travel: "air" when one of its legs is over FLIGHT_ASSUMED_KM, else ASSUMED_MODE."""
    long_leg = any(haversine_km(a.lat, a.lon, b.lat, b.lon) > FLIGHT_ASSUMED_KM
                   for a, b in zip(places, places[1:]))
    return "air" if long_leg else ASSUMED_MODE


def _stop_sentences(e: _Event, mentions: Sequence[Mention]) -> tuple[str, ...]:
    """The sentences that brought the journey to the stop, then the others naming it."""
    sentences = []
    for x in sorted(e.evidence, key=lambda x: x.mention.start):
        if x.mention.sentence and x.mention.sentence not in sentences:
            sentences.append(x.mention.sentence)
    if not e.inferred:
        for m in mentions:
            if m.place is not None and _key(m.place) == _key(e.place) and \
                    m.sentence not in sentences:
                sentences.append(m.sentence)
    return tuple(sentences)
