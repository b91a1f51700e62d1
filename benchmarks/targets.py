"""Every performance target of trustsite as a ratio to a baseline measured in the same run (it is not a test):

    .venv/bin/python benchmarks/targets.py [--runs 3] [--saves 50] [--suite]

With --suite it also runs the test suite twice, the fast tier and the full run (about 6 minutes more on 2 cores),
and prints their wall times as ratios to their budgets (90 s and 6 minutes), the only targets that are times.

(benchmarks/run.py prints this table first, then its detailed tables.)

Baselines, each measured here, alternating with what it is compared with:
- PyYAML's C loader: a fresh interpreter that reads every data file of the organisation with
  `yaml.load(..., Loader=yaml.CSafeLoader)`, as anyone would read them. Its whole run (interpreter start
  included) is the baseline of whole commands (`trustsite check`, `diff`); the reading alone, timed inside
  that interpreter, is the baseline of reading and validating, timed alike inside `trustsite`'s own process;
- plain MkDocs building the Markdown trustsite renders (run.py's plain_project), for builds;
- a full serial `trustsite build` of the example, for the preview's reload.

trustsite's modules are byte-compiled first (tests/conftest.py byte_compile_engine), as `pip install` leaves
an installed package and as Python itself does on first import: PyYAML, the baseline, is measured byte-compiled
from site-packages. A machine that sets PYTHONDONTWRITEBYTECODE (this one does) would otherwise compile
trustsite's 115 modules from their source in every process of an editable install, 0.06 to 0.1 s of every
command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_diff import time_cli as time_diff  # noqa: E402
from bench_preview import copy_example, measure_preview  # noqa: E402
from synth import generate  # noqa: E402

from tests.conftest import REPO, byte_compile_engine  # noqa: E402  (bench_preview put the repository on the path)

TODAY = "2026-11-25"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

PYYAML_READ = r"""
import sys, time
start = time.perf_counter()
import yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1], "data").glob("*.yml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""

TRUSTSITE_READ = r"""
import sys, time
from pathlib import Path
import datetime as dt
from trustsite.project import check_project
start = time.perf_counter()
project, problems = check_project(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))  # no cache
assert project is not None, problems
print(time.perf_counter() - start)
"""


@dataclass
class Row:
    target: str
    measured: float
    baseline: float
    baseline_name: str
    goal: float | None  # the ratio that must not be exceeded; None: reported, no target

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, str]:
    """Wall time of a command and its standard output; fails loudly."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env or ENV, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


def trustsite(*args: str) -> list[str]:
    """A trustsite command (check, build) on the benchmarks' build date."""
    return [sys.executable, "-m", "trustsite.cli", *args, "--today", TODAY]


def check_rows(work: Path, languages: int, runs: int) -> list[Row]:
    """Reading and validating, cold and warm `check`, against PyYAML's C loader reading the same files."""
    # released: today's data is what its newest version states, as in CI or a production build; the same
    # organisation unreleased, with every sub-processor a change since the base's newest version, is the editing
    # loop's worst case (the archive read as a second project and diffed)
    project = generate(work / f"org-{languages}", 5000, 50, languages, released_on=TODAY)
    unreleased = generate(work / f"org-{languages}-unreleased", 5000, 50, languages)
    yaml_process, yaml_reading, read, cold, warm, drifted = [], [], [], [], [], []
    run(trustsite("check", "--root", str(project)))  # fills the project's cache for the warm runs
    for _ in range(runs):  # alternated, so that a busier moment of the machine hits all alike
        seconds, out = run([sys.executable, "-c", PYYAML_READ, str(project)])
        yaml_process.append(seconds)
        yaml_reading.append(float(out))
        read.append(float(run([sys.executable, "-c", TRUSTSITE_READ, str(project), TODAY])[1]))
        cold.append(run(trustsite("check", "--root", str(project), "--no-cache"))[0])
        warm.append(run(trustsite("check", "--root", str(project)))[0])
        drifted.append(run(trustsite("check", "--root", str(unreleased), "--no-cache"))[0])
    process, reading = statistics.median(yaml_process), statistics.median(yaml_reading)
    plural = f"{languages} language{'s' if languages > 1 else ''}"
    name = f"PyYAML C loader, {plural}"
    rows = [Row(f"cold `trustsite check`, 5,000 sub-processors, {plural}",
                statistics.median(cold), process, f"{name} (process)", 0.5 if languages == 1 else 1.0),
            Row(f"cold `trustsite check`, {plural}, 5,000 changes not released yet",
                statistics.median(drifted), process, f"{name} (process)", None),
            Row(f"warm `trustsite check` (cache filled), {plural}",
                statistics.median(warm), process, f"{name} (process)", None)]
    if languages == 1:
        rows.insert(0, Row("read and validate 5,000 sub-processors (check_project, cold)", statistics.median(read),
                           reading, f"{name} (reading only)", 0.25))
    return rows


def build_rows(work: Path, runs: int) -> list[Row]:
    """The example: build against plain MkDocs, without cache, --jobs 2, peak memory."""
    from run import measure, plain_project  # noqa: PLC0415 - run.py imports this module

    example = copy_example(work / "example")
    plain_config = plain_project(example, work / "plain")
    out = str(work / "ours")
    first = measure(trustsite("build", "-q", "--root", str(example), "-d", out, "--no-cache"), example)
    ours, plain, jobs = [], [], []
    for _ in range(runs):
        ours.append(measure(trustsite("build", "-q", "--root", str(example), "-d", out), example))
        plain.append(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config),
                              "-d", str(work / "plain-site")], work / "plain"))
        jobs.append(measure(trustsite("build", "-q", "-j", "2", "--root", str(example), "-d", str(work / "jobs")),
                            example))
    serial = statistics.median(r.seconds for r in ours)
    plain_seconds = statistics.median(r.seconds for r in plain)
    return [
        Row("`trustsite build` of the example (8 languages, parse cache filled)", serial, plain_seconds,
            "plain MkDocs, same pages", None),
        Row("first build, no cache", first.seconds, plain_seconds, "plain MkDocs, same pages", None),
        Row("`trustsite build --jobs 2`", statistics.median(r.seconds for r in jobs), serial,
            "serial `trustsite build`", None),
        Row("peak memory of `trustsite build` (MiB)", max(r.peak_mib for r in ours), max(r.peak_mib for r in plain),
            "plain MkDocs (MiB)", None),
    ]


def preview_rows(work: Path, runs: int, saves: int) -> list[Row]:
    """`trustsite serve` of a copy of the example: reload after a save against a full serial build."""
    example = copy_example(work / "served")
    command = trustsite("build", "-q", "--root", str(example), "-d", str(work / "served-site"))
    run(command)  # the cache filled, as on a developer's machine
    full = statistics.median(run(command)[0] for _ in range(runs))
    measured = measure_preview(example, saves)
    later = measured.memory[min(9, len(measured.memory) - 1):]
    return [Row(f"reload after saving one Dutch page (`trustsite serve`, median of {saves})",
                statistics.median(measured.latencies), full, "full serial `trustsite build` of the example", 0.25),
            Row(f"server memory growth from save 10 to save {saves} (MiB)", later[-1] - later[0], later[0],
                "server memory at save 10 (MiB)", None)]


def diff_rows(work: Path, runs: int) -> list[Row]:
    """`trustsite diff` of two states of 5,000 sub-processors and 300 purposes (3 languages), cold and warm."""
    base = generate(work / "diff-base", 5000, 300, 3)
    head = generate(work / "diff-head", 5000, 300, 3, variant=1)
    reading, cold = [], []
    for _ in range(runs):
        reading.append(run([sys.executable, "-c", PYYAML_READ, str(base)])[0]
                       + run([sys.executable, "-c", PYYAML_READ, str(head)])[0])
        cold.append(time_diff(base, head, None))
    cache = work / "diff-cache"
    time_diff(base, head, cache)
    warm = statistics.median(time_diff(base, head, cache) for _ in range(runs))
    baseline = statistics.median(reading)
    return [Row("cold `trustsite diff`, 5,000 sub-processors, 300 purposes, 3 languages", statistics.median(cold),
                baseline, "PyYAML C loader reading both states (processes)", None),
            Row("warm `trustsite diff`", warm, baseline, "PyYAML C loader reading both states (processes)", None)]


# The test suite's budgets on 2 cores (issue #18): the default local run (CONTRIBUTING.md) and every test (.ci/run).
SUITE_RUNS = [
    ("the fast tier, `pytest -m \"not browser and not slow\" -n auto`", ["-m", "not browser and not slow"], 90.0),
    ("the full run, `pytest -n auto` (.ci/run's tests, a browser required)", [], 360.0),
]


def suite_rows() -> list[Row]:
    """Each run of the suite in this checkout, timed once (a failing run stops the benchmark), against its budget.
    The full run requires a browser (TRUSTSITE_REQUIRE_BROWSER): skipped browser tests would make it look fast."""
    rows = []
    for name, args, budget in SUITE_RUNS:
        os.sync()  # what the benchmarks before wrote is on disk before the clock starts, not flushed meanwhile
        seconds, _ = run([sys.executable, "-m", "pytest", *args, "-n", "auto", "-q", "-p", "no:cacheprovider"],
                         {**ENV, "TRUSTSITE_REQUIRE_BROWSER": "1"}, cwd=REPO)
        rows.append(Row(name, seconds, budget, "budget", 1.0))
    return rows


def print_rows(rows: list[Row]) -> None:
    print("| target | measured | baseline (same run) | ratio | goal | holds |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        unit = "" if "MiB" in r.target else " s"
        goal = f"≤ {r.goal:.2f}×" if r.goal is not None else "–"
        holds = "–" if r.goal is None else ("yes" if r.ratio <= r.goal else "**no**")
        print(f"| {r.target} | {r.measured:.2f}{unit} | {r.baseline:.2f}{unit} ({r.baseline_name}) "
              f"| {r.ratio:.2f}× | {goal} | {holds} |")
    sys.stdout.flush()


def targets_table(work: Path, runs: int, saves: int, suite: bool = False) -> list[Row]:
    byte_compile_engine()
    rows: list[Row] = []
    parts = [lambda: check_rows(work, 1, runs), lambda: check_rows(work, 8, runs), lambda: build_rows(work, runs),
             lambda: preview_rows(work, runs, saves), lambda: diff_rows(work, runs)]
    # the suite first: its times are compared with fixed budgets, not with a baseline alternating with them, and the
    # benchmarks' gigabytes of synthetic organisations and builds slowed it by a sixth when it ran after them
    for part in ([suite_rows] if suite else []) + parts:
        rows += part()
        print(f"  measured {rows[-1].target}", file=sys.stderr)
    print_rows(rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is printed")
    parser.add_argument("--saves", type=int, default=50, help="saves of one page while `trustsite serve` runs")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--suite", action="store_true", help="also time the test suite's fast tier and full run")
    args = parser.parse_args()
    print(f"trustsite targets: median of {args.runs} runs; {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory(prefix="trustsite-targets-") as tmp:
        rows = targets_table(Path(tmp), args.runs, args.saves, args.suite)
    if args.json:
        args.json.write_text(json.dumps([{**vars(r), "ratio": r.ratio} for r in rows], indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
