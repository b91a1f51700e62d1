"""Render stage: what a fragment template sees for one language, and the Jinja environment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from trustsite.labels import N_
from trustsite.load.cache import Caches
from trustsite.load.directives import block_names
from trustsite.model.files import Project
from trustsite.model.organisation import Organisation, Version
from trustsite.model.processing import (ART22_EXCEPTION_ARTICLES, LEGAL_BASIS_ARTICLES, RIGHT_ARTICLES,
                                        SPECIAL_CONDITION_ARTICLES)
from trustsite.paths import fragment_dirs
from trustsite.render.localize import Localizer, localizer_for
from trustsite.render.markdown import as_anchor, escape_cell, finalize, md_link
from trustsite.render.templates import FRAGMENTS, per_language
from trustsite.render.trust import TrustView
from trustsite.rules import load_transfer_rules
from trustsite.validate.transfers import mechanism_for, parties, transfer_destinations

# Names of the international organisations of the transfer rule table (CLDR has no names for them).
IO_NAMES = {"eporg": N_("European Patent Organisation")}


@dataclass
class RenderContext:
    """One language's rendering of one project, on one build date."""

    project: Project
    language: str
    today: dt.date
    links: dict[str, str] = field(default_factory=dict)  # block name -> link to the page showing it (overrides page_links)
    overrides: Path | None = None  # the project's theme custom_dir (its own fragments, catalogs); default: <project>/overrides
    version_id: str | None = None  # render as this version (an archived statement) instead of the one in force
    cache: Caches | None = field(default=None, repr=False)  # the run's caches: compiled fragments kept on its disk
    _rendered: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def overrides_dir(self) -> Path:
        return self.overrides if self.overrides is not None else self.project.root / "overrides"

    @cached_property
    def loc(self) -> Localizer:
        return localizer_for(self.language, self.overrides_dir)

    @property
    def org(self) -> Organisation:
        return self.project.organisation

    @cached_property
    def version(self) -> tuple[str, Version]:
        if self.version_id is not None:
            return self.version_id, self.project.versions[self.version_id]
        if not self.project.versions:  # a new history: `check` renders the blocks as a draft of the first version
            return "", Version(published=self.today, effective=self.today)
        found = self.project.version_in_force(self.today)
        if found is None:  # nothing in force yet: show the earliest, which the page announces
            vid = min(self.project.versions, key=lambda k: self.project.versions[k].effective)
            return vid, self.project.versions[vid]
        return found

    @property
    def draft_of(self) -> str | None:
        """The released version today's data differs from (project.unreleased), when this renders today's data
        rather than an archived version: a draft, never labelled with that version's number."""
        unreleased = self.project.unreleased
        return unreleased.version if unreleased is not None and self.version_id is None else None

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
            bytecode_cache=FRAGMENTS.kept_on(self.cache.disk if self.cache is not None else None),
        )
        env.install_gettext_callables(self.loc.gettext, self.loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
        loc = self.loc
        env.filters.update(  # compiled code is shared between languages: see render/templates.py
            t=per_language(loc.text),
            texts=per_language(lambda values: [v if isinstance(v, str) else loc.text(v) for v in values]),
            date=per_language(loc.date),
            country=per_language(loc.country),
            countries=per_language(loc.countries),
            duration=per_language(loc.duration),
            join_list=per_language(loc.list),
            gdpr=per_language(loc.gdpr_article),
            cell=escape_cell,
            escaped=finalize,  # escaped once, as when printed: a value printed many times is escaped once
            anchor=as_anchor,
        )
        env.globals.update(
            link=md_link,
            mailto=lambda email: md_link(email, f"mailto:{email}"),
            basis_article=LEGAL_BASIS_ARTICLES.get,
            right_article=RIGHT_ARTICLES.get,
            special_article=SPECIAL_CONDITION_ARTICLES.get,
            art22_article=ART22_EXCEPTION_ARTICLES.get,
            consent_ages=self.consent_ages,
            german_establishments=self.german_establishments,
            transfer_rules=load_transfer_rules(),
            titles=self.titles,
            purposes_with_basis=self.purposes_with_basis,
            right_applies=self.right_applies,
            transfer_rows=self.transfer_rows,
            transfer_bases=self.transfer_bases,
            destination=self.destination_name,
            derogation_article=self.derogation_article,
            regimes=self.regimes,
            recipient_entity_names=self.recipient_entity_names,
            authorities_by_country=self.authorities_by_country,
            authority_name=self.authority_name,
            eu_act=self.eu_act,
            is_planned=self.is_planned,
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

    def is_planned(self, day: dt.date | None) -> bool:
        """An entry that starts after the build date (a sub-processor's or recipient's 'since', a change's date) is
        planned, not current: every page says so with its start date."""
        return day is not None and day > self.today

    def titles(self, ids: list[str], table: dict[str, Any]) -> str:
        return self.loc.list([self.loc.text(table[i].title) for i in ids])

    def purposes_with_basis(self, basis: str) -> list[str]:
        return [pid for pid, p in self.project.purposes.items() if basis in p.basis_keys]

    def right_applies(self, key: str) -> bool:
        """Withdrawal of consent only where consent is relied on; Art. 22 only where decisions are automated."""
        if key == "withdraw_consent":
            return self.project.uses_legal_basis("consent")
        if key == "automated_decisions":
            return any(p.automated_decision for p in self.project.purposes.values())
        return True

    @property
    def regimes(self) -> list[str]:
        """The regimes the statement speaks for, the EU/EEA GDPR first."""
        return list(dict.fromkeys(["gdpr", *self.org.regimes]))

    def shown_transfers(self, entry: Any, home: str | None) -> list[str]:
        """A party's destinations that the statement lists as transfers: outside the EU/EEA, or where a declared
        regime needs more than its adequacy finding for the EU/EEA (said once, in the regimes block)."""
        rules = load_transfer_rules()
        eea = rules.regimes["gdpr"].home
        shown = []
        for destination in transfer_destinations(entry, home):
            if destination not in eea:
                shown.append(destination)
            elif any(mechanism_for(entry, destination, r) is not None for r in self.regimes):
                shown.append(destination)
        return shown

    def transfer_rows(self) -> list[tuple[str, str, Any]]:
        """(destination, recipient name, entry) for every transfer the statement lists, by destination then name."""
        rows = []
        subsidiaries = self.org.subsidiaries
        for party in parties({"subprocessors": self.project.subprocessors, "recipients": self.project.recipients,
                              "organisation": self.org}):
            entry = party.entry
            if party.file_key == "subprocessors":
                name = entry.name
            elif entry.subsidiary is not None:
                name = subsidiaries[entry.subsidiary].legal_name
            else:
                name = entry.name or self.destination_name(entry.international_organisation)
            for destination in self.shown_transfers(entry, party.home):
                rows.append((destination, name, entry))
        key = self.loc.sort_key  # the reader's alphabet (CLDR collation)
        return sorted(rows, key=lambda row: (key(self.destination_name(row[0])), key(row[1])))

    def transfer_bases(self, entry: Any, destination: str) -> list[tuple[str, str, Any, Any]]:
        """(regime, mechanism key, adequacy finding or None, recorded mechanism or None) for every declared regime
        under which going to `destination` is a transfer; a full adequacy finding is the basis where none is recorded."""
        rules = load_transfer_rules()
        out = []
        for regime in self.regimes:
            if destination in rules.regimes[regime].home:
                continue
            spec = mechanism_for(entry, destination, regime)
            decision = rules.adequacy[regime].get(destination)
            out.append((regime, spec.mechanism if spec is not None else "adequacy", decision, spec))
        return out

    def recipient_entity_names(self, recipient: Any) -> list[str]:
        """The names of a recipient's named entities (group companies by their legal name)."""
        subsidiaries = self.org.subsidiaries
        return [subsidiaries[e.subsidiary].legal_name if e.subsidiary is not None else e.name
                for e in recipient.entities]

    def destination_name(self, destination: str) -> str:
        """A country's name in the reader's language, or an international organisation's."""
        if destination in IO_NAMES:
            return self.loc.gettext(IO_NAMES[destination])
        return self.loc.country(destination)

    def derogation_article(self, regime: str, spec: Any) -> str:
        """The article of a derogation as the reader's legal style writes it (Art. 49(1)(b) GDPR)."""
        rules = load_transfer_rules()
        if regime == "fadp":
            return self.loc.gdpr_article("17", "fadp")  # Art. 17 FADP lists the Swiss exceptions
        if spec.derogation == "compelling":
            return self.loc.gdpr_article("49(1)", regime)
        return self.loc.gdpr_article(rules.derogations[spec.derogation].article, regime)

    def authorities_by_country(self) -> list[tuple[str, list[tuple[str, Any]]]]:
        """Authorities a reader can complain to, per country served (Länder sorted by name)."""
        out = []
        for country in self.org.countries_served:
            found = [(aid, a) for aid, a in self.project.authorities.items()
                     if a.country == country and a.hears_private_sector]
            out.append((country, sorted(found, key=lambda row: (self.loc.sort_key(row[1].land or ""), row[0]))))
        return out

    def consent_ages(self) -> list[tuple[str, Any]]:
        """(country, its age of digital consent) for every country served (GDPR Art. 8(1); rules/children.yml)."""
        from trustsite.rules import load_consent_ages

        ages = load_consent_ages()
        return [(country, ages[country]) for country in self.org.countries_served if country in ages]

    def german_establishments(self) -> list[tuple[str, Any, list[tuple[str, Any]]]]:
        """(legal name, address, its Land's authorities) of every establishment in Germany (§ 40(1) BDSG)."""
        from trustsite.validate.elements import land_authorities

        controller = self.org.controller
        found = [(controller.legal_name, controller.head_office)]
        if controller.registered_address != controller.head_office:
            found.append((controller.legal_name, controller.registered_address))
        found += [(sub.legal_name, sub.address) for sub in self.org.subsidiaries.values()]
        authorities = self.project.authorities
        return [(name, address, [(aid, authorities[aid]) for aid in land_authorities(authorities, address.subdivision)])
                for name, address in found if address.country == "DE" and address.subdivision is not None]

    def eu_act(self, adequacy: Any) -> str:
        """An EU act named as it is in the reader's language: 2000/518/EC is 2000/518/EG in German."""
        _ = self.loc.gettext
        act = adequacy.act
        if act is None:  # the act's number is not known, only its date
            return _("Commission Implementing Decision of %(date)s") % {"date": self.loc.date(adequacy.adopted)}
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
            draft_of=self.draft_of,
            links={**self.page_links, **self.links},
        )
