"""Shared fixtures: the shipped example, a real Chromium via Playwright, golden files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Shared 2-core machines run the suite beside other work: no per-example time limit.
settings.register_profile("journey", deadline=None)
settings.load_profile("journey")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*/ expected files from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium; skips only outside CI when there is none."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run must install Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); CI runs these")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser):
    """A fresh page with the network off that records console errors and failed requests."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    page = ctx.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.failed = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("requestfailed", lambda r: page.failed.append(r.url))
    yield page
    ctx.close()
