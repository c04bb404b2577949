"""Why a notebook run failed, in one line a facilitator can act on.

:class:`RunFailure` names the cell (numbered as in the author's notebook, papermill's own
cells not counted), the line that raised and the error's first line. :func:`execution_failure`
reads papermill's exception; :func:`output_failure` finds what makes a notebook that ran to
its end a failed run anyway (a kept cell error, a figure shown as ``<Figure size ...>`` text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["RunFailure", "execution_failure", "first_line", "locate_failure", "output_failure"]

#: Cells papermill adds around a failure; they are not part of the author's notebook.
_PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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


def execution_failure(exc: Any) -> RunFailure:
    """The error, and the line of the cell that raised it (from IPython's ``---->`` marker)."""
    error = f"{exc.ename}: {first_line(exc.evalue)}" if exc.evalue else str(exc.ename)
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


def locate_failure(failure: RunFailure, nb: Any) -> RunFailure:
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
                error = f"{output.get('ename', 'Error')}: {first_line(output.get('evalue', ''))}"
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


def first_line(text: str) -> str:
    """The first line of an error message, saying how many more the executed notebook holds.

    >>> first_line("ValueError: x\\n  detail one\\n  detail two")
    'ValueError: x (and 2 more lines: see the executed notebook)'
    """
    lines = [line.strip() for line in _ANSI.sub("", text).splitlines() if line.strip()]
    if len(lines) > 1:
        return f"{lines[0]} (and {len(lines) - 1} more lines: see the executed notebook)"
    return lines[0] if lines else ""
