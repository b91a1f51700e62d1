"""A broken fragment template stops check and build with a located message; nothing is written."""

from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FULL_BUILD_DATE
from tests.site.helpers import build_site
from trustsite.cli import main
from trustsite.render import dryrun
from trustsite.paths import PACKAGE_FRAGMENTS


def break_fragment(project: Path) -> None:
    """Give the project its own copy of the fragments (overrides/fragments/) with a Jinja syntax error in one."""
    overrides = project / "overrides"
    shutil.copytree(PACKAGE_FRAGMENTS, overrides / "fragments")  # the project's own copy of every fragment
    purposes = overrides / "fragments" / "purposes.md"
    purposes.write_text(purposes.read_text(encoding="utf-8").replace("{% endfor %}", "{% endfro %}", 1), encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_reports_the_broken_template(minimal_copy: Path, jobs: str) -> None:
    break_fragment(minimal_copy)
    result = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--jobs", jobs])
    assert result.exit_code == 1
    assert result.stderr.count("template error") == 1  # once, not once per language (en, de) or process
    lines = (PACKAGE_FRAGMENTS / "purposes.md").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "{% endfor %}" in text)
    first = result.stderr.splitlines()[0]
    assert first.endswith(f"overrides/fragments/purposes.md:{line}:1: template error: Encountered unknown tag 'endfro'."
                          " Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that"
                          " needs to be closed is 'for'.")
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_build_with_a_broken_template_writes_nothing(minimal_copy: Path) -> None:
    break_fragment(minimal_copy)
    out = minimal_copy / "site"
    result = build_site(minimal_copy, out)
    assert result.returncode == 1
    assert "template error: Encountered unknown tag 'endfro'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_bad_build_date_is_a_clear_error(minimal_copy: Path) -> None:
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugged = re.sub(r"\nhooks:\n  - [^\n]*trustsite_hooks.py\n", "\n", text)  # the plugin, with its option
    assert plugged != text and "\nplugins:\n  - search\n" in text
    config.write_text(plugged.replace("\nplugins:\n  - search\n",
                                                       "\nplugins:\n  - search\n  - trustsite:\n      build_date: '2026-13-01'\n"),
                      encoding="utf-8")
    result = build_site(minimal_copy, minimal_copy / "site")
    assert result.returncode == 1
    assert "mkdocs.yml: plugins.trustsite.build_date: expected a date as YYYY-MM-DD, got '2026-13-01'" in result.stderr
    assert "Traceback" not in result.stderr and not (minimal_copy / "site").exists()


def test_blocks_rendered_in_processes_equal_a_serial_render(full_copy: Path) -> None:
    import datetime as dt

    from trustsite.project import check_project
    from trustsite.render.dryrun import render_all_blocks

    today = dt.date.fromisoformat(FULL_BUILD_DATE)
    project, problems = check_project(full_copy, today)
    assert project is not None, problems
    serial, serial_problems = render_all_blocks(project, None, today)
    parallel, parallel_problems = render_all_blocks(project, None, today, jobs=2)
    assert serial_problems == parallel_problems == []
    assert list(parallel) == project.languages == list(serial)
    for language in project.languages:
        assert parallel[language]._rendered == serial[language]._rendered
    assert "Nimbrava Cloud" in parallel["lt"].render_fragment("subprocessor_list.md")


_PARENT = os.getpid()
_real_render_forked = dryrun._render_forked


def _killed_in_a_child(language: str):  # noqa: ANN202 (dryrun's own signature)
    """Stands in for the forked render: a child dies as the kernel kills a process out of memory."""
    if os.getpid() != _PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_render_forked(language)


def test_a_render_process_that_dies_is_rendered_here_instead(minimal_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from trustsite.project import check_project

    today = dt.date(2026, 7, 1)
    project, problems = check_project(minimal_copy, today)
    assert project is not None, problems
    monkeypatch.setattr(dryrun, "_render_forked", _killed_in_a_child)
    contexts, problems = dryrun.render_all_blocks(project, None, today, jobs=2)
    assert problems == []
    serial, _ = dryrun.render_all_blocks(project, None, today)
    assert {lang: ctx._rendered for lang, ctx in contexts.items()} == {lang: ctx._rendered for lang, ctx in serial.items()}
    assert contexts["de"]._rendered
