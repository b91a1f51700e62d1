"""Very large inputs: a 10,000-entry sub-processor file (about 7 MB) and a 2 MB string of markup are
checked without a traceback, and the markup comes out escaped."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FULL, FULL_BUILD_DATE, REPO
from trustsite.project import check_project
from trustsite.render.context import RenderContext

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate  # noqa: E402

pytestmark = pytest.mark.slow  # whole-site builds (or a 7 MB organisation)

HOSTILE = "<b>bold</b> [x](javascript:alert(1)) *a* " * 60_000  # 2 MB on one line, markup the screen lets through
REFUSED = "<script>alert(1)</script>" * 80_000  # refused where it stands (validate/markup.py)


def test_a_very_large_organisation_is_checked_and_rendered_escaped(tmp_path: Path) -> None:
    project = generate(tmp_path / "large", subprocessors=10_000, purposes=20, languages=1, base=FULL)
    path = project / "data" / "subprocessors.yml"
    generated = path.read_text(encoding="utf-8")
    first, name = "vendor_00000", "    name: Vendor 0\n"  # the first sub-processor synth.py writes
    assert generated.index(f"  {first}:\n") < generated.index(name)

    def named(value: str) -> str:  # the file with the first sub-processor's name replaced (a JSON string is YAML)
        return generated.replace(name, f"    name: {json.dumps(value)}\n", 1)

    path.write_text(named(HOSTILE), encoding="utf-8")
    assert path.stat().st_size > 6_500_000

    result = subprocess.run([sys.executable, "-m", "trustsite.cli", "check", "--root", str(project), "--no-cache",
                             "--today", FULL_BUILD_DATE],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(f"ok: {len(list((project / 'data').glob('*.yml')))} data files")

    loaded, problems = check_project(project, dt.date.fromisoformat(FULL_BUILD_DATE))
    assert loaded is not None and not [p for p in problems if p.severity == "error"]
    listing = RenderContext(loaded, "en", dt.date.fromisoformat(FULL_BUILD_DATE)).render_fragment("subprocessor_list.md")
    assert "<b>bold" not in listing and "[x](javascript:" not in listing
    assert listing.count("&lt;b&gt;bold&lt;/b&gt;") >= 60_000

    path.write_text(named(REFUSED), encoding="utf-8")  # a script element in a value is refused, located, in one line
    refused = subprocess.run([sys.executable, "-m", "trustsite.cli", "check", "--root", str(project), "--no-cache",
                             "--today", FULL_BUILD_DATE],
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"subprocessors.{first}.name: holds HTML markup: <script>: runs script;" in refused.stderr
    assert "(and 79999 more elements)" in refused.stderr and len(refused.stderr) < 2_000
