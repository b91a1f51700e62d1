"""Render stage: what the trust center's fragments need beyond plain data (groups, filters, links)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trustsite.export.paths import EXPORT_SCHEMAS, EXPORTS, SITE_SCHEMA_DIR, document_path, export_path
from trustsite.model.transfers import ServiceCategory, Subprocessor
from trustsite.model.trust import SECURITY_ARTICLES

if TYPE_CHECKING:
    from trustsite.render.context import RenderContext

SERVICE_ORDER: tuple[str, ...] = ServiceCategory.__args__  # type: ignore[attr-defined]


@dataclass
class TrustView:
    """Helpers the trust fragments call, for one language.

    The sub-processor page asks for each sub-processor's locations and transfers several times and for
    the members of each country and category: on thousands of sub-processors these are worked out once
    per language (the project never changes under a render context)."""

    ctx: "RenderContext"
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def _subs(self) -> dict[str, Subprocessor]:
        return self.ctx.project.subprocessors

    def locations(self, sub: Subprocessor) -> list[str]:
        """Every country where the sub-processor processes or accesses data, in the order given."""
        key = ("locations", id(sub))
        if key not in self._memo:
            self._memo[key] = (sub, list(dict.fromkeys([*sub.processing_locations, *sub.access_locations])))
        return list(self._memo[key][1])

    def transfers(self, sub: Subprocessor) -> list[str]:
        """Its destinations the statement lists as transfers (see RenderContext.shown_transfers)."""
        return self.ctx.shown_transfers(sub, sub.entity_country)

    def countries(self) -> list[str]:
        """Every location of any sub-processor, sorted by name in the reader's language."""
        return list(self._by_country())

    def in_country(self, country: str) -> list[tuple[str, Subprocessor]]:
        return list(self._by_country().get(country, []))

    def _by_country(self) -> dict[str, list[tuple[str, Subprocessor]]]:
        """Country (sorted by name in the reader's language) -> its sub-processors, sorted by name."""
        if "by_country" not in self._memo:
            found: dict[str, list[tuple[str, Subprocessor]]] = {}
            loc = self.ctx.loc
            for sid, sub in self._subs.items():
                for country in self.locations(sub):
                    found.setdefault(country, []).append((sid, sub))
            self._memo["by_country"] = {country: self.sorted(found[country])
                                        for country in sorted(found, key=lambda c: loc.sort_key(loc.country(c)))}
        return self._memo["by_country"]

    def groups(self) -> list[tuple[str, list[tuple[str, Subprocessor]]]]:
        """(service category, sub-processors) for every category in use, in a fixed order."""
        if "groups" not in self._memo:
            members: dict[str, list[tuple[str, Subprocessor]]] = {}
            for sid, sub in self._subs.items():
                members.setdefault(sub.category, []).append((sid, sub))
            self._memo["groups"] = [(category, self.sorted(members[category]))
                                    for category in SERVICE_ORDER if category in members]
        return [(category, list(rows)) for category, rows in self._memo["groups"]]

    def sorted(self, rows: list[tuple[str, Subprocessor]]) -> list[tuple[str, Subprocessor]]:
        """By name, in the reader's alphabetical order."""
        key = self.ctx.loc.sort_key
        return sorted(rows, key=lambda row: key(row[1].name))

    def changes(self) -> list[tuple[str, Any]]:
        """The change log, newest first."""
        changes = self.ctx.project.subprocessor_changes
        return sorted(changes.items(), key=lambda row: (row[1].date, row[0]), reverse=True)

    def change_name(self, change: Any) -> str:
        if change.name is not None:
            return change.name
        return self._subs[change.subprocessor].name

    def measures(self, kind: str) -> list[tuple[str, Any]]:
        """Security measures of one kind, in the order of Art. 32(1) (a) to (d)."""
        order = list(SECURITY_ARTICLES)
        rows = [(mid, m) for mid, m in self.ctx.project.security_measures.items() if m.kind == kind]
        return sorted(rows, key=lambda row: order.index(row[1].category))

    def security_article(self, category: str) -> str:
        return SECURITY_ARTICLES[category]

    def export_link(self, key: str) -> str:
        """Root-relative link to an export; MkDocs rewrites it relative to the page (absolute_links: relative_to_docs)."""
        return "/" + export_path(key, self.ctx.language, self.ctx.project.default_language)

    def exports(self) -> list[Any]:
        return list(EXPORTS)

    @property
    def export_schemas(self) -> dict[str, str]:
        return EXPORT_SCHEMAS

    def schema_link(self, key: str) -> str:
        return f"/{SITE_SCHEMA_DIR}/{EXPORT_SCHEMAS[key]}"

    def document_link(self, file: str) -> str:
        return "/" + document_path(file)

    def language_name(self, code: str) -> str:
        """A language's name in the reader's language ('Engels' for en in Dutch)."""
        name = self.ctx.loc.locale.languages.get(code, code)
        return name[:1].upper() + name[1:]  # stands alone in a table cell
