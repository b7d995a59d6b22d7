"""`journey edit` timings, over HTTP as the page sees them: save + rebuild, check, places.

    python3 benchmarks/edit.py            # from the repository root

The editor serves the shipped example's article and stops on a free port; each save
changes one note, so every one writes the file and its .bak and rebuilds the map. Prints
median (and worst) wall time of each request over ``REPEAT`` runs, with the example's
stop list and with a 200-stop list along the Trans-Siberian.
"""
from __future__ import annotations

import csv
import http.client
import io
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journey.assets import data_path  # noqa: E402
from journey.edit import Editor, make_server  # noqa: E402
from journey.gazetteer import Gazetteer  # noqa: E402
from journey.pipeline import example_path  # noqa: E402

REPEAT = 9


def call(port: int, method: str, path: str, body: object = None, token: str = "") -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "X-Journey-Token": token} if data else {}
    conn.request(method, path, body=data, headers=headers)
    answer = json.loads(conn.getresponse().read())
    conn.close()
    return answer


def timed(fn) -> tuple[float, float]:
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def long_stops() -> str:
    text = data_path("rail", "lines", "ru_trans_siberian.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    picked = rows[:: max(1, len(rows) // 200)][:200]
    lines = ["name,lat,lon"] + [f"Halt {i},{r['lat']},{r['lon']}" for i, r in enumerate(picked)]
    return "\n".join(lines) + "\n"


def bench(label: str, stops_text: str, gaz: Gazetteer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stops.csv"
        path.write_text(stops_text)
        editor = Editor(path, gaz, example_path("article.txt").read_text("utf-8"))
        t = time.perf_counter()
        editor.load(stops_text)
        load_s = time.perf_counter() - t
        server = make_server(editor, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        stops = call(port, "GET", "/api/stops")["stops"]
        count = [0]

        def save() -> None:
            count[0] += 1
            stops[0]["note"] = f"edit {count[0]}"
            assert call(port, "PUT", "/api/stops", {"stops": stops}, editor.token)["ok"]

        def check() -> None:
            assert call(port, "POST", "/api/check", {"stops": stops}, editor.token)["ok"]

        print(f"{label}: {len(stops)} stops; editor start (first build) {load_s:.2f} s")
        for name, fn in (("GET /api/stops", lambda: call(port, "GET", "/api/stops")),
                         ("PUT /api/stops (save + rebuild)", save),
                         ("POST /api/check", check)):
            median, worst = timed(fn)
            print(f"  {name:34} median {median * 1000:7.0f} ms   worst {worst * 1000:7.0f} ms")
        server.shutdown()
        server.server_close()


def main() -> None:
    t = time.perf_counter()
    gaz = Gazetteer.load()
    print(f"gazetteer load {time.perf_counter() - t:.2f} s")
    editor = Editor(Path("unused.csv"), gaz)
    t = time.perf_counter()
    editor.places("Nov")
    print(f"places: first query (builds the name index) {time.perf_counter() - t:.2f} s")
    for q in ("Mosc", "Novosib", "Paris", "Omks", "Xqzzy"):
        median, worst = timed(lambda: editor.places(q))
        print(f"  places?q={q:10} median {median * 1000:6.1f} ms   worst {worst * 1000:6.1f} ms")
    median, _ = timed(lambda: editor.places("Paris", exact=True))
    print(f"  places?q=Paris&exact=1 median {median * 1000:6.1f} ms")
    bench("example", example_path("stops.csv").read_text("utf-8"), gaz)
    bench("200 stops", long_stops(), gaz)


if __name__ == "__main__":
    main()
