"""Execution and value KPIs per project, computed from the portfolio's own tables.

Execution KPIs reuse :mod:`vmo_lib.baseline` (which reuses :mod:`vmo_lib.evm`): CPI, SPI, cost
overrun and on-budget flag, slip and on-time flag, and scope churn (approved changes per
project-year in delivery). Value KPIs come from the benefit register and the cash flows:

* ``benefit_realisation_rate``: realised / planned benefit value to date (EUR/EUR), summed
  over the project's benefits from :func:`vmo_lib.realization.realisation_to_date`;
* ``customer_realisation_rate`` and ``productivity_realisation_rate``: the same over benefits
  feeding customer drivers (category ``business`` by default) and productivity drivers
  (category ``operational``);
* ``roi_planned`` and ``npv_planned`` (EUR): from :func:`vmo_lib.finance.financial_metrics`;
* ``roi_to_date``: :func:`vmo_lib.finance.roi` of realised benefit to date on actual cost;
* ``npv_achieved`` (EUR): NPV at ``rate``, discounted to the project's first cash-flow year,
  of realised benefits minus planned costs up to ``as_of``; ``npv_planned_to_date`` is the
  same with the business case's expected benefits, and ``npv_gap`` their difference. The
  year of ``as_of`` counts pro rata to the quarters complete (realised benefits count only
  complete quarters too).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib import finance
from vmo_lib.baseline import PortfolioHealth, portfolio_health, project_performance, scope_churn
from vmo_lib.data.organisation import Organisation
from vmo_lib.evm import EacMethod
from vmo_lib.realization import last_complete_quarter, realisation_to_date
from vmo_lib.realization.periods import cut_to_date

__all__ = ["ExecutionKpis", "execution_kpis", "npv_to_date", "value_kpis"]

EXECUTION_COLUMNS = [
    "project_id",
    "name",
    "programme",
    "stage",
    "cpi",
    "spi",
    "cost_overrun",
    "on_budget",
    "slip_days",
    "on_time",
    "scope_changes",
    "changes_per_project_year",
]


@dataclass(frozen=True)
class ExecutionKpis:
    """Execution KPIs: one row per delivery project, and the portfolio's headline figures."""

    projects: pd.DataFrame
    portfolio: PortfolioHealth


def execution_kpis(
    projects: pd.DataFrame,
    as_of: str | pd.Timestamp,
    eac_method: EacMethod = "cpi",
    on_budget_tolerance: float = 0.05,
    on_time_tolerance_days: float = 30,
) -> ExecutionKpis:
    """On time, on budget, CPI, SPI and scope churn per delivery project (see module doc).

    ``changes_per_project_year`` is :func:`vmo_lib.baseline.scope_churn` run with each
    project as its own group.
    """
    perf = project_performance(projects, eac_method, on_budget_tolerance, on_time_tolerance_days)
    churn = scope_churn(projects.assign(programme=projects["project_id"]), as_of)
    per_year = churn.set_index("programme")["changes_per_project_year"]
    frame = perf.assign(changes_per_project_year=perf["project_id"].map(per_year))
    health = portfolio_health(
        projects, eac_method, on_budget_tolerance, on_time_tolerance_days, as_of=as_of
    )
    return ExecutionKpis(frame[EXECUTION_COLUMNS].reset_index(drop=True), health)


def value_kpis(
    org: Organisation,
    as_of: str | pd.Timestamp,
    rate: float = 0.08,
    customer_categories: Collection[str] = ("business",),
    productivity_categories: Collection[str] = ("operational",),
) -> pd.DataFrame:
    """Value KPIs per project (every project in ``org.projects``; see module doc for columns).

    Rates are shares (0.8 = 80 % of plan); money in the data's currency. Blank where the input
    is missing: no benefit planned to date, no cash flows, no cost yet.
    """
    ids = pd.Index(org.projects["project_id"].astype(str), name="project_id")
    out = pd.DataFrame(index=ids)
    out["name"] = org.projects["name"].to_numpy()
    out["stage"] = org.projects["stage"].astype(str).to_numpy()
    todate = realisation_to_date(org, as_of)
    register = org.benefits.set_index(org.benefits["benefit_id"].astype(str))
    todate["project_id"] = register["project_id"].astype(str).reindex(todate.index)
    category = org.value_drivers.set_index("driver_id")["category"].astype(str)
    todate["category"] = register["driver_id"].map(category).reindex(todate.index)
    groups = {
        "benefit_realisation_rate": todate,
        "customer_realisation_rate": todate[todate["category"].isin(customer_categories)],
        "productivity_realisation_rate": todate[todate["category"].isin(productivity_categories)],
    }
    for column, rows in groups.items():
        sums = rows.groupby("project_id")[["planned_to_date", "realised_to_date"]].sum()
        sums = sums.reindex(ids)
        if column == "benefit_realisation_rate":
            out["planned_to_date"] = sums["planned_to_date"].fillna(0.0)
            out["realised_to_date"] = sums["realised_to_date"].fillna(0.0)
        out[column] = _share(sums["realised_to_date"], sums["planned_to_date"])
    cost = pd.Series(org.projects["actual_cost"].to_numpy(dtype=float), index=ids)
    out["roi_to_date"] = finance.roi(out["realised_to_date"], cost.where(cost > 0))
    if len(org.cashflows):
        metrics = finance.financial_metrics(org.cashflows, rate).reindex(ids)
        out["roi_planned"] = metrics["roi"]
        out["npv_planned"] = metrics["npv"]
        to_date = npv_to_date(org, as_of, rate).reindex(ids)
        out = out.join(to_date)
    else:
        for column in ("roi_planned", "npv_planned", *_NPV_COLUMNS):
            out[column] = np.nan
    return out.reset_index()


_NPV_COLUMNS = ("npv_planned_to_date", "npv_achieved", "npv_gap")


def npv_to_date(org: Organisation, as_of: str | pd.Timestamp, rate: float) -> pd.DataFrame:
    """Planned and achieved NPV to date per project with cash flows (EUR; see module doc).

    >>> # one project, costs 100 in year 0, planned benefit 60 then 60; realised 30 in year 1
    >>> # npv_planned_to_date = -100 + 60 + 60/1.1 and npv_achieved = -100 + 0 + 30/1.1
    """
    quarter = last_complete_quarter(as_of)
    share_now = quarter.quarter / 4
    flows = org.cashflows[org.cashflows["year"] <= quarter.year].copy()
    weight = np.where(flows["year"] == quarter.year, share_now, 1.0)
    flows["cost"] = flows["investment_cost"].astype(float) * weight
    flows["planned"] = flows["expected_benefit"].astype(float) * weight
    actuals = cut_to_date(org.benefit_actuals, as_of)
    project_of = org.benefits.set_index(org.benefits["benefit_id"].astype(str))["project_id"]
    realised = (
        actuals.assign(
            project_id=actuals["benefit_id"].astype(str).map(project_of).astype(str),
            year=actuals["quarter"].map(lambda q: q.year),
        )
        .groupby(["project_id", "year"])["realised_value"]
        .sum()
    )
    by_project = {str(pid): part.droplevel(0) for pid, part in realised.groupby(level=0)}
    rows = {}
    for project_id, group in flows.groupby("project_id"):
        years = range(int(group["year"].min()), quarter.year + 1)
        by_year = group.groupby("year")[["cost", "planned"]].sum().reindex(years, fill_value=0)
        got = pd.Series(0.0, index=years)
        part = by_project.get(str(project_id))
        if part is not None:  # realised before the first cash-flow year counts in that year
            got += (
                part.groupby(np.maximum(part.index.to_numpy(), years.start))
                .sum()
                .reindex(years, fill_value=0)
            )
        planned = finance.npv(rate, (by_year["planned"] - by_year["cost"]).to_numpy())
        achieved = finance.npv(rate, got.to_numpy() - by_year["cost"].to_numpy())
        rows[str(project_id)] = (float(planned), float(achieved))
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(_NPV_COLUMNS[:2]))
    frame["npv_gap"] = frame["npv_achieved"] - frame["npv_planned_to_date"]
    frame.index.name = "project_id"
    return frame


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is 0 or blank."""
    den = denominator.where(denominator > 0)
    return numerator / den
