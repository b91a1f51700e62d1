"""Compiled templates shared between environments: each language's build of the theme gets a new Jinja
environment from MkDocs, and compiling Material's templates again for each one cost a third of an
8-language build. Sharing must never serve the code of an older version of a template, nor code compiled
with other options."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from trustsite.render.templates import theme_templates


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        seen.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


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


def test_environments_with_other_options_do_not_share_code(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{{ value }}", encoding="utf-8")
    raw = theme_env(tmp_path).get_template("page.html").render(value="<b>")
    escaped = theme_env(tmp_path, autoescape=True).get_template("page.html").render(value="<b>")
    assert (raw, escaped) == ("<b>", "&lt;b&gt;")
    assert theme_templates(theme_env(tmp_path)) is not theme_templates(theme_env(tmp_path, autoescape=True))
