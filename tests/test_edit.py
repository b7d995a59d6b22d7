"""`journey edit`: the API contract, each security rule, and a real browser editing stops."""
from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from journey.cli import cli
from journey.edit import Editor, make_server
from journey.gazetteer import Gazetteer
from journey.pipeline import example_path
from journey.stops import MODES

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = example_path("article.txt").read_text("utf-8")
STOPS = "name,role,mode\nMoscow,origin,rail\nParis,stop,air\nOmsk,destination,rail\n"
PARIS_TX = "geonames:4717560"
GAZ = Gazetteer.load()  # one for the module, as the CLI makes one


@pytest.fixture
def editing(tmp_path: Path):
    """An editor for ``tmp_path/trip/stops.csv`` served on a free port: (editor, port)."""
    folder = tmp_path / "trip"
    folder.mkdir()
    path = folder / "stops.csv"
    path.write_text(STOPS)
    editor = Editor(path, GAZ, ARTICLE, {"tiles": "none"})
    editor.load(path.read_text())
    server = make_server(editor, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield editor, server.server_address[1]
    server.shutdown()
    server.server_close()


def request(port: int, method: str, path: str, body: object = None, host: str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    data = json.dumps(body).encode() if body is not None else None
    conn.putrequest(method, path, skip_host=True)
    conn.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    if data is not None:
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    answer = conn.getresponse()
    out = answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    conn.close()
    return out


def get_json(port: int, path: str):
    status, _, body = request(port, "GET", path)
    assert status == 200, body
    return json.loads(body)


def journey_build(stops: Path, out: Path) -> bytes:
    article = stops.parent.parent / "article.txt"
    article.write_text(ARTICLE)
    result = CliRunner().invoke(cli, ["build", str(article), "--stops", str(stops), "-o",
                                      str(out), "--tiles", "none"])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


# --- the contract ------------------------------------------------------------------------

def test_get_stops_gives_the_stop_files_columns_resolved(editing):
    _, port = editing
    state = get_json(port, "/api/stops")
    assert state["errors"] == [] and state["file"] == "stops.csv"
    paris = state["stops"][1]
    assert {"name", "lat", "lon", "role", "planned", "inferred", "source", "sentences", "date",
            "mode", "note", "quote", "place", "review"} <= set(paris)
    assert (paris["name"], paris["mode"], paris["place"]) == ("Paris", "air", "geonames:2988507")
    assert state["stops"][0]["sentences"][0].startswith("MOSCOW, Russia -- North Korean leader "
                                                        "Kim Jong Il has arrived in Moscow")
    assert state["route"]["legs"] and state["route"]["basemap"]["land"]


def test_places_gives_namesakes_and_suggestions_as_one_types(editing):
    _, port = editing
    paris = get_json(port, "/api/places?q=Paris&exact=1")
    assert set(paris[0]) == {"name", "country", "admin1", "kind", "lat", "lon", "population",
                             "place"}
    # Every place the name may mean, the gazetteer's choice first ("Parys" is a "Paris" too).
    assert paris[0]["country"] == "FR" and PARIS_TX in [p["place"] for p in paris]
    known = [p.source for p in GAZ.candidates("Paris")]
    assert [p["place"] for p in paris] == [s for s in known if s in {p["place"] for p in paris}]
    typed = get_json(port, "/api/places?q=Novosib")
    assert typed[0]["name"] == "Novosibirsk" and typed[0]["country"] == "RU"
    assert get_json(port, "/api/places?q=") == []


def test_a_save_writes_the_file_keeps_a_bak_and_rebuilds_the_map_as_build_does(editing, tmp_path):
    editor, port = editing
    stops = get_json(port, "/api/stops")["stops"]
    paris_tx = next(p for p in get_json(port, "/api/places?q=Paris&exact=1")
                    if p["place"] == PARIS_TX)
    stops[1].update(lat=paris_tx["lat"], lon=paris_tx["lon"], place=paris_tx["place"],
                    note='Texas, "of course"')
    stops[0], stops[2] = stops[2], stops[0]
    status, _, body = request(port, "PUT", "/api/stops", {"stops": stops},
                              headers={"X-Journey-Token": editor.token})
    answer = json.loads(body)
    assert status == 200 and answer["ok"] and answer["errors"] == [], answer
    assert (editor.stops_path.parent / "stops.csv.bak").read_text() == STOPS
    assert editor.stops_path.read_text() == (
        "name,lat,lon,role,date,arrive,depart,mode,planned,note,quote,source,place\n"
        "Omsk,54.99244,73.36859,destination,,,,rail,false,,,,stations.csv:18\n"
        f'Paris,33.66094,-95.55551,stop,,,,air,false,"Texas, ""of course""",,,{PARIS_TX}\n'
        "Moscow,55.75204,37.61781,origin,,,,rail,false,,,,stations.csv:25\n")
    served = request(port, "GET", "/map.html")[2]
    assert served == journey_build(editor.stops_path, tmp_path / "built.html")
    assert [s["name"] for s in answer["stops"]] == ["Omsk", "Paris", "Moscow"]


def test_a_save_with_errors_answers_400_with_every_error_and_writes_nothing(editing):
    editor, port = editing
    stops = get_json(port, "/api/stops")["stops"]
    for s, bad in zip(stops, ("Omks", "Moscw")):
        s.update(name=bad, lat=None, lon=None, place="")
    stops[2]["mode"] = "canoe"
    status, _, body = request(port, "PUT", "/api/stops", {"stops": stops},
                              headers={"X-Journey-Token": editor.token})
    answer = json.loads(body)
    assert status == 400 and answer["ok"] is False
    assert [e.split(";")[0] for e in answer["errors"]] == [
        f"unknown place 'Omks' in {editor.stops_path}:2",
        f"unknown place 'Moscw' in {editor.stops_path}:3",
        f"{editor.stops_path}:4: mode 'canoe' of 'Omsk' is not one of " + ", ".join(MODES)]
    assert editor.stops_path.read_text() == STOPS
    assert sorted(p.name for p in editor.stops_path.parent.iterdir()) == ["stops.csv"]


def test_a_check_says_what_a_save_would_and_writes_nothing(editing):
    editor, port = editing
    stops = get_json(port, "/api/stops")["stops"]
    stops[1].update(name="Omks", lat=None, lon=None, place="")
    status, _, body = request(port, "POST", "/api/check", {"stops": stops},
                              headers={"X-Journey-Token": editor.token})
    answer = json.loads(body)
    assert status == 200 and not answer["ok"]
    assert answer["errors"][0].startswith(f"unknown place 'Omks' in {editor.stops_path}:3")
    del stops[1]
    answer = json.loads(request(port, "POST", "/api/check", {"stops": stops},
                                headers={"X-Journey-Token": editor.token})[2])
    assert answer["ok"] and len(answer["route"]["legs"]) == 1
    assert editor.stops_path.read_text() == STOPS
    assert [s["name"] for s in get_json(port, "/api/stops")["stops"]] == ["Moscow", "Paris", "Omsk"]


def test_a_save_over_a_file_changed_on_disk_says_where_that_version_went(editing):
    editor, port = editing
    stops = get_json(port, "/api/stops")["stops"]
    editor.stops_path.write_text(STOPS + "Tver,stop,rail\n")
    answer = json.loads(request(port, "PUT", "/api/stops", {"stops": stops},
                                headers={"X-Journey-Token": editor.token})[2])
    assert answer["warnings"][0] == (f"{editor.stops_path} had changed on disk since the editor "
                                     "read it; that version is now stops.csv.bak")
    assert "Tver" in (editor.stops_path.parent / "stops.csv.bak").read_text()


@pytest.mark.parametrize("body, message", [
    (b"not json", "the request is not JSON"),
    (b'{"stops": 3}', "the request has no list 'stops'"),
    (b'{"stops": [1]}', "stop 1 is not an object of columns"),
    (b'{"stops": [{"name": ["Omsk"]}]}', "name of stop ['Omsk'] must be text"),
])
def test_a_malformed_save_is_a_400_with_its_reason(editing, body, message):
    editor, port = editing
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("PUT", "/api/stops", body=body, headers={"X-Journey-Token": editor.token})
    answer = conn.getresponse()
    assert answer.status == 400 and json.loads(answer.read())["errors"][0].startswith(message)
    conn.close()
    assert editor.stops_path.read_text() == STOPS


def test_a_semicolon_file_stays_a_semicolon_file(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name;lat;lon\nMoscow;;\nMy Halt;54,5;73,25\n")
    editor = Editor(path, GAZ, ARTICLE, {"tiles": "none"})
    editor.load(path.read_text())
    status, answer = editor.save(json.dumps({"stops": editor.records}).encode())
    assert status == 200, answer
    assert path.read_text().splitlines()[2] == "My Halt;54,50000;73,25000;stop;;;;rail;false;;;;"


def test_a_new_stop_file_starts_from_the_draft_and_the_first_save_writes_it(tmp_path):
    path = tmp_path / "new.csv"
    editor = Editor(path, GAZ, ARTICLE, {"tiles": "none"})
    editor.load(None)
    assert [r["name"] for r in editor.records][:3] == ["Pyongyang", "Omsk", "Moscow"]
    assert not path.exists()
    status, answer = editor.save(json.dumps({"stops": editor.records}).encode())
    assert status == 200, answer
    assert path.read_text().startswith("name,lat,lon,") and not (tmp_path / "new.csv.bak").exists()


def test_a_file_that_does_not_build_opens_with_its_errors_for_fixing(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,lat,lon\nMoscow,,\nOmks,,\nTver,,\n")
    editor = Editor(path, GAZ, ARTICLE, {"tiles": "none"})
    editor.load(path.read_text())
    assert [r["name"] for r in editor.records] == ["Moscow", "Omks", "Tver"]
    assert editor.errors[0].startswith(f"unknown place 'Omks' in {path}:3")
    assert editor.map_html() is None


# --- security: one test per rule -----------------------------------------------------------

def test_it_listens_on_127_0_0_1_only(editing, tmp_path):
    server = make_server(editing[0], 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1",
                                  "127.0.0.1:1", "localhost.evil.example:{port}", ""])
def test_a_request_for_another_host_is_refused(editing, host):
    editor, port = editing
    host = host.format(port=port)
    for method, path in (("GET", "/"), ("GET", "/api/stops"), ("GET", "/map.html")):
        assert request(port, method, path, host=host)[0] == 403
    stops = get_json(port, "/api/stops")["stops"]
    status, _, _ = request(port, "PUT", "/api/stops", {"stops": stops[:2]}, host=host,
                           headers={"X-Journey-Token": editor.token})
    assert status == 403 and editor.stops_path.read_text() == STOPS
    assert request(port, "GET", "/api/stops", host=f"localhost:{port}")[0] == 200


@pytest.mark.parametrize("headers", [{}, {"X-Journey-Token": "guess"},
                                     {"X-Journey-Token": ""},
                                     {"Cookie": "X-Journey-Token={token}"}])
def test_a_write_without_the_token_is_refused_and_changes_nothing(editing, headers):
    editor, port = editing
    headers = {k: v.format(token=editor.token) for k, v in headers.items()}
    stops = get_json(port, "/api/stops")["stops"][:2]
    status, _, body = request(port, "PUT", "/api/stops", {"stops": stops}, headers=headers)
    assert status == 403 and b"token" in body
    status, _, _ = request(port, "PUT", f"/api/stops?token={editor.token}", {"stops": stops},
                           headers=headers)
    assert status == 403
    assert request(port, "POST", "/api/check", {"stops": stops}, headers=headers)[0] == 403
    assert editor.stops_path.read_text() == STOPS
    assert sorted(p.name for p in editor.stops_path.parent.iterdir()) == ["stops.csv"]


def test_a_write_from_another_origin_is_refused_even_with_the_token(editing):
    editor, port = editing
    stops = get_json(port, "/api/stops")["stops"][:2]
    status, _, _ = request(port, "PUT", "/api/stops", {"stops": stops}, headers={
        "X-Journey-Token": editor.token, "Origin": "http://evil.example"})
    assert status == 403 and editor.stops_path.read_text() == STOPS


def test_the_token_is_in_the_page_only_never_a_cookie_or_the_url(editing):
    editor, port = editing
    status, headers, body = request(port, "GET", "/")
    page = body.decode()
    assert status == 200 and "set-cookie" not in headers
    assert json.dumps(editor.token) in page
    nonce = re.search(r"script-src 'nonce-([\w-]+)'", headers["content-security-policy"])
    assert nonce and page.count(f'<script nonce="{nonce.group(1)}">') == page.count("<script")
    for path in ("/api/stops", "/map.html"):
        assert editor.token not in request(port, "GET", path)[2].decode()


def test_saves_write_only_the_stop_file_and_its_bak(editing, tmp_path):
    editor, port = editing
    stops = get_json(port, "/api/stops")["stops"]
    for note in ("one", "two"):
        stops[0]["note"] = note
        body = {"stops": stops, "file": "../evil.csv", "path": str(tmp_path / "evil.csv")}
        status, _, _ = request(port, "PUT", "/api/stops", body,
                               headers={"X-Journey-Token": editor.token})
        assert status == 200
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert written == ["trip", "trip/stops.csv", "trip/stops.csv.bak"]
    assert ",one," in (tmp_path / "trip/stops.csv.bak").read_text()
    assert request(port, "PUT", "/api/other", {"stops": stops},
                   headers={"X-Journey-Token": editor.token})[0] == 404


def test_the_cli_serves_the_contract_without_a_browser(tmp_path):
    stops = tmp_path / "stops.csv"
    stops.write_text(STOPS)
    proc = subprocess.Popen(
        [sys.executable, "-m", "journey", "edit", "--stops", str(stops), "--no-browser",
         "--tiles", "none"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        port = int(match.group(1))
        state = get_json(port, "/api/stops")
        assert [s["name"] for s in state["stops"]] == ["Moscow", "Paris", "Omsk"]
        status, _, _ = request(port, "PUT", "/api/stops", {"stops": state["stops"]})
        assert status == 403 and stops.read_text() == STOPS
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_edit_help_has_an_example():
    result = CliRunner().invoke(cli, ["edit", "--help"])
    assert result.exit_code == 0 and "journey edit story.txt --stops stops.csv" in result.output


# --- a real browser ------------------------------------------------------------------------

@pytest.fixture
def editor_page(browser, editing):
    """The editor open in Chromium; every request that is not to the editor is refused."""
    editor, port = editing
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    outside: list[str] = []

    def only_the_editor(route):
        if route.request.url.startswith(f"http://127.0.0.1:{port}/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", only_the_editor)
    page = ctx.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"http://127.0.0.1:{port}/")
    page.evaluate("window.journeyEditor.ready")
    yield page, editor, port
    assert page.errors == [] and outside == []
    ctx.close()


def test_pick_a_namesake_drag_a_marker_reorder_and_save(editor_page, tmp_path):
    page, editor, port = editor_page
    # Paris -> Paris, Texas, picked from the namesakes of the name.
    page.click('li[data-i="1"] .stop-title')
    page.wait_for_selector('li[data-i="1"] select.namesake[data-loaded]')
    page.select_option('li[data-i="1"] select.namesake', PARIS_TX)
    # Drag Omsk's marker 60 px right and 40 px down.
    marker = page.locator('.editor-marker[title="3. Omsk"]')
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    omsk = page.evaluate("window.journeyEditor.stops()[2]")
    assert omsk["place"] == "" and omsk["lon"] > 73.4 and omsk["lat"] < 54.99
    # Moscow and Paris swap places: drag Moscow's handle onto Paris's row.
    page.locator('li[data-i="0"] .handle').drag_to(page.locator('li[data-i="1"]'))
    assert [s["name"] for s in page.evaluate("window.journeyEditor.stops()")] == [
        "Paris", "Moscow", "Omsk"]
    answer = page.evaluate("window.journeyEditor.save()")
    assert answer["ok"], answer
    assert page.locator("#editor-status").inner_text().startswith("Saved stops.csv")
    assert editor.stops_path.read_text() == (
        "name,lat,lon,role,date,arrive,depart,mode,planned,note,quote,source,place\n"
        f"Paris,33.66094,-95.55551,stop,,,,air,false,,,,{PARIS_TX}\n"
        "Moscow,55.75204,37.61781,origin,,,,rail,false,,,,stations.csv:25\n"
        f"Omsk,{omsk['lat']:.5f},{omsk['lon']:.5f},destination,,,,rail,false,,,,\n")
    assert (editor.stops_path.parent / "stops.csv.bak").read_text() == STOPS
    served = page.evaluate("fetch('/map.html').then(r => r.text())")
    assert served.encode() == journey_build(editor.stops_path, tmp_path / "built.html")


def test_keyboard_reorder_add_delete_and_undo(editor_page):
    page, editor, port = editor_page
    page.focus('li[data-i="0"] .handle')
    page.keyboard.press("ArrowDown")
    names = lambda: [s["name"] for s in page.evaluate("window.journeyEditor.stops()")]  # noqa: E731
    assert names() == ["Paris", "Moscow", "Omsk"]
    assert page.evaluate("document.activeElement.closest('li').dataset.i") == "1"
    assert "Moscow is now stop 2 of 3" in page.locator("#editor-status").inner_text()
    page.click("#editor-add")
    page.keyboard.type("Novosib")
    page.wait_for_selector("#suggest-3 li")
    assert "Novosibirsk" in page.locator("#suggest-3 li").first.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    added = page.evaluate("window.journeyEditor.stops()[3]")
    assert added["name"] == "Novosibirsk" and abs(added["lat"] - 55.03) < 0.05, added
    page.click('li[data-i="2"] button[data-role="delete"]')
    assert names() == ["Paris", "Moscow", "Novosibirsk"]
    page.click("#editor-undo")
    assert names() == ["Paris", "Moscow", "Omsk", "Novosibirsk"]
    page.click("#editor-undo")
    page.click("#editor-undo")
    assert names() == ["Paris", "Moscow", "Omsk"]
    page.click("#editor-undo")
    assert names() == ["Moscow", "Paris", "Omsk"] and page.is_disabled("#editor-undo")
    assert editor.stops_path.read_text() == STOPS  # nothing saved


def test_errors_of_a_save_are_listed_and_review_flags_shown(editor_page):
    page, editor, port = editor_page
    page.evaluate("window.journeyEditor.setStop(1, {name: 'Omks', lat: null, lon: null, "
                  "place: '', review: 'two places named Paris; check which'})")
    assert page.locator("li.flagged .review").inner_text().startswith(
        "Check: two places named Paris")
    answer = page.evaluate("window.journeyEditor.save()")
    assert not answer["ok"]
    assert page.locator("#editor-problems li").first.inner_text().startswith(
        "Error: unknown place 'Omks'")
    assert editor.stops_path.read_text() == STOPS
    page.click('li[data-i="1"] button[data-role="review-done"]')
    assert page.locator("li.flagged").count() == 0
    # The refused save's 400 is the one console error this test expects.
    assert page.errors == ["Failed to load resource: the server responded with a status of 400 "
                           "(Bad Request)"]
    page.errors.clear()


def test_run_opens_the_default_browser_at_the_editor_without_the_token(tmp_path, monkeypatch):
    import webbrowser

    from journey.edit import run

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    path = tmp_path / "stops.csv"
    path.write_text(STOPS)
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(path, ARTICLE, STOPS), kwargs=dict(
        gazetteer=GAZ, report=lines.append, stop=stop,
        build_options={"tiles": "none"}), daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not opened and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(30)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", opened[0])
    assert lines[0] == f"Editing {path} at {opened[0]} (Ctrl-C to stop)"
    assert not thread.is_alive()


def test_a_port_in_use_is_one_error_line(tmp_path):
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        (tmp_path / "s.csv").write_text(STOPS)
        result = CliRunner().invoke(cli, ["edit", "--stops", str(tmp_path / "s.csv"),
                                          "--no-browser", "--port", str(port), "--tiles", "none"])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: cannot serve on 127.0.0.1:{port} (Address already in use); pick another --port")


def test_crete_between_catania_and_ashdod_opens_as_the_island_and_offers_its_namesakes(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,mode\nCatania,sea\nCrete,sea\nAshdod,sea\n")
    editor = Editor(path, GAZ, ARTICLE, {"tiles": "none"})
    editor.load(path.read_text())
    crete = editor.records[1]
    assert abs(crete["lat"] - 35.2) < 1 and abs(crete["lon"] - 24.9) < 1.5, crete
    namesakes = editor.places("Crete", exact=True)
    assert namesakes[0]["kind"] == "island" and {"US"} <= {p["country"] for p in namesakes}
    assert [p["admin1"] for p in editor.places("Paris, TX", exact=True)] == ["Texas"]
