"""Checks of exercise 05, value realisation: realisation index, gaps, owners, programmes.

Expected answers come from :mod:`vmo_lib.realization` (``realisation_to_date``,
``value_to_date``, ``realisation_table``, ``no_owner``) at the notebook's data date.
"""

from __future__ import annotations

import pandas as pd

from vmo_lib import realization
from vmo_lib.data import Organisation
from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element, check_choice, check_number, check_set, check_text
from vmo_lib.exercises.registry import Hint, hint_for, task

EXERCISE = "ex05_value_realization"
AS_OF = "2026-09-30"


def shifted(as_of: str, quarters: int) -> str:
    """The last day of the quarter ``quarters`` away from the one ``as_of`` falls in: what a
    trainee who counts one quarter too many (1) or too few (-1) uses as the data date."""
    period = pd.Period(pd.Timestamp(as_of), freq="Q") + quarters
    return period.end_time.strftime("%Y-%m-%d")


def _index_at(org: Organisation, as_of: str) -> float | None:
    to_date = realization.realisation_to_date(org, as_of)
    planned, realised = to_date["planned_to_date"].sum(), to_date["realised_to_date"].sum()
    return float(realization.realisation_index(planned, realised)) if planned else None


@task(
    EXERCISE,
    "t1_index",
    "1. The portfolio's realisation index",
    "compute",
    variable="realisation_index",
    hints=(
        "Like the CPI: one ratio over the whole portfolio, big benefits weighing more than small "
        "ones.",
        "Add up realised value to date over all benefits, add up planned value to date over the "
        "same benefits (complete quarters up to the data date), and divide.",
    ),
)
def check_index(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: realised / planned value to date, summed over every benefit (read with
    :func:`vmo_lib.realization.realisation_index`, so a net dis-benefit reads the same way)."""
    to_date = realization.realisation_to_date(org, as_of)
    whole = realization.value_to_date(org, as_of)
    planned, realised = to_date["planned_to_date"].sum(), to_date["realised_to_date"].sum()
    mistakes = [
        Mistake(
            "average of ratios",
            "You averaged the benefits' own indices: a tiny benefit then counts as much as a "
            "large one.",
            "Add up realised and planned value first, then divide once.",
            float(to_date["realisation_index"].mean()),
        ),
        Mistake(
            "whole-life plan",
            "You divided by the whole-life plan; benefits planned for later cannot be late yet.",
            "Compare with the value planned up to the data date only.",
            float(realised / whole["planned_total"].sum()),
        ),
        Mistake(
            "inverted ratio",
            "You divided planned by realised value.",
            "Realised value goes on top, as earned value does in the CPI.",
            float(planned / realised) if realised else None,
        ),
        Mistake(
            "a quarter too many",
            "You included the quarter after the data date: its value is not due yet.",
            "Count the quarters up to and including the one the data date falls in.",
            _index_at(org, shifted(as_of, 1)),
        ),
        Mistake(
            "a quarter too few",
            "You left out the quarter the data date falls in (it is complete on that date).",
            "Count the quarters up to and including the one the data date falls in.",
            _index_at(org, shifted(as_of, -1)),
        ),
    ]
    return check_number(
        answer,
        float(realization.realisation_index(planned, realised)),
        variable="realisation_index",
        mistakes=mistakes,
        share=True,
        why="This is the VMO's counterpart of the CPI: not 'did we spend as planned?' but 'did "
        "we get the value we were promised, so far?'.",
    )


@task(
    EXERCISE,
    "t2_furthest_behind",
    "2. The benefit furthest behind",
    "compute",
    variable="furthest_behind",
    hints=(
        "Behind plan in money, not in percent.",
        "Value variance = realised - planned value to date, per benefit; the benefit furthest "
        "behind has the most negative variance (idxmin).",
    ),
)
def check_furthest_behind(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: benefit_id with the most negative value variance (realised - planned, money)."""
    values = realization.value_to_date(org, as_of)
    variance = values["value_variance"]
    mistakes = [
        Mistake(
            "furthest ahead",
            "That benefit is furthest *ahead* of plan.",
            "Value variance = realised - planned: behind plan is the most negative.",
            str(variance.idxmax()),
        ),
        Mistake(
            "lowest index, not money",
            "That benefit is furthest behind in percent, but the task asks for money.",
            "Rank by the value variance in money, not by the realisation index.",
            str(values["realisation_index"].idxmin()),
        ),
        Mistake(
            "a quarter off",
            "That benefit is furthest behind if you count one quarter too many or too few.",
            "Count the quarters up to and including the one the data date falls in.",
            str(realization.value_to_date(org, shifted(as_of, 1))["value_variance"].idxmin()),
        ),
    ]
    return check_choice(
        answer,
        str(variance.idxmin()),
        options=list(values.index.astype(str)),
        variable="furthest_behind",
        mistakes=mistakes,
        what="benefit",
        why="Money behind plan tells the steering committee where recovery matters most; a low "
        "index on a small benefit may not be worth a meeting.",
    )


@task(
    EXERCISE,
    "t3_no_owner",
    "3. Benefits nobody owns",
    "compute",
    variable="unowned",
    hints=(
        "Look at the benefit register, not at the projects.",
        "Select the benefits whose owner is missing (isna), take their benefit_id column, make it "
        "a list.",
    ),
)
def check_unowned(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: the benefit_ids without an owner."""
    flags = realization.no_owner(org.benefits)
    ids = org.benefits["benefit_id"].astype(str)
    unowned = ids[flags.to_numpy()].tolist()
    owners = org.projects["benefit_owner"].astype("string").str.strip().fillna("")
    mistakes = [
        Mistake(
            "benefits with an owner",
            "You listed the benefits that *have* an owner.",
            "Keep the rows where the owner is blank.",
            ids[~flags.to_numpy()].tolist(),
        ),
        Mistake(
            "projects, not benefits",
            "These are the projects without a benefit owner; the task asks about benefits.",
            "Use the benefit register (org.benefits) and its owner column.",
            org.projects.loc[owners.eq("").to_numpy(), "project_id"].astype(str).tolist(),
        ),
    ]
    return check_set(
        answer,
        unowned,
        variable="unowned",
        mistakes=mistakes,
        what="benefit",
        why="A benefit without an owner is the first to go missing: nobody is paid to chase it "
        "once the project team has moved on.",
    )


@task(
    EXERCISE,
    "t4_programme",
    "4. The programme that realises least",
    "interpret",
    variable="weakest_programme",
    hints=(
        "Realises least of its own plan: a ratio, not an amount of money.",
        "In the table by programme, take the programme with the lowest realisation index (realised"
        " / planned to date).",
    ),
)
def check_programme(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: the programme with the lowest realisation index to date."""
    table = realization.realisation_table(org, as_of, "programme").set_index("group")
    indexed = table["realisation_index"].dropna()
    mistakes = [
        Mistake(
            "money, not index",
            "That programme is furthest behind in money, not in share of its plan.",
            "Compare the realisation index (realised / planned to date).",
            str(table["value_variance"].idxmin()),
        ),
        Mistake(
            "highest index",
            "That programme realises the *most* of its plan.",
            "Look for the lowest index.",
            str(indexed.idxmax()),
        ),
    ]
    return check_choice(
        answer,
        str(indexed.idxmin()),
        options=list(table.index.astype(str)),
        variable="weakest_programme",
        mistakes=mistakes,
        what="programme",
        why="A programme-level index shows whether shortfalls are scattered or systematic, "
        "which decides whether to fix projects or the programme's business case.",
    )


CAUSES = (
    Element(
        "timing (benefits arrive later than planned)",
        "Could the value simply be arriving later than the plan said?",
    ),
    Element(
        "measurement and evidence",
        "Is the realised value actually being recorded?",
    ),
    Element(
        "an optimistic plan or business case",
        "Was the plan realistic in the first place?",
    ),
    Element(
        "ownership",
        "Is somebody accountable for each benefit?",
    ),
)


@task(
    EXERCISE,
    "t5_causes",
    "5. What could be behind the gap",
    "interpret",
    variable="causes",
    open_answer=True,
    hints=(
        "The value may be late, unmeasured, overestimated, or nobody's job.",
        "Give one sentence each on timing, measurement and evidence, the realism of the plan, and "
        "ownership.",
    ),
)
def check_causes(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: possible causes of a realisation index well below 1."""
    return check_text(
        answer,
        CAUSES,
        variable="causes",
        min_words=25,
        why="Each cause calls for a different response (re-plan, measure, re-scope, appoint an "
        "owner): diagnosing before acting is what keeps benefits reviews from becoming blame.",
    )


REPORT = (
    Element(
        "the headline number",
        "Start with how much of the planned value has arrived.",
    ),
    Element(
        "where the gap is (programme or benefit)",
        "Point to where the shortfall is concentrated.",
    ),
    Element(
        "owners to appoint or hold to account",
        "Who will answer for the missing value?",
    ),
    Element(
        "a decision or action (recover, re-plan, stop, review)",
        "What should the committee decide?",
    ),
)


@task(
    EXERCISE,
    "t6_report",
    "6. Your message to the steering committee",
    "decide",
    variable="committee_message",
    open_answer=True,
    hints=(
        "A steering committee needs a number, a place, a name and a decision.",
        "Quote the index, say where the gap is concentrated, who must answer for it, and which "
        "decision you ask for.",
    ),
)
def check_report(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: what to report to the steering committee, and the decision to ask for."""
    return check_text(
        answer,
        REPORT,
        variable="committee_message",
        min_words=30,
        why="Closing the loop from promise to realised value, with owners and decisions, is what "
        "makes a VMO more than a reporting office.",
    )


def hint(which: object) -> Hint:
    """The next hint on a task of this exercise (its number, ``"t2"`` or its answer's name):
    a nudge the first time, the method the second time; never the answer."""
    return hint_for(EXERCISE, which)


def rubric(task_id: str) -> tuple[str, ...]:
    """What a good answer to open task ``task_id`` covers (empty for other tasks)."""
    return tuple(e.name for e in {"t5_causes": CAUSES, "t6_report": REPORT}.get(task_id, ()))
