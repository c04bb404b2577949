"""The value ranking of a portfolio: one row per project with its value score and rank.

:func:`rank_by_value` joins what a funding discussion needs: the value score (0-100, see
:mod:`vmo_lib.portfolio.scoring`), optionally risk adjusted, its rank, the legacy priority,
execution health, the money still to spend and the business-case financials.

Risk adjustment multiplies the score by the sponsor's probability of success (expected value).
A project with no probability on record gets the median of the others, so leaving it blank is
neither rewarded nor punished; ``probability_assumed`` marks those projects.

>>> import pandas as pd
>>> c = pd.DataFrame({"D1": [5.0, 1.0], "D2": [0.0, 5.0]}, index=["A", "B"])
>>> crit = build_criteria(c, pd.Series({"D1": 0.75, "D2": 0.25}))
>>> score_samples(crit).round(1).tolist()
[75.0, 40.0]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from vmo_lib.data.organisation import Organisation
from vmo_lib.evm import EacMethod
from vmo_lib.portfolio.health import execution_health, remaining_cost
from vmo_lib.portfolio.scoring import (
    Criteria,
    Method,
    build_criteria,
    contribution_matrix,
    score_samples,
)

__all__ = [
    "ACTIVE_STAGES",
    "CURRENT_STAGES",
    "FINANCIAL_CRITERIA",
    "ValueRanking",
    "probability_used",
    "rank_by_value",
    "value_rank",
]

ACTIVE_STAGES: tuple[str, ...] = ("proposed", "approved", "in flight")
"""Stages still open to a funding decision (closed projects are scored but not selected)."""
CURRENT_STAGES: tuple[str, ...] = ("approved", "in flight")
"""The *current portfolio*: what the organisation has already committed to fund."""
FINANCIAL_CRITERIA: tuple[str, ...] = ("npv", "benefit_cost_ratio")


@dataclass(frozen=True)
class ValueRanking:
    """Result of :func:`rank_by_value`.

    ``table``: one row per project (index ``project_id``, best value first) with ``name``,
    ``programme``, ``stage``, ``rag_status``, ``legacy_priority``, ``driver_score`` (0-100 before
    risk adjustment), ``probability``, ``probability_assumed``, ``value_score`` (0-100, what the
    ranking uses), ``value_rank`` (1 = best), ``execution_health`` (0-100), ``remaining_cost``
    (currency), ``active`` and ``current`` (flags) and, when cash flows exist, ``npv`` and
    ``benefit_cost_ratio``. ``criteria`` is the decision matrix behind the scores.
    """

    table: pd.DataFrame
    criteria: Criteria
    method: Method
    risk_adjusted: bool

    @property
    def active(self) -> pd.DataFrame:
        """Projects still open to a funding decision, best value first."""
        return self.table[self.table["active"]]

    @property
    def probability(self) -> np.ndarray:
        """Multiplier applied to the scores (1 everywhere when not risk adjusted)."""
        if not self.risk_adjusted:
            return np.ones(len(self.table))
        return self.table["probability"].to_numpy(float)


def probability_used(projects: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Probability of success per project (0-1) and whether it was assumed (blank -> median).

    With no probability anywhere, every project gets 1 (no adjustment).
    """
    raw = projects.set_index(projects["project_id"].astype(str))["probability_of_success"]
    raw = raw.astype(float)
    fill = float(raw.median()) if raw.notna().any() else 1.0
    return raw.fillna(fill).rename("probability"), raw.isna().rename("probability_assumed")


def value_rank(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest score; ties share the best rank (``2, 2, 4``)."""
    return scores.rank(ascending=False, method="min").astype(int)


def rank_by_value(
    org: Organisation,
    driver_weights: pd.Series,
    *,
    method: Method = "weighted_sum",
    risk_adjusted: bool = False,
    financial_weight: float = 0.0,
    discount_rate: float = 0.08,
    eac_method: EacMethod = "cpi",
    as_of: str | None = None,
) -> ValueRanking:
    """Score and rank every project of ``org`` by value.

    ``driver_weights``: leaf driver -> global weight (e.g. :func:`vmo_lib.drivers.leaf_weights`).
    ``financial_weight`` (share 0-1) gives NPV and benefit-cost ratio (from ``cashflows`` at
    ``discount_rate``) that share of the weight; 0 scores on the value drivers only. With
    ``as_of`` (a date) they look forward, as a funding decision must: flows from that year
    on, all discounted to it, money already spent being sunk
    (:func:`vmo_lib.finance.financial_metrics` with ``from_year``).
    """
    from vmo_lib import finance

    projects = org.projects
    ids = projects["project_id"].astype(str).tolist()
    contributions = contribution_matrix(org.project_contributions, ids, driver_weights.index)
    metrics = None
    if not org.cashflows.empty:
        from_year = None if as_of is None else pd.Timestamp(as_of).year
        metrics = finance.financial_metrics(org.cashflows, discount_rate, from_year=from_year)
        metrics.index = metrics.index.astype(str)
        metrics = metrics.reindex(ids)
    financial = metrics[list(FINANCIAL_CRITERIA)] if metrics is not None else None
    criteria = build_criteria(contributions, driver_weights, financial, financial_weight)
    probability, assumed = probability_used(projects)
    driver_score = score_samples(criteria, method=method)
    factor = probability.to_numpy(float) if risk_adjusted else None
    value = score_samples(criteria, method=method, probability=factor)
    stage = projects["stage"].astype("string").to_numpy()
    table = pd.DataFrame(
        {
            "name": projects["name"].astype(str).to_numpy(),
            "programme": projects["programme"].astype(str).to_numpy(),
            "stage": stage.astype(object),
            "rag_status": projects["rag_status"].astype("string").to_numpy().astype(object),
            "legacy_priority": projects["legacy_priority"].astype(float).to_numpy(),
            "driver_score": driver_score,
            "probability": probability.to_numpy(),
            "probability_assumed": assumed.to_numpy(),
            "value_score": value,
        },
        index=pd.Index(ids, name="project_id"),
    )
    table["value_rank"] = value_rank(table["value_score"])
    table["execution_health"] = execution_health(projects, eac_method)["execution_health"]
    table["remaining_cost"] = remaining_cost(projects, eac_method)
    table["active"] = pd.Series(stage, index=table.index).isin(ACTIVE_STAGES).to_numpy()
    table["current"] = pd.Series(stage, index=table.index).isin(CURRENT_STAGES).to_numpy()
    if metrics is not None:
        for column in FINANCIAL_CRITERIA:
            table[column] = metrics[column].to_numpy(float)
    order = np.lexsort((table["legacy_priority"].to_numpy(), -table["value_score"].to_numpy()))
    table = table.iloc[order]
    criteria = replace(criteria, matrix=criteria.matrix.loc[table.index])  # rows as table
    return ValueRanking(table, criteria, method, risk_adjusted)
