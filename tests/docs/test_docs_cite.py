"""Everything the documentation cites is in the repository: every repository path written in backticks
or in a code block, and every relative link, in README.md, CONTRIBUTING.md and the pages of docs/.

CHANGELOG.md is left out: it records paths that moved away. A path with a placeholder
(`archive/<id>/manifest.json`, `tests/fixtures/failing_*`) is checked up to the placeholder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCUMENTS = sorted([REPO / "README.md", REPO / "CONTRIBUTING.md", *(REPO / "docs" / "pages").rglob("*.md")])
# where a repository path starts: the folders and files of the repository (a path of the built site, such
# as trust/subprocessors.json, or of a virtualenv, such as .venv/bin/trustsite, starts elsewhere)
ROOTS = ("hooks", "data", "content", "archive", "documents", "translations", "overrides", "schemas", "tests",
         "docs", "hosting", "benchmarks", ".ci", ".github", "README.md", "CONTRIBUTING.md", "CHANGELOG.md",
         "LICENSE", "mkdocs.yml", "pyproject.toml", "babel.cfg")
# The folders and files of an organisation's project: the docs cite them as the shipped example has them; a fork
# that replaced the example (`trustsite init --here`) keeps the tool's docs, not the example's files.
TENANT = ("data", "content", "archive", "documents", "translations", "overrides", "mkdocs.yml")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.S | re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")
PLACEHOLDER = re.compile(r"[<{\[*…]|\.\.\.")
LOCATION = re.compile(r"(:\d+)+$")  # data/purposes.yml:5:18 in a sample message


def cited_paths(text: str) -> set[str]:
    """Repository paths in the code spans and code blocks of a Markdown text, each cut at its first placeholder."""
    words = [word for span in CODE_SPAN.findall(FENCE.sub("", text)) for word in span.split()]
    words += [word for block in FENCE.findall(text) for word in block.split()]
    found = set()
    for word in words:
        word = LOCATION.sub("", word.strip("'\",;:.()"))
        if not word.split("/")[0] in ROOTS:
            continue
        parts = []
        for part in word.split("/"):
            if PLACEHOLDER.search(part):
                break
            parts.append(part)
        found.add("/".join(p for p in parts if p))
    return found


def linked_paths(document: Path, text: str) -> set[Path]:
    """Targets of the relative links of a Markdown text, resolved from the document's folder."""
    targets = set()
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        targets.add((document.parent / target.split("#", 1)[0]).resolve())
    return targets


def exists(path: str) -> bool:
    """In the repository; a file of the example's project only where the repository still holds the example."""
    from tests.site.root_features import ROOT

    if (REPO / path).exists():
        return True
    return path.split("/")[0] in TENANT and not ROOT.is_shipped_example()


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.relative_to(REPO).as_posix() for d in DOCUMENTS])
def test_every_path_the_document_cites_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    missing = sorted(path for path in cited_paths(text) if not exists(path))
    missing += sorted(str(target.relative_to(REPO)) for target in linked_paths(document, text) if not target.exists())
    assert missing == [], f"{document.relative_to(REPO)} cites what is not in the repository: {missing}"


def test_the_check_sees_paths_in_spans_blocks_and_messages() -> None:
    text = ("See `hooks/trustsite/nothing.py` and `archive/<id>/manifest.json`.\n"
            "```\ndata/purposes.yml:5:18: purposes.x: expected\n.venv/bin/trustsite check\n```\n"
            "Not a repository path: `trust/subprocessors.json`, `tests/fixtures/failing_*`.")
    assert cited_paths(text) == {"hooks/trustsite/nothing.py", "archive", "data/purposes.yml", "tests/fixtures"}
