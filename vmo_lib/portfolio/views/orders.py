"""Notebook 04, "The legacy list against the value ranking": how far the two orders agree,
the biggest movers, and how execution health relates to value.

>>> from vmo_lib.portfolio.compare import compare_rankings
>>> same = compare_rankings(pd.Series([1, 2, 3]), pd.Series([1, 2, 3]))
>>> "broadly agree" in comparison_sentence_html(same, "projects")
True
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from vmo_lib.portfolio.compare import RankComparison
from vmo_lib.portfolio.review import OrderComparison
from vmo_lib.portfolio.value import ValueRanking
from vmo_lib.portfolio.views.common import table

__all__ = [
    "comparison_sentence",
    "comparison_sentence_html",
    "health_sentence",
    "health_sentence_html",
    "movers_frame",
    "movers_table",
]


def comparison_sentence_html(comparison: RankComparison, scope: str) -> str:
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


def comparison_sentence(orders: OrderComparison) -> HTML:
    """How far the legacy list and the value ranking agree, over the projects on the list."""
    return HTML(comparison_sentence_html(orders.legacy, "projects on the priority list"))


def health_sentence_html(comparison: RankComparison) -> str:
    """HTML paragraph: how the execution-health order relates to the value order."""
    return (
        "<p>Execution health and value are related too: Spearman's correlation between the "
        f"health order and the value order is {comparison.spearman:+.2f}. A negative figure "
        "means the most valuable projects tend to be the troubled ones.</p>"
    )


def health_sentence(orders: OrderComparison) -> HTML:
    """How the execution-health order relates to the value order."""
    return HTML(health_sentence_html(orders.health))


def movers_frame(comparison: RankComparison, ranking: ValueRanking, count: int) -> pd.DataFrame:
    """The ``count`` biggest movers with their name, stage and status, one row each."""
    movers = comparison.biggest(count).join(ranking.table[["name", "stage", "rag_status"]])
    columns = ["name", "stage", "rag_status", "legacy_rank", "value_rank", "change"]
    return movers.reset_index()[["project_id", *columns]]


def movers_table(orders: OrderComparison) -> HTML:
    """The biggest movers (places gained by judging on value), as many as the settings ask."""
    frame = movers_frame(orders.legacy, orders.ranking, orders.movers_shown)
    return HTML(
        table(
            frame,
            "Biggest movers (places gained by judging on value; negative = falls)",
            integer=["legacy_rank", "value_rank", "change"],
        ).to_html()
    )
