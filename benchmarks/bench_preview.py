"""Preview latency of `trustsite serve` against a full serial build of the same project (it is not a test):

    .venv/bin/python benchmarks/bench_preview.py [--saves 50] [--runs 3]

A copy of the example is built with `trustsite build` (serial, parse cache filled, as a developer rebuilds)
and served with `trustsite serve`; then one Dutch page is saved again and again with a new sentence, and
the time from the save until the server answers with the new sentence is the reload latency (the watcher's
polling and MkDocs' settling delay included). The server's resident memory is read after every save.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # the tests' helpers: a copy of a project, a free port, fetching a page

from tests.conftest import copy_project  # noqa: E402
from tests.safety.helpers import as_from_a_terminal  # noqa: E402
from tests.site.helpers import fetch, free_port  # noqa: E402

PAGE = "content/trust/security.nl.md"
URL_PATH = "nl/trust/security/"
TODAY = "2026-11-25"


def copy_example(target: Path) -> Path:
    """A copy of the project at the repository root (the example, or a fork's organisation) that builds anywhere."""
    return copy_project(REPO, target)


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def full_build_seconds(project: Path, out: Path, runs: int) -> float:
    """Median wall time of `trustsite build` (serial) of the project, its parse cache filled by a first build."""
    command = [sys.executable, "-m", "trustsite.cli", "build", "-q", "--root", str(project), "-d", str(out), "--today", TODAY]
    subprocess.run(command, env=_env(), check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=_env(), check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class PreviewMeasured:
    latencies: list[float]
    memory: list[float]  # MiB after each save


def measure_preview(project: Path, saves: int) -> PreviewMeasured:
    port = free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, "-m", "trustsite.cli", "serve", "--root", str(project),
                               "-a", f"127.0.0.1:{port}", "--today", TODAY], env=_env(), stdout=log, stderr=subprocess.STDOUT,
                              preexec_fn=as_from_a_terminal())  # stopped with Ctrl-C's signal, even from a background job
    url = f"http://127.0.0.1:{port}/{URL_PATH}"
    try:
        deadline = time.monotonic() + 180
        while fetch(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                log.seek(0)
                raise SystemExit(f"trustsite serve did not start:\n{log.read().decode()[-3000:]}")
            time.sleep(0.2)
        page = project / PAGE
        original = page.read_text(encoding="utf-8")
        measured = PreviewMeasured([], [])
        for n in range(saves):
            sentence = f"Benchmark-zin {n} voor de voorvertoning."
            page.write_text(original + f"\n{sentence}\n", encoding="utf-8")
            start = time.perf_counter()
            while sentence not in (fetch(url) or ""):
                if time.perf_counter() - start > 60:
                    log.seek(0)
                    raise SystemExit(f"save {n} never showed:\n{log.read().decode()[-3000:]}")
                time.sleep(0.02)
            measured.latencies.append(time.perf_counter() - start)
            time.sleep(0.3)  # let the server settle before the next save
            measured.memory.append(_resident_mib(server.pid))
        return measured
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def preview_table(work: Path, saves: int, runs: int) -> dict[str, float]:
    """Measure and print the preview table; returns the figures (for benchmarks/run.py)."""
    project = copy_example(work / "example")
    build = full_build_seconds(project, work / "built", runs)
    measured = measure_preview(project, saves)
    latency = statistics.median(measured.latencies)
    growth = measured.memory[-1] - measured.memory[min(9, len(measured.memory) - 1)]
    print("| project | full serial build | reload after saving one Dutch page (median of "
          f"{saves}) | ratio | server memory after save 10 → {saves} |")
    print("|---|---|---|---|---|")
    print(f"| example (8 languages) | {build:.2f} s | {latency:.2f} s | {latency / build:.2f}× "
          f"| {measured.memory[min(9, len(measured.memory) - 1)]:.0f} → {measured.memory[-1]:.0f} MiB "
          f"({growth:+.1f} MiB) |")
    sys.stdout.flush()
    return {"build": build, "latency": latency, "ratio": latency / build, "growth": growth}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="runs of the full build; the median is used")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trustsite-preview-") as tmp:
        preview_table(Path(tmp), args.saves, args.runs)


if __name__ == "__main__":
    main()
