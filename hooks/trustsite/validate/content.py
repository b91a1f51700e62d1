"""Validate stage: every page exists in every language, and its directives are known and consistent."""

from __future__ import annotations

import re
from pathlib import Path

from trustsite.errors import Problem
from trustsite.load.yamlsrc import decode_utf8
from trustsite.model.content import ContentPage, ContentSet
from trustsite.load.directives import block_names, check_directives
from trustsite.safety.links import readable_inside
from trustsite.validate.markup import screen_prose
from trustsite.validate.values import check_prose_characters

# The first line of a page `trustsite languages add` copied from the default language: a translation work item,
# never published as it is (it would show the default language's text under another language).
UNTRANSLATED_MARKER = "<!-- trustsite: untranslated copy of"
_SUFFIX = re.compile(r"^(?P<base>.+?)\.(?P<lang>[a-z]{2,3}(?:_[A-Z]{2})?)\.md$")


def load_content(root: Path, languages: list[str], default: str) -> tuple[ContentSet, list[Problem]]:
    """Read content/**/*.md into pages keyed by (base, language)."""
    content_dir = root / "content"
    pages = ContentSet()
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return pages, [Problem("content/", 0, 0, "", "the content/ folder is missing")]
    for path in sorted(content_dir.rglob("*.md")):
        src_uri = path.relative_to(content_dir).as_posix()
        display = f"content/{src_uri}"
        m = _SUFFIX.match(src_uri)
        if m and m.group("lang") == default:  # mkdocs-static-i18n reads it, but pages and checks expect no suffix
            plain = f"content/{m.group('base')}.md"
            if (content_dir / f"{m.group('base')}.md").exists():
                message = f"a second '{default}' page beside {plain}: the default language has no suffix; keep one"
            else:
                message = f"the default language '{default}' has no suffix: name this page {plain}"
            problems.append(Problem(display, 0, 0, "", message))
            continue
        if m and m.group("lang") in languages:
            base, lang = m.group("base"), m.group("lang")
        elif m and "." not in m.group("base").rsplit("/", 1)[-1] and len(m.group("lang")) == 2:
            problems.append(Problem(display, 0, 0, "",
                                    f"language '{m.group('lang')}' is not configured in data/organisation.yml"
                                    f" (languages: {', '.join(languages)})"))
            continue
        else:
            base, lang = src_uri[: -len(".md")], default
        if not readable_inside(path, root):  # a link leaving the project: reported by safety/links.py, never read
            pages.unreadable.add((base, lang))
            continue
        text, decode_problems = decode_utf8(path.read_bytes(), display)
        if text is None:
            problems.extend(decode_problems)
            pages.unreadable.add((base, lang))  # present, only unreadable: not also "missing"
            continue
        pages.pages[(base, lang)] = ContentPage(base, lang, display, src_uri, text)
    if not pages.pages and not problems:
        problems.append(Problem("content/", 0, 0, "", "no pages: add content/index.md and the statement's pages"))
    return pages, problems


def check_content(pages: ContentSet, languages: list[str], default: str) -> list[Problem]:
    """No page may silently fall back to another language; all languages carry the same data sections."""
    problems: list[Problem] = []
    broken: set[str] = set()
    for page in pages.pages.values():
        if page.text.startswith(UNTRANSLATED_MARKER):
            problems.append(Problem(page.file, 1, 1, "", "this page is still a copy of the default language's page:"
                                    f" translate it into '{page.language}', then delete the first line"))
        found = check_directives(page.text, page.file)
        problems.extend(found)
        problems.extend(screen_prose(page.text, page.file))
        problems.extend(check_prose_characters(page.text, page.file))
        if found:
            broken.add(page.base)
    for base in pages.bases:
        source = pages.get(base, default)
        for lang in languages:
            page = pages.get(base, lang)
            if page is None and (base, lang) not in pages.unreadable:
                expected = f"content/{base}.md" if lang == default else f"content/{base}.{lang}.md"
                origin = source.file if source else f"content/{base}.*.md"
                problems.append(Problem(expected, 0, 0, "",
                                        f"missing translation of {origin} for language '{lang}'"))
                continue
            if source is not None and page is not source and base not in broken:
                wanted, got = block_names(source.text), block_names(page.text)
                if wanted != got:
                    missing = [n for n in wanted if n not in got]
                    extra = [n for n in got if n not in wanted]
                    detail = "; ".join(
                        part for part in (
                            f"missing {', '.join('{{ ' + n + ' }}' for n in missing)}" if missing else "",
                            f"extra {', '.join('{{ ' + n + ' }}' for n in extra)}" if extra else "",
                            "same sections in another order" if not missing and not extra else "",
                        ) if part
                    )
                    problems.append(Problem(page.file, 0, 0, "",
                                            f"data sections differ from {source.file}: {detail}"))
    return problems
