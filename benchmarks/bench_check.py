"""Where a cold `trustsite check` of a large organisation spends its time, phase by phase (it is not a test):

    .venv/bin/python benchmarks/bench_check.py [--subprocessors 5000] [--languages 1 3 8] [--runs 3]

Each run is a fresh interpreter without the parse cache, as `trustsite check` on a new checkout: importing
trustsite (models, Jinja, Babel), reading and validating data/ and content/ (mostly libyaml building the
nodes of the sub-processor file, then the models), and the dry render of every block in every language.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

PHASES = r"""
import json, sys, time
start = time.perf_counter()
import datetime as dt
from pathlib import Path
from trustsite.project import check_project
from trustsite.load.siteconfig import overrides_dir
from trustsite.render.dryrun import render_all_blocks
imported = time.perf_counter()
root = Path(sys.argv[1])
project, problems = check_project(root, dt.date(2026, 11, 25))  # no cache
checked = time.perf_counter()
assert project is not None, problems
_, problems = render_all_blocks(project, overrides_dir(root), dt.date(2026, 11, 25))
assert not problems, problems
rendered = time.perf_counter()
size = sum(p.stat().st_size for p in (root / "data").glob("*.yml"))
print(json.dumps({"import": imported - start, "check": checked - imported, "render": rendered - checked, "mb": size / 1e6}))
"""


def phases(project: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", PHASES, str(project)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def phase_table(work: Path, subprocessors: int, languages: list[int], runs: int, purposes: int = 50) -> None:
    """Print the table: one synthetic organisation per number of languages, generated below `work`."""
    print("| languages | data | import | read and validate | render every block | total |")
    print("|---|---|---|---|---|---|")
    for count in languages:
        project = generate(work / f"check-org-{count}", subprocessors, purposes, count)
        measured = [phases(project) for _ in range(runs)]
        m = {key: statistics.median(run[key] for run in measured) for key in ("import", "check", "render", "mb")}
        print(f"| {count} | {m['mb']:.1f} MB | {m['import']:.2f} s | {m['check']:.2f} s | {m['render']:.2f} s "
              f"| {m['import'] + m['check'] + m['render']:.2f} s |")
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subprocessors", type=int, default=5000)
    parser.add_argument("--languages", type=int, nargs="+", default=[1, 3, 8])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"cold `trustsite check` of {args.subprocessors:,} sub-processors by phase, median of {args.runs}\n")
    with tempfile.TemporaryDirectory(prefix="trustsite-check-") as tmp:
        phase_table(Path(tmp), args.subprocessors, args.languages, args.runs)


if __name__ == "__main__":
    main()
