"""What a build keeps in the parse cache (data exports, generated version pages, pages found clean by the
Content-Security-Policy screen) never changes what it builds: a rebuild from the cache is byte-identical
to a build without any cache, and an edit of data or of a template shows in the next build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.test_build_command import fingerprint, trustsite_build
from trustsite.load.cache import Caches
from trustsite.site import inline
from trustsite.paths import PACKAGE_FRAGMENTS

pytestmark = pytest.mark.slow  # whole-site builds (or a 7 MB organisation)


def test_rebuild_from_the_cache_equals_a_build_without_cache_and_follows_edits(full_copy: Path, tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = full_copy
    first = trustsite_build(project, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    assert (project / ".trustsite_cache" / "exports").is_dir()
    assert (project / ".trustsite_cache" / "version-pages").is_dir()
    again = trustsite_build(project, tmp_path / "again")  # everything from the cache
    assert again.returncode == 0, again.stderr
    uncached = trustsite_build(project, tmp_path / "uncached", "--no-cache")
    assert uncached.returncode == 0, uncached.stderr
    assert fingerprint(tmp_path / "again") == fingerprint(tmp_path / "uncached") == fingerprint(tmp_path / "first")

    subs = project / "data" / "subprocessors.yml"
    text = subs.read_text(encoding="utf-8")
    assert "name: Nimbrava Cloud\n" in text
    subs.write_text(text.replace("name: Nimbrava Cloud\n", "name: Nimbrava Cloud Services\n"), encoding="utf-8")
    template = project / "overrides" / "fragments" / "versions" / "changes.md"
    template.parent.mkdir(parents=True, exist_ok=True)  # the project's own version of the package's fragment
    template.write_text((PACKAGE_FRAGMENTS / "versions" / "changes.md").read_text(encoding="utf-8")
                        + "\nA line added to the what-changed template.\n", encoding="utf-8")
    edited = trustsite_build(project, tmp_path / "edited", "--draft")  # the renamed sub-processor is not released
    assert edited.returncode == 0, edited.stderr
    export = json.loads((tmp_path / "edited" / "trust" / "subprocessors.json").read_text(encoding="utf-8"))
    assert "Nimbrava Cloud Services" in {entry["name"] for entry in export["subprocessors"]}
    changes = tmp_path / "edited" / "privacy" / "versions" / "2027.1" / "changes" / "index.html"
    assert "A line added to the what-changed template." in changes.read_text(encoding="utf-8")


CLEAN = "<!doctype html><html><body><p>Nothing inline.</p></body></html>\n"


def test_a_page_found_clean_is_not_screened_again_and_a_changed_page_is(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def screen(site: Path) -> list:  # as each build does, with the build's own caches in one folder
        return inline.check_built_pages(site, tmp_path, cache=Caches(tmp_path / "cache"))

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(CLEAN, encoding="utf-8")
    (site / "a" / "index.html").write_text(CLEAN.replace("Nothing", "Still nothing"), encoding="utf-8")
    assert screen(site) == []
    screened: list[str] = []
    real = inline.find_inline_code
    monkeypatch.setattr(inline, "find_inline_code", lambda html, file, *rest: screened.append(file) or real(html, file, *rest))
    assert screen(site) == []
    assert screened == []  # both pages as they were: nothing parsed
    (site / "a" / "index.html").write_text(CLEAN.replace("<p>", '<p onclick="go()">'), encoding="utf-8")
    problems = screen(site)
    assert screened == ["site/a/index.html"]
    assert [(p.file, p.line, p.path) for p in problems] == [("site/a/index.html", 1, "<p>")]
    assert "inline event handler onclick=" in problems[0].message
    assert screen(site) != []  # a page with a problem is never remembered as clean
