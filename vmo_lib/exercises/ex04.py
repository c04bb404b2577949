"""Checks of exercise 04, portfolio re-ranking: value scores, movers, funding, a forced project.

Expected answers come from :mod:`vmo_lib.portfolio` (``rank_by_value``, ``compare_rankings``,
``select_projects``) with the AHP leaf weights of :func:`vmo_lib.drivers.leaf_weights`. The
budget is the notebook's (a share of what the open projects still need); pass it to the checks.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from vmo_lib import portfolio
from vmo_lib.data import Organisation
from vmo_lib.exercises.data import ahp_weights, memo
from vmo_lib.exercises.feedback import Feedback, Mistake, is_blank
from vmo_lib.exercises.matching import (
    Element,
    check_choice,
    check_number,
    check_series,
    check_set,
    check_text,
)
from vmo_lib.exercises.registry import Hint, hint_for, task
from vmo_lib.portfolio.decision import candidate_inputs

EXERCISE = "ex04_portfolio_reranking"


def value_ranking(org: Organisation) -> portfolio.ValueRanking:
    """The value ranking every task builds on (AHP weights, weighted sum, no risk adjustment)."""
    return memo(org, "ex04.ranking", lambda: portfolio.rank_by_value(org, ahp_weights(org).leaves))


def budget_of(org: Organisation, budget_share: float) -> float:
    """The budget: ``budget_share`` of the cost still to spend on the open projects (money)."""
    return float(candidate_inputs(value_ranking(org))[1].sum()) * float(budget_share)


def _best(org: Organisation, budget: float, **constraints: object) -> portfolio.Selection:
    values, costs = candidate_inputs(value_ranking(org))
    return portfolio.select_projects(values, costs, budget, **constraints)  # type: ignore[arg-type]


def grading_context(org: Organisation, params: dict[str, object]) -> dict[str, object]:
    """What the grader passes to the checks besides the answer: the budget, from the
    notebook's ``budget_share`` parameter (0.5 when absent)."""
    share = params.get("budget_share", 0.5)
    return {"budget": budget_of(org, float(share) if isinstance(share, int | float) else 0.5)}


def insisted_project(org: Organisation, budget: float) -> str:
    """The project a senior executive insists on: the open project highest on the legacy list
    that the value-optimal selection leaves out (and that fits the budget on its own)."""
    active = value_ranking(org).active
    left_out = active[~active.index.isin(_best(org, budget).selected)]
    fits = left_out[left_out["remaining_cost"] <= budget]
    pool = fits if len(fits) else left_out
    return str(pool["legacy_priority"].idxmin())


#: The name the first version of the exercise used.
cfo_project = insisted_project


@task(
    EXERCISE,
    "t1_scores",
    "1. Value score of each project",
    "compute",
    variable="value_scores",
    hints=(
        "Each contribution is on 0-5 and each driver has a weight: the score is a weighted sum, "
        "rescaled to 0-100.",
        "Multiply each driver column of the contributions by its weight (same driver order), add "
        "up across drivers, divide by 5 and multiply by 100.",
    ),
)
def check_scores(answer: object, org: Organisation) -> Feedback:
    """``answer``: 100 x sum(weight x contribution / 5) per project (Series by project_id)."""
    table = value_ranking(org).table
    expected = table["driver_score"]
    contributions = (
        org.project_contributions.pivot_table(
            index="project_id", columns="driver_id", values="contribution", aggfunc="sum"
        )
        .reindex(index=expected.index, fill_value=0)
        .fillna(0)
    )
    mistakes = [
        Mistake(
            "kept the 0-5 scale",
            "Your scores are five times too large: the contributions are still on 0-5.",
            "Divide each contribution by 5 (the top of its scale) before weighting.",
            expected * 5,
        ),
        Mistake(
            "share, not score",
            "Your scores are on 0-1; the task asks for 0-100.",
            "Multiply by 100.",
            expected / 100,
        ),
        Mistake(
            "ignored the weights",
            "You averaged the contributions: every driver counts the same.",
            "Multiply each contribution by its driver's weight before adding up.",
            contributions.mean(axis=1) / 5 * 100,
        ),
    ]
    return check_series(
        answer,
        expected,
        variable="value_scores",
        mistakes=mistakes,
        rel_tol=0.001,
        abs_tol=0.01,
        why="One number per project, built from the strategy's own weights: it is what lets a "
        "VMO compare a warehouse robot with a customer portal.",
    )


@task(
    EXERCISE,
    "t2_riser",
    "2. The biggest riser",
    "interpret",
    variable="biggest_riser",
    hints=(
        "Compare two ranks of the same open projects: the legacy one and the value one.",
        "Places gained = legacy rank - value rank (1 is best); among ranking.active, take the "
        "project with the largest gain.",
    ),
)
def check_riser(answer: object, org: Organisation) -> Feedback:
    """``answer``: the open project that gains most places from the legacy list to value."""
    ranking = value_ranking(org)
    active, table = ranking.active, ranking.table
    movers = portfolio.compare_rankings(active["legacy_priority"], active["value_rank"]).movers
    top = movers["change"].max()
    everyone = portfolio.compare_rankings(table["legacy_priority"], table["value_rank"]).movers
    mistakes = [
        Mistake(
            "biggest faller",
            "That project *loses* the most places.",
            "Places gained = legacy rank minus value rank: look for the largest positive change.",
            str(movers["change"].idxmin()),
        ),
        Mistake(
            "closed projects included",
            "That riser is among all projects, closed ones included.",
            "Compare only the projects still open to a funding decision (ranking.active).",
            str(everyone["change"].idxmax()),
        ),
    ]
    return check_choice(
        answer,
        [str(p) for p in movers.index[movers["change"] == top]],
        options=list(table.index.astype(str)),
        variable="biggest_riser",
        mistakes=mistakes,
        what="project",
        why="Big movers are where the legacy list and the strategy disagree most: each one is "
        "a conversation with its sponsor, not an automatic change.",
    )


def _greedy(values: pd.Series, costs: pd.Series, budget: float, key: pd.Series) -> list[str]:
    chosen, spent = [], 0.0
    for project in key.sort_values(ascending=False, kind="stable").index:
        if spent + costs[project] <= budget:
            chosen.append(str(project))
            spent += float(costs[project])
    return chosen


@task(
    EXERCISE,
    "t3_selection",
    "3. Fund the most value within the budget",
    "decide",
    variable="funded",
    hints=(
        "Taking projects from the top of the value list until the money runs out is rarely the "
        "best set.",
        "Let the optimiser choose: portfolio.select_projects(values, costs, budget), then list its"
        " selected projects.",
    ),
)
def check_selection(answer: object, org: Organisation, budget: float) -> Feedback:
    """``answer``: the project ids to fund (open projects, cost = money still to spend)."""
    values, costs = candidate_inputs(value_ranking(org))
    best = _best(org, budget)
    if not is_blank(answer) and isinstance(answer, Collection) and not isinstance(answer, str):
        chosen = [str(a) for a in answer]
        known = all(c in costs.index for c in chosen)
        if known and len(set(chosen)) == len(chosen):
            cost, value = float(costs[chosen].sum()), float(values[chosen].sum())
            if cost <= budget * (1 + 1e-9) and value >= best.total_value - 1e-6:
                return Feedback(
                    "",
                    True,
                    f"Right: {len(chosen)} projects, the most value the budget can buy.",
                    why_it_matters="The optimum is rarely 'the top of the list until the money "
                    "runs out': a cheaper project further down can buy more value for its money.",
                )
            if cost > budget * (1 + 1e-9):
                return Feedback(
                    "",
                    False,
                    "Your selection costs more than the budget.",
                    "Add up the remaining cost of your projects and compare it with the budget.",
                    mistake="over budget",
                )
    ratio = values / costs.replace(0, np.nan)
    mistakes = [
        Mistake(
            "top of the list until the money runs out",
            "You took the highest-value projects in order while they fitted: that leaves value "
            "on the table.",
            "Use portfolio.select_projects, which searches every combination.",
            _greedy(values, costs, budget, values),
        ),
        Mistake(
            "value per unit of cost, greedily",
            "You ranked by value per unit of cost and filled the budget: close, but not optimal "
            "here.",
            "The best set is found by optimisation (portfolio.select_projects).",
            _greedy(values, costs, budget, ratio.fillna(np.inf)),
        ),
    ]
    return check_set(
        answer,
        [str(p) for p in best.selected],
        variable="funded",
        mistakes=mistakes,
        what="project",
        why="The optimum is rarely 'the top of the list until the money runs out'.",
    )


@task(
    EXERCISE,
    "t4_forced",
    "4. What the executive's project costs in value",
    "decide",
    variable="value_lost",
    hints=(
        "Compare two best selections: one free, one that must include the executive's project.",
        "Run select_projects with and without must_fund=[the project]; the cost in value is the "
        "difference of their total values.",
    ),
)
def check_forced_cost(answer: object, org: Organisation, budget: float) -> Feedback:
    """``answer``: value points lost when the executive's project must be funded (a number >= 0)."""
    forced = insisted_project(org, budget)
    values, costs = candidate_inputs(value_ranking(org))
    free, bound = _best(org, budget), _best(org, budget, must_fund=[forced])
    dropped = [p for p in free.selected if p not in bound.selected]
    mistakes = [
        Mistake(
            "the project's own value",
            "That is the value score of the executive's project itself, not what funding it costs.",
            "Compare the total value of the best selection with and without must_fund.",
            float(values[forced]),
        ),
        Mistake(
            "value of the displaced projects only",
            "You added up the projects pushed out, but forgot the value the executive's project "
            "adds.",
            "Cost in value = best total value - total value with the project forced in.",
            float(values.reindex(dropped).sum()),
        ),
        Mistake(
            "money, not value",
            "That is an amount of money; the task asks for value points lost.",
            "Use the selections' total_value, not total_cost.",
            float(costs[forced]),
        ),
    ]
    return check_number(
        answer,
        free.total_value - bound.total_value,
        variable="value_lost",
        mistakes=mistakes,
        rel_tol=0.001,
        abs_tol=0.01,
        why="Putting a price on a political decision does not forbid it; it makes the trade-off "
        "visible, which is the whole point of a VMO.",
    )


RERANK = (
    Element(
        "strategy and value drivers",
        "What does the value ranking use that the legacy list did not?",
    ),
    Element(
        "execution is not value",
        "What did the legacy ranking really reward?",
    ),
    Element(
        "what is still to spend",
        "Which costs matter for a decision taken today?",
    ),
    Element(
        "judgement on the scores (uncertainty, risk)",
        "How sure are the contribution scores, and who made them?",
    ),
)


@task(
    EXERCISE,
    "t5_why_differ",
    "5. Why the two rankings differ",
    "interpret",
    variable="why_differ",
    open_answer=True,
    hints=(
        "What did the legacy list reward, and what does the value ranking use instead?",
        "Cover the strategy and its weighted drivers, what the legacy list rewarded, which costs "
        "matter for a decision today, and how sure the scores are.",
    ),
)
def check_why_differ(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: why the value ranking differs from the legacy list."""
    return check_text(
        answer,
        RERANK,
        variable="why_differ",
        min_words=25,
        why="Explaining the difference is what turns a re-ranking from a spreadsheet exercise "
        "into a decision the sponsors accept.",
    )


ADVICE = (
    Element(
        "the value forgone, in numbers",
        "Quote what the decision costs in value.",
    ),
    Element(
        "the projects that would be displaced",
        "Which projects lose their funding?",
    ),
    Element(
        "a reason it might still be right (mandatory, strategic, hidden value)",
        "Is there value the scores do not capture?",
    ),
    Element(
        "an alternative (re-scope, phase, add budget)",
        "Is there a cheaper way to meet the executive's concern?",
    ),
)


@task(
    EXERCISE,
    "t6_advice",
    "6. Your advice on the executive's project",
    "decide",
    variable="advice",
    open_answer=True,
    hints=(
        "A steering committee wants the price of the decision, and an option it can live with.",
        "Quote the value lost, name what gets displaced, say whether a reason might justify it "
        "anyway, and offer an alternative.",
    ),
)
def check_advice(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: advice to the steering committee on funding the executive's project."""
    return check_text(
        answer,
        ADVICE,
        variable="advice",
        min_words=30,
        why="A VMO's job is not to overrule an executive but to make the cost of each choice "
        "explicit and offer better options.",
    )


def hint(which: object) -> Hint:
    """The next hint on a task of this exercise (its number, ``"t2"`` or its answer's name):
    a nudge the first time, the method the second time; never the answer."""
    return hint_for(EXERCISE, which)


def rubric(task_id: str) -> tuple[str, ...]:
    """What a good answer to open task ``task_id`` covers (empty for other tasks)."""
    return tuple(e.name for e in {"t5_why_differ": RERANK, "t6_advice": ADVICE}.get(task_id, ()))
