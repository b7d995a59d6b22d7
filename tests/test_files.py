"""files.py, the one door to the file system: inputs, the atomic writer, the cache folder
whose every load heals itself (a damaged entry is rebuilt, never a traceback)."""
from __future__ import annotations

import json
import os
import pickle
import stat
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey import files, railcache
from journey.cli import cli
from journey.errors import InputError, JourneyError
from journey.pipeline import example_path
from journey.render import DEFAULT_TILES, _tiles_cache_path, make_env, tile_layer

STOPS = example_path("stops.csv").read_text("utf-8")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(folder))
    railcache.clear_memo()
    yield folder
    railcache.clear_memo()


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output + result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), repr(result.exception)
    return result


# --- the rail network's cache (fault 2) ---------------------------------------------------

# The shipped regions are read from data/ as they are; what the cache holds is a user's
# --rail lines merged into them.
NEAR = [(55.0, 73.4)]  # Omsk: the Russian region


def _user_line(cache: Path) -> Path:
    f = cache.parent / "omsk_astana.csv"
    if not f.exists():
        f.write_text("name,lat,lon\nOmsk,54.99244,73.36859\nAstana,51.17,71.45\n")
    return f


def _rail_entry(cache: Path) -> Path:
    railcache.load_network([_user_line(cache)], near=NEAR)
    railcache.clear_memo()
    (entry,) = cache.glob("rail-*.npz")
    return entry


def _assert_rebuilt(cache: Path, entry: Path) -> None:
    good = railcache.load_network([_user_line(cache)], near=NEAR, use_cache=False)
    railcache.clear_memo()
    net = railcache.load_network([_user_line(cache)], near=NEAR)
    assert net.line_names == good.line_names
    assert (net.edges == good.edges).all() and (net.node_lonlat == good.node_lonlat).all()
    railcache.clear_memo()
    assert railcache._load(entry) is not None  # the damaged entry was replaced by a good one


@pytest.mark.parametrize("keep", [0.5, 0.0], ids=["half", "empty"])
def test_a_truncated_rail_cache_is_rebuilt(cache, keep):
    entry = _rail_entry(cache)
    raw = entry.read_bytes()
    entry.write_bytes(raw[:int(len(raw) * keep)])
    _assert_rebuilt(cache, entry)


def test_a_truncated_rail_cache_does_not_break_the_build(cache, tmp_path):
    entry = _rail_entry(cache)
    entry.write_bytes(b"")
    result = run("build", "-o", str(tmp_path / "m.html"), "--rail", str(_user_line(cache)))
    assert result.exit_code == 0, result.output
    assert "Aborted" not in result.output


def _rewrite(entry: Path, **changes) -> None:
    with np.load(entry, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays.update(changes)
    with open(entry, "wb") as fh:
        np.savez(fh, **arrays)


def test_a_rail_cache_with_inconsistent_arrays_is_rebuilt(cache):
    entry = _rail_entry(cache)
    with np.load(entry) as z:
        edges = z["edges"].copy()
    edges[0, 0] = 10 ** 7  # a node that does not exist
    _rewrite(entry, edges=edges)
    _assert_rebuilt(cache, entry)


def test_a_rail_cache_edited_within_range_is_rebuilt(cache):
    entry = _rail_entry(cache)
    with np.load(entry) as z:
        chain = z["chain_0"][::-1].copy()  # every index valid, the chains scrambled
    _rewrite(entry, chain_0=chain)
    _assert_rebuilt(cache, entry)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rail_cache_property_any_damage_is_a_miss(cache, data):
    """Random bytes, a random cut, or random bytes spliced in: None or the true network."""
    if not list(cache.glob("rail-*.npz")):
        _rail_entry(cache)
    (entry,) = cache.glob("rail-*.npz")
    good = railcache._load(entry)
    if good is None:  # an earlier example's damage: put a good entry back
        entry.unlink()
        good = railcache._load(_rail_entry(cache))
    raw = entry.read_bytes()
    how = data.draw(st.sampled_from(["random", "cut", "splice"]))
    if how == "random":
        bad = data.draw(st.binary(max_size=2048))
    elif how == "cut":
        bad = raw[:data.draw(st.integers(0, len(raw) - 1))]
    else:
        at = data.draw(st.integers(0, len(raw) - 1))
        bad = raw[:at] + data.draw(st.binary(min_size=1, max_size=64)) + raw[at + 1:]
    damaged = cache / "damaged.npz"  # not rail-*.npz: the entry above stays the only one
    damaged.write_bytes(bad)
    net = railcache._load(damaged)
    damaged.unlink(missing_ok=True)
    assert net is None or (net.line_names == good.line_names
                           and (net.edges == good.edges).all())


# --- the cache folder itself (fault 3) ----------------------------------------------------

WARNING = ("Warning: the cache folder {d} cannot be used ({f} is a file); building without "
           "a cache (slower): set JOURNEY_CACHE_DIR to a folder")


@pytest.mark.parametrize("under", [False, True], ids=["is-a-file", "under-a-file"])
def test_a_cache_folder_that_is_a_file_builds_without_cache(tmp_path, monkeypatch, under):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    folder = blocker / "journey" if under else blocker
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(folder))
    railcache.clear_memo()
    out = tmp_path / "m.html"
    result = run("build", "-o", str(out))
    railcache.clear_memo()
    assert result.exit_code == 0, result.output
    assert WARNING.format(d=folder, f=blocker) in result.stderr.splitlines()
    assert out.stat().st_size > 100_000
    assert blocker.read_text() == "not a folder"


def _garbage_body(entry: Path, body: bytes) -> None:
    """Keep the header (magic and the source's checksum), replace the compiled code."""
    from jinja2.bccache import bc_magic

    with open(entry, "rb") as fh:
        assert fh.read(len(bc_magic)) == bc_magic
        checksum = pickle.load(fh)
    entry.write_bytes(bc_magic + pickle.dumps(checksum, 2) + body)


@pytest.mark.parametrize("body", [b"u\x04\x00\x00\x00\xff\xfe\xfd\xfc", b"\xff" * 16,
                                  b"i\x05\x00\x00\x00", b""],
                         ids=["bad-utf8", "bad-marshal", "not-code", "empty"])
def test_a_template_cache_entry_with_a_garbage_body_is_rebuilt(cache, body):
    make_env().get_template("map.html.j2")  # fills the cache
    entries = sorted((cache / "templates").iterdir())
    assert entries
    garbage = {}
    for entry in entries:
        _garbage_body(entry, body)
        garbage[entry] = entry.read_bytes()
    make_env().get_template("map.html.j2")
    for entry in entries:  # each was compiled again and stored afresh
        assert entry.read_bytes() != garbage[entry]


@pytest.mark.parametrize("stored", ["{}", "[]", "null", '{"url": 5}', "not json", ""])
def test_a_damaged_tiles_cache_does_not_switch_tiles_off(cache, stored):
    good = tile_layer(DEFAULT_TILES)
    assert good and good["url"].startswith("https://")
    path = _tiles_cache_path(DEFAULT_TILES)
    assert path is not None and path.exists()
    path.write_text(stored)
    assert tile_layer(DEFAULT_TILES) == good
    assert json.loads(path.read_text()) == good  # healed


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=512) | st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids,
                                                              max_size=5),
    max_leaves=12).map(lambda v: json.dumps(v).encode()))
def test_tiles_cache_property(cache, raw):
    good = tile_layer(DEFAULT_TILES)
    path = _tiles_cache_path(DEFAULT_TILES)
    path.write_bytes(raw)
    assert tile_layer(DEFAULT_TILES) == good


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=256))
def test_template_cache_property(cache, body):
    make_env().get_template("map.html.j2")
    for entry in (cache / "templates").iterdir():
        if body[:1] == b"\x00":
            entry.write_bytes(body)  # no header at all
        else:
            _garbage_body(entry, body)
    make_env().get_template("map.html.j2")


# --- reading ------------------------------------------------------------------------------

@settings(max_examples=200)
@given(raw=st.binary(max_size=4096), encoding=st.sampled_from([None, "utf-8", "utf-16",
                                                                "cp1252", "latin-1"]))
def test_text_reader_property(tmp_path_factory, raw, encoding):
    """Any bytes: text without NUL, or one InputError naming the file; nothing else."""
    path = tmp_path_factory.mktemp("r") / "in.txt"
    path.write_bytes(raw)
    try:
        text, used = files.read_text_as(path, encoding)
    except InputError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    else:
        assert "\x00" not in text and isinstance(used, str)


def test_nul_after_the_first_8_kb_is_binary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Kim left Pyongyang.\n" * 600 + b"then \x00 here")
    with pytest.raises(InputError) as err:
        files.read_text(path)
    assert str(err.value) == (f"{path}:601:6: looks like a binary file, not text (it has a NUL "
                              "byte); give a text file, or the --encoding it was saved in")


def test_an_input_over_the_cap_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(files.MAX_INPUT_BYTES + 1)  # sparse: no disk used
    with pytest.raises(InputError) as err:
        files.read_text(path)
    assert str(err.value) == f"{path}: is 50 MB, over the 50 MB limit for an input; give a " \
                             "smaller file"


def test_a_20_mb_article_is_under_the_cap():
    assert files.MAX_INPUT_BYTES > 20 * 1024 * 1024  # benchmarks/scale.py builds one


# --- writing ------------------------------------------------------------------------------

def test_write_atomic_keeps_mode_and_leaves_no_temp(tmp_path):
    out = tmp_path / "m.html"
    out.write_text("old")
    os.chmod(out, 0o640)
    files.write_atomic(out, "new")
    assert out.read_text() == "new" and (out.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_stale_temps_of_dead_or_old_writes_are_removed(tmp_path):
    out = tmp_path / "map.html"
    old_style = tmp_path / ".map.html.k2j4h5g6.tmp"  # an older version's name: by age
    old_style.write_text("<html>half")
    past = time.time() - files.STALE_TEMP_S - 60
    os.utime(old_style, (past, past))
    dead = tmp_path / f".map.html.{2 ** 22 + 12345}.abcd1234.tmp"  # above pid_max: dead
    dead.write_text("<html>half")
    live = tmp_path / f".map.html.{os.getppid()}.abcd1234.tmp"  # a running process's
    live.write_text("<html>being written")
    young = tmp_path / ".map.html.zz99yy88.tmp"  # no pid, a minute old: maybe a live write
    young.write_text("<html>")
    other = tmp_path / ".story.html.1.abcd1234.tmp"  # another output's
    other.write_text("x")
    files.write_atomic(out, "<html>done</html>")
    assert not old_style.exists() and not dead.exists()
    assert live.exists() and young.exists() and other.exists()


@pytest.fixture(scope="module")
def devices(tmp_path_factory):
    """Private device nodes as root (a regression replaces only them), else the real ones."""
    if os.geteuid() != 0:
        return ["/dev/null", "/dev/full"]
    folder = tmp_path_factory.mktemp("dev")
    for name in ("null", "full"):
        os.mknod(folder / name, 0o666 | stat.S_IFCHR, os.stat(f"/dev/{name}").st_rdev)
    return [str(folder / "null"), str(folder / "full")]


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300))
def test_write_atomic_property_devices_never_replaced(devices, content):
    for dev in devices:
        before = os.stat(dev)
        with pytest.raises(JourneyError):
            files.write_atomic(dev, content)
        after = os.stat(dev)
        assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)


def test_cache_writes_never_replace_what_is_not_a_file(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CACHE_DIR", str(tmp_path))
    (tmp_path / "tiles").mkdir()
    os.mkfifo(tmp_path / "tiles" / "x.json")
    assert not files.write_cache(files.cache_path("tiles", "x.json"), "{}")
    assert files.read_cache(files.cache_path("tiles", "x.json"), json.loads) is None
    assert (tmp_path / "tiles" / "x.json").is_fifo()


def test_read_cache_parse_may_raise_anything(tmp_path):
    p = tmp_path / "e"
    p.write_bytes(b"x")

    def boom(raw):
        raise EOFError  # click would turn a stray EOFError into "Aborted!"
    assert files.read_cache(p, boom) is None and not p.exists()
    assert files.read_cache(tmp_path / "missing", boom) is None
