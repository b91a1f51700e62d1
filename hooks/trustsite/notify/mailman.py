"""Notify stage: GNU Mailman 3 — one list per language (and per scope); Mailman asks every new subscriber to
confirm (double opt-in) and keeps the addresses, so the trust center stores none. A CI job posts each day's
announcement through Mailman core's REST API: POST /3.1/queues/in with the list's ID and the message (Mailman
3.3 core, src/mailman/rest/queues.py); the message is then handled as any post to the list, so the sending
address must be allowed to post (docs/subprocessors.md says how)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trustsite.notify.digest import Message
from trustsite.notify.http import JsonApi


@dataclass(frozen=True)
class Posting:
    """One message for one list, as it is (or, in a dry run, would be) posted."""

    list_address: str
    subject: str
    text: str  # the whole RFC 5322 message


def list_id(address: str) -> str:
    """Mailman's List-ID of a list address: 'changes-en@lists.example.com' -> 'changes-en.lists.example.com'."""
    local, _, domain = address.partition("@")
    return f"{local}.{domain}"


def plan(messages: list[Message], lists: dict[str, str], sender: str, day: dt.date) -> list[Posting]:
    """The postings for the messages that have a list; a message without one is not sent."""
    out = []
    for message in messages:
        address = lists.get(message.list_key)
        if address is not None:
            text = message.as_email(sender, address, day).as_string()
            out.append(Posting(address, message.subject, text))
    return out


def post(api: JsonApi, postings: list[Posting]) -> None:
    """Inject each posting into Mailman's incoming queue, as if it had arrived by mail."""
    for posting in postings:
        api.call("POST", "/3.1/queues/in", {"list_id": list_id(posting.list_address), "text": posting.text})
