"""`trustsite serve`: a save of one page rebuilds only its language, a data change every served language,
with the checks of a build; memory stays flat over saves."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.safety.helpers import as_from_a_terminal
from tests.site.helpers import fetch, free_port, wait_for
from trustsite.site.preview import Preview, PreviewError

GERMAN_HOME = "content/index.de.md"


def html_times(site: Path, language: str, default: str = "en") -> dict[str, int]:
    """The modification times of a language's HTML pages (the default language's lie outside the others' folders)."""
    pages = site.rglob("*.html")
    if language == default:
        mine = [p for p in pages if p.relative_to(site).parts[0] not in ("de",)]
    else:
        mine = [p for p in pages if p.relative_to(site).parts[0] == language]
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in mine}


def save(path: Path, text: str) -> None:
    time.sleep(0.01)  # a new time stamp even on coarse file systems
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def preview(minimal_copy: Path, tmp_path: Path) -> Preview:
    served = Preview.open(minimal_copy / "mkdocs.yml", tmp_path / "served")
    served.take_changes()
    assert served.build(served.languages)
    return served


def test_which_languages_a_save_affects(minimal_copy: Path, tmp_path: Path) -> None:
    preview = Preview.open(minimal_copy / "mkdocs.yml", tmp_path / "served")
    assert preview.languages == ["en", "de"] and preview.default == "en"
    assert preview.languages_for(["content/privacy/index.de.md"]) == ["de"]
    assert preview.languages_for(["content/index.md"]) == ["en"]
    assert preview.languages_for(["content/index.md", "content/index.de.md"]) == ["en", "de"]
    assert preview.languages_for(["data/subprocessors.yml"]) == ["en", "de"]
    assert preview.languages_for(["mkdocs.yml"]) == ["en", "de"]
    assert preview.languages_for([]) == []


def test_lang_limits_the_served_languages(minimal_copy: Path, tmp_path: Path) -> None:
    served = Preview.open(minimal_copy / "mkdocs.yml", tmp_path / "served", ["de"])
    assert served.languages == ["de"]
    assert served.languages_for(["content/index.md"]) == []  # English is not served
    assert served.languages_for(["data/purposes.yml"]) == ["de"]
    with pytest.raises(PreviewError, match="not a language of mkdocs.yml: nl"):
        Preview.open(minimal_copy / "mkdocs.yml", tmp_path / "other", ["nl"])


@pytest.mark.slow
def test_saving_a_german_page_rebuilds_only_german(preview: Preview, minimal_copy: Path) -> None:
    english, german = html_times(preview.site_dir, "en"), html_times(preview.site_dir, "de")
    assert english and german
    page = minimal_copy / GERMAN_HOME
    save(page, page.read_text(encoding="utf-8") + "\nEin neuer Satz für die Vorschau.\n")
    preview.rebuild()
    assert html_times(preview.site_dir, "en") == english  # not one English page written again
    after = html_times(preview.site_dir, "de")
    assert after.keys() == german.keys() and all(after[p] > german[p] for p in german)
    assert "Ein neuer Satz für die Vorschau." in (preview.site_dir / "de" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_saving_data_rebuilds_every_served_language(preview: Preview, minimal_copy: Path) -> None:
    """Any saved data file may change any page: every served language is built again. What the legal editor
    changed is shown at once, before any release, on pages marked as a draft in their language."""
    english, german = html_times(preview.site_dir, "en"), html_times(preview.site_dir, "de")
    data = minimal_copy / "data" / "organisation.yml"
    text = data.read_text(encoding="utf-8")
    legal_name = re.search(r"legal_name: (.+)", text).group(1).strip()
    save(data, text.replace(legal_name, "Vorschau Beispiel GmbH", 1))
    preview.rebuild()
    assert all(html_times(preview.site_dir, "en")[p] > english[p] for p in english)
    assert all(html_times(preview.site_dir, "de")[p] > german[p] for p in german)
    page = (preview.site_dir / "de" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "Vorschau Beispiel GmbH" in page
    assert "Entwurf, nicht veröffentlicht" in page and '<meta name="robots" content="noindex">' in page


@pytest.mark.slow
def test_a_broken_save_keeps_the_served_pages_and_says_why(preview: Preview, minimal_copy: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    before = (preview.site_dir / "de" / "index.html").read_text(encoding="utf-8")
    page = minimal_copy / GERMAN_HOME
    save(page, page.read_text(encoding="utf-8") + "\n{{ no_such_block }}\n")
    preview.rebuild()
    assert (preview.site_dir / "de" / "index.html").read_text(encoding="utf-8") == before
    assert "unknown directive 'no_such_block'" in caplog.text and "was not rebuilt" in caplog.text


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status")


@pytest.mark.slow
def test_memory_stays_flat_over_saves(preview: Preview, minimal_copy: Path) -> None:
    """30 saves here (benchmarks/bench_preview.py measures 50 on the example, through a real server)."""
    page = minimal_copy / GERMAN_HOME
    text = page.read_text(encoding="utf-8")
    measured = []
    for n in range(30):
        save(page, text + f"\nSatz {n}.\n")
        preview.rebuild()
        measured.append(resident_mib())
    growth = measured[-1] - measured[9]  # the first saves fill caches (compiled templates, catalogs)
    assert growth < 5, f"{growth:.1f} MiB more after 20 further saves: {[round(m) for m in measured]}"


@pytest.mark.slow
def test_trustsite_serve_reloads_a_saved_page_and_rebuilds_its_language_only(minimal_copy: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "trustsite.cli", "serve", "--root", str(minimal_copy),
                                   "-a", f"127.0.0.1:{port}", "--today", "2026-07-01"], stdout=out,
                                  stderr=subprocess.STDOUT, preexec_fn=as_from_a_terminal())  # stopped with Ctrl-C
    try:
        url = f"http://127.0.0.1:{port}/de/"
        assert wait_for(lambda: fetch(url) is not None, 90), log.read_text()
        page = minimal_copy / GERMAN_HOME
        save(page, page.read_text(encoding="utf-8") + "\nGespeichert und neu geladen.\n")
        assert wait_for(lambda: "Gespeichert und neu geladen." in (fetch(url) or ""), 60), log.read_text()
        assert wait_for(lambda: "rebuilt de in" in log.read_text(), 10)
        rebuilt = re.findall(r"rebuilt ([a-z, ]+) in", log.read_text())
        assert rebuilt == ["en, de", "de"], log.read_text()  # the first build, then German only
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


class _Saves:
    """The events a watcher passes on (what MkDocs' handler would get), files only."""

    def __init__(self) -> None:
        from watchdog.events import FileSystemEventHandler

        self.events: list[str] = []
        saves = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if not event.is_directory:
                    saves.events.append(event.src_path)

        self.handler = Handler()


@pytest.mark.slow  # waits for polling
@pytest.mark.parametrize("system_events", [True, False], ids=["system events", "polling alone"])
def test_a_save_is_passed_on_at_once_and_polling_does_not_pass_it_again(tmp_path: Path, monkeypatch,
                                                                          system_events: bool) -> None:
    """The system's file events report a save at once; MkDocs' polling (0.5 s here) sees the same save later and
    passes nothing on, so the browser reloads once. Without the system's events (their limit reached), polling
    alone still reports the save."""
    from trustsite.site.preview import SaveWatcher

    folder = tmp_path / "content"
    folder.mkdir()
    page = folder / "index.md"
    page.write_text("before\n", encoding="utf-8")
    watcher = SaveWatcher(polling_interval=0.5)
    if not system_events:  # inotify's limit of watches is met when its observer starts
        def refuse(*args, **kwargs):
            raise OSError(28, "inotify watch limit reached")
        monkeypatch.setattr(watcher.native, "start", refuse)
    saves = _Saves()
    watcher.schedule(saves.handler, str(folder))
    watcher.start()
    assert (watcher.native is not None) == system_events
    try:
        time.sleep(0.7)  # polling's first look at the folder
        page.write_text("after, longer\n", encoding="utf-8")
        saved = time.monotonic()
        assert wait_for(lambda: saves.events, 5)
        seen_after = time.monotonic() - saved
        passed = len(saves.events)
        time.sleep(1.2)  # two more looks by polling
        if system_events:
            assert seen_after < 0.3, seen_after  # not waiting for the next poll
            assert len(saves.events) == passed, saves.events  # polling passed nothing more on
        assert set(saves.events) == {str(page)}
    finally:
        watcher.stop()
        watcher.join()
