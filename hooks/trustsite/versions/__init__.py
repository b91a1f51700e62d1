"""Versions stage: release, the archive of published versions, and what changed between them."""
