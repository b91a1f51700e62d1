"""Versions stage: the Markdown of the version pages — the list, each archived statement, what changed,
and the current statement with its advance-notice banner. No MkDocs here: site/plugin.py places them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from trustsite.labels import N_
from trustsite.load.archive import archive_path, archived_ids, read_statement, version_order
from trustsite.model.files import Project
from trustsite.render.context import RenderContext

VERSIONS_DIR = "privacy/versions"  # below the language prefix
LIST_PAGE = f"{VERSIONS_DIR}/index.md"
FEED = f"{VERSIONS_DIR}/feed.xml"


def version_page(vid: str) -> str:
    return f"{VERSIONS_DIR}/{vid}/index.md"


def changes_page(vid: str) -> str:
    return f"{VERSIONS_DIR}/{vid}/changes/index.md"


def page_url(src: str) -> str:
    """A generated page's site-relative URL (directory URLs), without the language prefix."""
    return src.removesuffix("index.md")


@dataclass(frozen=True)
class GeneratedPage:
    kind: str  # list | version | changes
    vid: str | None = None


def generated_pages(root: Path, project: Project) -> dict[str, GeneratedPage]:
    """src_uri -> page, for every language: the list, and per archived version its statement and changes."""
    pages = {LIST_PAGE: GeneratedPage("list")}
    for vid in archived_ids(root):
        if vid in project.versions:
            pages[version_page(vid)] = GeneratedPage("version", vid)
            pages[changes_page(vid)] = GeneratedPage("changes", vid)
    return pages


def status(project: Project, vid: str, today: dt.date) -> str:
    """upcoming (not yet in force), current (in force) or previous (superseded)."""
    if project.versions[vid].effective > today:
        return "upcoming"
    in_force = project.version_in_force(today)
    return "current" if in_force and in_force[0] == vid else "previous"


def upcoming_version(project: Project, today: dt.date) -> str | None:
    """The next released version that has not yet taken effect (the advance notice announces it)."""
    later = [vid for vid in version_order(project.versions) if project.versions[vid].effective > today]
    return later[0] if later else None


def _render(ctx: RenderContext, template: str, **variables: object) -> str:
    vid, version = ctx.version
    return ctx.env.get_template(template).render(
        p=ctx.project, org=ctx.org, lang=ctx.language, today=ctx.today, version_id=vid, version=version,
        draft_of=ctx.draft_of, **variables)


def _link(src: str) -> str:
    """Root-relative link to a generated page; MkDocs resolves it per language (absolute_links: relative_to_docs)."""
    return "/" + src


def _after_title(markdown: str, insert: str) -> str:
    """Insert a block right after the page's first-level heading (the page keeps its title)."""
    lines = markdown.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "".join(lines[: i + 1]) + "\n" + insert.strip("\n") + "\n\n" + "".join(lines[i + 1:])
    return insert.strip("\n") + "\n\n" + markdown


def render_list(ctx: RenderContext, root: Path, feed_href: str) -> str:
    project = ctx.project
    archived = set(archived_ids(root))
    rows = []
    for vid in reversed(version_order(project.versions)):
        rows.append({
            "vid": vid, "version": project.versions[vid], "status": status(project, vid, ctx.today),
            "url": _link(version_page(vid)) if vid in archived else None,
            "changes_url": _link(changes_page(vid)) if vid in archived else None,
        })
    title = ctx.loc.gettext(N_("Versions of the privacy statement"))
    return f"# {title}\n\n" + _render(ctx, "versions/list.md", rows=rows, feed_url=feed_href)


def render_archived(ctx: RenderContext, root: Path, vid: str) -> str:
    """The archived statement exactly as published, below a banner saying which version it is."""
    project = ctx.project
    order = version_order(project.versions)
    later = order[order.index(vid) + 1:]
    until = project.versions[later[0]].effective if later else None
    vctx = RenderContext(project, ctx.language, ctx.today, overrides=ctx.overrides, version_id=vid, cache=ctx.cache)
    banner = _render(
        vctx, "versions/banner_archived.md", status=status(project, vid, ctx.today), until=until,
        current_url=_link("privacy/index.md"), changes_url=_link(changes_page(vid)), list_url=_link(LIST_PAGE))
    return _after_title(read_statement(root, vid, ctx.language), banner + "\n\n" + render_errata(vctx, vid))


def render_errata(ctx: RenderContext, vid: str) -> str:
    """The corrections of a version (its errata in today's data/versions.yml), or '' when it has none."""
    from trustsite.versions.errata import errata_of

    return _render(ctx, "versions/errata.md", errata=errata_of(ctx.project, vid))


def render_current(ctx: RenderContext, root: Path, markdown: str) -> str | None:
    """The privacy page: the version in force exactly as archived, with its corrections, and the advance notice
    while a released version is still ahead. None when the version in force was never archived (the page is then
    rendered from today's data, as before versions were archived)."""
    project = ctx.project
    upcoming = upcoming_version(project, ctx.today)
    in_force = project.version_in_force(ctx.today)
    archived = archived_ids(root)
    if in_force is not None and in_force[0] in archived:
        vid = in_force[0]
        body = read_statement(root, vid, ctx.language)
        notes = render_errata(RenderContext(project, ctx.language, ctx.today, overrides=ctx.overrides, cache=ctx.cache,
                                            version_id=vid), vid)
    elif upcoming is None:
        return None
    else:
        from trustsite.render.expand import expand_directives

        body, notes = expand_directives(markdown, ctx), ""
    if upcoming is not None and upcoming in archived:
        notes = _render(RenderContext(project, ctx.language, ctx.today, overrides=ctx.overrides, version_id=upcoming, cache=ctx.cache),
                        "versions/banner_upcoming.md", version_url=_link(version_page(upcoming)),
                        changes_url=_link(changes_page(upcoming))) + "\n\n" + notes
    return _after_title(body, notes) if notes.strip() else body


def render_draft_notice(ctx: RenderContext, markdown: str) -> str:
    """A page of a draft build, built from data or prose not yet released: the notice below its title says so,
    naming the version it differs from (the page itself never names a version it does not match)."""
    return _after_title(markdown, _render(ctx, "versions/draft.md"))


# ------------------------------------------------------------------ what changed


@lru_cache(maxsize=16)
def _load_archived(folder: str, stamp: str):  # -> Project | None; stamp: the manifest, so an edit is seen
    from trustsite.project import check_project

    return check_project(Path(folder), expiry=False, files=False, archived=True)[0]


def load_archived(root: Path, vid: str) -> Project | None:
    folder = archive_path(root, vid)
    return _load_archived(str(folder), (folder / "manifest.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Hunk:
    before: Markup | None
    after: Markup | None


def _quote(text: str | None, ctx: RenderContext) -> Markup | None:
    if not text:
        return None
    from trustsite.render.expand import expand_directives

    expanded = expand_directives(text, ctx).strip("\n")
    return Markup("\n".join("> " + line if line.strip() else ">" for line in expanded.splitlines()))


_REPORTS: dict[tuple[int, int, str, str], tuple[Project, Project, Any]] = {}


def _compare(base: Project, head: Project, previous: str, vid: str) -> Any:
    """The classified diff of two archived versions, once per process: it is the same in every language
    (archived projects are cached per manifest, so the same pair is the same two objects)."""
    from trustsite.changes.report import compare

    key = (id(base), id(head), previous, vid)
    found = _REPORTS.get(key)
    if found is None or found[0] is not base or found[1] is not head:
        if len(_REPORTS) > 32:  # pairs evicted from the archive cache keep their objects alive here
            _REPORTS.clear()
        # promised dates are judged as on the day the version was published, so the page never depends on the build date
        published = head.versions[vid].published if vid in head.versions else None
        found = _REPORTS[key] = (base, head, compare(base, head, previous, vid, today=published))
    return found[2]


def what_changed(root: Path, project: Project, vid: str, language: str, overrides: Path, today: dt.date):
    """(previous ID, plain-words sentences, count of editorial changes, prose hunks) for one language."""
    from trustsite.changes.notice import change_sentences, significant_once
    from trustsite.changes.prose import diff_page
    from trustsite.load.archive import STATEMENT_PAGE, previous_version

    previous = previous_version(project.versions, vid, archived_ids(root))
    if previous is None:
        return None, [], 0, []
    head, base = load_archived(root, vid), load_archived(root, previous)
    if head is None or base is None:
        raise ValueError(f"archive/{previous} or archive/{vid} cannot be read as a project")
    report = _compare(base, head, previous, vid)
    facts = [d for d in significant_once(report, "significant") + significant_once(report, "review")
             if d.change.entity != "page"]
    sentences = change_sentences(facts, base, head, language, overrides)
    editorial = len([d for d in report.by_level("editorial") if d.change.entity != "page"])
    old_page, new_page = base.content.get(STATEMENT_PAGE, language), head.content.get(STATEMENT_PAGE, language)
    hunks = []
    if old_page is not None and new_page is not None:
        before_ctx = RenderContext(base, language, today, overrides=overrides, version_id=previous)
        after_ctx = RenderContext(head, language, today, overrides=overrides, version_id=vid)
        for h in diff_page(old_page.text, new_page.text):
            if h.kind == "moved":
                continue
            hunks.append(Hunk(_quote(h.before, before_ctx), _quote(h.after, after_ctx)))
    return previous, sentences, editorial, hunks


def render_changes(ctx: RenderContext, root: Path, vid: str) -> str:
    from trustsite.render.markdown import escape_markdown

    previous, sentences, editorial, hunks = what_changed(root, ctx.project, vid, ctx.language, ctx.overrides_dir,
                                                         ctx.today)
    vctx = RenderContext(ctx.project, ctx.language, ctx.today, overrides=ctx.overrides, version_id=vid, cache=ctx.cache)
    title = ctx.loc.gettext(N_("What changed in version %(id)s")) % {"id": vid}
    return f"# {escape_markdown(title)}\n\n" + _render(
        vctx, "versions/changes.md", previous_id=previous, sentences=sentences, editorial=editorial, hunks=hunks,
        version_url=_link(version_page(vid)), list_url=_link(LIST_PAGE))
