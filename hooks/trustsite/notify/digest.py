"""Notify stage: what subscribers are told on a day, as one message per language and list.

Everything announced on the same day goes out as one message: the sub-processor changes announced that day
(each with the date it takes effect, the deadline to object and how, GDPR Art. 28(2)) and the versions of the
statement published that day. A list for one scope gets only the changes that concern that scope's customers.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import re
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from trustsite.model.files import Project
from trustsite.model.lifecycle import Timeline, announced, change_concerns_scope
from trustsite.model.organisation import Version
from trustsite.paths import fragment_dirs
from trustsite.render.context import RenderContext
from trustsite.load.directives import block_names


@dataclass(frozen=True)
class Announcement:
    """What was announced on one day."""

    day: dt.date
    changes: list[Timeline] = field(default_factory=list)
    versions: list[tuple[str, Version]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.versions)

    def for_scope(self, project: Project, scope: str | None) -> Announcement:
        if scope is None:
            return self
        changes = [t for t in self.changes if change_concerns_scope(project, t.change, scope)]
        return Announcement(self.day, changes, list(self.versions))  # a new version concerns every customer


def collect(project: Project, day: dt.date) -> Announcement:
    """The changes announced on `day` (by change ID) and the versions published that day (by effective date)."""
    changes = [t for t in announced(project, day) if t.announced == day]
    versions = sorted(((vid, v) for vid, v in project.versions.items() if v.published == day),
                      key=lambda row: (row[1].effective, row[0]))
    return Announcement(day, changes, versions)


@dataclass(frozen=True)
class Message:
    """One message for one list: a language, and a scope (None: the list for every change)."""

    language: str
    scope: str | None
    subject: str
    text: str
    html: str

    @property
    def list_key(self) -> str:
        """The key of its list in data/subscriptions.yml: '<language>' or '<language>.<scope>'."""
        return self.language if self.scope is None else f"{self.language}.{self.scope}"

    def as_email(self, sender: str, to: str, day: dt.date) -> email.message.EmailMessage:
        """Plain text with an HTML alternative; the Message-ID is fixed per day, language and scope, so that a
        list provider or reader can tell a repeated run."""
        msg = email.message.EmailMessage(policy=email.policy.SMTP)
        msg["From"] = sender
        msg["To"] = to
        msg["Subject"] = self.subject
        msg["Date"] = formatdate(localtime=False)
        host = sender.rpartition("@")[2] or "localhost"
        msg["Message-ID"] = f"<trustsite.{day.isoformat()}.{self.list_key}@{host}>"
        msg.set_content(self.text)
        msg.add_alternative(self.html, subtype="html")
        msg["Content-Language"] = self.language  # after the body: set_content() drops Content-* headers
        return msg


def page_url(site_url: str, src_uri: str, language: str, default_language: str) -> str:
    """The address of a content page as MkDocs (use_directory_urls) and mkdocs-static-i18n publish it."""
    path = src_uri.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    prefix = "" if language == default_language else f"{language}/"
    return f"{site_url.rstrip('/')}/{prefix}{path}"


def changes_page(project: Project, site_url: str, language: str) -> str:
    """Where the change log is: the page with {{ subprocessor_upcoming }}, else {{ subprocessor_changes }}."""
    pages = sorted((p for p in project.content.pages.values() if p.language == project.default_language),
                   key=lambda p: p.src_uri)
    for block in ("subprocessor_upcoming", "subprocessor_changes"):
        for page in pages:
            if block in block_names(page.text):
                return page_url(site_url, page.src_uri, language, project.default_language)
    return site_url


def _environment(ctx: RenderContext, *, html: bool) -> jinja2.Environment:
    """The fragments' filters and helpers without their Markdown escaping: e-mail is plain text or HTML."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in fragment_dirs(ctx.overrides_dir)]),
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, autoescape=html)
    env.install_gettext_callables(ctx.loc.gettext, ctx.loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update({k: ctx.env.filters[k] for k in ("t", "date", "country", "countries")})
    env.globals["trust"] = ctx.env.globals["trust"]
    return env


def draft_messages(project: Project, announcement: Announcement, site_url: str, overrides: Path | None,
                   lists: list[str] | None = None) -> list[Message]:
    """One message per language (and per scope that has its own list, when `lists` names them), for what was
    announced; a list whose scope no announced change concerns gets a message only for a new version."""
    keys = lists if lists is not None else list(project.languages)
    out = []
    for language in project.languages:
        ctx = RenderContext(project, language, announcement.day, overrides=overrides)
        text_env, html_env = _environment(ctx, html=False), _environment(ctx, html=True)
        for scope in [None, *sorted(project.scopes)]:
            key = language if scope is None else f"{language}.{scope}"
            told = announcement.for_scope(project, scope)
            if key not in keys or not told:
                continue
            variables = {"p": project, "org": project.organisation, "a": told, "language": language,
                         "scope": project.scopes[scope] if scope else None,
                         "url": changes_page(project, site_url, language),
                         "objections": project.organisation.subprocessor_objections,
                         "host": urlsplit(site_url).hostname or ""}
            subject = re.sub(r"[ \t\r\n]+", " ",  # a no-break space (French before a colon) stays
                             text_env.get_template("notice/announcement_subject.txt").render(variables)).strip()
            text = text_env.get_template("notice/announcement_body.txt").render(variables)
            text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
            html = html_env.get_template("notice/announcement_body.html").render({**variables, "subject": subject})
            out.append(Message(language, scope, subject, text, html))
    return out
