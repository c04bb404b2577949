"""The later steps of a portfolio review (notebook 04): fund, draw the frontier, test the
weights.

Each step takes the previous step's result and returns a frozen result that knows the key
figures it records (``recorded()``, for :func:`vmo_lib.notebook.record.record_all`):

4. :func:`fund_portfolio`: the funded set at the settings' budget under the parsed
   constraints, and the current portfolio against the best one at the same money
   (:func:`vmo_lib.portfolio.decision.decide`, which falls back when the constraints
   conflict);
5. :func:`frontier_review`: the efficient frontier, the greedy value-per-cost curve and the
   gap between them at the budget;
6. :func:`weight_robustness`: re-ranking and re-selecting under sampled weights.

The totals the handout shows (per decision, per programme) are computed here too
(:func:`decision_totals`, :func:`programme_totals`), in money still to spend.

>>> programme_words("group Digital: at most 40.0% of the budget")
'programme Digital: at most 40.0% of the budget'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.notebook.record import Figure
from vmo_lib.portfolio.decision import FundingDecision, candidate_inputs, decide, funded_table
from vmo_lib.portfolio.frontier import efficient_frontier, sweep_budgets
from vmo_lib.portfolio.funding.select import Selection, select_projects
from vmo_lib.portfolio.greedy import FrontierGap, frontier_gap, greedy_frontier
from vmo_lib.portfolio.review import RankedPortfolio
from vmo_lib.portfolio.robustness import ChartRows, Robustness, robustness
from vmo_lib.portfolio.settings import CHART_ROWS

__all__ = [
    "FrontierReview",
    "FundingReview",
    "RobustnessReview",
    "binding_limits",
    "decision_totals",
    "frontier_review",
    "fund_portfolio",
    "programme_totals",
    "programme_words",
    "weight_robustness",
]


def programme_words(text: str) -> str:
    """A constraint's text with the selection's word for a programme ("group") replaced."""
    return re.sub(r"^group ", "programme ", text)


def binding_limits(selection: Selection) -> list[str]:
    """The money limits of a :class:`~vmo_lib.portfolio.Selection` that bind (no left-out
    project would fit under them), worded as the handout words them."""
    limits = selection.limits
    return [programme_words(str(c)) for c in limits.loc[limits["binding"], "constraint"]]


def decision_totals(funded: pd.DataFrame) -> pd.DataFrame:
    """One row per decision (``continue``, ``stop``, ...): how many open projects and the
    money they still need (currency), largest first. ``funded`` is
    :func:`~vmo_lib.portfolio.decision.funded_table`."""
    table = funded.groupby("decision", sort=False).agg(
        projects=("stage", "size"), cost=("remaining_cost", "sum")
    )
    return table.sort_values("cost", ascending=False, kind="stable").reset_index()


def programme_totals(funded: pd.DataFrame, budget: float, by: str = "programme") -> pd.DataFrame:
    """Per programme (or other column ``by``, e.g. ``investment_category``): open projects,
    how many are funded, the money the funded ones still need and its share of ``budget``
    (currency); largest spend first, then a total row. Blank groups are shown as
    "(not given)"."""
    data = funded.assign(
        funded_cost=funded["remaining_cost"].where(funded["funded"], 0.0),
        n_funded=funded["funded"].astype(int),
        group=funded[by].astype(object).where(funded[by].notna(), "(not given)"),
    )
    table = data.groupby("group", sort=False).agg(
        projects=("stage", "size"), n_selected=("n_funded", "sum"), cost=("funded_cost", "sum")
    )
    table = table.sort_values("cost", ascending=False, kind="stable")
    table.loc["Total"] = table.sum()
    table["share_of_budget"] = table["cost"] / budget if budget > 0 else np.nan
    return table.rename_axis(by).reset_index()


@dataclass(frozen=True)
class FundingReview:
    """Step 4: the funding decision (``decision``) on the ranked portfolio (``ranked``), with
    the selection's inputs (``values``, 0-100 scores; ``costs``, money still to spend) and
    the open projects with their ``funded`` flag and ``decision`` (``funded``)."""

    ranked: RankedPortfolio
    decision: FundingDecision
    values: pd.Series
    costs: pd.Series
    funded: pd.DataFrame

    @property
    def selection(self) -> Selection:
        """The recommended funded set (:class:`~vmo_lib.portfolio.Selection`)."""
        return self.decision.selection

    @property
    def kwargs(self) -> dict[str, Any]:
        """The constraints applied, as keyword arguments of ``select_projects``."""
        return self.decision.rules.selection_kwargs()

    @property
    def has_money_limits(self) -> bool:
        """True when programme shares or yearly budgets limit the funded set."""
        rules = self.decision.rules
        return bool(rules.programme_shares or rules.yearly_budgets)

    @property
    def mandatory_cost(self) -> float:
        """Money (currency) the mandatory projects funded first still need: what comes off
        the top of the budget (0 when mandatory-first is off or nothing is mandatory)."""
        table = self.ranked.ranking.table
        duties = [p for p in self.decision.rules.mandatory if p in table.index]
        return float(table.loc[duties, "remaining_cost"].sum())

    def recorded(self) -> tuple[Figure, ...]:
        """Budget, mandatory cost, the funded set, the comparison with the current portfolio,
        whether the constraints held and which money limits bind."""
        chosen, current, decision = self.selection, self.decision.comparison, self.decision
        moves = current.moves
        return (
            Figure("budget", decision.budget, "Budget", "money"),
            Figure(
                "mandatory_cost",
                self.mandatory_cost,
                "Mandatory work taken off the top of the budget",
                "money",
            ),
            Figure("n_funded", len(chosen.selected), "Projects funded", "count", headline=True),
            Figure("funded_value", chosen.total_value, "Value funded (points)", "number"),
            Figure("funded_cost", chosen.total_cost, "Cost of the funded set", "money", True),
            Figure("funded_ids", sorted(map(str, chosen.selected))),
            Figure("current_value", current.current_value, "Current portfolio value", "number"),
            Figure("optimal_value_same_budget", current.optimal_value, unit="number"),
            Figure(
                "value_gained_share", current.value_gained_share, "Value gained", "percent", True
            ),
            Figure("projects_in", sorted(moves.index[moves["change"] == "added"])),
            Figure("constraints_applied", not decision.infeasible, "Funding constraints applied"),
            Figure("funding_note", decision.note),
            Figure("binding_limits", binding_limits(chosen)),
            Figure("projects_out", sorted(moves.index[moves["change"] == "dropped"])),
        )


def fund_portfolio(ranked: RankedPortfolio) -> FundingReview:
    """Select the funded set at the settings' budget (0 = what the current portfolio still
    needs) under the parsed constraints, falling back as
    :func:`~vmo_lib.portfolio.decision.decide` says when they conflict."""
    ranking = ranked.ranking
    values, costs = candidate_inputs(ranking)
    decision = decide(ranking, ranked.settings.budget, ranked.rules)
    funded = funded_table(ranking, decision.selection.selected)
    return FundingReview(ranked, decision, values, costs, funded)


@dataclass(frozen=True)
class FrontierReview:
    """Step 5: the efficient ``frontier`` and the ``greedy`` value-per-cost curve under the
    funding decision's constraints, and their ``gap`` at its budget."""

    funding: FundingReview
    frontier: pd.DataFrame
    greedy: pd.DataFrame
    gap: FrontierGap

    def recorded(self) -> tuple[Figure, ...]:
        """The value the greedy curve misses at the budget (score points)."""
        return (
            Figure(
                "greedy_gap",
                self.gap.value_gap,
                "Value the greedy curve misses",
                "number",
                headline=True,
            ),
        )


def frontier_review(funding: FundingReview) -> FrontierReview:
    """The frontier over a sweep of budgets (refined where it rises most, within the
    settings' ``analysis_time_limit``), the greedy curve and the gap at the budget."""
    values, costs, kwargs = funding.values, funding.costs, funding.kwargs
    greedy = greedy_frontier(values, costs, **funding.decision.rules.greedy_kwargs())
    frontier = efficient_frontier(
        values,
        costs,
        sweep_budgets(costs, greedy),
        refine=10,
        total_time=funding.ranked.settings.analysis_time_limit,
        **kwargs,
    )
    budget = funding.decision.budget
    gap = frontier_gap(values, costs, budget, optimal=funding.selection, **kwargs)
    return FrontierReview(funding, frontier, greedy, gap)


@dataclass(frozen=True)
class RobustnessReview:
    """Step 6: the robustness of the funding decision (``funding``) to the weights
    (``robust``) and the rows the chart shows (``shown``)."""

    funding: FundingReview
    robust: Robustness
    shown: ChartRows

    @property
    def ranked(self) -> RankedPortfolio:
        """The ranked portfolio the decision was taken on."""
        return self.funding.ranked

    def recorded(self) -> tuple[Figure, ...]:
        """Projects per verdict (core, borderline, out) and the core and out projects."""
        table = self.robust.table
        return (
            *(
                Figure(f"n_{name}", count, f"{name.capitalize()} projects", "count")
                for name, count in self.robust.counts.items()
            ),
            Figure("core_ids", sorted(table.index[table["verdict"] == "core"])),
            Figure("out_ids", sorted(table.index[table["verdict"] == "out"])),
        )


def weight_robustness(funding: FundingReview) -> RobustnessReview:
    """Re-rank and re-select under the settings' weight samples (scheme, concentration,
    seed, core threshold), with the constraints and budget of the funding decision."""
    ranked = funding.ranked
    settings, ranking = ranked.settings, ranked.ranking
    robust = robustness(
        ranking.criteria,
        funding.costs,
        funding.decision.budget,
        select_projects,
        method=settings.method,
        probability=ranking.probability,
        n_samples=settings.robustness_samples,
        scheme=settings.robustness_scheme,
        concentration=settings.weight_concentration,
        seed=settings.seed,
        core_threshold=settings.core_threshold,
        constraints=funding.kwargs,
        total_time=settings.analysis_time_limit,
    )
    return RobustnessReview(funding, robust, robust.chart_rows(CHART_ROWS))
