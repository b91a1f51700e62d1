"""Render stage: expand the directives of a content page (load/directives.py finds them) into Markdown for one
language: a block becomes its fragment, an inline directive one escaped value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from trustsite.labels import N_
from trustsite.load.directives import BLOCKS, Directive, find_directives
from trustsite.render.markdown import escape_markdown

if TYPE_CHECKING:
    from trustsite.render.context import RenderContext


DRAFT_LABEL = N_("Draft, not released")


def _version_field(name: str) -> Callable[["RenderContext"], str]:
    def get(ctx: "RenderContext") -> str:
        if ctx.draft_of is not None:  # unreleased data has no version number or date yet
            return ctx.loc.gettext(DRAFT_LABEL)
        vid, version = ctx.version
        return vid if name == "id" else ctx.loc.date(getattr(version, name))

    return get


# The value of each inline directive of the grammar (load/directives.py INLINES), as plain text (escaped when
# inserted); a test keeps the two lists equal.
INLINE_VALUES: dict[str, Callable[["RenderContext"], str]] = {
    "controller.legal_name": lambda c: c.org.controller.legal_name,
    "controller.trading_name": lambda c: c.org.controller.trading_name,
    "controller.email": lambda c: c.org.controller.email,
    "controller.website": lambda c: c.org.controller.website,
    "controller.activity": lambda c: c.loc.text(c.org.controller.activity),
    "head_office.city": lambda c: c.org.controller.head_office.city,
    "head_office.country": lambda c: c.loc.country(c.org.controller.head_office.country),
    "privacy.email": lambda c: c.org.privacy_contact.email,
    "dpo.email": lambda c: c.org.dpo.email if c.org.dpo else c.org.privacy_contact.email,
    "subsidiary_countries": lambda c: c.loc.countries(
        list(dict.fromkeys(s.address.country for s in c.org.subsidiaries.values()))
    ),
    "countries_served": lambda c: c.loc.countries(list(c.org.countries_served)),
    "notice_period_days": lambda c: str(c.org.notice_period_days),
    "version.id": _version_field("id"),
    "version.published": _version_field("published"),
    "version.effective": _version_field("effective"),
}


def expand_directives(text: str, ctx: "RenderContext") -> str:
    """Replace every directive with localized Markdown for ctx's language."""
    lines = text.splitlines(keepends=True)
    by_line: dict[int, list[Directive]] = {}
    for d in find_directives(text):
        by_line.setdefault(d.line, []).append(d)
    for number, found in by_line.items():
        line = lines[number - 1]
        if len(found) == 1 and found[0].alone and found[0].name in BLOCKS:
            ending = "\n" if line.endswith("\n") else ""
            lines[number - 1] = "\n" + ctx.render_fragment(BLOCKS[found[0].name]).strip("\n") + "\n" + ending
            continue
        for d in sorted(found, key=lambda d: d.start, reverse=True):
            value = escape_markdown(INLINE_VALUES[d.name](ctx))
            line = line[: d.start] + value + line[d.end :]
        lines[number - 1] = line
    return "".join(lines)
