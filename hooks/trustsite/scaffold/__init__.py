"""Scaffold stage: `trustsite init` writes a new organisation's project (data, pages, site configuration, CI)."""
