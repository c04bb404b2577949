"""Break-even costs and the sentences a steering committee reads about borderline projects.

:func:`cost_break_even` finds the cost at which a project's decision changes, all else
unchanged (value, the other projects, the limits): for a project out, the highest cost at
which it would come in; for a project in, the highest cost at which it stays in. Each trial
cost is an exact solve with the project forced in, compared with the best portfolio
without it (which does not depend on its cost); the cost is found by bisection to
``relative_tolerance`` of its current cost (1% by default: sentences show two figures).
Its yearly costs scale with it; its resource demand does not change. Exact when the
limits only cap spending (budget, yearly budgets, programme maximums, capacity); a
programme minimum can make the answer one of several.

:func:`steering_sentence` puts a row of :func:`~vmo_lib.portfolio.funding.explain.explain_selection`
in words: "P-32 comes in if its value score reaches 7.1, or its cost falls to GBP 1.9M"
(money in the currency in force, :mod:`vmo_lib.currency`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.display.tables import money_short_text
from vmo_lib.portfolio.funding.explain import problem_model
from vmo_lib.portfolio.funding.inputs import SelectionInputError, SelectionSpec, check_inputs
from vmo_lib.portfolio.funding.model import solve_outcome
from vmo_lib.portfolio.funding.select import optimise

__all__ = ["cost_break_even", "steering_sentence", "steering_sentences"]


def _with_cost(spec: SelectionSpec, p: int, cost: float) -> SelectionSpec:
    """``spec`` with project ``p`` costing ``cost`` (money), its yearly costs scaled alike."""
    old = float(spec.costs[p])
    factor = cost / old if old > 0 else 0.0
    costs = spec.costs.copy()
    costs[p] = cost
    yearly = spec.yearly_costs.copy()
    yearly[p] *= factor
    table = spec.yearly_table
    if table is not None:
        table = table.copy()
        table.iloc[p] *= factor
    return replace(spec, costs=costs, yearly_costs=yearly, yearly_table=table)


def _best(spec: SelectionSpec, budget: float, p: int, funded: bool, time_limit) -> float:
    """Best total value with project ``p`` forced in (``funded``) or out; -inf if none."""
    model, owner, _ = problem_model(spec, budget)
    line = (owner == p).astype(float)
    bound = (line, 1.0) if funded else (-line, 0.0)
    found = solve_outcome(model, at_least=bound, time_limit=time_limit)
    return -np.inf if found.x is None else float(model.spec.values[found.x].sum())


def cost_break_even(
    values: pd.Series,
    costs: pd.Series,
    budget: float,
    project: Hashable,
    *,
    funded: bool | None = None,
    relative_tolerance: float = 0.01,
    time_limit: float | None = None,
    **constraints: Any,
) -> float | None:
    """The cost (money) at which ``project``'s decision changes (see the module text).

    Out: the highest cost at which it comes in (None when even a cost of 0 does not bring
    it in). In: the highest cost at which it stays in (``inf`` when it stays in at any cost
    within the budget). ``constraints``: those of :func:`~vmo_lib.portfolio.select_projects`.
    ``funded``: the decision to start from (e.g. from :func:`explain_selection`, when several
    portfolios tie; None: the solver's).
    """
    constraints.pop("prefer_cheaper", None)
    spec = check_inputs(values, costs, budget, **constraints)
    budget = float(budget)
    p = int(spec.ids.get_indexer(pd.Index([project]))[0])
    if p < 0:
        raise SelectionInputError([f"project: unknown project id {project!r}"])
    model, owner, _ = problem_model(spec, budget)
    found = optimise(model, time_limit=time_limit)
    if found is None:
        return None
    funded = bool(found.x[owner == p].any())
    target = (
        _best(spec, budget, p, False, time_limit)
        if funded
        else float(model.spec.values[found.x].sum())
    )
    margin = 1e-9 * (1.0 + abs(target))

    def comes_in(cost: float) -> bool:
        return _best(_with_cost(spec, p, cost), budget, p, True, time_limit) >= target - margin

    cost = float(spec.costs[p])
    if funded:
        low, high = cost, budget
        if comes_in(high):
            return np.inf
    else:
        low, high = 0.0, cost
        if not comes_in(low):
            return None
    step = relative_tolerance * max(cost, relative_tolerance * budget, 1.0)
    while high - low > step:
        middle = (low + high) / 2
        low, high = (middle, high) if comes_in(middle) else (low, middle)
    return low


def _score(value: float) -> str:
    return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"


def steering_sentence(
    project: Hashable,
    row: Mapping[str, Any] | pd.Series,
    *,
    cost_break_even: float | None = None,
    currency: str | None = None,
    score_name: str = "value score",
) -> str:
    """One sentence about ``project`` from its :func:`explain_selection` ``row``.

    >>> row = {"funded": False, "reason": "budget", "break_even_value": 7.08}
    >>> steering_sentence("P-32", row, cost_break_even=1.9e6, currency="GBP")
    'P-32 comes in if its value score reaches 7.1, or its cost falls to GBP 1.9M.'
    >>> row = {"funded": True, "reason": "good value", "break_even_value": 3.2}
    >>> steering_sentence("P-12", row, cost_break_even=float("inf"), currency="GBP")
    'P-12 drops out if its value score falls below 3.2.'
    >>> steering_sentence("P-13", {"funded": True, "reason": "good", "break_even_value": 0.0})
    'P-13 stays in at any value score above zero.'
    """
    reason = str(row["reason"])
    if reason == "not scored":
        return f"{project} has no value score yet: it is considered once it is scored."
    if reason.startswith(("mandatory", "must fund", "must not fund")):
        return f"{project} is {'funded' if row['funded'] else 'left out'}: {reason}."
    value = row["break_even_value"]
    money = (
        money_short_text(cost_break_even, currency, decimals=1)
        if cost_break_even is not None and np.isfinite(cost_break_even)
        else None
    )
    if row["funded"]:
        if value is None or not np.isfinite(value):
            return f"{project} stays in whatever its value score ({reason})."
        if value <= 0:  # a score cannot fall below 0: only its cost could change the decision
            text = f"{project} stays in at any {score_name} above zero"
            return text + (f"; it drops out if its cost rises above {money}." if money else ".")
        text = f"{project} drops out if its {score_name} falls below {_score(value)}"
        return text + (f", or its cost rises above {money}." if money else ".")
    if value is None or not np.isfinite(value):
        return f"{project} cannot come in under these limits ({reason})."
    text = f"{project} comes in if its {score_name} reaches {_score(value)}"
    return text + (f", or its cost falls to {money}." if money else ".")


def steering_sentences(
    table: pd.DataFrame,
    cost_break_evens: Mapping[Hashable, float | None] | None = None,
    *,
    currency: str | None = None,
) -> pd.Series:
    """:func:`steering_sentence` for every explained row of ``table`` (index project id)."""
    rows = table[table["explained"]] if "explained" in table else table
    costs = cost_break_evens or {}
    return pd.Series(
        [
            steering_sentence(p, r, cost_break_even=costs.get(p), currency=currency)
            for p, r in rows.iterrows()
        ],
        index=rows.index,
        name="sentence",
        dtype=object,
    )
