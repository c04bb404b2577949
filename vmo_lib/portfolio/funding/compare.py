"""The current portfolio beside the optimal one: value gained, projects in and out.

The question a VMO brings to the funding board: "at the same budget, what would we gain by
funding the value-optimal set instead of what we fund today, and which projects change?"

>>> values = pd.Series({"A": 60.0, "B": 50.0, "C": 40.0})
>>> costs = pd.Series({"A": 5.0, "B": 4.0, "C": 3.0})
>>> diff = compare_portfolios(values, costs, ["B", "C"], ["A", "C"])
>>> diff.value_gained, diff.added, diff.dropped, diff.kept
(10.0, ('A',), ('B',), ('C',))
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.portfolio.funding.inputs import SelectionInputError, check_inputs
from vmo_lib.portfolio.funding.select import Selection

CHANGES = ("keep", "add", "drop", "leave out")
"""``change`` per project: funded in both, only in the optimal set, only today, in neither."""


@dataclass(frozen=True, eq=False)
class PortfolioComparison:
    """Current against optimal funded set (money in currency units, value in score units).

    ``value_gained`` = optimal minus current value; ``value_gained_share`` the same as a share
    of the current value (NaN when that is 0); ``cost_change`` = optimal minus current cost.
    ``added`` (in the optimal set only), ``dropped`` (funded today only) and ``kept`` are ids in
    input order. ``table``: one row per project with ``value``, ``cost``, ``current``,
    ``optimal`` (bools) and ``change`` (see :data:`CHANGES`), ordered keep, add, drop, leave
    out and by value within each.
    """

    current_value: float
    current_cost: float
    optimal_value: float
    optimal_cost: float
    value_gained: float
    value_gained_share: float
    cost_change: float
    kept: tuple[Hashable, ...]
    added: tuple[Hashable, ...]
    dropped: tuple[Hashable, ...]
    table: pd.DataFrame


def compare_portfolios(
    values: pd.Series,
    costs: pd.Series,
    current_ids: Iterable[Hashable],
    optimal: Selection | Iterable[Hashable],
) -> PortfolioComparison:
    """Compare the funded set of today (``current_ids``) with ``optimal`` (a Selection or ids).

    Raises :class:`SelectionInputError` for unknown ids (listing all of them).
    """
    spec = check_inputs(values, costs, 0.0, check_budget=False)
    chosen = optimal.selected if isinstance(optimal, Selection) else optimal
    masks, problems = [], []
    for name, ids in (("current_ids", current_ids), ("optimal", chosen)):
        ids = list(ids)
        unknown = [i for i in ids if i not in spec.ids]
        if unknown:
            problems.append(f"{name}: unknown project ids {unknown[:8]!r}")
        masks.append(spec.ids.isin(ids))
    if problems:
        raise SelectionInputError(problems)
    now, best = masks
    change = np.select([now & best, best, now], list(CHANGES[:3]), CHANGES[3])
    table = pd.DataFrame(
        {"value": spec.values, "cost": spec.costs, "current": now, "optimal": best},
        index=spec.ids,
    ).assign(change=pd.Categorical(change, categories=list(CHANGES), ordered=True))
    table = table.sort_values(["change", "value"], ascending=[True, False], kind="stable")
    current_value, optimal_value = float(spec.values[now].sum()), float(spec.values[best].sum())
    gained = optimal_value - current_value
    return PortfolioComparison(
        current_value=current_value,
        current_cost=float(spec.costs[now].sum()),
        optimal_value=optimal_value,
        optimal_cost=float(spec.costs[best].sum()),
        value_gained=gained,
        value_gained_share=gained / current_value if current_value else float("nan"),
        cost_change=float(spec.costs[best].sum() - spec.costs[now].sum()),
        kept=tuple(spec.ids[now & best]),
        added=tuple(spec.ids[best & ~now]),
        dropped=tuple(spec.ids[now & ~best]),
        table=table,
    )
