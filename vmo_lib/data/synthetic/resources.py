"""Scarce resources: the ``resource_demand`` and ``resource_capacity`` tables.

Why: a portfolio board tests the funded set against people as well as money. These tables
give each project's need for a few scarce skills per year (FTE, full-time equivalents
averaged over the year) and what the organisation can staff, so the selection in notebook 04
can keep every skill within capacity.

How they are drawn (vectorised, from a generator of their own so adding them left every
other table of a seed unchanged):

* a project needs a resource with the resource's probability (times its programme's
  affinity, when one is given), in every year from the data date on in which it plans to
  spend (``cashflows.investment_cost`` > 0); closed projects need nothing;
* the amount is the year's planned spend times a drawn share of it (``share_range``)
  divided by :data:`FTE_YEAR_COST`, rounded to 0.1 FTE (amounts under 0.1 are dropped);
* capacity per resource and year is a fraction (``scarcity``) of what all open projects
  together need that year, rounded to 0.5 FTE: a scarcity well below one makes the skill
  bind once the budget is large enough.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.calendar import DATA_DATE

__all__ = [
    "FTE_YEAR_COST",
    "GENERIC_RESOURCES",
    "RESOURCE_STREAM",
    "ResourceSpec",
    "resource_tables",
]

FTE_YEAR_COST = 110_000.0
"""Money per FTE-year assumed when turning a project's planned spend into people (currency
units of the dataset)."""

RESOURCE_STREAM = 17
"""Stream number of the resources' generator: ``default_rng([seed, RESOURCE_STREAM])``."""


@dataclass(frozen=True)
class ResourceSpec:
    """One scarce resource: how often projects need it and how scarce it is.

    ``probability``: chance that a project needs it (0-1); ``share_range``: (low, high) share
    of a project's yearly spend that goes to it; ``scarcity``: capacity as a share of what
    all open projects need in a year; ``affinity``: programme -> multiplier of the probability
    (programmes not listed: 1).
    """

    name: str
    probability: float
    share_range: tuple[float, float]
    scarcity: float
    affinity: Mapping[str, float] = field(default_factory=dict)


GENERIC_RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec("Data engineers", 0.45, (0.08, 0.22), 0.45),
    ResourceSpec("Solution architects", 0.6, (0.04, 0.10), 0.55),
    ResourceSpec("Change managers", 0.5, (0.05, 0.15), 0.6),
    ResourceSpec("Security specialists", 0.3, (0.03, 0.08), 0.7),
)
"""Four skills for generated organisations, from scarcest to least scarce."""


def _open_spend(projects: pd.DataFrame, cashflows: pd.DataFrame) -> pd.DataFrame:
    """Planned spend (project_id, year, investment_cost > 0) of open projects, from the data
    date's year on, in the order of ``projects`` then year."""
    open_ids = projects.loc[projects["stage"] != "closed", "project_id"]
    flows = cashflows[
        cashflows["project_id"].isin(open_ids)
        & (cashflows["year"] >= DATA_DATE.year)
        & (cashflows["investment_cost"] > 0)
    ]
    order = pd.Series(np.arange(len(projects)), index=projects["project_id"])
    flows = flows.assign(_order=flows["project_id"].map(order).to_numpy())
    return flows.sort_values(["_order", "year"], kind="stable").drop(columns="_order")


def resource_tables(
    rng: np.random.Generator,
    projects: pd.DataFrame,
    cashflows: pd.DataFrame,
    resources: tuple[ResourceSpec, ...] = GENERIC_RESOURCES,
) -> dict[str, pd.DataFrame]:
    """``resource_demand`` and ``resource_capacity`` for ``projects`` (see the module text).

    ``projects`` needs ``project_id``, ``programme`` and ``stage``; ``cashflows`` needs
    ``project_id``, ``year`` and ``investment_cost`` (money). Amounts in FTE.
    """
    ids = projects["project_id"].to_numpy()
    programme = projects.set_index("project_id")["programme"]
    flows = _open_spend(projects, cashflows)
    demand_parts, capacity_parts = [], []
    for spec in resources:
        boost = programme.map(lambda p, s=spec: s.affinity.get(p, 1.0)).to_numpy(float)
        needs = rng.random(len(ids)) < np.clip(spec.probability * boost, 0.0, 1.0)
        share = pd.Series(rng.uniform(*spec.share_range, len(ids)), index=ids)
        chosen = flows[flows["project_id"].isin(ids[needs])]
        amount = np.round(
            chosen["investment_cost"].to_numpy(float)
            * share.reindex(chosen["project_id"]).to_numpy()
            / FTE_YEAR_COST,
            1,
        )
        part = pd.DataFrame(
            {
                "project_id": chosen["project_id"].to_numpy(),
                "period": chosen["year"].to_numpy(int),
                "resource": spec.name,
                "amount": amount,
            }
        )
        part = part[part["amount"] >= 0.1]
        demand_parts.append(part)
        total = part.groupby("period")["amount"].sum()
        capacity_parts.append(
            pd.DataFrame(
                {
                    "period": total.index.to_numpy(int),
                    "resource": spec.name,
                    "amount": np.maximum(np.round(total.to_numpy() * spec.scarcity * 2) / 2, 0.5),
                }
            )
        )
    columns: dict[str, list[object]] = {
        c: [] for c in ("project_id", "period", "resource", "amount")
    }
    demand = pd.concat(demand_parts, ignore_index=True) if demand_parts else pd.DataFrame(columns)
    capacity = (
        pd.concat(capacity_parts, ignore_index=True)
        if capacity_parts
        else pd.DataFrame({k: [] for k in ("period", "resource", "amount")})
    )
    return {"resource_demand": demand, "resource_capacity": capacity}
