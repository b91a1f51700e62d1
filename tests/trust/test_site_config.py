"""mkdocs.yml settings the trust center relies on are checked before anything is written."""

from __future__ import annotations

from pathlib import Path

from tests.site.helpers import build_site


def test_missing_docs_relative_links_and_site_url_stop_the_build(example_copy: Path, tmp_path: Path) -> None:
    config = example_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    absolute_links: relative_to_docs", "    absolute_links: warn")
    text = text.replace("site_url: https://trust.example.com/\n", "")
    config.write_text(text, encoding="utf-8")
    result = build_site(example_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode != 0
    assert "mkdocs.yml: site_url: missing: the Atom feeds and the JSON-LD export need the site's absolute address" in result.stderr
    assert ("mkdocs.yml: validation.links.absolute_links: must be relative_to_docs: the trust center's blocks"
            " link to pages as '/trust/....md'") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
