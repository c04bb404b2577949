"""The class summary of ``vmo exercises grade``: per-task and per-notebook tables, and its page.

Pure functions of the graded notebooks (:class:`NotebookGrade`); :mod:`.grade` runs the
notebooks and writes what these build.

>>> class_summary([NotebookGrade("ann.ipynb", "ex00_baseline", {})])  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from vmo_lib.display import tables
from vmo_lib.exercises.catalogue import exercise_tasks
from vmo_lib.exercises.feedback import BLANK

__all__ = [
    "NOTEBOOK_LABELS",
    "TASK_LABELS",
    "NotebookGrade",
    "class_summary",
    "notebook_table",
    "summary_page",
]

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


def summary_page(tasks_frame: pd.DataFrame, notebooks_frame: pd.DataFrame, folder: str) -> str:
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
