"""Render stage: what the trust center's fragments need beyond plain data (groups, filters, links)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from urllib.parse import urlsplit

from trustsite.model.exports import EXPORT_SCHEMAS, EXPORTS, SITE_SCHEMA_DIR, document_path, export_path, scope_path
from trustsite.model.lifecycle import Timeline, concerns_scope, current_subprocessors, in_effect, upcoming
from trustsite.model.transfers import ServiceCategory, Subprocessor
from trustsite.model.trust import SECURITY_ARTICLES, ScopeKind

if TYPE_CHECKING:
    from trustsite.render.context import RenderContext

SERVICE_ORDER: tuple[str, ...] = ServiceCategory.__args__  # type: ignore[attr-defined]


def form_action_origins(project: Any) -> tuple[str, ...]:
    """Origins the site's forms post to: the list provider's, when the signup block is a form (listmonk); the
    Content-Security-Policy's form-action allows exactly these besides the site itself (site/headers.py)."""
    subs = project.subscriptions
    if subs is None or subs.provider.kind != "listmonk":
        return ()
    parts = urlsplit(subs.provider.signup_url)
    return (f"{parts.scheme}://{parts.netloc}",)


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
        """The current sub-processors: one whose addition is announced but not in effect is listed as upcoming."""
        if "current" not in self._memo:
            self._memo["current"] = current_subprocessors(self.ctx.project, self.ctx.today)
        return self._memo["current"]

    def current(self) -> dict[str, Subprocessor]:
        return dict(self._subs)

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
        """The history: changes in effect on the build date, newest first."""
        return [(t.cid, t.change) for t in in_effect(self.ctx.project, self.ctx.today)]

    def upcoming(self) -> list[Timeline]:
        """Changes announced and not yet in effect, the soonest first."""
        return upcoming(self.ctx.project, self.ctx.today)

    def change_name(self, change: Any) -> str:
        if change.name is not None:
            return change.name
        return self.ctx.project.subprocessors[change.subprocessor].name

    def subprocessor_name(self, sid: str) -> str:
        """The name of a listed sub-processor, or of one whose removal the change log records."""
        if sid in self.ctx.project.subprocessors:
            return self.ctx.project.subprocessors[sid].name
        removed = [c.name for c in self.ctx.project.subprocessor_changes.values()
                   if c.change == "removed" and c.subprocessor == sid and c.name]
        return removed[0] if removed else sid

    def subprocessor(self, sid: str) -> Subprocessor:
        return self.ctx.project.subprocessors[sid]

    @property
    def objections(self) -> Any:
        """Where customers object to an announced change (data/organisation.yml subprocessor_objections)."""
        return self.ctx.project.organisation.subprocessor_objections

    # ---- scopes

    def scopes(self) -> list[tuple[str, Any]]:
        """Scopes in a fixed order of kinds (products, regions, features), then by title in the reader's language."""
        order = list(ScopeKind.__args__)  # type: ignore[attr-defined]
        rows = list(self.ctx.project.scopes.items())
        return sorted(rows, key=lambda row: (order.index(row[1].kind), self.ctx.loc.sort_key(self.ctx.loc.text(row[1].title))))

    def in_scope(self, scope: str) -> list[tuple[str, Subprocessor]]:
        """The current sub-processors that concern the customers of a scope, sorted by name."""
        return self.sorted([(sid, sub) for sid, sub in self._subs.items()
                            if concerns_scope(sub, scope, self.ctx.project)])

    def scope_link(self, scope: str, key: str) -> str:
        return "/" + scope_path(scope, key, self.ctx.language, self.ctx.project.default_language)

    def scope_title(self, scope: str) -> str:
        return self.ctx.loc.text(self.ctx.project.scopes[scope].title)

    def scope_titles(self, scopes: list[str]) -> str:
        return self.ctx.loc.list([self.scope_title(s) for s in scopes])

    # ---- subscriptions

    @property
    def subscriptions(self) -> Any:
        return self.ctx.project.subscriptions

    def lists(self) -> list[tuple[str | None, str]]:
        """(scope or None, list) of the reader's language: the general list first, then one per scope."""
        subs = self.ctx.project.subscriptions
        if subs is None:
            return []
        found = [(None, value) for key, value in subs.provider.lists.items() if key == self.ctx.language]
        prefix = self.ctx.language + "."
        found += sorted(((key[len(prefix):], value) for key, value in subs.provider.lists.items()
                         if key.startswith(prefix)), key=lambda row: self.scope_title(row[0]))
        return found

    def join_address(self, list_address: str) -> str:
        """Mailman 3: writing to the list's -join address subscribes, after the reader confirms (double opt-in)."""
        local, _, domain = list_address.partition("@")
        return f"{local}-join@{domain}"

    def signup_origin(self) -> str:
        subs = self.ctx.project.subscriptions
        parts = urlsplit(subs.provider.signup_url) if subs is not None else None
        return f"{parts.scheme}://{parts.netloc}" if parts is not None else ""

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
