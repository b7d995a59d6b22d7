"""Geoparsing cost in CPU instructions, a figure the machine's load does not move.

    python3 benchmarks/geoparse_instructions.py                 # this checkout
    python3 benchmarks/geoparse_instructions.py /work/main .    # several checkouts, side by side

On the shared 2-core machine the MB/s of benchmarks/gazetteer.py move by half with
the load; the instructions one ``extract_mentions`` call executes do not (they vary by
well under 1% between runs, from hash seeds). Each checkout's call over the example
article repeated to ~2 MB (as benchmarks/gazetteer.py times it, after a warm-up call on
the same text) runs under valgrind's callgrind with instrumentation switched on only
around that call. Needs valgrind (Debian package ``valgrind``); a paired run of two
checkouts gives their speed ratio, e.g. before and after a change to the matcher.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import os, subprocess, sys
sys.path.insert(0, sys.argv[1])
from journey.extract import extract_mentions
from journey.gazetteer import Gazetteer
gaz = Gazetteer.load()
article = (__import__("pathlib").Path(sys.argv[1]) / "data/examples/kim-jong-il-2001/article.txt").read_text("utf-8")
text = (article + "\n\n") * max(1, 2_000_000 // len(article))
extract_mentions(text, gaz)
pid = str(os.getpid())
subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True)
extract_mentions(text, gaz)
subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True)
"""


def instructions(checkout: Path) -> int:
    """Instructions of one extract_mentions call over ~2 MB in ``checkout``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                        f"--callgrind-out-file={out}", sys.executable, "-c", _CHILD,
                        str(checkout)], check=True, capture_output=True)
        m = re.search(r"^totals:\s*(\d+)", out.read_text(), re.M)
        return int(m.group(1)) if m else 0


def main(argv: list[str]) -> int:
    if not shutil.which("valgrind"):
        print("Error: valgrind is not installed; install it with apt-get install valgrind",
              file=sys.stderr)
        return 1
    checkouts = [Path(a).resolve() for a in argv] or [ROOT]
    first = None
    for checkout in checkouts:
        n = instructions(checkout)
        first = first or n
        print(f"{n / 1e6:8.0f} M instructions  {n / first:5.2f}x  {checkout}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
