"""Run one trainee notebook in a kernel that cannot stall the grader, then read its answers.

Why: a class hands in whatever it has. One cell with ``while True: pass`` must not hold up the
whole class, one typo must not hide the tasks after it, and the grader must judge the values
the trainee computed, not whatever the notebook printed. So :func:`execute`:

* runs every code cell in turn, *carrying on past errors* (each task is then graded on its
  own, and the error is kept to explain a missing answer);
* gives the notebook ``timeout`` seconds in all: a cell still running at the deadline is
  interrupted and the notebook is reported as timed out at that cell;
* then runs one cell of its own that sends the answer variables back as plain data
  (:func:`vmo_lib.exercises.transport.dump_answers`), marked with a random token the
  notebook could not know;
* always shuts the kernel down, also when the grading is cancelled (Ctrl-C, SIGTERM).

nbclient runs the cells (as nbgrader and papermill do); the kernel is started and stopped here
so that its signal handlers do not replace the grader's own.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import inspect
import json
import math
import subprocess
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CellError", "Execution", "execute"]

#: Seconds the answers may take to come back once the notebook has run.
ANSWERS_TIMEOUT = 30.0
#: Seconds a kernel may take to start.
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class CellError:
    """An error a cell raised: its position (1 = first cell), the exception's name and text."""

    cell: int
    ename: str
    evalue: str

    def describe(self) -> str:
        """``cell 7 raised NameError: name 'x' is not defined``."""
        return f"cell {self.cell} raised {self.ename}: {self.evalue}"[:300]


@dataclass(frozen=True)
class Execution:
    """What running a notebook gave.

    ``status`` is ``ran`` (every cell was run, some may have raised), ``timeout`` (stopped at
    ``stopped_at``), or ``failed`` (the kernel died or could not start; ``detail`` says why).
    ``answers`` holds the variables read back (``None`` when they could not be read).
    """

    status: str
    detail: str = ""
    errors: tuple[CellError, ...] = ()
    stopped_at: int | None = None
    answers: Mapping[str, Any] | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)


_SETUP = "import builtins as _vmo_builtins\nimport vmo_lib.exercises.transport as _vmo_transport\n"


async def _read_answers(kc: Any, names: Sequence[str], timeout: float) -> Mapping[str, Any] | None:
    """The variables ``names`` read back through an execute request's ``user_expressions``:
    the value comes in the kernel's reply, never through anything the notebook prints."""
    from vmo_lib.exercises.transport import load_answers

    expression = f"_vmo_transport.dump_answers(_vmo_builtins.globals(), {list(names)!r})"
    msg_id = kc.execute(
        _SETUP,
        silent=True,
        store_history=False,
        user_expressions={"answers": expression},
        stop_on_error=False,
    )
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            reply = await kc.get_shell_msg(timeout=remaining)
        except Exception:
            return None
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            break
    result = reply.get("content", {}).get("user_expressions", {}).get("answers", {})
    if result.get("status") != "ok":
        return None
    try:
        text = ast.literal_eval(result["data"]["text/plain"])
        return load_answers(text) if isinstance(text, str) else None
    except (KeyError, ValueError, SyntaxError, json.JSONDecodeError):
        return None


def _errors(nb: Any) -> tuple[CellError, ...]:
    found = []
    for number, cell in enumerate(nb.cells, 1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                found.append(CellError(number, str(output.get("ename")), str(output.get("evalue"))))
    return tuple(found)


async def _stop(client: Any) -> None:
    """Shut the kernel down whatever state it is in (never raises)."""
    with contextlib.suppress(Exception):
        if client.kc is not None:
            client.kc.stop_channels()
    with contextlib.suppress(Exception):
        if client.km is not None and client.km.has_kernel:
            await asyncio.wait_for(client.km.shutdown_kernel(now=True), 15)
    with contextlib.suppress(Exception):
        if client.km is not None:
            await client.km.cleanup_resources()


async def execute(
    notebook: Mapping[str, Any],
    names: Sequence[str],
    *,
    timeout: float,
    workdir: Path,
) -> Execution:
    """Run ``notebook`` (JSON dict) in a fresh kernel in ``workdir``; read back ``names``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from vmo_lib.pipeline.kernels import KERNEL_NAME, kernel_environment

    started = time.monotonic()
    with warnings.catch_warnings():  # a hand-edited notebook may lack cell ids: harmless here
        warnings.simplefilter("ignore")
        nb = nbformat.reads(json.dumps(notebook), as_version=4)
    workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        nb,
        timeout=max(1, math.ceil(timeout)),
        allow_errors=True,
        kernel_name=KERNEL_NAME,
        startup_timeout=int(START_TIMEOUT),
        interrupt_on_timeout=False,
        record_timing=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
    status, detail, stopped_at = "ran", "", None
    try:
        client.km = client.create_kernel_manager()
        try:
            await client.async_start_new_kernel(env=kernel_environment(), stderr=subprocess.DEVNULL)
            await client.async_start_new_kernel_client()
        except Exception as exc:
            return Execution("failed", f"the kernel did not start: {exc}"[:300])
        deadline = started + timeout
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                status, stopped_at = "timeout", index + 1
                break
            client.timeout = max(1, math.ceil(remaining))
            try:
                await client.async_execute_cell(cell, index)
            except CellTimeoutError:
                status, stopped_at = "timeout", index + 1
                break
            except DeadKernelError:
                status, stopped_at = "failed", index + 1
                detail = f"the kernel died at cell {index + 1}"
                break
        if status == "timeout":
            detail = f"ran out of time ({timeout:g} s) at cell {stopped_at}"
            with contextlib.suppress(Exception):
                interrupted = client.km.interrupt_kernel()
                if inspect.isawaitable(interrupted):
                    await interrupted
        answers = None
        if status != "failed":
            answers = await _read_answers(client.kc, names, ANSWERS_TIMEOUT)
        return Execution(
            status,
            detail,
            _errors(nb),
            stopped_at,
            answers,
            time.monotonic() - started,
        )
    finally:
        await _stop(client)
