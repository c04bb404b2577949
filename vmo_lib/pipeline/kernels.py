"""Kernel lifecycle for headless runs: start, note when ready, kill, reap, keep stderr.

:class:`Kernel` is a kernel started in a notebook's folder, possibly before its run is known.
A pool worker keeps at most one such kernel ahead (:data:`WORKER`, :func:`start_spare`), and
the run that suits it takes it (:func:`spare_kernel_for`). Two fixed waits of a run are cut
here: jsonschema's unused IRI checker (:func:`skip_unused_imports`, 0.7 s of
``import papermill``) and jupyter_client's 0.2 s of IOPub silence per kernel start (the prompt
client). Kernel stderr goes to the run's log (:func:`kernel_stderr`, :func:`append_log`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from vmo_lib.notebook.live import HEADLESS_VARIABLE
from vmo_lib.pipeline.timing import Phase

__all__ = [
    "KERNEL_NAME",
    "KERNEL_START_TIMEOUT",
    "WORKER",
    "Kernel",
    "WorkerState",
    "append_log",
    "claim_run",
    "discard_spare",
    "kernel_environment",
    "kernel_stderr",
    "skip_unused_imports",
    "spare_kernel_for",
    "start_spare",
]

KERNEL_NAME = "python3"
#: Seconds a kernel may take to answer its first request.
KERNEL_START_TIMEOUT = 60.0
#: What nbclient passes to kernels it starts itself: no IPython history file on disk.
_KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)


@contextlib.contextmanager
def kernel_stderr(log_path: Path | None) -> Iterator[None]:
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


def append_log(log_path: Path | None, data: bytes) -> None:
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


def skip_unused_imports() -> None:
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

    class TrackedKernelManager(AsyncKernelManager):
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
    It also notes when the kernel first answered it (``answered``), for :class:`Kernel`.
    """
    from jupyter_client.asynchronous import AsyncKernelClient

    class PromptKernelClient(AsyncKernelClient):
        answered: float | None = None

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
                if answered and self.answered is None:
                    self.answered = time.time()
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


def kernel_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a headless kernel: this process's, made independent of the caller.

    Widget panels show their static results (:data:`HEADLESS_VARIABLE`), and figures are drawn
    by Jupyter's inline backend whatever ``MPLBACKEND`` or a matplotlibrc says: with ``Agg``,
    common on servers and in CI, every figure would otherwise become the text
    ``<Figure size ...>`` (``MPLBACKEND`` wins over any matplotlibrc).
    """
    from vmo_lib.display.figures import INLINE_BACKEND

    environment = dict(os.environ if base is None else base)
    environment[HEADLESS_VARIABLE] = "1"
    environment["MPLBACKEND"] = INLINE_BACKEND
    return environment


class Kernel:
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
                cwd=str(self.folder),
                stderr=self._stderr,
                extra_arguments=[*_KERNEL_ARGUMENTS],
                env=kernel_environment(),
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
        """From launch until the kernel was first seen answering.

        Each sighting proves the kernel was up by then: this object's thread got its reply,
        the run's own client got its reply, the first cell started. The earliest one is taken.
        The thread's alone can be late: its request may reach the kernel after the run's and
        wait there behind the cells, which would make start-up overlap them.
        """
        clients = [opened.answered for opened in self.manager.opened_clients]
        sightings = [self.ready, *clients, cells.start if cells else None]
        seen = [moment for moment in sightings if moment is not None]
        return Phase(self.started, max(min(seen) - self.started, 0.0)) if seen else None

    def interrupt_process(self) -> None:
        """Interrupt the running cell, from any thread, as JupyterLab's stop button does."""
        import signal

        self._signal(signal.SIGINT)

    def kill_process(self) -> None:
        """Kill the kernel's process at once, from any thread (its run is out of time).

        Only the process: the run's client notices the dead kernel and ends the run; the
        usual :meth:`stop` and :meth:`shutdown` follow.
        """
        import signal

        self._signal(signal.SIGKILL)

    def _signal(self, number: int) -> None:
        if self._stopped:
            return
        process = getattr(self.manager.provisioner, "process", None)
        pid = getattr(process, "pid", None)
        if pid is not None and getattr(process, "returncode", None) is None:
            with contextlib.suppress(OSError):
                os.kill(pid, number)

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
class WorkerState:
    """What a pool worker keeps between runs (one per process, in :data:`WORKER`).

    ``home`` is the (kernel name, folder) kernels are started ahead for; ``unclaimed`` the
    count, shared by the pool's workers, of runs no kernel has been started for yet, so the
    workers together never start more kernels ahead than there are runs left; ``cancelled``
    is set by the parent when the build is abandoned, so queued runs are skipped. Outside a
    pool all stay empty: no kernel is started ahead.
    """

    home: tuple[str, Path] | None = None
    unclaimed: Any = None
    cancelled: Any = None
    spare: Kernel | None = None
    warm_up: Phase | None = None

    def is_cancelled(self) -> bool:
        """Whether the parent abandoned the build."""
        return self.cancelled is not None and self.cancelled.is_set()


WORKER = WorkerState()


def claim_run() -> bool:
    """Take one run off the shared count of runs without a kernel; False when none is left."""
    counter = WORKER.unclaimed
    if counter is None:
        return False
    with counter.get_lock():
        if counter.value <= 0:
            return False
        counter.value -= 1
        return True


def start_spare() -> None:
    """In a pool worker, start a kernel for the next run if some run still has none."""
    if WORKER.home is None or WORKER.spare is not None:
        return
    if WORKER.is_cancelled() or not claim_run():
        return
    kernel_name, folder = WORKER.home
    with contextlib.suppress(Exception):  # the run will start its own and report the problem
        WORKER.spare = Kernel(kernel_name, folder)


def spare_kernel_for(kernel_name: str, folder: Path) -> Kernel | None:
    """The kernel this worker started ahead, if it suits the run (else it is shut down)."""
    kernel, WORKER.spare = WORKER.spare, None
    if kernel is None:
        return None
    if kernel.kernel_name == kernel_name and kernel.folder == folder.resolve():
        return kernel
    kernel.shutdown()
    return None


def discard_spare() -> None:
    """Shut down the kernel started ahead, if any (a worker exits, or the build was refused)."""
    kernel, WORKER.spare = WORKER.spare, None
    if kernel is not None:
        kernel.shutdown()
