"""Execute one notebook headlessly with papermill and export it as a handout.

:func:`execute_run` is the unit of work: it runs one notebook in its own kernel (working
directory = the notebook's folder, as in JupyterLab), writes the executed ``.ipynb``, reads the
recorded figures and writes the handout HTML straight away, from the notebook already in
memory. A failing notebook is reported in its :class:`RunResult`, never raised. In a pool
worker (:mod:`vmo_lib.pipeline.pool`) a run takes the kernel started ahead for it, and starts
the next run's kernel while it exports its own handout (:mod:`vmo_lib.pipeline.kernels`).

Each result carries :class:`~vmo_lib.pipeline.timing.Phase` timings (kernel start-up,
execution, cells, HTML export) on one wall-clock time line, so a build can report where its
time went.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vmo_lib import __version__
from vmo_lib.notebook.record import Figure, read_figures
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
from vmo_lib.pipeline.timing import Phase, cells_phase
from vmo_lib.pipeline.values import DATA_PARAMETER, OUTPUT_DIR_PARAMETER, ParameterValues

__all__ = [
    "RunFailure",
    "RunRequest",
    "RunResult",
    "execute_run",
    "output_failure",
    "title_block",
]

#: Cells papermill adds around a failure; they are not part of the author's notebook.
_PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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
class RunFailure:
    """Why a run failed: the cell (1-based, as counted in the source notebook) and the error."""

    error: str
    cell: int | None = None
    source_line: str = ""
    line: int | None = None
    #: The run was stopped because it took longer than its time limit.
    timed_out: bool = False

    def describe(self) -> str:
        """One line: ``cell 3, line 2 `raise ValueError("x")`: ValueError: x``."""
        if self.cell is None:
            return self.error
        where = f"cell {self.cell}" + (f", line {self.line}" if self.line else "")
        code = f" `{self.source_line}`" if self.source_line else ""
        return f"{where}{code}: {self.error}"


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
                failure = _execution_failure(exc)
            except Exception as exc:  # kernel died, timed out, notebook unreadable...
                failure = RunFailure(f"{type(exc).__name__}: {_first_line(str(exc))}")
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
                failure = _locate(failure, nb)
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


def _execution_failure(exc: Any) -> RunFailure:
    """The error, and the line of the cell that raised it (from IPython's ``---->`` marker)."""
    error = f"{exc.ename}: {_first_line(exc.evalue)}" if exc.evalue else str(exc.ename)
    lines = str(exc.source or "").splitlines()
    number = _failing_line(exc.traceback or [])
    if number is not None and 1 <= number <= len(lines):
        return RunFailure(error, exc.cell_index, lines[number - 1].strip(), number)
    first = next((line.strip() for line in lines if line.strip()), "")
    return RunFailure(error, cell=exc.cell_index, source_line=first)


def _failing_line(traceback: Sequence[str]) -> int | None:
    """The cell's line number that IPython marks with ``---->`` in the first traceback frame."""
    for block in traceback:
        for text in _ANSI.sub("", block).splitlines():
            marker = re.match(r"\s*-+>\s*(\d+)\b", text)
            if marker:
                return int(marker.group(1))
    return None


def _locate(failure: RunFailure, nb: Any) -> RunFailure:
    """Renumber the failing cell as in the author's notebook (papermill's cells not counted)."""
    number = 0
    for cell in nb.cells:
        if _PAPERMILL_TAGS.intersection(cell.get("metadata", {}).get("tags", [])):
            continue
        number += 1
        failed = cell.get("metadata", {}).get("papermill", {}).get("exception")
        if failed or any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return replace(failure, cell=number)
    return failure


#: How IPython shows a figure it could not draw as an image (the backend had no formatter).
_UNDRAWN_FIGURE = re.compile(
    r"^<(?:matplotlib\.figure\.)?Figure size [\d.]+x[\d.]+ with \d+ Axes?>$"
)


def output_failure(nb: Any) -> RunFailure | None:
    """What makes a notebook that ran to its end a failed run anyway, or None.

    A cell error kept in the outputs (a cell allowed to raise) and a figure shown only as its
    text, ``<Figure size 700x520 with 1 Axes>``, with no image (a kernel whose matplotlib
    backend could not draw it) would otherwise be published as a handout missing its
    content. Cells are numbered as in the author's notebook.
    """
    undrawn: list[int] = []
    number = 0
    for cell in nb.get("cells", []):
        if _PAPERMILL_TAGS.intersection(cell.get("metadata", {}).get("tags", [])):
            continue
        number += 1
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "error":
                error = f"{output.get('ename', 'Error')}: {_first_line(output.get('evalue', ''))}"
                source = "".join(cell.get("source", ""))
                first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
                return RunFailure(error.rstrip(": "), cell=number, source_line=first)
            if _undrawn_figure(output):
                undrawn.append(number)
    if not undrawn:
        return None
    cells = ", ".join(str(n) for n in dict.fromkeys(undrawn))
    noun = "figure was" if len(undrawn) == 1 else "figures were"
    return RunFailure(
        f"{len(undrawn)} {noun} not drawn as an image (cell {cells}): the kernel showed "
        "'<Figure size ...>' text instead; check the kernel's matplotlib backend",
        cell=undrawn[0],
    )


def _undrawn_figure(output: Any) -> bool:
    data = output.get("data")
    if not isinstance(data, dict) or any(key.startswith("image/") for key in data):
        return False
    text = data.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else str(text)
    return bool(_UNDRAWN_FIGURE.match(text.strip()))


def _first_line(text: str) -> str:
    """The first line of an error message, saying how many more the executed notebook holds."""
    lines = [line.strip() for line in _ANSI.sub("", text).splitlines() if line.strip()]
    if len(lines) > 1:
        return f"{lines[0]} (and {len(lines) - 1} more lines: see the executed notebook)"
    return lines[0] if lines else ""
