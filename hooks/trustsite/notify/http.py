"""Notify stage: the few JSON-over-HTTP calls the list adapters make (urllib: no client library needed for four
requests, and none to keep up to date)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any


class ProviderError(Exception):
    """The list provider refused a request or could not be reached; the message says which and why."""


@dataclass
class JsonApi:
    """A base URL with HTTP Basic credentials; every request and its answer is JSON."""

    base_url: str
    user: str
    password: str
    timeout: float = 30.0
    sent: list[tuple[str, str, Any]] = field(default_factory=list)  # (method, path, body) of every request made

    def call(self, method: str, path: str, body: Any = None) -> Any:
        url = self.base_url.rstrip("/") + path
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json; charset=utf-8")
        self.sent.append((method, path, body))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the configured API)
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            raise ProviderError(f"{method} {url}: HTTP {exc.code} {exc.reason}: {detail[:300]}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ProviderError(f"{method} {url}: {getattr(exc, 'reason', exc)}") from None
        return json.loads(raw) if raw.strip() else None
