"""The funding decision on a value ranking: what to fund, and how it differs from today.

The projects open to a decision are the active ones (proposed, approved, in flight) that have
value scores, or are mandatory (:attr:`~vmo_lib.portfolio.ValueRanking.candidates`); each
costs what it still needs (:func:`vmo_lib.portfolio.remaining_cost`, money already spent is
sunk) and is worth its value score. Open projects without scores are set apart, never told
to stop. Mandatory projects are funded first when the rules say so (``mandatory`` of
:class:`~vmo_lib.portfolio.funding.constraints.FundingConstraints`), and never told to stop either.
The **current portfolio** is what the organisation has already committed to: the candidates
approved or in flight. :func:`compare_with_current` solves the selection at the budget the
current portfolio still needs and says what would change.

:func:`decide` does both under the constraints of the run and, when no portfolio meets them,
says why and falls back to the decision without them (see :class:`FundingDecision`).

>>> comparison = compare_with_current(ranking)  # doctest: +SKIP
>>> comparison.value_gained_share, list(comparison.moves.index)  # doctest: +SKIP
(0.064, ['P-10', 'P-43', 'P-21', 'P-41', 'P-46', 'P-47'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vmo_lib.portfolio.funding.constraints import FundingConstraints, parse_ids
from vmo_lib.portfolio.value import ValueRanking

__all__ = [
    "DECISIONS",
    "MANDATORY_DECISION",
    "NOT_SCORED_DECISION",
    "FundingComparison",
    "FundingDecision",
    "candidate_inputs",
    "compare_with_current",
    "decide",
    "decision_text",
    "decision_texts",
    "funded_table",
    "parse_ids",
]


def candidate_inputs(ranking: ValueRanking) -> tuple[pd.Series, pd.Series]:
    """Values (0-100 scores) and costs (currency still to spend) of the projects the
    selection takes (:attr:`~vmo_lib.portfolio.ValueRanking.candidates`); a mandatory
    project without scores is worth 0 there (it is funded for the duty, not for value)."""
    candidates = ranking.candidates
    values = candidates["value_score"].astype(float).fillna(0.0)
    return values, candidates["remaining_cost"].astype(float)


def funded_table(ranking: ValueRanking, selected: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The open projects with a ``funded`` flag and the ``decision`` (:func:`decision_text`)."""
    table = ranking.active.copy()
    table["funded"] = table.index.isin(list(selected))
    table["decision"] = decision_texts(
        table["stage"], table["funded"], table["mandatory"], table["scored"]
    )
    return table


DECISIONS: dict[tuple[str, bool], str] = {
    ("in flight", True): "continue",
    ("in flight", False): "stop",
    ("approved", True): "start",
    ("approved", False): "cancel",
    ("proposed", True): "approve",
    ("proposed", False): "do not approve",
}
"""What funding (or not) means for a project at each stage."""
MANDATORY_DECISION = "mandatory: fund, minimise cost"
"""Decision for a mandatory project the value selection did not fund: never "stop"."""
NOT_SCORED_DECISION = "not scored: score, then decide"
"""Decision for an open project without value scores: never "stop" or "cancel"."""


def decision_text(stage: object, funded: bool, mandatory: bool = False, scored: bool = True) -> str:
    """``continue``/``stop`` (in flight), ``start``/``cancel`` (approved), ``approve``/``do not
    approve`` (proposed); ``closed`` for a closed project. A mandatory project left unfunded
    gets :data:`MANDATORY_DECISION` and an open project without value scores
    :data:`NOT_SCORED_DECISION`: neither is ever told to stop.

    >>> decision_text("approved", False), decision_text("in flight", False, mandatory=True)
    ('cancel', 'mandatory: fund, minimise cost')
    """
    key = (str(stage), bool(funded))
    if key not in DECISIONS:
        return "closed"
    if bool(mandatory) and not funded:
        return MANDATORY_DECISION
    if not bool(scored) and not funded:
        return NOT_SCORED_DECISION
    return DECISIONS[key]


def decision_texts(
    stages: pd.Series,
    funded: pd.Series,
    mandatory: pd.Series | None = None,
    scored: pd.Series | None = None,
) -> list[str]:
    """:func:`decision_text` for each project, all arguments aligned row by row."""
    n = len(stages)
    flags = [False] * n if mandatory is None else list(mandatory)
    known = [True] * n if scored is None else list(scored)
    return [
        decision_text(s, f, m, k) for s, f, m, k in zip(stages, funded, flags, known, strict=True)
    ]


@dataclass(frozen=True)
class FundingComparison:
    """The current portfolio against the best one at the same budget.

    Values are sums of value scores; costs in currency still to spend. ``moves`` lists the
    projects that change: ``added`` (funded by value, not in the current portfolio) or
    ``dropped`` (in the current portfolio, not funded by value).
    """

    budget: float
    current: tuple[str, ...]
    optimal: tuple[str, ...]
    current_value: float
    optimal_value: float
    current_cost: float
    optimal_cost: float
    moves: pd.DataFrame

    @property
    def value_gained(self) -> float:
        """Extra value (score points) the optimal portfolio buys for the same money."""
        return self.optimal_value - self.current_value

    @property
    def value_gained_share(self) -> float:
        """``value_gained`` as a share of the current portfolio's value."""
        return self.value_gained / self.current_value if self.current_value else float("nan")


def compare_with_current(
    ranking: ValueRanking,
    *,
    budget: float | None = None,
    constraints: Mapping[str, Any] | None = None,
) -> FundingComparison:
    """Solve the selection at the current portfolio's cost (or ``budget``) and compare.

    ``constraints`` are passed to :func:`vmo_lib.portfolio.select_projects`; the arithmetic
    (values, costs, projects in and out) is
    :func:`~vmo_lib.portfolio.funding.compare.compare_portfolios`, worded for notebook 04.
    """
    from vmo_lib.portfolio.funding.compare import compare_portfolios
    from vmo_lib.portfolio.funding.select import select_projects

    values, costs = candidate_inputs(ranking)
    current = [str(p) for p in ranking.candidates.index[ranking.candidates["current"]]]
    limit = float(costs.loc[current].sum()) if budget is None else float(budget)
    best = select_projects(values, costs, limit, **dict(constraints or {}))
    diff = compare_portfolios(values, costs, current, best)
    changed = [str(p) for p in (*diff.added, *diff.dropped)]
    moves = ranking.candidates.loc[
        changed, ["name", "programme", "stage", "value_score", "value_rank"]
    ].copy()
    moves.insert(0, "change", ["added"] * len(diff.added) + ["dropped"] * len(diff.dropped))
    moves["remaining_cost"] = costs.loc[changed].to_numpy()
    return FundingComparison(
        budget=limit,
        current=tuple(current),
        optimal=tuple(str(p) for p in best.selected),
        current_value=diff.current_value,
        optimal_value=diff.optimal_value,
        current_cost=diff.current_cost,
        optimal_cost=diff.optimal_cost,
        moves=moves,
    )


@dataclass(frozen=True)
class FundingDecision:
    """The funded set at the run's budget and the comparison with the current portfolio.

    ``rules``: the constraints actually applied - those asked for, or none at all when no
    portfolio meets them (``note`` then holds the conflict, in plain text, and
    ``infeasible`` is True). Everything downstream (frontier, robustness, what-if) should use
    ``rules`` so the whole analysis rests on the same constraints.
    """

    budget: float
    rules: FundingConstraints
    selection: Any
    comparison: FundingComparison
    note: str = ""
    infeasible: bool = False


def decide(
    ranking: ValueRanking, budget: float, rules: FundingConstraints | None = None
) -> FundingDecision:
    """Select at ``budget`` (currency; 0 or less = what the current portfolio still needs).

    The constraints of ``rules`` must hold both at the budget and at the current portfolio's
    cost (the comparison). If they cannot, the :class:`~vmo_lib.portfolio.InfeasibleSelection`
    message goes into ``note`` and the decision is taken with the mandatory projects only
    (``rules.mandatory``), or without any constraint when even those do not fit.
    """
    from vmo_lib.portfolio.funding.conflicts import InfeasibleSelection
    from vmo_lib.portfolio.funding.select import select_projects

    asked = rules or FundingConstraints()
    values, costs = candidate_inputs(ranking)
    try:
        return _decide(ranking, budget, asked, values, costs, select_projects)
    except InfeasibleSelection as error:
        free = FundingConstraints()
        result = None
        if asked.mandatory and (asked.must_fund or asked.must_not_fund or asked.beyond_forced):
            free = FundingConstraints(mandatory=asked.mandatory)
            try:
                result = _decide(ranking, budget, free, values, costs, select_projects)
            except InfeasibleSelection:
                free = FundingConstraints()
        if result is None:
            result = _decide(ranking, budget, free, values, costs, select_projects)
        return FundingDecision(
            result.budget, free, result.selection, result.comparison, str(error), True
        )


def _decide(ranking, budget, rules, values, costs, select) -> FundingDecision:
    kwargs = rules.selection_kwargs()
    comparison = compare_with_current(ranking, constraints=kwargs)
    money = comparison.budget if budget <= 0 else float(budget)
    return FundingDecision(money, rules, select(values, costs, money, **kwargs), comparison)
