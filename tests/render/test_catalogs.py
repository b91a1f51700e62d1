"""Label catalogs: the template is current with the templates (completeness per language: tests/validate/test_catalogs.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import REPO
from trustsite.paths import PACKAGE_LOCALES

LOCALES = PACKAGE_LOCALES


def msgids(po: Path) -> set[str]:
    with po.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_template_is_current_with_the_fragments(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(fresh), "."], cwd=REPO, check=True)
    assert msgids(fresh) == msgids(LOCALES / "messages.pot"), "run pybabel extract and update (see CONTRIBUTING.md)"
