"""Shared by every stage: the build date, which decides the version in force (and, later, expiry)."""

from __future__ import annotations

import datetime as dt
import os


class BuildDateError(ValueError):
    """TRUSTSITE_TODAY is set but is not a date."""


def build_date() -> dt.date:
    """Today, or TRUSTSITE_TODAY=YYYY-MM-DD when set (tests, reproducible builds, previews)."""
    pinned = os.environ.get("TRUSTSITE_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise BuildDateError(f"TRUSTSITE_TODAY: expected a date as YYYY-MM-DD, got {pinned!r}") from None
