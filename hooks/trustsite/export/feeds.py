"""Export stage: an Atom feed of sub-processor changes per language (made with feedgen)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from trustsite.labels import N_
from trustsite.load.archive import version_order
from trustsite.model.files import Project
from trustsite.model.lifecycle import Timeline, announced, change_concerns_scope
from trustsite.render.localize import Localizer
from trustsite.render.markdown import as_anchor

CHANGE_LABELS = {"added": N_("Added"), "removed": N_("Removed"), "changed": N_("Changed")}


def _moment(day: dt.date) -> dt.datetime:
    """A change takes effect on a day; Atom wants a moment: midnight UTC, so feeds are reproducible."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def changes_feed(project: Project, loc: Localizer, *, feed_url: str, page_url: str, site_name: str,
                 fallback_updated: dt.date, today: dt.date, scope: str | None = None,
                 upcoming_url: str | None = None) -> bytes:
    """The Atom document for one language (and one scope's customers, if given). An entry appears on the day the
    change is announced, never before (GDPR Art. 28(2): customers learn of an intended change ahead of it), and says
    when it takes effect and until when customers can object. Entry IDs are tag URIs of the stable change IDs. An
    entry links to its row: in the history (`page_url`) once in effect, among the upcoming changes (`upcoming_url`,
    the page with {{ subprocessor_upcoming }}) before."""
    host = urlsplit(feed_url).hostname or "localhost"
    org = project.organisation
    fg = FeedGenerator()
    fg.id(feed_url)
    title = loc.gettext(N_("Sub-processor changes"))  # outside the f-string, where pybabel finds it
    if scope is not None:
        title = loc.gettext(N_("Sub-processor changes for %(scope)s")) % {"scope": loc.text(project.scopes[scope].title)}
    fg.title(f"{site_name}: {title}")
    fg.language(loc.language)
    fg.author({"name": org.controller.legal_name, "email": org.privacy_contact.email})
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.link(href=page_url, rel="alternate", type="text/html")
    told = [t for t in announced(project, today)
            if scope is None or change_concerns_scope(project, t.change, scope)]
    fg.updated(_moment(told[-1].announced if told else fallback_updated))
    for t in told:
        change = t.change
        name = change.name if change.name is not None else project.subprocessors[change.subprocessor].name
        entry = fg.add_entry(order="append")
        entry.id(f"tag:{host},{t.announced.isoformat()}:subprocessor-change:{t.cid}")
        entry.title(f"{loc.gettext(CHANGE_LABELS[change.change])}: {name}")
        shown_on = upcoming_url if upcoming_url and t.stage(today) == "upcoming" else page_url
        entry.link(href=f"{shown_on}#change-{as_anchor(t.cid)}", rel="alternate", type="text/html")
        entry.published(_moment(t.announced))
        entry.updated(_moment(t.announced))
        entry.summary(" ".join([loc.text(change.summary), *timeline_sentences(t, loc)]))
    return fg.atom_str(pretty=True)


def timeline_sentences(t: Timeline, loc: Localizer) -> list[str]:
    """When the change takes effect and, for an announced one, until when customers can object."""
    out = [loc.gettext(N_("Takes effect on %(date)s.")) % {"date": loc.date(t.effective)}]
    if t.deadline is not None:
        out.append(loc.gettext(N_("Objections until %(date)s.")) % {"date": loc.date(t.deadline)})
    return out


def versions_feed(project: Project, loc: Localizer, *, feed_url: str, versions_url: str, site_name: str,
                  archived: list[str]) -> bytes:
    """The Atom document of the statement's versions in one language; entry IDs are tag URIs of the version IDs."""
    host = urlsplit(feed_url).hostname or "localhost"
    org = project.organisation
    fg = FeedGenerator()
    fg.id(feed_url)
    title = loc.gettext(N_("Versions of the privacy statement"))
    fg.title(f"{site_name}: {title}")
    fg.language(loc.language)
    fg.author({"name": org.controller.legal_name, "email": org.privacy_contact.email})
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.link(href=versions_url, rel="alternate", type="text/html")
    order = version_order(project.versions)
    fg.updated(_moment(max(v.published for v in project.versions.values())))
    for vid in order:
        version = project.versions[vid]
        entry = fg.add_entry(order="append")
        entry.id(f"tag:{host},{version.published.isoformat()}:statement-version:{vid}")
        effective = loc.date(version.effective)
        entry.title(loc.gettext(N_("Version %(id)s, in force from %(date)s")) % {"id": vid, "date": effective})
        link = f"{versions_url}{vid}/" if vid in archived else versions_url
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(_moment(version.published))
        entry.updated(_moment(version.published))
        if version.summary is not None:
            entry.summary(loc.text(version.summary))
    return fg.atom_str(pretty=True)
