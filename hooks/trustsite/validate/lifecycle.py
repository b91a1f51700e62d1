"""Validate stage: the sub-processor change lifecycle, scopes, subscriptions, documents' access and the well-known
files. Each rule names its legal or technical source in its docstring; registered with validate/rules.py's `rule`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from trustsite.errors import Problem, did_you_mean
from trustsite.model.lifecycle import Timeline
from trustsite.validate.rules import Checked, rule

SECURITY_TXT_WARNING_DAYS = 30  # security.txt expiring this soon warns, so that it is renewed before it goes stale
SECURITY_TXT_MAX_DAYS = 366  # RFC 9116 2.5.5: Expires SHOULD be less than a year into the future


def _timeline(ctx: Checked, cid: str, change: Any) -> Timeline:
    return Timeline(cid, change, _notice_days(ctx, change))


def _notice_days(ctx: Checked, change: Any) -> int:
    own, period = change.notice_period_days, ctx.values["organisation"].notice_period_days
    return own if own is not None and own > period else period


@rule("subprocessor_changes", "organisation")
def check_change_notice(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 28(2): a change is announced, customers can object for the notice period the data processing
    agreement promises (notice_period_days), and only then does it take effect."""
    period = ctx.values["organisation"].notice_period_days
    for cid, change in ctx.values["subprocessor_changes"].items():
        own = change.notice_period_days
        if own is not None and own < period:
            yield ctx.problem("subprocessor_changes", (cid, "notice_period_days"),
                              f"{own} days is shorter than the {period} days of notice_period_days in"
                              " data/organisation.yml, which the data processing agreement promises customers to"
                              " object to a new sub-processor (GDPR Art. 28(2)); give at least"
                              f" {period} days or remove the field")
        if change.announced is None:
            if ctx.today is not None and change.date > ctx.today:
                yield ctx.problem("subprocessor_changes", (cid, "date"),
                                  f"the change takes effect on {change.date}, after the build date {ctx.today}, but"
                                  " has no 'announced' date; customers must be told first and be able to object"
                                  " (GDPR Art. 28(2)): add 'announced:' with the day they are told")
            continue
        if change.announced > change.date:
            yield ctx.problem("subprocessor_changes", (cid, "announced"),
                              f"announced on {change.announced}, after the change takes effect on {change.date}")
            continue
        timeline = _timeline(ctx, cid, change)
        if timeline.inside_notice_period():
            earliest = timeline.deadline + dt.timedelta(days=1)  # type: ignore[operator]
            yield ctx.problem("subprocessor_changes", (cid, "date"),
                              f"the change takes effect on {change.date}, inside its notice period: customers can"
                              f" object until {timeline.deadline} ({timeline.notice_days} days from the announcement"
                              f" on {change.announced}, GDPR Art. 28(2) and the data processing agreement); set the"
                              f" date to {earliest} or later")


@rule("subprocessor_changes", "subprocessors")
def check_replacements(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 28(2) names 'addition or replacement': a replacement links the sub-processor it replaces, whose
    removal takes effect on the same day (its name then stays in the history)."""
    changes = ctx.values["subprocessor_changes"]
    for cid, change in changes.items():
        if change.replaces is None:
            continue
        if change.change != "added":
            yield ctx.problem("subprocessor_changes", (cid, "replaces"),
                              f"only an 'added' change replaces a sub-processor; this one is '{change.change}'")
            continue
        if change.replaces == change.subprocessor:
            yield ctx.problem("subprocessor_changes", (cid, "replaces"), "a sub-processor cannot replace itself")
            continue
        removal = [r for r in changes.values() if r.change == "removed" and r.subprocessor == change.replaces]
        if not any(r.date == change.date for r in removal):
            known = [*ctx.values["subprocessors"], *(r.subprocessor for r in changes.values() if r.change == "removed")]
            hint = did_you_mean(change.replaces, known) if change.replaces not in known else ""
            yield ctx.problem("subprocessor_changes", (cid, "replaces"),
                              f"'{change.replaces}' is replaced on {change.date}, but no 'removed' change of"
                              f" '{change.replaces}' takes effect that day{hint}; add one (with its 'name') so that"
                              " the list and the history show the replacement")


@rule("subprocessor_changes", "organisation")
def check_objection_channel(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 28(2): customers get 'the opportunity to object'; the trust center and the notice say where."""
    org = ctx.values["organisation"]
    lifecycle = [cid for cid, c in ctx.values["subprocessor_changes"].items() if c.announced is not None]
    if org.subprocessor_objections is None and lifecycle:
        yield ctx.problem("organisation", (),
                          f"'{lifecycle[0]}' in data/subprocessor_changes.yml is announced, so customers need to know"
                          " where to object (GDPR Art. 28(2)): add 'subprocessor_objections:' with an 'email' or"
                          " 'url'")
    elif org.subprocessor_objections is not None:
        yield from _channel(ctx, "organisation", ("subprocessor_objections",), org.subprocessor_objections)


def _channel(ctx: Checked, key: str, path: tuple[Any, ...], channel: Any) -> Iterator[Problem]:
    if channel.email is None and channel.url is None:
        yield ctx.problem(key, path, "give an 'email' or a 'url' (or both)")


@rule("subprocessors", "subprocessor_changes")
def check_planned_subprocessors(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 28(2): a sub-processor engaged after the build date is an intended addition, which customers are
    told of (an 'added' change with its announcement) before it takes effect."""
    if ctx.today is None:
        return
    added = {c.subprocessor for c in ctx.values["subprocessor_changes"].values() if c.change == "added"}
    for sid, sub in ctx.values["subprocessors"].items():
        if sub.since > ctx.today and sid not in added:
            yield ctx.problem("subprocessors", (sid, "since"),
                              f"engaged from {sub.since}, after the build date {ctx.today}, but its addition is not"
                              " recorded: add an 'added' change in data/subprocessor_changes.yml with the day"
                              " customers are told ('announced', GDPR Art. 28(2))")


@rule("subprocessors", "scopes")
def check_scopes(ctx: Checked) -> Iterator[Problem]:
    """A sub-processor's scopes are IDs from scopes.yml; a standby or conditional one says when it processes data
    (the customer authorises it under Art. 28(2) knowing when it is used)."""
    scopes = ctx.values["scopes"]
    for sid, sub in ctx.values["subprocessors"].items():
        for i, scope in enumerate(sub.scopes):
            if scope not in scopes:
                yield ctx.problem("subprocessors", (sid, "scopes", i),
                                  f"unknown scope '{scope}'{did_you_mean(scope, scopes)}; it must be an ID in"
                                  " data/scopes.yml")
        if sub.engagement != "standing" and sub.condition is None:
            yield ctx.problem("subprocessors", (sid, "engagement"),
                              f"a {sub.engagement} sub-processor needs a 'condition' saying when it processes data")
        elif sub.engagement == "standing" and sub.condition is not None:
            yield ctx.problem("subprocessors", (sid, "condition"),
                              "only a standby or conditional sub-processor has a 'condition'; set 'engagement'",
                              key=True)


@rule("documents")
def check_document_access(ctx: Checked) -> Iterator[Problem]:
    """A public document is published as files; one on request or under NDA is not, and says where to ask."""
    for did, doc in ctx.values["documents"].items():
        if doc.access == "public":
            for i, v in enumerate(doc.versions):
                if v.file is None:
                    yield ctx.problem("documents", (did, "versions", i),
                                      "a public document is published: give the 'file' in documents/ (or set"
                                      " 'access' to on_request or nda)")
            if doc.request is not None:
                yield ctx.problem("documents", (did, "request"),
                                  "a public document is downloaded, not requested; remove 'request' or change"
                                  " 'access'", key=True)
        elif doc.request is None:
            yield ctx.problem("documents", (did, "access"),
                              f"a document with access '{doc.access}' is not published: add 'request' with the"
                              " 'email' or 'url' where readers ask for it")
        else:
            yield from _channel(ctx, "documents", (did, "request"), doc.request)


@rule("subscriptions", "organisation", "scopes")
def check_subscription_lists(ctx: Checked) -> Iterator[Problem]:
    """A list is named per language ('en') or per language and scope ('en.eu_hosting')."""
    languages = list(ctx.values["organisation"].languages)
    scopes = ctx.values["scopes"]
    for key in ctx.values["subscriptions"].provider.lists:
        language, _, scope = key.partition(".")
        if language not in languages:
            yield ctx.problem("subscriptions", ("provider", "lists", key),
                              f"'{language}' is not a language of the site ({', '.join(languages)})"
                              f"{did_you_mean(language, languages)}", key=True)
        elif scope and scope not in scopes:
            yield ctx.problem("subscriptions", ("provider", "lists", key),
                              f"unknown scope '{scope}'{did_you_mean(scope, scopes)}; it must be an ID in"
                              " data/scopes.yml", key=True)


@rule("well_known")
def check_security_txt(ctx: Checked) -> Iterator[Problem]:
    """RFC 9116: Contact is a mailto:, tel: or https: URI (2.5.3); web URIs are https (2.5); Expires is required and
    a stale file must not be served (2.5.5): an expired one is an error, one expiring within 30 days a warning."""
    security = ctx.values["well_known"].security_txt
    if security is None:
        return
    for i, contact in enumerate(security.contact):
        if not contact.startswith(("mailto:", "https://", "tel:")):
            yield ctx.problem("well_known", ("security_txt", "contact", i),
                              f"expected a 'mailto:', 'tel:' or 'https://' address (RFC 9116 2.5.3), got '{contact}'")
    web = [("encryption", i, v) for i, v in enumerate(security.encryption)]
    web += [(name, None, getattr(security, name)) for name in ("policy", "acknowledgments")]
    for name, i, value in web:
        if value is not None and not value.startswith("https://"):
            path = ("security_txt", name) if i is None else ("security_txt", name, i)
            yield ctx.problem("well_known", path, f"expected an https:// address (RFC 9116 2.5), got '{value}'")
    if ctx.today is None:
        return
    days = (security.expires - ctx.today).days
    if days < 0:
        yield ctx.problem("well_known", ("security_txt", "expires"),
                          f"security.txt expired on {security.expires}; RFC 9116 2.5.5 forbids serving a stale file:"
                          " move the date forward after checking the contacts")
    elif days <= SECURITY_TXT_WARNING_DAYS:
        yield ctx.problem("well_known", ("security_txt", "expires"),
                          f"security.txt expires on {security.expires}, in {days} day{'s' if days != 1 else ''};"
                          " check the contacts and move the date forward, or the build will fail from the day after",
                          severity="warning")
    elif days > SECURITY_TXT_MAX_DAYS:
        yield ctx.problem("well_known", ("security_txt", "expires"),
                          f"{security.expires} is more than a year ahead; RFC 9116 2.5.5 recommends less, so that"
                          " stale contacts do not stay trusted", severity="warning")



@rule("subprocessor_changes", "organisation")
def check_upcoming_shown(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 28(2): customers learn of an intended addition or replacement before it takes effect, with the
    chance to object. A site that publishes its history of sub-processor changes ({{ subprocessor_changes }}) also
    shows the changes announced and not yet in effect ({{ subprocessor_upcoming }}, with the objection deadline);
    otherwise the announcement is in the feed only, and the feed's links lead to no row."""
    if ctx.root is None or ctx.today is None or ctx.content is None:
        return
    today = ctx.today
    pending = [cid for cid, change in ctx.values["subprocessor_changes"].items()
               if change.announced is not None and _timeline(ctx, cid, change).stage(today) == "upcoming"]
    if not pending:
        return
    from trustsite.load.directives import block_names

    history: list[str] = []
    for page in ctx.content.pages.values():  # as load_content read them (a link or a named pipe is never read)
        blocks = block_names(page.text)
        if "subprocessor_upcoming" in blocks:
            return
        if "subprocessor_changes" in blocks:
            history.append(page.file)
    if history:
        shown = min(history, key=lambda name: (name.count("."), name))  # the default language's page
        yield Problem(shown, 0, 0, "", f"announced sub-processor changes ({', '.join(pending)}) take effect after"
                      f" {today} but no page shows them: add {{{{ subprocessor_upcoming }}}} to this page (in every"
                      " language), so that customers see each one with its objection deadline before it takes"
                      " effect (GDPR Art. 28(2))")
