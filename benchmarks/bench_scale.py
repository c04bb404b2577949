"""Handout builds at real portfolio sizes, side by side: time and peak memory per notebook.

One run of this script builds the whole handout set (``vmo handouts``, every notebook) on:

* the bundled case study (``harbourline``, 52 projects): the reference every ratio is taken to;
* generated organisations of each ``--sizes`` (default 2,000 and 10,000 projects), for each of
  ``--seeds`` (default 11 and 7), from ``vmo_lib.data.generator`` (cached in ``--cache``);
* the US federal IT Dashboard 2013 export (1,520 projects), imported with ``vmo import`` and
  the bundled mapping (the import is timed too).

Each build runs as a command (``vmo handouts --jobs 2``, the notebooks two at a time), with a
per-notebook ``--timeout``; a notebook that fails or times out is reported, never hidden. While
it runs, a sampler reads the resident memory of every process of the build (the command, its
workers and their kernels) every ``--interval`` seconds, which gives

* the build's peak: the largest sum over all its processes at one moment;
* each notebook's peak: the largest resident memory of the kernel that ran it. A kernel is the
  child of the pool worker that ran the notebook (``manifest.json`` names the worker), and a
  worker starts its kernels one after another in the order of its runs, so the n-th kernel of
  a worker ran that worker's n-th notebook.

Per-notebook time is the notebook's own cells (``runs[].timings.cells`` in the manifest) and
its whole run (``runs[].seconds``: kernel start, cells, handout export). Results are printed
as Markdown tables (paste them into ``benchmarks/README.md``) and, with ``--json``, saved.

Usage::

    python benchmarks/bench_scale.py                       # the full measurement (long)
    python benchmarks/bench_scale.py --only case-study     # the reference row only
    python benchmarks/bench_scale.py --sizes 300 --seeds 1 --no-federal   # a quick try
    python benchmarks/bench_scale.py --notebooks DIR --json results.json

Give it the machine to itself: on 2 shared cores other work changes every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FEDERAL_EXPORT = ROOT.parent / "shared" / "data" / "us-federal-it-dashboard-2013" / "projects.csv"
FEDERAL_MAPPING = ROOT / "datasets" / "mappings" / "us-federal-it-dashboard-2013.yaml"
#: What the README's federal example passes (the export's data date and currency).
FEDERAL_PARAMETERS = (("organisation_name", "US federal IT"), ("as_of", "2012-08-31"))
FEDERAL_CURRENCY = "USD"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One dataset to build the handouts on."""

    name: str
    data: str
    projects: int
    seed: int | None = None
    parameters: tuple[tuple[str, str], ...] = ()
    #: Seconds spent preparing the dataset (the federal import), if measured.
    prepare_seconds: float | None = None


@dataclass
class NotebookRow:
    """One notebook of one build: its outcome, time and peak memory."""

    notebook: str
    status: str
    cells_seconds: float | None
    run_seconds: float | None
    peak_mb: float | None
    failure: str | None = None


@dataclass
class BuildRow:
    """One build: total time, peak memory of all its processes, and its notebooks."""

    case: str
    projects: int
    seed: int | None
    status: int
    seconds: float
    peak_mb: float
    notebooks: list[NotebookRow] = field(default_factory=list)
    prepare_seconds: float | None = None
    error: str = ""


class MemorySampler:
    """Samples the resident memory of a process and all its descendants, in a thread.

    Keeps, per process, its peak resident memory, its parent and its start time; and the peak
    of the sum over all processes at one sample (the build's peak).
    """

    def __init__(self, pid: int, interval: float) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self.parents: dict[int, int] = {}
        self.created: dict[int, float] = {}
        self.total_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="bench-sampler", daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        """Read every process of the tree once."""
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        for process in processes:
            with contextlib.suppress(psutil.Error):
                rss = process.memory_info().rss
                total += rss
                pid = process.pid
                self.peaks[pid] = max(self.peaks.get(pid, 0), rss)
                if pid not in self.parents:
                    self.parents[pid] = process.ppid()
                    self.created[pid] = process.create_time()
        self.total_peak = max(self.total_peak, total)

    def children_of(self, pid: int) -> list[int]:
        """Processes seen whose parent is ``pid``, oldest first."""
        found = [child for child, parent in self.parents.items() if parent == pid]
        return sorted(found, key=lambda child: self.created[child])


def _vmo(*args: str) -> list[str]:
    return [str(BIN / "vmo"), *args]


def generated_case(size: int, seed: int, cache: Path) -> Case:
    """A generated organisation of ``size`` projects (written once into ``cache``)."""
    folder = cache / f"org{size}_s{seed}"
    shared = Path("/work/scale") / folder.name  # prepared on the project's machine
    if (shared / "projects.csv").is_file():
        folder = shared
    elif not (folder / "projects.csv").is_file():
        from vmo_lib.data.generator import generate_organisation, write_dataset

        print(f"generating {size} projects, seed {seed} into {folder}...", file=sys.stderr)
        write_dataset(generate_organisation(size, seed=seed), folder)
    return Case(f"generated {size:,} (seed {seed})", str(folder), size, seed)


def federal_case(cache: Path) -> Case | None:
    """The US federal IT Dashboard export imported with the bundled mapping (import timed)."""
    if not FEDERAL_EXPORT.is_file():
        print(f"skipping the federal import: {FEDERAL_EXPORT} not found", file=sys.stderr)
        return None
    folder = cache / "federal_it"
    began = time.perf_counter()
    command = ["import", str(FEDERAL_EXPORT), "--mapping", str(FEDERAL_MAPPING)]
    done = subprocess.run(
        _vmo(*command, "--out", str(folder)),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        print(f"the federal import failed:\n{done.stderr}", file=sys.stderr)
        return None
    projects = _count_rows(folder / "projects.csv")
    name = f"US federal IT 2013 ({projects:,} imported)"
    return Case(name, str(folder), projects, None, FEDERAL_PARAMETERS, seconds)


def _count_rows(path: Path) -> int:
    import csv

    with path.open(newline="", encoding="utf-8-sig") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def build(
    case: Case, *, notebooks: Path | None, jobs: int, timeout: float, interval: float, work: Path
) -> BuildRow:
    """Build every handout of ``case`` and measure it."""
    out = work / f"reports-{abs(hash(case.name)) % 10**8}"
    currency = FEDERAL_CURRENCY if case.parameters == FEDERAL_PARAMETERS else "GBP"
    args = ["handouts", "--data", case.data, "--out", str(out), "--jobs", str(jobs)]
    args += ["--timeout", f"{timeout:g}", "-p", "currency", currency]
    for name, value in case.parameters:
        args += ["-p", name, value]
    if notebooks is not None:
        args += ["--notebooks", str(notebooks)]
    print(f"building {case.name}...", file=sys.stderr)
    began = time.perf_counter()
    process = subprocess.Popen(_vmo(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with MemorySampler(process.pid, interval) as sampler:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - began
    row = BuildRow(
        case.name,
        case.projects,
        case.seed,
        process.returncode,
        seconds,
        sampler.total_peak / MB,
        prepare_seconds=case.prepare_seconds,
    )
    manifest_path = _manifest(out)
    if manifest_path is None:
        row.error = (stderr or stdout).decode(errors="replace").strip()[-2000:]
        return row
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    row.notebooks = notebook_rows(manifest, sampler)
    return row


def _manifest(out: Path) -> Path | None:
    """The build's manifest: published, or kept beside it after a failure."""
    for folder in (out, out.with_name(out.name + ".partial")):
        if (folder / "manifest.json").is_file():
            return folder / "manifest.json"
    return None


def notebook_rows(manifest: dict[str, Any], sampler: MemorySampler) -> list[NotebookRow]:
    """Each run of the manifest with its time and its kernel's peak memory."""
    runs = manifest.get("runs", [])
    kernel_of = _kernels_by_run(runs, sampler)
    rows = []
    for index, run in enumerate(runs):
        timings = run.get("timings") or {}
        cells = (timings.get("cells") or {}).get("seconds")
        kernel = kernel_of.get(index)
        peak = sampler.peaks.get(kernel) if kernel is not None else None
        rows.append(
            NotebookRow(
                notebook=Path(run["notebook"]).stem,
                status=run.get("status", "?"),
                cells_seconds=cells,
                run_seconds=run.get("seconds"),
                peak_mb=peak / MB if peak else None,
                failure=run.get("failure"),
            )
        )
    return rows


def _kernels_by_run(runs: Sequence[dict[str, Any]], sampler: MemorySampler) -> dict[int, int]:
    """Run index -> kernel pid: the n-th kernel a worker started ran its n-th run."""
    by_worker: dict[int, list[tuple[float, int]]] = {}
    for index, run in enumerate(runs):
        timings = run.get("timings") or {}
        worker = timings.get("worker")
        start = (timings.get("kernel_start") or timings.get("execute") or {}).get("start")
        if worker and start is not None:
            by_worker.setdefault(worker, []).append((start, index))
    matched: dict[int, int] = {}
    for worker, worker_runs in by_worker.items():
        kernels = sampler.children_of(worker)
        for (_, index), kernel in zip(sorted(worker_runs), kernels, strict=False):
            matched[index] = kernel
    return matched


def report(rows: Sequence[BuildRow]) -> str:
    """Markdown tables: one line per build, then time and memory per notebook and build."""
    reference = next((r for r in rows if r.case == "case study"), None)
    lines = [
        "| dataset | projects | build (s) | x case study | peak memory (MB) | status |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ratio = f"{row.seconds / reference.seconds:.1f}x" if reference else "-"
        bad = [n for n in row.notebooks if n.status not in ("ok", "skipped")]
        status = "ok" if row.status == 0 and not bad else _failures(row, bad)
        prepared = f" (+{row.prepare_seconds:.1f} s import)" if row.prepare_seconds else ""
        lines.append(
            f"| {row.case} | {row.projects:,} | {row.seconds:.1f}{prepared} | {ratio} | "
            f"{row.peak_mb:,.0f} | {status} |"
        )
    names = list(dict.fromkeys(n.notebook for row in rows for n in row.notebooks))
    if names:
        lines += ["", "Cells of each notebook, seconds (peak memory of its kernel, MB):", ""]
        lines.append("| notebook | " + " | ".join(r.case for r in rows) + " |")
        lines.append("|---|" + "---:|" * len(rows))
        for name in names:
            cells = []
            for row in rows:
                found = next((n for n in row.notebooks if n.notebook == name), None)
                cells.append(_cell(found))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(row: NotebookRow | None) -> str:
    if row is None:
        return "-"
    if row.status == "skipped":
        return "skipped"
    seconds = f"{row.cells_seconds:.1f}" if row.cells_seconds is not None else "?"
    memory = f" ({row.peak_mb:,.0f})" if row.peak_mb else ""
    mark = "" if row.status == "ok" else f" **{row.status}**"
    return f"{seconds}{memory}{mark}"


def _failures(row: BuildRow, bad: Sequence[NotebookRow]) -> str:
    if not row.notebooks:
        return f"failed: {row.error.splitlines()[-1] if row.error else 'no manifest'}"
    return "; ".join(f"{n.notebook} {n.status}" for n in bad) or f"exit {row.status}"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--seeds", type=int, nargs="*", default=[11, 7])
    parser.add_argument("--no-federal", action="store_true", help="leave out the federal import")
    parser.add_argument(
        "--only", choices=["case-study"], help="build the case study only (the reference row)"
    )
    parser.add_argument("--notebooks", type=Path, help="notebook folder (default: the workbook's)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at once (default 2)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per notebook")
    parser.add_argument("--interval", type=float, default=0.25, help="memory sampling, seconds")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vmo-bench-scale",
        help="where generated and imported datasets are kept between runs",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    cases = [Case("case study", "harbourline", 52)]
    if args.only is None:
        cases += [generated_case(n, s, args.cache) for n in args.sizes for s in args.seeds]
        if not args.no_federal and (federal := federal_case(args.cache)) is not None:
            cases.append(federal)
    rows = []
    with tempfile.TemporaryDirectory(prefix="vmo-bench-scale-") as work:
        for case in cases:
            rows.append(
                build(
                    case,
                    notebooks=args.notebooks,
                    jobs=args.jobs,
                    timeout=args.timeout,
                    interval=args.interval,
                    work=Path(work),
                )
            )
            print(report(rows[-1:]), file=sys.stderr)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    print(f"Measured {stamp} on {os.cpu_count()} CPUs, --jobs {args.jobs}:\n")
    print(report(rows))
    if args.json is not None:
        payload = {"measured": stamp, "cpus": os.cpu_count(), "rows": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0 if all(r.status == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
