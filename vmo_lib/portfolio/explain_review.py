"""Step 4c of a portfolio review (notebook 04): why each project is in or out.

:func:`explain_funding` explains the final funding decision for every organisation: the
decision on the money limits (:func:`~vmo_lib.portfolio.funding_review.fund_portfolio`) or,
when the data lists scarce resources, the decision within capacity
(:func:`~vmo_lib.portfolio.capacity_review.review_capacity`, passed as ``capacity``). Each
project gets its reason, break-even value score and the value lost by forcing the other
decision (:func:`~vmo_lib.portfolio.funding.explain.explain_selection`, the same exact
solver), and the projects closest to changing a cost break-even too when the portfolio is
small enough for the bisection (:data:`COST_BREAK_EVEN_UP_TO` open projects).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.notebook.record import Figure
from vmo_lib.portfolio.capacity_review import CapacityReview
from vmo_lib.portfolio.decision import FundingDecision
from vmo_lib.portfolio.funding.explain import explain_selection
from vmo_lib.portfolio.funding.explain_text import cost_break_even
from vmo_lib.portfolio.funding_review import FundingReview

__all__ = ["COST_BREAK_EVEN_UP_TO", "FundingExplanation", "borderline", "explain_funding"]

COST_BREAK_EVEN_UP_TO = 150
"""Open projects up to which the steering sentences also give a cost break-even (each one is
a bisection of 7-12 exact solves)."""


def borderline(table: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """The rows of an :func:`explain_selection` table whose decision a change of value score
    could turn, smallest forced change first (the ``n`` first; None: all): explained, with a
    finite forced change, and not a funded project whose break-even is 0 (a score cannot fall
    below 0, so it stays in whatever its score).

    >>> table = pd.DataFrame({"funded": [True, True, False], "explained": [True] * 3,
    ...     "break_even_value": [0.0, 4.0, 9.0], "forced_change": [1.0, 2.0, 0.5]},
    ...     index=["A", "B", "C"])
    >>> list(borderline(table).index)
    ['C', 'B']
    """
    keep = table["explained"].astype(bool) & np.isfinite(table["forced_change"])
    keep &= ~(table["funded"].astype(bool) & (table["break_even_value"] <= 0))
    rows = table[keep].sort_values("forced_change", kind="stable")
    return rows if n is None else rows.head(n)


@dataclass(frozen=True, eq=False)
class FundingExplanation:
    """Why each project is in or out of ``decision`` (the funding decision, or the decision
    within capacity when ``capacity`` is given).

    ``explanation``: one row per open project (:func:`explain_selection`: ``funded``,
    ``reason``, ``break_even_value``, ``forced_change``, ``explained``, and with deferred
    starts ``start_delay``), plus ``value`` (the value score, NaN when not scored) and,
    within capacity, ``starts`` (the year a funded project starts); ``cost_break_evens``:
    project -> cost (money) at which its decision changes, for the borderline projects
    (empty on large portfolios).
    """

    funding: FundingReview
    decision: FundingDecision
    explanation: pd.DataFrame
    cost_break_evens: dict[Hashable, float | None]
    capacity: CapacityReview | None = None

    @property
    def within_capacity(self) -> bool:
        """True when the explained decision keeps scarce resources within capacity."""
        return self.capacity is not None

    @property
    def scores(self) -> pd.Series:
        """The value score (0-100) of every open project, NaN when not scored."""
        return self.funding.ranked.ranking.candidates["value_score"].astype(float)

    def recorded(self) -> tuple[Figure, ...]:
        """How many projects got a break-even value, and whether every solve was proven."""
        table = self.explanation
        return (
            Figure(
                "n_break_even_explained",
                int(table["explained"].sum()),
                "Projects with a break-even value score",
                "count",
            ),
            Figure("explanation_status", str(table.attrs.get("status", ""))),
        )


def explain_funding(
    funding: FundingReview, capacity: CapacityReview | None = None, shown: int = 5
) -> FundingExplanation:
    """Explain the final decision (see the module text): ``capacity``'s decision within
    capacity when given, else ``funding``'s; ``shown``: projects given a cost break-even
    (the closest to changing)."""
    ranked = funding.ranked
    decision = funding.decision if capacity is None else capacity.decision
    kwargs = decision.rules.selection_kwargs()
    scores = ranked.ranking.candidates["value_score"].astype(float)
    costs = funding.costs
    forced = {k: v for k, v in kwargs.items() if k != "must_fund"}
    explanation = explain_selection(
        scores,
        costs,
        decision.budget,
        mandatory=decision.rules.mandatory,
        must_fund=list(decision.rules.must_fund),
        total_time=ranked.settings.analysis_time_limit,
        **forced,
    )
    breaks: dict[Hashable, float | None] = {}
    if len(scores) <= COST_BREAK_EVEN_UP_TO:
        for project in borderline(explanation, shown).index:
            breaks[str(project)] = cost_break_even(
                scores.fillna(0.0),
                costs,
                decision.budget,
                project,
                funded=bool(explanation.loc[project, "funded"]),
                **kwargs,
            )
    attrs = dict(explanation.attrs)
    explanation = explanation.assign(value=scores.reindex(explanation.index).to_numpy(float))
    if capacity is not None:
        explanation["starts"] = _starts(explanation, capacity.planned_start)
    explanation.attrs.update(attrs)
    return FundingExplanation(funding, decision, explanation, breaks, capacity)


def _starts(explanation: pd.DataFrame, planned: pd.Series) -> pd.Series:
    """The year each funded project of ``explanation`` starts: planned start plus its
    ``start_delay`` (0 without deferred starts); <NA> for a project out or without a plan."""
    year = planned.reindex(explanation.index).astype("Int64")
    if "start_delay" in explanation:
        year = year + explanation["start_delay"].astype("Int64").fillna(0)
    return year.where(explanation["funded"].astype(bool).to_numpy()).astype("Int64")
