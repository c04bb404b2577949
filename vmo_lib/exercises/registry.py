"""Every exercise's tasks, and the decorator that turns a function into a recorded check.

A check is a plain function ``check(answer, org) -> Feedback``. Decorated with :func:`task`,
it is listed under its exercise (so grading knows which tasks a notebook never reached), its
feedback is labelled with the task's title, and, inside a notebook kernel, the outcome is
stored with :func:`vmo_lib.notebook.record.record` under ``check:<exercise>:<task_id>``. The
grader reads those records from the executed notebook; nothing is parsed from HTML.

>>> @task("ex99_demo", "t1", "Say hello", "compute")
... def check_hello(answer, org=None):
...     return Feedback("", answer == "hello", "ok")
>>> check_hello("hello").task
'Say hello'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from vmo_lib.exercises.feedback import Feedback

__all__ = ["RECORD_PREFIX", "TASKS", "Task", "record_name", "task", "tasks_of"]

Level = Literal["compute", "interpret", "decide"]

#: Prefix of the recorded check outcomes in an executed notebook.
RECORD_PREFIX = "check:"


@dataclass(frozen=True)
class Task:
    """One task of an exercise: ``level`` is compute, interpret or decide."""

    exercise: str
    task_id: str
    title: str
    level: Level


#: exercise name -> its tasks, in the order their checks are defined.
TASKS: dict[str, list[Task]] = {}


def record_name(exercise: str, task_id: str) -> str:
    """The record name under which a check's outcome is stored."""
    return f"{RECORD_PREFIX}{exercise}:{task_id}"


def tasks_of(exercise: str) -> tuple[Task, ...]:
    """The tasks of ``exercise`` (its check module must have been imported)."""
    return tuple(TASKS.get(exercise, ()))


def task(
    exercise: str, task_id: str, title: str, level: Level
) -> Callable[[Callable[..., Feedback]], Callable[..., Feedback]]:
    """Register a check function as task ``task_id`` of ``exercise``."""
    entry = Task(exercise, task_id, title, level)
    listed = TASKS.setdefault(exercise, [])
    listed[:] = [t for t in listed if t.task_id != task_id] + [entry]

    def decorate(func: Callable[..., Feedback]) -> Callable[..., Feedback]:
        @functools.wraps(func)
        def check(*args: Any, **kwargs: Any) -> Feedback:
            feedback = replace(
                func(*args, **kwargs), task=title, exercise=exercise, task_id=task_id
            )
            _record(feedback)
            return feedback

        check.task = entry  # type: ignore[attr-defined]
        return check

    return decorate


def _record(feedback: Feedback) -> None:
    """Store the outcome in the notebook when running inside a kernel (not in plain Python)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the workbook
        return
    if get_ipython() is None:
        return
    from vmo_lib.notebook.record import record

    record(record_name(feedback.exercise, feedback.task_id), feedback.as_record())
