"""Shared fixtures: the embedded gazetteer, the real UA dump when present, the asset cache and the browser.

The user directories are kept apart for every test by ../conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
UA_ZIP = SHARED / "geonames" / "UA.zip"


@pytest.fixture(scope="session")
def embedded():
    from gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def ua_zip() -> Path:
    if not UA_ZIP.is_file():
        pytest.skip("../shared/data/geonames/UA.zip is absent")
    return UA_ZIP


@pytest.fixture(scope="session")
def ua(ua_zip: Path):
    from gazetteer import Gazetteer

    return Gazetteer.open([ua_zip])


@pytest.fixture(params=["embedded", pytest.param("ua", marks=pytest.mark.shared)])
def any_gazetteer(request: pytest.FixtureRequest):
    """Each test using this runs against the embedded default and against the full UA dump."""
    return request.getfixturevalue(request.param)


# -- maps: the offline asset cache and headless Debian chromium ---------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _missing(reason: str) -> None:
    """In CI a missing browser or asset cache is a failure (the Makefile provides both); locally, a skip."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def assets_root() -> Path:
    from frontline.maps.assets import assets_dir, cache_is_complete

    root = assets_dir()
    if not cache_is_complete(root):
        _missing(f"no offline asset cache in {root}: run `make test` or `frontline maps fetch-assets`")
    return root


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing("/usr/bin/chromium is absent: `apt-get install chromium` (make test does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
