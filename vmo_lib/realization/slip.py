"""Late projects move their benefits' plans: schedule slip in days, and in whole quarters.

The ``evidence`` forecast (:mod:`.forecast`) starts the plan of every benefit of a late
project later by the project's slip in whole quarters; nothing is cut, only moved.

>>> plan_shift_quarters(pd.Series([100.0])).tolist()
[1]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib.realization.todate import BenefitData

__all__ = ["QUARTER_DAYS", "benefit_shifts", "plan_shift_quarters", "schedule_slip_days"]

QUARTER_DAYS = 365.25 / 4
"""Days in an average quarter, to turn a schedule slip into whole quarters."""


def schedule_slip_days(projects: pd.DataFrame | None) -> pd.Series:
    """Days each project in delivery finishes late (forecast or actual finish minus baseline
    finish, :func:`vmo_lib.baseline.project_performance`), indexed by ``project_id``.

    Empty when there is no project table, or it lacks the dates or the earned value columns
    (a partial dataset).
    """
    from vmo_lib.baseline import project_performance

    needed = {
        "project_id",
        "stage",
        "planned_finish",
        "forecast_finish",
        "budget_at_completion",
        "planned_value",
        "earned_value",
        "actual_cost",
    }
    if projects is None or not needed <= set(projects.columns) or projects.empty:
        return pd.Series(dtype=float, name="slip_days")
    performance = project_performance(projects)
    slip = pd.Series(
        performance["slip_days"].to_numpy(dtype=float),
        index=performance["project_id"].astype(str),
        name="slip_days",
    )
    return slip.dropna()


def plan_shift_quarters(slip_days: pd.Series) -> pd.Series:
    """Whole quarters a late project's benefit plans move: ``round(slip / QUARTER_DAYS)``,
    0 for projects on time or early (a plan never moves earlier).

    >>> plan_shift_quarters(pd.Series([-20.0, 30.0, 46.0, 100.0, 200.0])).tolist()
    [0, 0, 1, 1, 2]
    """
    late = slip_days.astype(float).clip(lower=0).fillna(0.0)
    return (late / QUARTER_DAYS + 0.5).apply(np.floor).astype(int)


def benefit_shifts(org: BenefitData, slip_days: pd.Series | None) -> pd.Series:
    """Quarters each benefit's plan moves (by its project's slip), indexed by benefit_id."""
    if slip_days is None:
        slip_days = schedule_slip_days(getattr(org, "projects", None))
    shift = plan_shift_quarters(slip_days)
    shift.index = shift.index.astype(str)
    project = org.benefits["project_id"].astype(str)
    moved = project.map(shift).fillna(0).astype(int)
    return pd.Series(moved.to_numpy(), index=org.benefits["benefit_id"].astype(str))
