"""Checks of exercise 02, value drivers: AHP weights, consistency, the group view, leaf weights.

Expected answers come from :mod:`vmo_lib.drivers` (``ahp``, ``judgement_matrices``,
``geometric_mean_matrix``, ``weigh_drivers``, ``leaf_weights``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib import drivers
from vmo_lib.data import Organisation
from vmo_lib.exercises.data import ahp_weights, memo
from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element, check_choice, check_number, check_series, check_text
from vmo_lib.exercises.registry import Hint, hint_for, task

EXERCISE = "ex02_value_drivers"


def objective_matrices(org: Organisation) -> dict[str, pd.DataFrame]:
    """Each executive's comparison matrix of the strategic objectives."""
    tree = drivers.driver_tree(org.value_drivers)
    return drivers.judgement_matrices(org.driver_judgements, tree)[drivers.ROOT]


def _group_weights(matrices: dict[str, pd.DataFrame]) -> pd.Series:
    return drivers.ahp(drivers.geometric_mean_matrix(list(matrices.values()))).weights


def executives(org: Organisation) -> tuple[str, str]:
    """Whose judgements tasks 1 and 2 use, chosen from the organisation's own executives.

    Task 1: the first executive listed whose favourite objective is not the group's (so that
    copying one executive's view in task 3 shows); the first listed if they all agree.
    Task 2: of the others, the one with the highest consistency ratio (the one worth asking
    about); the same executive when there is only one.
    """
    return memo(org, "ex02.executives", lambda: _executives(org))


def _executives(org: Organisation) -> tuple[str, str]:
    matrices = objective_matrices(org)
    names = list(matrices)
    if not names:
        raise ValueError("this organisation has no judgements of its strategic objectives")
    group_top = _group_weights(matrices).idxmax()
    differing = [n for n in names if drivers.ahp(matrices[n]).weights.idxmax() != group_top]
    weights_of = (differing or names)[0]
    others = [n for n in names if n != weights_of] or names
    ratios = {n: drivers.ahp(matrices[n]).consistency_ratio for n in others}
    consistency_of = max(others, key=lambda n: (ratios[n], -others.index(n)))
    return weights_of, consistency_of


def _driver_id(answer: object, org: Organisation) -> object:
    """Accept a driver's name for its identifier."""
    if isinstance(answer, str):
        names = org.value_drivers.set_index("name")["driver_id"]
        names.index = names.index.astype(str).str.casefold().str.strip()
        return names.get(answer.casefold().strip(), answer)
    return answer


def _normalised(values: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(values / values.sum(), index=index)


@task(
    EXERCISE,
    "t1_weights",
    "1. One executive's weights of the objectives",
    "compute",
    variable="executive_weights",
    hints=(
        "Each row of the matrix says how much more important its objective is than each other one.",
        "Take the geometric mean of each row (exp of the mean of the logs, along the rows), then "
        "divide each by their total so the weights add up to 1.",
    ),
)
def check_weights(answer: object, org: Organisation) -> Feedback:
    """``answer``: weight per objective (Series by driver_id) from the matrix of the first
    executive :func:`executives` names."""
    matrix = objective_matrices(org)[executives(org)[0]]
    values = matrix.to_numpy(dtype=float)
    row_gmeans = np.exp(np.log(values).mean(axis=1))
    col_gmeans = np.exp(np.log(values).mean(axis=0))
    mistakes = [
        Mistake(
            "weights not normalised",
            "Your weights are the right shape but do not add up to 1.",
            "Divide each weight by the total of the weights.",
            pd.Series(row_gmeans, index=matrix.index),
        ),
        Mistake(
            "read by columns",
            "You read the matrix by columns: that reverses every judgement.",
            "Row i says how much more important item i is than each other item: use rows.",
            _normalised(col_gmeans, matrix.index),
        ),
        Mistake(
            "column sums",
            "You added up the columns: that weighs how much each item is *dominated*.",
            "Take the geometric mean of each row, then normalise.",
            _normalised(values.sum(axis=0), matrix.index),
        ),
        Mistake(
            "column sums, not normalised",
            "You added up the columns and kept the totals as weights: the columns measure how "
            "much each objective is dominated, and the totals do not add up to 1.",
            "Work along the rows (geometric mean of each row), then divide by the total.",
            pd.Series(values.sum(axis=0), index=matrix.index),
        ),
        Mistake(
            "row sums, not normalised",
            "You added up each row and kept the totals: the direction is right, but weights "
            "must add up to 1, and the geometric mean is the method asked for.",
            "Take the geometric mean of each row, then divide by the total.",
            pd.Series(values.sum(axis=1), index=matrix.index),
        ),
    ]
    return check_series(
        answer,
        drivers.ahp(matrix).weights,
        variable="executive_weights",
        key="driver_id",
        mistakes=mistakes,
        abs_tol=0.01,
        share=True,
        why="With weights that sum to 1, every project's value score is a weighted average; "
        "the row geometric mean is within a hair of AHP's eigenvector for consistent judgements.",
    )


@task(
    EXERCISE,
    "t2_consistency",
    "2. Is this executive consistent?",
    "compute",
    variable="executive_cr",
    hints=(
        "The consistency ratio compares the consistency index with what random judgements would "
        "give.",
        "n = number of objectives; CI = (lambda_max - n) / (n - 1); CR = CI / "
        "drivers.RANDOM_INDEX[n]. Keep it as a ratio, not a percentage.",
    ),
)
def check_consistency(answer: object, org: Organisation) -> Feedback:
    """``answer``: the consistency ratio (CR) of the objectives matrix of the second executive
    :func:`executives` names."""
    result = drivers.ahp(objective_matrices(org)[executives(org)[1]])
    n = result.size
    ci = result.consistency_index
    mistakes = [
        Mistake(
            "CI instead of CR",
            "That is the consistency index (CI); the ratio divides it by the random index RI.",
            f"Divide by RI for {n} items (drivers.RANDOM_INDEX[{n}]).",
            ci,
        ),
        Mistake(
            "divided by n",
            "You divided lambda_max - n by n; the consistency index divides by n - 1.",
            "CI = (lambda_max - n) / (n - 1).",
            (result.lambda_max - n) / n / drivers.RANDOM_INDEX[n],
        ),
        Mistake(
            "wrong random index",
            "You used the random index of another matrix size.",
            f"This matrix compares {n} objectives: use RI for n = {n}.",
            ci / drivers.RANDOM_INDEX.get(n - 1, np.nan) if n > 3 else None,
        ),
    ]
    return check_number(
        answer,
        result.consistency_ratio,
        variable="executive_cr",
        mistakes=mistakes,
        rel_tol=0.01,
        abs_tol=1e-3,
        share=True,
        why="Above 0.10 the judgements contradict each other (A > B > C but C > A): the "
        "weights then reflect noise, and the executive should revisit the pair flagged.",
    )


@task(
    EXERCISE,
    "t3_group",
    "3. What the executives agree on",
    "interpret",
    variable="group_top",
    hints=(
        "Pool the judgements, not the results: one group matrix first, weights second.",
        "Combine all the executives' matrices with drivers.geometric_mean_matrix, run drivers.ahp "
        "on it, and take the objective with the largest weight.",
    ),
)
def check_group_top(answer: object, org: Organisation) -> Feedback:
    """``answer``: the objective with the largest weight in the group (geometric-mean) matrix."""
    matrices = objective_matrices(org)
    group = _group_weights(matrices)
    averaged = pd.concat([drivers.ahp(m).weights for m in matrices.values()], axis=1).mean(axis=1)
    arithmetic = sum(m.to_numpy(dtype=float) for m in matrices.values()) / len(matrices)
    # drivers.ahp refuses the averaged matrix (not reciprocal): a trainee then falls back on
    # the row geometric means of task 1.
    pooled_by_mean = _normalised(np.exp(np.log(arithmetic).mean(axis=1)), group.index)
    favourite = executives(org)[0]
    mistakes = [
        Mistake(
            "arithmetic-mean pooling",
            "You pooled the judgements with an arithmetic mean: the averaged matrix is no longer "
            "reciprocal (a 9 and a 1/9 average to about 4.6, not to 1), so strong views tilt it.",
            "Pool with the geometric mean of the judgements (drivers.geometric_mean_matrix).",
            str(pooled_by_mean.idxmax()),
        ),
        Mistake(
            "averaged weights",
            "You averaged each executive's weights; the task asks for the weights of the group "
            "matrix, which pools the judgements themselves.",
            "Combine the matrices with drivers.geometric_mean_matrix, then run drivers.ahp.",
            str(averaged.idxmax()),
        ),
        Mistake(
            "one executive's view",
            f"That is {favourite}'s top objective, not the group's.",
            "Combine every executive's matrix first.",
            str(drivers.ahp(matrices[favourite]).weights.idxmax()),
        ),
    ]
    return check_choice(
        _driver_id(answer, org),
        str(group.idxmax()),
        options=list(group.index),
        variable="group_top",
        mistakes=mistakes,
        what="strategic objective",
        why="The geometric mean keeps the group matrix reciprocal, so no single strong voice "
        "tilts it: it is the standard way to pool AHP judgements.",
    )


@task(
    EXERCISE,
    "t4_leaf",
    "4. The leaf driver that counts most",
    "compute",
    variable="top_leaf",
    hints=(
        "A leaf that dominates its siblings may sit in a branch that counts for little.",
        "Global weight = local weight x the weights of every driver above it; take the leaf (a "
        "driver without children) with the largest global weight.",
    ),
)
def check_top_leaf(answer: object, org: Organisation) -> Feedback:
    """``answer``: driver_id of the leaf driver with the largest global weight (AHP)."""
    weights = ahp_weights(org)
    leaves = weights.leaves
    local = weights.local.reindex(leaves.index)
    top = leaves.max()
    mistakes = [
        Mistake(
            "local weight",
            "That leaf has the largest weight among its siblings, but its branch counts little.",
            "Multiply each leaf's local weight by the weights of its parents up to the objective.",
            str(local.idxmax()),
        ),
    ]
    return check_choice(
        _driver_id(answer, org),
        [str(d) for d in leaves.index[np.isclose(leaves, top)]],
        options=list(leaves.index),
        variable="top_leaf",
        mistakes=mistakes,
        what="leaf driver",
        why="Projects are scored against leaf drivers; the global weight is what a "
        "contribution to that driver is worth in the value score of exercise 04.",
    )


INCONSISTENCY = (
    Element(
        "go back to the executive and revisit the judgements",
        "Who can resolve a contradiction in the judgements?",
    ),
    Element(
        "the 0.10 threshold or the consistency ratio",
        "When is a set of judgements too inconsistent to use?",
    ),
    Element(
        "exclude, keep or test the effect on the weights",
        "What happens to the group weights with and without this executive?",
    ),
    Element(
        "agreement among the executives",
        "Is this one person's view or a disagreement in the team?",
    ),
)


@task(
    EXERCISE,
    "t5_inconsistent",
    "5. An inconsistent executive",
    "interpret",
    variable="inconsistency_plan",
    open_answer=True,
    hints=(
        "Whose judgement is it, and who can resolve a contradiction in it?",
        "Say who you would go back to and about what, which threshold you use, how you would test "
        "the weights with and without this executive, and whether the team agrees.",
    ),
)
def check_inconsistency(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: what to do about an executive whose CR is above 0.10."""
    return check_text(
        answer,
        INCONSISTENCY,
        variable="inconsistency_plan",
        min_words=25,
        why="Weights are a negotiated position, not a measurement: handling inconsistency in "
        "the open keeps the executives' trust in the ranking built on them.",
    )


METHOD_CHOICE = (
    Element(
        "the method chosen",
        "Name the method you would use.",
    ),
    Element(
        "consistency or rigour",
        "How does the method show whether the answers hang together?",
    ),
    Element(
        "the executives' time and effort",
        "How many judgements does each method ask of a busy executive?",
    ),
    Element(
        "agreement and buy-in",
        "Will the executives stand behind the result?",
    ),
)


@task(
    EXERCISE,
    "t6_method",
    "6. Which weighting method to use",
    "decide",
    variable="method_choice",
    open_answer=True,
    hints=(
        "Each method asks a different amount of an executive's time and gives a different check.",
        "Name the method, then weigh rigour and consistency against the executives' time, and say "
        "how the result will win their agreement.",
    ),
)
def check_method(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: the weighting method you would use for the final weights, and why."""
    return check_text(
        answer,
        METHOD_CHOICE,
        variable="method_choice",
        min_words=30,
        why="The method is a trade-off between rigour and the executives' time; choosing it "
        "consciously is part of building a value culture.",
    )


def hint(which: object) -> Hint:
    """The next hint on a task of this exercise (its number, ``"t2"`` or its answer's name):
    a nudge the first time, the method the second time; never the answer."""
    return hint_for(EXERCISE, which)


def rubric(task_id: str) -> tuple[str, ...]:
    """What a good answer to open task ``task_id`` covers (empty for other tasks)."""
    return tuple(
        e.name
        for e in {"t5_inconsistent": INCONSISTENCY, "t6_method": METHOD_CHOICE}.get(task_id, ())
    )
