"""The rendered Markdown of every block of every language of some projects, to prove a template change
byte-identical (it is not a test):

    .venv/bin/python benchmarks/render_snapshot.py write before.json [ROOT ...]
    ... change the fragments ...
    .venv/bin/python benchmarks/render_snapshot.py compare before.json [ROOT ...]

Without ROOT: every fixture tests/fixtures/passing_*, the example, and a synthetic organisation of 1,000
sub-processors in three languages (benchmarks/synth.py). The parse cache is off: every block is rendered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, generate  # noqa: E402

from trustsite.load.siteconfig import overrides_dir  # noqa: E402
from trustsite.project import check_project  # noqa: E402
from trustsite.render.dryrun import render_all_blocks  # noqa: E402

TODAY = dt.date(2026, 11, 25)


def snapshot(root: Path, today: dt.date) -> dict[str, dict[str, str]]:
    """language -> template -> rendered Markdown."""
    project, problems = check_project(root, today, expiry=False)
    if project is None:
        raise SystemExit(f"{root}: {problems}")
    contexts, problems = render_all_blocks(project, overrides_dir(root), today)
    if problems:
        raise SystemExit(f"{root}: {[p.format() for p in problems]}")
    return {language: dict(sorted(ctx._rendered.items())) for language, ctx in contexts.items()}


def default_roots(work: Path) -> list[tuple[Path, dt.date]]:
    """Each project with a date it is valid on; the trust-center fixture also between the announcement and
    the effect of its changes (tests/subprocessors/helpers.py), when it lists upcoming ones."""
    fixtures = [(root, TODAY) for root in sorted((REPO / "tests" / "fixtures").glob("passing_*"))
                if root.name != "passing_trust_center"]
    trust = REPO / "tests" / "fixtures" / "passing_trust_center"
    return [*fixtures, (trust, dt.date(2025, 3, 20)), (trust, dt.date(2025, 4, 20)), (REPO, TODAY),
            (generate(work / "synthetic", 1000, 50, 3), TODAY)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("write", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("roots", type=Path, nargs="*")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trustsite-snapshot-") as tmp:
        roots = [(root, TODAY) for root in args.roots] or default_roots(Path(tmp))
        # the synthetic organisation's folder differs per run: name every project by its folder name only
        found = {f"{root.name} {today}": snapshot(root, today) for root, today in roots}
    if args.mode == "write":
        args.file.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
        size = sum(len(md) for blocks in found.values() for language in blocks.values() for md in language.values())
        print(f"wrote {len(found)} projects, {size:,} characters of Markdown")
        return
    before = json.loads(args.file.read_text(encoding="utf-8"))
    differs = [f"{name} {language} {template}" for name, blocks in before.items()
               for language, rendered in blocks.items() for template, md in rendered.items()
               if found.get(name, {}).get(language, {}).get(template) != md]
    missing = sorted(set(before) ^ set(found))
    for line in differs + [f"project only in one: {name}" for name in missing]:
        print("differs:", line)
    digest = hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()[:16]
    print(f"{'identical' if not differs and not missing else 'DIFFERENT'}: {len(found)} projects (sha256 {digest})")
    sys.exit(1 if differs or missing else 0)


if __name__ == "__main__":
    main()
