"""Benchmarks of trustsite, one command, printed as Markdown tables (it is not a test):

    .venv/bin/python benchmarks/run.py [--runs 3] [--languages 1 3 8] [--subprocessors 100 1000 5000]
                                       [--only targets build jobs check diff] [--saves 50]

0. Targets: every performance target as a ratio to its baseline measured in the same run (targets.py):
   reading and validating, cold and warm check in 1 and 8 languages against PyYAML's C loader reading the
   same files; the build against plain MkDocs, without cache, with --jobs 2, its peak memory; the preview's
   reload against a full serial build, and its memory over saves; diff.

1. Build: `trustsite build` of the example and of synthetic organisations (benchmarks/synth.py) against a
   plain MkDocs build (same mkdocs.yml, theme and overrides, no trustsite hook) of exactly the Markdown
   trustsite's hook produced for every page (dumped by benchmarks/dump_markdown.py). The ratio of the two
   comes from the same run. A second baseline adds to plain MkDocs the one thing trustsite's hook does for
   MkDocs' own work, sharing compiled theme templates between languages (shared_theme_hook.py); the ratio
   against it is the cost of trustsite's own work alone. trustsite's build is timed as a rebuild (its parse cache filled by the build
   before, as on a developer's machine or a CI runner that keeps the cache) and once without any cache
   (a first build). Peak memory is the build process's maximum resident set.
2. `trustsite check`: cold (no parse cache) and warm (cache filled), interpreter start included.
3. Scaling with the number of sub-processors: the cost of each further sub-processor between sizes.
4. Parallel build: `trustsite build --jobs 2` against the serial build (8 languages).
5. Cold `trustsite check` of 5,000 sub-processors by phase: import, read and validate, render (bench_check.py).
6. `trustsite diff` of 5,000 sub-processors (see bench_diff.py for its phases).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import phase_table  # noqa: E402
from bench_diff import time_cli  # noqa: E402
from synth import REPO, generate  # noqa: E402
from targets import targets_table  # noqa: E402

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-25"


@dataclass
class Measured:
    seconds: float
    peak_mib: float


# Started by a small interpreter: Linux starts a child's peak resident set (ru_maxrss) at its parent's size
# when it forks, so a command forked by this process (which holds generated organisations) would report
# this process's peak instead of its own.
LAUNCH = r"""
import json, os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": elapsed, "peak_kib": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, out)
"""


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Wall time and peak resident memory of one command; fails loudly when the command fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile(suffix=".json") as result:
        subprocess.run([sys.executable, "-c", LAUNCH, result.name, *command], cwd=cwd, env=env, stdout=out,
                       stderr=subprocess.STDOUT, check=True)
        measured = json.loads(Path(result.name).read_text(encoding="utf-8"))
        if measured["code"] != 0:
            out.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({measured['code']}):\n{out.read().decode()[-3000:]}")
    return Measured(measured["seconds"], measured["peak_kib"] / 1024)


def median(runs: list[Measured]) -> Measured:
    return Measured(statistics.median(r.seconds for r in runs), max(r.peak_mib for r in runs))


def trustsite(*args: str) -> list[str]:
    """A trustsite command (check, build, diff) on the benchmarks' build date."""
    return [sys.executable, "-m", "trustsite.cli", *args, "--today", TODAY]


def site_config(project: Path) -> dict:
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def i18n_languages(project: Path) -> list[dict]:
    """The languages configured for mkdocs-static-i18n in a project's mkdocs.yml."""
    plugins = [p for p in site_config(project)["plugins"] if isinstance(p, dict) and "i18n" in p]
    return plugins[0]["i18n"]["languages"]


def plain_project(project: Path, work: Path) -> Path:
    """A plain MkDocs project of the Markdown trustsite renders for `project`; returns its mkdocs.yml."""
    docs = work / "docs"
    shutil.copytree(project / "content", docs, ignore=shutil.ignore_patterns("*.md"))
    config = site_config(project)
    # trustsite as a plugin on the benchmarks' build date (a hook file takes no options), then the dump
    plugins = [p for p in config.get("plugins", []) if p != "trustsite" and not (isinstance(p, dict) and "trustsite" in p)]
    dump_config = dict(config, plugins=[*plugins, {"trustsite": {"build_date": TODAY}}],
                       hooks=[*[str(project / h) for h in config.get("hooks", []) if not h.endswith("trustsite_hooks.py")],
                              str(HERE / "dump_markdown.py")],
                       extra={**(config.get("extra") or {}), "benchmark_dump_markdown": str(docs)})
    dump_file = project / "mkdocs.benchmark-dump.yml"  # beside mkdocs.yml: the hook finds the project there
    dump_file.write_text(yaml.safe_dump(dump_config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(dump_file), "-d", str(work / "dumped-site")],
                project)
    finally:
        dump_file.unlink()
    theme = dict(config["theme"], custom_dir=str((project / config["theme"]["custom_dir"]).resolve()))
    plain = {k: v for k, v in config.items() if k not in ("hooks", "watch")}
    plain.update(docs_dir=str(docs), theme=theme, strict=False)
    (work / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shared = dict(plain, hooks=[str(HERE / "shared_theme_hook.py")])
    (work / "mkdocs.shared.yml").write_text(yaml.safe_dump(shared, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return work / "mkdocs.yml"


def pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


@dataclass
class BuildRow:
    name: str
    languages: int
    subprocessors: int
    pages: int
    ours: Measured
    plain: Measured
    shared: Measured  # plain MkDocs with the compiled theme templates shared between languages (shared_theme_hook.py)
    first: float  # trustsite build without any cache, one run
    check_cold: float
    check_warm: float


def bench_project(name: str, project: Path, languages: int, subprocessors: int, runs: int, work: Path) -> BuildRow:
    plain_config = plain_project(project, work / "plain")
    first = measure(trustsite("build", "-q", "--root", str(project), "-d", str(work / "ours"), "--no-cache"),
                    project).seconds
    ours, plain, shared = [], [], []
    for _ in range(runs):  # alternated, so a slower moment of the machine hits all alike
        ours.append(measure(trustsite("build", "-q", "--root", str(project), "-d", str(work / "ours")), project))
        plain.append(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config),
                              "-d", str(work / "plain-site")], work / "plain"))
        shared.append(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                               str(plain_config.with_name("mkdocs.shared.yml")), "-d", str(work / "shared-site")],
                              work / "plain"))
    if pages(work / "ours") != pages(work / "plain-site"):
        raise SystemExit(f"{name}: the plain build has {pages(work / 'plain-site')} pages, trustsite's {pages(work / 'ours')}")
    cold = [measure(trustsite("check", "--root", str(project), "--no-cache"), project).seconds for _ in range(runs)]
    warm_check = trustsite("check", "--root", str(project), "--cache-dir", str(work / "cache"))
    measure(warm_check, project)  # fills the cache
    warm = [measure(warm_check, project).seconds for _ in range(runs)]
    return BuildRow(name, languages, subprocessors, pages(work / "ours"), median(ours), median(plain),
                    median(shared), first, statistics.median(cold), statistics.median(warm))


def print_build_table(rows: list[BuildRow]) -> None:
    print("| organisation | languages | sub-processors | pages | `trustsite build` | plain MkDocs | ratio "
          "| plain, theme shared (ratio) | first build, no cache (ratio) | peak memory (trustsite / plain) "
          "| `check` cold | `check` warm |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.name} | {r.languages} | {r.subprocessors:,} | {r.pages} | {r.ours.seconds:.2f} s "
              f"| {r.plain.seconds:.2f} s | {r.ours.seconds / r.plain.seconds:.2f}× "
              f"| {r.shared.seconds:.2f} s ({r.ours.seconds / r.shared.seconds:.2f}×) "
              f"| {r.first:.2f} s ({r.first / r.plain.seconds:.2f}×) "
              f"| {r.ours.peak_mib:.0f} / {r.plain.peak_mib:.0f} MiB | {r.check_cold:.2f} s | {r.check_warm:.2f} s |")


def print_scaling(rows: list[BuildRow]) -> None:
    print("| languages | sizes | build: ms per further sub-processor | check (cold): ms per further sub-processor |")
    print("|---|---|---|---|")
    synthetic = [r for r in rows if r.name == "synthetic"]
    for languages in sorted({r.languages for r in synthetic}):
        series = sorted((r for r in synthetic if r.languages == languages), key=lambda r: r.subprocessors)
        for a, b in zip(series, series[1:]):
            n = b.subprocessors - a.subprocessors
            print(f"| {languages} | {a.subprocessors:,} → {b.subprocessors:,} "
                  f"| {1000 * (b.ours.seconds - a.ours.seconds) / n:.2f} "
                  f"| {1000 * (b.check_cold - a.check_cold) / n:.3f} |")


def bench_jobs(name: str, project: Path, runs: int, work: Path) -> tuple[str, float, float]:
    serial, parallel = [], []
    for _ in range(runs):
        serial.append(measure(trustsite("build", "-q", "--root", str(project), "-d", str(work / "serial")), project).seconds)
        parallel.append(measure(trustsite("build", "-q", "-j", "2", "--root", str(project), "-d", str(work / "parallel")),
                                project).seconds)
    return name, statistics.median(serial), statistics.median(parallel)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is printed")
    parser.add_argument("--languages", type=int, nargs="+", default=[1, 3, 8])
    parser.add_argument("--subprocessors", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--purposes", type=int, default=50)
    parser.add_argument("--jobs-subprocessors", type=int, default=1000,
                        help="size of the synthetic organisation (8 languages) for the --jobs comparison")
    parser.add_argument("--only", choices=["targets", "build", "jobs", "check", "diff"], nargs="+",
                        default=["targets", "build", "jobs", "check", "diff"],
                        help="which parts to run")
    parser.add_argument("--saves", type=int, default=50, help="saves of one page while `trustsite serve` runs")
    args = parser.parse_args()
    cores = os.cpu_count()
    print(f"trustsite benchmarks: median of {args.runs} runs; {cores} cores, Python {sys.version.split()[0]}, "
          f"{sys.platform}; synthetic organisations have {args.purposes} purposes\n")
    with tempfile.TemporaryDirectory(prefix="trustsite-bench-") as tmp:
        tmp_path = Path(tmp)
        if "targets" in args.only:
            print("### Targets\n")
            targets_table(tmp_path / "targets", args.runs, args.saves)
            print()
        if "build" in args.only:
            rows = [bench_project("example", REPO, len(i18n_languages(REPO)), 10,
                                  args.runs, tmp_path / "example")]
            for languages in args.languages:
                for subprocessors in args.subprocessors:
                    project = generate(tmp_path / f"org-{languages}-{subprocessors}", subprocessors, args.purposes,
                                       languages)
                    rows.append(bench_project("synthetic", project, languages, subprocessors, args.runs,
                                              tmp_path / f"work-{languages}-{subprocessors}"))
                    print(f"  measured {languages} languages, {subprocessors} sub-processors", file=sys.stderr)
            print("### Build and check\n")
            print_build_table(rows)
            print("\n### Scaling\n")
            print_scaling(rows)
            sys.stdout.flush()
        if "jobs" in args.only:
            print("\n### Parallel build (`--jobs 2`)\n")
            print("| organisation | languages | serial | `--jobs 2` | speedup |")
            print("|---|---|---|---|---|")
            synthetic = generate(tmp_path / f"jobs-org-{args.jobs_subprocessors}", args.jobs_subprocessors,
                                 args.purposes, 8)
            for name, project in [("example", REPO), (f"synthetic, {args.jobs_subprocessors:,} sub-processors", synthetic)]:
                label, serial, parallel = bench_jobs(name, project, args.runs, tmp_path / f"jobs-{len(name)}")
                print(f"| {label} | 8 | {serial:.2f} s | {parallel:.2f} s | {serial / parallel:.2f}× |")
                sys.stdout.flush()
        if "check" in args.only:
            print("\n### Cold `trustsite check` of 5,000 sub-processors, by phase (benchmarks/bench_check.py)\n")
            phase_table(tmp_path, 5000, args.languages, args.runs, args.purposes)
            print("\n### Cold `trustsite check` of 5,000 sub-processors, `--jobs 2`\n")
            print("| languages | `check` | `check --jobs 2` | speedup |")
            print("|---|---|---|---|")
            for languages in (n for n in args.languages if n > 1):
                project = tmp_path / f"check-org-{languages}"  # generated by phase_table
                serial, parallel = [], []
                for _ in range(args.runs):
                    for jobs, times in (("1", serial), ("2", parallel)):
                        times.append(measure(trustsite("check", "--root", str(project), "--jobs", jobs, "--no-cache"),
                                             project).seconds)
                s, p = statistics.median(serial), statistics.median(parallel)
                print(f"| {languages} | {s:.2f} s | {p:.2f} s | {s / p:.2f}× |")
                sys.stdout.flush()
        if "diff" in args.only:
            print("\n### `trustsite diff` (5,000 sub-processors, 300 purposes, a dozen changes)\n")
            print("| languages | cold | warm cache |")
            print("|---|---|---|")
            for languages in (3, 8):
                base = generate(tmp_path / f"diff-base-{languages}", 5000, 300, languages)
                head = generate(tmp_path / f"diff-head-{languages}", 5000, 300, languages, variant=1)
                cold = statistics.median(time_cli(base, head, None) for _ in range(args.runs))
                cache = tmp_path / f"diff-cache-{languages}"
                time_cli(base, head, cache)
                warm = statistics.median(time_cli(base, head, cache) for _ in range(args.runs))
                print(f"| {languages} | {cold:.2f} s | {warm:.2f} s |")


if __name__ == "__main__":
    main()
