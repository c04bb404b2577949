"""Headless runs of the workbook notebooks and the facilitator handouts built from them.

Modules, one concern each:

``spec``      read a notebook's ``parameters`` cell (never executing it)
``values``    convert and validate parameter values, before any kernel starts
``record``    ``record()`` key figures inside a notebook, ``read_records()`` afterwards
``runner``    execute one notebook with papermill, writing ``.ipynb`` + handout
``kernels``   kernel lifecycle: start (ahead of the run, in a worker), readiness, shutdown
``pool``      worker processes that run notebooks in parallel and warm up early
``timing``    ``Phase``: when each step of a build happened, on one wall-clock time line
``html``      handout export (nbconvert ``vmo_handout`` template), table of contents, index
``handouts``  the whole sequence, per team, into a folder swapped in atomically
``outdir``    staging folder / publish / keep-partial mechanics

This package is imported by notebook kernels (for ``record``): it imports nothing at load
time; the names below are loaded on first access. In a notebook, write
``from vmo_lib.notebook.record import record`` (``vmo_lib.notebook.record`` is the module).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vmo_lib.notebook.record import read_records
    from vmo_lib.pipeline.handouts import BuildReport, HandoutOptions, build_handouts
    from vmo_lib.pipeline.pool import run_all
    from vmo_lib.pipeline.runner import RunRequest, RunResult, execute_run
    from vmo_lib.pipeline.spec import NotebookParameters, Parameter, read_parameters
    from vmo_lib.pipeline.values import ParameterError, resolve_parameters

__all__ = [
    "BuildReport",
    "HandoutOptions",
    "NotebookParameters",
    "Parameter",
    "ParameterError",
    "RunRequest",
    "RunResult",
    "build_handouts",
    "execute_run",
    "read_parameters",
    "read_records",
    "resolve_parameters",
    "run_all",
]

_HOMES = {
    "BuildReport": "handouts",
    "HandoutOptions": "handouts",
    "build_handouts": "handouts",
    "read_records": "record",
    "RunRequest": "runner",
    "RunResult": "runner",
    "execute_run": "runner",
    "run_all": "pool",
    "NotebookParameters": "spec",
    "Parameter": "spec",
    "read_parameters": "spec",
    "ParameterError": "values",
    "resolve_parameters": "values",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first access (keeps kernel imports cheap)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
