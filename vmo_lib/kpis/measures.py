"""Execution and value KPIs per project, computed from the portfolio's own tables.

Execution KPIs reuse :mod:`vmo_lib.baseline` (which reuses :mod:`vmo_lib.evm`): CPI, SPI, cost
overrun and on-budget flag, slip and on-time flag, and scope churn (approved changes per
project-year in delivery). Value KPIs come from the benefit register, the driver tree, the
cash flows and the earned-value figures (money in the organisation's currency, see
:mod:`vmo_lib.currency`):

* ``benefit_realisation_rate``: realised against planned benefit value to date, read with
  :func:`vmo_lib.realization.realisation_index` (1 = as planned, below 1 = worse, also for a
  net dis-benefit), summed over the project's benefits from
  :func:`vmo_lib.realization.realisation_to_date`;
* ``realisation_<objective id>``: the same over the benefits that feed one strategic
  objective of the driver tree (:func:`vmo_lib.drivers.driver_tree`): a benefit counts for
  the objective at the root of its driver's branch, so every leaf driver of the objective is
  in, and no driver of another objective is. :func:`objective_measures` names the columns;
* ``roi_planned`` and ``npv_planned`` (money): from :func:`vmo_lib.finance.financial_metrics`
  (the business case's cash flows);
* ``roi_to_date``: :func:`vmo_lib.finance.roi` of realised benefit to date on actual cost;
* ``npv_planned_to_date``, ``npv_achieved``, ``npv_gap`` and ``npv_forecast``: see
  :func:`vmo_lib.kpis.npv.npv_to_date` and :data:`~vmo_lib.kpis.npv.NPV_RULE` (re-exported
  here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from vmo_lib import finance
from vmo_lib.baseline import (
    PortfolioHealth,
    delivery_projects,
    measurement_rules,
    portfolio_health,
    project_performance,
)
from vmo_lib.data.organisation import Organisation
from vmo_lib.display.listing import quantity_text
from vmo_lib.drivers import driver_tree
from vmo_lib.evm import EAC_METHOD_LABELS, EacMethod
from vmo_lib.kpis.npv import NPV_COLUMNS, NPV_RULE, npv_frame, npv_to_date
from vmo_lib.realization import realisation_index, realisation_to_date

if TYPE_CHECKING:
    pass

__all__ = [
    "NPV_RULE",
    "REALISATION_RULE",
    "VALUE_TABLES",
    "ExecutionKpis",
    "ValueKpis",
    "changes_per_project_year",
    "execution_kpis",
    "execution_rules",
    "npv_to_date",
    "objective_measures",
    "realisation_by_programme",
    "value_kpis",
]

_DAYS_PER_YEAR = 365.25

VALUE_TABLES: tuple[str, ...] = ("benefits", "benefit_plan", "benefit_actuals")
"""The tables the value KPIs and the scorecard need (a notebook checks them with
:func:`vmo_lib.notebook.availability.has_tables`)."""

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

REALISATION_RULE = (
    "A realisation rate is the benefit value realised to date divided by the value planned "
    "to date (complete quarters only). Each strategic objective's rate counts the benefits "
    "whose value driver lies under that objective in the driver tree, whatever the driver's "
    "category."
)
"""The rule behind the realisation rates, in plain words, for the handout."""


@dataclass(frozen=True)
class ExecutionKpis:
    """Execution KPIs: one row per delivery project, and the portfolio's headline figures."""

    projects: pd.DataFrame
    portfolio: PortfolioHealth


@dataclass(frozen=True)
class ValueKpis:
    """Value KPIs: one row per project (see module doc), and the objective columns.

    ``objectives`` maps each ``realisation_<objective id>`` column to the objective's name
    (``"Be the most reliable partner"``), in tree order. ``by_objective`` is the portfolio's
    realisation per objective: ``objective_id``, ``objective``, ``drivers`` (the leaf drivers
    that feed it, by name), ``benefits``, ``planned_to_date``, ``realised_to_date`` and
    ``realisation_rate``.
    """

    projects: pd.DataFrame
    objectives: dict[str, str]
    by_objective: pd.DataFrame


def execution_kpis(
    projects: pd.DataFrame,
    as_of: str | pd.Timestamp,
    eac_method: EacMethod = "cpi",
    on_budget_tolerance: float = 0.05,
    on_time_tolerance_days: float = 30,
) -> ExecutionKpis:
    """On time, on budget, CPI, SPI and scope churn per delivery project (see module doc).

    ``changes_per_project_year`` is :func:`changes_per_project_year`. A closed project's SPI
    is blank (not rated): its earned and planned values both equal its budget, so its SPI is
    1 however late it finished (notebook 00); its finish slip judges its schedule instead.
    """
    perf = project_performance(projects, eac_method, on_budget_tolerance, on_time_tolerance_days)
    per_year = changes_per_project_year(projects, as_of)
    frame = perf.assign(changes_per_project_year=perf["project_id"].astype(str).map(per_year))
    closed = frame["stage"].astype("string").eq("closed").fillna(False).astype(bool)
    frame["spi"] = frame["spi"].where(~closed)
    health = portfolio_health(
        projects, eac_method, on_budget_tolerance, on_time_tolerance_days, as_of=as_of
    )
    return ExecutionKpis(frame[EXECUTION_COLUMNS].reset_index(drop=True), health)


def execution_rules(
    kpis: ExecutionKpis, on_budget_tolerance: float, on_time_tolerance_days: float
) -> tuple[str, ...]:
    """The rules behind the execution KPIs, in plain words, for the handout: the portfolio
    indices as notebook 00 states them (:func:`vmo_lib.baseline.measurement_rules`), then
    the EAC, the project flags and scope churn."""
    shared = measurement_rules(kpis.portfolio)[:2]
    own = (
        f"The forecast final cost (EAC) uses {EAC_METHOD_LABELS[kpis.portfolio.eac_method]}; "
        "where money has been spent but nothing earned yet it is AC + (BAC - EV), and a "
        "project with nothing paid for yet has no forecast.",
        f"A project is on budget when its forecast final cost (EAC) is at most "
        f"{on_budget_tolerance:.0%} above its budget, and on time when its forecast finish is "
        f"at most {quantity_text(on_time_tolerance_days)} days after its baseline finish. "
        "Scope churn is the approved scope changes per year the project has been in delivery "
        "(start to the review date, or to its finish once closed).",
        "A closed project's SPI is left blank and not rated: it is 1 however late the project "
        "finished; its slip rates its schedule.",
    )
    return (*shared, *own)


def changes_per_project_year(projects: pd.DataFrame, as_of: str | pd.Timestamp) -> pd.Series:
    """Approved scope changes per year in delivery, per delivery project (by project id).

    The rule of :func:`vmo_lib.baseline.scope_churn` with each project as its own group,
    vectorised: changes / years from start to ``as_of`` (to the finish if closed, never past
    ``as_of``); blank when either is unknown or no time has passed.
    """
    delivery = delivery_projects(projects)
    day = pd.Timestamp(as_of)
    closed = delivery["stage"].astype("string").eq("closed").fillna(False).astype(bool)
    end = delivery["forecast_finish"].where(closed, day)
    end = end.mask(end > day, day)  # never past as_of; an unknown finish stays unknown
    years = ((end - delivery["start_date"]).dt.days / _DAYS_PER_YEAR).clip(lower=0)
    changes = delivery["scope_changes"].to_numpy(dtype=float, na_value=np.nan)
    rate = changes / years.where(years > 0).to_numpy(dtype=float)
    return pd.Series(rate, index=delivery["project_id"].astype(str).to_numpy())


def objective_measures(value_drivers: pd.DataFrame) -> dict[str, str]:
    """``realisation_<objective id>`` -> objective name, for every objective of the tree.

    >>> tree = pd.DataFrame({"driver_id": ["O-C", "D-1"], "parent_id": [None, "O-C"],
    ...     "name": ["Customers", "On time"], "category": ["strategic", "business"]})
    >>> objective_measures(tree)
    {'realisation_O-C': 'Customers'}
    """
    tree = driver_tree(value_drivers)
    return {_column(o): tree.name(o) for o in tree.objectives}


def _column(objective: str) -> str:
    return f"realisation_{objective}"


def _objective_of(value_drivers: pd.DataFrame) -> pd.Series:
    """Each driver id -> the objective at the root of its branch."""
    tree = driver_tree(value_drivers)
    return pd.Series({d: tree.path(d)[0] for d in tree.frame.index}, dtype=object)


def value_kpis(
    org: Organisation,
    as_of: str | pd.Timestamp,
    rate: float = 0.08,
    eac_method: EacMethod = "cpi",
) -> ValueKpis:
    """Value KPIs per project (every project in ``org.projects``; see module doc for columns).

    Rates are shares (0.8 = 80 % of plan); money in the data's currency. Blank where the input
    is missing: no benefit planned to date, no cash flows, no cost yet. ``eac_method`` sets
    the estimate at completion behind ``npv_forecast``.
    """
    ids = pd.Index(org.projects["project_id"].astype(str), name="project_id")
    out = pd.DataFrame(index=ids)
    out["name"] = org.projects["name"].to_numpy()
    if "programme" in org.projects:
        out["programme"] = org.projects["programme"].astype(str).to_numpy()
    out["stage"] = org.projects["stage"].astype(str).to_numpy()
    # Organisation's tables are read-only properties; BenefitData declares plain attributes
    todate = realisation_to_date(org, as_of)
    register = org.benefits.set_index(org.benefits["benefit_id"].astype(str))
    todate["project_id"] = register["project_id"].astype(str).reindex(todate.index)
    objective_of = _objective_of(org.value_drivers)
    driver = register["driver_id"].astype(str).reindex(todate.index)
    todate["objective"] = driver.map(objective_of)
    money = ["planned_to_date", "realised_to_date"]
    sums = todate.groupby("project_id")[money].sum().reindex(ids)
    out["planned_to_date"] = sums["planned_to_date"].fillna(0.0)
    out["realised_to_date"] = sums["realised_to_date"].fillna(0.0)
    out["benefit_realisation_rate"] = realisation_index(
        sums["planned_to_date"], sums["realised_to_date"]
    )
    objectives = objective_measures(org.value_drivers)
    by_objective = todate.groupby(["objective", "project_id"])[money].sum()
    present = set(by_objective.index.get_level_values("objective"))
    for column in objectives:
        objective = column.removeprefix("realisation_")
        if objective not in present:  # no benefit feeds this objective
            out[column] = np.nan
            continue
        part = by_objective.loc[objective].reindex(ids)
        out[column] = realisation_index(part["planned_to_date"], part["realised_to_date"])
    totals = _objective_totals(org.value_drivers, todate)
    cost = pd.Series(org.projects["actual_cost"].to_numpy(dtype=float), index=ids)
    out["roi_to_date"] = finance.roi(out["realised_to_date"], cost.where(cost > 0))
    if len(org.cashflows):
        out = out.join(npv_frame(org, as_of, rate, eac_method).reindex(ids))
    else:
        for column in ("roi_planned", "npv_planned", *NPV_COLUMNS):
            out[column] = np.nan
    return ValueKpis(out.reset_index(), objectives, totals)


def _objective_totals(value_drivers: pd.DataFrame, todate: pd.DataFrame) -> pd.DataFrame:
    """Planned and realised to date per objective over the whole portfolio (see ValueKpis)."""
    tree = driver_tree(value_drivers)
    sums = todate.groupby("objective")[["planned_to_date", "realised_to_date"]].sum()
    counts = todate.groupby("objective").size()
    rows = []
    for objective in tree.objectives:
        leaves = [d for d in tree.leaves if tree.path(d)[0] == objective]
        planned = float(sums["planned_to_date"].get(objective, 0.0))
        realised = float(sums["realised_to_date"].get(objective, 0.0))
        rows.append(
            {
                "objective_id": objective,
                "objective": tree.name(objective),
                "drivers": "; ".join(tree.name(d) for d in leaves),
                "benefits": int(counts.get(objective, 0)),
                "planned_to_date": planned,
                "realised_to_date": realised,
                "realisation_rate": realisation_index(planned, realised),
            }
        )
    return pd.DataFrame(rows)


def realisation_by_programme(projects: pd.DataFrame, group: str = "programme") -> pd.DataFrame:
    """Benefit realisation to date per programme (``group``), over the projects of
    :attr:`ValueKpis.projects` with benefit due: ``projects`` (count), ``planned_to_date``,
    ``realised_to_date`` and ``benefit_realisation_rate`` = realised / planned (money summed
    first, so large projects weigh more), highest rate first.

    >>> frame = pd.DataFrame({"programme": ["A", "A", "B"], "planned_to_date": [100.0, 300, 50],
    ...                       "realised_to_date": [100.0, 100, 0]})
    >>> realisation_by_programme(frame)["benefit_realisation_rate"].tolist()
    [0.5, 0.0]
    """
    due = projects[projects["planned_to_date"] != 0]
    sums = due.groupby(group, sort=True).agg(
        projects=("planned_to_date", "size"),
        planned_to_date=("planned_to_date", "sum"),
        realised_to_date=("realised_to_date", "sum"),
    )
    sums["benefit_realisation_rate"] = realisation_index(
        sums["planned_to_date"], sums["realised_to_date"]
    )
    return sums.sort_values("benefit_realisation_rate", ascending=False).reset_index()
