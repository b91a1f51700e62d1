"""Shared by every stage: the build date, which decides the version in force and every expiry."""

from __future__ import annotations

import datetime as dt
import os


class BuildDateError(ValueError):
    """TRUSTSITE_TODAY is set but is not a date."""


def build_date(pinned: dt.date | None = None) -> dt.date:
    """The day a check or build runs as: `pinned` when given (the command line's --today, the plugin's
    build_date option: previews, reproducible builds, tests), else the system date.

    TRUSTSITE_TODAY=YYYY-MM-DD is still read when nothing is pinned, until the tests and benchmarks pass
    --today instead (issue 13); it is no longer documented."""
    if pinned is not None:
        return pinned
    legacy = os.environ.get("TRUSTSITE_TODAY")
    if not legacy:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(legacy)
    except ValueError:
        raise BuildDateError(f"TRUSTSITE_TODAY: expected a date as YYYY-MM-DD, got {legacy!r}") from None
