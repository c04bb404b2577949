"""``vmo exercises grade``: run a class's completed notebooks and summarise their checks.

Each notebook in the folder (searched recursively) is executed headlessly through the report
pipeline (:func:`vmo_lib.reports.pool.run_all`, one kernel each, with the trainee's own
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
import html
import json
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vmo_lib import __version__, tables
from vmo_lib.reports import outdir
from vmo_lib.reports.html import TitleBlock
from vmo_lib.reports.runner import RunRequest

from .catalogue import exercise_of, exercise_tasks, read_notebook
from .feedback import BLANK
from .registry import record_name

__all__ = ["GradeReport", "NotebookGrade", "class_summary", "grade_folder", "notebook_table"]

TASK_LABELS = {
    "exercise": "Exercise",
    "task": "Task",
    "level": "Level",
    "notebooks": "Notebooks",
    "passed": "Passed",
    "not_passed": "Not passed",
    "left_blank": "Of which left blank",
    "not_reached": "Not reached",
    "pass_rate": "Pass rate",
    "common_mistake": "Most common mistake",
    "common_mistake_count": "Times",
    "example_message": "What the check said",
}
NOTEBOOK_LABELS = {
    "notebook": "Notebook",
    "exercise": "Exercise",
    "passed": "Tasks passed",
    "tasks": "Tasks",
    "status": "Status",
}


@dataclass(frozen=True)
class NotebookGrade:
    """One notebook's outcome: its checks' records by task id, or why it did not run."""

    name: str
    exercise: str | None
    checks: dict[str, dict[str, object]] = field(default_factory=dict)
    failure: str = ""
    note: str = ""

    @property
    def status(self) -> str:
        """``ran``, ``failed at ...`` or why it was not graded."""
        if self.note:
            return self.note
        return f"failed at {self.failure}" if self.failure else "ran"


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


def class_summary(grades: Sequence[NotebookGrade]) -> pd.DataFrame:
    """One row per task of every exercise handed in: passed, not passed (and of those, left
    blank), not reached, and the most common mistake among the answers that were not blank."""
    rows = []
    exercises = sorted({g.exercise for g in grades if g.exercise and not g.note})
    for exercise in exercises:
        graded = [g for g in grades if g.exercise == exercise and not g.note]
        for entry in exercise_tasks(exercise):
            outcomes = [g.checks.get(entry.task_id) for g in graded]
            done = [o for o in outcomes if o is not None]
            wrong = [o for o in done if not o.get("passed")]
            blank = sum(1 for o in wrong if o.get("mistake") == BLANK)
            codes = Counter(
                str(o.get("mistake") or "other") for o in wrong if o.get("mistake") != BLANK
            )
            common, count = codes.most_common(1)[0] if codes else ("", 0)
            examples = (str(o.get("message", "")) for o in wrong if o.get("mistake") == common)
            example = next(examples, "")
            rows.append(
                {
                    "exercise": exercise,
                    "task": entry.title,
                    "level": entry.level,
                    "notebooks": len(graded),
                    "passed": len(done) - len(wrong),
                    "not_passed": len(wrong),
                    "left_blank": blank,
                    "not_reached": len(outcomes) - len(done),
                    "pass_rate": (len(done) - len(wrong)) / len(graded) if graded else float("nan"),
                    "common_mistake": common,
                    "common_mistake_count": count or None,
                    "example_message": example,
                }
            )
    return pd.DataFrame(rows, columns=list(TASK_LABELS))


def notebook_table(grades: Sequence[NotebookGrade]) -> pd.DataFrame:
    """One row per notebook: its exercise, tasks passed out of the exercise's tasks, status."""
    rows = []
    for grade in grades:
        total = len(exercise_tasks(grade.exercise)) if grade.exercise else 0
        passed = sum(1 for c in grade.checks.values() if c.get("passed"))
        rows.append(
            {
                "notebook": grade.name,
                "exercise": grade.exercise or "",
                "passed": passed,
                "tasks": total,
                "status": grade.status,
            }
        )
    return pd.DataFrame(rows, columns=list(NOTEBOOK_LABELS))


def _page(tasks_frame: pd.DataFrame, notebooks_frame: pd.DataFrame, folder: str) -> str:
    task_table = tables.format_table(
        tasks_frame,
        percent=["pass_rate"],
        integer=[
            "notebooks",
            "passed",
            "not_passed",
            "left_blank",
            "not_reached",
            "common_mistake_count",
        ],
        labels=TASK_LABELS,
        caption="Per task: how many passed, and the most common mistake among the answers given",
    ).to_html()
    notebook_html = tables.format_table(
        notebooks_frame,
        integer=["passed", "tasks"],
        labels=NOTEBOOK_LABELS,
        caption="Per notebook",
    ).to_html()
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Class summary"
        "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
        "caption{font-weight:bold;text-align:left}</style></head><body>"
        f"<h1>Class summary</h1><p>Notebooks from {html.escape(folder)}, graded "
        f"{html.escape(dt.datetime.now().strftime('%Y-%m-%d %H:%M'))}. <em>Not reached</em> "
        "counts notebooks that stopped before the task's check (or removed it).</p>"
        f"{task_table}{notebook_html}</body></html>\n"
    )


def grade_folder(
    folder: Path, out: Path, *, jobs: int | None = None, progress: bool | None = None
) -> GradeReport:
    """Run every notebook under ``folder`` and write the class summary into ``out``.

    Raises ``FileNotFoundError`` when ``folder`` is not a folder and
    :class:`~vmo_lib.reports.outdir.OutputFolderError` when ``out`` holds something else.
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
    from vmo_lib.reports.pool import run_all

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
        _page(tasks_frame, notebooks_frame, str(folder)), encoding="utf-8"
    )
    tables.write_csv(tasks_frame, build / "tasks.csv", labels=TASK_LABELS)
    tables.write_csv(notebooks_frame, build / "notebooks.csv", labels=NOTEBOOK_LABELS)
    manifest = {"kind": "vmo exercises grade", "folder": str(folder), "notebooks": len(ordered)}
    (build / outdir.MARKER).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return GradeReport(out, ordered, tasks_frame, notebooks_frame)
