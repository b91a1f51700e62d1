"""Project stage: add a language to a project in the one place it is declared, and everything that follows.

`trustsite languages add pl` adds the language to data/organisation.yml, builds and searches it in mkdocs.yml,
and copies every page of the default language as a translation work item: the copy starts with a marker line
that `check` reports as an error until the page is translated, so an untranslated page never publishes (the
engine's labels are translated already: every official EU/EEA language has its catalog). What is left to
translate in data/ (every text given per language) is what `check` lists next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale

from trustsite.load.siteconfig import load_site_config
from trustsite.paths import PACKAGE_LOCALES
from trustsite.validate.content import UNTRANSLATED_MARKER
from trustsite.validate.site_languages import lunr_languages


class LanguageError(Exception):
    """The language cannot be added; the message says why and what to do."""


@dataclass
class Added:
    language: str
    edited: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def supported_languages() -> list[str]:
    """Languages whose labels trustsite ships (English, the labels' source language, and every catalog)."""
    return sorted({"en", *(p.name for p in PACKAGE_LOCALES.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())})


def add_language(root: Path, language: str) -> Added:
    """Add `language` to the project at `root`; raises LanguageError and writes nothing when it cannot."""
    supported = supported_languages()
    if language not in supported:
        raise LanguageError(f"'{language}' has no label catalog in trustsite; supported: {', '.join(supported)}")
    org_file = root / "data" / "organisation.yml"
    organisation = _read_organisation(org_file)
    languages, default = list(organisation.get("languages") or []), organisation.get("default_language")
    if language in languages:
        raise LanguageError(f"'{language}' is already a language of data/organisation.yml ({', '.join(languages)})")
    site = load_site_config(root)
    if site.data is None or site.plugin("i18n") is None:
        raise LanguageError("mkdocs.yml has no i18n plugin to add the language to; see docs/pages/languages.md"
                            " in the trustsite repository")
    # everything is prepared before anything is written: an error leaves the project as it was
    writes = {org_file: _with_language(org_file.read_text(encoding="utf-8"), language),
              root / "mkdocs.yml": _with_i18n_language(root / "mkdocs.yml", language, str(site.data.get("site_name", "")))}
    added = Added(language, edited=["data/organisation.yml", "mkdocs.yml"])
    content = root / "content"
    for page in sorted(content.rglob("*.md")):
        relative = page.relative_to(content).as_posix()
        if _language_of(relative, [*languages, language]) is not None:
            continue  # a translation, not a page of the default language
        target = page.with_name(f"{page.name[:-3]}.{language}.md")
        if target.exists():
            continue
        writes[target] = (f"{UNTRANSLATED_MARKER} content/{relative}; translate it into '{language}', then delete this"
                          f" line -->\n" + page.read_text(encoding="utf-8"))
        added.pages.append(f"content/{target.relative_to(content).as_posix()}")
    for path, text in writes.items():
        path.write_text(text, encoding="utf-8")
    return added


def _read_organisation(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LanguageError(f"data/organisation.yml cannot be read ({exc}); run 'trustsite check' first") from None
    organisation = data.get("organisation") if isinstance(data, dict) else None
    if not isinstance(organisation, dict):
        raise LanguageError("data/organisation.yml has no 'organisation:'; run 'trustsite check' first")
    return organisation


_FLOW_LIST = re.compile(r"^(?P<head>\s*languages:\s*\[)(?P<items>[^\]]*)(?P<tail>\].*)$", re.M)
_BLOCK_LIST = re.compile(r"^(?P<indent>\s*)languages:\s*(#.*)?\n(?P<items>(?:(?P=indent)\s+- .*\n)+)", re.M)


def _with_language(text: str, language: str) -> str:
    """data/organisation.yml with `language` appended to `languages`, its layout and comments kept."""
    flow = _FLOW_LIST.search(text)
    if flow:
        items = flow["items"].rstrip()
        return text[:flow.start("items")] + (f"{items}, {language}" if items else language) + text[flow.end("items"):]
    block = _BLOCK_LIST.search(text)
    if block:
        last = block["items"].rstrip("\n").split("\n")[-1]
        item = last[:last.index("- ") + 2] + language
        return text[:block.end("items")] + item + "\n" + text[block.end("items"):]
    raise LanguageError("data/organisation.yml: cannot find the 'languages:' list to add to")


def _with_i18n_language(config: Path, language: str, site_name: str) -> str:
    """mkdocs.yml with an entry for `language` after the last of the i18n plugin's languages (and the language
    in the search plugin's list where that list is kept by hand), as the lines of the last entry are indented."""
    text = config.read_text(encoding="utf-8")
    site = load_site_config(config.parent)
    node = site.node_at(("plugins", "i18n", "languages"))
    if node is None or not getattr(node, "value", None):
        raise LanguageError("mkdocs.yml: the i18n plugin lists no languages to add to")
    lines = text.split("\n")
    last = node.value[-1]
    indent = " " * last.start_mark.column
    end = last.end_mark.line if last.end_mark.column == 0 else last.end_mark.line + 1
    while end > 0 and not lines[end - 1].strip():
        end -= 1  # after the entry's last line, not after the blank lines that follow it
    name = Locale.parse(language).get_display_name(language) or language
    entry = [f"{indent[:-2]}- locale: {language}", f"{indent}name: {name[:1].upper() + name[1:]}", f"{indent}build: true",
             f"{indent}site_name: {yaml.safe_dump(site_name, allow_unicode=True, width=10_000).strip().removesuffix('...').strip()}"
             f"  # translate into '{language}'"]
    lines[end:end] = entry
    text = "\n".join(lines)
    search = site.plugin("search") or {}
    i18n = site.plugin("i18n") or {}
    if i18n.get("reconfigure_search", True) is False and isinstance(search.get("lang"), list) and language in lunr_languages():
        text = re.sub(r"(\n\s+lang:\s*\[)([^\]]*)\]", lambda m: f"{m[1]}{m[2]}, {language}]", text, count=1)
    return text


def _language_of(relative: str, languages: list[str]) -> str | None:
    parts = relative[:-3].rsplit(".", 1)
    return parts[1] if len(parts) == 2 and parts[1] in languages else None
