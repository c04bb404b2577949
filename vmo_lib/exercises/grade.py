"""``vmo exercises grade``: run a class's completed notebooks and summarise their checks.

Each notebook in the folder (searched recursively) is executed headlessly through the report
pipeline (:func:`vmo_lib.pipeline.pool.run_all`, one kernel each, with the trainee's own
parameters, so their ``trainee_seed`` holds). Every check records its outcome in the notebook
(:mod:`vmo_lib.exercises.registry`); the grader reads those records, never the HTML. A
notebook that fails to run is reported with the cell and error, and the checks it reached
still count; the tasks after the failure count as *not reached*.

Layout of ``OUT`` (written beside it and swapped in when complete)::

    OUT/summary.html        per task: how many passed, the most common mistake; per notebook
    OUT/tasks.csv           the per-task table (text neutralised for spreadsheets)
    OUT/notebooks.csv       the per-notebook table
    OUT/executed/           each notebook as run, and its HTML page
    OUT/manifest.json       marks the folder as a grading output
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vmo_lib import __version__
from vmo_lib.display import tables
from vmo_lib.exercises.catalogue import exercise_of, read_notebook
from vmo_lib.exercises.registry import record_name
from vmo_lib.exercises.summary import (
    NOTEBOOK_LABELS,
    TASK_LABELS,
    NotebookGrade,
    class_summary,
    notebook_table,
    summary_page,
)
from vmo_lib.pipeline import outdir
from vmo_lib.pipeline.html import TitleBlock
from vmo_lib.pipeline.runner import RunRequest

__all__ = ["GradeReport", "NotebookGrade", "class_summary", "grade_folder", "notebook_table"]


@dataclass(frozen=True)
class GradeReport:
    """The class summary: ``tasks`` (one row per exercise task) and ``notebooks``."""

    out: Path
    grades: tuple[NotebookGrade, ...]
    tasks: pd.DataFrame
    notebooks: pd.DataFrame

    def summary(self) -> str:
        """A few lines for the command line."""
        failed = [g for g in self.grades if g.failure or g.note]
        lines = [f"Graded {len(self.grades)} notebook(s) into {self.out / 'summary.html'}"]
        lines += [f"  {g.name}: {g.status}" for g in failed]
        return "\n".join(lines)


def _slug(relative: Path) -> str:
    text = "__".join(relative.with_suffix("").parts)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text) or "notebook"


def _notebooks(folder: Path, out: Path) -> list[Path]:
    skip = {out.resolve(), outdir.staging_path(out).resolve()}
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or any(s in path.resolve().parents for s in skip):
            continue
        found.append(path)
    return found


def _request(path: Path, name: str, build: Path) -> RunRequest:
    slug = _slug(Path(name))
    title = TitleBlock(
        heading=f"Graded: {name}",
        organisation="Workshop exercise",
        dataset="the trainee's own parameters",
        run_date=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=__version__,
    )
    return RunRequest(
        notebook=path.resolve(),
        parameters={},
        ipynb_path=build / "executed" / f"{slug}.ipynb",
        html_path=build / "executed" / f"{slug}.html",
        title=title,
        label=name,
        log_path=build / "logs" / f"{slug}.log",
        with_code=True,
    )


def _checks(records: dict[str, object], exercise: str) -> dict[str, dict[str, object]]:
    prefix = record_name(exercise, "")
    return {
        name[len(prefix) :]: value
        for name, value in records.items()
        if name.startswith(prefix) and isinstance(value, dict)
    }


def grade_folder(
    folder: Path, out: Path, *, jobs: int | None = None, progress: bool | None = None
) -> GradeReport:
    """Run every notebook under ``folder`` and write the class summary into ``out``.

    Raises ``FileNotFoundError`` when ``folder`` is not a folder and
    :class:`~vmo_lib.pipeline.outdir.OutputFolderError` when ``out`` holds something else.
    A notebook that cannot be read, is not an exercise, or fails to run is reported in the
    summary, never raised.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {folder}")
    outdir.check_replaceable(out)
    paths = _notebooks(folder, out)
    build = outdir.staging(out)
    try:
        report = _grade_into(folder, paths, build, out, jobs, progress)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    outdir.publish(build, out)
    return report


def _grade_into(
    folder: Path,
    paths: Sequence[Path],
    build: Path,
    out: Path,
    jobs: int | None,
    progress: bool | None,
) -> GradeReport:
    from vmo_lib.pipeline.pool import run_all

    grades: dict[str, NotebookGrade] = {}
    requests, exercises = [], {}
    for path in paths:
        name = path.relative_to(folder).as_posix()
        try:
            exercise = exercise_of(read_notebook(path))
        except ValueError as exc:
            grades[name] = NotebookGrade(name, None, note=f"not graded: {exc}")
            continue
        if exercise is None:
            grades[name] = NotebookGrade(name, None, note="not graded: not an exercise notebook")
            continue
        exercises[name] = exercise
        requests.append(_request(path, name, build))
    for result in run_all(requests, jobs=jobs, progress=progress):
        name = result.request.label
        failure = result.failure.describe() if result.failure else ""
        checks = _checks(result.records, exercises[name])
        grades[name] = NotebookGrade(name, exercises[name], checks, failure)
    ordered = tuple(grades[p.relative_to(folder).as_posix()] for p in paths)
    tasks_frame, notebooks_frame = class_summary(ordered), notebook_table(ordered)
    (build / "summary.html").write_text(
        summary_page(tasks_frame, notebooks_frame, str(folder)), encoding="utf-8"
    )
    tables.write_csv(tasks_frame, build / "tasks.csv", labels=TASK_LABELS)
    tables.write_csv(notebooks_frame, build / "notebooks.csv", labels=NOTEBOOK_LABELS)
    manifest = {"kind": "vmo exercises grade", "folder": str(folder), "notebooks": len(ordered)}
    (build / outdir.MARKER).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return GradeReport(out, ordered, tasks_frame, notebooks_frame)
