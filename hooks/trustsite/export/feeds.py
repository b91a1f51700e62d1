"""Export stage: an Atom feed of sub-processor changes per language (made with feedgen)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from trustsite.export.paths import N_
from trustsite.model.files import Project
from trustsite.render.localize import Localizer
from trustsite.render.markdown import as_anchor

CHANGE_LABELS = {"added": N_("Added"), "removed": N_("Removed"), "changed": N_("Changed")}


def _moment(day: dt.date) -> dt.datetime:
    """A change takes effect on a day; Atom wants a moment: midnight UTC, so feeds are reproducible."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def changes_feed(project: Project, loc: Localizer, *, feed_url: str, page_url: str, site_name: str,
                 fallback_updated: dt.date) -> bytes:
    """The Atom document for one language. Entry IDs are tag URIs of the stable change IDs."""
    host = urlsplit(feed_url).hostname or "localhost"
    org = project.organisation
    fg = FeedGenerator()
    fg.id(feed_url)
    title = loc.gettext(N_("Sub-processor changes"))  # outside the f-string, where pybabel finds it
    fg.title(f"{site_name}: {title}")
    fg.language(loc.language)
    fg.author({"name": org.controller.legal_name, "email": org.privacy_contact.email})
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.link(href=page_url, rel="alternate", type="text/html")
    changes = sorted(project.subprocessor_changes.items(), key=lambda row: (row[1].date, row[0]))
    fg.updated(_moment(changes[-1][1].date if changes else fallback_updated))
    for cid, change in changes:
        name = change.name if change.name is not None else project.subprocessors[change.subprocessor].name
        entry = fg.add_entry(order="append")
        entry.id(f"tag:{host},{change.date.isoformat()}:subprocessor-change:{cid}")
        entry.title(f"{loc.gettext(CHANGE_LABELS[change.change])}: {name}")
        entry.link(href=f"{page_url}#change-{as_anchor(cid)}", rel="alternate", type="text/html")
        entry.published(_moment(change.date))
        entry.updated(_moment(change.date))
        entry.summary(loc.text(change.summary))
    return fg.atom_str(pretty=True)


def versions_feed(project: Project, loc: Localizer, *, feed_url: str, versions_url: str, site_name: str,
                  archived: list[str]) -> bytes:
    """The Atom document of the statement's versions in one language; entry IDs are tag URIs of the version IDs."""
    from trustsite.versions.archive import version_order

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
