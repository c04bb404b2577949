"""Funding constraints written as short texts (notebook settings), parsed for the selection.

Notebook 04 takes the constraints of the funding decision as plain text, so that they can be
given on the command line (``vmo run 04_portfolio_reranking -p depends_on "P-10 needs P-03"``):

* ``must_fund`` / ``must_not_fund``: project ids, comma or semicolon separated;
* ``depends_on``: ``"P-10 needs P-03; P-22 needs P-07 and P-08"`` (a project is funded only if
  the projects it needs are);
* ``exclusive``: ``"P-20 | P-21; P-30 | P-31 | P-32"`` (at most one project of each group);
* ``programme_shares``: ``"Digital Customer=10%-40%; Network=-30%"``: the share of the
  **budget** each programme may take (``10%-`` at least 10%, ``-30%`` at most 30%). A programme
  is named in full or by the unambiguous start of its name, in any case;
* ``yearly_budgets``: ``"2027=20m; 2028=15m"``: money (``k``, ``m``, ``bn`` suffixes) that
  may be spent on the funded projects in each calendar year.

Open **mandatory** projects (legal, regulatory or safety duties) are forced in as well when
notebook 04 funds them first (``mandatory``; the union with ``must_fund`` is what the
selection gets), unless ``must_not_fund`` names them.

Yearly costs come from the ``cashflows`` table and are made consistent with the cost the
selection uses (:func:`vmo_lib.portfolio.decision.candidate_inputs`: the money **still to
spend**, ETC = EAC - AC; money spent before ``as_of`` is sunk); see
:func:`vmo_lib.portfolio.yearly_costs.yearly_remaining_costs`.

:func:`parse_constraints` checks every setting and raises :class:`ConstraintError` listing all
problems at once (unknown ids with a close match, unknown programmes, bad percentages, minimum
above maximum, malformed pieces), before any solving. The parser of each setting is in
:mod:`vmo_lib.portfolio.funding.texts` (money and years in
:mod:`vmo_lib.portfolio.yearly_costs`).

>>> ids = pd.Index(["P-01", "P-02", "P-03"])
>>> parse_requires("P-01 needs P-02 and P-03", ids, [])
(('P-01', 'P-02'), ('P-01', 'P-03'))
>>> parse_money("1.5m"), parse_share("40%")
(1500000.0, 0.4)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from vmo_lib.portfolio.funding.texts import (
    ConstraintError,
    parse_exclusive,
    parse_ids,
    parse_programme_shares,
    parse_requires,
    parse_share,
)
from vmo_lib.portfolio.yearly_costs import (
    parse_money,
    parse_yearly_budgets,
    yearly_remaining_costs,
)

__all__ = [
    "ConstraintError",
    "FundingConstraints",
    "parse_constraints",
    "parse_ids",
    "parse_money",
    "parse_share",
    "yearly_remaining_costs",
]


@dataclass(frozen=True)
class FundingConstraints:
    """The parsed constraints of the funding decision (shares 0-1, money in currency).

    ``must_fund`` is the user's list; ``mandatory`` the open mandatory projects funded first.
    Both are forced in (:attr:`forced_in`).

    :meth:`selection_kwargs` gives the keyword arguments of
    :func:`vmo_lib.portfolio.select_projects` (also taken by ``efficient_frontier``,
    ``frontier_gap``, ``compare_with_current`` and ``robustness``); :meth:`greedy_kwargs` the
    ones the greedy value-per-cost curve honours (forced in and out only).
    """

    must_fund: tuple[str, ...] = ()
    must_not_fund: tuple[str, ...] = ()
    requires: tuple[tuple[str, str], ...] = ()
    exclusive: tuple[tuple[str, ...], ...] = ()
    programme_shares: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)
    yearly_budgets: Mapping[int, float] = field(default_factory=dict)
    programmes: pd.Series | None = None  # project id -> programme
    yearly_costs: pd.DataFrame | None = None  # project id x year, money still to spend
    mandatory: tuple[str, ...] = ()
    resource_demand: pd.DataFrame | None = None  # project_id, period, resource, amount
    resource_capacity: pd.DataFrame | None = None  # period, resource, amount
    max_deferral: int = 0  # periods a project may start late
    deferrable: tuple[str, ...] | None = None  # ids that may start late (None: all)

    def with_resources(
        self,
        demand: pd.DataFrame,
        capacity: pd.DataFrame,
        max_deferral: int = 0,
        deferrable: tuple[str, ...] | None = None,
    ) -> FundingConstraints:
        """These constraints plus scarce resources: every resource within ``capacity`` in
        every period (demand of the projects open to funding only), starts deferred by up to
        ``max_deferral`` periods (only the projects of ``deferrable``, None: all)."""
        return replace(
            self,
            resource_demand=demand,
            resource_capacity=capacity,
            max_deferral=int(max_deferral),
            deferrable=deferrable,
        )

    @property
    def forced_in(self) -> tuple[str, ...]:
        """``must_fund`` then the mandatory projects not already in it."""
        return self.must_fund + tuple(m for m in self.mandatory if m not in self.must_fund)

    @property
    def beyond_forced(self) -> bool:
        """True when a constraint other than the forced in / out lists is set."""
        return bool(
            self.requires
            or self.exclusive
            or self.programme_shares
            or self.yearly_budgets
            or self.resource_capacity is not None
        )

    def greedy_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`~vmo_lib.portfolio.greedy_frontier`."""
        return {"must_fund": self.forced_in, "must_not_fund": self.must_not_fund}

    def selection_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`~vmo_lib.portfolio.select_projects`."""
        kwargs: dict[str, Any] = {**self.greedy_kwargs()}
        kwargs.update(requires=self.requires, exclusive=self.exclusive)
        if self.programme_shares:
            kwargs.update(groups=self.programmes, group_share_bounds=dict(self.programme_shares))
        if self.yearly_budgets and self.yearly_costs is not None:
            years = list(self.yearly_budgets)
            kwargs.update(
                # a deferred start moves earlier years' spend into the budgeted ones
                yearly_costs=self.yearly_costs if self.max_deferral else self.yearly_costs[years],
                yearly_budgets=dict(self.yearly_budgets),
            )
        if self.resource_capacity is not None:
            kwargs.update(
                resource_demand=self.resource_demand, resource_capacity=self.resource_capacity
            )
        if self.max_deferral:
            kwargs.update(max_deferral=self.max_deferral, deferrable=self.deferrable)
        return kwargs


def parse_constraints(
    active: pd.DataFrame,
    *,
    stages: Mapping[str, str] | None = None,
    cashflows: pd.DataFrame | None = None,
    as_of: date | str | None = None,
    must_fund: str = "",
    must_not_fund: str = "",
    depends_on: str = "",
    exclusive: str = "",
    programme_shares: str = "",
    yearly_budgets: str = "",
    mandatory: tuple[str, ...] | list[str] = (),
) -> FundingConstraints:
    """Every constraint text checked and parsed; :class:`ConstraintError` lists all problems.

    ``active``: the projects open to funding (index project id; columns ``programme`` and
    ``remaining_cost``, currency), as ``ValueRanking.candidates``. ``stages``: project id ->
    stage of every project (to say "P-04 is closed" rather than "unknown"). ``cashflows`` and
    ``as_of`` are needed only with ``yearly_budgets`` (see :func:`yearly_remaining_costs`).
    ``mandatory``: ids of mandatory projects to fund first (those not open to funding, or
    named in ``must_not_fund``, are left out).

    >>> active = pd.DataFrame({"programme": ["X", "Y"], "remaining_cost": [1.0, 2.0]},
    ...                       index=["A", "B"])
    >>> parse_constraints(active, programme_shares="x=-40%").programme_shares
    {'X': (None, 0.4)}
    """
    problems: list[str] = []
    known, stages = active.index, dict(stages or {})
    forced_in = parse_ids(must_fund, known, "must_fund", problems, stages)
    forced_out = parse_ids(must_not_fund, known, "must_not_fund", problems, stages)
    requires = parse_requires(depends_on, known, problems, stages)
    groups = parse_exclusive(exclusive, known, problems, stages)
    programmes = active["programme"].astype(str)
    shares = parse_programme_shares(programme_shares, sorted(programmes.unique()), problems)
    budgets: dict[int, float] = {}
    yearly = None
    if yearly_budgets.strip():
        if cashflows is None or as_of is None:
            problems.append("yearly_budgets: needs the cashflows table (yearly investment cost)")
        else:
            first = int(pd.Timestamp(as_of).year)
            budgets = parse_yearly_budgets(yearly_budgets, first, problems)
            yearly = yearly_remaining_costs(cashflows, active["remaining_cost"], as_of)
            for year in set(budgets) - set(yearly.columns):
                yearly[year] = 0.0  # after the last planned year: nothing left to spend
    if problems:
        raise ConstraintError(problems)
    duties = tuple(m for m in mandatory if m in known and m not in forced_out)
    return FundingConstraints(
        mandatory=duties,
        must_fund=forced_in,
        must_not_fund=forced_out,
        requires=requires,
        exclusive=groups,
        programme_shares=shares,
        yearly_budgets=budgets,
        programmes=programmes if shares else None,
        yearly_costs=yearly,
    )
