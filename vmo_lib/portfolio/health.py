"""Execution health (0-100) per project and the value-versus-health quadrants.

Execution health is how well a project is being *delivered*, the PMO's classic question,
kept apart from its value. It is the mean of the sub-scores a project has, each 0-100:

* reported status (RAG): green 100, amber 50, red 0;
* cost efficiency: CPI of 1 or more scores 100, CPI of 0.8 or less scores 0, linear between;
* schedule efficiency: the same on SPI.

Projects not started (no earned value yet) are judged on their status alone.

The quadrant view crosses value with health: **accelerate** (high value, healthy), **rescue**
(high value, troubled), **rethink** (low value, healthy) and **stop** (low value, troubled).
"High" means at or above the threshold. Two groups stand apart (:data:`GROUPS`): a
**mandatory** project of low value is to be funded at least cost, never rethought or stopped,
and a project with **no value scores** is not placed until it is scored.

>>> quadrant(pd.Series([80.0, 80.0, 10.0, 10.0]), pd.Series([90.0, 20.0, 90.0, 20.0]), 50, 60)
0    accelerate
1        rescue
2       rethink
3          stop
dtype: object
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib.evm import EacMethod, earned_value_of

__all__ = [
    "GROUPS",
    "INDEX_FLOOR",
    "QUADRANTS",
    "QUADRANT_ADVICE",
    "RAG_SCORES",
    "execution_health",
    "quadrant",
    "quadrant_lists",
    "remaining_cost",
]

RAG_SCORES: dict[str, float] = {"green": 100.0, "amber": 50.0, "red": 0.0}
INDEX_FLOOR = 0.8
"""CPI or SPI at or below which the cost or schedule sub-score is 0 (1.0 or above scores 100)."""
QUADRANTS: tuple[str, ...] = ("accelerate", "rescue", "rethink", "stop")
QUADRANT_ADVICE: dict[str, str] = {
    "accelerate": "High value, healthy: protect and speed up",
    "rescue": "High value, troubled: fix delivery, the value is worth it",
    "rethink": "Low value, healthy: delivered well, but is it worth finishing?",
    "stop": "Low value, troubled: candidates to stop and free the money",
    "mandatory": "Mandatory, low value: a legal, regulatory or safety duty; fund, minimise cost",
    "not scored": "No value scores yet: score them, then decide (never stopped for want of one)",
}
GROUPS: tuple[str, ...] = (*QUADRANTS, "mandatory", "not scored")
"""The quadrants and the two groups set apart from them, in the order tables show them."""


def execution_health(projects: pd.DataFrame, eac_method: EacMethod = "cpi") -> pd.DataFrame:
    """Per project (indexed by ``project_id``): CPI, SPI, the three sub-scores and the health.

    Columns ``cpi``, ``spi`` (ratios, blank before work starts), ``status_score``,
    ``cost_score``, ``schedule_score`` and ``execution_health`` (0-100, mean of the sub-scores
    that are known).

    >>> p = pd.DataFrame({"project_id": ["A"], "rag_status": ["amber"],
    ...     "budget_at_completion": [100.0], "planned_value": [50.0], "earned_value": [45.0],
    ...     "actual_cost": [50.0]})
    >>> float(execution_health(p).loc["A", "execution_health"])  # amber 50, CPI 0.9, SPI 0.9
    50.0
    """
    ev = earned_value_of(projects, eac_method)
    started = projects["earned_value"].astype(float).fillna(0).to_numpy() > 0
    cpi = pd.Series(np.where(started, ev.cpi, np.nan), index=projects.index)
    spi = pd.Series(np.where(started, ev.spi, np.nan), index=projects.index)
    rag = projects["rag_status"].astype("string").str.lower().map(RAG_SCORES).astype(float)
    out = pd.DataFrame(
        {
            "cpi": cpi,
            "spi": spi,
            "status_score": rag,
            "cost_score": _index_score(cpi),
            "schedule_score": _index_score(spi),
        }
    )
    out["execution_health"] = out[["status_score", "cost_score", "schedule_score"]].mean(axis=1)
    out.index = pd.Index(projects["project_id"].astype(str), name="project_id")
    return out


def _index_score(index: pd.Series) -> pd.Series:
    return 100.0 * ((index - INDEX_FLOOR) / (1.0 - INDEX_FLOOR)).clip(0.0, 1.0)


def remaining_cost(projects: pd.DataFrame, eac_method: EacMethod = "cpi") -> pd.Series:
    """Money still to spend to finish each project (currency), indexed by ``project_id``.

    The estimate to complete, ETC = EAC - AC (EAC by ``eac_method``), for a project with work
    paid for; the budget not yet spent, BAC - AC, for one not started; 0 for a closed project
    and never below 0. Money already spent is sunk: a funding decision weighs value against
    what is still to be spent.
    """
    ev = earned_value_of(projects, eac_method)
    unspent = projects["budget_at_completion"].astype(float) - projects["actual_cost"].astype(float)
    cost = pd.Series(ev.etc, index=projects.index).where(lambda s: s.notna(), unspent)
    closed = projects["stage"].astype("string").eq("closed").fillna(False)
    cost = cost.mask(closed, 0.0).clip(lower=0.0)
    cost.index = pd.Index(projects["project_id"].astype(str), name="project_id")
    return cost.rename("remaining_cost")


def quadrant(
    value: pd.Series, health: pd.Series, value_threshold: float, health_threshold: float
) -> pd.Series:
    """The quadrant of each project (``accelerate``, ``rescue``, ``rethink`` or ``stop``).

    High value: ``value >= value_threshold``; healthy: ``health >= health_threshold``. A blank
    health counts as troubled (nothing shows the project is on track).
    """
    high = value.to_numpy(float) >= value_threshold
    healthy = np.nan_to_num(health.reindex(value.index).to_numpy(float), nan=-1) >= (
        health_threshold
    )
    names = np.select(
        [high & healthy, high & ~healthy, ~high & healthy],
        ["accelerate", "rescue", "rethink"],
        default="stop",
    )
    return pd.Series(names, index=value.index, dtype=object)


def quadrant_lists(
    table: pd.DataFrame, label: str = "project_id", shown: int | None = None
) -> pd.DataFrame:
    """One row per quadrant (and group set apart, when it has projects): what it means, how
    many projects and which (by ``label``, in the table's order; with ``shown``, the first
    ``shown`` and "and N more").

    ``table`` needs a ``quadrant`` column (see :func:`quadrant`) and ``label``.

    >>> t = pd.DataFrame({"project_id": list("ABC"), "quadrant": ["stop"] * 3})
    >>> quadrant_lists(t, shown=2).loc[3, "members"]
    'A, B and 1 more'
    """
    rows = []
    for name in GROUPS:
        members = table.loc[table["quadrant"] == name, label].astype(str).tolist()
        if name not in QUADRANTS and not members:
            continue
        listed = ", ".join(members if shown is None else members[:shown])
        if shown is not None and len(members) > shown:
            listed += f" and {len(members) - shown:,} more"
        rows.append(
            {
                "quadrant": name,
                "meaning": QUADRANT_ADVICE[name],
                "projects": len(members),
                "members": listed,
            }
        )
    return pd.DataFrame(rows)
