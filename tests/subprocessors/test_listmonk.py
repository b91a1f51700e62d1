"""The listmonk adapter against a local HTTP server that accepts only what listmonk's API documentation
(knadh/listmonk docs/docs/content/apis/: apis.md, lists.md, campaigns.md) describes: BasicAuth, the documented
query parameters, JSON bodies with the documented fields and values, and the documented response shapes."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from tests.subprocessors.helpers import ANNOUNCED, copy_trust_center
from trustsite.cli import main

USER, TOKEN = "api_user", "secret-token"
LISTS = [  # as GET /api/lists returns them (lists.md)
    {"id": 1, "uuid": "11111111-1111-4111-8111-111111111111", "name": "Changes (English)"},
    {"id": 2, "uuid": "22222222-2222-4222-8222-222222222222", "name": "Änderungen (Deutsch)"},
    {"id": 3, "uuid": "33333333-3333-4333-8333-333333333333", "name": "Changements (français)"},
    {"id": 4, "uuid": "44444444-4444-4444-8444-444444444444", "name": "Changes: AI features"},
]
# campaigns.md, POST /api/campaigns: parameters and which are required
CAMPAIGN_FIELDS = {"name", "subject", "lists", "from_email", "type", "content_type", "body", "body_source", "altbody",
                   "send_at", "messenger", "template_id", "tags", "headers", "attribs"}
CAMPAIGN_REQUIRED = {"name", "subject", "lists", "type", "content_type", "body"}
LIST_QUERY = {"query", "status", "minimal", "tag", "order_by", "order", "page", "per_page"}
CAMPAIGN_QUERY = {"order", "order_by", "query", "status", "tags", "page", "per_page", "no_body"}


class Listmonk:
    """The server's state: the campaigns created, and every request it refused (a test asserts there are none)."""

    def __init__(self) -> None:
        self.campaigns: list[dict] = []
        self.refused: list[str] = []
        self.requests: list[tuple[str, str]] = []


def make_handler(state: Listmonk):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def refuse(self, code: int, why: str) -> None:
            state.refused.append(f"{self.command} {self.path}: {why}")
            self.reply(code, {"message": why})

        def reply(self, code: int, payload: object) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")  # apis.md: every response is JSON
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def authorised(self) -> bool:  # apis.md: BasicAuth (or 'Authorization: token user:token')
            expected = "Basic " + base64.b64encode(f"{USER}:{TOKEN}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self.refuse(403, "missing or wrong BasicAuth")
                return False
            return True

        def body(self) -> dict | None:
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self.refuse(400, "request body is not JSON")
                return None
            return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

        def query(self, allowed: set[str]) -> dict | None:
            params = parse_qs(urlsplit(self.path).query)
            unknown = set(params) - allowed
            if unknown:
                self.refuse(400, f"undocumented query parameters {sorted(unknown)}")
                return None
            return {k: v[0] for k, v in params.items()}

        def do_GET(self) -> None:
            state.requests.append(("GET", self.path))
            if not self.authorised():
                return
            path = urlsplit(self.path).path
            if path == "/api/lists":
                if self.query(LIST_QUERY) is not None:
                    self.reply(200, {"data": {"results": LISTS, "total": len(LISTS), "per_page": len(LISTS), "page": 1}})
            elif path == "/api/campaigns":
                params = self.query(CAMPAIGN_QUERY)
                if params is not None:
                    found = [c for c in state.campaigns if params.get("query", "") in c["name"]]
                    self.reply(200, {"data": {"results": found, "query": params.get("query", ""),
                                              "total": len(found), "per_page": 20, "page": 1}})
            else:
                self.refuse(404, "not an endpoint of the documented API")

        def do_POST(self) -> None:
            state.requests.append(("POST", self.path))
            if not self.authorised():
                return
            if self.path != "/api/campaigns":
                return self.refuse(404, "not an endpoint of the documented API")
            body = self.body()
            if body is None:
                return
            problems = [f"unknown field {k}" for k in set(body) - CAMPAIGN_FIELDS]
            problems += [f"missing {k}" for k in CAMPAIGN_REQUIRED - set(body)]
            if body.get("type") not in ("regular", "optin"):
                problems.append("type must be 'regular' or 'optin'")
            if body.get("content_type") not in ("richtext", "html", "markdown", "plain", "visual"):
                problems.append("bad content_type")
            if not (isinstance(body.get("lists"), list) and all(isinstance(i, int) for i in body["lists"])):
                problems.append("lists must be list IDs (numbers)")
            elif not set(body["lists"]) <= {row["id"] for row in LISTS}:
                problems.append("unknown list ID")
            if problems:
                return self.refuse(400, "; ".join(problems))
            campaign = {**body, "id": len(state.campaigns) + 1, "status": "draft"}
            state.campaigns.append(campaign)
            self.reply(200, {"data": campaign})

        def do_PUT(self) -> None:
            state.requests.append(("PUT", self.path))
            if not self.authorised():
                return
            parts = urlsplit(self.path).path.split("/")  # /api/campaigns/{id}/status
            if len(parts) != 5 or parts[:3] != ["", "api", "campaigns"] or parts[4] != "status":
                return self.refuse(404, "not an endpoint of the documented API")
            body = self.body()
            if body is None:
                return
            campaign = next((c for c in state.campaigns if str(c["id"]) == parts[3]), None)
            if campaign is None:
                return self.refuse(404, "no such campaign")
            if body.get("status") not in ("scheduled", "running", "paused", "cancelled") or set(body) != {"status"}:
                return self.refuse(400, "status must be scheduled, running, paused or cancelled")
            if body["status"] == "running" and campaign["status"] not in ("paused", "draft"):
                return self.refuse(400, "only paused and draft campaigns can start")
            campaign["status"] = body["status"]
            self.reply(200, {"data": campaign})

    return Handler


@pytest.fixture
def listmonk():
    state = Listmonk()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_trust_center(tmp_path / "project")


def notify(project: Path, url: str, *extra: str):
    return CliRunner().invoke(main, ["notify", "listmonk", "--root", str(project), "--no-cache", "--date", ANNOUNCED,
                                     "--api-url", url, "--api-user", USER, "--api-token", TOKEN, *extra])


def test_one_campaign_per_list_started_through_the_documented_api(project: Path, listmonk) -> None:
    state, url = listmonk
    result = notify(project, url)
    assert result.exit_code == 0, result.output
    assert state.refused == []
    assert result.output.endswith("started 4 campaign(s) for 2025-03-03\n")
    assert result.output.count("sending campaign 'trustsite 2025-03-03 ") == 4 and "would send" not in result.output
    by_list = {c["lists"][0]: c for c in state.campaigns}
    assert set(by_list) == {1, 2, 3, 4} and all(c["status"] == "running" for c in state.campaigns)
    assert by_list[2]["subject"] == "Minimal: Änderungen bei den Unterauftragsverarbeitern, angekündigt am 3. März 2025"
    assert "Einspruch bis zum 2. April 2025." in by_list[2]["altbody"]
    assert "Einspruch bis zum 2. April 2025." in by_list[2]["body"]
    assert "objections@example.com" in by_list[3]["altbody"]
    assert by_list[4]["subject"].startswith("Minimal: changes to the sub-processors for AI features")
    assert by_list[1]["content_type"] == "html" and by_list[1]["type"] == "regular"


def test_a_second_run_the_same_day_sends_nothing_again(project: Path, listmonk) -> None:
    state, url = listmonk
    assert notify(project, url).exit_code == 0
    result = notify(project, url)
    assert result.exit_code == 0, result.output
    assert len(state.campaigns) == 4 and state.refused == []
    assert "started 0 campaign(s) for 2025-03-03; 4 had been sent before" in result.output


def test_dry_run_makes_no_request(project: Path, listmonk) -> None:
    state, url = listmonk
    result = notify(project, url, "--dry-run")
    assert result.exit_code == 0, result.output
    assert state.requests == []
    assert "would send campaign 'trustsite 2025-03-03 fr' to list 33333333-3333-4333-8333-333333333333" in result.output


def test_without_an_address_nothing_is_sent_after_the_plan_is_shown(project: Path) -> None:
    result = CliRunner().invoke(main, ["notify", "listmonk", "--root", str(project), "--no-cache", "--date", ANNOUNCED],
                                env={"LISTMONK_URL": ""})
    assert result.exit_code == 2
    assert result.output.count("sending campaign 'trustsite 2025-03-03 ") == 4
    assert result.output.endswith("Error: give --api-url (or LISTMONK_URL)\n")


def test_a_day_without_announcement_sends_nothing(project: Path) -> None:
    result = CliRunner().invoke(main, ["notify", "listmonk", "--root", str(project), "--date", "2025-03-04"])
    assert result.exit_code == 0 and result.output == "nothing was announced on 2025-03-04\n"


def test_a_refusal_is_reported_without_traceback(project: Path, listmonk) -> None:
    state, url = listmonk
    result = CliRunner().invoke(main, ["notify", "listmonk", "--root", str(project), "--no-cache", "--date", ANNOUNCED,
                                       "--api-url", url, "--api-user", USER, "--api-token", "wrong"])
    assert result.exit_code == 1
    assert f"error: GET {url}/api/lists?per_page=all&minimal=true: HTTP 403" in result.output
    assert "Traceback" not in result.output
