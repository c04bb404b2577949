"""Time ``vmo handouts`` against the naive pipeline and measure the pipeline's own overhead.

Naive pipeline: for each notebook, one after another, the ``papermill`` command then
``jupyter nbconvert --to html --no-input``; for a class of N teams, that whole pass N times.
Both pipelines are timed end to end as commands (the wall clock from launching the command to
its exit), alternately, ``--repeat`` times; medians are reported.

Overhead, as the issue defines it, is the share of the total that is *not* kernel start-up,
imports or the notebooks' own cells. ``vmo handouts`` records when each of those happened in
its ``manifest.json`` (``timings``), on one wall-clock time line:

* kernel start-up: each run's ``kernel_start`` (launch until the kernel first answers);
* imports: each worker's ``warm_up`` (papermill, nbconvert, template compilation) and the
  command's own start-up (interpreter start and ``vmo``'s imports: from launching the command
  to the build's ``started``);
* cells: each run's ``cells`` (papermill's first cell start to last cell end).

Runs in parallel overlap, so the useful time is the *union* of those intervals, not their sum;
overhead = (total - union) / total. The stricter figure counts imports as overhead too (only
kernel start-up and cells are useful). For the naive pipeline only the strict figure can be
measured (from the executed notebooks' papermill time stamps), and it includes papermill's
kernel start-up in the useful time.

Usage::

    python benchmarks/bench_handouts.py [--notebooks DIR] [--data PATH] [--jobs N]
                                        [--class-size N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vmo_lib.paths import NOTEBOOKS_DIR
from vmo_lib.pipeline.handouts import discover_notebooks
from vmo_lib.pipeline.spec import read_parameters

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "notebooks"

Interval = tuple[float, float]

#: Breakdown lines of a ``vmo handouts`` build, in the order they happen.
BREAKDOWN = (
    ("startup", "command start-up (interpreter + vmo imports)"),
    ("validate", "parameter validation"),
    ("pool_start", "pool start (fork workers)"),
    ("data_check", "data check (each dataset loaded once)"),
    ("warm_up", "worker warm-up: imports + template (sum)"),
    ("kernel_start", "kernel start-up (sum over runs)"),
    ("papermill", "papermill outside cells (sum over runs)"),
    ("cells", "notebook cells (sum over runs)"),
    ("html_export", "HTML export (sum over runs)"),
    ("index", "index pages + manifest"),
    ("finish", "publish, pool shutdown, exit"),
)


@dataclass
class Sample:
    """One timed run of both pipelines."""

    naive: float
    naive_overhead: float
    vmo: float
    overhead: float
    strict_overhead: float
    breakdown: dict[str, float] = field(default_factory=dict)


def union_length(intervals: Iterable[Interval]) -> float:
    """Total length covered by possibly overlapping intervals."""
    total, end = 0.0, float("-inf")
    for low, high in sorted(intervals):
        if high > end:
            total += high - max(low, end)
            end = high
    return total


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


def run_vmo(
    notebooks: Path, out: Path, data: str | None, jobs: int | None, class_file: Path | None
) -> Interval:
    """Run ``vmo handouts`` as a command; return when it was launched and when it exited."""
    command = [str(BIN / "vmo"), "handouts", "--notebooks", str(notebooks), "--out", str(out)]
    command += ["--data", data] if data else []
    command += ["--jobs", str(jobs)] if jobs else []
    command += ["--class", str(class_file)] if class_file else []
    started = time.time()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return started, time.time()


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


def naive_overhead(total: float, executed: Sequence[Path]) -> float:
    """Share of ``total`` not covered by papermill's kernel start-up and cell execution."""
    busy = union_length(busy_interval(p) for p in executed)
    return max(total - busy, 0.0) / total


def vmo_figures(manifest: Mapping[str, Any], command: Interval) -> tuple[float, float, dict]:
    """Overhead (issue's definition), strict overhead and the breakdown of one build."""
    timings = manifest["timings"]
    origin = timings["started_epoch"]
    launched, exited = command
    total = exited - launched

    def span(phase: Mapping[str, float]) -> Interval:
        start = origin + phase["start"]
        return start, start + phase["seconds"]

    runs = [r["timings"] for r in manifest["runs"]]
    kernels = [span(r["kernel_start"]) for r in runs if "kernel_start" in r]
    cells = [span(r["cells"]) for r in runs if "cells" in r]
    imports = [span(w["warm_up"]) for w in timings["workers"]] + [(launched, origin)]
    useful = union_length([*kernels, *cells, *imports])
    strict = union_length([*kernels, *cells])
    phases = timings["phases"]

    def total_of(name: str) -> float:
        return sum(r[name]["seconds"] for r in runs if name in r)

    breakdown = {
        "startup": origin - launched,
        **{name: phases[name]["seconds"] for name in ("validate", "pool_start", "data_check")},
        "warm_up": sum(w["warm_up"]["seconds"] for w in timings["workers"]),
        "kernel_start": total_of("kernel_start"),
        "papermill": total_of("execute") - total_of("cells"),
        "cells": total_of("cells"),
        "html_export": total_of("html_export"),
        "index": phases["index"]["seconds"],
        "finish": exited - (origin + timings["total"]),
        "union_useful": useful,
        "union_kernel_cells": strict,
    }
    return (total - useful) / total, (total - strict) / total, breakdown


def class_file(folder: Path, size: int) -> Path:
    """A ``--class`` file of ``size`` teams with no values of their own (the bundled data)."""
    path = folder / "class.yaml"
    path.write_text("".join(f"- name: Team {n}\n" for n in range(1, size + 1)), encoding="utf-8")
    return path


def sample(
    folder: Path, paths: Sequence[Path], data: str | None, jobs: int | None, size: int
) -> Sample:
    """Time both pipelines once (naive first) in a fresh temporary folder."""
    with tempfile.TemporaryDirectory(prefix="vmo-bench-") as tmp:
        base = Path(tmp)
        teams = [f"team-{n}" for n in range(1, size + 1)] or [""]
        naive = sum(run_naive(paths, base / "naive" / team, data) for team in teams)
        naive_share = naive_overhead(naive, sorted((base / "naive").rglob("*.ipynb")))
        roster = class_file(base, size) if size else None
        command = run_vmo(folder, base / "ours", data, jobs, roster)
        manifest = json.loads((base / "ours" / "manifest.json").read_text(encoding="utf-8"))
    overhead, strict, breakdown = vmo_figures(manifest, command)
    vmo = command[1] - command[0]
    return Sample(naive, naive_share, vmo, overhead, strict, breakdown)


def report(samples: Sequence[Sample]) -> None:
    """Print each sample, the medians and the median breakdown of the vmo build."""
    print(f"{'':8}{'naive':>9}{'vmo':>9}{'speed-up':>10}{'overhead':>10}{'strict':>8}")
    for number, s in enumerate(samples, start=1):
        print(
            f"run {number:<4}{s.naive:8.2f}s{s.vmo:8.2f}s{s.naive / s.vmo:9.2f}x"
            f"{s.overhead:10.1%}{s.strict_overhead:8.1%}"
        )
    naive = statistics.median(s.naive for s in samples)
    vmo = statistics.median(s.vmo for s in samples)
    speed = statistics.median(s.naive / s.vmo for s in samples)
    overhead = statistics.median(s.overhead for s in samples)
    strict = statistics.median(s.strict_overhead for s in samples)
    print(f"{'median':8}{naive:8.2f}s{vmo:8.2f}s{speed:9.2f}x{overhead:10.1%}{strict:8.1%}")
    naive_strict = statistics.median(s.naive_overhead for s in samples)
    print(f"naive pipeline overhead (strict): {naive_strict:.1%}")
    print("vmo handouts breakdown (median seconds; sums over runs overlap in parallel builds):")
    for key, label in BREAKDOWN:
        print(f"  {label:<48}{statistics.median(s.breakdown[key] for s in samples):6.2f}")
    useful = statistics.median(s.breakdown["union_useful"] for s in samples)
    print(f"  {'wall clock covered by kernels, imports, cells':<48}{useful:6.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run both pipelines ``--repeat`` times and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, help="default: the workbook's notebooks/")
    parser.add_argument("--data", help="dataset passed to both pipelines")
    parser.add_argument("--jobs", type=int, help="vmo handouts --jobs (default: CPUs)")
    parser.add_argument(
        "--class-size",
        type=int,
        default=0,
        metavar="N",
        help="time a class build of N teams (vmo handouts --class) against N naive passes",
    )
    parser.add_argument("--repeat", type=int, default=3, metavar="R", help="default: 3")
    args = parser.parse_args(argv)
    folder = args.notebooks or NOTEBOOKS_DIR
    if not discover_notebooks(folder):
        print(f"No notebooks in {folder}; using the test fixtures instead.")
        folder = FIXTURES
    paths = discover_notebooks(folder)
    data = str(Path(args.data).resolve()) if args.data and Path(args.data).exists() else args.data
    what = f"a class of {args.class_size} teams" if args.class_size else "one handout set"
    print(f"{len(paths)} notebooks from {folder}, {what}, {args.repeat} repeats")
    try:
        samples = [
            sample(folder, paths, data, args.jobs, args.class_size) for _ in range(args.repeat)
        ]
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-3:]
        print(f"A notebook failed, so nothing to compare: {exc.cmd[:2]}", *tail, sep="\n")
        return 1
    report(samples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
