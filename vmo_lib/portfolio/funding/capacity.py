"""Demand against capacity per resource and period, for any portfolio.

:func:`capacity_use` adds up what the funded projects need of each scarce resource in each
period (their demand moved by their start delay, when starts are deferred) and sets it
beside the capacity: the table behind notebook 04's heatmap, for the current portfolio and
the recommended one. :func:`binding_resources` names the (resource, period) pairs used to
the full.

>>> demand = pd.DataFrame({"project_id": ["A", "B", "B"], "period": [2027, 2027, 2028],
...     "resource": ["Architects"] * 3, "amount": [2.0, 1.5, 1.0]})
>>> capacity = pd.DataFrame({"period": [2027, 2028], "resource": ["Architects"] * 2,
...     "amount": [3.5, 2.0]})
>>> use = capacity_use(demand, capacity, ["A", "B"])
>>> use[["resource", "period", "demand", "capacity", "use"]].to_dict("records")[0]
{'resource': 'Architects', 'period': 2027, 'demand': 3.5, 'capacity': 3.5, 'use': 1.0}
>>> binding_resources(use)
[('Architects', 2027)]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["USE_COLUMNS", "binding_resources", "capacity_use", "current_and_recommended"]

USE_COLUMNS = ("resource", "period", "demand", "capacity", "use", "over")
"""Columns of :func:`capacity_use`: amounts in the resource's unit (e.g. FTE), ``use`` the
share of capacity needed (NaN without a capacity), ``over`` demand above capacity."""

_TOLERANCE = 1e-9


def capacity_use(
    resource_demand: pd.DataFrame,
    resource_capacity: pd.DataFrame,
    funded: Iterable[Hashable],
    start_delay: Mapping[Hashable, int] | pd.Series | None = None,
) -> pd.DataFrame:
    """Demand of the ``funded`` projects against capacity, one row per resource and period.

    ``resource_demand`` (``project_id``, ``period``, ``resource``, ``amount``) and
    ``resource_capacity`` (``period``, ``resource``, ``amount``) as in the dataset;
    ``start_delay``: periods each project starts late (missing or <NA>: on time; periods
    must then be whole numbers). Rows: every (resource, period) with a capacity or a
    demand, sorted by resource then period. Vectorised (10,000 projects are fine).
    """
    funded = pd.Index(list(funded))
    need = resource_demand[resource_demand["project_id"].isin(funded)]
    periods = need["period"]
    if start_delay is not None and len(need):
        delay = pd.Series(start_delay, dtype="Float64").reindex(need["project_id"])
        periods = periods + delay.fillna(0).to_numpy(dtype=float).astype(int)
    demand = (
        pd.DataFrame({"resource": need["resource"].to_numpy(), "period": np.asarray(periods)})
        .assign(demand=need["amount"].to_numpy(float))
        .groupby(["resource", "period"], sort=False)["demand"]
        .sum()
    )
    capacity = resource_capacity.groupby(["resource", "period"], sort=False)["amount"].sum()
    keys = demand.index.union(capacity.index)
    table = pd.DataFrame(
        {
            "demand": demand.reindex(keys, fill_value=0.0).to_numpy(float),
            "capacity": capacity.reindex(keys).to_numpy(float),
        },
        index=keys,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        table["use"] = np.where(
            table["capacity"] > 0,
            table["demand"] / table["capacity"],
            np.where(table["demand"] > 0, np.inf, 0.0),
        )
    table.loc[table["capacity"].isna(), "use"] = np.nan
    scale = _TOLERANCE * (1.0 + table["capacity"].abs())
    table["over"] = (table["demand"] > table["capacity"] + scale).fillna(False).astype(bool)
    table = table.reset_index().rename(columns={"level_0": "resource", "level_1": "period"})
    return table.sort_values(["resource", "period"], kind="stable").reset_index(drop=True)[
        list(USE_COLUMNS)
    ]


def binding_resources(use: pd.DataFrame, at_least: float = 0.999) -> list[tuple[Hashable, ...]]:
    """(resource, period) pairs whose demand reaches ``at_least`` of capacity (0-1), in the
    order of ``use`` (a :func:`capacity_use` table)."""
    full = use["use"].to_numpy(float) >= at_least - _TOLERANCE
    full &= use["capacity"].notna().to_numpy()
    return list(zip(use["resource"][full], use["period"][full], strict=True))


def current_and_recommended(
    resource_demand: pd.DataFrame,
    resource_capacity: pd.DataFrame,
    current: Iterable[Hashable],
    recommended: Iterable[Hashable],
    start_delay: Mapping[Hashable, int] | pd.Series | None = None,
) -> dict[str, pd.DataFrame]:
    """The two :func:`capacity_use` tables notebook 04's heatmap sets side by side: the
    current portfolio (as planned) and the recommended one (with its start delays)."""
    return {
        "Current portfolio (approved and in flight, as planned)": capacity_use(
            resource_demand, resource_capacity, current
        ),
        "Recommended portfolio": capacity_use(
            resource_demand, resource_capacity, recommended, start_delay
        ),
    }
