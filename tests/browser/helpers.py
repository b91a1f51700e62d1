"""What several browser tests do to a page."""

from __future__ import annotations

SEARCH_WORKER = "**/assets/javascripts/workers/search.*.min.js"  # Material's


def without_search_worker(page) -> None:
    """Give the page's search worker an empty script: on every page it loads the same scripts and index and spends
    most of a second indexing them, which the sweep checks on the first page of each language (test_sweep.py)."""
    page.route(SEARCH_WORKER, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
