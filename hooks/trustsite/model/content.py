"""Model stage: the Markdown pages in content/, one file per page and language."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ContentPage:
    """One language version of one page, e.g. base 'privacy/index', language 'nl'."""

    base: str  # path below content/ without language suffix and extension
    language: str
    file: str  # as shown in messages, e.g. content/privacy/index.nl.md
    src_uri: str  # path below content/, as MkDocs names it
    text: str


@dataclass
class ContentSet:
    pages: dict[tuple[str, str], ContentPage] = field(default_factory=dict)
    unreadable: set[tuple[str, str]] = field(default_factory=set)  # (base, language) of files not UTF-8

    def get(self, base: str, language: str) -> ContentPage | None:
        return self.pages.get((base, language))

    @property
    def bases(self) -> list[str]:
        return sorted({base for base, _ in self.pages})
