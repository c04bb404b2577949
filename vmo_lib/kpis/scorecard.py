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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from vmo_lib.kpis.kpi import Kpi

__all__ = [
    "DEFAULT_THRESHOLDS",
    "PortfolioView",
    "Threshold",
    "portfolio_view",
    "project_scorecard",
    "rag_by_programme",
    "rank_scorecard",
    "rate",
    "rate_many",
    "threshold_of",
    "thresholds_for",
    "thresholds_from_catalogue",
    "with_objectives",
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
)
"""Default thresholds: CPI/SPI 0.95/0.90, overrun 5 %/10 %, slip 30/90 days, churn 1/2 a
year, benefit realisation 75 %/65 % of plan to date (shares). The realisation rate of each
strategic objective is added by :func:`with_objectives`."""


def with_objectives(
    thresholds: Sequence[Threshold], objectives: Mapping[str, str]
) -> tuple[Threshold, ...]:
    """``thresholds`` plus one value threshold per objective column (``objectives`` maps
    ``realisation_<id>`` to the objective's name, see
    :func:`vmo_lib.kpis.measures.objective_measures`), with the amber, red and source of the
    benefit realisation rate: one rule for every realisation rate.

    >>> extra = with_objectives(DEFAULT_THRESHOLDS, {"realisation_O-C": "Customers"})[-1]
    >>> extra.measure, extra.amber, extra.red
    ('realisation_O-C', 0.75, 0.65)
    """
    base = next(t for t in thresholds if t.measure == "benefit_realisation_rate")
    known = {t.measure for t in thresholds}
    added = tuple(
        replace(base, measure=column, label=f"Benefits realised: {name}", catalogue_names=())
        for column, name in objectives.items()
        if column not in known
    )
    return (*thresholds, *added)


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
    source: str,
    kpis: Sequence[Kpi],
    defaults: Sequence[Threshold] = DEFAULT_THRESHOLDS,
    objectives: Mapping[str, str] | None = None,
) -> tuple[Threshold, ...]:
    """The thresholds a run uses: ``"catalogue"`` (see :func:`thresholds_from_catalogue`) or
    ``"defaults"`` (:data:`DEFAULT_THRESHOLDS`), plus the objectives' realisation rates
    (:func:`with_objectives`) when ``objectives`` is given."""
    if source not in ("catalogue", "defaults"):
        raise ValueError(f"thresholds must be 'catalogue' or 'defaults'; got {source!r}")
    chosen = thresholds_from_catalogue(kpis, defaults) if source == "catalogue" else tuple(defaults)
    return with_objectives(chosen, objectives) if objectives else chosen


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


def rate_many(values: pd.Series, threshold: Threshold) -> pd.Series:
    """:func:`rate` of every value of a column at once (vectorised; same rules)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    sign = 1.0 if threshold.direction == "higher" else -1.0
    signed = sign * numbers
    out = np.select(
        [np.isnan(numbers), signed <= sign * threshold.red, signed <= sign * threshold.amber],
        ["n/a", "red", "amber"],
        "green",
    )
    return pd.Series(out, index=values.index, dtype=object)


_RANK = {"red": 3, "amber": 2, "green": 1, "n/a": 0}


def _worst(ratings: pd.DataFrame) -> pd.Series:
    if not ratings.shape[1]:
        return pd.Series("n/a", index=ratings.index)
    worst = ratings.apply(lambda col: col.map(_RANK)).max(axis=1)
    return worst.map({v: k for k, v in _RANK.items()}).fillna("n/a")


def project_scorecard(
    execution: pd.DataFrame,
    value: pd.DataFrame,
    thresholds: Sequence[Threshold] = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """One row per delivery project: each measure's value and rating, and the two statuses.

    ``execution`` is :attr:`ExecutionKpis.projects`, ``value`` the frame of
    :attr:`ValueKpis.projects` of :func:`vmo_lib.kpis.measures.value_kpis`. Columns:
    ``project_id``, ``name``, ``programme`` (when the execution frame has it), ``stage``,
    then for each measure its value and ``<measure>_rag``, then ``execution_rag`` and
    ``value_rag``.
    """
    value_cols = [t.measure for t in thresholds if t.kind == "value"]
    frame = execution.merge(
        value[["project_id", *value_cols]], on="project_id", how="left", validate="one_to_one"
    )
    keep = [c for c in ("project_id", "name", "programme", "stage") if c in frame]
    out = frame[keep].copy()
    for threshold in thresholds:
        values = frame[threshold.measure].astype(float)
        out[threshold.measure] = values
        out[f"{threshold.measure}_rag"] = rate_many(values, threshold)
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


def rag_by_programme(scorecard: pd.DataFrame, group: str = "programme") -> pd.DataFrame:
    """Projects per programme (``group``) by execution and value status: one row per
    programme and a ``Total`` row; columns ``projects``, ``execution_<rating>`` and
    ``value_<rating>`` for every rating. The table a handout shows at any portfolio size.

    >>> card = pd.DataFrame({"programme": ["A", "A", "B"], "execution_rag": ["red", "green",
    ...     "green"], "value_rag": ["n/a", "red", "red"]})
    >>> table = rag_by_programme(card)
    >>> table[["programme", "projects", "execution_red", "value_red"]].values.tolist()
    [['A', 2, 1, 1], ['B', 1, 0, 1], ['Total', 3, 1, 2]]
    """
    keys = scorecard[group].astype(str) if group in scorecard else pd.Series("All", scorecard.index)
    parts: list[pd.Series | pd.DataFrame] = [keys.value_counts().sort_index().rename("projects")]
    for kind in ("execution", "value"):
        table = pd.crosstab(keys, scorecard[f"{kind}_rag"]).reindex(
            columns=list(RATINGS), fill_value=0
        )
        parts.append(table.add_prefix(f"{kind}_"))
    out = pd.concat(parts, axis=1).fillna(0).astype(np.int64)
    out.loc["Total"] = out.sum()
    out.index.name = group
    out.columns.name = None
    return out.reset_index()


def threshold_of(thresholds: Sequence[Threshold], measure: str) -> Threshold:
    """The threshold of ``measure`` among ``thresholds`` (``KeyError`` naming the known ones).

    >>> threshold_of(DEFAULT_THRESHOLDS, "cpi").amber
    0.95
    """
    for threshold in thresholds:
        if threshold.measure == measure:
            return threshold
    known = ", ".join(t.measure for t in thresholds)
    raise KeyError(f"no threshold for {measure!r}; thresholds are set for: {known}")
