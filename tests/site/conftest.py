"""The build of the example site is shared with tests/trust/: see tests/conftest.py (example_site)."""

from __future__ import annotations

from tests.conftest import EXAMPLE_BUILD_DATE as BUILD_DATE  # noqa: F401
