"""Checks of exercise 02, value drivers: AHP weights, consistency, the group view, leaf weights.

Expected answers come from :mod:`vmo_lib.drivers` (``ahp``, ``judgement_matrices``,
``geometric_mean_matrix``, ``weigh_drivers``, ``leaf_weights``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib import drivers
from vmo_lib.data import Organisation
from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element, check_choice, check_number, check_series, check_text
from vmo_lib.exercises.registry import task

EXERCISE = "ex02_value_drivers"
#: Whose objective judgements tasks 1 and 2 use (every bundled and generated organisation
#: has these executives).
WEIGHTS_OF, CONSISTENCY_OF = "CFO", "CIO"


def objective_matrices(org: Organisation) -> dict[str, pd.DataFrame]:
    """Each executive's comparison matrix of the strategic objectives."""
    tree = drivers.driver_tree(org.value_drivers)
    return drivers.judgement_matrices(org.driver_judgements, tree)[drivers.ROOT]


def _driver_id(answer: object, org: Organisation) -> object:
    """Accept a driver's name for its identifier."""
    if isinstance(answer, str):
        names = org.value_drivers.set_index("name")["driver_id"]
        names.index = names.index.astype(str).str.casefold().str.strip()
        return names.get(answer.casefold().strip(), answer)
    return answer


def _normalised(values: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(values / values.sum(), index=index)


@task(EXERCISE, "t1_weights", "1. The CFO's weights of the objectives", "compute")
def check_weights(answer: object, org: Organisation) -> Feedback:
    """``answer``: weight per objective (Series by driver_id) from the CFO's matrix."""
    matrix = objective_matrices(org)[WEIGHTS_OF]
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
    ]
    return check_series(
        answer,
        drivers.ahp(matrix).weights,
        variable="cfo_weights",
        key="driver_id",
        mistakes=mistakes,
        abs_tol=0.01,
        why="With weights that sum to 1, every project's value score is a weighted average; "
        "the row geometric mean is within a hair of AHP's eigenvector for consistent judgements.",
    )


@task(EXERCISE, "t2_consistency", "2. Is the CIO consistent?", "compute")
def check_consistency(answer: object, org: Organisation) -> Feedback:
    """``answer``: the consistency ratio (CR) of the CIO's objectives matrix."""
    result = drivers.ahp(objective_matrices(org)[CONSISTENCY_OF])
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
        variable="cio_cr",
        mistakes=mistakes,
        rel_tol=0.01,
        abs_tol=1e-3,
        why="Above 0.10 the judgements contradict each other (A > B > C but C > A): the "
        "weights then reflect noise, and the executive should revisit the pair flagged.",
    )


@task(EXERCISE, "t3_group", "3. What the executives agree on", "interpret")
def check_group_top(answer: object, org: Organisation) -> Feedback:
    """``answer``: the objective with the largest weight in the group (geometric-mean) matrix."""
    matrices = objective_matrices(org)
    group = drivers.ahp(drivers.geometric_mean_matrix(list(matrices.values()))).weights
    averaged = pd.concat([drivers.ahp(m).weights for m in matrices.values()], axis=1).mean(axis=1)
    mistakes = [
        Mistake(
            "averaged weights",
            "You averaged each executive's weights; the task asks for the weights of the group "
            "matrix, which pools the judgements themselves.",
            "Combine the matrices with drivers.geometric_mean_matrix, then run drivers.ahp.",
            str(averaged.idxmax()),
        ),
        Mistake(
            "one executive's view",
            "That is the CFO's top objective, not the group's.",
            "Combine every executive's matrix first.",
            str(drivers.ahp(matrices[WEIGHTS_OF]).weights.idxmax()),
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


@task(EXERCISE, "t4_leaf", "4. The leaf driver that counts most", "compute")
def check_top_leaf(answer: object, org: Organisation) -> Feedback:
    """``answer``: driver_id of the leaf driver with the largest global weight (AHP)."""
    weights = drivers.weigh_drivers(org, "ahp")
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
        (r"revisit", r"ask", r"discuss", r"go back", r"talk", r"review", r"clarif"),
        "Who can resolve a contradiction in the judgements?",
    ),
    Element(
        "the 0.10 threshold or the consistency ratio",
        (r"0?\.1\b", r"10 ?%", r"threshold", r"consisten", r"\bcr\b"),
        "When is a set of judgements too inconsistent to use?",
    ),
    Element(
        "exclude, keep or test the effect on the weights",
        (r"exclud", r"leave (it |them )?out", r"sensitiv", r"robust", r"with and without", r"keep"),
        "What happens to the group weights with and without this executive?",
    ),
    Element(
        "agreement among the executives",
        (r"consensus", r"agree", r"align", r"group"),
        "Is this one person's view or a disagreement in the team?",
    ),
)


@task(EXERCISE, "t5_inconsistent", "5. An inconsistent executive", "interpret")
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
        (r"\bahp\b", r"pairwise", r"points", r"\brank"),
        "Name the method you would use.",
    ),
    Element(
        "consistency or rigour",
        (r"consisten", r"rigou?r", r"check", r"contradict"),
        "How does the method show whether the answers hang together?",
    ),
    Element(
        "the executives' time and effort",
        (r"\btime", r"effort", r"simple", r"quick", r"number of (pairs|comparisons)", r"burden"),
        "How many judgements does each method ask of a busy executive?",
    ),
    Element(
        "agreement and buy-in",
        (r"consensus", r"agree", r"buy-?in", r"ownership", r"discussion", r"workshop"),
        "Will the executives stand behind the result?",
    ),
)


@task(EXERCISE, "t6_method", "6. Which weighting method to use", "decide")
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
