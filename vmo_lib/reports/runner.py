"""Execute notebooks headlessly with papermill and export each one as a handout.

:func:`execute_run` is the unit of work: it runs one notebook in its own kernel (working
directory = the notebook's folder, as in JupyterLab), writes the executed ``.ipynb``, reads the
recorded figures and writes the handout HTML straight away, from the notebook already in
memory. :class:`RunPool` spreads runs over worker processes and never lets one failing notebook
stop the others.

The pool overlaps the fixed costs of a build with each other: created before the parent
checks the data, its workers import papermill, compile the handout template and start a kernel
meanwhile. A worker also starts the kernel for its next run while it exports the previous
run's HTML. An early kernel only waits: no notebook runs until :meth:`RunPool.run` is called,
and every kernel is shut down after its run, when the pool closes (also after an error or
Ctrl-C) and when a worker exits. Two fixed waits are also cut: jsonschema's unused IRI checker
(0.7 s of ``import papermill``) and jupyter_client's 0.2 s of IOPub silence per kernel start.

Each result carries :class:`Phase` timings (kernel start-up, execution, cells, HTML export) on
one wall-clock time line, so a build can report where its time went.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import queue
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from vmo_lib.reports.html import ParameterRow, TitleBlock, export_handout
from vmo_lib.reports.record import read_records
from vmo_lib.reports.values import DATA_PARAMETER, OUTPUT_DIR_PARAMETER, ParameterValues

__all__ = [
    "KERNEL_NAME",
    "Phase",
    "RunFailure",
    "RunPool",
    "RunRequest",
    "RunResult",
    "execute_run",
    "run_all",
    "title_block",
    "workbook_version",
]

KERNEL_NAME = "python3"
#: Seconds a kernel may take to answer its first request.
KERNEL_START_TIMEOUT = 60.0
#: What nbclient passes to kernels it starts itself: no IPython history file on disk.
_KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
#: Cells papermill adds around a failure; they are not part of the author's notebook.
_PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Phase:
    """A timed step: when it began (seconds since the epoch) and how long it lasted.

    Wall-clock time (:func:`time.time`) rather than a monotonic clock, because phases are
    stamped in several processes (the parent and the pool workers) and compared on one line.
    """

    start: float
    seconds: float

    @property
    def end(self) -> float:
        """When the step finished."""
        return self.start + self.seconds

    @classmethod
    def since(cls, start: float) -> Phase:
        """The step that began at ``start`` and ends now."""
        return cls(start, max(time.time() - start, 0.0))

    def relative_to(self, origin: float) -> dict[str, float]:
        """``{"start": seconds after origin, "seconds": duration}``, for a manifest."""
        return {"start": round(self.start - origin, 3), "seconds": round(self.seconds, 3)}


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
    #: ``kernel_start``, ``execute`` (the papermill call), ``cells`` (first cell start to last
    #: cell end, from papermill's metadata) and ``html_export``, when they happened.
    timings: dict[str, Phase] = field(default_factory=dict)
    #: Process id of the worker that ran it (0 when unknown), and that worker's warm-up.
    worker: int = 0
    warm_up: Phase | None = None

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

    Uses the kernel this worker started ahead when it suits the run (same kernel, same
    folder), else starts one. The kernel is killed as soon as the cells are done and reaped
    before this returns or raises, whatever happened. Never raises for a notebook error:
    failures are returned in :attr:`RunResult.failure`.
    """
    _skip_unused_imports()
    from papermill.exceptions import PapermillExecutionError

    started = time.time()
    if _WORKER.cancelled is not None and _WORKER.cancelled.is_set():
        return RunResult(request, failure=RunFailure("cancelled: the build was interrupted"))
    _make_folders(request)
    timings: dict[str, Phase] = {}
    failure: RunFailure | None = None
    nb: Any = None
    kernel = _spare_kernel_for(request)
    try:
        with _kernel_stderr(request.log_path):
            try:
                if kernel is None:
                    _claim_run()
                    kernel = _Kernel(request.kernel_name, request.notebook.parent)
                nb = _papermill(request, kernel, timings)
            except PapermillExecutionError as exc:
                failure = _execution_failure(exc)
            except Exception as exc:  # kernel died, timed out, notebook unreadable...
                failure = RunFailure(f"{type(exc).__name__}: {_first_line(str(exc))}")
            except BaseException:  # Ctrl-C: stop nbclient's tasks before the kernel goes
                _cancel_pending_tasks()
                raise
        if kernel is not None:
            kernel.stop()
        _start_spare()  # boots while this run's handout is exported
        if nb is None and request.ipynb_path.exists():
            nb = _read_notebook(request.ipynb_path)
            if failure is not None and failure.cell is not None:
                failure = _locate(failure, nb)
        cells = _cells_phase(nb) if nb is not None else None
        if cells is not None:
            timings["cells"] = cells
        if kernel is not None and (start := kernel.start_phase(cells)) is not None:
            timings["kernel_start"] = start
        return _finish(request, nb, failure, started, timings)
    finally:
        if kernel is not None:
            _append_log(request.log_path, kernel.shutdown())


def _papermill(request: RunRequest, kernel: _Kernel, timings: dict[str, Phase]) -> Any:
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
            warm_up=_WORKER.warm_up,
        )
    records = read_records(nb)
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
        request, records, failure, seconds, True, timings, os.getpid(), _WORKER.warm_up
    )


def _cells_phase(nb: Any) -> Phase | None:
    """From the first cell's start to the last cell's end, as papermill stamped them."""
    starts, ends = [], []
    for cell in nb.get("cells", []):
        stamps = cell.get("metadata", {}).get("papermill", {})
        if stamps.get("start_time"):
            starts.append(_epoch(stamps["start_time"]))
        if stamps.get("end_time"):
            ends.append(_epoch(stamps["end_time"]))
    if not starts or not ends:
        return None
    return Phase(min(starts), max(max(ends) - min(starts), 0.0))


def _epoch(stamp: str) -> float:
    """Seconds since the epoch of an ISO time stamp (papermill's are UTC)."""
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


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


def _append_log(log_path: Path | None, data: bytes) -> None:
    """Add a kernel's captured stderr to the run's log (to this process's stderr if none)."""
    if not data:
        return
    if log_path is not None:
        with open(log_path, "ab") as log:
            log.write(data)
        return
    sys.stderr.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(2, view) :]


def _skip_unused_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax``, which no run ever uses.

    nbformat imports jsonschema, which registers optional format checkers for whatever
    packages are installed; for ``rfc3987_syntax`` (present in a JupyterLab environment) that
    means building a Lark grammar at import: 0.7 s, over half of ``import papermill``. nbformat
    validates without format checking, so marking the module absent changes nothing but the
    time. Done only when nothing has imported it yet.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _sync(function: Callable[..., Any]) -> Callable[..., Any]:
    """Call an async jupyter_client method from synchronous code (as nbclient does)."""
    from jupyter_core.utils import run_sync

    return run_sync(function)


@functools.cache
def _kernel_manager_class() -> type[Any]:
    """An ``AsyncKernelManager`` that remembers the clients it creates, which are prompt ones.

    nbclient leaves open the client of a kernel it did not start (one passed as ``km``), so
    the runner closes those clients itself when the run is over.
    """
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(client_factory=_prompt_client_class(), **kwargs)
            self.opened_clients: list[Any] = []

        def client(self, **kwargs: Any) -> Any:
            opened = super().client(**kwargs)
            self.opened_clients.append(opened)
            return opened

    return TrackedKernelManager


@functools.cache
def _prompt_client_class() -> type[Any]:
    """An ``AsyncKernelClient`` whose ``wait_for_ready`` skips a fixed 0.2 s wait.

    jupyter_client calls a kernel ready once it has answered ``kernel_info`` on the shell
    channel and IOPub has delivered a message (so the subscription is live); it then drains
    IOPub until 0.2 s pass without a message, which costs every run 0.2 s. The kernel's last
    IOPub message for a request is the ``idle`` status of that request, so this client stops
    draining when the idle status of its latest ``kernel_info`` request arrives (or, as
    before, after 0.2 s of silence). Same readiness test, no stale start-up message left.
    """
    from jupyter_client.asynchronous import AsyncKernelClient

    class PromptKernelClient(AsyncKernelClient):  # type: ignore[misc]
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            limit = KERNEL_START_TIMEOUT if timeout is None else timeout
            deadline = time.monotonic() + limit
            while True:
                asked = self.kernel_info()
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except queue.Empty:
                    reply = None
                answered = reply is not None and reply["msg_type"] == "kernel_info_reply"
                if answered and await self._drain_iopub(asked):
                    self._handle_kernel_info_reply(reply)
                    return
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {limit:.0f} seconds")

        async def _drain_iopub(self, request_id: str) -> bool:
            """Read IOPub up to the idle status of ``request_id``; False if nothing came."""
            received = False
            while True:
                try:
                    message = await self.iopub_channel.get_msg(timeout=0.2)
                except queue.Empty:
                    return received
                received = True
                if (
                    message["msg_type"] == "status"
                    and message["content"].get("execution_state") == "idle"
                    and message["parent_header"].get("msg_id") == request_id
                ):
                    return True

    return PromptKernelClient


class _Kernel:
    """A kernel started in ``folder``, possibly before the run that will use it is known.

    Its stderr goes to a temporary file, because the run (and so its log) may not be known
    yet; :meth:`shutdown` hands it over. A thread notes when the kernel first answers a
    ``kernel_info`` request, so start-up time is measured right even when the kernel then
    waits for its run.
    """

    def __init__(self, kernel_name: str, folder: Path) -> None:
        self.kernel_name, self.folder = kernel_name, folder.resolve()
        self.started = time.time()
        self.ready: float | None = None
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by shutdown)
        self._abandon = threading.Event()
        self._stopped = self._closed = False
        self.manager = _kernel_manager_class()(kernel_name=kernel_name)
        try:
            _sync(self.manager.start_kernel)(
                cwd=str(self.folder), stderr=self._stderr, extra_arguments=[*_KERNEL_ARGUMENTS]
            )
        except BaseException:
            self.shutdown()
            raise
        info = self.manager.get_connection_info()
        self._waiter = threading.Thread(
            target=self._note_ready, args=(info,), name="vmo-kernel-ready", daemon=True
        )
        self._waiter.start()

    def _note_ready(self, info: dict[str, Any]) -> None:
        """Ask the kernel for its info until it answers, and note when (runs in a thread)."""
        import zmq
        from jupyter_client.session import Session

        session = Session(key=info["key"], signature_scheme=info["signature_scheme"])
        context = zmq.Context()
        shell = context.socket(zmq.DEALER)
        shell.linger = 0
        separator = ":" if info["transport"] == "tcp" else "-"
        shell.connect(f"{info['transport']}://{info['ip']}{separator}{info['shell_port']}")
        deadline, asked = time.monotonic() + KERNEL_START_TIMEOUT, float("-inf")
        try:
            while not self._abandon.is_set() and time.monotonic() < deadline:
                if time.monotonic() - asked >= 1.0:  # re-ask, as jupyter_client does
                    session.send(shell, "kernel_info_request", {})
                    asked = time.monotonic()
                if not shell.poll(100):
                    continue
                _, reply = session.recv(shell)
                if reply and reply["header"]["msg_type"] == "kernel_info_reply":
                    self.ready = time.time()
                    return
        finally:
            shell.close()
            context.term()

    def start_phase(self, cells: Phase | None = None) -> Phase | None:
        """From launch until the kernel first answered (or, failing that, ran its first cell)."""
        ready = self.ready if self.ready is not None else (cells.start if cells else None)
        return None if ready is None else Phase(self.started, max(ready - self.started, 0.0))

    def stop(self) -> None:
        """Kill the kernel without waiting for it to exit (its run is over).

        Also closes the clients nbclient opened on it. :meth:`shutdown` reaps the process
        later, so the handout export does not wait for it.
        """
        if self._stopped:
            return
        self._stopped = True
        self._abandon.set()
        try:
            for opened in self.manager.opened_clients:
                opened.stop_channels()
            if self.manager.has_kernel:
                _sync(self.manager.provisioner.kill)()
        except Exception:  # already gone; shutdown() tries again
            logging.getLogger(__name__).debug("could not kill a kernel", exc_info=True)

    def shutdown(self) -> bytes:
        """Stop the kernel, wait for it to exit, and return what it wrote to stderr.

        Safe to call more than once (later calls return nothing).
        """
        if self._closed:
            return b""
        self._closed = True
        self.stop()
        try:
            if self.manager.has_kernel:
                _sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # already gone; ipykernel also exits when its parent does
            logging.getLogger(__name__).warning("could not shut down a kernel", exc_info=True)
        waiter = getattr(self, "_waiter", None)
        if waiter is not None:
            waiter.join(timeout=1.0)
        self._stderr.seek(0)
        data = self._stderr.read()
        self._stderr.close()
        return data


@dataclass
class _WorkerState:
    """What a pool worker keeps between runs (one per process, in :data:`_WORKER`).

    ``home`` is the (kernel name, folder) kernels are started ahead for; ``unclaimed`` the
    count, shared by the pool's workers, of runs no kernel has been started for yet, so the
    workers together never start more kernels ahead than there are runs left; ``cancelled``
    is set by the parent when the build is abandoned, so queued runs are skipped.
    """

    home: tuple[str, Path] | None = None
    unclaimed: Any = None
    cancelled: Any = None
    spare: _Kernel | None = None
    warm_up: Phase | None = None


_WORKER = _WorkerState()


def _claim_run() -> bool:
    """Take one run off the shared count of runs without a kernel; False when none is left."""
    counter = _WORKER.unclaimed
    if counter is None:
        return False
    with counter.get_lock():
        if counter.value <= 0:
            return False
        counter.value -= 1
        return True


def _start_spare() -> None:
    """In a pool worker, start a kernel for the next run if some run still has none."""
    if _WORKER.home is None or _WORKER.spare is not None:
        return
    if (_WORKER.cancelled is not None and _WORKER.cancelled.is_set()) or not _claim_run():
        return
    kernel_name, folder = _WORKER.home
    with contextlib.suppress(Exception):  # the run will start its own and report the problem
        _WORKER.spare = _Kernel(kernel_name, folder)


def _spare_kernel_for(request: RunRequest) -> _Kernel | None:
    """The kernel this worker started ahead, if it suits ``request`` (else it is shut down)."""
    kernel, _WORKER.spare = _WORKER.spare, None
    if kernel is None:
        return None
    if (
        kernel.kernel_name == request.kernel_name
        and kernel.folder == request.notebook.parent.resolve()
    ):
        return kernel
    kernel.shutdown()
    return None


def _discard_spare() -> None:
    """Shut down the kernel started ahead, if any (a worker exits, or the build was refused)."""
    kernel, _WORKER.spare = _WORKER.spare, None
    if kernel is not None:
        kernel.shutdown()


def _warm_up(
    home: tuple[str, Path] | None, unclaimed: Any, cancelled: Any, with_code: bool | None
) -> None:
    """Pool initializer: start a kernel for the first run, then import what runs need.

    The kernel boots in its own process while this worker imports papermill and compiles the
    handout template (``with_code`` None: both variants), and while the parent checks the
    data. It runs no notebook: that waits for a run the parent submits after its checks.
    """
    from multiprocessing import util

    _WORKER.home, _WORKER.unclaimed, _WORKER.cancelled = home, unclaimed, cancelled
    util.Finalize(None, _discard_spare, exitpriority=10)  # runs when the worker exits
    _start_spare()
    began = time.time()
    _skip_unused_imports()
    import papermill  # noqa: F401

    from vmo_lib.reports.html import handout_exporter

    for variant in (False, True) if with_code is None else (with_code,):
        handout_exporter(with_code=variant)
    _WORKER.warm_up = Phase.since(began)


def _worker_probe() -> tuple[int, Phase | None]:
    """A no-op task that makes the pool start its workers now; returns the worker's warm-up."""
    return os.getpid(), _WORKER.warm_up


class RunPool:
    """Worker processes that get ready for runs before the runs are known.

    Create it before validating: its workers import papermill, compile the handout template
    and (with ``kernel_folder``) start one kernel each in that folder while the parent checks
    parameters and data. No notebook runs until :meth:`run`. Closing the pool (leaving the
    ``with`` block, also on an error or Ctrl-C) stops the workers, which shut their kernels
    down. ``runs`` is how many runs are expected: it sizes the pool (``jobs``, default the
    number of CPUs, is the maximum) and bounds the kernels started ahead.
    """

    def __init__(
        self,
        runs: int,
        *,
        jobs: int | None = None,
        kernel_folder: Path | None = None,
        kernel_name: str = KERNEL_NAME,
        with_code: bool | None = None,
    ) -> None:
        import multiprocessing

        began = time.time()
        self.workers = max(1, min(jobs or os.cpu_count() or 1, runs))
        context = multiprocessing.get_context()
        unclaimed = context.Value("i", max(runs, 0) if kernel_folder is not None else 0)
        self._cancelled = context.Event()
        home = (kernel_name, kernel_folder.resolve()) if kernel_folder is not None else None
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_warm_up,
            initargs=(home, unclaimed, self._cancelled, with_code),
        )
        self._probes = [self._executor.submit(_worker_probe) for _ in range(self.workers)]
        self._warm_ups: dict[int, Phase] = {}
        #: Creating the pool and asking it to start its workers (they start in the background).
        self.start_phase = Phase.since(began)

    def __enter__(self) -> RunPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(cancel=exc_type is not None)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (their kernels are shut down) and wait for them to exit.

        With ``cancel``, runs not started yet are skipped; running ones finish first (on Ctrl-C
        the workers are interrupted too, and stop theirs).
        """
        if cancel:
            self._cancelled.set()
        self._executor.shutdown(wait=True, cancel_futures=cancel)

    def run(
        self,
        requests: Sequence[RunRequest],
        *,
        progress: bool | None = None,
        on_result: Callable[[RunResult], None] | None = None,
    ) -> list[RunResult]:
        """Execute ``requests``, one kernel each; results come back in request order.

        ``progress`` shows a tqdm bar on stderr (``None``: only when stderr is a terminal). A
        failing run never stops the others.
        """
        from tqdm import tqdm

        results: dict[int, RunResult] = {}
        futures = {self._executor.submit(execute_run, r): i for i, r in enumerate(requests)}
        disable = (not sys.stderr.isatty()) if progress is None else not progress
        with tqdm(total=len(futures), unit="notebook", file=sys.stderr, disable=disable) as bar:
            for future in as_completed(futures):
                index = futures[future]
                results[index] = _result_of(future, requests[index])
                bar.set_postfix_str(requests[index].name, refresh=False)
                bar.update()
                if on_result is not None:
                    on_result(results[index])
                if results[index].warm_up is not None:
                    self._warm_ups[results[index].worker] = results[index].warm_up
        return [results[i] for i in range(len(requests))]

    def warm_ups(self) -> dict[int, Phase]:
        """Each worker's warm-up (imports and template compilation) known so far, by pid."""
        for probe in self._probes:
            if probe.done() and not probe.cancelled() and probe.exception() is None:
                pid, phase = probe.result()
                if phase is not None:
                    self._warm_ups.setdefault(pid, phase)
        return dict(self._warm_ups)


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
    folders = {r.notebook.parent.resolve() for r in requests}
    kernel_names = {r.kernel_name for r in requests}
    with RunPool(
        len(requests),
        jobs=jobs,
        kernel_folder=next(iter(folders)) if len(folders) == 1 else None,
        kernel_name=next(iter(kernel_names)) if len(kernel_names) == 1 else KERNEL_NAME,
        with_code=requests[0].with_code if len({r.with_code for r in requests}) == 1 else None,
    ) as pool:
        return pool.run(requests, progress=progress, on_result=on_result)


def _result_of(future: Future[RunResult], request: RunRequest) -> RunResult:
    """The future's result, or a failure if the worker itself crashed."""
    try:
        return future.result()
    except Exception as exc:
        return RunResult(request, failure=RunFailure(f"{type(exc).__name__}: {exc}"))
