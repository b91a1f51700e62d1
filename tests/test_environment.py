"""The engine takes no configuration from environment variables: options belong to the command line and to
the plugin's Config (site/config.py), state to objects. Every place in hooks/ that reads the environment is
listed below with the reason it may; a new one fails here until it is reviewed and added."""

from __future__ import annotations

import ast

from tests.conftest import REPO

HOOKS = REPO / "hooks"

# (file below hooks/, variable) -> why it may be read from the environment
REVIEWED: dict[tuple[str, str], str] = {
    **{("trustsite/cli.py", name): "a list provider's address and credentials: CI passes secrets as environment "
                                   "variables, which, unlike a command line, no process listing shows "
                                   "(`notify mailman` / `notify listmonk`, each also an option)"
       for name in ("MAILMAN_REST_URL", "MAILMAN_REST_USER", "MAILMAN_REST_PASSWORD",
                    "LISTMONK_URL", "LISTMONK_API_USER", "LISTMONK_API_TOKEN")},
}


def environment_reads(source: str) -> list[str]:
    """The variables a module reads from the environment ('?' where the name is not a literal): os.environ and
    os.getenv in any form, and click's envvar= option fallback."""
    tree = ast.parse(source)
    aliases = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               and node.module == "os" for alias in node.names if alias.name in ("environ", "environb", "getenv")}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("envvar", "auto_envvar_prefix"):
            found.append(node.value.value if isinstance(node.value, ast.Constant) else "?")
            continue
        is_os = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
            and node.attr in ("environ", "environb", "getenv")
        if not is_os and not (isinstance(node, ast.Name) and node.id in aliases):
            continue
        found.append(_read_name(tree, node))
    return found


def _read_name(tree: ast.AST, target: ast.AST) -> str:
    """The literal variable name of `os.environ[NAME]`, `os.environ.get(NAME)` or `os.getenv(NAME)`, else '?'."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and node.value is target and isinstance(node.slice, ast.Constant):
            return node.slice.value
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func
            if called is target or (isinstance(called, ast.Attribute) and called.value is target):
                return node.args[0].value
    return "?"


def test_the_engine_reads_only_reviewed_environment_variables() -> None:
    found = {(path.relative_to(HOOKS).as_posix(), name)
             for path in sorted(HOOKS.rglob("*.py")) if "__pycache__" not in path.parts
             for name in environment_reads(path.read_text(encoding="utf-8"))}
    assert sorted(found - REVIEWED.keys()) == [], "configuration from the environment: make it an option"
    assert sorted(REVIEWED.keys() - found) == [], "a reviewed entry no longer read: remove it from REVIEWED"


def test_every_form_of_reading_the_environment_is_found() -> None:
    """The guard itself: each way of reading a variable is seen, with its name where it is a literal."""
    source = '''
import os
from os import environ as env, getenv
import click
a = os.environ.get("TRUSTSITE_TODAY")
b = os.environ["TRUSTSITE_NO_CACHE"]
c = os.getenv("TRUSTSITE_CACHE_DIR")
d = env.get("ONE")
e = getenv("TWO")
f = dict(os.environ)
@click.option("--x", envvar="THREE")
def g(x): ...
'''
    assert sorted(environment_reads(source)) == sorted(["TRUSTSITE_TODAY", "TRUSTSITE_NO_CACHE", "TRUSTSITE_CACHE_DIR",
                                                        "ONE", "TWO", "?", "THREE"])
