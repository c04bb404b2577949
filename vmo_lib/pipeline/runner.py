"""Execute one notebook headlessly with papermill and export it as a handout.

:func:`execute_run` is the unit of work: it runs one notebook in its own kernel (working
directory = the notebook's folder, as in JupyterLab), writes the executed ``.ipynb``, reads the
recorded figures and writes the handout HTML straight away, from the notebook already in
memory. A failing notebook is reported in its :class:`RunResult`, never raised. In a pool
worker (:mod:`vmo_lib.pipeline.pool`) a run takes the kernel started ahead for it, and starts
the next run's kernel while it exports its own handout (:mod:`vmo_lib.pipeline.kernels`).

Each result carries :class:`~vmo_lib.pipeline.timing.Phase` timings (kernel start-up,
execution, cells, HTML export) on one wall-clock time line, so a build can report where its
time went. Why a run failed is worked out in :mod:`vmo_lib.pipeline.failures`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vmo_lib import __version__
from vmo_lib.notebook.record import Figure, read_figures
from vmo_lib.pipeline.failures import (
    RunFailure,
    execution_failure,
    first_line,
    locate_failure,
    output_failure,
)
from vmo_lib.pipeline.html import ParameterRow, TitleBlock, export_handout
from vmo_lib.pipeline.kernels import (
    KERNEL_NAME,
    WORKER,
    Kernel,
    append_log,
    claim_run,
    kernel_stderr,
    skip_unused_imports,
    spare_kernel_for,
    start_spare,
)
from vmo_lib.pipeline.parameters import DATA_PARAMETER, OUTPUT_DIR_PARAMETER, ParameterValues
from vmo_lib.pipeline.timing import Phase, cells_phase

__all__ = [
    "RunFailure",
    "RunRequest",
    "RunResult",
    "execute_run",
    "output_failure",
    "title_block",
]


@dataclass(frozen=True)
class RunRequest:
    """Everything a worker needs to execute one notebook and write its outputs."""

    notebook: Path
    parameters: dict[str, object]
    ipynb_path: Path
    html_path: Path
    title: TitleBlock
    label: str = ""
    output_dir: Path | None = None
    log_path: Path | None = None
    with_code: bool = False
    kernel_name: str = KERNEL_NAME
    #: Tables the notebook cannot do without (from its ``vmo.requires`` metadata).
    requires: tuple[str, ...] = ()
    #: Seconds the notebook's cells may take in all; past it the kernel is stopped and the
    #: run reported as timed out (None: no limit).
    timeout: float | None = None
    #: How long the notebook runs compared with a typical one (``vmo.relative_cost``
    #: metadata); the pool starts the costliest first.
    relative_cost: float = 1.0

    @property
    def name(self) -> str:
        """How messages refer to this run (the label, or the notebook's stem)."""
        return self.label or self.notebook.stem


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run; ``records`` are the figures the notebook recorded."""

    request: RunRequest
    records: dict[str, object] = field(default_factory=dict)
    failure: RunFailure | None = None
    seconds: float = 0.0
    html_written: bool = False
    #: ``kernel_start``, ``execute`` (the papermill call), ``cells`` (first cell start to last
    #: cell end, from papermill's metadata) and ``html_export``, when they happened.
    timings: dict[str, Phase] = field(default_factory=dict)
    #: Process id of the worker that ran it (0 when unknown), and that worker's warm-up.
    worker: int = 0
    warm_up: Phase | None = None
    #: The recorded figures with their labels and units, for the index page.
    figures: dict[str, Figure] = field(default_factory=dict)
    #: Why the notebook was not run (a table it needs is missing), or empty.
    skipped: str = ""

    @property
    def ok(self) -> bool:
        """Whether the run succeeded, or was rightly skipped for lack of data."""
        return self.failure is None

    @property
    def timed_out(self) -> bool:
        """Whether the run was stopped at its time limit."""
        return self.failure is not None and self.failure.timed_out


def title_block(
    values: ParameterValues, heading: str, *, run_date: str | None = None, version: str = ""
) -> TitleBlock:
    """The title block of a handout from the run's validated parameters."""
    effective, changed = values.effective(), values.changed()
    rows = tuple(
        ParameterRow(p.name, _text(effective[p.name]), _text(p.default), p.name in changed)
        for p in values.spec.parameters
        if p.name != OUTPUT_DIR_PARAMETER
    )
    organisation = effective.get("organisation_name")
    return TitleBlock(
        heading=heading,
        organisation=str(organisation) if organisation is not None else "",
        dataset=str(effective.get(DATA_PARAMETER, "")),
        run_date=run_date or dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=version or __version__,
        parameters=rows,
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def execute_run(request: RunRequest) -> RunResult:
    """Execute one notebook, write its ``.ipynb`` and handout, and report the outcome.

    Uses the kernel this worker started ahead when it suits the run (same kernel, same
    folder), else starts one. The kernel is killed as soon as the cells are done and reaped
    before this returns or raises, whatever happened. Never raises for a notebook error:
    failures are returned in :attr:`RunResult.failure`.
    """
    skip_unused_imports()
    from papermill.exceptions import PapermillExecutionError

    started = time.time()
    if WORKER.is_cancelled():
        return RunResult(request, failure=RunFailure("cancelled: the build was interrupted"))
    _make_folders(request)
    timings: dict[str, Phase] = {}
    failure: RunFailure | None = None
    nb: Any = None
    kernel = spare_kernel_for(request.kernel_name, request.notebook.parent)
    limit: _TimeLimit | None = None
    try:
        with kernel_stderr(request.log_path):
            try:
                if kernel is None:
                    claim_run()
                    kernel = Kernel(request.kernel_name, request.notebook.parent)
                limit = _TimeLimit.start(kernel, request.timeout)
                nb = _papermill(request, kernel, timings)
            except PapermillExecutionError as exc:
                failure = execution_failure(exc)
            except Exception as exc:  # kernel died, timed out, notebook unreadable...
                failure = RunFailure(f"{type(exc).__name__}: {first_line(str(exc))}")
            except BaseException:  # Ctrl-C: stop nbclient's tasks before the kernel goes
                _cancel_pending_tasks()
                raise
            finally:
                if limit is not None:
                    limit.cancel()
        if limit is not None and limit.expired:
            failure = RunFailure(
                f"timed out: stopped after {limit.seconds:g} s (--timeout)",
                cell=failure.cell if failure else None,
                source_line=failure.source_line if failure else "",
                timed_out=True,
            )
        if kernel is not None:
            kernel.stop()
        start_spare()  # boots while this run's handout is exported
        if nb is None and request.ipynb_path.exists():
            nb = _read_notebook(request.ipynb_path)
            if failure is not None and failure.cell is not None:
                failure = locate_failure(failure, nb)
        cells = cells_phase(nb) if nb is not None else None
        if cells is not None:
            timings["cells"] = cells
        if kernel is not None and (start := kernel.start_phase(cells)) is not None:
            timings["kernel_start"] = start
        return _finish(request, nb, failure, started, timings)
    finally:
        if kernel is not None:
            append_log(request.log_path, kernel.shutdown())


class _TimeLimit:
    """Stops a run's kernel when its time limit passes.

    First an interrupt, as the stop button in JupyterLab: the running cell ends with
    ``KeyboardInterrupt``, papermill writes the notebook as far as it ran and the handout says
    where it stopped. A kernel still busy :data:`_KILL_GRACE` seconds later (a cell that
    ignores interrupts) is killed; nbclient then reports a dead kernel.
    """

    def __init__(self, kernel: Kernel, seconds: float) -> None:
        self.kernel, self.seconds, self.expired = kernel, seconds, False
        self._timers = [
            threading.Timer(seconds, self._expire),
            threading.Timer(seconds + _KILL_GRACE, kernel.kill_process),
        ]
        for timer in self._timers:
            timer.daemon = True

    @classmethod
    def start(cls, kernel: Kernel, seconds: float | None) -> _TimeLimit | None:
        """A running limit of ``seconds`` on ``kernel``, or None when there is no limit."""
        if seconds is None:
            return None
        limit = cls(kernel, seconds)
        for timer in limit._timers:
            timer.start()
        return limit

    def _expire(self) -> None:
        self.expired = True
        self.kernel.interrupt_process()

    def cancel(self) -> None:
        """The run is over: the limit no longer applies."""
        for timer in self._timers:
            timer.cancel()


#: Seconds an interrupted kernel has to stop before it is killed.
_KILL_GRACE = 10.0


def _papermill(request: RunRequest, kernel: Kernel, timings: dict[str, Phase]) -> Any:
    """Run the notebook's cells in ``kernel`` with papermill; return the executed notebook."""
    import papermill

    # Values were validated already; papermill's own inference misreads Choice[...] lines.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    began = time.time()
    try:
        return papermill.execute_notebook(
            str(request.notebook),
            str(request.ipynb_path),
            parameters=request.parameters,
            kernel_name=request.kernel_name,
            cwd=str(request.notebook.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
            km=kernel.manager,
        )
    finally:
        timings["execute"] = Phase.since(began)


def _cancel_pending_tasks() -> None:
    """Cancel what an interrupted papermill call left pending on this thread's event loop.

    Otherwise nbclient's cell task resumes when the kernel is shut down and prints the dead
    kernel on the terminal as a "Task exception was never retrieved" traceback.
    """
    import asyncio

    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending and not loop.is_running():
        with contextlib.suppress(BaseException):
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _make_folders(request: RunRequest) -> None:
    for path in (request.ipynb_path, request.html_path, request.log_path):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    if request.output_dir is not None:
        request.output_dir.mkdir(parents=True, exist_ok=True)


def _finish(
    request: RunRequest,
    nb: Any,
    failure: RunFailure | None,
    started: float,
    timings: dict[str, Phase],
) -> RunResult:
    """Read the records and write the handout of an executed (possibly failed) notebook."""
    if nb is None:
        seconds = time.time() - started
        return RunResult(
            request,
            failure=failure,
            seconds=seconds,
            timings=timings,
            worker=os.getpid(),
            warm_up=WORKER.warm_up,
        )
    if failure is None:
        failure = output_failure(nb)
    figures = read_figures(nb)
    records = {name: figure.value for name, figure in figures.items()}
    title = replace(
        request.title,
        organisation=str(records.get("organisation_name") or request.title.organisation),
        failure=failure.describe() if failure else None,
    )
    began = time.time()
    page = export_handout(nb, title, with_code=request.with_code)
    request.html_path.write_text(page, encoding="utf-8")
    timings["html_export"] = Phase.since(began)
    seconds = time.time() - started
    return RunResult(
        request, records, failure, seconds, True, timings, os.getpid(), WORKER.warm_up, figures
    )


def _read_notebook(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)
