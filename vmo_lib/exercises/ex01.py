"""Checks of exercise 01, the PMO gap analysis: maturity gaps, evidence, training, roadmap.

Expected answers come from :mod:`vmo_lib.maturity` with the bundled maturity model and a
target of level 4 for every dimension. The exercise works with the plain mean of the answers,
each respondent counting once (``scoring="mean"``, ``role_weights="respondents"``), which a
trainee can compute by hand; the companion notebook defaults to P3M3's staged rule.
"""

from __future__ import annotations

import functools

import pandas as pd

from vmo_lib import maturity
from vmo_lib.data import Organisation
from vmo_lib.exercises.data import memo
from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element, check_choice, check_number, check_series, check_text
from vmo_lib.exercises.registry import Hint, hint_for, task

EXERCISE = "ex01_gap_analysis"
TARGET = "4"


@functools.lru_cache(maxsize=1)
def _model() -> maturity.MaturityModel:
    return maturity.load_model()


def _assess(org: Organisation, target: str = TARGET) -> maturity.Assessment:
    # The gaps do not depend on the bootstrap; a few resamples keep the check fast.
    return memo(
        org,
        f"ex01.assess.{target}",
        lambda: maturity.assess(
            org.pmo_assessment,
            _model(),
            target_profile=target,
            n_boot=50,
            scoring="mean",
            role_weights="respondents",
        ),
    )


def _gaps(assessment: maturity.Assessment) -> pd.Series:
    return assessment.dimensions.set_index("dimension")["gap"]


def _top(series: pd.Series, *, largest: bool = True) -> str:
    return str(series.idxmax() if largest else series.idxmin())


@task(
    EXERCISE,
    "t1_gaps",
    "1. Gap to target, by dimension",
    "compute",
    variable="gaps",
    hints=(
        "The target is the same for every dimension; the current level is in the table above.",
        "Subtract the column of current levels from the target of 4: pandas does it for every "
        "dimension at once, and keeps the dimension index.",
    ),
)
def check_gaps(answer: object, org: Organisation) -> Feedback:
    """``answer``: target minus current mean level, per dimension (a Series by dimension)."""
    result = _assess(org)
    survey = _assess(org, "survey")
    mistakes = [
        Mistake(
            "stated targets",
            "You measured the gap to the levels respondents asked for, not to the target of 4.",
            "The task sets one target, level 4 (Managed), for every dimension.",
            _gaps(survey),
        ),
        Mistake(
            "current levels, not gaps",
            "These are the current levels, not the distance to the target.",
            "Subtract the current level from the target.",
            result.dimensions.set_index("dimension")["current"],
        ),
    ]
    return check_series(
        answer,
        _gaps(result),
        variable="gaps",
        key="dimension",
        mistakes=mistakes,
        why="The gap, not the level, is what a roadmap closes: a dimension at level 2 with a "
        "target of 2 needs no work.",
    )


@task(
    EXERCISE,
    "t2_largest_gap",
    "2. The largest gap",
    "compute",
    variable="largest_gap",
    hints=(
        "You already have every gap: which one is the largest?",
        "Take the label of the largest value of your gaps (idxmax), as text.",
    ),
)
def check_largest_gap(answer: object, org: Organisation) -> Feedback:
    """``answer``: the name of the dimension with the largest gap to level 4."""
    result = _assess(org)
    dims = result.dimensions.set_index("dimension")
    mistakes = [
        Mistake(
            "smallest gap",
            "That is the dimension closest to its target.",
            "Sort the gaps from largest to smallest.",
            _top(dims["gap"], largest=False),
        ),
        Mistake(
            "gap to stated targets",
            "That dimension has the largest gap to what respondents asked for, not to level 4.",
            "Use the same target of 4 as in task 1.",
            _top(_gaps(_assess(org, "survey"))),
        ),
        Mistake(
            "highest current level",
            "That is the most mature dimension, the opposite of what the task asks.",
            "Look at the gap column, not the current level.",
            _top(dims["current"]),
        ),
    ]
    return check_choice(
        answer,
        _top(dims["gap"]),
        options=dims.index,
        variable="largest_gap",
        mistakes=mistakes,
        what="dimension",
        why="The largest gap is where the PMO is furthest from a VMO; whether to close it "
        "first also depends on its importance and effort (task 5).",
    )


@task(
    EXERCISE,
    "t3_training",
    "3. The first training need",
    "compute",
    variable="first_training",
    hints=(
        "A gap of one level in a team of twenty is more training than a gap of three levels for "
        "one person.",
        "Per row: shortfall = required minus current level, never below 0, times headcount; add "
        "these up per skill and take the skill with the largest total.",
    ),
)
def check_training(answer: object, org: Organisation) -> Feedback:
    """``answer``: the skill with the largest training effort (people x levels to gain)."""
    training = maturity.skills_gap(org.skills_inventory).training.set_index("skill")
    mistakes = [
        Mistake(
            "ignored headcount",
            "That skill has the largest average gap, but few people need it.",
            "Weigh each team's gap by its headcount: the effort is people times levels.",
            _top(training["mean_gap"]),
        ),
        Mistake(
            "counted teams",
            "That skill is lacking in the most teams, but it is not the largest effort.",
            "Weigh the gaps by people and levels, not by teams.",
            _top(training["teams"]),
        ),
    ]
    top = training["person_levels"].max()
    return check_choice(
        answer,
        [str(s) for s in training.index[training["person_levels"] == top]],
        options=org.skills_inventory["skill"].astype(str).unique(),
        variable="first_training",
        mistakes=mistakes,
        what="skill",
        why="A VMO runs on skills a PMO rarely has; sizing training by people x levels turns "
        "a wish list into a budget line.",
    )


@task(
    EXERCISE,
    "t4_owner_share",
    "4. Projects with a benefit owner",
    "interpret",
    variable="owner_share",
    hints=(
        "A share divides the projects that have something by all the projects.",
        "Mark each project whose benefit_owner is filled in (notna), then take the mean of those "
        "marks over every project.",
    ),
)
def check_owner_share(answer: object, org: Organisation) -> Feedback:
    """``answer``: share (0-1) of projects whose benefit owner is filled in."""
    evidence = maturity.value_evidence(org.projects, org.benefits, org.kpis)
    shares = evidence.shares.set_index("check")["share"].astype(float)
    count = int(evidence.shares.set_index("check")["projects"].astype(int)["has_benefit_owner"])
    mistakes = [
        Mistake(
            "count instead of share",
            "That is a number of projects; the task asks for a share of all projects.",
            "Divide by the number of projects.",
            count,
        ),
        Mistake(
            "projects without an owner",
            "That is the share of projects *without* a benefit owner.",
            "Count the projects whose benefit owner is filled in.",
            1 - float(shares["has_benefit_owner"]),
        ),
        Mistake(
            "measurable benefit instead",
            "That is the share of projects with a measurable benefit, not with an owner.",
            "Use the benefit_owner column of the projects table.",
            float(shares["has_measurable_benefit"]),
        ),
    ]
    return check_number(
        answer,
        float(shares["has_benefit_owner"]),
        variable="owner_share",
        mistakes=mistakes,
        share=True,
        why="A benefit nobody owns is a benefit nobody will chase after the project closes. "
        "Compare this share with what the survey claims about value tracking.",
    )


@task(
    EXERCISE,
    "t5_first_step",
    "5. The first step of the roadmap",
    "decide",
    variable="first_step",
    hints=(
        "A large gap is not enough: how much does the dimension matter, and how hard is a level to"
        " gain?",
        "Priority = gap (never below 0) x importance / effort, per dimension; take the dimension "
        "with the highest priority.",
    ),
)
def check_first_step(answer: object, org: Organisation) -> Feedback:
    """``answer``: the dimension ranked first when gap, importance and effort are combined."""
    result = _assess(org)
    plan = maturity.roadmap(result, _model()).table.set_index("dimension")
    model_dims = _model().dimensions.set_index("dimension")
    easiest = plan.assign(effort=model_dims["effort"]).sort_values(["effort", "gap"])
    mistakes = [
        Mistake(
            "largest gap only",
            "That is the largest gap, but closing it may cost more than another of similar "
            "importance.",
            "Weigh each gap by the dimension's importance and divide by its effort.",
            _top(plan["gap"]),
        ),
        Mistake(
            "easiest only",
            "That is a cheap step, but its gap or importance is small.",
            "Effort alone is not a priority: combine it with the gap and the importance.",
            str(easiest.index[0]),
        ),
        Mistake(
            "importance only",
            "That dimension matters most, but you ignored how far it is from target and the "
            "effort needed.",
            "Priority = gap x importance / effort.",
            _top(plan["importance"]),
        ),
    ]
    return check_choice(
        answer,
        str(plan["rank"].idxmin()),
        options=model_dims.index,
        variable="first_step",
        mistakes=mistakes,
        what="dimension",
        why="A roadmap that starts where a gap is large, important and affordable earns the "
        "credibility the harder steps need.",
    )


JUSTIFICATION = (
    Element(
        "the dimension you would close first",
        "Name the dimension the roadmap puts first, or the one you prefer and why.",
    ),
    Element(
        "the size of the gap",
        "How far is it from the target?",
    ),
    Element(
        "importance for value",
        "Why does this dimension matter for a VMO?",
    ),
    Element(
        "effort or cost of closing it",
        "What will it take to close it?",
    ),
    Element(
        "evidence beyond the survey",
        "Does the portfolio data confirm what respondents say?",
    ),
)


@task(
    EXERCISE,
    "t6_justify",
    "6. Which gap first, and why",
    "decide",
    variable="justification",
    open_answer=True,
    hints=(
        "An executive team will ask: why this one, why now, at what cost, and is the survey right?",
        "Name the dimension, then give one sentence each on its gap, its importance for value, the"
        " effort to close it, and what the portfolio data says beside the survey.",
    ),
)
def check_justification(answer: object, org: Organisation) -> Feedback:
    """``answer``: a short argument for the first gap to close."""
    return check_text(
        answer,
        JUSTIFICATION,
        variable="justification",
        min_words=30,
        why="An argument that weighs gap, importance, effort and evidence is one an executive "
        "team can challenge and then back.",
    )


def hint(which: object) -> Hint:
    """The next hint on a task of this exercise (its number, ``"t2"`` or its answer's name):
    a nudge the first time, the method the second time; never the answer."""
    return hint_for(EXERCISE, which)


def rubric(task_id: str) -> tuple[str, ...]:
    """What a good answer to open task ``task_id`` covers (empty for other tasks)."""
    return tuple(e.name for e in {"t6_justify": JUSTIFICATION}.get(task_id, ()))
