"""The portfolio scored on both verdicts: every delivery project rated on execution and on
value, cross-tabulated, and counted by programme (notebook 03, "One scorecard, two verdicts").

Why one result: the notebook shows the thresholds, the cross-tabulation, the scorecard, the
programme counts and the telling cells, and records the headline figures; all of them come
from the same ratings, so :func:`score_portfolio` computes them once and
:class:`ScoredPortfolio` carries them (and knows what to record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from vmo_lib.kpis.scorecard import (
    PortfolioView,
    Threshold,
    portfolio_view,
    project_scorecard,
    rag_by_programme,
    threshold_of,
)
from vmo_lib.notebook.record import Figure

if TYPE_CHECKING:  # annotations only: importing vmo_lib.kpis stays free of the measures' imports
    from vmo_lib.kpis.measures import ExecutionKpis, ValueKpis

__all__ = ["ScoredPortfolio", "score_portfolio"]


@dataclass(frozen=True)
class ScoredPortfolio:
    """The scorecard of every delivery project and what the handout builds from it.

    ``card``: :func:`~vmo_lib.kpis.scorecard.project_scorecard`; ``view``: execution x value
    status (:class:`~vmo_lib.kpis.scorecard.PortfolioView`); ``by_programme``: projects per
    programme and status; ``thresholds``: the thresholds used; ``objectives``: the objective
    realisation columns and their names (:attr:`ValueKpis.objectives`).
    """

    card: pd.DataFrame
    view: PortfolioView
    by_programme: pd.DataFrame
    thresholds: tuple[Threshold, ...]
    objectives: dict[str, str]

    def threshold(self, measure: str) -> Threshold:
        """The threshold used for ``measure`` (``KeyError`` naming the known ones)."""
        return threshold_of(self.thresholds, measure)

    def recorded(self) -> tuple[Figure, ...]:
        """The projects in the two telling cells, how many were scored, where each
        threshold came from, and the objectives rated."""
        view = self.view
        return (
            Figure(
                "green_execution_red_value",
                list(view.green_execution_red_value),
                "Green on execution, red on value",
            ),
            Figure("red_execution_green_value", list(view.red_execution_green_value)),
            Figure("n_scored", len(self.card), "Projects on the scorecard", "count"),
            Figure("thresholds_source", {t.measure: t.source for t in self.thresholds}),
            Figure("objectives", dict(self.objectives)),
        )


def score_portfolio(
    execution: ExecutionKpis, value: ValueKpis, thresholds: Sequence[Threshold]
) -> ScoredPortfolio:
    """Rate every delivery project of ``execution`` and ``value`` against ``thresholds``
    (e.g. :func:`~vmo_lib.kpis.scorecard.thresholds_for`)."""
    card = project_scorecard(execution.projects, value.projects, thresholds)
    return ScoredPortfolio(
        card=card,
        view=portfolio_view(card),
        by_programme=rag_by_programme(card),
        thresholds=tuple(thresholds),
        objectives=dict(value.objectives),
    )
