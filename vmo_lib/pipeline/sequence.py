"""The workbook's notebook sequence: find the notebooks and read what a build needs of them.

Notebooks are named ``NN_name.ipynb`` (:data:`NOTEBOOK_PATTERN`); a user names one by its path
or its stem (``vmo run 00_portfolio_baseline``). Each is read as JSON, never executed: its
parameters, first heading, required tables and relative cost (:class:`WorkbookNotebook`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from vmo_lib.errors import VmoError
from vmo_lib.paths import NOTEBOOKS_DIR
from vmo_lib.pipeline.html import notebook_heading
from vmo_lib.pipeline.parameters import NotebookParameters
from vmo_lib.pipeline.spec import (
    load_notebook_json,
    read_parameters,
    read_relative_cost,
    read_requirements,
)

__all__ = [
    "NOTEBOOK_PATTERN",
    "NotebookNotFoundError",
    "WorkbookNotebook",
    "discover_notebooks",
    "find_notebook",
    "load_notebooks",
    "notebook_heading_of",
]

#: The notebooks of the workbook sequence: ``00_portfolio_baseline.ipynb`` and so on.
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


class NotebookNotFoundError(VmoError, LookupError):
    """A notebook name or path does not exist; the message lists the available ones."""


def discover_notebooks(folder: Path) -> tuple[Path, ...]:
    """The notebook sequence in ``folder``: ``NN_name.ipynb`` files, sorted."""
    return tuple(sorted(Path(folder).glob(NOTEBOOK_PATTERN)))


def find_notebook(name: str | Path, folder: Path | None = None) -> Path:
    """Resolve a notebook given as a path or as a stem looked up in ``folder``."""
    path = Path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    folder = folder or NOTEBOOKS_DIR
    candidate = folder / f"{path.stem}.ipynb"
    if path.parent == Path(".") and candidate.is_file():
        return candidate.resolve()
    available = ", ".join(p.stem for p in discover_notebooks(folder)) or "none"
    raise NotebookNotFoundError(f"notebook {str(name)!r} not found; available: {available}")


@dataclass(frozen=True)
class WorkbookNotebook:
    """One notebook of the sequence as a build needs it, read without executing it."""

    path: Path
    spec: NotebookParameters
    heading: str
    requires: tuple[str, ...] = ()
    relative_cost: float = 1.0


def notebook_heading_of(content: Mapping[str, object], stem: str) -> str:
    """A notebook's title: its first level-1 heading, else its file name."""
    return notebook_heading(content) or stem


def load_notebooks(paths: Sequence[Path]) -> list[WorkbookNotebook]:
    """Read each notebook's parameters, heading, required tables and relative cost."""
    loaded = []
    for path in paths:
        content = load_notebook_json(path)
        spec = read_parameters(path, content=content)
        heading = notebook_heading_of(content, path.stem)
        loaded.append(
            WorkbookNotebook(
                path,
                spec,
                heading,
                read_requirements(content, path.name),
                read_relative_cost(content),
            )
        )
    return loaded
