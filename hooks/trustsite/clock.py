"""Shared by every stage: the build date, which decides the version in force and every expiry."""

from __future__ import annotations

import datetime as dt


def build_date(pinned: dt.date | None = None) -> dt.date:
    """The day a check or build runs as: `pinned` when given (the command line's --today, the plugin's
    build_date option: previews, reproducible builds, tests), else the system date."""
    return pinned if pinned is not None else dt.date.today()
