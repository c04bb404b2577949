"""Per-project scorecard: red/amber/green on execution and on value, and the portfolio view.

Each measure is rated against an amber and a red threshold, given its direction of good:
for ``higher`` is better, a value at or below ``red`` is red, at or below ``amber`` amber, else
green (mirrored for ``lower``); a blank value is ``n/a``. A project's execution (value) status
is the worst rating among its execution (value) measures, ``n/a`` when none can be rated (a
project with no benefit planned yet has no value status).

The portfolio view cross-tabulates the two statuses. Its telling cells are the projects green
on execution but red on value (delivered by the book, yet not paying off) and the reverse.

>>> rate(0.92, Threshold("cpi", "CPI", "execution", "higher", 0.95, 0.90))
'amber'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .record import Kpi

__all__ = [
    "DEFAULT_THRESHOLDS",
    "PortfolioView",
    "Threshold",
    "portfolio_view",
    "project_scorecard",
    "rank_scorecard",
    "rate",
    "thresholds_for",
    "thresholds_from_catalogue",
]

RATINGS: tuple[str, ...] = ("green", "amber", "red", "n/a")


@dataclass(frozen=True)
class Threshold:
    """Thresholds of one scorecard measure (a column of the measures tables).

    ``catalogue_names`` are KPI names in the catalogue that define the same measure; their
    thresholds replace the defaults (see :func:`thresholds_from_catalogue`). ``source`` says
    where the thresholds came from.
    """

    measure: str
    label: str
    kind: str
    direction: str
    amber: float
    red: float
    catalogue_names: tuple[str, ...] = ()
    source: str = "default"


DEFAULT_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("cpi", "CPI", "execution", "higher", 0.95, 0.90, ("cost performance index",)),
    Threshold("spi", "SPI", "execution", "higher", 0.95, 0.90, ("schedule performance index",)),
    Threshold("cost_overrun", "Cost overrun (share of budget)", "execution", "lower", 0.05, 0.10),
    Threshold("slip_days", "Slip (days)", "execution", "lower", 30, 90),
    Threshold("changes_per_project_year", "Scope changes a year", "execution", "lower", 1, 2),
    Threshold(
        "benefit_realisation_rate",
        "Benefit realisation rate",
        "value",
        "higher",
        0.75,
        0.65,
        ("benefit realisation rate", "benefit realization rate"),
    ),
    Threshold("customer_realisation_rate", "Customer benefits", "value", "higher", 0.75, 0.65),
    Threshold(
        "productivity_realisation_rate", "Productivity benefits", "value", "higher", 0.75, 0.65
    ),
)
"""Default thresholds: CPI/SPI 0.95/0.90, overrun 5 %/10 %, slip 30/90 days, churn 1/2 a
year, benefit realisation 75 %/65 % of plan to date (shares)."""


def thresholds_from_catalogue(
    kpis: Sequence[Kpi], defaults: Sequence[Threshold] = DEFAULT_THRESHOLDS
) -> tuple[Threshold, ...]:
    """Defaults, with amber/red taken from the catalogue KPI of the same name where set.

    A catalogue KPI in ``%`` has its thresholds divided by 100 (measures are shares). Thresholds
    in the wrong order for the direction are ignored (the review reports them).
    """
    by_name = {k.name.strip().lower(): k for k in kpis}
    out = []
    for threshold in defaults:
        kpi = next((by_name[n] for n in threshold.catalogue_names if n in by_name), None)
        if kpi is None or kpi.amber_threshold is None or kpi.red_threshold is None:
            out.append(threshold)
            continue
        scale = 100.0 if (kpi.unit or "").strip() == "%" else 1.0
        amber, red = kpi.amber_threshold / scale, kpi.red_threshold / scale
        in_order = amber > red if threshold.direction == "higher" else amber < red
        if not in_order:
            out.append(threshold)
            continue
        out.append(replace(threshold, amber=amber, red=red, source=f"catalogue {kpi.kpi_id}"))
    return tuple(out)


def thresholds_for(
    source: str, kpis: Sequence[Kpi], defaults: Sequence[Threshold] = DEFAULT_THRESHOLDS
) -> tuple[Threshold, ...]:
    """The thresholds a run uses: ``"catalogue"`` (see :func:`thresholds_from_catalogue`) or
    ``"defaults"`` (:data:`DEFAULT_THRESHOLDS`)."""
    if source not in ("catalogue", "defaults"):
        raise ValueError(f"thresholds must be 'catalogue' or 'defaults'; got {source!r}")
    return thresholds_from_catalogue(kpis, defaults) if source == "catalogue" else tuple(defaults)


def rate(value: float, threshold: Threshold) -> str:
    """``green``, ``amber``, ``red`` or ``n/a`` (blank value) for one value of a measure."""
    if value is None or pd.isna(value):
        return "n/a"
    sign = 1.0 if threshold.direction == "higher" else -1.0
    if sign * value <= sign * threshold.red:
        return "red"
    if sign * value <= sign * threshold.amber:
        return "amber"
    return "green"


def _worst(ratings: pd.DataFrame) -> pd.Series:
    rank = {"red": 3, "amber": 2, "green": 1, "n/a": 0}
    worst = ratings.apply(lambda col: col.map(rank)).max(axis=1) if ratings.shape[1] else None
    if worst is None:
        return pd.Series("n/a", index=ratings.index)
    return worst.map({v: k for k, v in rank.items()}).fillna("n/a")


def project_scorecard(
    execution: pd.DataFrame,
    value: pd.DataFrame,
    thresholds: Sequence[Threshold] = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """One row per delivery project: each measure's value and rating, and the two statuses.

    ``execution`` is :attr:`ExecutionKpis.projects`, ``value`` the frame of
    :func:`vmo_lib.kpis.measures.value_kpis`. Columns: ``project_id``, ``name``, ``stage``,
    then for each measure its value and ``<measure>_rag``, then ``execution_rag`` and
    ``value_rag``.
    """
    value_cols = [t.measure for t in thresholds if t.kind == "value"]
    frame = execution.merge(
        value[["project_id", *value_cols]], on="project_id", how="left", validate="one_to_one"
    )
    out = frame[["project_id", "name", "stage"]].copy()
    for threshold in thresholds:
        values = frame[threshold.measure].astype(float)
        out[threshold.measure] = values
        out[f"{threshold.measure}_rag"] = [rate(v, threshold) for v in values]
    for kind in ("execution", "value"):
        columns = [f"{t.measure}_rag" for t in thresholds if t.kind == kind]
        out[f"{kind}_rag"] = _worst(out[columns])
    return out


def rank_scorecard(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The scorecard worst value status first (red, amber, green, n/a), then worst execution
    status; ties keep their order."""
    order = {r: i for i, r in enumerate(("red", "amber", "green", "n/a"))}
    return scorecard.sort_values(
        ["value_rag", "execution_rag"], key=lambda s: s.map(order), kind="stable"
    )


@dataclass(frozen=True)
class PortfolioView:
    """Execution status x value status: counts, and the projects in the telling cells."""

    crosstab: pd.DataFrame
    green_execution_red_value: tuple[str, ...]
    red_execution_green_value: tuple[str, ...]
    n_rated: int

    def telling_rows(self, scorecard: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``scorecard`` in the telling cells (green/red, then red/green)."""
        ids = self.green_execution_red_value + self.red_execution_green_value
        return scorecard[scorecard["project_id"].isin(ids)]


def portfolio_view(scorecard: pd.DataFrame) -> PortfolioView:
    """Cross-tabulate ``execution_rag`` (rows) by ``value_rag`` (columns), in RAG order."""
    table = pd.crosstab(scorecard["execution_rag"], scorecard["value_rag"])
    table = table.reindex(index=list(RATINGS), columns=list(RATINGS), fill_value=0)
    table.index.name, table.columns.name = "Execution", "Value"

    def ids(execution: str, value: str) -> tuple[str, ...]:
        mask = scorecard["execution_rag"].eq(execution) & scorecard["value_rag"].eq(value)
        return tuple(scorecard.loc[mask, "project_id"].astype(str))

    rated = scorecard["execution_rag"].ne("n/a") & scorecard["value_rag"].ne("n/a")
    return PortfolioView(
        crosstab=table.astype(np.int64),
        green_execution_red_value=ids("green", "red"),
        red_execution_green_value=ids("red", "green"),
        n_rated=int(rated.sum()),
    )
