"""The efficient frontier of a portfolio: the most value any portfolio buys at each budget.

* :func:`efficient_frontier`: for each budget of a sweep, the most valuable portfolio that fits
  it and every constraint (an exact :func:`~vmo_lib.portfolio.funding.select.select_projects`
  solve). No portfolio costing at most that budget is worth more: the true frontier.
* :func:`sweep_budgets`: the budgets to solve, an even grid plus the steps of the greedy curve
  (:mod:`vmo_lib.portfolio.greedy`, the curve many PPM tools draw instead);
* :func:`frontier_status_text`: how far the points are proven, in a sentence.

The optimal frontier never lies below the greedy curve at any budget (the greedy prefix is
one of the portfolios the optimiser considers, when it meets the constraints) and never
falls as the budget grows, because a portfolio that fits a budget fits every larger one. The
one exception is a *minimum* share of the budget for a group (``group_share_bounds`` with the
default ``share_basis="budget"``): it grows with the budget, so a larger budget can force
spending on a group with little value, or become impossible to meet.

>>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
>>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
>>> efficient_frontier(values, costs, [7, 9])["total_value"].tolist()
[90.0, 110.0]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.portfolio.funding.fallback import greedy_portfolio
from vmo_lib.portfolio.funding.inputs import (
    SelectionInputError,
    budget_problems,
    check_inputs,
)
from vmo_lib.portfolio.funding.model import build_model
from vmo_lib.portfolio.funding.select import (
    SolveClock,
    Solved,
    optimise,
    status_text,
)

__all__ = ["FRONTIER_COLUMNS", "efficient_frontier", "frontier_status_text", "sweep_budgets"]

FRONTIER_COLUMNS = (
    "budget",
    "total_value",
    "total_cost",
    "n_selected",
    "selected",
    "feasible",
    "status",
    "gap",
)


def efficient_frontier(
    values: pd.Series,
    costs: pd.Series,
    budgets: Iterable[float],
    *,
    prefer_cheaper: bool = False,
    refine: int = 0,
    time_limit: float | None = None,
    total_time: float | None = None,
    **constraints: Any,
) -> pd.DataFrame:
    """Optimal portfolio value at each budget (money), with any constraint of ``select_projects``.

    One row per distinct budget, ascending: ``budget``, ``total_value``, ``total_cost``,
    ``n_selected``, ``selected`` (tuple of ids), ``feasible`` (False where no portfolio
    meets the constraints at that budget - e.g. below the cost of the must-fund projects;
    value and cost are then NaN), ``status`` and ``gap`` (as for
    :class:`~vmo_lib.portfolio.funding.select.Selection`: ``"optimal"`` with gap 0, ``"time
    limit"`` within ``gap`` of the best possible, or ``"fallback"``; ``time_limit`` is in
    seconds per solve).

    Work is reused. The inputs are checked and the model built once. Budgets are solved from
    the largest down and a portfolio is reused, without solving, at every smaller budget it
    still fits: an optimum stays optimal there because the smaller budget's portfolios are a
    subset of the larger one's. That holds unless group shares are shares of the budget
    (``share_basis="budget"``, the default, with ``group_share_bounds``), whose limits move
    with the budget; then every budget is solved. Each solve starts from the portfolio of
    the next larger budget, repaired to fit (HiGHS's incumbent from the first moment).
    ``refine``: after the budgets given (a coarse pass), up to that many more budgets, each
    halving the interval where the frontier rises most, so the points go where the curve
    moves. ``total_time``: seconds for the whole sweep (None: no limit); each solve then gets
    at most its share of the time left (and never more than ``time_limit``), so a large
    portfolio's frontier ends in time with each point's gap stated.
    """
    spec = check_inputs(values, costs, 0.0, check_budget=False, **constraints)
    amounts = list(budgets)
    problems = [p for i, b in enumerate(amounts) for p in budget_problems(b, f"budgets[{i}]")]
    if problems:
        raise SelectionInputError(problems)
    if refine < 0:
        raise SelectionInputError([f"refine: must be 0 or more, got {refine!r}"])
    nested = not (spec.share_bounds and spec.share_basis == "budget")
    found: dict[float, Solved | None] = {}
    clock = SolveClock(time_limit, total_time, len(set(map(float, amounts))) + refine)

    def solve_at(budget: float, larger: Solved | None) -> None:
        model = build_model(spec, budget)
        if (
            nested
            and larger is not None
            and larger.status != "fallback"
            and spec.costs[larger.x].sum() <= budget
        ):
            found[budget] = larger
            return
        start = greedy_portfolio(model, None if larger is None else larger.x)
        with clock.solve() as limit:
            found[budget] = optimise(model, prefer_cheaper, time_limit=limit, start=start)

    previous = None
    for budget in sorted({float(b) for b in amounts}, reverse=True):
        solve_at(budget, previous)
        previous = found[budget] or previous
    clock.planned = len(found) + refine
    for _ in range(refine):
        middle = _widest_rise(found, spec.values)
        if middle is None:
            break
        budget, larger = middle
        solve_at(budget, larger)
    rows: list[tuple[Any, ...]] = []
    for budget in sorted(found):
        solved = found[budget]
        if solved is None:
            rows.append((budget, np.nan, np.nan, 0, (), False, "infeasible", np.nan))
            continue
        x = solved.x
        value, cost = float(spec.values[x].sum()), float(spec.costs[x].sum())
        ids = tuple(spec.ids[x])
        rows.append((budget, value, cost, int(x.sum()), ids, True, solved.status, solved.gap))
    frame = pd.DataFrame(rows, columns=list(FRONTIER_COLUMNS))
    numbers = {"budget": float, "total_value": float, "total_cost": float, "gap": float}
    return frame.astype({**numbers, "n_selected": int, "feasible": bool})


def _widest_rise(
    found: dict[float, Solved | None], values: np.ndarray
) -> tuple[float, Solved] | None:
    """The middle of the interval between solved budgets where the value rises most, with
    the portfolio at its upper end; None when the curve is flat everywhere."""
    solved = sorted((b, s) for b, s in found.items() if s is not None)
    best, pick = 0.0, None
    for (low, at_low), (high, at_high) in itertools.pairwise(solved):
        rise = float(values[at_high.x].sum() - values[at_low.x].sum())
        middle = (low + high) / 2
        if rise > best and middle not in found and high - low > 1e-9 * (1 + high):
            best, pick = rise, (middle, at_high)
    return pick


def sweep_budgets(
    costs: pd.Series,
    greedy: pd.DataFrame | None = None,
    *,
    points: int = 41,
    greedy_steps_up_to: int = 100,
) -> np.ndarray:
    """Budgets for a frontier (currency): ``points`` evenly spaced from 0 to the cost of
    everything, plus every step of the greedy curve when it has at most
    ``greedy_steps_up_to`` steps (so the two curves are compared where the greedy one
    changes). A larger portfolio gets the even grid only (a coarse pass, for
    :func:`efficient_frontier` ``refine``), not one solve per project.

    >>> sweep_budgets(pd.Series([1.0, 3.0]), points=5).tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0]
    """
    grid = np.linspace(0.0, float(costs.sum()), points)
    if greedy is not None and len(greedy) <= greedy_steps_up_to:
        grid = np.concatenate([grid, greedy["cumulative_cost"].to_numpy(float)])
    return np.unique(grid)


def frontier_status_text(frontier: pd.DataFrame) -> str:
    """How far the frontier's points are proven, in a sentence for a handout.

    >>> table = pd.DataFrame({"feasible": [True, True], "status": ["optimal", "time limit"],
    ...                       "gap": [0.0, 0.003]})
    >>> frontier_status_text(table).split(", found")[0]
    'Of the 2 budgets solved, 1 is optimal and 1 within 0.3% of the best possible'
    """
    solved = frontier[frontier["feasible"]]
    counts = solved["status"].value_counts()
    total = len(solved)
    if total == 0:
        return "No budget of the sweep admits a portfolio meeting the constraints."
    if counts.get("optimal", 0) == total:
        return f"Every point of the frontier is optimal ({total} budgets solved)."
    parts = [
        f"{counts.get('optimal', 0)} {'is' if counts.get('optimal', 0) == 1 else 'are'} optimal"
    ]
    late = solved[solved["status"] == "time limit"]
    if len(late):
        parts.append(f"{len(late)} {status_text('time limit', float(late['gap'].max()))}")
    fallback = solved[solved["status"] == "fallback"]
    if len(fallback):
        parts.append(
            f"{len(fallback)} a fallback portfolio (a greedy one repaired to meet the "
            "constraints; the solver failed or found nothing in the time limit)"
        )
    return f"Of the {total} budgets solved, " + " and ".join(parts) + "."
