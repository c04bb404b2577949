"""Step 4b of a portfolio review (notebook 04): people as well as money.

When the data has ``resource_demand`` and ``resource_capacity``, :func:`review_capacity`
takes the funding decision (:func:`~vmo_lib.portfolio.funding_review.fund_portfolio`, on
the money limits) and decides again with every scarce resource kept within its capacity in
every period (:func:`~vmo_lib.portfolio.scenario.rules_with_resources`, the same exact
solver); a project not started yet may start up to ``max_deferral`` periods (years in the
case study) later, its costs and demand moving with it. The result says what capacity costs
in value, which resource binds, and when each funded project starts. Why each project is in
or out of that decision is :func:`~vmo_lib.portfolio.explain_review.explain_funding`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vmo_lib.data import Organisation
from vmo_lib.errors import VmoError
from vmo_lib.notebook.record import Figure
from vmo_lib.portfolio.decision import FundingDecision, decide
from vmo_lib.portfolio.funding.capacity import current_and_recommended
from vmo_lib.portfolio.funding_review import FundingReview
from vmo_lib.portfolio.scenario import rules_with_resources

__all__ = ["CapacityReview", "MissingResourceTables", "planned_starts", "review_capacity"]


class MissingResourceTables(VmoError, ValueError):
    """The data has no ``resource_demand`` or no ``resource_capacity`` table."""


def planned_starts(projects: pd.DataFrame, ids: pd.Index) -> pd.Series:
    """The year each project of ``ids`` is planned to start (``start_date`` of ``projects``,
    indexed by ``project_id`` or with that column); <NA> when blank or unreadable.

    >>> frame = pd.DataFrame({"project_id": ["A", "B"], "start_date": ["2027-03-01", ""]})
    >>> planned_starts(frame, pd.Index(["B", "A"])).tolist()
    [<NA>, 2027]
    """
    table = projects.set_index("project_id") if "project_id" in projects else projects
    if "start_date" not in table:
        return pd.Series(pd.NA, index=ids, dtype="Int64", name="planned_start")
    dates = pd.to_datetime(table["start_date"], errors="coerce").reindex(ids)
    return pd.Series(dates.dt.year.to_numpy(), index=ids, name="planned_start").astype("Int64")


@dataclass(frozen=True, eq=False)
class CapacityReview:
    """The decision within capacity (``decision``) beside the money-only one (``funding``).

    ``uses``: demand against capacity (name -> :func:`capacity_use` table) for the current
    portfolio and the recommended one within capacity; ``planned_start``: the year each open
    project was planned to start (for the start of a deferred one); ``max_deferral``:
    periods a project not started yet could start late.
    """

    funding: FundingReview
    decision: FundingDecision
    uses: dict[str, pd.DataFrame]
    planned_start: pd.Series
    max_deferral: int = 0

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

    @property
    def starts(self) -> pd.DataFrame:
        """When each funded project starts: ``start_delay`` (periods late, 0 on time) and
        ``starts`` (planned start year plus the delay; <NA> when the plan has no start),
        one row per funded project, deferred ones first."""
        selection = self.decision.selection
        funded = pd.Index([str(p) for p in selection.selected], name="project_id")
        delay = pd.Series(0, index=funded, dtype="Int64")
        if selection.start_delay is not None:
            given = selection.start_delay.astype("Int64")
            given.index = given.index.map(str)
            delay = given.reindex(funded).fillna(0).astype("Int64")
        planned = self.planned_start.reindex(funded).astype("Int64")
        table = pd.DataFrame(
            {"planned_start": planned, "start_delay": delay, "starts": planned + delay}
        )
        return table.sort_values("start_delay", ascending=False, kind="stable")

    def recorded(self) -> tuple[Figure, ...]:
        """The funded set within capacity, its value, the binding resources and the
        projects whose start is deferred (id -> periods late)."""
        chosen = self.decision.selection
        binding = [f"{r} in {p}" for r, p in self.binding]
        starts = self.starts
        late = starts[starts["start_delay"] > 0]["start_delay"]
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
            Figure("deferred_starts", {str(k): int(v) for k, v in late.items()}),
        )


def review_capacity(
    funding: FundingReview, organisation: Organisation, max_deferral: int | None = None
) -> CapacityReview:
    """Decide within capacity (see the module text); ``max_deferral``: periods a project
    not started yet may start late (None: the settings' ``max_deferral``). Raises
    :class:`MissingResourceTables` when the data has no resource tables (a notebook checks
    with ``has_tables`` first)."""
    ranked = funding.ranked
    deferral = ranked.settings.max_deferral if max_deferral is None else int(max_deferral)
    rules = rules_with_resources(ranked.rules, ranked.ranking, organisation, deferral)
    demand, capacity = rules.resource_demand, rules.resource_capacity
    if demand is None or capacity is None:
        raise MissingResourceTables(
            "review_capacity needs the resource_demand and resource_capacity tables"
        )
    decision = decide(ranked.ranking, ranked.settings.budget, rules)
    selection = decision.selection
    uses = current_and_recommended(
        demand,  # the data's, even when the decision had to fall back
        capacity,
        decision.comparison.current,
        selection.selected,
        selection.start_delay,
    )
    planned = planned_starts(organisation.projects, ranked.ranking.candidates.index)
    return CapacityReview(funding, decision, uses, planned, deferral)
