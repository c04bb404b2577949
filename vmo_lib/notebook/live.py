"""Live widgets in JupyterLab, a static result everywhere else.

A widget panel only works with a live kernel behind it: in a handout it would show as
``VBox(children=...)`` or nothing at all. The report pipeline (``vmo run``, ``vmo handouts``)
and the test suite start their kernels with ``VMO_HEADLESS=1``; notebooks then show the static
result instead of the panel.

Example
-------
>>> from vmo_lib.notebook.live import show_live_or_static
>>> show_live_or_static(build_panel, show_static_result)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

__all__ = ["HEADLESS_VARIABLE", "is_headless", "show_live_or_static"]

#: Environment variable that marks a kernel with no front-end to talk to.
HEADLESS_VARIABLE = "VMO_HEADLESS"


def is_headless() -> bool:
    """True when the kernel runs without an interactive front-end (pipeline, tests)."""
    return os.environ.get(HEADLESS_VARIABLE, "") not in ("", "0")


def show_live_or_static(live: Callable[[], Any], static: Callable[[], Any]) -> None:
    """Display the widget that ``live()`` builds, or call ``static()`` when headless.

    ``static`` displays (or draws) the same result at the notebook's parameter values, so the
    handout says what the panel would have shown before anyone moved a slider.
    """
    if is_headless():
        static()
        return
    from IPython.display import display

    display(live())
