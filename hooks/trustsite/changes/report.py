"""Change stage: the change report — compare two states, then print it as text, JSON, Markdown or annotations."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
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
    sentences: list[str] = field(default_factory=list)  # one per decision, in the report's language
    notes: list[str] = field(default_factory=list)  # what the reader should know about the report itself
    notice_days: int = 30  # the head organisation's notice period, for the next steps

    def sentence(self, index: int) -> str:
        return self.sentences[index] if index < len(self.sentences) else what(self.decisions[index])

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


def classify(base: Project, head: Project, today: dt.date | None = None) -> list[Decision]:
    """Diff two validated projects and classify every change with the head's rule overrides (no sentences)."""
    with paused_gc():
        changes = diff_projects(base, head, today)
    return [classify_change(c, head.organisation.change_rules) for c in changes]


def compare(base: Project, head: Project, base_label: str, head_label: str, today: dt.date | None = None,
            overrides: Path | None = None, language: str | None = None) -> Report:
    """Diff two validated projects and classify every change with the head's rule overrides; promised dates
    are judged against `today` (default: the system date). Each change is described in `language` (default:
    the head's default language) with the fragments and catalogs of `overrides` (the theme's custom_dir)."""
    from trustsite.changes.describe import describe_changes, report_language

    decisions = classify(base, head, today)
    language = report_language(head, language)
    sentences = describe_changes(decisions, base, head, language, overrides or head.root / "overrides")
    return Report(base_label, head_label, decisions, sentences, _notes(decisions),
                  head.organisation.notice_period_days)


def _notes(decisions: list[Decision]) -> list[str]:
    missing = sorted({lang for d in decisions for lang in d.change.facts.get("dictionary", "missing:")[8:].split(",") if lang})
    if not missing:
        return []
    return [f"no spelling dictionary for {', '.join(missing)} on this machine: corrected words there were not "
            "recognised as typos and go to a person (install the hunspell dictionary, see .ci/apt-packages.txt)"]


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


def _ordered(report: Report) -> list[tuple[Decision, str]]:
    """(decision, sentence), significant first, in diff order within a level."""
    pairs = list(zip(report.decisions, (report.sentence(i) for i in range(len(report.decisions)))))
    return [pair for level in reversed(LEVELS) for pair in pairs if pair[0].level == level]


def format_text(report: Report) -> str:
    lines = [report.summary(), *(f"note: {n}" for n in report.notes)]
    for d, sentence in _ordered(report):
        lines.append("")
        lines.append(f"{d.level:<12}{d.change.where}")
        lines.append(f"{'':<12}{sentence}")
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


LEADS = {
    "significant": "**Significant: customers must be told before this takes effect.**",
    "review": "**Review: a person must decide before this is merged.**",
    "editorial": "**Editorial: no notice needed.**",
    "none": "**No change to the privacy facts or prose.**",
}


def next_steps(report: Report) -> str:
    """What to do now, in one line: the decision leads, the way to act on it follows."""
    days = report.notice_days
    if report.level == "significant":
        return (f"Next: record a version that takes effect at least {days} days from the day you tell customers "
                "(`trustsite release --effective YYYY-MM-DD`), draft the customer notice with `trustsite notice` and send "
                "it; `trustsite gate` checks the dates before merging.")
    if report.level == "review":
        return ("Next: read each change under Review and decide. If customers must be told, release with "
                "`trustsite release --level significant --effective YYYY-MM-DD` and send the notice (`trustsite notice`); "
                "if not, `trustsite release --level editorial`.")
    if report.level == "editorial":
        return "Next: merge; the statement is updated without a customer notice (`trustsite release --level editorial` records the version)."
    return "Next: nothing to do."


def format_markdown(report: Report) -> str:
    """A pull-request comment: the decision and what to do next, then the changes by level with rule and reason."""
    counts = report.counts()
    parts = [f"{n} {level}" for level, n in counts.items() if n]
    lines = [
        COMMENT_MARKER,
        f"{LEADS[report.level]} {', '.join(parts) or 'no changes'}; compared `{_cell(report.base)}` with `{_cell(report.head)}`.",
        next_steps(report),
        *(f"> Note: {_cell(n)}" for n in report.notes),
    ]
    ordered = _ordered(report)
    for level in reversed(LEVELS):
        rows = [(d, sentence) for d, sentence in ordered if d.level == level]
        if not rows:
            continue
        heading = f"{HEADINGS[level]} ({len(rows)})"
        lines.append("")
        if level == "editorial":
            lines += [f"<details><summary>{heading}</summary>", ""]
        else:
            lines += [f"### {heading}", ""]
        lines += ["| Change | Rule and reason | Where |", "|---|---|---|"]
        for d, sentence in rows:
            reason = f"`{d.rule.id}`: {d.rule.reason} <br>*{d.rule.source}*"
            if d.override:
                reason += f" <br>**Set to {d.level} by the organisation:** {d.override}"
            lines.append(f"| {_cell(sentence)} | {_cell(reason).replace('&lt;br>', '<br>')} | `{_cell(d.change.where)}` |")
        if level == "editorial":
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMANDS = {"significant": "error", "review": "warning", "editorial": "notice"}  # a significant change fails the check run


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per change on the file and line it concerns."""
    lines = []
    for d, sentence in _ordered(report):
        props = [f"file={_escape_property(d.change.file)}"]
        if d.change.line:
            props.append(f"line={d.change.line}")
        props.append(f"title={_escape_property(f'{d.level}: {d.rule.id}')}")
        message = f"{sentence}\n{rule_line(d)}"
        lines.append(f"::{GITHUB_COMMANDS[d.level]} {','.join(props)}::{_escape_data(message)}")
    for note in report.notes:
        lines.append(f"::warning title=trustsite diff::{_escape_data(note)}")
    lines.append(f"::notice title=trustsite diff::{_escape_data(report.summary())}")
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": format_json, "markdown": format_markdown, "github": format_github}
