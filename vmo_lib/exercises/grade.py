"""``vmo exercises grade``: run a class's notebooks and grade every task on its own.

For each notebook in the folder (searched recursively), :func:`vmo_lib.exercises.execute.execute`
runs it in its own kernel, carrying on past errors, within a time limit (``timeout`` seconds,
120 by default), and reads the answer variables back as plain data. The grader then runs the
checks itself, here, on those values and on the trainee's organisation rebuilt from their
parameters (``data``, ``trainee_seed``): nothing a notebook prints or records can change a
grade. Each task gets one of ``1``, ``0``, ``review`` (an open answer, read by the
facilitator), ``blank``, ``timeout`` or ``error`` (the answer was never set because a cell
raised, or the check could not judge it), with the reason.

The trainee is the sub-folder a notebook was collected in (``ann/ex00_baseline.ipynb``) or,
at the top level, the file name's prefix (``ann_ex00_baseline.ipynb``).

Ctrl-C or SIGTERM stops the grading cleanly: kernels are shut down and the summary of the
notebooks graded so far is still written (the report says it was interrupted).

Layout of ``OUT`` (written beside it and swapped in when complete)::

    OUT/summary.html        per task and per trainee, links to feedback and open answers
    OUT/gradebook.csv       one row per trainee: trainee, seed, one column per task (exNN:N)
    OUT/tasks.csv           per task: passed, not passed, review, blank, timeout, error
    OUT/notebooks.csv       per notebook: trainee, exercise, seed, status
    OUT/feedback/NAME.html  each trainee's feedback, task by task
    OUT/open/exNN_tK.html   each open task: the class's answers beside the rubric
    OUT/manifest.json       marks the folder as a grading output
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import inspect
import json
import re
import shutil
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vmo_lib.exercises.catalogue import exercise_module, exercise_of, exercise_tasks, read_notebook
from vmo_lib.exercises.execute import Execution, execute
from vmo_lib.exercises.feedback import BLANK, Feedback
from vmo_lib.exercises.registry import Task
from vmo_lib.exercises.transport import MISSING
from vmo_lib.pipeline import outdir

__all__ = [
    "DEFAULT_TIMEOUT",
    "GradeReport",
    "NotebookGrade",
    "TaskOutcome",
    "grade_answers",
    "grade_folder",
    "trainee_of",
]

#: Seconds one notebook may run before it is stopped and reported as timed out.
DEFAULT_TIMEOUT = 120.0
#: The parameters the grader reads to rebuild the trainee's organisation.
PARAMETERS = ("data", "trainee_seed", "as_of", "budget_share")
#: Gradebook values.
GRADES = ("1", "0", "review", "blank", "timeout", "error")


@dataclass(frozen=True)
class TaskOutcome:
    """One task of one notebook: its gradebook value, what the check said, the answer's text
    (open answers, for the facilitator's review page)."""

    task: Task
    grade: str
    message: str
    hint: str = ""
    mistake: str = ""
    answer_text: str = ""


@dataclass(frozen=True)
class NotebookGrade:
    """One notebook's outcome.

    ``status``: ``ran``, ``timeout``, ``failed`` (kernel died or could not start), ``not
    graded`` (not an exercise notebook, unreadable) or ``interrupted`` (grading stopped first).
    """

    name: str
    trainee: str
    exercise: str | None
    seed: int | None = None
    status: str = "ran"
    detail: str = ""
    outcomes: tuple[TaskOutcome, ...] = field(default_factory=tuple)
    issued_seed: int | None = None

    @property
    def passed(self) -> int:
        """Tasks graded ``1``."""
        return sum(o.grade == "1" for o in self.outcomes)

    @property
    def auto_tasks(self) -> int:
        """Tasks a check judges (all but the open answers)."""
        return sum(not o.task.open_answer for o in self.outcomes)

    @property
    def for_review(self) -> int:
        """Open answers waiting for the facilitator."""
        return sum(o.grade == "review" for o in self.outcomes)

    def describe(self) -> str:
        """The status in words."""
        return f"{self.status}: {self.detail}" if self.detail else self.status


@dataclass(frozen=True)
class GradeReport:
    """The graded class: every notebook, and whether grading was interrupted."""

    out: Path
    grades: tuple[NotebookGrade, ...]
    interrupted: bool = False

    def summary(self) -> str:
        """A few lines for the command line."""
        graded = [g for g in self.grades if g.status != "interrupted"]
        lines = [f"Graded {len(graded)} notebook(s) into {self.out / 'summary.html'}"]
        if self.interrupted:
            lines[0] = f"Interrupted: {lines[0]}; {len(self.grades) - len(graded)} not graded"
        lines += [f"  {g.name}: {g.describe()}" for g in self.grades if g.status not in ("ran",)]
        return "\n".join(lines)


# --- who, which notebook, which parameters -------------------------------------------------


def trainee_of(relative: Path) -> str:
    """The trainee a collected notebook belongs to: its first sub-folder, or the file name's
    prefix before ``exNN`` (``ann_ex00_baseline.ipynb`` -> ``ann``), else the file name."""
    if len(relative.parts) > 1:
        return relative.parts[0]
    stem = relative.stem
    found = re.match(r"(.*?)[\s_.-]*ex\d\d(?:[_-]|$)", stem, re.IGNORECASE)
    prefix = found.group(1).strip(" _-.") if found else ""
    return prefix or stem


def notebook_parameters(content: Mapping[str, Any]) -> dict[str, Any]:
    """The literal values assigned in the notebook's ``parameters`` cell (as handed in)."""
    found: dict[str, Any] = {}
    for cell in content.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", []) if isinstance(cell, dict) else []
        if cell.get("cell_type") != "code" or "parameters" not in tags:
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return found
        for node in tree.body:
            target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = getattr(node, "value", None)
            if isinstance(target, ast.Name) and value is not None:
                with contextlib.suppress(ValueError, SyntaxError):
                    found[target.id] = ast.literal_eval(value)
    return found


def _seed(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _parameters(content: Mapping[str, Any], answers: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters as handed in, overridden by the kernel's values where plain."""
    params = notebook_parameters(content)
    for name in PARAMETERS:
        value = (answers or {}).get(name, MISSING)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            params[name] = value
    return params


# --- grading one notebook's answers -----------------------------------------------------


def _check_cells(content: Mapping[str, Any], tasks: Sequence[Task]) -> dict[str, int]:
    """task id -> the number (1-based) of the cell that calls its check."""
    found: dict[str, int] = {}
    for number, cell in enumerate(content.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        for entry in tasks:
            if entry.task_id not in found and re.search(rf"\b{entry.check_name}\s*\(", source):
                found[entry.task_id] = number
    return found


def _missing_answer(
    entry: Task,
    tasks: Sequence[Task],
    execution: Execution,
    cells: Mapping[str, int],
    assigned: Mapping[str, int],
) -> TaskOutcome:
    """Why a task's answer variable was never set: timeout, an error in its cells (an input
    from an earlier task missing, or its own), or the answer cell removed."""
    variable = entry.variable
    at = cells.get(entry.task_id)
    if execution.status == "timeout" and (at is None or (execution.stopped_at or 0) <= at):
        return TaskOutcome(
            entry,
            "timeout",
            f"Not reached: the notebook {execution.detail}, before `{variable}` was set.",
            "Look for a loop that never ends, or a very slow step, above this task.",
            "timeout",
        )
    if execution.status == "failed":
        return TaskOutcome(entry, "error", f"Not graded: {execution.detail}.", "", "kernel failure")
    index = [t.task_id for t in tasks].index(entry.task_id)
    start = max((cells.get(t.task_id, 0) for t in tasks[:index]), default=0)
    errors = [e for e in execution.errors if start < e.cell <= (at or 10**9)]
    if not errors:
        return TaskOutcome(
            entry,
            "blank",
            f"No answer: `{variable}` is not set anywhere in the notebook.",
            f"Keep the answer cell of this task and store your answer in `{variable}`.",
            BLANK,
        )
    first = errors[0]
    name = re.match(r"name '(\w+)' is not defined", first.evalue)
    if first.ename == "NameError" and name and name.group(1) in assigned:
        missing = name.group(1)
        owner = next((t for t in tasks if t.variable == missing), None)
        whose = f" (the answer of task {owner.number})" if owner else ""
        return TaskOutcome(
            entry,
            "error",
            f"Not graded: its inputs are missing. `{missing}`{whose}, set in cell "
            f"{assigned[missing]}, was never computed (an earlier cell raised an error), so "
            f"{first.describe()}.",
            "Fix the first error in the notebook, then run it again from the top.",
            "inputs missing",
        )
    return TaskOutcome(
        entry,
        "error",
        f"Not graded: `{variable}` was never set because {first.describe()}.",
        "Run the answer cell and read the error message: it names the line at fault.",
        "answer cell error",
    )


def _assignments(content: Mapping[str, Any]) -> dict[str, int]:
    """Name -> the first cell (1-based) that assigns it at the top level."""
    found: dict[str, int] = {}
    for number, cell in enumerate(content.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        for match in re.finditer(r"^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)", source, re.MULTILINE):
            found.setdefault(match.group(1), number)
    return found


def _call(check: Callable[..., Feedback], answer: object, org: object, context: dict) -> Feedback:
    accepted = inspect.signature(check).parameters
    extra = {k: v for k, v in context.items() if k in accepted}
    return check(answer, org, **extra)


def grade_answers(
    exercise: str,
    content: Mapping[str, Any],
    execution: Execution,
    *,
    organisation: Callable[[dict[str, Any]], object] | None = None,
) -> tuple[tuple[TaskOutcome, ...], int | None]:
    """Grade every task of ``exercise`` from the answers ``execution`` read back; return the
    outcomes and the trainee's seed. ``organisation`` builds the org from the parameters
    (default: :func:`vmo_lib.exercises.data.exercise_organisation`)."""
    tasks = exercise_tasks(exercise)
    module = exercise_module(exercise)
    answers = execution.answers or {}
    params = _parameters(content, execution.answers)
    seed = _seed(params.get("trainee_seed", 0))
    cells, assigned = _check_cells(content, tasks), _assignments(content)
    org, org_error = None, ""
    if execution.answers is not None:
        try:
            org = (organisation or _default_organisation)(params)
        except Exception as exc:
            org_error = f"{type(exc).__name__}: {exc}"[:300]
    context: dict[str, Any] = {"as_of": str(params.get("as_of", "2026-09-30"))}
    if org is not None and hasattr(module, "grading_context"):
        try:
            context.update(module.grading_context(org, params))
        except Exception as exc:
            org_error = f"{type(exc).__name__}: {exc}"[:300]
    outcomes = []
    for entry in tasks:
        answer = answers.get(entry.variable, MISSING)
        if execution.answers is None:
            grade = "timeout" if execution.status == "timeout" else "error"
            why = execution.detail or "its answers could not be read back from the kernel"
            outcomes.append(TaskOutcome(entry, grade, f"Not graded: the notebook {why}."))
            continue
        if answer is MISSING:
            outcomes.append(_missing_answer(entry, tasks, execution, cells, assigned))
            continue
        if org is None or org_error:
            outcomes.append(
                TaskOutcome(
                    entry,
                    "error",
                    f"Not graded: the organisation could not be built ({org_error}).",
                )
            )
            continue
        feedback = _call(getattr(module, entry.check_name), answer, org, context)
        text = answer if entry.open_answer and isinstance(answer, str) else ""
        outcomes.append(
            TaskOutcome(
                entry, feedback.grade, feedback.message, feedback.hint, feedback.mistake, text
            )
        )
    return tuple(outcomes), seed


def _default_organisation(params: Mapping[str, Any]) -> object:
    from vmo_lib.exercises.data import exercise_organisation

    seed = _seed(params.get("trainee_seed", 0))
    if seed is None:
        raise ValueError(f"trainee_seed is not a whole number: {params.get('trainee_seed')!r}")
    return exercise_organisation(str(params.get("data", "harbourline")), seed)


# --- the class --------------------------------------------------------------------------


def _notebooks(folder: Path, out: Path) -> list[Path]:
    skip = {out.resolve(), outdir.staging_path(out).resolve()}
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or any(s in path.resolve().parents for s in skip):
            continue
        found.append(path)
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "notebook"


async def _grade_one(
    path: Path, name: str, work: Path, timeout: float, slots: asyncio.Semaphore
) -> NotebookGrade:
    trainee = trainee_of(Path(name))
    try:
        content = read_notebook(path)
    except ValueError as exc:
        return NotebookGrade(name, trainee, None, status="not graded", detail=str(exc))
    exercise = exercise_of(content)
    if exercise is None or not exercise_tasks(exercise):
        return NotebookGrade(
            name, trainee, None, status="not graded", detail="not an exercise notebook"
        )
    names = [t.variable for t in exercise_tasks(exercise)] + list(PARAMETERS)
    async with slots:
        execution = await execute(content, names, timeout=timeout, workdir=work / _slug(name))
    outcomes, seed = grade_answers(exercise, content, execution)
    return NotebookGrade(
        name,
        trainee,
        exercise,
        seed,
        execution.status,
        execution.detail,
        outcomes,
        issued_seed(content),
    )


def issued_seed(content: Mapping[str, Any]) -> int | None:
    """The seed the notebook was handed out with (``vmo exercises build --roster``), if any."""
    from vmo_lib.exercises.roster import ISSUED_SEED_KEY

    metadata = content.get("metadata", {})
    vmo = metadata.get("vmo", {}) if isinstance(metadata, dict) else {}
    return _seed(vmo.get(ISSUED_SEED_KEY)) if isinstance(vmo, dict) else None


def _progress_line(done: int, total: int, grade: NotebookGrade) -> str:
    if grade.exercise is None or not grade.outcomes:
        return f"[{done}/{total}] {grade.name}: {grade.describe()}"
    review = f", {grade.for_review} for review" if grade.for_review else ""
    status = "" if grade.status == "ran" else f" ({grade.describe()})"
    return (
        f"[{done}/{total}] {grade.name}: {grade.passed} of {grade.auto_tasks} passed"
        f"{review}{status}"
    )


async def _grade_all(
    folder: Path,
    paths: Sequence[Path],
    work: Path,
    timeout: float,
    jobs: int,
    progress: bool,
) -> tuple[dict[str, NotebookGrade], bool]:
    """Grade ``paths`` ``jobs`` at a time; on SIGINT/SIGTERM cancel what is left and return
    what was graded, with ``True`` for interrupted."""
    slots = asyncio.Semaphore(jobs)
    loop = asyncio.get_running_loop()
    names = {path: path.relative_to(folder).as_posix() for path in paths}
    tasks = {
        asyncio.ensure_future(_grade_one(p, names[p], work, timeout, slots)): names[p]
        for p in paths
    }
    stop = asyncio.Event()
    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)
            installed.append(signum)
    done: dict[str, NotebookGrade] = {}
    stopper: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
    try:
        pending: set[asyncio.Future[Any]] = set(tasks)
        while pending:
            finished, pending = await asyncio.wait(
                pending | {stopper}, return_when=asyncio.FIRST_COMPLETED
            )
            pending.discard(stopper)
            for future in finished - {stopper}:
                grade: NotebookGrade = future.result()
                done[grade.name] = grade
                if progress:
                    print(_progress_line(len(done), len(paths), grade), file=sys.stderr)
            if stopper in finished:
                break
        interrupted = bool(pending)
        for future in pending:
            future.cancel()
        if pending:
            if progress:
                print("Stopping: shutting the kernels down...", file=sys.stderr)
            await asyncio.gather(*pending, return_exceptions=True)
        return done, interrupted
    finally:
        stopper.cancel()
        for signum in installed:
            loop.remove_signal_handler(signum)


def grade_folder(
    folder: Path,
    out: Path,
    *,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: bool = True,
) -> GradeReport:
    """Grade every notebook under ``folder`` and write the class summary into ``out``.

    Raises ``FileNotFoundError`` when ``folder`` is not a folder and
    :class:`~vmo_lib.pipeline.outdir.OutputFolderError` when ``out`` holds something else.
    A notebook that cannot be read, is not an exercise, fails or runs out of time is reported
    in the summary, never raised. Interrupted (Ctrl-C, SIGTERM), it still writes the summary
    of the notebooks graded so far and returns a report with ``interrupted`` set.
    """
    from vmo_lib.exercises.summary import write_summary

    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {folder}")
    if timeout <= 0:
        raise ValueError(f"the time limit must be positive, got {timeout}")
    outdir.check_replaceable(out)
    paths = _notebooks(folder, out)
    build = outdir.staging(out)
    try:
        work = build / ".work"
        results, interrupted = asyncio.run(
            _grade_all(folder, paths, work, timeout, max(1, jobs or 2), progress)
        )
        shutil.rmtree(work, ignore_errors=True)
        ordered = []
        for path in paths:
            name = path.relative_to(folder).as_posix()
            ordered.append(
                results.get(name)
                or NotebookGrade(
                    name,
                    trainee_of(Path(name)),
                    None,
                    status="interrupted",
                    detail="grading was stopped before this notebook",
                )
            )
        report = GradeReport(out, tuple(ordered), interrupted)
        write_summary(report, build, folder, timeout)
        manifest = {
            "kind": "vmo exercises grade",
            "folder": str(folder),
            "notebooks": len(ordered),
            "interrupted": interrupted,
            "timeout": timeout,
        }
        (build / outdir.MARKER).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    outdir.publish(build, out)
    return report
