"""A portfolio without the solver: a greedy one repaired to meet the constraints, and a bound.

When HiGHS fails twice or finds no portfolio within its time limit, the selection still
answers with :func:`greedy_portfolio`: projects taken in descending value for the money, each with
the projects it depends on, kept only when every constraint still holds (budget, yearly
budgets, programme shares, exclusive options; must-fund projects first, must-not-fund ones
never). Programme minimums are met first, from each programme's best value for the money. A greedy
cannot promise to meet every minimum; :func:`broken_constraints` says which ones it misses.

:func:`value_bound` is the classical fractional-knapsack (Dantzig) bound: the value of the best
portfolio if projects could be funded in part, with only the budget and the forced lists
kept. No portfolio meeting all the constraints is worth more, so it bounds the gap of any
portfolio found.

>>> from vmo_lib.portfolio.funding.inputs import check_inputs
>>> from vmo_lib.portfolio.funding.model import build_model
>>> spec = check_inputs(pd.Series({"A": 60.0, "B": 50.0, "C": 40.0}),
...                     pd.Series({"A": 5.0, "B": 4.0, "C": 3.0}), 8)
>>> model = build_model(spec, 8.0)
>>> greedy_portfolio(model).tolist(), value_bound(model)  # C, B fit; A in part: 1 of 5
([False, True, True], 102.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd  # noqa: F401  (doctest namespace)
from scipy import sparse

from vmo_lib.portfolio.funding.model import TOLERANCE, SelectionModel

__all__ = ["broken_constraints", "greedy_portfolio", "value_bound"]


def _ratio(values: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Value per unit of money; a free project of positive value first, of negative value last."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            costs > 0, values / np.where(costs > 0, costs, 1.0), np.sign(values) * np.inf
        )
    return np.nan_to_num(ratio, nan=0.0, posinf=np.inf, neginf=-np.inf)


def _violation(activity: np.ndarray, lower: np.ndarray, upper: np.ndarray, slack: np.ndarray):
    return np.maximum(activity - upper - slack, 0.0) + np.maximum(lower - slack - activity, 0.0)


def greedy_portfolio(model: SelectionModel, first: np.ndarray | None = None) -> np.ndarray:
    """A funded mask built greedily (value for the money) that keeps every constraint it can.

    ``first``: a funded mask whose projects are tried before the others (e.g. the optimum at
    a nearby budget), so the result stays close to it. See the module docstring.
    """
    spec = model.spec
    n = len(spec.ids)
    x = np.zeros(n, bool)
    banned = np.zeros(n, bool)
    if len(model.fixed):
        banned[model.fixed[model.fixed_to < 0.5]] = True
    ratio = _ratio(spec.values, spec.costs)
    order = np.lexsort((np.arange(n), -ratio))
    if first is not None:
        order = np.concatenate([order[first[order]], order[~first[order]]])
    if model.matrix.shape[0] == 1 and np.isneginf(model.lower[0]):  # the budget alone
        return _budget_only(model, order, banned)
    needs: dict[int, list[int]] = {}
    for a, b in spec.requires:
        needs.setdefault(a, []).append(b)
    matrix = sparse.csc_array(model.matrix)
    starts, rows_of, coefficients = matrix.indptr, matrix.indices, matrix.data
    lower, upper = model.lower, model.upper
    slack = TOLERANCE * (1.0 + np.abs(model.matrix) @ np.ones(n)) if n else np.zeros(0)
    activity = np.zeros(len(lower))
    violation = _violation(activity, lower, upper, slack)

    def closure(p: int) -> list[int]:
        found, todo = {p}, [p]
        while todo:
            for b in needs.get(todo.pop(), ()):
                if b not in found and not x[b]:
                    found.add(b)
                    todo.append(b)
        return sorted(found)

    def add(group: list[int], force: bool = False, row: int | None = None) -> bool:
        """Fund ``group`` if no row gets further from its limits (only the rows its
        projects appear in can change)."""
        if not force and banned[group].any():
            return False
        if len(group) == 1:
            r = rows_of[starts[group[0]] : starts[group[0] + 1]]
            delta = coefficients[starts[group[0]] : starts[group[0] + 1]]
        else:
            r = np.concatenate([rows_of[starts[p] : starts[p + 1]] for p in group])
            delta = np.concatenate([coefficients[starts[p] : starts[p + 1]] for p in group])
            r, where = np.unique(r, return_inverse=True)
            delta = np.bincount(where, weights=delta, minlength=len(r))
        new = activity[r] + delta
        worse = _violation(new, lower[r], upper[r], slack[r])
        if not force:
            before = violation[r]
            if np.any(worse > before + 1e-12 * (1 + np.abs(before))):
                return False
            if row is not None:
                at = np.flatnonzero(r == row)
                if not len(at) or worse[at[0]] >= before[at[0]]:
                    return False
        x[group] = True
        activity[r], violation[r] = new, worse
        return True

    forced = model.fixed[model.fixed_to > 0.5] if len(model.fixed) else np.zeros(0, int)
    for p in forced:
        if not x[p]:
            add(closure(int(p)), force=True)
    for row in np.flatnonzero(violation > 0):  # minimums (e.g. programme shares) first
        column = model.matrix[[row]].toarray().ravel()
        for p in order[column[order] > 0]:
            if violation[row] <= 0:
                break
            if not x[p]:
                add(closure(int(p)), row=int(row))
    for p in order:
        if not x[p] and not banned[p] and spec.values[p] > 0:
            add(closure(int(p)))
    return x


def _budget_only(model: SelectionModel, order: np.ndarray, banned: np.ndarray) -> np.ndarray:
    """:func:`greedy_portfolio` when the budget is the only row (vectorised): must-funds, then
    the longest prefix of ``order`` that fits, then any later project that still fits."""
    spec = model.spec
    x = np.zeros(len(spec.ids), bool)
    if len(model.fixed):
        x[model.fixed[model.fixed_to > 0.5]] = True
    line = model.matrix[[0]].toarray().ravel()
    left = model.upper[0] + TOLERANCE * (1.0 + np.abs(line).sum()) - float(line[x].sum())
    open_ = order[~x[order] & ~banned[order] & (spec.values[order] > 0)]
    spent = np.cumsum(line[open_])
    whole = int(np.searchsorted(spent, left, side="right"))
    x[open_[:whole]] = True
    left -= float(spent[whole - 1]) if whole else 0.0
    rest = open_[whole:]
    for p in rest[line[rest] <= left]:
        if line[p] <= left:
            x[p] = True
            left -= float(line[p])
    return x


def value_bound(model: SelectionModel) -> float:
    """An upper bound on the value of any portfolio meeting the constraints of ``model``: the
    fractional-knapsack (Dantzig) bound with only the budget and the forced lists kept."""
    spec = model.spec
    values, costs = spec.values, spec.costs
    fixed_in = np.zeros(len(values), bool)
    fixed_out = np.zeros(len(values), bool)
    if len(model.fixed):
        fixed_in[model.fixed[model.fixed_to > 0.5]] = True
        fixed_out[model.fixed[model.fixed_to < 0.5]] = True
    total = float(values[fixed_in].sum())
    room = model.budget - float(costs[fixed_in].sum())
    open_ = ~fixed_in & ~fixed_out & (values > 0)
    free = open_ & (costs <= 0)
    total += float(values[free].sum())
    paid = np.flatnonzero(open_ & (costs > 0))
    paid = paid[np.argsort(-values[paid] / costs[paid], kind="stable")]
    if room <= 0 or not len(paid):
        return total
    spent = np.cumsum(costs[paid])
    whole = int(np.searchsorted(spent, room, side="right"))
    total += float(values[paid[:whole]].sum())
    if whole < len(paid):
        left = room - (spent[whole - 1] if whole else 0.0)
        total += float(values[paid[whole]] * left / costs[paid[whole]])
    return total


def broken_constraints(model: SelectionModel, funded: np.ndarray) -> tuple[str, ...]:
    """Plain-language texts of the constraints of ``model`` that the funded mask misses."""
    activity = model.matrix @ funded.astype(float)
    scale = TOLERANCE * (1.0 + np.abs(model.matrix) @ np.ones(len(funded)))
    off = (activity > model.upper + scale) | (activity < model.lower - scale)
    owners = set(model.row_owner[off].tolist())
    if len(model.fixed):
        wrong = funded[model.fixed] != (model.fixed_to > 0.5)
        owners |= set(model.fixed_owner[wrong].tolist())
    return tuple(model.constraints[i].text for i in sorted(owners))
