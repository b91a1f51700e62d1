"""Notify stage: listmonk — one list per language (and per scope), double opt-in set on the list in listmonk; each
day's announcement becomes a campaign sent to its list, through listmonk's HTTP API (docs/docs/content/apis/ of
knadh/listmonk: GET /api/lists, GET /api/campaigns, POST /api/campaigns, PUT /api/campaigns/{id}/status). A
campaign is named after the day, language and scope, so that a second run of the same day sends nothing again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from trustsite.notify.digest import Message
from trustsite.notify.http import JsonApi, ProviderError

TAG = "trustsite"


@dataclass(frozen=True)
class Campaign:
    name: str
    list_uuid: str
    subject: str
    html: str
    text: str


def campaign_name(message: Message, day: dt.date) -> str:
    return f"trustsite {day.isoformat()} {message.list_key}"


def plan(messages: list[Message], lists: dict[str, str], day: dt.date) -> list[Campaign]:
    """A campaign for each message that has a list (data/subscriptions.yml names lists by their UUID)."""
    return [Campaign(campaign_name(m, day), lists[m.list_key], m.subject, m.html, m.text)
            for m in messages if m.list_key in lists]


def send(api: JsonApi, campaigns: list[Campaign], sender: str) -> list[str]:
    """Create and start each campaign not created before; returns the names of those started."""
    found = api.call("GET", "/api/lists?per_page=all&minimal=true")
    ids = {row["uuid"]: row["id"] for row in found["data"]["results"]}
    started = []
    for campaign in campaigns:
        if campaign.list_uuid not in ids:
            raise ProviderError(f"listmonk has no list with the UUID {campaign.list_uuid} (data/subscriptions.yml)")
        existing = api.call("GET", f"/api/campaigns?query={quote(campaign.name)}&per_page=all&no_body=true")
        if any(row["name"] == campaign.name for row in existing["data"]["results"]):
            continue  # this day's announcement went out already
        body = {"name": campaign.name, "subject": campaign.subject, "lists": [ids[campaign.list_uuid]],
                "type": "regular", "content_type": "html", "body": campaign.html, "altbody": campaign.text,
                "messenger": "email", "tags": [TAG]}
        if sender:  # else listmonk's own setting
            body["from_email"] = sender
        created = api.call("POST", "/api/campaigns", body)
        api.call("PUT", f"/api/campaigns/{created['data']['id']}/status", {"status": "running"})
        started.append(campaign.name)
    return started
