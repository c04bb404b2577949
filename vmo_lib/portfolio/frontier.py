"""The efficient frontier of a portfolio, and the greedy curve many PPM tools draw instead.

* :func:`efficient_frontier`: for each budget of a sweep, the most valuable portfolio that fits
  it and every constraint (an exact :func:`~vmo_lib.portfolio.funding.select.select_projects`
  solve). No portfolio costing at most that budget is worth more: the true frontier.
* :func:`greedy_frontier`: projects in descending value for the money, with cumulative cost and
  value - the "efficient frontier" chart of many tools. It is a ranking, not an optimisation:
  at a given budget it stops at the first project that no longer fits (budget left unspent
  that a smaller project could have used) and, apart from force-in / force-out lists, it
  ignores dependencies, exclusive options, balance rules and yearly budgets.
* :func:`frontier_gap`: at one budget, how much value the greedy curve leaves on the table,
  which projects differ and which constraints the greedy set breaks, in one sentence.

The optimal frontier never lies below the greedy curve at any budget (the greedy prefix is
one of the portfolios the optimiser considers, when it meets the constraints) and never
falls as the budget grows, because a portfolio that fits a budget fits every larger one. The
one exception is a *minimum* share of the budget for a group (``group_share_bounds`` with the
default ``share_basis="budget"``): it grows with the budget, so a larger budget can force
spending on a group with little value, or become impossible to meet.

>>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
>>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
>>> greedy_frontier(values, costs)["project"].tolist()  # 13.3, 12.5, 12.0 per unit of money
['C', 'B', 'A']
>>> efficient_frontier(values, costs, [7, 9])["total_value"].tolist()
[90.0, 110.0]
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.display.tables import money_text, number_text
from vmo_lib.portfolio.funding.conflicts import minimal_conflict
from vmo_lib.portfolio.funding.fallback import broken_constraints, greedy_portfolio
from vmo_lib.portfolio.funding.inputs import (
    SelectionInputError,
    budget_problems,
    check_inputs,
)
from vmo_lib.portfolio.funding.model import TOLERANCE, build_model
from vmo_lib.portfolio.funding.select import (
    Selection,
    SolveClock,
    Solved,
    gap_text,
    optimise,
    status_text,
    summarise,
)

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
GREEDY_COLUMNS = (
    "step",
    "project",
    "value",
    "cost",
    "value_per_cost",
    "cumulative_cost",
    "cumulative_value",
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
    rows = []
    for budget in sorted(found):
        solved = found[budget]
        if solved is None:
            rows.append((budget, np.nan, np.nan, 0, (), False, "infeasible", np.nan))
            continue
        x = solved.x
        value, cost = float(spec.values[x].sum()), float(spec.costs[x].sum())
        rows.append((budget, value, cost, int(x.sum()), tuple(spec.ids[x]), True))
        rows[-1] += (solved.status, solved.gap)
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


def proof_note_html(selection: Selection, frontier: pd.DataFrame) -> str:
    """A paragraph (HTML, escaped) saying how far the funded set and the frontier are proven:
    "optimal", or within how much of the best possible, found in the time limit."""
    text = (
        f"How exact: the recommended funded set is {status_text(selection)}. "
        f"{frontier_status_text(frontier)}"
    )
    return f"<p>{html.escape(text)}</p>"


def greedy_frontier(
    values: pd.Series,
    costs: pd.Series,
    *,
    must_fund: Iterable[Hashable] = (),
    must_not_fund: Iterable[Hashable] = (),
) -> pd.DataFrame:
    """Projects in descending value for the money, with cumulative cost (money) and value.

    Columns ``step`` (1, 2, ...), ``project``, ``value``, ``cost``, ``value_per_cost`` (value
    per unit of money; infinite for a free project of positive value), ``cumulative_cost`` and
    ``cumulative_value``. Ties in value per cost keep the input order, so the curve is the
    same on every run. As in the tools that draw this curve, the only constraints honoured are
    force-in and force-out: ``must_fund`` projects come first (in value-per-cost order) and
    ``must_not_fund`` projects are left out; dependencies, exclusive options, balance rules and
    yearly budgets are ignored.
    """
    spec = check_inputs(
        values, costs, 0.0, check_budget=False, must_fund=must_fund, must_not_fund=must_not_fund
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(spec.costs > 0, spec.values / spec.costs, np.sign(spec.values) * np.inf)
    ratio = np.nan_to_num(ratio, nan=0.0, posinf=np.inf, neginf=-np.inf)
    forced = np.isin(np.arange(len(ratio)), spec.must_fund)
    order = np.lexsort((np.arange(len(ratio)), -ratio, ~forced))  # last key sorts first
    order = order[~np.isin(order, spec.must_not_fund)]
    return pd.DataFrame(
        {
            "step": np.arange(1, len(order) + 1),
            "project": spec.ids[order],
            "value": spec.values[order],
            "cost": spec.costs[order],
            "value_per_cost": ratio[order],
            "cumulative_cost": np.cumsum(spec.costs[order]),
            "cumulative_value": np.cumsum(spec.values[order]),
        },
        columns=list(GREEDY_COLUMNS),
    )


def greedy_at(greedy: pd.DataFrame, budget: float) -> pd.DataFrame:
    """The rows of a :func:`greedy_frontier` the curve funds at ``budget``: the longest prefix
    whose cumulative cost fits (it stops at the first project that does not fit)."""
    fits = greedy["cumulative_cost"].to_numpy() <= budget * (1 + TOLERANCE)
    stop = int(np.argmin(fits)) if not fits.all() else len(fits)
    return greedy.iloc[:stop]


@dataclass(frozen=True, eq=False)
class FrontierGap:
    """The optimal portfolio against the greedy curve at one budget (money in currency units).

    ``value_gap`` = optimal minus greedy value (>= 0 when the greedy set meets the
    constraints), ``value_gap_share`` the same as a share of the greedy value.
    ``only_optimal`` / ``only_greedy``: ids funded by one and not the other (input order).
    ``greedy_breaks``: the constraints the greedy set does not meet (plain text).
    ``explanation``: the comparison in plain language.
    """

    budget: float
    optimal: Selection
    greedy_selected: tuple[Hashable, ...]
    greedy_value: float
    greedy_cost: float
    value_gap: float
    value_gap_share: float
    only_optimal: tuple[Hashable, ...]
    only_greedy: tuple[Hashable, ...]
    greedy_breaks: tuple[str, ...]
    explanation: str


def frontier_gap(
    values: pd.Series, costs: pd.Series, budget: float, **constraints: Any
) -> FrontierGap:
    """How the greedy value-per-cost curve and the optimal portfolio differ at ``budget``.

    ``constraints``: those of :func:`~vmo_lib.portfolio.select_projects` (``prefer_cheaper``
    and ``time_limit`` included); ``optimal=`` a :class:`Selection` already solved at this
    budget with the same constraints, reused instead of solving again.

    >>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
    >>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
    >>> gap = frontier_gap(values, costs, 8)
    >>> gap.greedy_selected, gap.optimal.selected, gap.value_gap
    (('B', 'C'), ('A', 'C'), 10.0)
    """
    prefer_cheaper = constraints.pop("prefer_cheaper", False)
    time_limit = constraints.pop("time_limit", None)
    optimal = constraints.pop("optimal", None)
    spec = check_inputs(values, costs, budget, **constraints)
    model = build_model(spec, float(budget))
    if optimal is None:
        solved = optimise(model, prefer_cheaper, time_limit=time_limit)
        if solved is None:
            raise minimal_conflict(model)
        optimal = summarise(model, solved)
    x = optimal.funded.reindex(spec.ids).fillna(False).to_numpy(bool)
    forced = {k: constraints.get(k, ()) for k in ("must_fund", "must_not_fund")}
    curve = greedy_frontier(values, costs, **forced)
    steps = greedy_at(curve, budget)
    chosen = set(steps["project"])
    greedy = np.array([i in chosen for i in spec.ids])
    greedy_value, greedy_cost = float(spec.values[greedy].sum()), float(spec.costs[greedy].sum())
    gap = optimal.total_value - greedy_value
    share = gap / greedy_value if greedy_value > 0 else np.nan
    only_optimal = tuple(spec.ids[x & ~greedy])
    only_greedy = tuple(spec.ids[greedy & ~x])
    breaks = broken_constraints(model, greedy)
    stopper = None
    if len(steps) < len(curve):
        stopper = spec.ids.get_loc(curve["project"].iloc[len(steps)])
    text = _explain(spec, budget, optimal, greedy, stopper, gap, share, breaks)
    return FrontierGap(
        budget=float(budget),
        optimal=optimal,
        greedy_selected=tuple(spec.ids[greedy]),
        greedy_value=greedy_value,
        greedy_cost=greedy_cost,
        value_gap=gap,
        value_gap_share=share,
        only_optimal=only_optimal,
        only_greedy=only_greedy,
        greedy_breaks=breaks,
        explanation=text,
    )


def _explain(spec, budget, optimal, greedy, stopper, gap, share, breaks) -> str:
    greedy_cost = spec.costs[greedy].sum()
    text = (
        f"At a budget of {money_text(budget)}, the value-per-cost curve funds the "
        f"{int(greedy.sum())} projects with the best value for the money"
    )
    if len(spec.must_fund):
        text += " (must-fund projects first)"
    if stopper is not None:
        text += (
            f" and stops at {spec.ids[stopper]!r} ({money_text(spec.costs[stopper])}), the "
            "first that no longer fits"
        )
    text += (
        f": value {number_text(spec.values[greedy].sum())} for {money_text(greedy_cost)}, "
        f"{money_text(budget - greedy_cost)} unspent. The optimiser funds "
        f"{optimal.n_selected} projects: value {number_text(optimal.total_value)} for "
        f"{money_text(optimal.total_cost)}"
    )
    if abs(gap) <= TOLERANCE * (1 + abs(optimal.total_value)):
        text += ", the same value."
    else:
        more = "more" if gap > 0 else "less"
        text += f", {number_text(abs(gap))} {more}"
        text += f" ({gap_text(abs(share))})." if np.isfinite(share) else "."
    if breaks:
        text += (
            f" The curve ignores the constraints: its set breaks {len(breaks)} of them "
            f"({'; '.join(breaks[:3])}{'; ...' if len(breaks) > 3 else ''})."
        )
    return text
