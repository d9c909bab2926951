"""Settings for every pytest item — the tests and the packages' doctests alike (see tests/conftest.py for the
tests' own fixtures)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def isolated_dirs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep tests away from the user's installed sources; share built indexes between runs.

    Indexes are named by the content of their sources, so reusing pytest's cache directory is safe.
    """
    os.environ["FRONTLINE_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ["FRONTLINE_CACHE_DIR"] = str(request.config.cache.mkdir("frontline-index"))
