"""Shared by every stage: the marker of a label written in Python, so that `pybabel extract` (babel.cfg) puts it
in the catalogs; it is translated where it is rendered, in the reader's language."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a label for gettext extraction; it is translated when rendered."""
    return message
