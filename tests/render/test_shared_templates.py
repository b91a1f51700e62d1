"""Compiled templates shared between environments: each language's build of the theme gets a new Jinja
environment from MkDocs, and compiling Material's templates again for each one cost a third of an
8-language build. Sharing must never serve the code of an older version of a template, nor code compiled
with other options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from trustsite.render.templates import theme_templates
from trustsite.paths import PACKAGE_FRAGMENTS


def count_compilations(monkeypatch: pytest.MonkeyPatch,
                       keep: Callable[[str | None, jinja2.Environment], bool] = lambda name, env: True) -> list[str]:
    """The names of the templates Jinja compiles from now on (those `keep` accepts)."""
    seen: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        if keep(name, self):
            seen.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return count_compilations(monkeypatch)


def theme_env(folder: Path, **options: object) -> jinja2.Environment:
    """An environment as MkDocs makes one for each language's build, with the hook's on_env applied."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **options)
    env.bytecode_cache = theme_templates(env)
    return env


def test_a_template_is_compiled_once_for_every_language(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "base.html").write_text("<p>{{ greeting }}</p>{% include 'part.html' %}\n", encoding="utf-8")
    (tmp_path / "part.html").write_text("<footer>{{ lang }}</footer>", encoding="utf-8")
    pages = [theme_env(tmp_path).get_template("base.html").render(greeting=g, lang=lang)
             for g, lang in (("Hello", "en"), ("Hallo", "de"), ("Bonjour", "fr"))]
    assert pages == ["<p>Hello</p><footer>en</footer>", "<p>Hallo</p><footer>de</footer>",
                     "<p>Bonjour</p><footer>fr</footer>"]
    assert sorted(compiles) == ["base.html", "part.html"]


def test_an_edited_template_is_compiled_again(tmp_path: Path, compiles: list[str]) -> None:
    template = tmp_path / "main.html"
    template.write_text("before {{ x }}", encoding="utf-8")
    assert theme_env(tmp_path).get_template("main.html").render(x=1) == "before 1"
    template.write_text("after {{ x }}", encoding="utf-8")  # as `mkdocs serve` rebuilds after an edit
    assert theme_env(tmp_path).get_template("main.html").render(x=2) == "after 2"
    assert compiles == ["main.html", "main.html"]


def test_environments_with_other_options_do_not_share_code(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "page.html").write_text("{{ value }}", encoding="utf-8")
    raw = theme_env(tmp_path).get_template("page.html").render(value="<b>")
    escaped = theme_env(tmp_path, autoescape=True).get_template("page.html").render(value="<b>")
    assert (raw, escaped) == ("<b>", "&lt;b&gt;")
    assert compiles == ["page.html", "page.html"]


def test_a_filter_that_now_takes_the_context_is_called_by_newly_compiled_code(tmp_path: Path) -> None:
    """Jinja compiles a filter call with the render context only where the filter takes it: code compiled
    before a filter changed kind would call it wrongly (it happened when the language-dependent filters of
    the fragments were made context filters, with the old code in the parse cache)."""
    (tmp_path / "page.html").write_text("{{ 'de'|shout }}", encoding="utf-8")
    plain = theme_env(tmp_path)
    plain.filters["shout"] = str.upper
    assert plain.get_template("page.html").render() == "DE"
    with_context = theme_env(tmp_path)
    with_context.filters["shout"] = jinja2.pass_context(lambda context, value: value.upper() + "!")
    assert with_context.get_template("page.html").render() == "DE!"


@pytest.mark.slow
def test_a_build_compiles_each_theme_template_once_for_all_its_languages(minimal_copy: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from trustsite.render.templates import THEME
    from trustsite.site.build import build_site

    # what the environments MkDocs renders the pages with compiled
    theme = count_compilations(monkeypatch, lambda name, env: env.bytecode_cache is THEME or (name or "").endswith(".html"))
    # no cache: nothing from disk, every template is compiled in this build
    site = build_site(minimal_copy / "mkdocs.yml", tmp_path / "site", options={"cache": False, "build_date": "2026-07-01"})
    assert "main.html" in theme and "partials/header.html" in theme
    # Material's search plugin reads partials/language.html in an environment of its own, once per language
    theme = [name for name in theme if name not in ("partials/language.html", "partials/languages/en.html")]
    assert sorted(theme) == sorted(set(theme)), "a theme template was compiled again for the second language"
    english = (site / "index.html").read_text(encoding="utf-8")
    german = (site / "de" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and '<html lang="de"' in german
    # Material's labels come from each language's partial when the page renders, not from the shared code
    assert 'placeholder="Search"' in english and 'placeholder="Suche"' in german


def test_a_language_dependent_filter_on_a_literal_is_not_compiled_into_shared_code(minimal_copy: Path,
                                                                                     tmp_path: Path) -> None:
    """Jinja evaluates a filter on a constant while compiling; shared between languages, the first
    language's country name would be printed on every language's page."""
    import datetime as dt
    import shutil

    from trustsite.project import check_project
    from trustsite.render.context import RenderContext

    overrides = tmp_path / "overrides"
    shutil.copytree(PACKAGE_FRAGMENTS, overrides / "fragments")  # the project's own copy of every fragment
    (overrides / "fragments" / "probe.md").write_text('{{ "DE"|country }}, {{ ["FR", "IT"]|countries }}\n',
                                                      encoding="utf-8")
    today = dt.date(2026, 7, 1)
    project, problems = check_project(minimal_copy, today)
    assert project is not None, problems
    english = RenderContext(project, "en", today, overrides=overrides).render_fragment("probe.md")
    german = RenderContext(project, "de", today, overrides=overrides).render_fragment("probe.md")
    assert (english, german) == ("Germany, France and Italy\n", "Deutschland, Frankreich und Italien\n")


def test_a_theme_with_a_filter_that_could_be_folded_is_not_shared(tmp_path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    assert theme_templates(env) is not None  # Jinja's own filters and tests only
    env.filters["url"] = jinja2.pass_context(lambda context, value: value)  # as MkDocs' url filter
    assert theme_templates(env) is not None
    env.filters["date"] = lambda value: value  # as Material's blog plugin: depends on the language, foldable
    assert theme_templates(env) is None


def test_the_material_theme_of_mkdocs_yml_is_shared() -> None:
    from mkdocs.config import load_config

    from tests.conftest import FULL

    env = load_config(str(FULL / "mkdocs.yml")).theme.get_env()
    assert theme_templates(env) is not None
