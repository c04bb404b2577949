"""Which projects to fund: the exact value-maximising portfolio within a budget and constraints.

:func:`select_projects` solves the 0/1 knapsack problem with side constraints that PPM tools
call "portfolio optimisation": choose the funded set with the largest total value whose total
cost fits the budget, honouring force-in / force-out lists, dependencies, mutually exclusive
options, the strategic balance between programmes and per-year budgets. It is an integer
programme solved to proven optimality (HiGHS, through its ``highspy`` package; optimality gap
0), not a ranking cut-off: funding projects in value-per-cost order can leave budget unused or
break a dependency (see :mod:`vmo_lib.portfolio.frontier`).

The solver always answers. Each solve runs under ``time_limit`` seconds (by default the setting
of :func:`set_time_limit`, 10 s unless changed); the result's ``status`` says what was
proven:

* ``"optimal"``: no portfolio is worth more (``gap`` 0);
* ``"time limit"``: the best portfolio found in the time, within ``gap`` (a share of the best
  possible value, from HiGHS's bound) of the optimum;
* ``"fallback"``: HiGHS failed even with safer settings (or found nothing in the time), so the
  result is a greedy portfolio repaired to meet the constraints
  (:mod:`vmo_lib.portfolio.funding.fallback`); ``note`` says why and which constraints it
  misses, if any, and ``gap`` is bounded by the fractional-knapsack bound.

:func:`status_text` puts that in a sentence for a handout.

Decisions worth knowing:

* **Strategic balance shares** are shares of the *budget* by default
  (``share_basis="budget"``: "Digital gets 20-35% of the envelope", so a minimum forces spend
  even when the rest of the budget is unused). ``share_basis="funded"`` makes them shares of
  the funded total instead (the mix of the chosen portfolio, whatever it costs).
* **Ties** between portfolios of equal (maximal) value are resolved by HiGHS, deterministically
  (same inputs, same answer). ``prefer_cheaper=True`` returns the cheapest of them instead; it
  costs a second solve (about 2-3 times the time), so it is off by default.
* **Values** may be any score (negative values are allowed: such a project is funded only when
  a constraint forces it). Costs and yearly costs are money amounts and must be >= 0.
* **Infeasible** constraints raise :class:`InfeasibleSelection` naming a minimal set of
  constraints that conflict (see :mod:`vmo_lib.portfolio.funding.conflicts`); unusable inputs
  raise :class:`SelectionInputError` listing every problem.

Example:

>>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
>>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
>>> pick = select_projects(values, costs, budget=8, requires=[("C", "A")])
>>> pick.selected, pick.total_value, pick.total_cost
(('A', 'C'), 100.0, 8.0)
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from vmo_lib.display.tables import percent_text
from vmo_lib.portfolio.funding.conflicts import InfeasibleSelection, minimal_conflict
from vmo_lib.portfolio.funding.deferral import build_deferred, earliest_starts, project_mask
from vmo_lib.portfolio.funding.fallback import (
    broken_constraints,
    greedy_portfolio,
    value_bound,
)
from vmo_lib.portfolio.funding.inputs import (
    SelectionInputError,
    SelectionSpec,
    ShareBasis,
    check_inputs,
)
from vmo_lib.portfolio.funding.model import (
    DEFAULT_TIME_LIMIT,
    TOLERANCE,
    Constraint,
    SelectionModel,
    SolverFailure,
    build_model,
    get_time_limit,
    resolve_time_limit,
    set_time_limit,
    solve_outcome,
)

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "STATUSES",
    "Constraint",
    "InfeasibleSelection",
    "Selection",
    "SelectionInputError",
    "Solved",
    "get_time_limit",
    "select_projects",
    "set_time_limit",
    "status_text",
]

STATUSES = ("optimal", "time limit", "fallback")
"""What a selection's ``status`` can be (see the module docstring)."""

_LIMIT_KINDS = ("budget", "group_min", "group_max", "yearly_budget", "capacity")


@dataclass(frozen=True, eq=False)
class Selection:
    """An optimal funded set and how it uses the limits (money in the currency in force).

    ``selected``: funded project ids in the order of the input ``values``; ``funded``: the same
    as a bool Series over every project. ``limits`` has one row per budget-like constraint
    (budget, group minimum / maximum, yearly budget) with columns ``constraint`` (plain text),
    ``kind``, ``limit``, ``used``, ``slack`` (money left before the limit; for a minimum, money
    above it) and ``binding``: the limit blocks every single change in its direction - for a
    ceiling, none of the projects left out (and not excluded) would fit under it; for a
    floor, dropping any funded project (not must-fund) would break it. ``spend_by_group`` and
    ``spend_by_year`` give the funded cost per group and per budgeted year (empty when not
    used). ``status`` (one of :data:`STATUSES`), ``gap`` (proven relative gap: the funded value
    is at least ``1 - gap`` times the best possible; 0 when optimal, NaN when unknown) and
    ``note`` (why a fallback was used, in plain words) say how far the answer is proven.
    ``start_delay``: periods each funded project starts later than planned (0 unless starts
    may be deferred; <NA> for projects not funded). Capacity limits appear in ``limits``
    with kind ``capacity`` (amounts in the resource's unit, not money).
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
    status: str = "optimal"
    gap: float = 0.0
    note: str = ""
    start_delay: pd.Series | None = None

    @property
    def n_selected(self) -> int:
        """Number of funded projects."""
        return len(self.selected)

    @property
    def budget_left(self) -> float:
        """Budget not spent (money)."""
        return self.budget - self.total_cost

    @property
    def binding(self) -> tuple[str, ...]:
        """Plain-language names of the binding limits (see ``limits``)."""
        return tuple(self.limits.loc[self.limits["binding"], "constraint"])


@dataclass(frozen=True, eq=False)
class Solved:
    """A funded mask ``x`` with its ``status`` (:data:`STATUSES`), proven ``gap`` and ``note``."""

    x: np.ndarray
    status: str
    gap: float
    note: str = ""


class SolveClock:
    """Time limits for a series of solves sharing ``total_time`` seconds (None: no total).

    Each solve gets ``min(time_limit, time left / solves left)``, less the time a solve has
    been taking beyond its limit (HiGHS overshoots a little, and the work around each solve
    counts too), so the series ends in about ``total_time`` whatever the size; ``planned`` is
    the number of solves expected (may be updated). Solves that end early leave their time
    to the next ones.

    >>> clock = SolveClock(10.0, None, 5)
    >>> with clock.solve() as limit:
    ...     limit
    10.0
    """

    def __init__(self, time_limit: float | None, total_time: float | None, planned: int) -> None:
        self.time_limit = resolve_time_limit(time_limit)
        self.total_time, self.planned = total_time, planned
        self.done, self.started = 0, time.perf_counter()
        self.overshoot = 0.0  # mean seconds a solve took beyond the limit it was given
        self._last: float | None = None

    @contextlib.contextmanager
    def solve(self) -> Iterator[float]:
        """The time limit for the next solve (seconds), counting it as done after."""
        now = time.perf_counter()
        limit = self.time_limit
        if self.total_time is not None:
            left = self.total_time - (now - self.started)
            share = max(left, 0.0) / max(self.planned - self.done, 1) - self.overshoot
            limit = min(limit, share)
            limit = 0.0 if limit < 0.01 else limit  # out of time: no solve (see optimise)
        try:
            yield limit
        finally:
            took = time.perf_counter() - (now if self._last is None else min(now, self._last))
            self._last = time.perf_counter()
            beyond = max(took - limit, 0.0) if np.isfinite(limit) else 0.0
            self.overshoot += (beyond - self.overshoot) / (self.done + 1)
            self.done += 1


def _gap(value: float, best: float) -> float:
    """Share of the best possible value ``best`` (an upper bound) that ``value`` may miss."""
    if not np.isfinite(best):
        return float("nan")
    if best - value <= TOLERANCE * (1.0 + abs(best)):
        return 0.0
    return float((best - value) / abs(best)) if best else float("nan")


def _fallback(model: SelectionModel, why: str, bound: float = np.nan) -> Solved:
    """The repaired greedy portfolio, saying why it is used and what it misses."""
    x = greedy_portfolio(model)
    best = value_bound(model)
    best = min(best, bound) if np.isfinite(bound) else best
    missed = broken_constraints(model, x)
    note = f"{why}; the portfolio shown is a greedy one (best value for the money first)"
    if missed:
        note += f" that misses {len(missed)} constraint(s): " + "; ".join(missed[:3])
        note += "; ..." if len(missed) > 3 else ""
    else:
        note += " that meets every constraint"
    return Solved(x, "fallback", _gap(float(model.spec.values[x].sum()), best), note + ".")


def optimise(
    model: SelectionModel,
    prefer_cheaper: bool = False,
    *,
    time_limit: float | None = None,
    start: np.ndarray | None = None,
) -> Solved | None:
    """The most valuable portfolio found for ``model``, or None when none exists (proven).

    ``time_limit``: seconds per HiGHS run (None: :func:`get_time_limit`; 0: no solve, the
    start is returned with status "time limit" and its gap). ``start``: a funded
    mask to start from (used when it meets the constraints; otherwise the repaired greedy
    portfolio is tried).
    With ``prefer_cheaper``, a second solve minimises cost among portfolios of that value.
    """
    values = model.spec.values
    if start is None:
        start = greedy_portfolio(model)
    elif model.matrix.shape[0] == 1:  # the greedy portfolio is cheap: start from the better
        greedy = greedy_portfolio(model)
        if values[greedy].sum() > values[start].sum():
            start = greedy
    if time_limit is not None and time_limit <= 0:  # no time left: the start as it is
        if start is not None and not broken_constraints(model, start):
            value = float(values[start].sum())
            return Solved(start, "time limit", _gap(value, value_bound(model)))
        return _fallback(model, "No time was left for the solver")
    try:
        found = solve_outcome(model, time_limit=time_limit, start=start)
    except SolverFailure as error:
        return _fallback(model, f"The solver failed even with safer settings ({error})")
    if found.status == "infeasible":
        return None
    if found.x is None:  # the time limit came before any portfolio was found
        seconds = resolve_time_limit(time_limit)
        why = f"No portfolio was found within the time limit of {seconds:g} s"
        return _fallback(model, why, -found.bound)
    x, value = found.x, float(values[found.x].sum())
    if found.status == "optimal":
        solved = Solved(x, "optimal", 0.0)
    else:
        best = value_bound(model)  # Dantzig's bound, when HiGHS's is missing or weaker
        if np.isfinite(found.bound):
            best = min(best, -found.bound)
        solved = Solved(x, "time limit", _gap(value, best))
    if not prefer_cheaper or solved.status != "optimal":
        return solved
    costs = model.spec.costs
    tolerance = TOLERANCE * (1.0 + np.abs(values).sum())
    try:
        cheaper = solve_outcome(
            model, objective=costs, at_least=(values, value - tolerance), time_limit=time_limit
        ).x
    except SolverFailure:
        return solved
    if (
        cheaper is not None
        and values[cheaper].sum() >= value - tolerance
        and costs[cheaper].sum() < costs[x].sum()
    ):
        return Solved(cheaper, "optimal", 0.0)
    return solved


def summarise(model: SelectionModel, x: np.ndarray | Solved) -> Selection:
    """The :class:`Selection` for the funded mask (or :class:`Solved`) ``x`` of ``model``."""
    solved = x if isinstance(x, Solved) else Solved(np.asarray(x, bool), "optimal", 0.0)
    x = solved.x
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
        status=solved.status,
        gap=solved.gap,
        note=solved.note,
        start_delay=pd.Series(0, index=spec.ids, dtype="Int64", name="start_delay").where(x),
    )


def gap_text(gap: float) -> str:
    """A proven gap (a share) as a percentage readable in a sentence.

    >>> gap_text(0.123), gap_text(0.0042), gap_text(2e-8), gap_text(float("nan"))
    ('12.3%', '0.42%', 'less than 0.001%', 'an unknown share')
    """
    if not np.isfinite(gap):
        return "an unknown share"
    if gap >= 0.01:
        return percent_text(gap)
    if gap < 1e-5:
        return "0%" if gap <= 0 else "less than 0.001%"
    return f"{gap * 100:.2g}%"


def status_text(result: Selection | Solved | str, gap: float = 0.0, note: str = "") -> str:
    """How far a result is proven, in a sentence for a handout.

    ``result``: a :class:`Selection` (or :class:`Solved`), or a status string with its ``gap``
    and ``note``.

    >>> status_text("optimal")
    'optimal'
    >>> status_text("time limit", 0.0042)
    'within 0.42% of the best possible, found in the time limit'
    """
    if not isinstance(result, str):
        gap, note, result = result.gap, result.note, result.status
    if result == "optimal":
        return "optimal"
    if result == "time limit":
        return f"within {gap_text(gap)} of the best possible, found in the time limit"
    text = f"a fallback portfolio, within {gap_text(gap)} of the best possible"
    return f"{text}: {note}" if note else text


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
        elif constraint.kind in ("yearly_budget", "capacity"):
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
    time_limit: float | None = None,
    resource_demand: pd.DataFrame | None = None,
    resource_capacity: pd.DataFrame | None = None,
    max_deferral: int = 0,
    deferrable: Iterable[Hashable] | None = None,
) -> Selection:
    """The funded set of maximal total value within ``budget`` (money) and the constraints.

    ``values``: score per project id (any scale); ``costs``: money per project id (same ids, any
    order). ``must_fund`` / ``must_not_fund``: ids forced in / out. ``requires``: pairs
    ``(a, b)``, a is funded only if b is. ``exclusive``: groups of ids, at most one of each
    funded. ``groups``: project id -> programme or category (ids missing or NaN belong to no
    group); ``group_share_bounds``: group -> ``(min_share, max_share)`` (0-1, either None),
    shares of the budget or of the funded total (``share_basis``). ``yearly_costs``: money per
    project (rows) and year (columns); ``yearly_budgets``: year -> money, one row per year given
    (years without a budget are not limited). ``prefer_cheaper``: among equally valuable
    portfolios return the cheapest (a second solve). ``time_limit``: seconds per solve (None:
    the setting of :func:`set_time_limit`, 10 s unless changed; ``math.inf``: none); the
    result's ``status`` and ``gap`` say whether the optimum was proven.
    ``resource_demand`` (``project_id``, ``period``, ``resource``, ``amount``) and
    ``resource_capacity`` (``period``, ``resource``, ``amount``): every resource stays within
    its capacity in every period (resource units, e.g. FTE; see
    :mod:`vmo_lib.portfolio.funding.resources`). ``max_deferral``: periods a project may
    start late, its yearly costs and demand moving with it (whole-number years then); the
    result's ``start_delay`` says when each funded project starts; ``deferrable``: the ids that
    may start late (None: every project; e.g. only those not started and not mandatory)
    (:mod:`vmo_lib.portfolio.funding.deferral`).

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
        resource_demand=resource_demand,
        resource_capacity=resource_capacity,
        max_deferral=max_deferral,
        deferrable=deferrable,
    )
    return solve_spec(spec, float(budget), prefer_cheaper, time_limit=time_limit)


def solve_spec(
    spec: SelectionSpec,
    budget: float,
    prefer_cheaper: bool = False,
    *,
    time_limit: float | None = None,
) -> Selection:
    """The :class:`Selection` for checked inputs ``spec`` (see :func:`select_projects`)."""
    if not spec.max_deferral:
        model = build_model(spec, budget)
        x = optimise(model, prefer_cheaper, time_limit=time_limit)
        if x is None:
            raise minimal_conflict(model)
        return summarise(model, x)
    deferred = build_deferred(spec, budget)
    x = optimise(deferred.model, prefer_cheaper, time_limit=time_limit)
    if x is None:
        raise minimal_conflict(deferred.model)
    x = Solved(earliest_starts(deferred, x.x), x.status, x.gap, x.note)
    expanded = summarise(deferred.model, x)
    funded, delay = project_mask(deferred, x.x)
    return replace(
        expanded,
        selected=tuple(spec.ids[funded]),
        funded=pd.Series(funded, index=spec.ids, name="funded"),
        start_delay=delay,
    )
