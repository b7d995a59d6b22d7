"""Does drafting stay linear on hostile text? Each shape below is repeated to two sizes;
the time of the larger over the smaller should be near the size ratio (4), not its square.

    python3 benchmarks/hostile_scaling.py            # 50 kB and 200 kB of each shape

The shapes are ones that were quadratic once: one endless line of prose (every mention
then shared one sentence), qualifiers without end, a programme of one row repeated,
headings in capitals, OCR hyphens, a glued table, a list of commas.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from journey import pipeline  # noqa: E402
from journey.gazetteer import Gazetteer  # noqa: E402

SHAPES = {
    "one endless line": "He travelled from Moscow to Omsk and then by train to Irkutsk, "
                        "Perm - Kazan - Ufa; ",
    "qualifiers": "Athens, Ga., in the island of , in the island of Crete, ",
    "programme row": "8:30 | Départ de Rome/Fiumicino pour Malte\n",
    "capitals": "ROME - MALTE PARIS LYON\n",
    "OCR hyphens": "Tene-\nriffe ",
    "table row": "Day 3 | 12 May | Moscow - Vladimir | 190 km\n",
    "comma list": "Moscow, Omsk, Perm, Kazan, Ufa, ",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=50_000, help="bytes (default 50,000)")
    ap.add_argument("--factor", type=int, default=4, help="size ratio (default 4)")
    args = ap.parse_args()
    gaz = Gazetteer.load()
    worst = 0.0
    print(f"{'shape':<20} {'small s':>8} {'large s':>8} {'ratio':>6}  (sizes {args.small:,} "
          f"and {args.small * args.factor:,} bytes)")
    for name, unit in SHAPES.items():
        times = []
        for size in (args.small, args.small * args.factor):
            text = unit * (size // len(unit))
            t0 = time.process_time()
            pipeline.draft(text, gaz)
            times.append(time.process_time() - t0)
        ratio = times[1] / max(times[0], 1e-3)
        worst = max(worst, ratio)
        print(f"{name:<20} {times[0]:8.2f} {times[1]:8.2f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (linear: {args.factor})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
