"""Time ``vmo handouts`` against the naive pipeline and measure the pipeline's own overhead.

Naive pipeline: for each notebook, one after another, the ``papermill`` command then
``jupyter nbconvert --to html --no-input``. Both pipelines are timed end to end as commands.

Overhead is the wall-clock time during which no notebook was starting its kernel or running
cells: total minus the union of the intervals [papermill start, last cell end] read from the
executed notebooks' papermill metadata. With parallel runs the intervals overlap, so the union
(not the sum) is the useful work the wall clock had to contain.

Usage::

    python benchmarks/bench_handouts.py [--notebooks DIR] [--data PATH] [--jobs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from vmo_lib.reports.handouts import discover_notebooks, project_notebooks
from vmo_lib.reports.spec import read_parameters

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "notebooks"

Interval = tuple[float, float]


def busy_interval(ipynb: Path) -> Interval:
    """[papermill start, last cell end] of an executed notebook, in epoch seconds."""
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    start = _epoch(nb["metadata"]["papermill"]["start_time"])
    ends = [
        _epoch(cell["metadata"]["papermill"]["end_time"])
        for cell in nb["cells"]
        if cell.get("metadata", {}).get("papermill", {}).get("end_time")
    ]
    return start, max(ends, default=start)


def _epoch(stamp: str) -> float:
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def union_length(intervals: Iterable[Interval]) -> float:
    """Total length covered by possibly overlapping intervals."""
    total, end = 0.0, float("-inf")
    for low, high in sorted(intervals):
        if high > end:
            total += high - max(low, end)
            end = high
    return total


def run_vmo(notebooks: Path, out: Path, data: str | None, jobs: int | None) -> float:
    """Wall time of ``vmo handouts`` (as a command)."""
    command = [str(BIN / "vmo"), "handouts", "--notebooks", str(notebooks), "--out", str(out)]
    command += ["--data", data] if data else []
    command += ["--jobs", str(jobs)] if jobs else []
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def run_naive(paths: Sequence[Path], out: Path, data: str | None) -> float:
    """Wall time of papermill then nbconvert, per notebook, one after another."""
    out.mkdir(parents=True)
    started = time.perf_counter()
    for path in paths:
        names = read_parameters(path).names
        executed = out / path.name
        command = [str(BIN / "papermill"), str(path), str(executed), "-k", "python3"]
        command += ["--cwd", str(path.parent), "--no-progress-bar"]
        if data and "data" in names:
            command += ["-p", "data", data]
        if "output_dir" in names:
            command += ["-p", "output_dir", str(out / "outputs" / path.stem)]
        subprocess.run(command, check=True, capture_output=True)
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def overhead(total: float, executed: Sequence[Path]) -> float:
    """Share of ``total`` not covered by kernel start-up and cell execution."""
    busy = union_length(busy_interval(p) for p in executed)
    return max(total - busy, 0.0) / total


def main(argv: Sequence[str] | None = None) -> int:
    """Run both pipelines once and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, help="default: the workbook's notebooks/")
    parser.add_argument("--data", help="dataset passed to both pipelines")
    parser.add_argument("--jobs", type=int, help="vmo handouts --jobs (default: CPUs)")
    args = parser.parse_args(argv)
    folder = args.notebooks or project_notebooks()
    if not discover_notebooks(folder):
        print(f"No notebooks in {folder}; using the test fixtures instead.")
        folder = FIXTURES
    paths = discover_notebooks(folder)
    data = str(Path(args.data).resolve()) if args.data and Path(args.data).exists() else args.data
    print(f"{len(paths)} notebooks from {folder}")
    with tempfile.TemporaryDirectory(prefix="vmo-bench-") as tmp:
        base = Path(tmp)
        try:
            naive = run_naive(paths, base / "naive", data)
            ours = run_vmo(folder, base / "ours", data, args.jobs)
        except subprocess.CalledProcessError as exc:
            tail = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-3:]
            print(f"A notebook failed, so nothing to compare: {exc.cmd[:2]}", *tail, sep="\n")
            return 1
        naive_overhead = overhead(naive, sorted((base / "naive").glob("*.ipynb")))
        ours_overhead = overhead(ours, sorted((base / "ours").glob("*.ipynb")))
    print(f"naive (papermill + nbconvert CLIs): {naive:6.2f} s  overhead {naive_overhead:5.1%}")
    print(f"vmo handouts:                       {ours:6.2f} s  overhead {ours_overhead:5.1%}")
    print(f"speed-up: {naive / ours:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
