"""What the wheel ships, and the build-time tools that live outside it (issue 13)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory) -> list[str]:
    """The file names in a wheel built (offline, with the installed setuptools) from a copy
    of the checkout, so the build leaves nothing in the worktree."""
    pytest.importorskip("wheel")  # setuptools < 70 needs it for bdist_wheel
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("whl")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for name in ("journey", "data", "templates", "tools", "benchmarks"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "-w", str(out),
                    "--no-deps", "--no-build-isolation", "-q"], check=True, env=env,
                   capture_output=True, timeout=120)
    (whl,) = out.glob("journey-*.whl")
    with zipfile.ZipFile(whl) as z:
        return z.namelist()


def test_the_wheel_holds_only_what_runs(wheel_files):
    names = set(wheel_files)
    assert not [n for n in names if n.endswith("derive.py") or Path(n).name.startswith("derive")]
    assert not [n for n in names if n.endswith(".geojson")]
    assert not [n for n in names if n.startswith(("tools/", "tests/", "benchmarks/"))]
    assert not [n for n in names if "gazetteer_index" in n]
    for source in ("journey/data/rail/trans_siberian_stations.csv",
                   "journey/data/name_aliases.csv", "journey/data/gazetteer/postal_places.csv"):
        assert source not in names
    # ... and everything a build reads is there.
    for needed in ("journey/data/stations.csv", "journey/data/gazetteer.idx",
                   "journey/data/basemap/world.npz", "journey/data/basemap/labels.tsv",
                   "journey/data/SOURCES.md", "journey/data/gazetteer/common_words.txt",
                   "journey/data/rail/regions/index.json",
                   "journey/data/rail/regions/ru_kp.npz",
                   "journey/data/examples/kim-jong-il-2001/stops.csv",
                   "journey/data/examples/kim-jong-il-2001/article.txt",
                   "journey/templates/map.html.j2", "journey/cli.py"):
        assert needed in names, needed
    # The station files of data/rail/lines/ are the source of the compiled "ru_kp" region
    # (tools/rail_compile.py): a build reads the regions, not them.
    assert not [n for n in names if "/rail/lines/" in n]
    shipped_regions = {n.rsplit("/", 1)[1] for n in names if "/rail/regions/" in n}
    assert shipped_regions == {p.name for p in (ROOT / "data/rail/regions").iterdir()}
    shipped_templates = {n.rsplit("/", 1)[1] for n in names if n.startswith("journey/templates/")}
    assert shipped_templates == {p.name for p in (ROOT / "templates").iterdir()
                                 if p.is_file() and not p.name.endswith(".pyc")}


def test_networkx_is_not_a_runtime_dependency():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.startswith("networkx")]
    assert any(d.startswith("networkx") for d in project["optional-dependencies"]["test"])


def test_a_build_runs_without_networkx(tmp_path):
    # Blocking the import makes any `import networkx` on the build path an ImportError.
    code = ("import sys; sys.modules['networkx'] = None\n"
            "from journey.cli import main\n"
            "sys.argv = ['journey', 'build', '-o', sys.argv[1], '--tiles', 'none']\n"
            "main()\n")
    env = {**os.environ, "JOURNEY_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "m.html")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "m.html").stat().st_size > 100_000


def test_the_rail_line_tool_writes_the_shipped_lines(tmp_path):
    sys.path.insert(0, str(ROOT))
    from tools.derive_rail_lines import main

    main(ROOT / "data/rail/trans_siberian_stations.csv", tmp_path)
    shipped = sorted((ROOT / "data/rail/lines").glob("*.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in shipped]
    for p in shipped:
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


def test_pytest_collects_the_doctests():
    import tomllib

    opts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"][
        "ini_options"]
    assert "--doctest-modules" in opts["addopts"] and "journey" in opts["testpaths"]
