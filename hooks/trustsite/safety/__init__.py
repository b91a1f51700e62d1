"""Shared by every stage: what may be read, written and shown — links that leave the project, folders a
build may not replace, signals that must not leave half-written state, characters and addresses that
would disguise or break what a reader sees. Imports nothing of trustsite but errors."""
