"""How fast is drafting? Extraction, itinerary structures and the whole draft, in MB/s.

    python3 benchmarks/draft_speed.py          # from the repository root

The shipped example article repeated to about 0.4 and 2 MB (its text, blank lines between),
CPU time on one core, best of 3, the gazetteer already loaded. Twice the text should take
twice the time: a figure that drops with size means a step that is not linear.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journey.draft import draft_stops  # noqa: E402
from journey.extract import extract_mentions  # noqa: E402
from journey.gazetteer import Gazetteer  # noqa: E402
from journey.itinerary import find_structures  # noqa: E402
from journey.pipeline import example_path  # noqa: E402


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> int:
    gaz = Gazetteer.load()
    article = example_path("article.txt").read_text("utf-8")
    for target in (400_000, 2_000_000):
        text = (article + "\n\n") * (target // len(article) + 1)
        mb = len(text.encode("utf-8")) / 1e6
        mentions = extract_mentions(text, gaz)
        extract_s = _best(lambda: extract_mentions(text, gaz), 1)
        structures_s = _best(lambda: find_structures(text, mentions, gaz))
        draft_s = _best(lambda: draft_stops(text, gaz, mentions), 1)
        print(f"{mb:.2f} MB: extract {mb / extract_s:.2f} MB/s, structures "
              f"{mb / structures_s:.1f} MB/s, draft (from mentions) {mb / draft_s:.2f} MB/s")
    t = time.process_time()
    sum(range(10**7))
    print(f"(this machine ran sum(range(10**7)) in {time.process_time() - t:.2f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
