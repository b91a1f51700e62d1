"""While `mkdocs serve` runs, saving a data file re-renders the pages (data is read per build)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.helpers import fetch, free_port, wait_for

pytestmark = pytest.mark.slow  # whole-site builds (or a 7 MB organisation)


def test_saving_data_rerenders_served_pages(minimal_copy: Path) -> None:
    """`mkdocs serve` with the plugin's `draft` option: a saved fact, not yet released, is shown marked as a draft."""
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "hooks:\n  - hooks/trustsite_hooks.py\n" in text
    text = text.replace("hooks:\n  - hooks/trustsite_hooks.py\n", "").replace(
        "          site_name: Minimal (Deutsch)\n", "          site_name: Minimal (Deutsch)\n  - trustsite:\n      draft: true\n")
    config.write_text(text, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(minimal_copy / "mkdocs.yml")],
        cwd=minimal_copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/de/privacy/"
    try:
        assert wait_for(lambda: "Bereitstellung des Dienstes" in (fetch(url) or ""), 60, step=0.3), "server did not start"
        purposes = minimal_copy / "data" / "purposes.yml"
        purposes.write_text(
            purposes.read_text(encoding="utf-8").replace("de: Bereitstellung des Dienstes", "de: Betrieb der Plattform"),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Betrieb der Plattform" in (fetch(url) or ""), 60, step=0.3), "page was not re-rendered"
        page = fetch(url) or ""
        assert "Bereitstellung des Dienstes" not in page
        assert "Entwurf, nicht veröffentlicht" in page and '<meta name="robots" content="noindex">' in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
