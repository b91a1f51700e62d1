"""Browser tests: Playwright driving Debian's Chromium against the site of the project at the repository root
(the example, or a fork's own organisation: tests/site/root_features.py) served on 127.0.0.1.

Locally they skip, saying why, when no Chromium is installed; with TRUSTSITE_REQUIRE_BROWSER=1
(set by .ci/run once it has installed Chromium) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.helpers import serve_directory

# Debian's chromium-headless-shell (/usr/bin/chromium-headless-shell runs this file without exec) is Chromium's
# engine without the desktop browser around it, what Playwright itself runs headless: the browser tests take about
# a third less CPU with it than with Debian's chromium (docs/pages/performance.md). Either will do.
HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM = (os.environ.get("TRUSTSITE_CHROMIUM") or (HEADLESS_SHELL if Path(HEADLESS_SHELL).is_file() else None)
            or shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        message = (f"no Chromium at {CHROMIUM}: install Debian's 'chromium-headless-shell' or 'chromium' (apt-get "
                   "install chromium-headless-shell) or set TRUSTSITE_CHROMIUM")
        if os.environ.get("TRUSTSITE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served(root_site: Path) -> Iterator[str]:
    server, base_url = serve_directory(root_site)
    try:
        yield base_url.rstrip("/") + "/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def secured(root_site: Path) -> Iterator[str]:
    """The root project's site, every response carrying the site's headers (no HSTS: this is plain HTTP)."""
    from trustsite.site.headers import security_headers

    server, base_url = serve_directory(root_site, security_headers(https=False))
    try:
        yield base_url
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
