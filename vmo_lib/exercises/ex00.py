"""Checks of exercise 00, the portfolio baseline: earned value and what it leaves out.

Each check takes the trainee's answer and the organisation, computes the expected answer with
:mod:`vmo_lib.baseline` / :mod:`vmo_lib.evm`, and the answers typical mistakes give.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib import baseline, evm
from vmo_lib.data import Organisation
from vmo_lib.exercises.feedback import CHECK_ERROR, Feedback, Mistake
from vmo_lib.exercises.matching import Element, check_choice, check_number, check_series, check_text
from vmo_lib.exercises.registry import Hint, hint_for, task

EXERCISE = "ex00_baseline"
AS_OF = "2026-09-30"


def _performance(org: Organisation) -> pd.DataFrame:
    return baseline.project_performance(org.projects)


def _by_id(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.set_index("project_id")[column]


def _lowest(frame: pd.DataFrame, column: str) -> str:
    """The project_id of the row with the smallest ``column``."""
    return str(frame.set_index("project_id")[column].astype(float).idxmin())


def _cpi_of(frame: pd.DataFrame, ev: str, ac: str) -> pd.Series:
    """CPI with the given columns standing in for EV and AC (to reproduce a mistake)."""
    result = evm.earned_value(
        bac=frame["budget_at_completion"].astype(float),
        pv=frame["planned_value"].astype(float),
        ev=frame[ev].astype(float),
        ac=frame[ac].astype(float),
    )
    return pd.Series(np.asarray(result.cpi, dtype=float), index=frame["project_id"])


@task(
    EXERCISE,
    "t1_cpi",
    "1. CPI of each project in delivery",
    "compute",
    variable="cpi",
    hints=(
        "CPI compares two earned-value amounts: the budgeted cost of the work done, and what that "
        "work really cost. Which goes on top?",
        "Keep the projects in delivery, index them by project_id, then divide one column by the "
        "other for all rows at once (no loop needed).",
    ),
)
def check_cpi(answer: object, org: Organisation) -> Feedback:
    """``answer``: CPI per project in delivery, a Series indexed by ``project_id``."""
    perf = _performance(org)
    mistakes = [
        Mistake(
            "inverted ratio",
            "You divided actual cost by earned value: that is the inverse of the CPI.",
            "CPI is earned value per unit of actual cost: which amount goes on top?",
            _cpi_of(perf, "actual_cost", "earned_value"),
        ),
        Mistake(
            "SPI instead of CPI",
            "These are the schedule indices (earned value over planned value), not cost ones.",
            "The cost index compares the work done with what it actually cost.",
            _by_id(perf, "spi"),
        ),
        Mistake(
            "budget instead of earned value",
            "You divided the whole budget (BAC) by the actual cost.",
            "Use the budgeted cost of the work done so far (earned value), not the total budget.",
            _cpi_of(perf, "budget_at_completion", "actual_cost"),
        ),
        Mistake(
            "all stages",
            "Your answer includes proposed and approved projects, which have not started.",
            "Keep only projects in flight or closed (baseline.delivery_projects does that).",
            _cpi_of(org.projects, "earned_value", "actual_cost"),
        ),
    ]
    return check_series(
        answer,
        _by_id(perf, "cpi"),
        variable="cpi",
        mistakes=mistakes,
        why="CPI below 1 means each unit of money spent buys less than a unit of planned work: "
        "it is the PMO's first warning of an overrun, but it says nothing about the value of "
        "that work.",
    )


@task(
    EXERCISE,
    "t2_portfolio_cpi",
    "2. CPI of the whole portfolio",
    "compute",
    variable="portfolio_cpi",
    hints=(
        "A five-million project must weigh more than a fifty-thousand one: an average of the "
        "projects' CPIs does not do that.",
        "Add up earned value over the projects in delivery, add up actual cost over the same "
        "projects, then divide the first total by the second.",
    ),
)
def check_portfolio_cpi(answer: object, org: Organisation) -> Feedback:
    """``answer``: one number, the portfolio's CPI (size-weighted)."""
    perf = _performance(org)
    # The task asks for every project in delivery (closed ones included), summed then divided;
    # the handout's portfolio CPI covers projects in flight only (see vmo_lib.baseline).
    ev, ac, pv = (float(perf[c].sum()) for c in ("earned_value", "actual_cost", "planned_value"))
    mistakes = [
        Mistake(
            "average of ratios",
            "You averaged the projects' CPIs: a small project then counts as much as a big one.",
            "Add up earned value and actual cost over the projects first, then divide once.",
            float(perf["cpi"].mean()),
        ),
        Mistake(
            "inverted ratio",
            "You divided total actual cost by total earned value.",
            "CPI is earned value per unit of actual cost.",
            ac / ev if ev else None,
        ),
        Mistake(
            "SPI instead of CPI",
            "This is the portfolio's schedule index (earned over planned value).",
            "The cost index uses actual cost.",
            ev / pv if pv else None,
        ),
    ]
    return check_number(
        answer,
        ev / ac if ac else float("nan"),
        variable="portfolio_cpi",
        mistakes=mistakes,
        rel_tol=0.002,
        why="Weighting by size shows where the money goes: one large overrunning project can "
        "sink the portfolio while most small ones look fine.",
    )


@task(
    EXERCISE,
    "t3_on_budget",
    "3. Share of projects on budget",
    "compute",
    variable="on_budget_rate",
    hints=(
        "Every project needs a forecast final cost before you can compare it with its budget plus "
        "5%.",
        "Forecast = actual cost for a closed project, BAC / CPI for one in flight; drop projects "
        "without a forecast; the share is the mean of (forecast / BAC - 1 <= 0.05).",
    ),
)
def check_on_budget_rate(answer: object, org: Organisation) -> Feedback:
    """``answer``: share (0-1) of delivery projects with a cost forecast within 5% of budget."""
    health = baseline.portfolio_health(org.projects, as_of=AS_OF)
    strict = baseline.portfolio_health(org.projects, on_budget_tolerance=0, as_of=AS_OF)
    mistakes = [
        Mistake(
            "no tolerance",
            "You counted a project as on budget only if its forecast does not exceed the budget.",
            "The task allows an overrun of up to 5% of the budget.",
            strict.on_budget_rate,
        ),
        Mistake(
            "wrong denominator: all projects",
            "You divided by every project in the portfolio, including those not started.",
            "Divide by the projects in delivery that have a cost forecast.",
            health.n_on_budget / health.n_projects,
        ),
        Mistake(
            "wrong denominator: blanks counted",
            "You divided by every project in delivery, including those with no cost forecast.",
            "Projects with no cost paid yet have no forecast: leave them out of the count.",
            health.n_on_budget / health.n_delivery,
        ),
    ]
    return check_number(
        answer,
        health.on_budget_rate,
        variable="on_budget_rate",
        mistakes=mistakes,
        share=True,
        why="This is the figure PMO reports lead with. Keep it in mind: the next exercises ask "
        "whether the on-budget projects are the ones that deliver value.",
    )


@task(
    EXERCISE,
    "t4_watermelon",
    "4. The green project in most trouble",
    "interpret",
    variable="watermelon",
    hints=(
        "Filter twice before you look at any index: the stage, then the reported colour.",
        "Keep the projects in flight reported green, then take the project_id whose CPI is the "
        "smallest (idxmin).",
    ),
)
def check_watermelon(answer: object, org: Organisation) -> Feedback:
    """``answer``: project_id of the in-flight project reported green with the lowest CPI."""
    perf = _performance(org)
    in_flight = perf[perf["stage"].astype(str).isin(baseline.REPORTING_STAGES)]
    green = in_flight[in_flight["rag_status"].astype(str).eq("green") & in_flight["cpi"].notna()]
    if green.empty:
        return Feedback(
            "",
            False,
            "This organisation has no green project in flight with a CPI: the task cannot be "
            "checked on its data.",
            "Tell your facilitator; go on with the next task.",
            mistake=CHECK_ERROR,
        )
    expected = _lowest(green, "cpi")
    any_rag = in_flight.dropna(subset=["cpi"])
    closed_too = perf[perf["rag_status"].astype(str).eq("green") & perf["cpi"].notna()]
    green_spi = green.dropna(subset=["spi"])
    mistakes = [
        Mistake(
            "ignored the status",
            "That project has a low CPI, but it is not reported green.",
            "Filter on the reported status first, then look for the lowest CPI.",
            _lowest(any_rag, "cpi"),
        ),
        Mistake(
            "included closed projects",
            "That project is closed: its status is no longer a report on work under way.",
            "Keep only projects in flight.",
            _lowest(closed_too, "cpi"),
        ),
        Mistake(
            "lowest SPI",
            "That green project is the one furthest behind schedule, not the costliest.",
            "The task asks about cost efficiency (CPI).",
            _lowest(green_spi, "spi") if len(green_spi) else None,
        ),
    ]
    return check_choice(
        answer,
        expected,
        options=org.projects["project_id"].astype(str),
        variable="watermelon",
        mistakes=mistakes,
        what="project",
        why="Green outside, red inside: a status colour is an opinion, the indices are "
        "evidence. A VMO asks for both, and for the value at stake.",
    )


BLIND_SPOTS = (
    Element(
        "the value or benefit delivered",
        "What does the organisation get once the project is finished?",
    ),
    Element(
        "on time and on budget is not the same as useful",
        "Can a project meet its budget and dates and still be a poor investment?",
    ),
    Element(
        "the link to strategy",
        "Do these figures say whether a project serves the strategy?",
    ),
    Element(
        "what happens after closure",
        "Benefits mostly arrive after a project closes: who looks then?",
    ),
)


@task(
    EXERCISE,
    "t5_blind_spots",
    "5. What these figures do not tell",
    "interpret",
    variable="blind_spots",
    open_answer=True,
    hints=(
        "Think of what a steering committee would still want to know about a project that is on "
        "time and on budget.",
        "Write one sentence on each: the value delivered, being well run versus worth doing, the "
        "link to strategy, and what happens after closure.",
    ),
)
def check_blind_spots(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: a short text on what the triple-constraint figures leave out."""
    return check_text(
        answer,
        BLIND_SPOTS,
        variable="blind_spots",
        min_words=25,
        why="Naming the blind spots of execution measures is the argument for a VMO: the "
        "question moves from 'is it run well?' to 'is it worth doing?'.",
    )


RECOMMENDATION = (
    Element(
        "rank by value, not only by cost and schedule",
        "What should the ranking be based on instead?",
    ),
    Element(
        "a named benefit owner",
        "Who answers for each promised benefit? Look at the priority list's last column.",
    ),
    Element(
        "the link to strategic objectives",
        "How would the ranking reflect what the organisation is trying to achieve?",
    ),
    Element(
        "an action or decision (review, stop, re-rank...)",
        "End with what the steering committee should do next.",
    ),
)


@task(
    EXERCISE,
    "t6_recommendation",
    "6. Advise the steering committee",
    "decide",
    variable="recommendation",
    open_answer=True,
    hints=(
        "Look at the legacy priority list: what does it rank by, and who answers for the benefits?",
        "Say what the ranking should be based on, who must own each benefit, how it ties to the "
        "strategy, and what the committee should decide next.",
    ),
)
def check_recommendation(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: a recommendation on what to add to the legacy priority list."""
    return check_text(
        answer,
        RECOMMENDATION,
        variable="recommendation",
        min_words=30,
        why="A recommendation that names the value basis, the owner and the next decision is "
        "one a steering committee can act on.",
    )


def hint(which: object) -> Hint:
    """The next hint on a task of this exercise (its number, ``"t2"`` or its answer's name):
    a nudge the first time, the method the second time; never the answer."""
    return hint_for(EXERCISE, which)


def rubric(task_id: str) -> tuple[str, ...]:
    """What a good answer to open task ``task_id`` covers (empty for other tasks)."""
    return tuple(
        e.name
        for e in {"t5_blind_spots": BLIND_SPOTS, "t6_recommendation": RECOMMENDATION}.get(
            task_id, ()
        )
    )
