"""`check` renders every block in the default language only, and still reports every error the full render of
every block in every language reports, with the same messages.

Each error class is put into a copy of the minimal project (en, de) so that it fails in German only or in
every language; the shortcut's problems must then equal the full render's (dryrun.render_all_blocks).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import jinja2
import pytest

from trustsite.project import check_project
from trustsite.model.files import Project
from trustsite.paths import PACKAGE_FRAGMENTS
from trustsite.render.checkrun import check_all_blocks
from trustsite.render.context import RenderContext
from trustsite.load.directives import BLOCKS
from trustsite.render.dryrun import render_all_blocks
from trustsite.render.localize import Localizer
from trustsite.render.neutral import neutral_reasons

TODAY = dt.date(2026, 7, 1)


def load(root: Path) -> Project:
    project, problems = check_project(root, TODAY)
    assert project is not None, problems
    return project


def own_fragment(root: Path, name: str, text: str) -> None:
    """The project's own version of one fragment (overrides/fragments/), found before the package's."""
    target = root / "overrides" / "fragments" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def own_catalog(root: Path, language: str, msgid: str, msgstr: str) -> None:
    """The project's own catalog for `language` with one entry (the package's catalog supplies the rest)."""
    target = root / "overrides" / "locales" / language / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      f'msgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")


def same_as_full_render(root: Path) -> list[str]:
    project = load(root)
    overrides = root / "overrides"
    full = render_all_blocks(project, overrides, TODAY)[1]
    shortcut = check_all_blocks(project, overrides, TODAY)
    assert shortcut == full
    return [p.format() for p in shortcut]


def test_a_valid_project_renders_its_blocks_in_the_default_language_only(
        minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: Counter[str] = Counter()
    real = RenderContext._render
    monkeypatch.setattr(RenderContext, "_render", lambda self, name: rendered.update([self.language]) or real(self, name))
    assert check_all_blocks(load(minimal_copy), None, TODAY) == []
    assert rendered["en"] == 4 and rendered["de"] == 0  # version, purposes, rights, authorities


def test_a_broken_template_is_reported_as_by_the_full_render(minimal_copy: Path) -> None:
    source = (PACKAGE_FRAGMENTS / "purposes.md").read_text(encoding="utf-8")
    own_fragment(minimal_copy, "purposes.md", source.replace("{% endfor %}", "{% endfro %}", 1))
    messages = same_as_full_render(minimal_copy)
    assert len(messages) == 1 and "template error: Encountered unknown tag 'endfro'" in messages[0]


def test_a_template_that_fails_in_one_language_only_is_reported(minimal_copy: Path) -> None:
    own_fragment(minimal_copy, "version.md", "{% if lang == 'de' %}{{ org.no_such_field }}{% endif %}\n")
    messages = same_as_full_render(minimal_copy)
    assert len(messages) == 1
    assert "overrides/fragments/version.md: cannot render '{{ version }}' in 'de': UndefinedError" in messages[0]


def test_a_translation_that_breaks_formatting_is_reported(minimal_copy: Path) -> None:
    """A catalog entry whose translation names another placeholder fails in that language only."""
    own_catalog(minimal_copy, "de", "Art. %(number)s(%(paragraph)s)(%(point)s) GDPR",
                "Art. %(nummer)s Abs. %(paragraph)s lit. %(point)s DSGVO")
    messages = same_as_full_render(minimal_copy)
    assert messages and all("in 'de'" in m and "KeyError: 'nummer'" in m for m in messages)


def test_a_missing_catalog_entry_is_no_render_error_in_either(minimal_copy: Path) -> None:
    """gettext falls back to the message ID: the full render never reported a missing entry, and neither does
    the check's render (tests/render/test_catalogs.py requires every package catalog to be complete)."""
    own_catalog(minimal_copy, "de", "Art. %(number)s(%(paragraph)s)(%(point)s) GDPR", "")
    assert same_as_full_render(minimal_copy) == []


def test_a_missing_data_text_is_reported_in_that_language(minimal_copy: Path) -> None:
    """Validation refuses a text without its German version before any render (failing_missing_text_translation);
    were one to get through, the German render fails, and so does the check's replay of the English calls."""
    project = load(minimal_copy)
    purpose = next(iter(project.purposes.values()))
    object.__setattr__(purpose.title, "root", {"en": purpose.title.root["en"]})  # a frozen model, bypassed
    full = render_all_blocks(project, None, TODAY)[1]
    assert full and "in 'de': KeyError: 'de'" in full[0].message
    assert check_all_blocks(project, None, TODAY) == full


def test_a_filter_that_fails_on_a_value_in_one_language_is_reported(minimal_copy: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A locale whose CLDR data cannot format a value (here: every German duration) fails there only."""
    real = Localizer.duration

    def duration(self: Localizer, value):  # noqa: ANN001, ANN202
        if self.language == "de":
            raise ValueError(f"no German unit for {value.unit}")
        return real(self, value)

    monkeypatch.setattr(Localizer, "duration", duration)
    messages = same_as_full_render(minimal_copy)
    assert messages and all("in 'de': ValueError: no German unit for months" in m for m in messages)


def test_a_filter_that_fails_in_every_language_is_reported_for_each(minimal_copy: Path) -> None:
    own_fragment(minimal_copy, "version.md", "{{ org.notice_period_days|duration }}\n")
    messages = same_as_full_render(minimal_copy)
    assert [m.split(" in ")[1][:4] for m in messages] == ["'en'", "'de'"]


def fragments_env(**templates: str) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.DictLoader(templates), jinja2.FileSystemLoader(str(PACKAGE_FRAGMENTS))])
    return jinja2.Environment(loader=loader, extensions=["jinja2.ext.i18n"])


@pytest.mark.parametrize("source, neutral", [
    ("{{ sub.name|cell }} {{ sub.service|t|cell }} {{ _('Since') }}", True),
    ("{% if lang == 'de' %}{{ x }}{% endif %}", False),
    ("{% if lang == 'de' %}Hallo{% endif %}", True),  # constant text either way
    ("{{ (sub.service|t)|int }}", False),
    ("{% if sub.service|t %}{{ x }}{% endif %}", False),
    ("{% for c in trust.countries() %}{{ c|country }}{% if not loop.last %}, {% endif %}{% endfor %}", True),
    ("{% for c in trust.countries() %}{% if loop.first %}{{ c|country }}{% endif %}{% endfor %}", False),
    ("{% set label = {'a': _('A')} %}{{ label.a }}", True),
    ("{% set label = {'a': _('A')} %}{% if label.a == 'A' %}{{ x }}{% endif %}", False),
    ("{% set t = _('A') %}{{ titles([t], p.purposes) }}", False),
    ("{% import '_macros.md' as m with context %}{{ m.yes_no(_('x')) }}", False),  # the macro branches on it
    ("{% set rows = transfer_rows() %}{% if rows %}{{ x }}{% endif %}", True),  # as empty in every language
    ("{% set rows = transfer_rows() %}{% if rows[0] %}{{ x }}{% endif %}", False),
    ("{% set rows = transfer_rows() %}{% if rows == other %}{{ x }}{% endif %}", False),
    ("{{ _('%(n)s items', n=x|country) }}", True),
    ("{% set row %}| {{ sub.service|t|cell }} |{% endset %}{{ row }}", True),  # printed: escaping cannot fail
    ("{% set row %}{{ sub.service|t }}{% endset %}{% if row %}{{ x }}{% endif %}", False),
    ("{% set row %}{% if lang == 'de' %}{{ x }}{% endif %}{% endset %}{{ row }}", False),  # statements: not analysed
    ("{% set row | upper %}{{ x }}{% endset %}{{ row }}", False),
])
def test_the_language_analysis(source: str, neutral: bool) -> None:
    assert (neutral_reasons(fragments_env(t=source), ["t"])["t"] is None) == neutral


def test_every_package_fragment_takes_the_same_path_in_every_language() -> None:
    """Otherwise `check` renders it in full in every language: correct, but the speed of docs/performance.md
    is lost."""
    reasons = neutral_reasons(fragments_env(), sorted(BLOCKS.values()))
    assert {name: reason for name, reason in reasons.items() if reason is not None} == {}
