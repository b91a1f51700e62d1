"""Benchmark: `trustsite diff` between two synthetic organisations (issue target: 5,000 sub-processors
and 300 purposes in under 2 s on a 2-core machine). Prints a table; it is not a test.

    .venv/bin/python benchmarks/bench_diff.py [--runs 5] [--languages 3 8]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402


def time_cli(base: Path, head: Path, cache: Path | None) -> float:
    """Wall time of the real command, interpreter start and imports included; cold without the parse cache."""
    caching = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "trustsite.cli", "diff", str(base), str(head), "--format", "json",
                           "--root", str(base), *caching], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3, 4):
        raise SystemExit(f"trustsite diff failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def time_library(base: Path, head: Path) -> tuple[float, float, float, int]:
    """load base, load head, compare (seconds, imports in 'load base') and the number of changes, no cache."""
    code = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from trustsite.project import check_project\n"
        "from trustsite.changes.report import compare\n"
        "t0 = time.perf_counter()\n"
        "a, _ = check_project(Path(sys.argv[1])); t1 = time.perf_counter()\n"
        "b, _ = check_project(Path(sys.argv[2])); t2 = time.perf_counter()\n"
        "r = compare(a, b, 'base', 'head'); t3 = time.perf_counter()\n"
        "print(t1 - t0, t2 - t1, t3 - t2, len(r.decisions))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(base), str(head)], capture_output=True, text=True, check=True)
    a, b, c, n = out.stdout.split()
    return float(a), float(b), float(c), int(n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--subprocessors", type=int, default=5000)
    parser.add_argument("--purposes", type=int, default=300)
    parser.add_argument("--languages", type=int, nargs="+", default=[3, 8])
    args = parser.parse_args()
    print(f"trustsite diff benchmark: {args.subprocessors} sub-processors, {args.purposes} purposes, "
          f"median of {args.runs} runs (min in brackets); machine: {sys.platform}, Python {sys.version.split()[0]}")
    print()
    print("| languages | data per state | load base | load head | compare | changes | `trustsite diff` cold | warm cache |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="trustsite-bench-") as tmp:
        for languages in args.languages:
            base = generate(Path(tmp) / f"base{languages}", args.subprocessors, args.purposes, languages)
            head = generate(Path(tmp) / f"head{languages}", args.subprocessors, args.purposes, languages, variant=1)
            size = sum(f.stat().st_size for f in (base / "data").glob("*.yml")) / 1e6
            libs = [time_library(base, head) for _ in range(args.runs)]
            colds = [time_cli(base, head, None) for _ in range(args.runs)]
            cache = Path(tmp) / f"cache{languages}"
            time_cli(base, head, cache)  # fills the cache
            warms = [time_cli(base, head, cache) for _ in range(args.runs)]
            cols = list(zip(*libs))
            fmt = lambda xs: f"{statistics.median(xs):.2f} s ({min(xs):.2f})"  # noqa: E731
            print(f"| {languages} | {size:.1f} MB | {fmt(cols[0])} | {fmt(cols[1])} | {fmt(cols[2])} "
                  f"| {libs[0][3]} | {fmt(colds)} | {fmt(warms)} |")
    gc.collect()


if __name__ == "__main__":
    main()
