"""Deferred starts: a project may start up to ``max_deferral`` periods later than planned.

A later start moves the project's yearly costs and its resource demand with it (a project
planned for 2027-2028 and started one year late spends and needs people in 2028-2029), so a
scarce year can be relieved without dropping a project. The integer programme gets one
binary variable per project and start (``(id, delay)`` for delay 0..K) instead of one per
project:

=================  ===========================================================================
one_start          sum over a project's starts <= 1 (a structural row, never in a conflict);
                   a project not in ``deferrable`` has its later starts fixed at 0
must_fund          sum over its starts >= 1
must_not_fund      every start fixed at 0
requires (a, b)    sum over a's starts - sum over b's starts <= 0
exclusive          sum over the starts of the group's projects <= 1
=================  ===========================================================================

Budget, programme shares, yearly budgets and capacities are the rows of
:func:`vmo_lib.portfolio.funding.model.build_model` on the expanded projects (each start
with its shifted yearly costs and demand). Among equally valuable portfolios the earliest
starts are kept (:func:`earliest_starts`): the value is the proven optimum either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from vmo_lib.display.tables import money_text
from vmo_lib.portfolio.funding.fallback import broken_constraints
from vmo_lib.portfolio.funding.inputs import SelectionSpec
from vmo_lib.portfolio.funding.model import (
    Constraint,
    SelectionModel,
    _Rows,
    build_model,
)
from vmo_lib.portfolio.funding.resources import CapacityInputs

__all__ = ["Deferred", "build_deferred", "earliest_starts", "project_mask"]


@dataclass(frozen=True)
class Deferred:
    """The expanded model and, per variable, its project position (``owner``) and ``delay``
    (periods late); ``spec`` is the user's (one row per project)."""

    spec: SelectionSpec
    model: SelectionModel
    owner: np.ndarray
    delay: np.ndarray


def _shifted_yearly(spec: SelectionSpec, starts: int) -> np.ndarray:
    """Yearly costs (money) per start (rows ordered project by project) and budgeted year."""
    n = len(spec.ids)
    out = np.zeros((n * starts, len(spec.years)))
    if spec.yearly_table is None or not len(spec.years):
        return out
    table = spec.yearly_table
    for delay in range(starts):
        wanted = [int(y) - delay for y in spec.years]  # type: ignore[call-overload]  # years checked whole
        out[delay::starts] = table.reindex(columns=wanted, fill_value=0.0).to_numpy(float)
    return out


def _shifted_capacity(capacity: CapacityInputs | None, starts: int) -> CapacityInputs | None:
    if capacity is None:
        return None
    parts = range(starts)
    return replace(
        capacity,
        positions=np.concatenate([capacity.positions * starts + d for d in parts]),
        periods=np.concatenate([capacity.periods + d for d in parts]),
        resources=np.concatenate([capacity.resources for _ in parts]),
        amounts=np.concatenate([capacity.amounts for _ in parts]),
    )


def _start_ids(ids: pd.Index, owner: np.ndarray, delay: np.ndarray) -> pd.Index:
    """One flat id ``(project id, delay)`` per start variable."""
    labels: list[Any] = [(ids[int(p)], int(d)) for p, d in zip(owner, delay, strict=True)]
    return pd.Index(labels, tupleize_cols=False, dtype="object")


def build_deferred(spec: SelectionSpec, budget: float) -> Deferred:
    """The integer programme with one variable per project and start (see the module text)."""
    starts = spec.max_deferral + 1
    ids, n = spec.ids, len(spec.ids)
    owner, delay = np.repeat(np.arange(n), starts), np.tile(np.arange(starts), n)
    expanded = replace(
        spec,
        ids=_start_ids(ids, owner, delay),
        values=spec.values[owner],
        costs=spec.costs[owner],
        must_fund=np.zeros(0, int),
        must_not_fund=np.zeros(0, int),
        requires=(),
        exclusive=(),
        exclusive_numbers=(),
        group_of=spec.group_of[owner],
        yearly_costs=_shifted_yearly(spec, starts),
        capacity=_shifted_capacity(spec.capacity, starts),
        max_deferral=0,
        yearly_table=None,
    )
    base = build_model(expanded, budget)
    items = list(base.constraints)
    rows = _Rows()
    fixed, fixed_to, fixed_owner = [list(a) for a in (base.fixed, base.fixed_to, base.fixed_owner)]

    def own(kind: str, key: tuple, text: str) -> int:
        items.append(Constraint(kind, key, text))
        return len(items) - 1

    def options(p: int) -> np.ndarray:
        return np.arange(p * starts, (p + 1) * starts)

    for p in spec.must_fund:
        text = f"must fund {ids[p]!r} (cost {money_text(spec.costs[p])})"
        rows.add(options(p), np.ones(starts), 1.0, np.inf, own("must_fund", (ids[p],), text))
    for p in spec.must_not_fund:
        number = own("must_not_fund", (ids[p],), f"must not fund {ids[p]!r}")
        fixed += list(options(p))
        fixed_to += [0.0] * starts
        fixed_owner += [number] * starts
    for a, b in spec.requires:
        number = own("requires", (ids[a], ids[b]), f"{ids[a]!r} requires {ids[b]!r}")
        coefficients = np.r_[np.ones(starts), -np.ones(starts)]
        rows.add(np.r_[options(a), options(b)], coefficients, -np.inf, 0.0, number)
    for group, number in zip(spec.exclusive, spec.exclusive_numbers, strict=True):
        names = ", ".join(repr(ids[p]) for p in group)
        text = f"at most one of {names} (exclusive group {number})"
        columns = np.concatenate([options(p) for p in group])
        rows.add(columns, np.ones(len(columns)), -np.inf, 1.0, own("exclusive", (number,), text))
    for p in range(n):
        text = f"{ids[p]!r} starts once"
        number = own("one_start", (ids[p],), text)
        rows.add(options(p), np.ones(starts), -np.inf, 1.0, number)
        if spec.deferrable is not None and not spec.deferrable[p]:  # starts as planned only
            fixed += list(options(p)[1:])
            fixed_to += [0.0] * (starts - 1)
            fixed_owner += [number] * (starts - 1)
    model = replace(
        base,
        constraints=tuple(items),
        matrix=sparse.csr_array(sparse.vstack([base.matrix, rows.matrix(n * starts)])),
        lower=np.r_[base.lower, rows.lower],
        upper=np.r_[base.upper, rows.upper],
        row_owner=np.r_[base.row_owner, np.array(rows.owner, dtype=int)].astype(int),
        fixed=np.array(fixed, dtype=int),
        fixed_to=np.array(fixed_to, dtype=float),
        fixed_owner=np.array(fixed_owner, dtype=int),
    )
    return Deferred(spec, model, owner, delay)


def earliest_starts(deferred: Deferred, x: np.ndarray) -> np.ndarray:
    """``x`` with each funded project moved to its earliest start that keeps every constraint
    (same projects, same value: only the ties between starts are resolved, earliest first)."""
    x = np.asarray(x, bool).copy()
    for chosen in np.flatnonzero(x & (deferred.delay > 0)):
        first = chosen - deferred.delay[chosen]
        for earlier in range(first, chosen):
            trial = x.copy()
            trial[chosen], trial[earlier] = False, True
            if not broken_constraints(deferred.model, trial):
                x = trial
                break
    return x


def project_mask(deferred: Deferred, x: np.ndarray) -> tuple[np.ndarray, pd.Series]:
    """Funded mask per project and each project's start delay (periods late; <NA> when not
    funded) for the expanded funded mask ``x``."""
    x = np.asarray(x, bool)
    n = len(deferred.spec.ids)
    funded = np.zeros(n, bool)
    funded[deferred.owner[x]] = True
    delay = pd.Series(pd.NA, index=deferred.spec.ids, dtype="Int64", name="start_delay")
    delay.iloc[deferred.owner[x]] = deferred.delay[x]
    return funded, delay
