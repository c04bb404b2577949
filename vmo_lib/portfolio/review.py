"""The first steps of a portfolio review (notebook 04): rank by value, compare, place.

Each step takes the :class:`~vmo_lib.portfolio.settings.ReviewSettings` (or the previous
step's result) and returns a frozen result that knows the key figures it records
(``recorded()``, for :func:`vmo_lib.notebook.record.record_all`):

1. :func:`rank_portfolio` weighs the drivers (:func:`vmo_lib.drivers.choose_weighting`, the
   decision notebook 02 takes), scores and ranks every project
   (:func:`~vmo_lib.portfolio.rank_by_value`) and parses the funding constraints, so a
   mistake in any of them is reported, with all the others, before the heavy work;
2. :func:`compare_orders` sets the legacy priority list, and execution health, beside the
   value ranking;
3. :func:`place_in_quadrants` crosses value with execution health (:func:`quadrant_view`).

The funding decision, the frontier and the robustness analysis follow in
:mod:`vmo_lib.portfolio.funding_review`.

>>> resolve_value_threshold(pd.Series([10.0, float("nan"), 40.0]), 0)
25.0
>>> extreme_only_executives(pd.DataFrame({"executive": ["A"] * 3 + ["B"] * 3,
...     "judgement": [9, 1 / 9, 1, 9, 3, 1]}))
('A',)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib import drivers
from vmo_lib.data.organisation import Organisation
from vmo_lib.notebook.availability import missing_tables
from vmo_lib.notebook.record import Figure
from vmo_lib.portfolio.compare import RankComparison, compare_rankings
from vmo_lib.portfolio.funding.constraints import FundingConstraints, parse_constraints
from vmo_lib.portfolio.health import QUADRANTS, quadrant
from vmo_lib.portfolio.settings import ReviewSettings
from vmo_lib.portfolio.value import ValueRanking, rank_by_value

__all__ = [
    "EXTREME_VALUES",
    "OrderComparison",
    "QuadrantPlacement",
    "RankedPortfolio",
    "compare_orders",
    "extreme_only_executives",
    "place_in_quadrants",
    "quadrant_view",
    "rank_portfolio",
    "resolve_value_threshold",
]

EXTREME_VALUES: tuple[float, ...] = (1.0, 9.0, 1.0 / 9.0)
"""Saaty answers 'equal' and 'extreme' (either way): an executive who gives only these treats
the 1-9 intensity scale as a yes/no question."""


def extreme_only_executives(judgements: pd.DataFrame, minimum: int = 3) -> tuple[str, ...]:
    """Executives whose every AHP judgement (at least ``minimum``) is 1 or 9 (or 1/9), with at
    least one 9 or 1/9: they used the intensity scale as a yes/no question."""
    if judgements.empty:
        return ()
    values = judgements["judgement"].astype(float).to_numpy()
    extreme = np.isclose(values[:, None], np.array(EXTREME_VALUES)[None, :], rtol=2e-3).any(1)
    strong = ~np.isclose(values, 1.0)
    frame = pd.DataFrame(
        {"who": judgements["executive"].astype(str).to_numpy(), "x": extreme, "s": strong}
    )
    by = frame.groupby("who", sort=False).agg(n=("x", "size"), x=("x", "all"), s=("s", "any"))
    return tuple(by.index[(by["n"] >= minimum) & by["x"] & by["s"]])


@dataclass(frozen=True)
class RankedPortfolio:
    """Step 1: the driver weights, the value ranking and the parsed funding constraints.

    ``weights``: the :class:`vmo_lib.drivers.DriverWeights` behind the scores;
    ``driver_names``: driver id -> name (criteria and slider labels); ``judgements``: the AHP
    judgements (to name executives who answered only 1 and 9); ``mandatory_column``: whether
    the data has a ``mandatory`` column at all; ``weighting_reason``: the sentence of
    :func:`vmo_lib.drivers.choose_weighting` saying which method weighs the drivers and why
    (the same decision as notebook 02's).
    """

    settings: ReviewSettings
    weights: drivers.DriverWeights
    ranking: ValueRanking
    rules: FundingConstraints
    driver_names: pd.Series
    judgements: pd.DataFrame | None = None
    mandatory_column: bool = True
    weighting_reason: str = ""

    def recorded(self) -> tuple[Figure, ...]:
        """Method, weighting, how many projects are ranked, open, not scored, mandatory, with
        an assumed probability, and the most valuable open project."""
        ranking, settings = self.ranking, self.settings
        top = ranking.candidates.iloc[0]
        return (
            Figure("method", settings.method, "Scoring method", "text"),
            Figure("weighting", settings.weighting, "Driver weighting", "text"),
            Figure("n_scored", len(ranking.table), "Projects in the ranking", "count"),
            Figure("n_open", len(ranking.active), "Projects open to funding", "count"),
            Figure(
                "top_value_project", str(ranking.candidates.index[0]), "Most valuable open project"
            ),
            Figure("top_value_score", float(top["value_score"]), "Its value score", "number"),
            Figure("n_not_scored", len(ranking.not_scored), "Projects not scored", "count"),
            Figure(
                "n_mandatory_open", len(ranking.mandatory_open), "Open mandatory projects", "count"
            ),
            Figure(
                "n_probability_assumed",
                int(ranking.table["probability_assumed"].sum()),
                "Probabilities assumed (blank in data)",
                "count",
            ),
        )


def rank_portfolio(org: Organisation, settings: ReviewSettings) -> RankedPortfolio:
    """Weigh the drivers (``settings.weighting``), rank every project of ``org`` by value and
    parse the funding constraints; raises
    :class:`~vmo_lib.portfolio.funding.constraints.ConstraintError` listing every problem of
    the constraint settings at once."""
    choice = drivers.choose_weighting(
        org, settings.weighting, exclude_inconsistent=settings.exclude_inconsistent
    )
    weights = choice.weights
    ranking = rank_by_value(
        org,
        weights.leaves,
        method=settings.method,
        risk_adjusted=settings.risk_adjusted,
        financial_weight=settings.financial_weight,
        discount_rate=settings.discount_rate,
        eac_method=settings.eac_method,
        as_of=settings.as_of,
    )
    rules = parse_constraints(
        ranking.candidates,
        stages=ranking.decision_stages(),
        cashflows=None if missing_tables(org, ["cashflows"]) else org.cashflows,
        as_of=settings.as_of,
        mandatory=ranking.mandatory_open if settings.fund_mandatory_first else (),
        **settings.constraint_texts(),
    )
    names = org.value_drivers.set_index("driver_id")["name"].astype(str)
    return RankedPortfolio(
        settings,
        weights,
        ranking,
        rules,
        names,
        org.driver_judgements,
        "mandatory" in org.projects.columns,
        choice.reason,
    )


@dataclass(frozen=True)
class OrderComparison:
    """Step 2: the legacy priority list against the value ranking (``legacy``), and the
    execution-health order against it (``health``); ``ranking`` for names and stages."""

    ranking: ValueRanking
    legacy: RankComparison
    health: RankComparison
    movers_shown: int = 10

    def recorded(self) -> tuple[Figure, ...]:
        """The rank correlations and the project that gains most by being judged on value."""
        return (
            Figure(
                "spearman_legacy_value",
                self.legacy.spearman,
                "Spearman: legacy/value",
                "ratio",
                headline=True,
            ),
            Figure(
                "kendall_legacy_value", self.legacy.kendall, "Kendall: legacy vs value", "ratio"
            ),
            Figure(
                "spearman_health_value",
                self.health.spearman,
                "Spearman: execution health vs value",
                "ratio",
            ),
            Figure("biggest_riser", str(self.legacy.movers["change"].idxmax()), "Biggest riser"),
        )


def compare_orders(ranked: RankedPortfolio) -> OrderComparison:
    """Compare the legacy priority and the execution health (best first) with the value rank;
    projects without value scores are left out (they have no place to move to)."""
    table = ranked.ranking.table
    legacy = compare_rankings(table["legacy_priority"], table["value_rank"])
    health = compare_rankings(-table["execution_health"], table["value_rank"])
    return OrderComparison(ranked.ranking, legacy, health, ranked.settings.movers_shown)


def resolve_value_threshold(values: pd.Series, threshold: float) -> float:
    """The value score from which a project counts as high value: ``threshold``, or the
    median of ``values`` when ``threshold`` is 0 (blank scores, projects not scored, left out;
    0 when no project is scored)."""
    if threshold > 0:
        return float(threshold)
    known = values.to_numpy(float)
    known = known[~np.isnan(known)]
    return float(np.median(known)) if known.size else 0.0


def quadrant_view(
    ranking: ValueRanking, value_threshold: float, health_threshold: float
) -> pd.DataFrame:
    """The active projects with their ``quadrant`` (thresholds already resolved).

    A mandatory project of low value is ``mandatory`` (fund, minimise cost), never
    ``rethink`` or ``stop``; a project without value scores is ``not scored``.
    """
    table = ranking.active.copy()
    groups = quadrant(
        table["value_score"].fillna(-np.inf),
        table["execution_health"],
        value_threshold,
        health_threshold,
    )
    low = groups.isin(["rethink", "stop"])
    groups = groups.mask(table["mandatory"].astype(bool) & low, "mandatory")
    table["quadrant"] = groups.mask(~table["scored"].astype(bool), "not scored")
    return table


@dataclass(frozen=True)
class QuadrantPlacement:
    """Step 3: the open projects with their ``quadrant`` (``table``, see
    :func:`quadrant_view`) and the thresholds used (value score 0-100, health 0-100)."""

    settings: ReviewSettings
    table: pd.DataFrame
    value_threshold: float
    health_threshold: float

    def recorded(self) -> tuple[Figure, ...]:
        """Projects per quadrant, low-value mandatory projects and the high-value line."""
        counts = self.table["quadrant"].value_counts()
        return (
            *(
                Figure(f"n_{name}", int(counts.get(name, 0)), f"Projects to {name}", "count")
                for name in QUADRANTS
            ),
            Figure(
                "n_mandatory_low_value",
                int(counts.get("mandatory", 0)),
                "Mandatory projects of low value (fund, minimise cost)",
                "count",
            ),
            Figure("value_threshold_used", self.value_threshold, "High-value threshold", "number"),
        )


def place_in_quadrants(ranked: RankedPortfolio) -> QuadrantPlacement:
    """The open projects in the value-versus-health quadrants, at the settings' thresholds
    (``value_threshold`` 0 = the median value score of the open projects)."""
    settings = ranked.settings
    active = ranked.ranking.active
    high_value = resolve_value_threshold(active["value_score"], settings.value_threshold)
    table = quadrant_view(ranked.ranking, high_value, settings.health_threshold)
    return QuadrantPlacement(settings, table, high_value, float(settings.health_threshold))
