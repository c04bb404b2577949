"""Execute notebooks headlessly with papermill and export each one as a handout.

:func:`execute_run` is the unit of work: it runs one notebook in its own kernel (working
directory = the notebook's folder, as in JupyterLab), writes the executed ``.ipynb``, reads the
recorded figures and writes the handout HTML straight away, from the notebook already in
memory. :func:`run_all` spreads runs over a process pool whose workers import papermill and
compile the handout template once, shows a progress bar, and never lets one failing notebook
stop the others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vmo_lib.reports.html import ParameterRow, TitleBlock, export_handout
from vmo_lib.reports.record import read_records
from vmo_lib.reports.values import DATA_PARAMETER, OUTPUT_DIR_PARAMETER, ParameterValues

__all__ = [
    "KERNEL_NAME",
    "RunFailure",
    "RunRequest",
    "RunResult",
    "execute_run",
    "run_all",
    "title_block",
    "workbook_version",
]

KERNEL_NAME = "python3"
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

    def describe(self) -> str:
        """One line: ``cell 3 `raise ValueError("x")`: ValueError: x``."""
        if self.cell is None:
            return self.error
        line = f" `{self.source_line}`" if self.source_line else ""
        return f"cell {self.cell}{line}: {self.error}"


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run; ``records`` are the figures the notebook recorded."""

    request: RunRequest
    records: dict[str, object] = field(default_factory=dict)
    failure: RunFailure | None = None
    seconds: float = 0.0
    html_written: bool = False

    @property
    def ok(self) -> bool:
        """Whether every cell ran without error."""
        return self.failure is None


def workbook_version() -> str:
    """The installed workbook version (package metadata, else ``vmo_lib.__version__``)."""
    from importlib import metadata

    try:
        return metadata.version("vmo-workbook")
    except metadata.PackageNotFoundError:
        import vmo_lib

        return str(getattr(vmo_lib, "__version__", "unknown"))


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
        version=version or workbook_version(),
        parameters=rows,
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def execute_run(request: RunRequest) -> RunResult:
    """Execute one notebook, write its ``.ipynb`` and handout, and report the outcome.

    Never raises for a notebook error: failures are returned in :attr:`RunResult.failure`.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # Values were validated already; papermill's own inference misreads Choice[...] lines.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    started = time.perf_counter()
    for path in (request.ipynb_path, request.html_path, request.log_path):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    if request.output_dir is not None:
        request.output_dir.mkdir(parents=True, exist_ok=True)
    failure: RunFailure | None = None
    nb: Any = None
    with _kernel_stderr(request.log_path):
        try:
            nb = papermill.execute_notebook(
                str(request.notebook),
                str(request.ipynb_path),
                parameters=request.parameters,
                kernel_name=request.kernel_name,
                cwd=str(request.notebook.parent),
                progress_bar=False,
                request_save_on_cell_execute=False,
                shutdown_kernel="immediate",
            )
        except PapermillExecutionError as exc:
            failure = _execution_failure(exc)
        except Exception as exc:  # kernel died, timed out, notebook unreadable...
            failure = RunFailure(f"{type(exc).__name__}: {_first_line(str(exc))}")
    if nb is None and request.ipynb_path.exists():
        nb = _read_notebook(request.ipynb_path)
        if failure is not None and failure.cell is not None:
            failure = _locate(failure, nb)
    return _finish(request, nb, failure, started)


def _finish(request: RunRequest, nb: Any, failure: RunFailure | None, started: float) -> RunResult:
    """Read the records and write the handout of an executed (possibly failed) notebook."""
    if nb is None:
        return RunResult(request, failure=failure, seconds=time.perf_counter() - started)
    records = read_records(nb)
    title = replace(
        request.title,
        organisation=str(records.get("organisation_name") or request.title.organisation),
        failure=failure.describe() if failure else None,
    )
    page = export_handout(nb, title, with_code=request.with_code)
    request.html_path.write_text(page, encoding="utf-8")
    seconds = time.perf_counter() - started
    return RunResult(request, records, failure, seconds, html_written=True)


def _read_notebook(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def _execution_failure(exc: Any) -> RunFailure:
    error = f"{exc.ename}: {_first_line(exc.evalue)}" if exc.evalue else str(exc.ename)
    source = str(exc.source or "")
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return RunFailure(error, cell=exc.cell_index, source_line=first)


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


def _first_line(text: str) -> str:
    lines = [line.strip() for line in _ANSI.sub("", text).splitlines() if line.strip()]
    return lines[0] if lines else ""


@contextlib.contextmanager
def _kernel_stderr(log_path: Path | None) -> Iterator[None]:
    """Send this process's stderr (inherited by the kernel it starts) to ``log_path``.

    Kernel start-up chatter and crash messages go to the run's log instead of the terminal,
    where they would break the progress bar. Empty logs are removed afterwards.
    """
    if log_path is None:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log_path, "wb") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
    if log_path.stat().st_size == 0:
        log_path.unlink()


def _warm_up() -> None:
    """Pool initializer: import papermill and compile the handout templates once per worker."""
    import papermill  # noqa: F401

    from vmo_lib.reports.html import handout_exporter

    handout_exporter(with_code=False)
    handout_exporter(with_code=True)


def run_all(
    requests: Sequence[RunRequest],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    on_result: Callable[[RunResult], None] | None = None,
) -> list[RunResult]:
    """Execute ``requests`` in parallel, one kernel each; results come back in request order.

    ``jobs`` defaults to the number of CPUs. ``progress`` shows a tqdm bar on stderr (``None``:
    only when stderr is a terminal). A failing run never stops the others.
    """
    if not requests:
        return []
    from tqdm import tqdm

    workers = max(1, min(jobs or os.cpu_count() or 1, len(requests)))
    results: dict[int, RunResult] = {}
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
        futures = {pool.submit(execute_run, request): i for i, request in enumerate(requests)}
        disable = (not sys.stderr.isatty()) if progress is None else not progress
        with tqdm(total=len(futures), unit="notebook", file=sys.stderr, disable=disable) as bar:
            for future in as_completed(futures):
                index = futures[future]
                results[index] = _result_of(future, requests[index])
                bar.set_postfix_str(requests[index].name, refresh=False)
                bar.update()
                if on_result is not None:
                    on_result(results[index])
    return [results[i] for i in range(len(requests))]


def _result_of(future: Any, request: RunRequest) -> RunResult:
    """The future's result, or a failure if the worker itself crashed."""
    try:
        return future.result()
    except Exception as exc:
        return RunResult(request, failure=RunFailure(f"{type(exc).__name__}: {exc}"))
