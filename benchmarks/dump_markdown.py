"""MkDocs hook for the build benchmark: writes each page's final Markdown (after trustsite's directives
and generated pages) to the folder `extra.benchmark_dump_markdown` of the configuration names, laid out as a suffix-structured docs folder, so a
plain MkDocs build of exactly the same Markdown can be timed against the trustsite build."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-1000)  # after every other handler, trustsite's included
def on_page_markdown(markdown, page, config, files):  # noqa: ANN001, ANN201 (MkDocs' signature)
    i18n = config.plugins["i18n"]
    language, default = i18n.current_language, i18n.default_language
    stem = page.file.src_uri[: -len(".md")]
    for locale in i18n.all_languages:
        if stem.endswith("." + locale):
            stem = stem[: -len(locale) - 1]
    name = f"{stem}.md" if language == default else f"{stem}.{language}.md"
    target = Path(config.extra["benchmark_dump_markdown"]) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    return markdown
