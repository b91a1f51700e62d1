"""Change stage: the customer notice for a significant change, drafted in every language (WP260 para 29)."""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from trustsite.changes.classify import Decision
from trustsite.changes.gate import new_versions
from trustsite.changes.report import Report
from trustsite.load.siteconfig import parse_site_config, read_site_config
from trustsite.model.files import Project
from trustsite.model.lifecycle import Timeline, concerns_scope, timelines
from trustsite.model.organisation import Version
from trustsite.paths import fragment_dirs
from trustsite.render.context import RenderContext
from trustsite.render.templates import NOTICE_HTML, NOTICE_TEXT

PRIVACY_PAGE = "privacy/"  # where the statement lives on the site, below the language prefix


class NoticeError(Exception):
    """The notice cannot be drafted (no new version to announce); the message says what to do."""


@dataclass(frozen=True)
class Draft:
    language: str
    subject: str
    text: str
    html: str
    audience: str | None = None  # the scope whose customers it is for; None: every reader


def _subprocessor_ids(decisions: list[Decision]) -> set[str]:
    return {d.change.id for d in decisions if d.change.entity == "subprocessor"}


def objection_deadlines(decisions: list[Decision], head: Project) -> list[Timeline]:
    """The announced sub-processor changes behind the notice's sub-processor decisions, each with its own objection
    deadline (announcement plus its notice period, GDPR Art. 28(2)), the soonest first."""
    ids = _subprocessor_ids(decisions)
    found = [t for t in timelines(head).values()
             if t.deadline is not None and ids & {t.change.subprocessor, t.change.replaces}]
    return sorted(found, key=lambda t: (t.deadline, t.cid))


def _concerns(decision: Decision, scope_id: str, base: Project, head: Project) -> bool:
    """A sub-processor decision concerns a scope's customers when its sub-processor does (head's entry, else the
    base's); every other change concerns every reader."""
    if decision.change.entity != "subprocessor":
        return True
    for project in (head, base):
        sub = project.subprocessors.get(decision.change.id)
        if sub is not None and scope_id in project.scopes:
            return concerns_scope(sub, scope_id, project)
    return True


def audiences(decisions: list[Decision], base: Project, head: Project) -> list[tuple[str | None, list[Decision]]]:
    """Who gets which notice: without scopes every reader gets every change. With scopes, the notice for every
    reader keeps the changes of sub-processors limited to no scope, and each scope that a scoped sub-processor
    change concerns gets its own notice with everything that concerns its customers (issue 16 item 5)."""
    if not head.scopes:
        return [(None, decisions)]
    everyone = [d for d in decisions if all(_concerns(d, sid, base, head) for sid in head.scopes)]
    out: list[tuple[str | None, list[Decision]]] = [(None, everyone)] if everyone else []
    for sid in head.scopes:
        own = [d for d in decisions if _concerns(d, sid, base, head)]
        if len(own) > len(everyone):
            out.append((sid, own))
    return out


def statement_url(site_url: str, language: str, default_language: str) -> str:
    """The statement's address in one language (mkdocs-static-i18n: the default language at the root)."""
    base = site_url.rstrip("/") + "/"
    prefix = "" if language == default_language else f"{language}/"
    return f"{base}{prefix}{PRIVACY_PAGE}"


def _oneline(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _environment(ctx: RenderContext, *, html: bool) -> jinja2.Environment:
    """The fragments' filters and helpers, without their Markdown escaping: e-mail is text or HTML."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in fragment_dirs(ctx.overrides_dir)]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=html,
        bytecode_cache=NOTICE_HTML if html else NOTICE_TEXT,
    )
    env.install_gettext_callables(ctx.loc.gettext, ctx.loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
    base_env = ctx.env
    env.filters.update({k: base_env.filters[k] for k in ("t", "date", "country", "countries", "duration", "join_list", "gdpr")})
    env.filters["oneline"] = (lambda v: jinja2.utils.markupsafe.Markup(_oneline(v))) if html else _oneline
    env.globals.update({k: v for k, v in base_env.globals.items() if k not in ("_", "gettext", "ngettext")})
    return env


def _item_title(ctx: RenderContext, base: Project) -> Any:
    def title(change: Any) -> str:
        from trustsite.changes.diff import ENTITY_NAMES

        key = next((k for k, v in ENTITY_NAMES.items() if v == change.entity), None)
        for project in (ctx.project, base):
            table = getattr(project, key, None) if key else None
            entry = table.get(change.id) if isinstance(table, dict) else None
            if entry is not None and hasattr(entry, "title"):
                return ctx.loc.text(entry.title)
            if entry is not None and hasattr(entry, "name"):
                return entry.name
        return change.id or ctx.project.organisation.controller.trading_name
    return title


def draft_notice(decisions: list[Decision], base: Project, head: Project, version: Version, language: str,
                 overrides: Path, url: str, audience: str | None = None) -> Draft:
    ctx = RenderContext(head, language, version.effective, overrides=overrides)
    subprocessor_change = head.organisation.processor_for_customers and bool(_subprocessor_ids(decisions))
    variables = {
        "p": head,
        "b": base,
        "language": language,
        "version": version,
        "decisions": decisions,
        "url": url,
        "uses_consent": head.uses_legal_basis("consent"),
        "uses_interest": head.uses_legal_basis("legitimate_interest"),
        # the objection under a data processing agreement concerns business customers only (Art. 28(2))
        "subprocessor_change": subprocessor_change,
        # announced changes carry their own objection deadline; without one customers object until the version
        "deadlines": objection_deadlines(decisions, head) if subprocessor_change else [],
        "scope": head.scopes[audience] if audience else None,
        "item_title": _item_title(ctx, base),
    }
    text_env, html_env = _environment(ctx, html=False), _environment(ctx, html=True)
    subject = typeset(_oneline(text_env.get_template("notice/subject.txt").render(variables)))
    text = text_env.get_template("notice/body.txt").render(variables)
    text = typeset(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n")
    html = typeset(html_env.get_template("notice/body.html").render({**variables, "subject": subject}))
    return Draft(language, subject, text, html, audience)


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def typeset(text: str) -> str:
    """One full stop where a sentence ends in an abbreviation: a Lithuanian date ends in 'd.' ("2027 m.
    sausio 15 d."), a German one may end in "Jan.", and the sentence around it adds its own; an ellipsis
    ('...') stays."""
    return _DOUBLE_STOP.sub(".", text)


def change_sentences(decisions: list[Decision], base: Project, head: Project, language: str,
                     overrides: Path) -> list[str]:
    """Each change in plain words in one language: the notice's sentences, one per decision."""
    ctx = RenderContext(head, language, dt.date.today(), overrides=overrides)
    variables = {"p": head, "b": base, "language": language, "decisions": decisions,
                 "item_title": _item_title(ctx, base)}
    text = _environment(ctx, html=False).get_template("notice/sentences.txt").render(variables)
    return [typeset(line.strip()) for line in text.splitlines() if line.strip()]


def significant_once(report: Report, level: str = "significant") -> list[Decision]:
    """One line per thing customers must know: a change in several languages or fields is told once."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for d in report.by_level(level):
        key = (d.rule.id, d.change.entity, d.change.id, d.change.field if d.change.entity != "subprocessor" else "")
        if d.rule.id == "purpose-legal-basis":  # legal_basis and legal_bases of one purpose: one sentence
            key = (d.rule.id, d.change.entity, d.change.id, "")
        if d.rule.id.startswith("subprocessor-added"):
            key = ("subprocessor-added", "subprocessor", d.change.id, "")
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def draft_notices(report: Report, base: Project, head: Project, overrides: Path,
                  site_url: str) -> tuple[str, list[Draft]]:
    """The new version's ID and one draft per audience (see `audiences`) and language of the head project."""
    added = new_versions(base, head)
    if not added:
        raise NoticeError("no new version in data/versions.yml to announce; add one with the effective date "
                          "of the change (trustsite gate checks the notice period)")
    vid = added[0]
    version = head.versions[vid]
    decisions = significant_once(report)
    drafts = [
        draft_notice(own, base, head, version, lang, overrides,
                     statement_url(site_url, lang, head.default_language), audience)
        for audience, own in audiences(decisions, base, head)
        for lang in head.languages
    ]
    return vid, drafts


def as_email(draft: Draft, sender: str) -> email.message.EmailMessage:
    """A ready-to-review message: plain text with an HTML alternative."""
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = draft.subject
    msg["From"] = sender
    msg.set_content(draft.text)
    msg.add_alternative(draft.html, subtype="html")
    msg["Content-Language"] = draft.language  # after the body: set_content() drops Content-* headers
    return msg


def site_url_of(root: Path, head: str | None = None) -> str:
    """The site address from the head state's mkdocs.yml: the committed HEAD (or the ref HEAD names), not
    whatever the working tree holds, so a draft links where the merged change will be published."""
    from trustsite.changes.states import StateError, committed_file

    config: dict[str, Any] = {}
    if head is not None and Path(head).is_dir():
        config = read_site_config(Path(head))
    else:
        try:
            text = committed_file(root, head or "HEAD", "./mkdocs.yml")  # ./: relative to --root inside the repository
        except StateError:
            text = None  # not a git repository (or mkdocs.yml not committed): the folder's own file
        config = parse_site_config(text) if text is not None else read_site_config(root)
    url = config.get("site_url")
    if not url:
        raise NoticeError("mkdocs.yml has no site_url; the notice links to the new version on the site")
    return str(url)


def write_notices(report: Report, base: Project, head: Project, overrides: Path, out_dir: Path,
                  site_url: str) -> list[Path]:
    _, drafts = draft_notices(report, base, head, overrides, site_url)
    written = []
    sender = head.organisation.privacy_contact.email
    for draft in drafts:
        # a scope's notices beside the general ones: out/<language>/, out/scopes/<scope>/<language>/
        folder = out_dir / "scopes" / draft.audience / draft.language if draft.audience else out_dir / draft.language
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "subject.txt": draft.subject + "\n",
            "body.txt": draft.text,
            "body.html": draft.html,
        }
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
            written.append(folder / name)
        (folder / "message.eml").write_bytes(as_email(draft, sender).as_bytes())
        written.append(folder / "message.eml")
    return written
