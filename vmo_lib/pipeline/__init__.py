"""Headless runs of the workbook notebooks and the facilitator handouts built from them.

Modules, one concern each, bottom up: each imports only modules listed above it.

``parameters``      the parameter model: declarations, values, their checks and errors
``spec``            read a notebook's ``parameters`` cell and metadata (never executing it)
``values``          resolve one run's values (command line, YAML, team), check its dataset
``timing``          ``Phase``: when each step of a build happened, on one wall-clock time line
``outdir``          staging folder / publish / keep-partial mechanics
``failures``        why a run failed: the cell, the line, the error's first line
``index_page``      the handouts index: every handout with its key figures and status
``html``            handout export (nbconvert ``vmo_handout`` template), table of contents
``kernels``         kernel lifecycle: start (ahead of the run, in a worker), readiness, shutdown
``runner``          execute one notebook with papermill, writing ``.ipynb`` + handout
``pool``            worker processes that run notebooks in parallel and warm up early
``pdf``             print handouts to PDF with the system Chromium
``sequence``        the notebook sequence: find notebooks by name, read what a build needs
``teams``           ``--class`` files: one handout set per team
``plan``            check every value of every run of a build, before anything starts
``manifest``        a build's ``index.html`` pages and ``manifest.json``
``handouts``        the whole sequence, per team, into a folder swapped in atomically

``parameters`` imports only the standard library; ``spec`` and ``values`` build on it and
neither imports the other; ``handouts`` sits on top. The ``decks`` package (editable
PowerPoint decks from executed notebooks, with python-pptx) sits beside ``pdf``: of this
package it imports only ``html``, and ``handouts`` calls it like ``pdf``. Key figures are
recorded inside a notebook with :func:`vmo_lib.notebook.record.record` and read back here.

How a kernel shows figures (PNG with alt text) is presentation, in
:mod:`vmo_lib.display.figures`. This package's ``__init__`` imports nothing at load time (a
kernel that imports one of its modules pays for nothing else); the names below are loaded on
first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vmo_lib.notebook.record import read_records
    from vmo_lib.pipeline.handouts import BuildReport, HandoutOptions, build_handouts
    from vmo_lib.pipeline.parameters import NotebookParameters, Parameter, ParameterError
    from vmo_lib.pipeline.pool import run_all
    from vmo_lib.pipeline.runner import RunRequest, RunResult, execute_run
    from vmo_lib.pipeline.spec import read_parameters
    from vmo_lib.pipeline.values import resolve_parameters

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
    "NotebookParameters": "parameters",
    "Parameter": "parameters",
    "read_parameters": "spec",
    "ParameterError": "parameters",
    "resolve_parameters": "values",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first access (keeps kernel imports cheap)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
