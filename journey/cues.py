"""Movement cue words of other languages than English, as data: the drafter's evidence
that a place is a stop when the text is French, Italian, Spanish, German or Portuguese
("Départ en avion de l'aéroport de Rome pour Malte", "la partenza in aereo per Bacau",
"Ankunft in Wien", "llegada a Lima").

Each row of :data:`CUE_WORDS` gives a kind of cue (the drafter's: ``origin``, ``from``,
``dest``, ``via``, ``arrive``, ``return``, ``to``), the movement words of one language
(a noun or a verb form; ``*`` stands for any ending) and the prepositions that join them
to the place. Between the word and its preposition a few words may stand ("départ *en
avion* de", "partirà *in aereo* per"); between the preposition and the name, the articles
and place nouns of :data:`FILL_WORDS` ("all'*aeroporto di* Iasi", "au *port de* Mgarr").
Written here rather than taken from a library: what is needed is a short list of
travel words per language, read the same way as the English cues.

    >>> import re
    >>> rx = re.compile(cue_pattern("origin") + r"\\s*$", re.IGNORECASE)
    >>> bool(rx.search("Départ en avion de "))
    True
"""
from __future__ import annotations

import re

# (kind, language, movement words, prepositions). A word with no preposition needed
# (a direct object: "quitte Rome", "raggiungerà Iasi") lists "" among its prepositions.
CUE_WORDS: tuple[tuple[str, str, str, str], ...] = (
    # Leaving a place.
    ("origin", "fr", "départ* partir part partira partent parti* quitte* quitté* quittera* "
                     "décoll* envol*", "de du des d' depuis"),
    ("origin", "fr", "quitte quitté quittera quittent", ""),
    ("origin", "it", "partenz* partit* partir* parte partono decoll* congedo "
                     "lascia* lascerà", "da dal dallo dalla dall' dai"),
    ("origin", "it", "lascia lasciato lasciata lascerà", ""),
    ("origin", "es", "salida* salió sale saldrá* partió partida* partirá* "
                     "despeg* desped*", "de del desde"),
    ("origin", "es", "dejó deja dejará abandon*", ""),
    ("origin", "de", "abfahrt* abflug* abreise* start* abgereist abgeflogen verabschied*",
     "von vom ab aus in im am"),
    ("origin", "de", "verlässt verließ verlassen", ""),
    ("origin", "pt", "partida* partiu parte partirá saída* saiu deixou", "de do da dos das"),
    # Coming from (a bare preposition; read only in a sentence about travel).
    ("from", "fr", "", "depuis"),
    ("from", "es", "", "desde"),
    ("from", "de", "", "von aus"),
    # Going to.
    ("dest", "fr", "départ* vol vols transfert* trajet* route rendr* rend rendra ira "
                   "va vont partira* envol* direction continuer* poursuiv* gagne* "
                   "s'envole*", "pour vers à au aux en jusqu'à"),
    ("dest", "fr", "à destination en direction", "de du des d'"),
    ("dest", "it", "partenz* partit* partir* volo voli volato volerà viaggi* "
                   "trasferiment* trasferir* trasferisc* trasferit* diretto diretta "
                   "prosegu* dirig*", "per a al alla all' in verso"),
    ("dest", "it", "alla volta", "di del della dell'"),
    ("dest", "es", "vuelo* viaj* traslad* salida* partió partirá* rumbo dirig* "
                   "continu* irá va fue volará voló", "a al para hacia"),
    ("dest", "es", "con destino", "a al"),
    ("dest", "de", "flug* fahrt* reise* reist* fliegt flog fährt fuhr weiter* "
                   "transfer* geht ging geflogen gefahren gereist", "nach zum zur in ins"),
    ("dest", "pt", "voo viagem viaj* seguiu segue seguirá partiu partirá", "para a ao à"),
    # Through.
    # (French "via" is the English cue's own word.)
    ("via", "it", "passando* passaggio transit*", "per da attraverso"),
    ("via", "es", "pasando* pasó", "por"),
    ("via", "de", "fahrt* reise* flug* weiter* führt*", "über durch"),
    # Being there.
    ("arrive", "fr", "arrivée* arrive* arriver* arrivé* atterri* visite* visiter* "
                     "séjour* étape* escale* accueil* bienvenue halte* rencontre* messe",
     "à au aux en dans"),
    ("arrive", "fr", "rejoint rejoindra rejoindre atteint atteindra", ""),
    ("arrive", "it", "arriv* atterr* visit* tappa sosta scalo accoglienz* benvenuto "
                     "sbarc* giung* giunt* soggiorn* incontr* messa", "a al alla all' ad "
                     "in nel nella nell'"),
    ("arrive", "it", "raggiung* raggiunt*", ""),
    ("arrive", "es", "llegad* lleg* aterriz* visit* etapa escala parada bienvenida "
                     "estanci* misa", "a al en"),
    ("arrive", "de", "ankunft ankomm* angekommen landung landet* gelandet besuch* "
                     "aufenthalt* zwischenstopp* empfang* messe", "in im am auf bei"),
    ("arrive", "de", "erreicht erreichte erreichen besucht besuchte", ""),
    ("arrive", "pt", "chegad* cheg* visit* escala etapa", "a ao à em no na"),
    # Where, said alone ("à Rabat", "nel palazzo", "in Lussemburgo"): being there, read
    # only in a sentence about travel, like English "in" and "at".
    ("arrive", "fr", "", "à au aux en"),
    ("arrive", "it", "", "a al alla all' ad nel nella nell'"),
    ("arrive", "es", "", "a al en"),
    ("arrive", "de", "", "im am"),
    ("arrive", "pt", "", "em no na ao"),
    # Going back.
    ("return", "fr", "retour* rentr* revien* reviendr* regagn*", "à au en vers pour"),
    ("return", "it", "rientr* ritorn* torna tornato tornata tornerà tornare tornando", "a al alla all' in nel nella verso"),
    ("return", "es", "regres* vuelta* vuelve volverá retorn*", "a al en hacia"),
    ("return", "de", "rückkehr* rückflug* rückreise* zurück*", "nach in"),
    ("return", "pt", "regress* retorn* volta*", "a ao à para"),
    # A bare "to" (read only in a sentence about travel).
    ("to", "fr", "", "pour vers"),
    ("to", "it", "", "per verso"),
    ("to", "es", "", "para hacia"),
    ("to", "de", "", "nach"),
)

# Prepositions that alone say only where ("à Rabat", "nel palazzo"), read as being
# there only in a sentence about travel, like English "in" and "at".
WEAK_PREPOSITIONS = frozenset(
    "à au aux en a al alla all' ad nel nella nell' em no na ao im am".split())

# Articles and place nouns that may stand between a cue and the name ("all'aeroporto
# internazionale di", "au port de", "dem Flughafen").
FILL_WORDS = (
    "le la les l' un une du des de d' il lo gli i al allo alla all' ai dal dallo dalla "
    "dall' del dello della dell' nel nella nell' di da el los las una der die das dem "
    "den einem einer zum zur vom im am o os as do dos das "
    "aéroport aéroports aeroporto aeropuerto aeroporti aeroporto aeroportos flughafen "
    "port porto puerto hafen gare stazione estación estação bahnhof ville città cittadina "
    "ciudad stadt capitale capitali hauptstadt base aerea aérea aérienne militaire "
    "militare international internationale internazionale internacional internationalen "
    "village villaggio pueblo dorf isola île isla insel grand grande gran piazza place "
    "plaza platz sanctuaire santuario"
).split()

_APOSTROPHE = "['\u2019]"


def _alternatives(words: str) -> str:
    out = []
    for w in words.split():
        # An accent may be written as an apostrophe ("rientrera'" for "rientrerà").
        w = re.escape(w.rstrip("*")).replace("'", _APOSTROPHE) + (
            rf"\w*{_APOSTROPHE}?" if w.endswith("*") else "")
        out.append(w)
    return "|".join(sorted(out, key=len, reverse=True))


def _preposition(p: str) -> str:
    # An elided preposition ("dall'", "d'", "jusqu'à") joins the next word with no space.
    return re.escape(p).replace("'", _APOSTROPHE)


def cue_pattern(kind: str) -> str:
    """The regex alternatives for the cues of ``kind`` in every language of the table;
    each ends where the name (or its fill) begins: after a space, or after an apostrophe."""
    parts = []
    for k, _lang, words, preps in CUE_WORDS:
        if k != kind:
            continue
        plist = [p for p in preps.split() if p]
        direct = preps.strip() == ""
        prep_rx = "|".join(sorted((_preposition(p) for p in plist), key=len, reverse=True))
        if not words:
            parts.append(rf"(?:{prep_rx})")
        elif direct:
            parts.append(rf"(?:{_alternatives(words)})")
        else:
            # A few words may stand between the movement word and its preposition ("départ
            # en avion de", "partirà in aereo per", "trasferirsi poi in elicottero alla").
            parts.append(rf"(?:(?:{_alternatives(words)})(?:\s+[^\s.;:,!?]+){{0,4}}?\s+"
                         rf"(?:{prep_rx}))")
    if not parts:
        return r"(?!)"
    # A preposition ending in an apostrophe ("dall'") is followed by the name at once.
    return "(?:" + "|".join(parts) + ")"


# "of" in the table's languages: a capitalised noun with it names what stands in the
# place ("la base aerea della Brigata di Montagna di Miercurea-Ciuc").
OF_WORDS = "di de du des del della dello von do da".split()


def fill_pattern() -> str:
    """One fill word between a cue and the name, with its space or its apostrophe."""
    elided = [w for w in FILL_WORDS if w.endswith("'")]
    plain = [w for w in FILL_WORDS if not w.endswith("'")]
    return (r"(?:(?:" + "|".join(sorted((re.escape(w) for w in plain), key=len, reverse=True))
            + r")\s+|(?:" + "|".join(_preposition(w) for w in elided) + r")|"
            r"(?-i:[A-Z][\w'\u2019-]+)\s+(?:" + "|".join(OF_WORDS) + r")\s+)")


def travel_words() -> str:
    """Every movement word of the table, as regex alternatives (for the drafter's test of
    whether a sentence is about travel), with the modes of travel."""
    words = " ".join(w for _k, _l, w, _p in CUE_WORDS if w)
    modes = ("aereo avion avión flugzeug volo vol vuelo flug treno tren zug bahn "
             "elicottero hélicoptère helicóptero hubschrauber nave navire barco schiff "
             "traghetto catamarano catamaran ferry auto voiture coche voyage* viaggio* "
             "viaje* reise*")
    return _alternatives(words + " " + modes)


_ENGLISH = frozenset("the and of to was is for with on at by from that this were has "
                     "had will his her their".split())
_OTHERS = frozenset("le la les des du et est il lo gli della dello delle che per è con "
                    "una el los las del y que por con der die das und ist mit dem den "
                    "ein eine os do não uma com".split())
_WORD = re.compile(r"[^\W\d_]+")


def is_english(text: str) -> bool:
    """Whether the text is written in English rather than one of the table's languages:
    its commonest function words say (the first 4,000 characters are enough). Written
    here rather than taken from a language identifier: the drafter only needs to tell
    English from the five languages above, the same way every run, in microseconds."""
    english = others = 0
    for w in _WORD.findall(text[:4000].lower()):
        if w in _ENGLISH:
            english += 1
        elif w in _OTHERS:
            others += 1
    return english >= others


# A time to come in the table's languages: future verb forms ("atterrerà", "rientrera'",
# "arrivera", "llegará", "wird ... fliegen") and the words of a programme ("in programma",
# "prévu", "previsto").
FUTURE = re.compile(
    r"\b(?:\w{2,}(?:erà|irà|arà|rà|eranno|iranno|aranno|ranno)|\w{2,}(?:era|ira|rà)['\u2019]|"
    r"\w{3,}(?:era|eront|iront|erons|irons)|\w{3,}(?:ará|erá|irá|arán|erán|irán)|"
    r"wird|werden|in\s+programma|programmat[oaie]|previst[oaie]|prévue?s?|"
    r"programmée?s?|est\s+attendue?|previsto|prevista|programado|programada)(?!\w)",
    re.IGNORECASE)
