"""Change stage: the change report — compare two states, then print it as text, JSON, Markdown or annotations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from trustsite.changes.classify import LEVELS, Decision, classify_change, overall_level
from trustsite.changes.diff import diff_projects
from trustsite.project import paused_gc
from trustsite.model.files import Project

REPORT_SCHEMA_VERSION = 1
COMMENT_MARKER = "<!-- trustsite-diff -->"  # lets CI find and update its own pull-request comment

HEADINGS = {
    "significant": "Significant: tell customers before it takes effect",
    "review": "Review: a person must decide",
    "editorial": "Editorial: no notice needed",
}
VERDICTS = {
    "none": "no change to the privacy facts or prose",
    "editorial": "editorial changes only; no notice needed",
    "review": "changes a person must review before merging",
    "significant": "significant changes; customers must be told before they take effect",
}


@dataclass
class Report:
    base: str
    head: str
    decisions: list[Decision]

    @property
    def level(self) -> str:
        return overall_level(self.decisions)

    def by_level(self, level: str) -> list[Decision]:
        return [d for d in self.decisions if d.level == level]

    def counts(self) -> dict[str, int]:
        return {level: len(self.by_level(level)) for level in reversed(LEVELS)}

    def summary(self) -> str:
        parts = [f"{n} {level}" for level, n in self.counts().items() if n]
        detail = f" ({', '.join(parts)})" if parts else ""
        return f"{self.level.upper()}: {VERDICTS[self.level]}{detail}; {self.base} -> {self.head}"


def compare(base: Project, head: Project, base_label: str, head_label: str) -> Report:
    """Diff two validated projects and classify every change with the head's overrides."""
    overrides = head.organisation.change_rules
    with paused_gc():
        changes = diff_projects(base, head)
    return Report(base_label, head_label, [classify_change(c, overrides) for c in changes])


# ------------------------------------------------------------------ how a change reads


def _short(value: Any, limit: int = 160) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()) and all(
            len(k) <= 3 for k in value):  # a translated text: show one language, count the rest
        lang, text = next(iter(value.items()))
        more = f" (and {len(value) - 1} more languages)" if len(value) > 1 else ""
        return f"[{lang}] {_short(text, limit)}{more}"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def subject(d: Decision) -> str:
    """'purpose newsletter ("Newsletter ...")', 'page privacy/index [nl]', 'organisation'."""
    c = d.change
    if c.entity == "page":
        return f"page {c.id} [{c.field}]"
    name = f"{c.entity} {c.id}".strip()
    return f'{name} ("{c.title}")' if c.title and c.title != c.id else name


def what(d: Decision) -> str:
    """What happened, in one line: 'legal_basis changed: consent -> contract'."""
    c = d.change
    target = c.field if c.entity != "page" and c.field else ("paragraph" if c.entity == "page" else "entry")
    if c.facts.get("text") == "moved":
        return f"paragraph moved: {_short(c.after)}"
    if c.action == "added":
        return f"{target} added: {_short(c.after)}"
    if c.action == "removed":
        return f"{target} removed: {_short(c.before)}"
    return f"{target} changed: {_short(c.before)} -> {_short(c.after)}"


def rule_line(d: Decision) -> str:
    text = f"rule {d.rule.id}: {d.rule.reason} [{d.rule.source}]"
    if d.override:
        text += f" Level set to {d.level} by the organisation (data/organisation.yml change_rules): {d.override}"
    return text


# ------------------------------------------------------------------ formats


def format_text(report: Report) -> str:
    lines = [report.summary()]
    for level in reversed(LEVELS):
        for d in report.by_level(level):
            lines.append("")
            lines.append(f"{level:<12}{d.change.where}")
            lines.append(f"{'':<12}{subject(d)}: {what(d)}")
            lines.append(f"{'':<12}{rule_line(d)}")
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> str:
    doc = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "base": report.base,
        "head": report.head,
        "level": report.level,
        "counts": report.counts(),
        "changes": [d.as_json() for d in report.decisions],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def format_markdown(report: Report) -> str:
    """A pull-request comment: one summary line, then the changes by level with rule and reason."""
    counts = report.counts()
    parts = [f"{n} {level}" for level, n in counts.items() if n]
    lines = [
        COMMENT_MARKER,
        f"**Privacy change report: {report.level}** ({', '.join(parts) or 'no changes'}): {VERDICTS[report.level]}."
        f" Compared `{_cell(report.base)}` with `{_cell(report.head)}`.",
    ]
    for level in reversed(LEVELS):
        rows = report.by_level(level)
        if not rows:
            continue
        heading = f"{HEADINGS[level]} ({len(rows)})"
        lines.append("")
        if level == "editorial":
            lines += [f"<details><summary>{heading}</summary>", ""]
        else:
            lines += [f"### {heading}", ""]
        lines += ["| What | Change | Rule and reason | Where |", "|---|---|---|---|"]
        for d in rows:
            reason = f"`{d.rule.id}`: {d.rule.reason} <br>*{d.rule.source}*"
            if d.override:
                reason += f" <br>**Set to {d.level} by the organisation:** {d.override}"
            lines.append(f"| {_cell(subject(d))} | {_cell(what(d))} | {_cell(reason).replace('&lt;br>', '<br>')} "
                         f"| `{_cell(d.change.where)}` |")
        if level == "editorial":
            lines += ["", "</details>"]
    if report.level == "significant":
        lines += ["", "A significant change needs a new version in `data/versions.yml` whose effective date "
                  "leaves the notice period, and a customer notice: run `trustsite notice` for the drafts."]
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per change on the file and line it concerns."""
    command = {"significant": "warning", "review": "warning", "editorial": "notice"}
    lines = []
    for d in report.decisions:
        props = [f"file={_escape_property(d.change.file)}"]
        if d.change.line:
            props.append(f"line={d.change.line}")
        props.append(f"title={_escape_property(f'{d.level}: {d.rule.id}')}")
        message = f"{subject(d)}: {what(d)}\n{rule_line(d)}"
        lines.append(f"::{command[d.level]} {','.join(props)}::{_escape_data(message)}")
    lines.append(f"::notice title=trustsite diff::{_escape_data(report.summary())}")
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": format_json, "markdown": format_markdown, "github": format_github}
