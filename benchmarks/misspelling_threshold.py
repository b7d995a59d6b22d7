"""Choose the rapidfuzz score above which a misspelt name is read as the place.

    python3 benchmarks/misspelling_threshold.py

Typos a reader forgives are made from well-known place names (one letter dropped,
doubled, swapped with its neighbour or replaced by a neighbouring vowel); words that are
not places are people's surnames and other capitalised words from news copy. For each
threshold: the share of typos resolved to the right place, and the share of non-places
wrongly resolved to some place. journey.extract uses 88.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journey.gazetteer import Gazetteer  # noqa: E402

PLACES = ["Barcelona", "Novosibirsk", "Vladivostok", "Khabarovsk", "Yekaterinburg",
          "Marseille", "Budapest", "Bucharest", "Istanbul", "Hiroshima", "Nagasaki",
          "Acapulco", "Cartagena", "Philadelphia", "Baltimore", "Pittsburgh", "Nairobi",
          "Mombasa", "Kinshasa", "Johannesburg", "Casablanca", "Valparaiso", "Montevideo",
          "Edinburgh", "Manchester", "Rotterdam", "Copenhagen", "Stockholm", "Helsinki",
          "Krasnoyarsk"]
NOT_PLACES = ["Klebanov", "Harrigan", "Interfax", "Reuters", "Bloomberg", "Gorbachev",
              "Medvedev", "Zelensky", "Macron", "Scholz", "Erdogan", "Modi", "Netanyahu",
              "Kishida", "Lukashenko", "Tokayev", "Mirziyoyev", "Ramaphosa", "Kenyatta",
              "Lula", "Bolsonaro", "Trudeau", "Albanese", "Sunak", "Starmer", "Qatari",
              "Quicktime", "Eurostar", "Aeroflot", "Lufthansa"]
VOWELS = "aeiou"


def typos(name: str) -> list[str]:
    out = []
    mid = len(name) // 2
    out.append(name[:mid] + name[mid + 1:])  # a letter dropped
    out.append(name[:mid] + name[mid] + name[mid:])  # a letter doubled
    out.append(name[:mid] + name[mid + 1] + name[mid] + name[mid + 2:])  # swapped
    for i, ch in enumerate(name[1:], 1):
        if ch in VOWELS:
            other = VOWELS[(VOWELS.index(ch) + 1) % len(VOWELS)]
            out.append(name[:i] + other + name[i + 1:])  # a vowel confused
            break
    return [t for t in out if t != name]


def main() -> int:
    gaz = Gazetteer.load()
    cases = [(t, gaz.lookup(p)) for p in PLACES for t in typos(p)]
    print(f"{len(cases)} typos of {len(PLACES)} places; {len(NOT_PLACES)} non-places\n")
    print(f"{'threshold':>9}{'typos resolved':>16}{'non-places resolved':>21}")
    for threshold in (80, 84, 86, 88, 90, 92, 94):
        right = sum(1 for typo, place in cases
                    if (hit := gaz.misspelling(typo, threshold)[0]) is not None
                    and hit.name == place.name)
        wrong = sum(1 for word in NOT_PLACES
                    if gaz.misspelling(word, threshold)[0] is not None)
        print(f"{threshold:>9}{right / len(cases):>16.2f}{wrong / len(NOT_PLACES):>21.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
