"""The greedy curve many PPM tools call an efficient frontier, and its gap to the real one.

* :func:`greedy_frontier`: projects in descending value for the money, with cumulative cost and
  value - the "efficient frontier" chart of many tools. It is a ranking, not an optimisation:
  at a given budget it stops at the first project that no longer fits (budget left unspent
  that a smaller project could have used) and, apart from force-in / force-out lists, it
  ignores dependencies, exclusive options, balance rules and yearly budgets.
* :func:`frontier_gap`: at one budget, how much value the greedy curve leaves on the table
  against the optimal portfolio (:mod:`vmo_lib.portfolio.frontier`), which projects differ and
  which constraints the greedy set breaks, in one sentence.

>>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
>>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
>>> greedy_frontier(values, costs)["project"].tolist()  # 13.3, 12.5, 12.0 per unit of money
['C', 'B', 'A']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.display.tables import money_text, number_text
from vmo_lib.portfolio.funding.conflicts import minimal_conflict
from vmo_lib.portfolio.funding.fallback import broken_constraints
from vmo_lib.portfolio.funding.inputs import check_inputs
from vmo_lib.portfolio.funding.model import TOLERANCE, build_model
from vmo_lib.portfolio.funding.select import Selection, gap_text, optimise, summarise

__all__ = ["GREEDY_COLUMNS", "FrontierGap", "frontier_gap", "greedy_at", "greedy_frontier"]

GREEDY_COLUMNS = (
    "step",
    "project",
    "value",
    "cost",
    "value_per_cost",
    "cumulative_cost",
    "cumulative_value",
)


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
