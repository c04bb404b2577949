"""Which projects to fund: the exact value-maximising portfolio within a budget and constraints.

:func:`select_projects` solves the 0/1 knapsack problem with side constraints that PPM tools
call "portfolio optimisation": choose the funded set with the largest total value whose total
cost fits the budget, honouring force-in / force-out lists, dependencies, mutually exclusive
options, the strategic balance between programmes and per-year budgets. It is an integer
programme solved to proven optimality (HiGHS, through its ``highspy`` package; optimality gap
0), not a ranking cut-off: funding projects in value-per-cost order can leave budget unused or
break a dependency (see :mod:`vmo_lib.portfolio.frontier`).

Decisions worth knowing:

* **Strategic balance shares** are shares of the *budget* by default
  (``share_basis="budget"``: "Digital gets 20-35% of the envelope", so a minimum forces spend
  even when the rest of the budget is unused). ``share_basis="funded"`` makes them shares of
  the funded total instead (the mix of the chosen portfolio, whatever it costs).
* **Ties** between portfolios of equal (maximal) value are resolved by HiGHS, deterministically
  (same inputs, same answer). ``prefer_cheaper=True`` returns the cheapest of them instead; it
  costs a second solve (about 2-3 times the time), so it is off by default.
* **Values** may be any score (negative values are allowed: such a project is funded only when
  a constraint forces it). Costs and yearly costs are EUR and must be >= 0.
* **Infeasible** constraints raise :class:`InfeasibleSelection` naming a minimal set of
  constraints that conflict (see :mod:`vmo_lib.portfolio.selection_conflicts`); unusable inputs
  raise :class:`SelectionInputError` listing every problem.

Example:

>>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
>>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
>>> pick = select_projects(values, costs, budget=8, requires=[("C", "A")])
>>> pick.selected, pick.total_value, pick.total_cost
(('A', 'C'), 100.0, 8.0)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.portfolio.selection_conflicts import InfeasibleSelection, minimal_conflict
from vmo_lib.portfolio.selection_inputs import (
    SelectionInputError,
    ShareBasis,
    check_inputs,
)
from vmo_lib.portfolio.selection_model import (
    TOLERANCE,
    Constraint,
    SelectionModel,
    build_model,
    solve,
)

__all__ = [
    "Constraint",
    "InfeasibleSelection",
    "Selection",
    "SelectionInputError",
    "select_projects",
]

_LIMIT_KINDS = ("budget", "group_min", "group_max", "yearly_budget")


@dataclass(frozen=True, eq=False)
class Selection:
    """An optimal funded set and how it uses the limits (money in EUR).

    ``selected``: funded project ids in the order of the input ``values``; ``funded``: the same
    as a bool Series over every project. ``limits`` has one row per budget-like constraint
    (budget, group minimum / maximum, yearly budget) with columns ``constraint`` (plain text),
    ``kind``, ``limit``, ``used``, ``slack`` (EUR left before the limit; for a minimum, EUR
    above it) and ``binding``: the limit blocks every single change in its direction - for a
    ceiling, none of the projects left out (and not excluded) would fit under it; for a
    floor, dropping any funded project (not must-fund) would break it. ``spend_by_group`` and
    ``spend_by_year`` give the funded cost per group and per budgeted year (empty when not
    used).
    """

    selected: tuple[Hashable, ...]
    total_value: float
    total_cost: float
    budget: float
    funded: pd.Series
    limits: pd.DataFrame
    spend_by_group: pd.Series
    spend_by_year: pd.Series
    share_basis: ShareBasis

    @property
    def n_selected(self) -> int:
        """Number of funded projects."""
        return len(self.selected)

    @property
    def budget_left(self) -> float:
        """Budget not spent (EUR)."""
        return self.budget - self.total_cost

    @property
    def binding(self) -> tuple[str, ...]:
        """Plain-language names of the binding limits (see ``limits``)."""
        return tuple(self.limits.loc[self.limits["binding"], "constraint"])


def optimise(model: SelectionModel, prefer_cheaper: bool = False) -> np.ndarray | None:
    """Funded mask of the most valuable feasible portfolio, or None when there is none.

    With ``prefer_cheaper``, a second solve minimises cost among portfolios of that value.
    """
    x = solve(model)
    if x is None or not prefer_cheaper:
        return x
    values, costs = model.spec.values, model.spec.costs
    best, tolerance = values[x].sum(), TOLERANCE * (1.0 + np.abs(values).sum())
    cheaper = solve(model, objective=costs, at_least=(values, best - tolerance))
    if (
        cheaper is not None
        and values[cheaper].sum() >= best - tolerance
        and costs[cheaper].sum() < costs[x].sum()
    ):
        return cheaper
    return x


def summarise(model: SelectionModel, x: np.ndarray) -> Selection:
    """The :class:`Selection` for the funded mask ``x`` of ``model``."""
    spec = model.spec
    total_cost = float(spec.costs[x].sum())
    groups = pd.Series(spec.costs * x, index=spec.ids).groupby(
        pd.Series(spec.group_of, index=spec.ids), sort=False
    )
    has_groups = any(g is not None for g in spec.group_of)
    by_year = pd.Series(spec.yearly_costs[x].sum(axis=0), index=list(spec.years), dtype=float)
    return Selection(
        selected=tuple(spec.ids[x]),
        total_value=float(spec.values[x].sum()),
        total_cost=total_cost,
        budget=model.budget,
        funded=pd.Series(x, index=spec.ids, name="funded"),
        limits=_limits(model, x, total_cost),
        spend_by_group=groups.sum().astype(float) if has_groups else _empty(),
        spend_by_year=by_year,
        share_basis=spec.share_basis,
    )


def _empty() -> pd.Series:
    return pd.Series(dtype=float)


def _limits(model: SelectionModel, x: np.ndarray, total_cost: float) -> pd.DataFrame:
    spec, activity = model.spec, model.matrix @ x.astype(float)
    fixed = np.zeros(len(x), bool)
    fixed[model.fixed] = True  # must (not) fund: never part of a single change
    kinds = np.array([model.constraints[o].kind for o in model.row_owner], dtype=object)
    rows = np.flatnonzero(np.isin(kinds, _LIMIT_KINDS))
    lines = model.matrix[rows].toarray()
    records = []
    for row, line in zip(rows, lines, strict=True):
        constraint = model.constraints[model.row_owner[row]]
        floor = constraint.kind == "group_min"
        if floor:
            slack = activity[row] - model.lower[row]
            steps = line[x & ~fixed]  # dropping a funded project lowers the row by line
        else:
            slack = model.upper[row] - activity[row]
            steps = line[~x & ~fixed]
        steps = steps[steps > 0]
        binding = bool(len(steps)) and bool(slack < steps.min() - TOLERANCE * abs(steps.min()))
        if constraint.kind == "budget":
            limit, used = model.budget, total_cost
        elif constraint.kind == "yearly_budget":
            limit, used = model.upper[row], activity[row]
        else:
            member = spec.group_of == constraint.key[0]
            used = float(spec.costs[x & member].sum())
            limit = used - slack if floor else used + slack
        records.append((constraint.text, constraint.kind, limit, used, slack, binding))
    columns = ["constraint", "kind", "limit", "used", "slack", "binding"]
    return pd.DataFrame.from_records(records, columns=columns)


def select_projects(
    values: pd.Series,
    costs: pd.Series,
    budget: float,
    *,
    must_fund: Iterable[Hashable] = (),
    must_not_fund: Iterable[Hashable] = (),
    requires: Iterable[tuple[Hashable, Hashable]] = (),
    exclusive: Iterable[Iterable[Hashable]] = (),
    groups: pd.Series | None = None,
    group_share_bounds: Mapping[Hashable, tuple[float | None, float | None]] | None = None,
    yearly_costs: pd.DataFrame | None = None,
    yearly_budgets: Mapping[Hashable, float] | None = None,
    share_basis: ShareBasis = "budget",
    prefer_cheaper: bool = False,
) -> Selection:
    """The funded set of maximal total value within ``budget`` (EUR) and the constraints.

    ``values``: score per project id (any scale); ``costs``: EUR per project id (same ids, any
    order). ``must_fund`` / ``must_not_fund``: ids forced in / out. ``requires``: pairs
    ``(a, b)``, a is funded only if b is. ``exclusive``: groups of ids, at most one of each
    funded. ``groups``: project id -> programme or category (ids missing or NaN belong to no
    group); ``group_share_bounds``: group -> ``(min_share, max_share)`` (0-1, either None),
    shares of the budget or of the funded total (``share_basis``). ``yearly_costs``: EUR per
    project (rows) and year (columns); ``yearly_budgets``: year -> EUR, one row per year given
    (years without a budget are not limited). ``prefer_cheaper``: among equally valuable
    portfolios return the cheapest (a second solve).

    Raises :class:`SelectionInputError` (every input problem at once) or
    :class:`InfeasibleSelection` (a minimal set of conflicting constraints, in ``conflicts``).

    >>> v, c = pd.Series({"A": 5.0, "B": 4.0}), pd.Series({"A": 3.0, "B": 2.0})
    >>> select_projects(v, c, 4).selected
    ('A',)
    >>> select_projects(v, c, 4, must_fund=["B"]).selected
    ('B',)
    """
    spec = check_inputs(
        values,
        costs,
        budget,
        must_fund=must_fund,
        must_not_fund=must_not_fund,
        requires=requires,
        exclusive=exclusive,
        groups=groups,
        group_share_bounds=group_share_bounds,
        share_basis=share_basis,
        yearly_costs=yearly_costs,
        yearly_budgets=yearly_budgets,
    )
    model = build_model(spec, float(budget))
    x = optimise(model, prefer_cheaper)
    if x is None:
        raise minimal_conflict(model)
    return summarise(model, x)
