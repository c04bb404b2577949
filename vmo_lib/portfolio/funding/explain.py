"""Why each project is in or out of the optimal portfolio, and how far it is from changing.

:func:`explain_selection` takes the inputs of :func:`vmo_lib.portfolio.select_projects`
and returns one row per project:

* ``funded`` and ``reason``: plain words a steering committee reads ("mandatory", "not
  scored", "needs P-03, which is out", "exclusive with P-21", "programme cap reached:
  Digital", "capacity: Data engineers in 2028", "budget: other projects give more value for
  the money"). For a project out, the reason is the first constraint that adding it to the
  optimal portfolio (at its planned start) would break, in that order; for a project in,
  what holds it there ("needed by P-07", "good value for the money");
* ``forced_change``: the total value lost by forcing the opposite decision (in value points;
  infinite when the opposite is impossible). Exact: the problem is solved again by the same
  solver with the project forced in or out, ``forced_change = best - best when forced``;
* ``break_even_value``: for a project out, the value at which it would come in, all else
  unchanged (its value plus ``forced_change``: with that value the best portfolio with it
  is worth as much as the best without); for a project in, the value below which it would
  drop out (its value minus ``forced_change``). At exactly the break-even value both
  decisions are optimal. +inf / -inf when no value changes the decision.

On large portfolios only the ``max_explained`` projects nearest the decision are solved
again (value for the money closest to the funded set's cut-off; projects forced in or out
are never solved again); the others get their reason but NaN figures, ``explained`` says
which, and ``frame.attrs["note"]`` says so in words.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.portfolio.funding.conflicts import minimal_conflict
from vmo_lib.portfolio.funding.deferral import build_deferred, earliest_starts, project_mask
from vmo_lib.portfolio.funding.inputs import SelectionSpec, check_inputs
from vmo_lib.portfolio.funding.model import (
    TOLERANCE,
    Constraint,
    SelectionModel,
    build_model,
    solve_outcome,
)
from vmo_lib.portfolio.funding.select import SolveClock, optimise

__all__ = ["BUDGET_REASON", "EXPLAIN_COLUMNS", "explain_selection", "problem_model"]

BUDGET_REASON = "budget: other projects give more value for the money"
EXPLAIN_COLUMNS = ("funded", "reason", "break_even_value", "forced_change", "explained")


def problem_model(spec: SelectionSpec, budget: float) -> tuple[SelectionModel, np.ndarray, Any]:
    """The integer programme for ``spec``, the project position of each of its variables and
    the deferral expansion (None without deferred starts)."""
    if spec.max_deferral:
        deferred = build_deferred(spec, budget)
        return deferred.model, deferred.owner, deferred
    return build_model(spec, budget), np.arange(len(spec.ids)), None


def _out_reason(model: SelectionModel, activity: np.ndarray, column: np.ndarray) -> str:
    """Why adding the variable with constraint ``column`` (a dense column of the matrix) to
    the portfolio of row ``activity`` is not possible: the first limit it breaks."""
    scale = TOLERANCE * (1.0 + np.abs(activity) + np.abs(column))
    broken = np.flatnonzero(activity + column > model.upper + scale)
    kinds: dict[str, Constraint] = {}
    for row in broken:
        constraint = model.constraints[model.row_owner[row]]
        kinds.setdefault(constraint.kind, constraint)
    if "capacity" in kinds:
        resource, period = kinds["capacity"].key
        return f"capacity: {resource} in {period}"
    if "group_max" in kinds:
        return f"programme cap reached: {kinds['group_max'].key[0]}"
    if "yearly_budget" in kinds:
        return f"yearly budget for {kinds['yearly_budget'].key[0]} reached"
    if "budget" in kinds:
        return BUDGET_REASON
    if kinds:
        return "programme shares"
    return ""


def _reasons(
    spec: SelectionSpec,
    model: SelectionModel,
    owner: np.ndarray,
    x: np.ndarray,
    funded: np.ndarray,
    mandatory: set,
    unscored: np.ndarray,
) -> list[str]:
    """The plain-words reason of each project's decision (see the module text)."""
    ids = spec.ids
    forced_in = np.zeros(len(ids), bool)
    forced_in[spec.must_fund] = True
    forced_out = np.zeros(len(ids), bool)
    forced_out[spec.must_not_fund] = True
    needs: dict[int, list[int]] = {}
    needed_by: dict[int, list[int]] = {}
    for a, b in spec.requires:
        needs.setdefault(a, []).append(b)
        needed_by.setdefault(b, []).append(a)
    rival: dict[int, list[int]] = {}
    for group in spec.exclusive:
        for p in group:
            rival.setdefault(p, []).extend(q for q in group if q != p)
    activity = model.matrix @ x.astype(float)
    csc = model.matrix.tocsc()
    first = np.searchsorted(owner, np.arange(len(ids)))  # each project's planned start
    reasons = []
    for p, pid in enumerate(ids):
        if unscored[p]:
            reasons.append("not scored")
        elif forced_in[p]:
            reasons.append("mandatory" if pid in mandatory else "must fund (set by the board)")
        elif forced_out[p]:
            reasons.append("must not fund (set by the board)")
        elif funded[p]:
            users = [ids[q] for q in needed_by.get(p, []) if funded[q]]
            reasons.append(f"needed by {users[0]}" if users else "good value for the money")
        else:
            missing = [ids[b] for b in needs.get(p, []) if not funded[b]]
            rivals = [ids[q] for q in rival.get(p, []) if funded[q]]
            if missing:
                reasons.append(f"needs {missing[0]}, which is out")
            elif rivals:
                reasons.append(f"exclusive with {rivals[0]}")
            else:
                column = csc[:, [first[p]]].toarray().ravel()
                why = _out_reason(model, activity, column)
                if not why:
                    why = "adds no value" if spec.values[p] <= 0 else BUDGET_REASON
                reasons.append(why)
    return reasons


def _borderline(spec: SelectionSpec, funded: np.ndarray, free: np.ndarray, limit: int):
    """Positions of the ``limit`` free projects whose value for the money is nearest the
    cut-off between funded and not (the weakest funded ratio)."""
    candidates = np.flatnonzero(free)
    if limit >= len(candidates):
        return candidates
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(spec.costs > 0, spec.values / spec.costs, np.inf)
    funded_free = funded & free & np.isfinite(ratio)
    cut = ratio[funded_free].min() if funded_free.any() else np.nanmax(ratio[free])
    distance = np.abs(np.log(np.maximum(ratio[candidates], 1e-300) / max(cut, 1e-300)))
    distance = np.nan_to_num(distance, nan=np.inf, posinf=np.inf)
    return np.sort(candidates[np.argsort(distance, kind="stable")[:limit]])


def explain_selection(
    values: pd.Series,
    costs: pd.Series,
    budget: float,
    *,
    mandatory: Iterable[Hashable] = (),
    max_explained: int | None = 60,
    time_limit: float | None = None,
    total_time: float | None = None,
    **constraints: Any,
) -> pd.DataFrame:
    """Why each project is in or out, with its break-even value (see the module text).

    ``values`` (score per project id; NaN: not scored, never funded), ``costs`` (money) and
    ``budget`` (money) and ``constraints`` are those of
    :func:`~vmo_lib.portfolio.select_projects` (``prefer_cheaper`` excepted). ``mandatory``:
    ids (also in ``must_fund``) whose reason is "mandatory" rather than "must fund".
    ``max_explained``: most projects solved again (None: all). ``time_limit``: seconds per
    solve; ``total_time``: seconds for all the solves together (None: no total), shared as
    :class:`~vmo_lib.portfolio.funding.select.SolveClock` does. Columns
    :data:`EXPLAIN_COLUMNS` (plus ``start_delay`` with ``max_deferral``); ``attrs``:
    ``total_value``, ``status`` ("optimal" when every solve was proven), ``gap`` (the proven
    gap of the funded portfolio) and ``note``.
    """
    values = values.copy() if isinstance(values, pd.Series) else values
    unscored_ids = list(values.index[values.isna()]) if isinstance(values, pd.Series) else []
    if unscored_ids:
        values = values.fillna(0.0)
        out = list(constraints.get("must_not_fund", ()))
        constraints["must_not_fund"] = out + [i for i in unscored_ids if i not in out]
    constraints.pop("prefer_cheaper", None)
    mandatory = set(mandatory)
    constraints["must_fund"] = list(dict.fromkeys([*constraints.get("must_fund", ()), *mandatory]))
    spec = check_inputs(values, costs, budget, **constraints)
    model, owner, deferred = problem_model(spec, float(budget))
    clock = SolveClock(time_limit, total_time, 1)  # the decision itself first, in full
    with clock.solve() as limit:
        best = optimise(model, time_limit=limit)
    if best is None:
        raise minimal_conflict(model)
    x = best.x if deferred is None else earliest_starts(deferred, best.x)
    if deferred is None:
        funded = x.copy()
    else:
        funded, delay = project_mask(deferred, x)
    n = len(spec.ids)
    unscored = spec.ids.isin(unscored_ids)
    reasons = _reasons(spec, model, owner, x, funded, mandatory, unscored)
    free = np.ones(n, bool)
    free[spec.must_fund] = free[spec.must_not_fund] = False
    chosen = _borderline(spec, funded, free, n if max_explained is None else max_explained)
    clock.planned = len(chosen) + 1
    top = float(model.spec.values[x].sum())
    change = np.full(n, np.nan)
    status = best.status
    for p in chosen:
        line = (owner == p).astype(float)
        bound = (-line, 0.0) if funded[p] else (line, 1.0)
        start = x & (owner != p) if funded[p] else None  # dropping it usually stays feasible
        with clock.solve() as limit:
            found = solve_outcome(model, at_least=bound, time_limit=limit, start=start)
        if found.x is None:
            change[p] = np.inf if found.status == "infeasible" else np.nan
            status = status if found.status == "infeasible" else "time limit"
            continue
        status = status if found.status == "optimal" else "time limit"
        change[p] = max(top - float(model.spec.values[found.x].sum()), 0.0)
    tie = np.isfinite(change) & (change <= TOLERANCE * (1.0 + abs(top)))
    for p in np.flatnonzero(tie):
        other = "leaves it out" if funded[p] else "funds it"
        reasons[p] += f" (a tie: an equally valuable portfolio {other})"
    sign = np.where(funded, -1.0, 1.0)
    break_even = spec.values + sign * change
    break_even[np.abs(break_even) <= TOLERANCE * (1.0 + abs(top))] = 0.0  # rounding noise
    frame = pd.DataFrame(
        {
            "funded": funded,
            "reason": reasons,
            "break_even_value": break_even,
            "forced_change": change,
            "explained": np.isin(np.arange(n), chosen),
        },
        index=spec.ids,
    )
    frame.loc[unscored, "break_even_value"] = np.nan
    if deferred is not None:
        frame["start_delay"] = delay
    frame.index.name = "project_id"
    note = _note(n, len(chosen), free, status)
    frame.attrs.update(total_value=top, status=status, gap=best.gap, note=note)
    return frame


def _note(n: int, explained: int, free: np.ndarray, status: str) -> str:
    """What the figures cover, in words."""
    open_ = int(free.sum())
    note = (
        f"Break-even values computed for {explained:,} of the {open_:,} projects open to "
        "the decision (those nearest the cut-off); the others show their reason only."
        if explained < open_
        else "Break-even values computed for every project open to the decision."
    )
    if status != "optimal":
        note += " Some solves stopped at the time limit: their figures are not proven exact."
    return note
