"""Scope churn: how often approved scope changes, per programme and per project-year.

A few changes are a sign of a project adapting to what it learns; many, year after year,
usually mean the scope was never settled. Changes per project-year (total changes over the
years each project has spent in delivery) put long and short projects on the same footing.
"""

from __future__ import annotations

import pandas as pd

from vmo_lib.baseline.performance import _as_float, delivery_projects

_DAYS_PER_YEAR = 365.25


def scope_churn(projects: pd.DataFrame, as_of: str | pd.Timestamp) -> pd.DataFrame:
    """Approved scope changes per programme, for delivery projects.

    One row per programme (sorted) with ``projects`` (count), ``scope_changes`` (total count),
    ``median_changes`` (per project), ``share_with_changes`` (0-1: projects with at least one)
    and ``changes_per_project_year`` (total changes over years elapsed in delivery up to
    ``as_of``, so long-running projects are not blamed for being old).

    >>> from vmo_lib.baseline.performance import example_projects
    >>> churn = scope_churn(example_projects(), as_of="2026-09-30")
    >>> churn[["programme", "projects", "scope_changes"]]
      programme  projects  scope_changes
    0     Alpha         1              3
    1      Beta         2              1
    """
    delivery = delivery_projects(projects)
    frame = pd.DataFrame(
        {
            "programme": delivery["programme"].astype("string"),
            "changes": _as_float(delivery["scope_changes"]),
            "years": delivery_years(delivery, pd.Timestamp(as_of)),
        }
    )
    rows = []
    for programme, group in frame.groupby("programme", sort=True):
        changes = group["changes"]
        rows.append(
            {
                "programme": programme,
                "projects": len(group),
                "scope_changes": int(changes.sum()),
                "median_changes": float(changes.median()),
                "share_with_changes": float((changes > 0).where(changes.notna()).mean()),
                "changes_per_project_year": changes_per_year(changes, group["years"]),
            }
        )
    columns = [
        "programme",
        "projects",
        "scope_changes",
        "median_changes",
        "share_with_changes",
        "changes_per_project_year",
    ]
    return pd.DataFrame(rows, columns=columns)


def delivery_years(delivery: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Years each delivery project has run: start to ``as_of`` (or to its finish if closed)."""
    closed = delivery["stage"].astype("string").eq("closed").fillna(False)
    end = delivery["forecast_finish"].where(closed, as_of)
    end = end.mask(end > as_of, as_of)  # a finish after the data date counts up to it
    return ((end - delivery["start_date"]).dt.days / _DAYS_PER_YEAR).clip(lower=0)


def changes_per_year(changes: pd.Series, years: pd.Series) -> float:
    """Total approved scope changes per project-year, over projects where both are known."""
    usable = changes.notna() & years.notna()
    total_years = float(years[usable].sum())
    return float(changes[usable].sum()) / total_years if total_years > 0 else float("nan")
