"""Derive ``data/gazetteer/common_words.txt``: the English words common enough that a
place named only that ("Guide", "Coll", "Mull", "Brook") is more often the word, each
with its Zipf frequency (``word<TAB>zipf``, two decimals).

The gazetteer index (tools/gazetteer_index.py) flags a name FLAG_WORD when it is one of
these and only small places have it; the extractor then takes it from running text only
inside an itinerary or with a qualifier, never after a bare "to" or "in". The drafter's
check on names that match a place only once accents are folded (journey/words.py) reads
the frequencies. A word list is a fact list, so it is kept as data (one lower-case word a
line, sorted) and neither the index nor journey needs this script's dependency.

Source: the ``wordfreq`` package (3.1.1; code Apache-2.0, word data CC BY-SA 4.0): every
English word of three or more letters a-z with a Zipf frequency of ZIPF_MIN or more.

    pip install wordfreq==3.1.1 && python3 -m tools.derive_common_words
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "common_words.txt"
ZIPF_MIN = 2.9  # about once in 800,000 words: "mull" (2.94), "coll" (3.0), "guide" (4.75)


def main() -> int:
    from wordfreq import top_n_list, zipf_frequency

    words = sorted({w for w in top_n_list("en", 100_000) if re.fullmatch(r"[a-z]{3,}", w)
                    and zipf_frequency(w, "en") >= ZIPF_MIN})
    OUT.write_text("".join(f"{w}\t{zipf_frequency(w, 'en'):.2f}\n" for w in words), "utf-8")
    print(f"wrote {OUT}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
