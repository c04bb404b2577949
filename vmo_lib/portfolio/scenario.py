"""One funding scenario, decided the way notebook 04 decides it, for side-by-side comparison.

A scenario is a set of notebook 04 settings (``budget``, ``must_fund``, ``yearly_budgets``,
``weighting``...) plus, optionally, scarce resources: when the organisation's data has
``resource_demand`` and ``resource_capacity``, every resource stays within its capacity and
starts may be deferred by up to ``max_deferral`` periods (projects not started yet and not
forced in: a running project or a legal duty keeps its dates). :func:`prepare_scenario` makes the
same call as notebook 04 (:func:`~vmo_lib.portfolio.review.rank_portfolio`) up to the
checked funding rules (so a bad setting is reported
before anything is solved); :func:`decide_scenario` then solves the funding decision, explains
every project (:func:`~vmo_lib.portfolio.funding.explain.explain_selection`) and sweeps the
efficient frontier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vmo_lib.data import Organisation
from vmo_lib.portfolio.decision import candidate_inputs, decide
from vmo_lib.portfolio.funding.capacity import capacity_use
from vmo_lib.portfolio.funding.constraints import FundingConstraints
from vmo_lib.portfolio.funding.explain import explain_selection
from vmo_lib.portfolio.funding.select import Selection, set_time_limit
from vmo_lib.portfolio.value import ValueRanking

__all__ = [
    "PreparedScenario",
    "ScenarioOutcome",
    "decide_scenario",
    "prepare_scenario",
    "rules_with_resources",
]


@dataclass(frozen=True, eq=False)
class PreparedScenario:
    """A scenario's ranking and checked funding rules (money in the currency in force)."""

    name: str
    settings: Mapping[str, Any]
    organisation: Organisation
    ranking: ValueRanking
    rules: FundingConstraints


@dataclass(frozen=True, eq=False)
class ScenarioOutcome:
    """What a scenario funds and why: ``selection`` at ``budget`` (money), ``explanation``
    (one row per open project), ``frontier`` (budget, total_value), ``capacity`` (demand
    against capacity of the funded projects; empty without resource data) and the current
    portfolio's value and cost for reference. ``note``: why the scenario's constraints could
    not all hold and what was decided instead (empty when they held)."""

    prepared: PreparedScenario
    budget: float
    selection: Selection
    explanation: pd.DataFrame
    frontier: pd.DataFrame
    capacity: pd.DataFrame
    current_value: float
    current_cost: float
    note: str = ""

    @property
    def name(self) -> str:
        return self.prepared.name


def _has_resources(org: Organisation) -> bool:
    return not ({"resource_demand", "resource_capacity"} & set(org.missing))


def rules_with_resources(
    rules: FundingConstraints,
    ranking: ValueRanking,
    organisation: Organisation,
    max_deferral: int = 0,
) -> FundingConstraints:
    """``rules`` plus the organisation's scarce resources, when its data has them: the demand
    of the projects open to funding against ``resource_capacity``; starts may be deferred by
    up to ``max_deferral`` periods for the projects not started yet (proposed or approved)
    and not forced in. Unchanged ``rules`` without resource data."""
    if not _has_resources(organisation):
        return rules
    candidates = ranking.candidates
    demand = organisation.resource_demand
    demand = demand[demand["project_id"].isin(candidates.index)]
    not_started = candidates["stage"].isin(["proposed", "approved"])
    later = tuple(i for i in candidates.index[not_started] if i not in rules.forced_in)
    return rules.with_resources(demand, organisation.resource_capacity, max_deferral, later)


def prepare_scenario(
    name: str, settings: Mapping[str, Any], organisation: Organisation, max_deferral: int = 0
) -> PreparedScenario:
    """Rank the projects and check the funding rules of one scenario, as notebook 04 does.

    ``settings``: notebook 04's parameters (every one, defaults included). Raises
    :class:`~vmo_lib.portfolio.funding.constraints.ConstraintError` listing every bad rule.
    """
    from vmo_lib.portfolio.review import rank_portfolio
    from vmo_lib.portfolio.settings import ReviewSettings

    ranked = rank_portfolio(organisation, ReviewSettings.from_parameters(settings))
    ranking, rules = ranked.ranking, ranked.rules
    rules = rules_with_resources(rules, ranking, organisation, max_deferral)
    return PreparedScenario(name, dict(settings), organisation, ranking, rules)


def decide_scenario(prepared: PreparedScenario, frontier_points: int = 12) -> ScenarioOutcome:
    """Solve, explain and sweep one prepared scenario (see the module text).

    Decided by :func:`~vmo_lib.portfolio.decision.decide`, as notebook 04 does: when the
    constraints cannot all hold, the decision falls back and ``note`` says why. The budget is
    the scenario's ``budget`` (0: what the current portfolio still needs, as in notebook
    04); the frontier has ``frontier_points`` budgets from 10% to 150% of it (without
    deferred starts, which only the decision itself uses).
    """
    from vmo_lib.portfolio.frontier import efficient_frontier

    settings = prepared.settings
    set_time_limit(float(settings["solver_time_limit"]))
    values, costs = candidate_inputs(prepared.ranking)
    decision = decide(prepared.ranking, float(settings["budget"]), prepared.rules)
    rules, money, selection = decision.rules, decision.budget, decision.selection
    kwargs, current = rules.selection_kwargs(), decision.comparison
    scores = prepared.ranking.candidates["value_score"].astype(float)
    explain_kwargs = {k: v for k, v in kwargs.items() if k != "must_fund"}
    explain_kwargs["must_fund"] = list(rules.must_fund)
    explanation = explain_selection(
        scores,
        costs,
        money,
        mandatory=rules.mandatory,
        total_time=float(settings["analysis_time_limit"]),
        **explain_kwargs,
    )
    sweep = {k: v for k, v in kwargs.items() if k not in ("max_deferral", "deferrable")}
    if "yearly_costs" in sweep and rules.yearly_budgets:
        sweep["yearly_costs"] = sweep["yearly_costs"][list(rules.yearly_budgets)]
    budgets = [
        money * (0.1 + 1.4 * i / max(frontier_points - 1, 1)) for i in range(frontier_points)
    ]
    frontier = efficient_frontier(
        values, costs, budgets, total_time=float(settings["analysis_time_limit"]), **sweep
    )
    use = pd.DataFrame()
    if rules.resource_capacity is not None and rules.resource_demand is not None:
        use = capacity_use(
            rules.resource_demand,
            rules.resource_capacity,
            selection.selected,
            selection.start_delay,
        )
    return ScenarioOutcome(
        prepared=prepared,
        budget=money,
        selection=selection,
        explanation=explanation,
        frontier=frontier,
        capacity=use,
        current_value=float(current.current_value),
        current_cost=float(current.current_cost),
        note=decision.note if decision.infeasible else "",
    )
