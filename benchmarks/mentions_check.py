"""Whether a change to the geoparser leaves what it finds exactly as it was.

    python3 benchmarks/mentions_check.py save OUT.json [TEXT ...]   # before the change
    python3 benchmarks/mentions_check.py compare OUT.json [TEXT ...] # after: exit 1 on a difference

With no TEXT arguments the texts are tests/corpus/*.txt and the shipped example. For each
text it records every mention ``extract_mentions`` returns (text, offsets, sentence start,
the chosen place by name/source/coordinates, confidence, suggestions) and the scan's raw
names with their whole candidate lists (by source), so that a faster matcher must give the
same names, offsets and candidates, not only the same final choice.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _place(p) -> list | None:
    return None if p is None else [p.name, p.source, p.lat, p.lon, p.kind, p.country]


def snapshot(paths: list[Path]) -> dict[str, dict]:
    from journey import extract
    from journey.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    out = {}
    for path in paths:
        text = path.read_text("utf-8")
        mentions = extract.extract_mentions(text, gaz)
        found = extract._scan(text, extract._scanner(gaz), gaz)
        out[str(path)] = {
            "mentions": [[m.text, m.start, m.end, m.sentence_start, len(m.sentence),
                          _place(m.place), m.confidence, list(m.suggestions)]
                         for m in mentions],
            "scan": [[s, e, key, [p.source for p in cands]] for s, e, key, cands in found.kept],
            "initial": sorted(found.initial),
            "persons": sorted(found.person_keys),
            "unmatched": [list(u) for u in found.unmatched],
        }
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("save", "compare"):
        print(__doc__.strip().splitlines()[2:4], file=sys.stderr)
        return 2
    mode, target, *names = argv
    paths = [Path(n) for n in names] or sorted((ROOT / "tests/corpus").glob("*.txt")) + [
        ROOT / "data/examples/kim-jong-il-2001/article.txt"]
    now = snapshot(paths)
    if mode == "save":
        Path(target).write_text(json.dumps(now, ensure_ascii=False, indent=0), "utf-8")
        print(f"saved {len(now)} texts, {sum(len(v['mentions']) for v in now.values())} "
              f"mentions to {target}")
        return 0
    before = json.loads(Path(target).read_text("utf-8"))
    bad = 0
    for name, got in now.items():
        # Paths are compared by file name: the saved run may come from another checkout.
        key = next((k for k in before if Path(k).name == Path(name).name), None)
        if key is None:
            print(f"{name}: not in {target}")
            bad += 1
            continue
        want = json.loads(json.dumps(got, ensure_ascii=False))
        for part in want:
            if want[part] != before[key][part]:
                bad += 1
                print(f"{name}: {part} differs")
    print(f"{len(now)} texts compared, {bad} difference(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
