"""Checks of exercise 05, value realisation: realisation index, gaps, owners, programmes.

Expected answers come from :mod:`vmo_lib.realization` (``realisation_to_date``,
``value_to_date``, ``realisation_table``, ``no_owner``) at the notebook's data date.
"""

from __future__ import annotations

from vmo_lib import realization
from vmo_lib.data import Organisation
from vmo_lib.exercises.feedback import Feedback, Mistake
from vmo_lib.exercises.matching import Element, check_choice, check_number, check_set, check_text
from vmo_lib.exercises.registry import task

EXERCISE = "ex05_value_realization"
AS_OF = "2026-09-30"


@task(EXERCISE, "t1_index", "1. The portfolio's realisation index", "compute")
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


@task(EXERCISE, "t2_furthest_behind", "2. The benefit furthest behind", "compute")
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


@task(EXERCISE, "t3_no_owner", "3. Benefits nobody owns", "compute")
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


@task(EXERCISE, "t4_programme", "4. The programme that realises least", "interpret")
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
        (r"tim", r"late", r"delay", r"lag", r"ramp", r"adoption"),
        "Could the value simply be arriving later than the plan said?",
    ),
    Element(
        "measurement and evidence",
        (r"measur", r"evidence", r"data", r"record", r"track"),
        "Is the realised value actually being recorded?",
    ),
    Element(
        "an optimistic plan or business case",
        (r"optimis", r"business case", r"over-?estimat", r"plan was", r"unrealistic", r"bias"),
        "Was the plan realistic in the first place?",
    ),
    Element(
        "ownership",
        (r"owner", r"accountab", r"responsib"),
        "Is somebody accountable for each benefit?",
    ),
)


@task(EXERCISE, "t5_causes", "5. What could be behind the gap", "interpret")
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
        (r"\d", r"index", r"per ?cent", r"%"),
        "Start with how much of the planned value has arrived.",
    ),
    Element(
        "where the gap is (programme or benefit)",
        (r"programme", r"program", r"benefit"),
        "Point to where the shortfall is concentrated.",
    ),
    Element(
        "owners to appoint or hold to account",
        (r"owner", r"accountab"),
        "Who will answer for the missing value?",
    ),
    Element(
        "a decision or action (recover, re-plan, stop, review)",
        (r"recover", r"re-?plan", r"\bstop", r"review", r"intervene", r"re-?baseline", r"decid"),
        "What should the committee decide?",
    ),
)


@task(EXERCISE, "t6_report", "6. Your message to the steering committee", "decide")
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
