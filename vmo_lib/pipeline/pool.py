"""Worker processes that run notebooks in parallel and get ready before the runs are known.

:class:`RunPool` spreads :func:`~vmo_lib.pipeline.runner.execute_run` calls over worker
processes and never lets one failing notebook stop the others. It overlaps the fixed costs of a
build with each other: created before the parent checks the data, its workers import
papermill, compile the handout template and start a kernel meanwhile. A worker also starts the
kernel for its next run while it exports the previous run's HTML. An early kernel only waits:
no notebook runs until :meth:`RunPool.run` is called, and every kernel is shut down after its
run, when the pool closes (also after an error or Ctrl-C) and when a worker exits.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from types import TracebackType
from typing import Any

from vmo_lib.pipeline.failures import RunFailure
from vmo_lib.pipeline.kernels import (
    KERNEL_NAME,
    WORKER,
    discard_spare,
    skip_unused_imports,
    start_spare,
)
from vmo_lib.pipeline.runner import RunRequest, RunResult, execute_run
from vmo_lib.pipeline.timing import Phase

__all__ = ["RunPool", "run_all"]


def _warm_up(
    home: tuple[str, Path] | None, unclaimed: Any, cancelled: Any, with_code: bool | None
) -> None:
    """Pool initializer: start a kernel for the first run, then import what runs need.

    The kernel boots in its own process while this worker imports papermill and compiles the
    handout template (``with_code`` None: both variants), and while the parent checks the
    data. It runs no notebook: that waits for a run the parent submits after its checks.
    """
    from multiprocessing import util

    WORKER.home, WORKER.unclaimed, WORKER.cancelled = home, unclaimed, cancelled
    util.Finalize(None, discard_spare, exitpriority=10)  # runs when the worker exits
    start_spare()
    began = time.time()
    skip_unused_imports()
    import papermill  # noqa: F401

    from vmo_lib.pipeline.html import handout_exporter

    for variant in (False, True) if with_code is None else (with_code,):
        handout_exporter(with_code=variant)
    WORKER.warm_up = Phase.since(began)


def _worker_probe() -> tuple[int, Phase | None]:
    """A no-op task that makes the pool start its workers now; returns the worker's warm-up."""
    return os.getpid(), WORKER.warm_up


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

        The costliest requests start first (longest-processing-time-first scheduling), so a
        long notebook does not begin only when the short ones are done. ``progress`` shows a
        tqdm bar on stderr (``None``: only when stderr is a terminal). A failing run never
        stops the others.
        """
        from tqdm import tqdm

        results: dict[int, RunResult] = {}
        futures = {
            self._executor.submit(execute_run, requests[i]): i for i in costliest_first(requests)
        }
        disable = (not sys.stderr.isatty()) if progress is None else not progress
        with tqdm(total=len(futures), unit="notebook", file=sys.stderr, disable=disable) as bar:
            for future in as_completed(futures):
                index = futures[future]
                results[index] = _result_of(future, requests[index])
                bar.set_postfix_str(requests[index].name, refresh=False)
                bar.update()
                if on_result is not None:
                    on_result(results[index])
                warm_up = results[index].warm_up
                if warm_up is not None:
                    self._warm_ups[results[index].worker] = warm_up
        return [results[i] for i in range(len(requests))]

    def warm_ups(self) -> dict[int, Phase]:
        """Each worker's warm-up (imports and template compilation) known so far, by pid."""
        for probe in self._probes:
            if probe.done() and not probe.cancelled() and probe.exception() is None:
                pid, phase = probe.result()
                if phase is not None:
                    self._warm_ups.setdefault(pid, phase)
        return dict(self._warm_ups)


def costliest_first(requests: Sequence[RunRequest]) -> list[int]:
    """Indexes of ``requests``, highest ``relative_cost`` first (ties keep their order).

    >>> from types import SimpleNamespace as R
    >>> costliest_first([R(relative_cost=1), R(relative_cost=5), R(relative_cost=1)])
    [1, 0, 2]
    """
    return sorted(range(len(requests)), key=lambda i: -requests[i].relative_cost)


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
