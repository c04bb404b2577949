"""Build the facilitator handouts: every notebook of the sequence, for one or many teams.

:func:`build_handouts` validates every parameter of every run first (nothing is written and
no notebook runs if one is wrong), executes the runs in parallel into a staging folder beside
``OUT``, writes an ``index.html`` and a ``manifest.json``, and swaps the folder into place only
when every run succeeded, or was stopped at its time limit (``timeout``: a slow notebook is
reported as timed out and holds back no other handout). A run whose handout would lack a
figure (drawn as ``<Figure size ...>`` text) or shows a cell error is a failure, never "ok".
Money on the index pages is shown in each run's ``currency`` parameter. The worker pool
starts while the datasets are checked, so its imports and kernel start-ups overlap that check;
if it fails, the pool's kernels are shut down.
``manifest.json`` records where the build's time went (``timings``). Layout of a build::

    OUT/index.html                 links every handout with its key figures and status
    OUT/manifest.json              the same, machine-readable
    OUT/<stem>.html                the handout
    OUT/<stem>.ipynb               the executed notebook
    OUT/outputs/<stem>/            files the notebook exported (its ``output_dir``)
    OUT/logs/<stem>.log            kernel stderr, only when not empty

With ``--class``, each team gets that layout in ``OUT/<slug>/`` and ``OUT/index.html`` links
the teams.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vmo_lib.pipeline import outdir
from vmo_lib.pipeline.index_page import skipped_analyses
from vmo_lib.pipeline.manifest import BuildTimings, run_currency, write_indexes
from vmo_lib.pipeline.plan import HandoutOptions, plan_handouts, plan_runs
from vmo_lib.pipeline.pool import RunPool
from vmo_lib.pipeline.runner import RunResult
from vmo_lib.pipeline.sequence import (
    NOTEBOOK_PATTERN,
    NotebookNotFoundError,
    discover_notebooks,
    find_notebook,
    notebook_heading_of,
)
from vmo_lib.pipeline.teams import Team, read_class_file, slugify
from vmo_lib.pipeline.timing import Phase
from vmo_lib.pipeline.values import check_data_sources, missing_requirements

#: Besides its own names, this module re-exports the build's parts for existing imports:
#: :mod:`~vmo_lib.pipeline.sequence` (finding notebooks), :mod:`~vmo_lib.pipeline.teams`
#: (class files), :mod:`~vmo_lib.pipeline.plan` (checking values, planning runs) and
#: :mod:`~vmo_lib.pipeline.manifest` (index pages, manifest).
__all__ = [
    "NOTEBOOK_PATTERN",
    "BuildReport",
    "BuildTimings",
    "HandoutOptions",
    "NotebookNotFoundError",
    "Team",
    "build_handouts",
    "discover_notebooks",
    "find_notebook",
    "notebook_heading_of",
    "plan_handouts",
    "read_class_file",
    "run_currency",
    "slugify",
]


@dataclass(frozen=True)
class BuildReport:
    """The outcome of a build: the runs, and where the output ended up."""

    out: Path
    results: tuple[RunResult, ...]
    seconds: float
    partial: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether every run succeeded (and so ``out`` was replaced)."""
        return all(r.ok for r in self.results)

    @property
    def published(self) -> bool:
        """Whether ``out`` was replaced: every run succeeded or was stopped at its time limit."""
        return self.partial is None

    def summary(self) -> str:
        """A few lines for the terminal: success, or each failure on one line."""
        if not self.ok and self.published:
            late = [r for r in self.results if r.timed_out]
            built = [r for r in self.results if r.ok and not r.skipped]
            lines = [f"{len(late)} of {len(self.results)} notebooks timed out:"]
            lines += [f"  {r.request.name}: {r.failure.describe()}" for r in late if r.failure]
            lines.append(
                f"The other {len(built)} handouts were built and published in {self.out}; "
                "the index marks the ones that timed out."
            )
            return "\n".join(lines)
        if self.ok:
            built = [r for r in self.results if not r.skipped]
            noun = "handout" if len(built) == 1 else "handouts"
            lines = [f"Built {len(built)} {noun} in {self.seconds:.1f} s: {self.out}"]
            lines += [f"  skipped {r.request.name}: {r.skipped}" for r in self.results if r.skipped]
            for r in self.results:
                parts = [f"{name} (no {tables})" for name, tables in skipped_analyses(r.figures)]
                if parts:
                    lines.append(f"  {r.request.name} skipped: {'; '.join(parts)}")
            return "\n".join(lines)
        failed = [r for r in self.results if not r.ok]
        lines = [f"{len(failed)} of {len(self.results)} notebooks failed:"]
        lines += [f"  {r.request.name}: {r.failure.describe()}" for r in failed if r.failure]
        lines.append(
            f"{self.out} was left unchanged; this build is in {self.partial} for inspection."
        )
        return "\n".join(lines)


def build_handouts(options: HandoutOptions) -> BuildReport:
    """Build every handout into a staging folder and publish it as ``options.out`` if all ran.

    Parameter values are checked before the worker pool starts, so a wrong value starts no
    kernel. The datasets are then loaded while the workers warm up and start their first
    kernels; a data error shuts those kernels down before it propagates. Raises
    :class:`ParameterError` / ``ParameterCellError`` / ``OutputFolderError`` and the loader's
    ``DataError`` / ``FileNotFoundError``, always before any notebook runs. Notebook failures
    are reported in the returned :class:`BuildReport`.
    """
    started, clock = time.time(), time.perf_counter()
    out = Path(options.out).resolve()
    outdir.check_replaceable(out)
    requests, sources = plan_runs(options, outdir.staging_path(out))
    phases = {"validate": Phase.since(started)}
    with RunPool(
        len(requests),
        jobs=options.jobs,
        kernel_folder=_common_folder(options.notebooks),
        with_code=options.with_code,
    ) as pool:
        phases["pool_start"] = pool.start_phase
        began = time.time()
        missing = check_data_sources(sources)  # the slow check: the workers warm up meanwhile
        phases["data_check"] = Phase.since(began)
        build = outdir.staging(out)
        try:
            began = time.time()
            skipped = {
                i: missing_requirements(r.requires, missing.get(str(source), ()))
                for i, (r, source) in enumerate(zip(requests, sources, strict=True))
            }
            runnable = [r for i, r in enumerate(requests) if not skipped[i]]
            ran = iter(pool.run(runnable, progress=options.progress))
            results = tuple(
                RunResult(r, skipped=skipped[i]) if skipped[i] else next(ran)
                for i, r in enumerate(requests)
            )
            phases["runs"] = Phase.since(began)
            if options.pdf_chromium is not None and all(r.ok or r.timed_out for r in results):
                began = time.time()
                _print_pdfs(results, options.pdf_chromium)
                phases["pdf"] = Phase.since(began)
            if options.pptx and all(r.ok or r.timed_out for r in results):
                began = time.time()
                _write_decks(results, options.pptx_template)
                phases["pptx"] = Phase.since(began)
            timings = BuildTimings(started, phases, pool.warm_ups())
            write_indexes(build, results, options.teams, timings)
        except BaseException:  # Ctrl-C, SIGTERM or a bug: leave no staging folder behind
            shutil.rmtree(build, ignore_errors=True)
            raise
        seconds = time.perf_counter() - clock
        if all(r.ok or r.timed_out for r in results):  # a slow notebook holds back no other
            outdir.publish(build, out)
            return BuildReport(out, results, seconds)
        return BuildReport(out, results, seconds, partial=outdir.keep_partial(build, out))


def _print_pdfs(results: Sequence[RunResult], chromium: Path) -> None:
    """Print every handout of the build to PDF beside it (raises :class:`PdfError`)."""
    from vmo_lib.pipeline.pdf import print_pdfs

    print_pdfs([r.request.html_path for r in results if r.ok and r.html_written], chromium)


def _write_decks(results: Sequence[RunResult], template: Path | None) -> None:
    """An editable deck beside every handout of the build (raises :class:`DeckError`)."""
    from vmo_lib.pipeline.decks import write_decks

    built = [r.request for r in results if r.ok and r.html_written]
    write_decks([(r.ipynb_path, r.html_path.with_suffix(".pptx")) for r in built], template)


def _common_folder(notebooks: Sequence[Path]) -> Path | None:
    """The folder all ``notebooks`` live in (where kernels can be started early), if one."""
    folders = {Path(nb).resolve().parent for nb in notebooks}
    return folders.pop() if len(folders) == 1 else None
