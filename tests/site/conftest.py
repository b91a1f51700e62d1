"""A build of the repository's example site, shared by the end-to-end tests of one session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.site.helpers import build_site

BUILD_DATE = "2026-07-01"  # pinned so that the version in force is known


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = build_site(REPO, out, today=BUILD_DATE)
    assert result.returncode == 0, result.stderr
    return out
