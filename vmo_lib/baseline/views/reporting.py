"""Notebook 00's later sections: scope churn, reported status, the priority list, value fields.

By-programme tables keep at most ``max_listed`` programmes (the largest and smallest halves,
with a note in the caption).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.baseline.value_evidence import ValueEvidence
from vmo_lib.baseline.views.projects import caption_note, per_end, programme_rows
from vmo_lib.display.listing import ShownRows
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import COLUMN_LABELS, format_table


def churn_table(churn: pd.DataFrame, max_listed: int) -> Styler:
    """:func:`vmo_lib.baseline.scope.scope_churn` by programme (the most projects first when
    there are many programmes)."""
    shown = programme_rows(churn, per_end(max_listed), by="projects")
    return format_table(
        shown.table,
        percent=["share_with_changes"],
        number=["median_changes", "changes_per_project_year"],
        labels=COLUMN_LABELS,
        caption="Approved scope changes by programme, projects in delivery" + caption_note(shown),
    )


def rag_rows(rag: pd.DataFrame, max_listed: int) -> ShownRows:
    """The programmes of :func:`vmo_lib.baseline.reporting.rag_by_programme` that the table
    and the chart show (the most reports first when there are many programmes)."""
    return programme_rows(rag, per_end(max_listed), by="total")


def rag_table(rows: ShownRows) -> Styler:
    """Reported status by programme, counts and shares (see :func:`rag_rows`)."""
    return format_table(
        rows.table,
        percent=["green_share", "amber_share", "red_share"],
        labels=COLUMN_LABELS,
        caption="Reported status of projects in flight, by programme" + caption_note(rows),
    )


def priority_table(priority: pd.DataFrame, top_n: int, currency: str | None = None) -> Styler:
    """:func:`vmo_lib.baseline.reporting.legacy_priority_list` beside its value columns."""
    return format_table(
        priority.drop(columns=["programme"]),
        integer=["legacy_priority"],
        money=["budget_at_completion", "business_case_benefit", "business_case_npv"],
        labels=COLUMN_LABELS,
        short_money=True,
        currency=currency,
        caption=f"Top {int(top_n)} projects in the current priority list",
    )


VALUE_RECORD_LABELS: dict[str, str] = {
    "indicator": "What is recorded",
    "projects": "Projects",
    "share": "Share",
}
"""Headers of the value-record table."""


def value_record_table(evidence: ValueEvidence) -> Styler:
    """How many projects fill in each value field of the project list (notebook 00)."""
    return format_table(
        evidence.shares.drop(columns=["check"]),
        percent=["share"],
        labels=VALUE_RECORD_LABELS,
        caption=f"Value fields filled in, {len(evidence.projects):,} projects",
    )


_VERBS = {
    "promised_benefit": "promise a benefit",
    "business_case_npv": "state an NPV",
    "probability_of_success": "give a probability of success",
    "has_benefit_owner": "name a benefit owner",
}


def value_record_finding(evidence: ValueEvidence) -> HTML:
    """One sentence on what the project list records about value, for the end of notebook 00.

    >>> from vmo_lib.baseline.performance import example_projects
    >>> from vmo_lib.baseline.value_evidence import PROJECT_LIST_CHECKS, value_evidence
    >>> empty = value_evidence(example_projects().iloc[:0], checks=PROJECT_LIST_CHECKS)
    >>> value_record_finding(empty).data
    '<ul class="vmo-notes"><li>The portfolio is empty.</li></ul>'
    """
    n_projects = len(evidence.projects)
    if n_projects == 0:
        finding = "The portfolio is empty."
    elif not evidence.records_value:
        finding = (
            f"None of the {n_projects:,} projects records a promised benefit, an NPV, a "
            "probability of success or a benefit owner: this portfolio records execution "
            "only, and no value. Every figure above could be perfect and the organisation "
            "would still not know what it got for its money."
        )
    else:
        parts = [
            f"{n:,} ({share:.0%}) {_VERBS[check]}"
            for check, n, share in zip(
                evidence.checks,
                evidence.shares["projects"].astype(int),
                evidence.shares["share"].astype(float),
                strict=True,
            )
        ]
        finding = (
            f"Of the {n_projects:,} projects, {', '.join(parts[:-1])} and {parts[-1]}. Whether "
            "these figures steer any decision is what the next notebooks test."
        )
    return notes_html([finding])
