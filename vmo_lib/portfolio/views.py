"""Tables and sentences notebook 04 shows, assembled from the portfolio results.

Nothing here computes a new figure: it joins results (ranking, quadrants, selection,
robustness) into the tables a reader sees and exports, and words the findings. Display names
for the columns are in :data:`DISPLAY_LABELS`. How the funding constraints read (limits
table, notes) is in :mod:`vmo_lib.portfolio.constraint_views`.

>>> resolve_value_threshold(pd.Series([10.0, 20.0, 40.0]), 0)
20.0
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.display.listing import ShownRows
from vmo_lib.display.tables import money_text
from vmo_lib.portfolio.compare import RankComparison
from vmo_lib.portfolio.decision import FundingComparison, decision_texts
from vmo_lib.portfolio.health import quadrant
from vmo_lib.portfolio.robustness import Robustness
from vmo_lib.portfolio.scoring import Criteria
from vmo_lib.portfolio.value import ValueRanking

__all__ = [
    "DECISION_COLUMNS",
    "DISPLAY_LABELS",
    "FINANCIAL_COLUMNS",
    "RANKING_COLUMNS",
    "SHOWN_PER_END",
    "borderline_shown",
    "borderline_table",
    "comparison_sentence",
    "decision_rows",
    "decision_summary",
    "financial_view",
    "frontier_budgets",
    "funding_sentence",
    "health_sentence",
    "movers_table",
    "programme_totals",
    "quadrant_view",
    "reranked_portfolio",
    "resolve_value_threshold",
    "selection_sentence",
    "shown_note",
    "weights_table",
]

DISPLAY_LABELS: dict[str, str] = {
    "project_id": "Project",
    "criterion": "Criterion",
    "kind": "Kind",
    "weight": "Weight",
    "name": "Name",
    "programme": "Programme",
    "stage": "Stage",
    "rag_status": "Status (RAG)",
    "legacy_priority": "Legacy priority",
    "legacy_rank": "Legacy rank",
    "driver_score": "Driver score (0-100)",
    "probability": "Probability of success",
    "probability_assumed": "Probability assumed",
    "value_score": "Value score (0-100)",
    "value_rank": "Value rank",
    "change": "Places gained",
    "execution_health": "Execution health (0-100)",
    "remaining_cost": "Still to spend",
    "npv": "NPV",
    "benefit_cost_ratio": "Benefit-cost ratio",
    "quadrant": "Quadrant",
    "meaning": "Meaning",
    "projects": "Projects",
    "members": "Which",
    "funded": "Funded",
    "decision": "Decision",
    "funded_share": "Funded in (share of samples)",
    "verdict": "Verdict",
    "base_rank": "Rank at agreed weights",
    "rank_low": "Best rank",
    "rank_high": "Worst rank",
    "rank_median": "Median rank",
    "base_funded": "Funded at agreed weights",
    "budget": "Budget",
    "total_value": "Total value",
    "total_cost": "Total cost",
    "n_selected": "Projects funded",
    "scored": "Scored",
    "mandatory": "Mandatory",
    "investment_category": "Investment category",
    "irr": "IRR",
    "irr_note": "IRR note",
    "cost": "Still to spend",
    "share_of_budget": "Share of the budget",
}


SHOWN_PER_END = 20
"""Projects shown at each end of a long per-project table in notebook 04 (at most 40 rows; a
portfolio of up to 40 open projects, such as the case study's, is shown whole)."""
RANKING_COLUMNS: list[str] = [
    "project_id",
    "name",
    "stage",
    "rag_status",
    "mandatory",
    "legacy_priority",
    "value_rank",
    "value_score",
    "probability",
    "remaining_cost",
]
"""Columns of the value ranking table shown in the notebook."""
DECISION_COLUMNS: list[str] = [
    "project_id",
    "name",
    "stage",
    "mandatory",
    "value_rank",
    "value_score",
    "remaining_cost",
    "decision",
]
"""Columns of the funding decision table shown in the notebook."""
FINANCIAL_COLUMNS: list[str] = [
    "project_id",
    "name",
    "stage",
    "remaining_cost",
    "npv",
    "benefit_cost_ratio",
    "irr",
    "irr_note",
]
"""Columns of the forward financial view shown in the notebook."""


def shown_note(shown: ShownRows, link: str = "") -> str:
    """HTML note under a shortened table: what is shown and, when ``link`` (an HTML link from
    :func:`vmo_lib.display.listing.export_link_html`) is given, where the full list is. '' when the
    table shows every row."""
    if not shown.truncated:
        return ""
    where = f" The full list is in {link}." if link else ""
    return f"<p><em>{html.escape(shown.note)}{where}</em></p>"


def decision_rows(funded: pd.DataFrame) -> pd.DataFrame:
    """The :data:`DECISION_COLUMNS` of the projects the value selection weighed (scored or
    mandatory), best value first; projects without scores are listed apart."""
    weighed = funded[funded["scored"].astype(bool) | funded["mandatory"].astype(bool)]
    return weighed.reset_index()[DECISION_COLUMNS]


def decision_summary(funded: pd.DataFrame) -> pd.DataFrame:
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


def financial_view(ranking: ValueRanking) -> pd.DataFrame:
    """The open projects with their forward NPV, benefit-cost ratio and IRR (with the IRR's
    note, e.g. that a higher IRR is worse for borrowing-type flows), highest NPV first.
    Empty when the data has no cash flows."""
    if "npv" not in ranking.table.columns:
        return pd.DataFrame(columns=FINANCIAL_COLUMNS)
    table = ranking.active.sort_values("npv", ascending=False, kind="stable")
    return table.reset_index()[FINANCIAL_COLUMNS]


def weights_table(criteria: Criteria, names: pd.Series | None = None) -> pd.DataFrame:
    """One row per criterion: id, name, kind (driver or financial), weight; largest first."""
    table = pd.DataFrame(
        {
            "criterion": criteria.weights.index.astype(str),
            "name": [
                str(names.get(c, c)) if names is not None else str(c)
                for c in criteria.weights.index
            ],
            "kind": criteria.kind.reindex(criteria.weights.index).to_numpy(),
            "weight": criteria.weights.to_numpy(float),
        }
    )
    return table.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)


def resolve_value_threshold(values: pd.Series, threshold: float) -> float:
    """The value score from which a project counts as high value: ``threshold``, or the
    median of ``values`` when ``threshold`` is 0 (blank scores, projects not scored, left out;
    0 when no project is scored).

    >>> resolve_value_threshold(pd.Series([10.0, float("nan"), 40.0]), 0)
    25.0
    """
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


def frontier_budgets(
    costs: pd.Series, points: int = 41, greedy: pd.DataFrame | None = None
) -> np.ndarray:
    """Budgets for the frontier (currency): evenly spaced from 0 to the cost of everything,
    plus each step of the greedy curve (``cumulative_cost``), so the two are compared at the
    budgets where the greedy curve changes."""
    grid = np.linspace(0.0, float(costs.sum()), points)
    if greedy is not None:
        grid = np.concatenate([grid, greedy["cumulative_cost"].to_numpy(float)])
    return np.unique(grid)


def reranked_portfolio(
    ranking: ValueRanking,
    selected: tuple[str, ...],
    quadrants: pd.DataFrame,
    robust: Robustness | None = None,
) -> pd.DataFrame:
    """Every project, best value first, with its quadrant, decision and robustness verdict."""
    table = ranking.table.copy()
    table["quadrant"] = quadrants["quadrant"].reindex(table.index)
    table["funded"] = table.index.isin(list(selected)) & table["active"].to_numpy(bool)
    table["decision"] = decision_texts(
        table["stage"], table["funded"], table["mandatory"], table["scored"]
    )
    if robust is not None:
        for column in ("funded_share", "verdict", "rank_low", "rank_high"):
            table[column] = robust.table[column].reindex(table.index)
    keep = [
        "name",
        "programme",
        "stage",
        "rag_status",
        "legacy_priority",
        "value_rank",
        "value_score",
        "scored",
        "mandatory",
        "investment_category",
        "driver_score",
        "probability",
        "execution_health",
        "quadrant",
        "remaining_cost",
        "npv",
        "benefit_cost_ratio",
        "irr",
        "irr_note",
        "funded",
        "decision",
        "funded_share",
        "verdict",
        "rank_low",
        "rank_high",
    ]
    if table["investment_category"].isna().all():
        keep.remove("investment_category")
    return table[[c for c in keep if c in table.columns]].reset_index()


def comparison_sentence(comparison: RankComparison, scope: str) -> str:
    """HTML paragraph: how far the legacy list and the value ranking agree."""
    rho, tau = comparison.spearman, comparison.kendall
    if rho >= 0.7:
        words = "broadly agree"
    elif rho >= 0.3:
        words = "agree only loosely"
    elif rho > -0.1:
        words = "are close to unrelated"
    elif rho > -0.5:
        words = "lean in opposite directions"
    else:
        words = "point in opposite directions"
    return (
        f"<p>Over the {comparison.n} {html.escape(scope)}, the legacy priority list and the value "
        f"ranking <strong>{words}</strong>: Spearman's rank correlation is "
        f"<strong>{rho:+.2f}</strong> (Kendall's tau {tau:+.2f}). A value of +1 would mean the "
        "same order, 0 no relation and -1 the reverse order.</p>"
    )


def health_sentence(comparison: RankComparison) -> str:
    """HTML paragraph: how the execution-health order relates to the value order."""
    return (
        "<p>Execution health and value are related too: Spearman's correlation between the "
        f"health order and the value order is {comparison.spearman:+.2f}. A negative figure "
        "means the most valuable projects tend to be the troubled ones.</p>"
    )


def movers_table(comparison: RankComparison, ranking: ValueRanking, count: int) -> pd.DataFrame:
    """The ``count`` biggest movers with their name, stage and status, one row each."""
    movers = comparison.biggest(count).join(ranking.table[["name", "stage", "rag_status"]])
    columns = ["name", "stage", "rag_status", "legacy_rank", "value_rank", "change"]
    return movers.reset_index()[["project_id", *columns]]


def borderline_table(robust: Robustness, ranking: ValueRanking) -> pd.DataFrame:
    """The borderline projects of a robustness analysis, with name, funded share and ranks."""
    rows = robust.table[robust.table["verdict"] == "borderline"].join(ranking.table[["name"]])
    columns = ["name", "funded_share", "base_rank", "rank_low", "rank_high"]
    return rows.reset_index()[["project_id", *columns]]


def borderline_shown(
    robust: Robustness, ranking: ValueRanking, n: int = SHOWN_PER_END
) -> ShownRows:
    """:func:`borderline_table` for a handout: whole when it has at most ``2 * n`` rows, else
    the ``2 * n`` least certain (funded share nearest one half), with a note saying so (show
    it with :func:`shown_note`)."""
    table = borderline_table(robust, ranking)
    total = len(table)
    if total <= 2 * n:
        return ShownRows(table, total, False, "")
    doubt = (table["funded_share"] - 0.5).abs()
    shown = table.loc[doubt.sort_values(kind="stable").index[: 2 * n]]
    shown = shown.sort_values(["funded_share", "base_rank"], ascending=[False, True])
    note = (
        f"Showing the {2 * n} least certain of {total:,} borderline projects (funded share "
        "nearest one half)."
    )
    return ShownRows(shown.reset_index(drop=True), total, True, note)


def selection_sentence(
    selection: Any, budget: float, n_open: int, currency: str | None = None
) -> str:
    """HTML paragraph: the budget and what the selection funds with it."""
    return (
        f"<p>Budget: <strong>{money_text(budget, currency)}</strong>. Funded: "
        f"<strong>{len(selection.selected)}</strong> of {n_open} open projects, "
        f"{selection.total_value:,.1f} value points for "
        f"{money_text(selection.total_cost, currency)}.</p>"
    )


def funding_sentence(result: FundingComparison, currency: str | None = None) -> str:
    """HTML paragraph: what the optimal portfolio gains over the current one, same budget."""
    added = int((result.moves["change"] == "added").sum())
    dropped = int((result.moves["change"] == "dropped").sum())
    share = result.value_gained_share
    gain = f" ({share:+.0%})" if np.isfinite(share) else ""
    return (
        f"<p>The current portfolio ({len(result.current)} projects approved or in flight) still "
        f"needs {money_text(result.current_cost, currency)} and is worth "
        f"{result.current_value:,.1f} value points. Spending the same money by value buys "
        f"<strong>{result.optimal_value:,.1f} points{gain}</strong> with "
        f"{len(result.optimal)} projects, for {money_text(result.optimal_cost, currency)}: "
        f"{added} project(s) come in and {dropped} go out.</p>"
    )
