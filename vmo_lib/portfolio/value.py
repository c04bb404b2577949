"""The value ranking of a portfolio: one row per project with its value score and rank.

:func:`rank_by_value` joins what a funding discussion needs: the value score (0-100, see
:mod:`vmo_lib.portfolio.scoring`), optionally risk adjusted, its rank, the legacy priority,
execution health, the money still to spend and the business-case financials.

Risk adjustment multiplies the score by the sponsor's probability of success (expected value).
A project with no probability on record gets the median of the others, so leaving it blank is
neither rewarded nor punished; ``probability_assumed`` marks those projects.

Two kinds of project are set apart (:data:`NOT_SCORED_RULE`, :data:`MANDATORY_RULE`):

* **not scored**: no rows in ``project_contributions``. Its value is unknown, not 0: its
  ``value_score`` and ``value_rank`` are blank, it is never told to stop and is left out of
  the rank comparison;
* **mandatory** (optional ``mandatory`` column of ``projects``: a legal, regulatory or safety
  duty): it must be done whatever its value score, so the funding decision funds it first
  (:mod:`vmo_lib.portfolio.decision`) and never recommends stopping it.

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
    "INVESTMENT_CATEGORIES",
    "MANDATORY_RULE",
    "NOT_SCORED_RULE",
    "ValueRanking",
    "investment_categories",
    "mandatory_flags",
    "probability_used",
    "rank_by_value",
    "scored_projects",
    "value_rank",
]

ACTIVE_STAGES: tuple[str, ...] = ("proposed", "approved", "in flight")
"""Stages still open to a funding decision (closed projects are scored but not selected)."""
CURRENT_STAGES: tuple[str, ...] = ("approved", "in flight")
"""The *current portfolio*: what the organisation has already committed to fund."""
FINANCIAL_CRITERIA: tuple[str, ...] = ("npv", "benefit_cost_ratio")
INVESTMENT_CATEGORIES: tuple[str, ...] = ("run", "grow", "transform")
"""Values of the optional ``investment_category`` column (run / grow / transform the business)."""
NOT_SCORED_RULE = (
    "A project with no value scores (no rows in project_contributions) is not scored: its "
    "value is unknown, not zero. It is listed apart, has no value score or rank, is left out "
    "of the rank comparison and of the selection by value, and is never told to stop or "
    "cancel: score it, then decide."
)
"""The not-scored rule in plain words, for handouts."""
MANDATORY_RULE = (
    "A mandatory project (a legal, regulatory or safety duty, flagged in the projects table) "
    "must be done whatever its value score: open mandatory projects are funded first, their "
    "cost still to spend comes off the top of the budget, and the rest of the money is "
    "allocated by value. A mandatory project is never recommended for stopping; with low "
    "value the advice is to fund it at least cost."
)
"""The mandatory-first rule in plain words, for handouts."""
_TRUE_TEXT = {"true", "yes", "y", "1", "t", "x", "mandatory"}


@dataclass(frozen=True)
class ValueRanking:
    """Result of :func:`rank_by_value`.

    ``table``: one row per project (index ``project_id``, best value first, not-scored
    projects last) with ``name``, ``programme``, ``stage``, ``rag_status``,
    ``legacy_priority``, ``driver_score`` (0-100 before risk adjustment), ``probability``,
    ``probability_assumed``, ``value_score`` (0-100, what the ranking uses; blank when not
    scored), ``value_rank`` (1 = best; blank when not scored), ``scored``, ``mandatory`` and
    ``investment_category`` (blank when the data has none), ``execution_health`` (0-100),
    ``remaining_cost`` (currency), ``active`` and ``current`` (flags) and, when cash flows
    exist, the forward ``npv``, ``benefit_cost_ratio``, ``irr`` and ``irr_note``.
    ``criteria`` is the decision matrix behind the scores.
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
    def candidates(self) -> pd.DataFrame:
        """Open projects the selection by value takes: scored or mandatory, best value first.

        A mandatory project without scores takes part (it must be funded) with value 0."""
        table = self.table
        return table[table["active"] & (table["scored"] | table["mandatory"])]

    @property
    def mandatory_open(self) -> tuple[str, ...]:
        """Ids of the open mandatory projects (legal, regulatory or safety duties)."""
        return tuple(self.candidates.index[self.candidates["mandatory"]])

    def decision_stages(self) -> dict[str, str]:
        """Project id -> stage, "and not scored" added for projects the selection leaves out
        for want of scores (to word settings that name them)."""
        stages = self.table["stage"].astype(str)
        apart = self.table["active"] & ~self.table["scored"] & ~self.table["mandatory"]
        marked = stages.mask(apart, stages + " and not scored")
        return {str(k): v for k, v in marked.items()}

    @property
    def not_scored(self) -> pd.DataFrame:
        """Projects with no value scores (any stage), in legacy priority order."""
        rows = self.table[~self.table["scored"]]
        return rows.sort_values("legacy_priority", kind="stable")

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
    """Rank 1 = highest score; ties share the best rank (``2, 2, 4``); blank scores blank."""
    return scores.rank(ascending=False, method="min").astype("Int64")


def scored_projects(contributions: pd.DataFrame, projects: pd.Series) -> pd.Series:
    """Per project id (``projects``): True when it has at least one row in
    ``project_contributions`` (a contribution of 0 is a score; no row is no score)."""
    ids = projects.astype(str)
    have = set(contributions["project_id"].astype(str)) if len(contributions) else set()
    return pd.Series(ids.isin(have).to_numpy(), index=pd.Index(ids, name="project_id"))


def mandatory_flags(projects: pd.DataFrame) -> pd.Series:
    """Per project id: True for a legal, regulatory or safety duty (``mandatory`` column).

    The column is optional: without it, or where it is blank, a project is not mandatory.
    Booleans, 1/0 and texts such as ``yes``/``true`` are read.
    """
    ids = pd.Index(projects["project_id"].astype(str), name="project_id")
    if "mandatory" not in projects.columns:
        return pd.Series(False, index=ids, name="mandatory")
    raw = projects["mandatory"]
    if pd.api.types.is_bool_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        flags = raw.astype("float").fillna(0.0).to_numpy() != 0
    else:
        text = raw.astype("string").str.strip().str.lower()
        flags = text.isin(_TRUE_TEXT).fillna(False).to_numpy(bool)
    return pd.Series(flags, index=ids, name="mandatory")


def investment_categories(projects: pd.DataFrame) -> pd.Series:
    """Per project id: ``run``, ``grow`` or ``transform`` (optional ``investment_category``
    column, lower-cased), blank when the data has none."""
    ids = pd.Index(projects["project_id"].astype(str), name="project_id")
    if "investment_category" not in projects.columns:
        return pd.Series(pd.NA, index=ids, dtype="object", name="investment_category")
    text = projects["investment_category"].astype("string").str.strip().str.lower()
    return pd.Series(text.to_numpy(dtype=object), index=ids, name="investment_category")


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
    ``as_of`` (a date) they look forward, as a funding decision must
    (:data:`vmo_lib.finance.FORWARD_RULE`): only the months left of the data date's year and
    the years after count, the cost is the estimate to complete (EAC - AC, the cost the
    funding decision uses) and every project is discounted to the data date's year.
    """
    from vmo_lib import finance

    projects = org.projects
    ids = projects["project_id"].astype(str).tolist()
    drivers = [str(d) for d in driver_weights.index]
    contributions = contribution_matrix(org.project_contributions, ids, drivers)
    scored = scored_projects(org.project_contributions, projects["project_id"])
    still_to_spend = remaining_cost(projects, eac_method)
    metrics = None
    if not org.cashflows.empty:
        flows = org.cashflows.assign(project_id=org.cashflows["project_id"].astype(str))
        if as_of is None:
            metrics = finance.financial_metrics(flows, discount_rate)
        else:
            metrics = finance.financial_metrics(
                flows, discount_rate, as_of=as_of, remaining_cost=still_to_spend
            )
        metrics = metrics.reindex(ids)
    financial = metrics[list(FINANCIAL_CRITERIA)] if metrics is not None else None
    criteria = build_criteria(
        contributions, driver_weights, financial, financial_weight, scored=scored
    )
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
            "value_score": np.where(scored.to_numpy(), value, np.nan),
            "scored": scored.to_numpy(),
            "mandatory": mandatory_flags(projects).to_numpy(),
            "investment_category": investment_categories(projects).to_numpy(),
        },
        index=pd.Index(ids, name="project_id"),
    )
    table.loc[~table["scored"], "driver_score"] = np.nan
    table["value_rank"] = value_rank(table["value_score"])
    table["execution_health"] = execution_health(projects, eac_method)["execution_health"]
    table["remaining_cost"] = still_to_spend
    table["active"] = pd.Series(stage, index=table.index).isin(ACTIVE_STAGES).to_numpy()
    table["current"] = pd.Series(stage, index=table.index).isin(CURRENT_STAGES).to_numpy()
    if metrics is not None:
        for column in FINANCIAL_CRITERIA:
            table[column] = metrics[column].to_numpy(float)
        table["irr"] = metrics["irr"].to_numpy(float)
        table["irr_note"] = metrics["irr_note"].fillna("").to_numpy(object)
    order = np.lexsort(
        (
            table["legacy_priority"].to_numpy(),
            -table["value_score"].fillna(-np.inf).to_numpy(),
            ~table["scored"].to_numpy(bool),
        )
    )
    table = table.iloc[order]
    criteria = replace(criteria, matrix=criteria.matrix.loc[table.index])  # rows as table
    return ValueRanking(table, criteria, method, risk_adjusted)
