"""What ``vmo exercises grade`` writes: the gradebook, the per-task and per-notebook tables,
each trainee's feedback page, one review page per open task, and the class summary.

Pure functions of the graded notebooks (:class:`~vmo_lib.exercises.grade.NotebookGrade`)
plus :func:`write_summary`, which writes them. Every piece of trainee text (answers, names,
file names) is escaped in HTML, and the CSV files go through
:func:`vmo_lib.display.tables.write_csv` (atomic, formulas neutralised for spreadsheets).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from vmo_lib.display import tables
from vmo_lib.exercises.catalogue import exercise_tasks
from vmo_lib.exercises.registry import Task

if TYPE_CHECKING:
    from vmo_lib.exercises.grade import GradeReport, NotebookGrade

__all__ = [
    "NOTEBOOK_LABELS",
    "TASK_LABELS",
    "class_summary",
    "gradebook",
    "notebook_table",
    "seed_notes",
    "write_summary",
]

TASK_LABELS = {
    "exercise": "Exercise",
    "task": "Task",
    "column": "Gradebook column",
    "level": "Level",
    "notebooks": "Notebooks",
    "passed": "Passed",
    "not_passed": "Not passed",
    "review": "For review",
    "blank": "Blank",
    "timeout": "Timed out",
    "error": "Error",
    "pass_rate": "Pass rate",
    "review_rate": "Review rate",
    "common_mistake": "Most common mistake",
    "common_mistake_count": "Times",
    "example_message": "What the check said",
}
NOTEBOOK_LABELS = {
    "notebook": "Notebook",
    "trainee": "Trainee",
    "exercise": "Exercise",
    "seed": "Seed",
    "seed_note": "Seed note",
    "passed": "Tasks passed",
    "tasks": "Tasks checked",
    "review": "For review",
    "status": "Status",
}
TRAINEE_LABELS = {
    "trainee": "Trainee",
    "seed": "Seed",
    "notebooks": "Notebooks",
    "passed": "Tasks passed",
    "tasks": "Tasks checked",
    "review": "For review",
    "note": "Note",
}
_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;"
    "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;"
    "text-align:left}caption{font-weight:bold;text-align:left}.answer{white-space:pre-wrap}"
    ".g1{color:#009E73}.g0{color:#D55E00}.greview{color:#0072B2}"
)


def _graded(grades: Sequence[NotebookGrade]) -> list[NotebookGrade]:
    return [g for g in grades if g.exercise and g.outcomes]


def _exercises(grades: Sequence[NotebookGrade]) -> list[str]:
    return sorted({g.exercise for g in _graded(grades) if g.exercise})


def _columns(grades: Sequence[NotebookGrade]) -> list[Task]:
    return [t for exercise in _exercises(grades) for t in exercise_tasks(exercise)]


def _latest(grades: Sequence[NotebookGrade]) -> dict[tuple[str, str], NotebookGrade]:
    """(trainee, exercise) -> the notebook that counts (the last in name order)."""
    chosen: dict[tuple[str, str], NotebookGrade] = {}
    for grade in _graded(grades):
        chosen[(grade.trainee, grade.exercise or "")] = grade
    return chosen


def seed_notes(grades: Sequence[NotebookGrade]) -> dict[str, str]:
    """Notebook name -> a warning about its seed: not the one handed out with the notebook,
    the default seed 0 (everyone on 0 has the same numbers), a seed shared with another
    trainee, or a seed that could not be read."""
    users: defaultdict[int, set[str]] = defaultdict(set)
    for grade in _graded(grades):
        if grade.seed:
            users[grade.seed].add(grade.trainee)
    notes = {}
    for grade in _graded(grades):
        if grade.seed is None:
            notes[grade.name] = "seed unreadable"
        elif grade.issued_seed is not None and grade.seed != grade.issued_seed:
            notes[grade.name] = f"seed changed: handed out with {grade.issued_seed}"
        elif grade.seed == 0:
            notes[grade.name] = "default seed 0: the case study, the same numbers as anyone else"
        elif len(users[grade.seed]) > 1:
            others = sorted(users[grade.seed] - {grade.trainee})
            notes[grade.name] = f"seed {grade.seed} shared with {', '.join(others)}"
    return notes


def _trainee_seed(grades: Sequence[NotebookGrade], trainee: str) -> str:
    seeds = sorted({g.seed for g in _graded(grades) if g.trainee == trainee and g.seed is not None})
    return " ".join(str(s) for s in seeds)


def gradebook(grades: Sequence[NotebookGrade]) -> pd.DataFrame:
    """One row per trainee: ``trainee``, ``seed``, then one column per task (``exNN:N``)
    holding ``1``, ``0``, ``review``, ``blank``, ``timeout`` or ``error``; empty when the
    trainee handed in no notebook of that exercise."""
    columns = _columns(grades)
    chosen = _latest(grades)
    rows = []
    for trainee in sorted({g.trainee for g in _graded(grades)}, key=str.casefold):
        row = {"trainee": trainee, "seed": _trainee_seed(grades, trainee)}
        for entry in columns:
            grade = chosen.get((trainee, entry.exercise))
            outcome = (
                next((o for o in grade.outcomes if o.task.task_id == entry.task_id), None)
                if grade
                else None
            )
            row[entry.column] = outcome.grade if outcome else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["trainee", "seed", *(t.column for t in columns)])


def class_summary(grades: Sequence[NotebookGrade]) -> pd.DataFrame:
    """One row per task of every exercise handed in: how many notebooks got each gradebook
    value, the pass rate among tasks a check judges (empty for open answers, all *review*),
    and the most common mistake among the wrong answers."""
    rows = []
    for exercise in _exercises(grades):
        graded = [g for g in _graded(grades) if g.exercise == exercise]
        for entry in exercise_tasks(exercise):
            outcomes = [o for g in graded for o in g.outcomes if o.task.task_id == entry.task_id]
            counts = Counter(o.grade for o in outcomes)
            codes = Counter(o.mistake or "other" for o in outcomes if o.grade == "0")
            common, count = codes.most_common(1)[0] if codes else ("", 0)
            example = next(
                (
                    o.message
                    for o in outcomes
                    if o.grade == "0" and (o.mistake or "other") == common
                ),
                "",
            )
            n = len(outcomes)
            rows.append(
                {
                    "exercise": exercise,
                    "task": entry.title,
                    "column": entry.column,
                    "level": entry.level,
                    "notebooks": n,
                    "passed": counts["1"],
                    "not_passed": counts["0"],
                    "review": counts["review"],
                    "blank": counts["blank"],
                    "timeout": counts["timeout"],
                    "error": counts["error"],
                    "pass_rate": float("nan") if entry.open_answer or not n else counts["1"] / n,
                    "review_rate": counts["review"] / n if n else float("nan"),
                    "common_mistake": common,
                    "common_mistake_count": count or None,
                    "example_message": example,
                }
            )
    return pd.DataFrame(rows, columns=list(TASK_LABELS))


def notebook_table(grades: Sequence[NotebookGrade]) -> pd.DataFrame:
    """One row per notebook: trainee, exercise, seed (and a note on it), tasks passed out of
    the tasks a check judges, open answers for review, status."""
    notes = seed_notes(grades)
    rows = [
        {
            "notebook": g.name,
            "trainee": g.trainee,
            "exercise": g.exercise or "",
            "seed": "" if g.seed is None else g.seed,
            "seed_note": notes.get(g.name, ""),
            "passed": g.passed,
            "tasks": g.auto_tasks,
            "review": g.for_review,
            "status": g.describe(),
        }
        for g in grades
    ]
    return pd.DataFrame(rows, columns=list(NOTEBOOK_LABELS))


def trainee_slug(trainee: str) -> str:
    """The file name of a trainee's feedback page (without ``.html``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", trainee).strip("-.") or "trainee"


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"{body}</body></html>\n"
    )


def _esc(text: object) -> str:
    return html.escape(str(text))


def feedback_page(trainee: str, grades: Sequence[NotebookGrade]) -> str:
    """One trainee's feedback: each notebook's tasks with their grade, message and hint."""
    parts = [
        f"<h1>Feedback for {_esc(trainee)}</h1><p><a href='../summary.html'>Class summary</a></p>"
    ]
    for grade in grades:
        parts.append(
            f"<h2>{_esc(grade.exercise or grade.name)}</h2><p>Notebook {_esc(grade.name)}; "
            f"seed {_esc('' if grade.seed is None else grade.seed)}; {_esc(grade.describe())}.</p>"
        )
        if not grade.outcomes:
            continue
        rows = "".join(
            f"<tr><td>{_esc(o.task.title)}</td><td class='g{_esc(o.grade)}'>{_esc(o.grade)}</td>"
            f"<td>{_esc(o.message)}</td><td>{_esc(o.hint)}</td></tr>"
            for o in grade.outcomes
        )
        parts.append(
            "<table><tr><th>Task</th><th>Grade</th><th>What the check said</th><th>Hint</th>"
            f"</tr>{rows}</table>"
        )
    return _page(f"Feedback: {trainee}", "".join(parts))


def open_page(entry: Task, grades: Sequence[NotebookGrade]) -> str:
    """Every trainee's answer to one open task, beside its rubric (all text escaped)."""
    from vmo_lib.exercises.catalogue import exercise_module

    module = exercise_module(entry.exercise)
    rubric = getattr(module, "rubric", lambda task_id: ())(entry.task_id)
    items = "".join(f"<li>{_esc(name)}</li>" for name in rubric)
    rows = []
    for grade in grades:
        outcome = next((o for o in grade.outcomes if o.task.task_id == entry.task_id), None)
        if outcome is None:
            continue
        text = outcome.answer_text or f"({outcome.grade}: {outcome.message})"
        words = len(outcome.answer_text.split())
        rows.append(
            f"<tr><td>{_esc(grade.trainee)}</td><td>{words}</td>"
            f"<td class='answer'>{_esc(text.strip())}</td><td></td></tr>"
        )
    body = (
        f"<h1>{_esc(entry.exercise)} · {_esc(entry.title)}</h1>"
        "<p><a href='../summary.html'>Class summary</a></p>"
        "<h2>Rubric: a good answer covers</h2>"
        f"<ul>{items}</ul><p>Accept other points that are argued well; the checklist is what "
        "the trainees saw under their answer.</p>"
        f"<h2>The class's answers ({len(rows)})</h2><table><tr><th>Trainee</th><th>Words</th>"
        f"<th>Answer</th><th>Your mark</th></tr>{''.join(rows)}</table>"
    )
    return _page(f"Open answers: {entry.title}", body)


def _summary_page(
    report: GradeReport,
    tasks_frame: pd.DataFrame,
    notebooks_frame: pd.DataFrame,
    folder: Path,
    timeout: float,
) -> str:
    grades = report.grades
    notes = seed_notes(grades)
    trainees = sorted({g.trainee for g in _graded(grades)}, key=str.casefold)
    rows = []
    for trainee in trainees:
        own = [g for g in _graded(grades) if g.trainee == trainee]
        flags = "; ".join(dict.fromkeys(notes[g.name] for g in own if g.name in notes))
        link = f"<a href='feedback/{_esc(trainee_slug(trainee))}.html'>{_esc(trainee)}</a>"
        rows.append(
            f"<tr><td>{link}</td><td>{_esc(_trainee_seed(grades, trainee))}</td>"
            f"<td>{len(own)}</td><td>{sum(g.passed for g in own)}</td>"
            f"<td>{sum(g.auto_tasks for g in own)}</td><td>{sum(g.for_review for g in own)}</td>"
            f"<td>{_esc(flags)}</td></tr>"
        )
    trainee_table = (
        "<table><caption>Per trainee (click a name for their feedback page)</caption><tr>"
        + "".join(f"<th>{_esc(v)}</th>" for v in TRAINEE_LABELS.values())
        + f"</tr>{''.join(rows)}</table>"
    )
    open_links = "".join(
        f"<li><a href='open/{_esc(t.exercise)}_{_esc(t.task_id)}.html'>{_esc(t.exercise)} · "
        f"{_esc(t.title)}</a></li>"
        for t in _columns(grades)
        if t.open_answer
    )
    task_table = tables.format_table(
        tasks_frame,
        percent=["pass_rate", "review_rate"],
        integer=[
            "notebooks",
            "passed",
            "not_passed",
            "review",
            "blank",
            "timeout",
            "error",
            "common_mistake_count",
        ],
        labels=TASK_LABELS,
        caption="Per task: gradebook values, the pass rate of checked tasks, the commonest mistake",
    ).to_html()
    notebook_html = tables.format_table(
        notebooks_frame,
        integer=["passed", "tasks", "review"],
        labels=NOTEBOOK_LABELS,
        caption="Per notebook",
    ).to_html()
    stopped = (
        "<p><strong>Grading was interrupted</strong>: the notebooks marked <em>interrupted</em> "
        "were not graded. Run the command again to grade the whole class.</p>"
        if report.interrupted
        else ""
    )
    body = (
        f"<h1>Class summary</h1><p>Notebooks from {_esc(folder)}, graded "
        f"{_esc(dt.datetime.now().strftime('%Y-%m-%d %H:%M'))}, at most {timeout:g} s each. "
        "Gradebook values: <em>1</em> right, <em>0</em> not yet, <em>review</em> an open answer "
        "for you to read, <em>blank</em> left empty, <em>timeout</em> not reached in time, "
        "<em>error</em> not gradable (a cell raised an error, or its inputs were missing). "
        "Open answers are never passed automatically: they count as <em>review</em> in every "
        "rate. The gradebook is <a href='gradebook.csv'>gradebook.csv</a>.</p>"
        f"{stopped}{trainee_table}"
        f"<h2>Open answers, for review</h2><ul>{open_links or '<li>none handed in</li>'}</ul>"
        f"{task_table}{notebook_html}"
    )
    return _page("Class summary", body)


def write_summary(report: GradeReport, build: Path, folder: Path, timeout: float) -> None:
    """Write every file of a grading output into ``build`` (see :mod:`.grade`)."""
    grades = report.grades
    tasks_frame, notebooks_frame = class_summary(grades), notebook_table(grades)
    tables.write_csv(gradebook(grades), build / "gradebook.csv")
    tables.write_csv(tasks_frame, build / "tasks.csv", labels=TASK_LABELS)
    tables.write_csv(notebooks_frame, build / "notebooks.csv", labels=NOTEBOOK_LABELS)
    by_trainee: defaultdict[str, list[NotebookGrade]] = defaultdict(list)
    for grade in grades:
        if grade.exercise:
            by_trainee[grade.trainee].append(grade)
    (build / "feedback").mkdir(exist_ok=True)
    for trainee, own in by_trainee.items():
        page = feedback_page(trainee, own)
        (build / "feedback" / f"{trainee_slug(trainee)}.html").write_text(page, "utf-8")
    (build / "open").mkdir(exist_ok=True)
    for entry in _columns(grades):
        if entry.open_answer:
            graded = [g for g in _graded(grades) if g.exercise == entry.exercise]
            page = open_page(entry, graded)
            (build / "open" / f"{entry.exercise}_{entry.task_id}.html").write_text(page, "utf-8")
    page = _summary_page(report, tasks_frame, notebooks_frame, folder, timeout)
    (build / "summary.html").write_text(page, encoding="utf-8")
