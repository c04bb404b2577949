"""Every exercise's tasks, the decorator that turns a function into a fail-safe check, and the
two-level hints a trainee asks for.

A check is a plain function ``check(answer, org, ...) -> Feedback``. Decorated with
:func:`task`, it is listed under its exercise with the variable that holds the answer (so the
grader knows what to read from a trainee's kernel), its feedback is labelled with the task's
title, and any exception inside it becomes feedback instead of a traceback. Nothing is
recorded in the notebook: the grader runs the checks itself on the trainee's values
(:mod:`vmo_lib.exercises.grade`), so nothing a notebook prints can change a grade.

>>> @task("ex99_demo", "t1", "Say hello", "compute", variable="greeting",
...       hints=("Who are you greeting?", "Write the word in quotes."))
... def check_hello(answer, org=None):
...     return Feedback("", answer == "hello", "ok")
>>> check_hello("hello").task
'Say hello'
>>> check_hello(object.__new__(type("Odd", (), {"__eq__": lambda s, o: 1 / 0}))).grade
'error'
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from vmo_lib.exercises.feedback import CHECK_ERROR, Feedback, describe_value

__all__ = ["TASKS", "Hint", "Task", "hint_for", "reset_hints", "task", "tasks_of"]

Level = Literal["compute", "interpret", "decide"]


@dataclass(frozen=True)
class Task:
    """One task of an exercise.

    ``level`` is compute, interpret or decide; ``variable`` the name the trainee stores the
    answer in; ``open_answer`` marks a question in words (read by the facilitator, never
    passed automatically); ``hints`` a nudge, then the method (never the answer);
    ``check_name`` the check function's name as called in the notebook.
    """

    exercise: str
    task_id: str
    title: str
    level: Level
    variable: str = ""
    open_answer: bool = False
    hints: tuple[str, ...] = ()
    check_name: str = ""

    @property
    def number(self) -> int:
        """The task's number (1 for ``t1_cpi``), as in its title and the gradebook column."""
        found = re.match(r"t(\d+)", self.task_id)
        return int(found.group(1)) if found else 0

    @property
    def column(self) -> str:
        """The gradebook column: ``ex00:1``."""
        return f"{self.exercise[:4]}:{self.number}"


#: exercise name -> its tasks, in the order their checks are defined.
TASKS: dict[str, list[Task]] = {}


def tasks_of(exercise: str) -> tuple[Task, ...]:
    """The tasks of ``exercise`` (its check module must have been imported)."""
    return tuple(TASKS.get(exercise, ()))


def _fail_safe(title: str, func: Callable[..., Feedback], *args: Any, **kwargs: Any) -> Feedback:
    try:
        return func(*args, **kwargs)
    except Exception as exc:
        answer = args[0] if args else kwargs.get("answer")
        try:
            kind = describe_value(answer)
        except Exception:
            kind = "this answer"
        return Feedback(
            title,
            False,
            f"The check could not judge {kind}: {type(exc).__name__}: {str(exc)[:200]}",
            "Check that your answer has the form the task asks for (one number, a Series "
            "indexed by identifier, a list of identifiers, or text), then run the check again.",
            mistake=CHECK_ERROR,
        )


def task(
    exercise: str,
    task_id: str,
    title: str,
    level: Level,
    *,
    variable: str = "",
    open_answer: bool = False,
    hints: tuple[str, ...] = (),
) -> Callable[[Callable[..., Feedback]], Callable[..., Feedback]]:
    """Register a check function as task ``task_id`` of ``exercise`` (see module doc)."""

    def decorate(func: Callable[..., Feedback]) -> Callable[..., Feedback]:
        entry = Task(
            exercise, task_id, title, level, variable, open_answer, tuple(hints), func.__name__
        )
        listed = TASKS.setdefault(exercise, [])
        listed[:] = [t for t in listed if t.task_id != task_id] + [entry]

        @functools.wraps(func)
        def check(*args: Any, **kwargs: Any) -> Feedback:
            feedback = _fail_safe(title, func, *args, **kwargs)
            return replace(feedback, task=title, exercise=exercise, task_id=task_id)

        check.task = entry  # type: ignore[attr-defined]
        return check

    return decorate


@dataclass(frozen=True)
class Hint:
    """A hint shown on request: ``level`` 1 is a nudge, 2 the method; never the answer."""

    task: str
    level: int
    levels: int
    text: str

    def to_text(self) -> str:
        """The hint as plain text."""
        more = " Ask again for the method." if self.level < self.levels else ""
        return f"Hint {self.level} of {self.levels} · {self.task}: {self.text}{more}"

    def _repr_html_(self) -> str:
        more = (
            "<br><small>Not enough? Ask again for the method.</small>"
            if self.level < self.levels
            else ""
        )
        return (
            '<div class="vmo-hint" style="border-left:6px solid #E69F00;padding:0.4em 0.8em;'
            f'margin:0.4em 0;background:#fffaf0"><strong>Hint {self.level} of {self.levels}'
            f"</strong> · <strong>{html.escape(self.task)}</strong><p style='margin:0.3em 0'>"
            f"{html.escape(self.text)}</p>{more}</div>"
        )

    def __str__(self) -> str:
        return self.to_text()


#: (exercise, task_id) -> how many hints were shown in this kernel.
_SHOWN: dict[tuple[str, str], int] = {}


def _find(exercise: str, which: object) -> Task:
    tasks = tasks_of(exercise)
    key = str(which).strip().casefold()
    for entry in tasks:
        names = {entry.task_id.casefold(), str(entry.number), entry.variable.casefold()}
        names.add(entry.task_id.split("_", 1)[0].casefold())
        if key in names or key == f"task {entry.number}":
            return entry
    listed = ", ".join(f'"{t.task_id.split("_", 1)[0]}" ({t.title})' for t in tasks)
    raise ValueError(f"no task {which!r} in {exercise}; ask for one of: {listed}")


def hint_for(exercise: str, which: object, *, level: int | None = None) -> Hint:
    """The next hint on task ``which`` (its number, ``"t2"``, its id or its answer variable):
    the nudge the first time, the method the second and after. ``level`` asks for one."""
    entry = _find(exercise, which)
    hints = entry.hints or ("Read the task again: which table and which columns does it name?",)
    key = (exercise, entry.task_id)
    shown = _SHOWN.get(key, 0) + 1 if level is None else level
    shown = max(1, min(shown, len(hints)))
    _SHOWN[key] = shown
    return Hint(entry.title, shown, len(hints), hints[shown - 1])


def reset_hints() -> None:
    """Forget which hints were shown (the next request on every task is a nudge again)."""
    _SHOWN.clear()
