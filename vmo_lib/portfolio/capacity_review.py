"""Step 4b of a portfolio review (notebook 04): people as well as money.

When the data has ``resource_demand`` and ``resource_capacity``, :func:`review_capacity`
takes the funding decision (:func:`~vmo_lib.portfolio.funding_review.fund_portfolio`, on
the money limits) and decides again with every scarce resource kept within its capacity in
every period (:func:`~vmo_lib.portfolio.scenario.rules_with_resources`, the same exact
solver), then says what that costs in value, which resource binds, and why each project is in
or out (:func:`~vmo_lib.portfolio.funding.explain.explain_selection`), with the cost
break-even of the projects closest to changing when the portfolio is small enough for the
bisection (:data:`COST_BREAK_EVEN_UP_TO` open projects).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.data import Organisation
from vmo_lib.notebook.record import Figure
from vmo_lib.portfolio.decision import FundingDecision, decide
from vmo_lib.portfolio.funding.capacity import current_and_recommended
from vmo_lib.portfolio.funding.explain import explain_selection
from vmo_lib.portfolio.funding.explain_text import cost_break_even
from vmo_lib.portfolio.funding_review import FundingReview
from vmo_lib.portfolio.scenario import rules_with_resources

__all__ = ["COST_BREAK_EVEN_UP_TO", "CapacityReview", "review_capacity"]

COST_BREAK_EVEN_UP_TO = 150
"""Open projects up to which the steering sentences also give a cost break-even (each one is
a bisection of 7-12 exact solves)."""


@dataclass(frozen=True, eq=False)
class CapacityReview:
    """The decision within capacity (``decision``) beside the money-only one (``funding``).

    ``uses``: demand against capacity (name -> :func:`capacity_use` table) for the current
    portfolio and the recommended one within capacity; ``explanation``: one row per open
    project (:func:`explain_selection`); ``cost_break_evens``: project -> cost (money) at
    which its decision changes, for the borderline projects (empty on large portfolios).
    """

    funding: FundingReview
    decision: FundingDecision
    uses: dict[str, pd.DataFrame]
    explanation: pd.DataFrame
    cost_break_evens: dict[Hashable, float | None]

    @property
    def binding(self) -> list[tuple[Hashable, ...]]:
        """(resource, period) capacity limits that bind for the recommended portfolio: no
        project left out would fit within what is left (the selection's ``limits``)."""
        limits = self.decision.selection.limits
        rows = limits[(limits["kind"] == "capacity") & limits["binding"]]
        keys = {c.text: c.key for c in self._capacity_constraints()}
        return [keys[text] for text in rows["constraint"] if text in keys]

    def _capacity_constraints(self) -> list[Any]:
        from vmo_lib.portfolio.funding.model import Constraint
        from vmo_lib.portfolio.funding.resources import capacity_text

        rules = self.decision.rules
        if rules.resource_capacity is None:
            return []
        frame = rules.resource_capacity
        return [
            Constraint("capacity", (r, p), capacity_text(r, p, float(a)))
            for r, p, a in zip(frame["resource"], frame["period"], frame["amount"], strict=True)
        ]

    @property
    def value_lost(self) -> float:
        """Value (score points) the money-only decision buys that capacity does not allow."""
        return self.funding.selection.total_value - self.decision.selection.total_value

    def recorded(self) -> tuple[Figure, ...]:
        """The funded set within capacity, its value and the binding resources."""
        chosen = self.decision.selection
        binding = [f"{r} in {p}" for r, p in self.binding]
        return (
            Figure(
                "n_funded_within_capacity",
                chosen.n_selected,
                "Projects funded within capacity",
                "count",
            ),
            Figure(
                "value_within_capacity",
                chosen.total_value,
                "Value funded within capacity (points)",
                "number",
            ),
            Figure("funded_ids_within_capacity", sorted(map(str, chosen.selected))),
            Figure("binding_resources", binding),
        )


def review_capacity(
    funding: FundingReview, organisation: Organisation, max_deferral: int = 0, shown: int = 5
) -> CapacityReview:
    """Decide within capacity and explain it (see the module text); ``shown``: projects given
    a cost break-even (the closest to changing)."""
    ranked = funding.ranked
    rules = rules_with_resources(ranked.rules, ranked.ranking, organisation, max_deferral)
    demand, capacity = rules.resource_demand, rules.resource_capacity
    if demand is None or capacity is None:
        raise ValueError("review_capacity needs the resource_demand and resource_capacity tables")
    decision = decide(ranked.ranking, ranked.settings.budget, rules)
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
        near = explanation[explanation["explained"] & np.isfinite(explanation["forced_change"])]
        for project in near.nsmallest(shown, "forced_change").index:
            breaks[str(project)] = cost_break_even(
                scores.fillna(0.0),
                costs,
                decision.budget,
                project,
                funded=bool(explanation.loc[project, "funded"]),
                **kwargs,
            )
    selection = decision.selection
    uses = current_and_recommended(
        demand,  # the data's, even when the decision had to fall back
        capacity,
        decision.comparison.current,
        selection.selected,
        selection.start_delay,
    )
    return CapacityReview(funding, decision, uses, explanation, breaks)
