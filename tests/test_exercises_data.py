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
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

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
#: The fast lane's seeds: both parities, small and large, in runs of neighbours (16
#: organisations with the seeds after them, about 15 s on two idle cores).
SAMPLE = (1, 2, 3, 4, 5, 6, 57, 58, 123, 124, 199, 200)
NOT_ONE_ANSWER = {("ex03_kpi_design", "t4_fix_kpi")}
#: Known gaps, measured over these 200 seeds: a typical mistake that still gives the right
#: answer, or a neighbour's answer that still passes, on some seeds, with the most seeds it
#: may happen on. Anything else, or on more seeds, fails the tests. :mod:`vmo_lib.exercises.
#: tuning` closes every gap it can without making the organisation implausible; these remain.
KNOWN = {
    # A neighbour's answer that is a share or a number within the check's tolerance by
    # chance (the on-budget share is a small count over a small count, so two seeds can
    # share one); not tuned.
    "ex00_baseline t3_on_budget: seed + 1's answer passes": 4,
    "ex05_value_realization t1_index: seed + 1's answer passes": 1,
    "ex03_kpi_design t2_no_owner: seed + 1's answer passes": 1,
    "ex02_value_drivers t2_consistency: seed + 1's answer passes": 1,
    # The weakest programme follows the seed's parity among all programmes, and the one
    # furthest behind in money gets a larger plan to date; on a few seeds the later edits of
    # the realisation data (the lowest-index benefit, a quarter apart) undo one of the two.
    # Not yet investigated seed by seed.
    "ex05_value_realization t4_programme: seed + 1's answer passes": 3,
    "ex05_value_realization t4_programme: 'money, not index' passes": 1,
    # The knapsack trap re-prices at most two projects not started, by 0.5-3 times, within
    # 40% of the budget; on these seeds no such price makes greedy by value per cost miss.
    "ex04_portfolio_reranking t3_selection: 'value per unit of cost, greedily' passes": 2,
    # A few seeds where a mistake's answer lands on the right one by chance (not tuned).
    "ex05_value_realization t2_furthest_behind: 'a quarter off' passes": 3,
    "ex05_value_realization t1_index: 'average of ratios' passes": 1,
    "ex04_portfolio_reranking t4_forced: 'the project's own value' passes": 1,
    "ex01_gap_analysis t2_largest_gap: 'gap to stated targets' passes": 1,
}


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


def _captured_seed(seed):
    return seed, _capture(exercise_organisation(trainee_seed=seed))


def _capture_all(seeds):
    """Seed -> :func:`_capture`, for ``seeds`` and each one's next seed, in two processes."""
    wanted = sorted({*seeds, *(s + 1 for s in seeds)})
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        return dict(pool.map(_captured_seed, wanted, chunksize=4))


@pytest.fixture(scope="module")
def sample():
    return _capture_all(SAMPLE)


@pytest.fixture(scope="module")
def captured():
    return _capture_all(SEEDS)


def _unexpected(problems):
    """The problems beyond the known gaps, as a report (empty when none)."""
    counts = Counter(problem for _, problem in problems)
    over = {p: n for p, n in counts.items() if n > KNOWN.get(p, 0)}
    return "\n".join(f"{n} seed(s): {p}" for p, n in sorted(over.items(), key=lambda x: -x[1]))


def _wrong_methods_passing(captured, seeds):
    problems = []
    for seed in seeds:
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
    return problems


def _neighbours_passing(captured, seeds):
    problems = []
    for seed in seeds:
        for key, call in captured[seed].items():
            other = captured[seed + 1].get(key)
            if call is None or other is None:
                continue
            helper, expected, kwargs = call
            if HELPERS[helper](other[1], expected, **kwargs).passed:
                problems.append((seed, f"{key[0]} {key[1]}: seed + 1's answer passes"))
    return problems


def test_typical_wrong_methods_never_give_the_right_answer_on_a_sample(sample):
    report = _unexpected(_wrong_methods_passing(sample, SAMPLE))
    assert not report, report


def test_a_neighbours_right_answer_does_not_pass_on_a_sample(sample):
    report = _unexpected(_neighbours_passing(sample, SAMPLE))
    assert not report, report


@pytest.mark.slow
def test_typical_wrong_methods_never_give_the_right_answer(captured):
    report = _unexpected(_wrong_methods_passing(captured, SEEDS))
    assert not report, report


@pytest.mark.slow
def test_a_neighbours_right_answer_does_not_pass(captured):
    report = _unexpected(_neighbours_passing(captured, SEEDS))
    assert not report, report
