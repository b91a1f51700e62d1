"""A real GNU Mailman 3 core for the adapter test: SQLite, its REST API and runners on free loopback ports, and an
aiosmtpd sink standing in for the mail server every message goes out through."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

REST_USER, REST_PASSWORD = "restadmin", "restpass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Sink:
    """Collects every message Mailman hands to its SMTP server, by recipient."""

    received: list[tuple[str, EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler interface
        message = message_from_bytes(envelope.content, policy=policy.default)
        for rcpt in envelope.rcpt_tos:
            self.received.append((rcpt, message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.received if rcpt == address]


CONFIG = """\
[mailman]
layout: test
site_owner: owner@example.com

[paths.test]
var_dir: {var}

[database]
class: mailman.database.sqlite.SQLiteDatabase
url: sqlite:///$DATA_DIR/mailman.db

[mta]
incoming: mailman.mta.null.NullMTA
lmtp_host: 127.0.0.1
lmtp_port: {lmtp}
smtp_host: 127.0.0.1
smtp_port: {smtp}

[webservice]
hostname: 127.0.0.1
port: {rest}
admin_user: {user}
admin_pass: {password}

[archiver.prototype]
enable: no
[archiver.mhonarc]
enable: no
[archiver.mail_archive]
enable: no
"""


class MailmanCore:
    """`mailman start` in a folder of its own; stopped (the processes it started, by its master's pid) on close."""

    def __init__(self, folder: Path, smtp_port: int) -> None:
        self.folder = folder
        self.rest_port = free_port()
        self.config = folder / "mailman.cfg"
        self.config.write_text(CONFIG.format(var=folder / "var", lmtp=free_port(), smtp=smtp_port, rest=self.rest_port,
                                             user=REST_USER, password=REST_PASSWORD), encoding="utf-8")
        self.url = f"http://127.0.0.1:{self.rest_port}"

    def _mailman(self, *args: str) -> int:
        """Run a mailman command; its output goes to a file, never a pipe: the master it starts keeps the
        descriptors it inherits, and a pipe would then never reach its end."""
        exe = Path(sys.executable).with_name("mailman")
        root = ["--run-as-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        with (self.folder / "mailman-cli.log").open("a", encoding="utf-8") as log:
            return subprocess.run([str(exe), "-C", str(self.config), *root, *args], stdout=log,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120,
                                  cwd=self.folder).returncode

    def start(self, timeout: float = 90) -> None:
        if self._mailman("start", "--force") != 0:
            raise RuntimeError("mailman start failed: " + (self.folder / "mailman-cli.log").read_text(encoding="utf-8"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.call("GET", "/3.1/system/versions")
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise RuntimeError("Mailman's REST API did not come up; see " + str(self.folder / "var" / "logs"))

    def stop(self) -> None:
        self._mailman("stop")
        pid_file = self.folder / "var" / "master.pid"
        deadline = time.monotonic() + 30
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.3)
        if pid_file.exists():  # the master did not stop: end it (and with it its runners) by its own pid
            try:
                os.kill(int(pid_file.read_text().strip()), 15)
            except (ValueError, ProcessLookupError):
                pass

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        token = base64.b64encode(f"{REST_USER}:{REST_PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    # ---- what a list administrator does once, in Postorius or through the REST API

    def create_list(self, address: str, poster: str) -> None:
        domain = address.partition("@")[2]
        if not any(d["mail_host"] == domain for d in self.call("GET", "/3.1/domains").get("entries", [])):
            self.call("POST", "/3.1/domains", {"mail_host": domain})
        self.call("POST", "/3.1/lists", {"fqdn_listname": address})
        list_id = address.replace("@", ".")
        self.call("POST", "/3.1/members", {"list_id": list_id, "subscriber": poster, "role": "nonmember"})
        found = self.call("POST", "/3.1/members/find", {"list_id": list_id, "subscriber": poster, "role": "nonmember"})
        self.call("PATCH", f"/3.1/members/{found['entries'][0]['member_id']}", {"moderation_action": "accept"})

    def subscribe(self, address: str, reader: str, *, confirmed: bool) -> None:
        """A reader signs up; `confirmed` stands for the reader having answered Mailman's confirmation request."""
        body = {"list_id": address.replace("@", "."), "subscriber": reader, "pre_verified": True}
        if confirmed:
            body.update(pre_confirmed=True, pre_approved=True)
        self.call("POST", "/3.1/members", body)
