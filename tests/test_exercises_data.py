"""Trainee data that discriminates, over 200 seeds (no kernels).

For every seed, each task's typical wrong methods must give another answer than the right
one (else the check cannot tell them apart and passes the wrong method), and the right answer
of the neighbouring seed must not pass (else copying a neighbour works). The values compared
are the ones each check itself computes: the check's call to its judging helper
(``check_number``, ``check_series``, ``check_choice``, ``check_set``) is intercepted to read
the expected answer and the typical mistakes' answers, and each is then judged by the real
helper. Answers in words (never checked automatically) and the rewritten KPI of exercise 03
(judged by the review rules, not against one answer) are not concerned.
"""

from __future__ import annotations

import inspect
from collections import Counter

import pytest

from vmo_lib.exercises import choices, ex00, ex01, ex02, ex03, ex04, ex05, numbers
from vmo_lib.exercises.data import exercise_organisation
from vmo_lib.exercises.feedback import Feedback

MODULES = (ex00, ex01, ex02, ex03, ex04, ex05)
HELPERS = {
    "check_number": numbers.check_number,
    "check_series": numbers.check_series,
    "check_choice": choices.check_choice,
    "check_set": choices.check_set,
}
SEEDS = range(1, 201)
NOT_ONE_ANSWER = {("ex03_kpi_design", "t4_fix_kpi")}


def _capture(org):
    """(exercise, task) -> (helper name, expected, keyword arguments incl. mistakes)."""
    found, calls = {}, []

    def recorder(name):
        def record(answer, expected, **kwargs):
            calls.append((name, expected, kwargs))
            return Feedback("", False, "")

        return record

    saved = {(m, h): getattr(m, h) for m in MODULES for h in HELPERS if hasattr(m, h)}
    try:
        for module, helper in saved:
            setattr(module, helper, recorder(helper))
        for module in MODULES:
            context = {"budget": ex04.budget_of(org, 0.5), "as_of": "2026-09-30"}
            for name, check in vars(module).items():
                entry = getattr(check, "task", None)
                if not name.startswith("check_") or entry is None or entry.open_answer:
                    continue
                if (entry.exercise, entry.task_id) in NOT_ONE_ANSWER:
                    continue
                calls.clear()
                accepted = inspect.signature(check).parameters
                check(object(), org, **{k: v for k, v in context.items() if k in accepted})
                found[(entry.exercise, entry.task_id)] = calls[0] if calls else None
    finally:
        for (module, helper), original in saved.items():
            setattr(module, helper, original)
    return found


@pytest.fixture(scope="module")
def captured():
    return {seed: _capture(exercise_organisation(trainee_seed=seed)) for seed in (*SEEDS, 201)}


def _report(problems):
    counts = Counter(problem for _, problem in problems)
    return "\n".join(f"{n} seed(s): {p}" for p, n in counts.most_common())


def test_typical_wrong_methods_never_give_the_right_answer(captured):
    problems = []
    for seed in SEEDS:
        for (exercise, task_id), call in captured[seed].items():
            if call is None:
                problems.append((seed, f"{exercise} {task_id}: the check cannot run"))
                continue
            helper, expected, kwargs = call
            for mistake in kwargs.get("mistakes", ()):
                if mistake.value is None:
                    continue
                if HELPERS[helper](mistake.value, expected, **kwargs).passed:
                    problems.append((seed, f"{exercise} {task_id}: '{mistake.code}' passes"))
    assert not problems, _report(problems)


def test_a_neighbours_right_answer_does_not_pass(captured):
    problems = []
    for seed in SEEDS:
        for key, call in captured[seed].items():
            other = captured[seed + 1].get(key)
            if call is None or other is None:
                continue
            helper, expected, kwargs = call
            if HELPERS[helper](other[1], expected, **kwargs).passed:
                problems.append((seed, f"{key[0]} {key[1]}: seed + 1's answer passes"))
    assert not problems, _report(problems)
