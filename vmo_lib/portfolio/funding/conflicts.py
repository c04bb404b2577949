"""Why no portfolio satisfies the constraints: a minimal set of conflicting constraints.

When the selection problem is infeasible, :func:`minimal_conflict` returns constraints that
together admit no portfolio, while dropping any single one of them leaves a feasible set (an
irreducible infeasible subset). It runs QuickXplain (Junker, AAAI 2004) over the individual
constraints: a divide-and-conquer form of deletion filtering that needs about
``k log(n / k)`` feasibility solves for a conflict of ``k`` among ``n`` constraints, so a
conflict among thousands of dependencies costs a few dozen small solves.

Obvious conflicts (a project both forced in and out, must-fund projects costing more than the
budget or a yearly budget) are found without solving; everything else - dependency chains into
a must-not-fund project, an exclusive group holding two must-funds, group minimums adding up to
more than the budget - falls out of the same search, whatever the combination.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from vmo_lib.display.tables import money_text
from vmo_lib.errors import VmoError
from vmo_lib.portfolio.funding.model import (
    TOLERANCE,
    Constraint,
    SelectionModel,
    SolverFailure,
    solve,
)


class InfeasibleSelection(VmoError, ValueError):
    """No portfolio satisfies the constraints; ``conflicts`` names a minimal conflicting set."""

    def __init__(self, conflicts: Sequence[Constraint], note: str = "") -> None:
        self.conflicts = tuple(conflicts)
        lines = "\n".join(f"  - {c.text}" for c in self.conflicts)
        super().__init__(
            "No portfolio satisfies these constraints together (dropping or relaxing any one "
            f"of them removes this conflict):\n{lines}" + (f"\n{note}" if note else "")
        )


def _quickxplain(count: int, feasible: Callable[[np.ndarray], bool]) -> list[int]:
    """Indices of a minimal infeasible subset of ``count`` constraints (all together infeasible)."""

    def consistent(chosen: list[int]) -> bool:
        mask = np.zeros(count, bool)
        mask[chosen] = True
        return feasible(mask)

    def explain(background: list[int], added: bool, candidates: list[int]) -> list[int]:
        if added and not consistent(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        conflict_second = explain(background + first, bool(first), second)
        conflict_first = explain(background + conflict_second, bool(conflict_second), first)
        return conflict_first + conflict_second

    return sorted(explain([], False, list(range(count))))


def _obvious(model: SelectionModel) -> list[int] | None:
    """A conflict visible without solving, or None."""
    owners = model.fixed_owner
    fixes = zip(model.fixed, owners, model.fixed_to, strict=True)
    forced_in = {int(p): int(o) for p, o, v in fixes if v}
    for p, owner, value in zip(model.fixed, owners, model.fixed_to, strict=True):
        if not value and int(p) in forced_in:
            return [forced_in[int(p)], int(owner)]
    for row, owner in enumerate(model.row_owner):
        kind = model.constraints[owner].kind
        if kind not in ("budget", "yearly_budget", "capacity") or not forced_in:
            continue
        positions = np.array(sorted(forced_in))
        line = model.matrix[[row]].toarray().ravel()
        spend = line[positions]
        if spend.sum() - model.upper[row] > TOLERANCE * (1 + np.abs(line).sum()):
            # the fewest must-funds (largest first) that already exceed the limit
            order = np.argsort(-spend, kind="stable")
            needed = int(np.searchsorted(np.cumsum(spend[order]), model.upper[row], "right")) + 1
            return [int(owner), *(forced_in[int(positions[i])] for i in order[:needed])]
    return None


def minimal_conflict(model: SelectionModel) -> InfeasibleSelection:
    """The error to raise for an infeasible ``model``, naming a minimal conflicting set."""
    found = _obvious(model)
    if found is None:
        zero = np.zeros(len(model.spec.ids))
        structural = np.array([c.kind == "one_start" for c in model.constraints], bool)
        candidates = np.flatnonzero(~structural)

        def feasible(chosen: np.ndarray) -> bool:
            mask = structural.copy()
            mask[candidates[chosen]] = True
            return solve(model, mask, zero) is not None

        try:
            found = [int(candidates[i]) for i in _quickxplain(len(candidates), feasible)]
        except SolverFailure as error:  # name them all rather than end the analysis
            note = f"The solver failed while narrowing the conflict down ({error})."
            return InfeasibleSelection(model.constraints, note)
    conflicts = [model.constraints[i] for i in sorted(set(found))]
    return InfeasibleSelection(conflicts, _note(model, conflicts))


def _note(model: SelectionModel, conflicts: list[Constraint]) -> str:
    """A sentence with the figures behind the most common conflict (must-funds over a limit)."""
    limits = [c for c in conflicts if c.kind in ("budget", "yearly_budget", "capacity")]
    funds = [c.key[0] for c in conflicts if c.kind == "must_fund"]
    if len(limits) != 1 or not funds or len(funds) + 1 != len(conflicts):
        return ""
    where = model.spec.ids.get_indexer(pd.Index(funds))
    if (where < 0).any():  # deferred starts: one variable per start, not per project
        return ""
    if limits[0].kind == "capacity":
        row = int(np.flatnonzero(model.row_owner == model.constraints.index(limits[0]))[0])
        need = model.matrix[[row]].toarray().ravel()[where].sum()
        resource, period = limits[0].key
        return (
            f"The must-fund projects listed need {need:g} of {resource} in {period} "
            f"together, more than the capacity of {model.upper[row]:g}."
        )
    if limits[0].kind == "budget":
        return (
            f"The must-fund projects listed cost {money_text(model.spec.costs[where].sum())} "
            f"together, more than the budget of {money_text(model.budget)}."
        )
    column = model.spec.years.index(limits[0].key[0])
    spend = model.spec.yearly_costs[where, column].sum()
    return f"The must-fund projects listed spend {money_text(spend)} in year {limits[0].key[0]}."
