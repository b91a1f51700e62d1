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
from trustsite.render.markdown import escape_cell, finalize, md_link
from trustsite.rules import load_transfer_rules

FRAGMENTS_DIR = Path("overrides") / "fragments"
LOCALES_DIR = Path("overrides") / "locales"


@dataclass
class RenderContext:
    """One language's rendering of one project, on one build date."""

    project: Project
    language: str
    today: dt.date
    links: dict[str, str] = field(default_factory=dict)  # page key -> URL relative to the current page

    @cached_property
    def loc(self) -> Localizer:
        return Localizer(self.language, load_catalog(self.project.root / LOCALES_DIR, self.language))

    @property
    def org(self) -> Organisation:
        return self.project.organisation

    @cached_property
    def version(self) -> tuple[str, Version]:
        found = self.project.version_in_force(self.today)
        if found is None:  # nothing in force yet: show the earliest, which the page announces
            vid = min(self.project.versions, key=lambda k: self.project.versions[k].effective)
            return vid, self.project.versions[vid]
        return found

    @cached_property
    def env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.project.root / FRAGMENTS_DIR)),
            extensions=["jinja2.ext.i18n"],
            finalize=finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
        )
        env.install_gettext_callables(self.loc.gettext, self.loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
        loc = self.loc
        env.filters.update(
            t=loc.text,
            date=loc.date,
            country=loc.country,
            countries=loc.countries,
            duration=loc.duration,
            join_list=loc.list,
            cell=escape_cell,
        )
        env.globals.update(
            link=md_link,
            mailto=lambda email: md_link(email, f"mailto:{email}"),
            basis_article=LEGAL_BASIS_ARTICLES.get,
            right_article=RIGHT_ARTICLES.get,
            transfer_rules=load_transfer_rules(),
        )
        return env

    def render_fragment(self, name: str, **extra: Any) -> str:
        template = self.env.get_template(name)
        vid, version = self.version
        return template.render(
            p=self.project,
            org=self.org,
            lang=self.language,
            today=self.today,
            version_id=vid,
            version=version,
            links=self.links,
            **extra,
        )
