"""Checks of exercise 03, KPI design: the catalogue's balance, its gaps, and a KPI to fix.

Expected answers come from :func:`vmo_lib.kpis.review_catalogue`; the KPI a trainee rewrites
is reviewed by the same rules, so the feedback names exactly the rules it still breaks.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from vmo_lib import kpis
from vmo_lib.data import Organisation
from vmo_lib.exercises.data import memo
from vmo_lib.exercises.feedback import WRONG_TYPE, Feedback, Mistake, describe_value, is_blank
from vmo_lib.exercises.matching import Element, blank_feedback, check_number, check_set, check_text
from vmo_lib.exercises.registry import Hint, hint_for, task

EXERCISE = "ex03_kpi_design"
AS_OF = "2026-09-30"
#: Severities a rewritten KPI must be free of (low ones, such as missing thresholds, may stay).
BLOCKING = ("high", "medium")


def review(
    org: Organisation, catalogue: pd.DataFrame | None = None, as_of: str = AS_OF
) -> kpis.KpiReview:
    """The review of the organisation's KPI catalogue (or of ``catalogue``) at ``as_of``."""
    if catalogue is None:  # the organisation's own catalogue: reviewed once per organisation
        return memo(
            org,
            f"ex03.review.{as_of}",
            lambda: kpis.review_catalogue(org.kpis, org.value_drivers, as_of=as_of),
        )
    return kpis.review_catalogue(catalogue, org.value_drivers, as_of=as_of)


def kpi_to_fix(org: Organisation, as_of: str = AS_OF) -> str:
    """The KPI the trainee rewrites: the first one with a vague name (else the most flawed)."""
    result = review(org, as_of=as_of)
    vague = result.subjects("vague_name")
    if vague:
        return str(vague[0])
    catalogue = result.catalogue.sort_values("findings", ascending=False, kind="stable")
    return str(catalogue["kpi_id"].iloc[0])


@task(
    EXERCISE,
    "t1_value_share",
    "1. Share of value KPIs",
    "compute",
    variable="value_share",
    hints=(
        "A share divides the value KPIs by all the KPIs in the catalogue.",
        "Mark each KPI whose kind is 'value', then take the mean of those marks over the whole "
        "catalogue.",
    ),
)
def check_value_share(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: share (0-1) of the catalogue's KPIs whose kind is ``value``."""
    kinds = review(org, as_of=as_of).catalogue["kind"].astype(str)
    n_value, n = int(kinds.eq("value").sum()), len(kinds)
    mistakes = [
        Mistake(
            "execution share",
            "That is the share of *execution* KPIs.",
            "Count the KPIs whose kind is 'value'.",
            (n - n_value) / n,
        ),
        Mistake(
            "count instead of share",
            "That is a number of KPIs; the task asks for a share of the catalogue.",
            "Divide by the number of KPIs.",
            n_value,
        ),
        Mistake(
            "ratio value to execution",
            "You divided value KPIs by execution KPIs; a share divides by all KPIs.",
            "Divide by the total number of KPIs.",
            n_value / (n - n_value) if n > n_value else None,
        ),
    ]
    return check_number(
        answer,
        n_value / n,
        variable="value_share",
        mistakes=mistakes,
        share=True,
        why="A VMO's catalogue should lean towards value; counting is the first sign of whether "
        "the PMO's reporting habits have moved.",
    )


@task(
    EXERCISE,
    "t2_no_owner",
    "2. KPIs nobody owns",
    "compute",
    variable="no_owner",
    hints=(
        "An owner that is blank is missing (isna), not an empty string to compare with.",
        "Select the rows whose owner is missing, take their kpi_id column, and make it a list.",
    ),
)
def check_no_owner(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: the kpi_ids of the KPIs without an owner."""
    result = review(org, as_of=as_of)
    owned = set(result.catalogue["kpi_id"].astype(str)) - set(result.subjects("no_owner"))
    mistakes = [
        Mistake(
            "KPIs with an owner",
            "You listed the KPIs that *have* an owner.",
            "Keep the rows where the owner is blank (isna()).",
            sorted(owned),
        ),
        Mistake(
            "KPIs without a target",
            "You listed the KPIs without a target, not without an owner.",
            "Look at the owner column.",
            result.subjects("no_target"),
        ),
    ]
    return check_set(
        answer,
        result.subjects("no_owner"),
        variable="no_owner",
        mistakes=mistakes,
        what="KPI",
        why="A KPI nobody is accountable for is reported and never acted on; naming an owner "
        "is the cheapest fix in the whole catalogue.",
    )


@task(
    EXERCISE,
    "t3_ready",
    "3. KPIs usable as written",
    "interpret",
    variable="ready_count",
    hints=(
        "The review gives each KPI one verdict; count only one of them.",
        "Count the rows of review.catalogue whose verdict is 'ready' (a whole number).",
    ),
)
def check_ready(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: how many KPIs the review finds ready (no finding at all)."""
    counts = review(org, as_of=as_of).verdict_counts()
    mistakes = [
        Mistake(
            "counted 'fix' as ready",
            "You counted the KPIs that still need tidying (verdict 'fix') as ready.",
            "Ready means no finding at all.",
            counts["ready"] + counts["fix"],
        ),
        Mistake(
            "counted 'rework'",
            "That is the number of KPIs that need rework, the opposite end.",
            "Count the verdict 'ready'.",
            counts["rework"],
        ),
    ]
    return check_number(
        answer,
        counts["ready"],
        variable="ready_count",
        mistakes=mistakes,
        why="Few KPIs survive a SMART review as drafted: that is normal, and it is why a VMO "
        "reviews KPIs before any dashboard is built on them.",
    )


def _rewritten(org: Organisation, kpi_id: str, fields: Mapping[str, object]) -> pd.DataFrame:
    records = org.kpis.to_dict("records")
    for record in records:
        if str(record["kpi_id"]) == kpi_id:
            record.update(fields)
    return pd.DataFrame(records)


@task(
    EXERCISE,
    "t4_fix_kpi",
    "4. Fix a vague KPI",
    "decide",
    variable="fixed_kpi",
    hints=(
        "Read the findings on this KPI: each one names a field to fill in or rewrite.",
        "Give the KPI a specific name, a formula, a unit, an owner, a direction, a baseline and a "
        "target with a date, and tie it to one of the organisation's leaf drivers.",
    ),
)
def check_fixed_kpi(answer: object, org: Organisation, as_of: str = AS_OF) -> Feedback:
    """``answer``: a dict of the fields of the rewritten KPI (columns of the kpis table)."""
    kpi_id = kpi_to_fix(org, as_of)
    if is_blank(answer):
        return blank_feedback("", "fixed_kpi", "Fill in the dictionary: one entry per field.")
    if not isinstance(answer, Mapping):
        return Feedback(
            "",
            False,
            f"`fixed_kpi` should be a dictionary of fields, but it is {describe_value(answer)}.",
            'Write it as {"name": "...", "formula": "...", ...}.',
            mistake=WRONG_TYPE,
        )
    columns = set(org.kpis.columns)
    unknown = sorted(str(k) for k in answer if k not in columns)
    if unknown:
        return Feedback(
            "",
            False,
            f"Unknown field(s): {', '.join(unknown)}.",
            f"The fields of a KPI are: {', '.join(org.kpis.columns)}.",
            mistake="unknown field",
        )
    try:
        result = review(org, _rewritten(org, kpi_id, {**answer, "kpi_id": kpi_id}), as_of)
    except (ValueError, TypeError) as exc:
        return Feedback(
            "",
            False,
            f"The review cannot read your KPI: {exc}.",
            "Dates as 'YYYY-MM-DD', numbers without units or % signs.",
            mistake="unreadable",
        )
    findings = result.findings
    left = findings[findings["subject"].eq(kpi_id) & findings["severity"].isin(BLOCKING)]
    if left.empty:
        return Feedback(
            "",
            True,
            f"Your rewrite of {kpi_id} passes every SMART and linkage rule.",
            why_it_matters="Specific, measurable, owned, time-bound and tied to a value driver: "
            "this KPI can now steer a decision at a stage gate.",
        )
    titles = "; ".join(dict.fromkeys(left["title"]))
    return Feedback(
        "",
        False,
        f"Your rewrite of {kpi_id} still breaks {len(left)} rule(s): {titles}.",
        str(left["fix"].iloc[0]),
        mistake=str(left["rule"].iloc[0]),
    )


BALANCE = (
    Element(
        "value against execution KPIs",
        "How do value and execution KPIs compare in number?",
    ),
    Element(
        "leading indicators",
        "Which KPIs would warn before the benefit is lost?",
    ),
    Element(
        "the link to value drivers",
        "Is every value driver measured, and every value KPI tied to a driver?",
    ),
    Element(
        "ownership and targets",
        "Who answers for each KPI, and what is it aiming at?",
    ),
)


@task(
    EXERCISE,
    "t5_balance",
    "5. What the catalogue lacks",
    "interpret",
    variable="catalogue_gaps",
    open_answer=True,
    hints=(
        "Look at the catalogue as a whole: what kinds of KPIs dominate, and what is never "
        "measured?",
        "Cover the balance of value against execution KPIs, leading indicators, the links between "
        "KPIs and drivers, and owners and targets.",
    ),
)
def check_balance(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: what the catalogue as a whole lacks."""
    return check_text(
        answer,
        BALANCE,
        variable="catalogue_gaps",
        min_words=25,
        why="A catalogue is a system: balance, leading signals and coverage of the drivers "
        "matter as much as each KPI being SMART.",
    )


DASHBOARD = (
    Element(
        "an execution KPI kept",
        "Name the execution KPI you would keep.",
    ),
    Element(
        "early warning",
        "What does it tell you before the value is at risk?",
    ),
    Element(
        "the link to value or benefits",
        "How does it relate to the value the project should deliver?",
    ),
    Element(
        "few, focused KPIs",
        "Why not keep every execution KPI as well?",
    ),
)


@task(
    EXERCISE,
    "t6_dashboard",
    "6. The execution KPI to keep",
    "decide",
    variable="dashboard_choice",
    open_answer=True,
    hints=(
        "Which execution signal warns you before the value of a project is at risk?",
        "Name one execution KPI, say what it warns of early, how it relates to value, and why the "
        "dashboard should stay short.",
    ),
)
def check_dashboard(answer: object, org: Organisation | None = None) -> Feedback:
    """``answer``: which execution KPI stays on the VMO dashboard beside the value KPIs, why."""
    return check_text(
        answer,
        DASHBOARD,
        variable="dashboard_choice",
        min_words=30,
        why="A VMO does not drop execution control: it keeps the few execution signals that "
        "warn early that value is at risk.",
    )


def hint(which: object) -> Hint:
    """The next hint on a task of this exercise (its number, ``"t2"`` or its answer's name):
    a nudge the first time, the method the second time; never the answer."""
    return hint_for(EXERCISE, which)


def rubric(task_id: str) -> tuple[str, ...]:
    """What a good answer to open task ``task_id`` covers (empty for other tasks)."""
    return tuple(
        e.name for e in {"t5_balance": BALANCE, "t6_dashboard": DASHBOARD}.get(task_id, ())
    )


def leaf_drivers(org: Organisation) -> pd.DataFrame:
    """The organisation's leaf drivers (those without children), which a value KPI measures:
    ``driver_id`` and ``name``, in the order of the driver table."""
    table = org.value_drivers
    parents = set(table["parent_id"].dropna().astype(str))
    leaves = table[~table["driver_id"].astype(str).isin(parents) & table["parent_id"].notna()]
    return leaves[["driver_id", "name"]].reset_index(drop=True)
