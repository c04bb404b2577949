"""Where the exercises are and which check module backs each one.

An exercise is a source notebook ``exercises/source/exNN_name.ipynb`` whose metadata names it
(``{"vmo": {"exercise": "exNN_name"}}``) and a module ``vmo_lib.exercises.exNN`` whose checks
register its tasks (:mod:`vmo_lib.exercises.registry`).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType

from vmo_lib.exercises.registry import Task, tasks_of
from vmo_lib.paths import WORKBOOK_ROOT

__all__ = [
    "EXERCISES_DIR",
    "SOURCE_DIR",
    "exercise_module",
    "exercise_of",
    "exercise_tasks",
    "source_notebooks",
]

EXERCISES_DIR = WORKBOOK_ROOT / "exercises"
"""The workshop folder: sources, trainee README and facilitator guide."""
SOURCE_DIR = EXERCISES_DIR / "source"
"""One source notebook per exercise, with the solutions between markers."""


def source_notebooks(folder: Path = SOURCE_DIR) -> tuple[Path, ...]:
    """The source notebooks in ``folder``, in name order (``ex00_...``, ``ex01_...``)."""
    return tuple(sorted(folder.glob("ex[0-9][0-9]_*.ipynb")))


def exercise_of(notebook: dict[str, object]) -> str | None:
    """The exercise a notebook (JSON dict) belongs to, from its ``vmo.exercise`` metadata."""
    metadata = notebook.get("metadata")
    vmo = metadata.get("vmo") if isinstance(metadata, dict) else None
    name = vmo.get("exercise") if isinstance(vmo, dict) else None
    return str(name) if name else None


def exercise_tasks(exercise: str) -> tuple[Task, ...]:
    """The tasks of ``exercise`` (imports its check module ``vmo_lib.exercises.exNN``)."""
    try:
        importlib.import_module(f"vmo_lib.exercises.{exercise[:4]}")
    except ModuleNotFoundError:
        return ()
    return tasks_of(exercise)


def read_notebook(path: Path) -> dict[str, object]:
    """A notebook file as a JSON dict (``ValueError`` when it is not a notebook)."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name} is not a readable notebook: {exc}") from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise ValueError(f"{path.name} is not a notebook (no cells)")
    return content


def exercise_module(exercise: str) -> ModuleType:
    """The check module of ``exercise`` (``vmo_lib.exercises.exNN``)."""
    return importlib.import_module(f"vmo_lib.exercises.{exercise[:4]}")
