"""Earned value project by project: the triple-constraint view of each project in delivery.

Pure functions on the ``projects`` table (columns in :mod:`vmo_lib.data.schema`).

Which projects count
--------------------
Earned value needs work to have started, so cost and schedule measures cover the *delivery*
stages only: ``in flight`` and ``closed`` (:data:`DELIVERY_STAGES`). ``proposed`` and
``approved`` projects are counted in the stage totals but have no earned value, no slip and no
on-time or on-budget flag. Within delivery:

* **on budget** is judged on the forecast final cost: the actual cost for a ``closed`` project
  (its cost is known), the estimate at completion (EAC) for an ``in flight`` one. Projects whose
  forecast is blank (nothing paid for yet, see :mod:`vmo_lib.evm`) are left out of the rate.
* **on time** is judged on the forecast (or actual) finish against the baseline finish.

:func:`programme_totals` sums the project table per programme (earned value over projects in
flight, finish slip over closed ones), as :func:`vmo_lib.baseline.health.portfolio_health`
does for the whole portfolio.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from vmo_lib.evm import METRICS, EacMethod, earned_value_of

DELIVERY_STAGES: tuple[str, ...] = ("in flight", "closed")
"""Stages in which work has started, so earned value applies."""
REPORTING_STAGES: tuple[str, ...] = ("in flight",)
"""Stages whose RAG status is a current report on work under way (approved projects have not
started and closed ones report no more)."""


def delivery_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """The projects in :data:`DELIVERY_STAGES` (work started), in their original order."""
    return projects[projects["stage"].astype("string").isin(DELIVERY_STAGES).fillna(False)]


def project_performance(
    projects: pd.DataFrame,
    eac_method: EacMethod = "cpi",
    on_budget_tolerance: float = 0.05,
    on_time_tolerance_days: float = 30,
) -> pd.DataFrame:
    """Earned value, slip and on-time/on-budget flags for each project in delivery.

    One row per ``in flight`` or ``closed`` project (index kept from ``projects``) with the
    identifying columns, the EVM inputs, ``cv, sv, cpi, spi, eac, etc, vac, tcpi, tcpi_eac``
    (see :func:`vmo_lib.evm.earned_value`; ``eac_method`` picks the EAC formula) and:

    * ``eac_basis``: which rule gave the EAC, in words (the chosen method, or the stated rule
      when nothing is earned yet, no work remains, or EV exceeds BAC);
    * ``ev_over_bac``: earned value above the budget (scope grew without a new baseline);

    * ``final_cost`` (currency): actual cost if closed, EAC if in flight;
    * ``cost_overrun`` (share of BAC): ``final_cost / BAC - 1``, positive = over budget;
    * ``on_budget``: ``cost_overrun <= on_budget_tolerance`` (blank when the forecast is blank);
    * ``slip_days`` (days): forecast (or actual) finish minus baseline finish, positive = late;
    * ``on_time``: ``slip_days <= on_time_tolerance_days`` (blank when a date is missing);
    * ``why_blank``: why any metric of the row is blank, in plain words.

    >>> row = project_performance(example_projects()).iloc[0]
    >>> float(row["cpi"]), float(row["slip_days"]), bool(row["on_time"])
    (0.8, 61.0, False)
    """
    delivery = delivery_projects(projects)
    ev = earned_value_of(delivery, eac_method)
    closed = delivery["stage"].astype("string").eq("closed").fillna(False)
    # earned_value_of keeps the table's index, so every metric is a Series here
    ac, eac, earned, bac = (cast(pd.Series, v) for v in (ev.ac, ev.eac, ev.ev, ev.bac))
    final_cost = ac.where(closed, eac)
    with np.errstate(divide="ignore", invalid="ignore"):
        overrun = (final_cost / bac - 1).replace([np.inf, -np.inf], np.nan)
    slip = (delivery["forecast_finish"] - delivery["planned_finish"]).dt.days.astype(float)
    keep = ["project_id", "name", "programme", "stage", "rag_status", "scope_changes"]
    out = delivery[keep].copy()
    for column in ("budget_at_completion", "planned_value", "earned_value", "actual_cost"):
        out[column] = delivery[column].astype(float)
    for metric in METRICS:
        out[metric] = getattr(ev, metric)
    out["eac_basis"] = ev.eac_basis
    out["ev_over_bac"] = (earned > bac).to_numpy()
    out["final_cost"] = final_cost
    out["cost_overrun"] = overrun
    out["on_budget"] = _flag(overrun, overrun <= on_budget_tolerance)
    out["slip_days"] = slip
    out["on_time"] = _flag(slip, slip <= on_time_tolerance_days)
    out["why_blank"] = ev.why_blank
    return out


def stage_performance(performance: pd.DataFrame, stage: str) -> pd.DataFrame:
    """The rows of :func:`project_performance` in one ``stage`` (``in flight`` or ``closed``).

    >>> stage_performance(project_performance(example_projects()), "closed")["project_id"].tolist()
    ['P-02']
    """
    return performance[performance["stage"].astype("string").eq(stage).fillna(False)]


def programme_totals(performance: pd.DataFrame) -> pd.DataFrame:
    """Earned value and finish slip per programme: the project table summed, for any size.

    One row per programme (sorted) and a last ``All programmes`` row, with ``in_flight`` and
    ``closed`` (counts), ``budget_at_completion`` (all delivery projects), ``budget_in_flight``
    (BAC of the projects in flight: the budget the in-flight EV, AC and VAC belong to, so that
    VAC = ``budget_in_flight`` - EAC), ``planned_value``, ``earned_value``, ``actual_cost``,
    ``eac`` and ``vac`` (sums over projects in flight; EAC blanks count as 0 and are rare),
    ``cpi`` and ``spi`` (in flight, sum over sum, as the portfolio's),
    ``closed_median_slip_days`` and ``closed_share_late`` (closed projects).
    Vectorised: one group-by, whatever the number of projects.

    >>> programme_totals(project_performance(example_projects()))[["programme", "cpi"]]
            programme  cpi
    0           Alpha  0.8
    1            Beta  NaN
    2  All programmes  0.8
    """
    frame = performance.assign(
        programme=performance["programme"].astype("string").fillna("(no programme)"),
        in_flight=performance["stage"].astype("string").eq("in flight").fillna(False),
        closed=performance["stage"].astype("string").eq("closed").fillna(False),
    )
    flight_sums = ["planned_value", "earned_value", "actual_cost", "eac", "vac"]
    for column in flight_sums:
        frame[column] = frame[column].where(frame["in_flight"], 0.0).fillna(0.0)
    frame["budget_in_flight"] = frame["budget_at_completion"].where(frame["in_flight"], 0.0)
    frame["budget_in_flight"] = frame["budget_in_flight"].fillna(0.0)
    frame["closed_slip"] = frame["slip_days"].where(frame["closed"])
    frame["closed_late"] = (frame["closed_slip"] > 0).where(frame["closed_slip"].notna())
    sums = ["in_flight", "closed", "budget_at_completion", "budget_in_flight", *flight_sums]

    grouped = frame.groupby("programme", sort=True)
    table = grouped[sums].sum()
    table["closed_median_slip_days"] = grouped["closed_slip"].median()
    table["closed_share_late"] = grouped["closed_late"].mean()
    everything = frame[sums].sum().to_frame().T
    everything["closed_median_slip_days"] = frame["closed_slip"].median()
    everything["closed_share_late"] = frame["closed_late"].astype(float).mean()
    everything.index = pd.Index(["All programmes"], name="programme")
    table = pd.concat([table, everything]).astype(float)
    table[["in_flight", "closed"]] = table[["in_flight", "closed"]].astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["cpi"] = (table["earned_value"] / table["actual_cost"]).where(
            table["actual_cost"] > 0
        )
        table["spi"] = (table["earned_value"] / table["planned_value"]).where(
            table["planned_value"] > 0
        )
    table.index.name = "programme"
    columns = [
        "programme",
        "in_flight",
        "closed",
        "budget_at_completion",
        "budget_in_flight",
        "planned_value",
        "earned_value",
        "actual_cost",
        "cpi",
        "spi",
        "eac",
        "vac",
        "closed_median_slip_days",
        "closed_share_late",
    ]
    return table.reset_index()[columns]


def example_projects() -> pd.DataFrame:
    """A four-project frame shaped like the ``projects`` table, for examples and tests."""
    stage = pd.CategoricalDtype(["proposed", "approved", "in flight", "closed"], ordered=True)
    return pd.DataFrame(
        {
            "project_id": ["P-01", "P-02", "P-03", "P-04"],
            "name": ["Portal", "Warehouse", "Billing", "Fleet"],
            "programme": ["Alpha", "Beta", "Beta", "Beta"],
            "sponsor": ["CFO", "COO", "CFO", "COO"],
            "stage": pd.Series(["in flight", "closed", "approved", "in flight"], dtype=stage),
            "start_date": pd.to_datetime(["2025-01-01", "2024-01-01", "2026-10-01", "2026-06-01"]),
            "planned_finish": pd.to_datetime(
                ["2026-06-30", "2025-06-30", "2027-06-30", "2027-06-30"]
            ),
            "forecast_finish": pd.to_datetime(
                ["2026-08-30", "2025-07-10", "2027-06-30", "2027-06-30"]
            ),
            "budget_at_completion": [1000.0, 500.0, 800.0, 300.0],
            "planned_value": [800.0, 500.0, 0.0, 0.0],
            "earned_value": [600.0, 500.0, 0.0, 0.0],
            "actual_cost": [750.0, 450.0, 0.0, 0.0],
            "scope_changes": pd.array([3, 1, 0, 0], dtype="Int64"),
            "rag_status": ["red", "green", "amber", "green"],
            "legacy_priority": pd.array([2, 1, 4, 3], dtype="Int64"),
            "business_case_benefit": [3000.0, 900.0, 2000.0, 400.0],
            "business_case_npv": [1200.0, 150.0, 700.0, np.nan],
            "probability_of_success": [0.7, 0.9, 0.6, 0.8],
            "benefit_owner": pd.array(["Head of Sales", None, "CFO", None], dtype="string"),
            "comments": pd.array(["", "", "", ""], dtype="string"),
        }
    )


def _flag(values: pd.Series, condition: pd.Series) -> pd.Series:
    """A nullable boolean: ``condition`` where ``values`` is known, <NA> elsewhere."""
    return condition.astype("boolean").mask(values.isna())


def _as_float(values: pd.Series) -> pd.Series:
    """A numeric column (nullable Int64 included) as float64 with NaN for blanks."""
    return pd.Series(values.to_numpy(dtype=float, na_value=np.nan), index=values.index)
