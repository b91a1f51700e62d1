"""Render stage: what a fragment template sees for one language, and the Jinja environment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from trustsite.model.files import Project
from trustsite.model.organisation import Organisation, Version
from trustsite.model.processing import LEGAL_BASIS_ARTICLES, RIGHT_ARTICLES
from trustsite.render.localize import Localizer, load_catalog
from trustsite.render.directives import block_names
from trustsite.render.markdown import as_anchor, escape_cell, finalize, md_link
from trustsite.render.templates import FRAGMENTS, per_language
from trustsite.render.trust import TrustView
from trustsite.rules import load_transfer_rules

from trustsite.paths import FRAGMENTS_DIR, LOCALES_DIR, catalog_files, fragment_dirs  # noqa: F401 (re-exported)


@dataclass
class RenderContext:
    """One language's rendering of one project, on one build date."""

    project: Project
    language: str
    today: dt.date
    links: dict[str, str] = field(default_factory=dict)  # block name -> link to the page showing it (overrides page_links)
    overrides: Path | None = None  # the project's theme custom_dir (its own fragments, catalogs); default: <project>/overrides
    version_id: str | None = None  # render as this version (an archived statement) instead of the one in force
    _rendered: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def overrides_dir(self) -> Path:
        return self.overrides if self.overrides is not None else self.project.root / "overrides"

    @cached_property
    def loc(self) -> Localizer:
        return Localizer(self.language, load_catalog(catalog_files(self.overrides_dir, self.language), self.language))

    @property
    def org(self) -> Organisation:
        return self.project.organisation

    @cached_property
    def version(self) -> tuple[str, Version]:
        if self.version_id is not None:
            return self.version_id, self.project.versions[self.version_id]
        found = self.project.version_in_force(self.today)
        if found is None:  # nothing in force yet: show the earliest, which the page announces
            vid = min(self.project.versions, key=lambda k: self.project.versions[k].effective)
            return vid, self.project.versions[vid]
        return found

    @cached_property
    def env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in fragment_dirs(self.overrides_dir)]),
            extensions=["jinja2.ext.i18n"],
            finalize=finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=True,  # with finalize: one Markdown escape per value (see render/markdown.py)
            bytecode_cache=FRAGMENTS,
        )
        env.install_gettext_callables(self.loc.gettext, self.loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
        loc = self.loc
        env.filters.update(  # compiled code is shared between languages: see render/templates.py
            t=per_language(loc.text),
            date=per_language(loc.date),
            country=per_language(loc.country),
            countries=per_language(loc.countries),
            duration=per_language(loc.duration),
            join_list=per_language(loc.list),
            gdpr=per_language(loc.gdpr_article),
            cell=escape_cell,
            anchor=as_anchor,
        )
        env.globals.update(
            link=md_link,
            mailto=lambda email: md_link(email, f"mailto:{email}"),
            basis_article=LEGAL_BASIS_ARTICLES.get,
            right_article=RIGHT_ARTICLES.get,
            transfer_rules=load_transfer_rules(),
            titles=self.titles,
            purposes_with_basis=self.purposes_with_basis,
            right_applies=self.right_applies,
            transfer_rows=self.transfer_rows,
            authorities_by_country=self.authorities_by_country,
            authority_name=self.authority_name,
            eu_act=self.eu_act,
            trust=TrustView(self),
        )
        return env

    @cached_property
    def page_links(self) -> dict[str, str]:
        """Block name -> root-relative link to the first page showing it ('subprocessor_list' -> '/trust/subprocessors.md').

        Fragments link to another section by the block that renders it, so a page can move without
        breaking links; MkDocs resolves the link per page and language (absolute_links: relative_to_docs).
        """
        out: dict[str, str] = {}
        pages = sorted(self.project.content.pages.values(), key=lambda page: page.src_uri)
        for page in pages:
            if page.language == self.project.default_language:
                for name in block_names(page.text):
                    out.setdefault(name, "/" + page.src_uri)
        return out

    # ---- helpers the fragments call (kept here so templates stay declarative)

    def titles(self, ids: list[str], table: dict[str, Any]) -> str:
        return self.loc.list([self.loc.text(table[i].title) for i in ids])

    def purposes_with_basis(self, basis: str) -> list[str]:
        return [pid for pid, p in self.project.purposes.items() if p.legal_basis == basis]

    def right_applies(self, key: str) -> bool:
        """Withdrawal of consent only where consent is relied on; Art. 22 only where decisions are automated."""
        if key == "withdraw_consent":
            return self.project.uses_legal_basis("consent")
        if key == "automated_decisions":
            return any(p.automated_decision for p in self.project.purposes.values())
        return True

    def transfer_rows(self) -> list[tuple[str, Any]]:
        """(country, sub-processor) for every location outside the EU/EEA, by country then name."""
        rules = load_transfer_rules()
        rows = []
        for sub in self.project.subprocessors.values():
            for country in dict.fromkeys([*sub.processing_locations, *sub.access_locations]):
                if rules.needs_transfer_basis(country):
                    rows.append((country, sub))
        key = self.loc.sort_key
        return sorted(rows, key=lambda row: (key(self.loc.country(row[0])), key(row[1].name)))

    def authorities_by_country(self) -> list[tuple[str, list[tuple[str, Any]]]]:
        """Authorities a reader can complain to, per country served (Länder sorted by name)."""
        out = []
        for country in self.org.countries_served:
            found = [(aid, a) for aid, a in self.project.authorities.items()
                     if a.country == country and a.hears_private_sector]
            out.append((country, sorted(found, key=lambda row: (self.loc.sort_key(row[1].land or ""), row[0]))))
        return out

    def eu_act(self, adequacy: Any) -> str:
        """An EU act named as it is in the reader's language: 2000/518/EC is 2000/518/EG in German."""
        _ = self.loc.gettext
        act = adequacy.act
        before_lisbon = act.endswith("/EC")  # EC-era decisions have their own name in some languages
        act = act.replace("(EU)", _("(EU)")).replace("/EC", "/" + _("EC")).replace("/EU", "/" + _("EU"))
        if adequacy.kind == "implementing_decision":
            return _("Commission Implementing Decision %(act)s") % {"act": act}
        if before_lisbon:
            return self.loc.pgettext("act of the European Community", "Commission Decision %(act)s") % {"act": act}
        return _("Commission Decision %(act)s") % {"act": act}

    def authority_name(self, authority: Any) -> str:
        """The official name (in the reader's language where it is one), plus the English name for English readers."""
        names = authority.name_native
        official = names.get(self.language) or next(iter(names.values()))
        if self.language == "en" and authority.name_en != official:
            return f"{official} ({authority.name_en})"
        return official

    def render_fragment(self, name: str) -> str:
        """A block's Markdown for this language; rendered once per build and reused on every page."""
        if name not in self._rendered:
            self._rendered[name] = self._render(name)
        return self._rendered[name]

    def _render(self, name: str) -> str:
        template = self.env.get_template(name)
        vid, version = self.version
        return template.render(
            p=self.project,
            org=self.org,
            lang=self.language,
            today=self.today,
            version_id=vid,
            version=version,
            links={**self.page_links, **self.links},
        )
