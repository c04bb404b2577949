"""Notebook 00's tables and notes, ready to display: everything the handout shows in words.

The calculation modules return plain frames and results; here they are cut to at most
``max_listed`` rows (the worst and best halves of a long list, with a note saying so, see
:func:`vmo_lib.display.listing.top_and_bottom`), given plain-language headers
(:data:`PERFORMANCE_LABELS`), formatted for money, shares and ratios, and escaped. The notes
say in plain words which rule each figure uses (:func:`measurement_rules`).

>>> from vmo_lib.baseline.performance import example_projects, project_performance
>>> table = project_table(project_performance(example_projects()), "closed", 10)
>>> "Closed projects: final cost and finish slip" in table.to_html()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.baseline.health import PortfolioHealth
from vmo_lib.baseline.performance import (
    stage_performance,
)
from vmo_lib.baseline.value_evidence import ValueEvidence
from vmo_lib.display.listing import ShownRows, export_link_html, quantity_text, top_and_bottom
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import COLUMN_LABELS, format_key_figures, format_table
from vmo_lib.evm import EAC_METHOD_LABELS

PERFORMANCE_LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "tcpi": "TCPI to the budget (BAC)",
    "tcpi_eac": "TCPI to the forecast (EAC)",
    "eac_basis": "How the EAC was forecast",
    "ev_over_bac": "Earned value above budget",
    "in_flight": "In flight",
    "closed": "Closed",
    "closed_median_slip_days": "Closed: median slip (days)",
    "closed_share_late": "Closed: finished late",
}
"""Plain-language headers for :func:`project_performance` and :func:`programme_totals`."""


PerformanceView = Literal["to_date", "forecast", "schedule", "closed", "programmes"]


@dataclass(frozen=True)
class _Spec:
    """Columns of one project table, their formats, caption and the stage it lists."""

    columns: str
    caption: str
    stage: str = ""
    money: str = ""
    percent: str = ""
    ratio: str = ""
    integer: str = ""
    number: str = ""
    yes_no: str = ""


_VIEWS: dict[str, _Spec] = {
    "to_date": _Spec(
        "project_id name rag_status budget_at_completion planned_value earned_value "
        "actual_cost cv sv cpi spi",
        "Cost and schedule performance to date, projects in flight",
        stage="in flight",
        money="budget_at_completion planned_value earned_value actual_cost cv sv",
        ratio="cpi spi",
    ),
    "forecast": _Spec(
        "project_id budget_at_completion eac vac cost_overrun tcpi tcpi_eac eac_basis why_blank",
        "Forecast at completion, projects in flight",
        stage="in flight",
        money="budget_at_completion eac vac",
        percent="cost_overrun",
        ratio="tcpi tcpi_eac",
    ),
    "schedule": _Spec(
        "project_id name slip_days on_time cost_overrun on_budget",
        "Forecast slip and budget overrun, projects in flight",
        stage="in flight",
        percent="cost_overrun",
        integer="slip_days",
        yes_no="on_time on_budget",
    ),
    "closed": _Spec(
        "project_id name budget_at_completion final_cost cost_overrun on_budget slip_days on_time",
        "Closed projects: final cost and finish slip",
        stage="closed",
        money="budget_at_completion final_cost",
        percent="cost_overrun",
        integer="slip_days",
        yes_no="on_budget on_time",
    ),
    "programmes": _Spec(
        "programme in_flight closed budget_at_completion earned_value actual_cost cpi spi vac "
        "closed_median_slip_days closed_share_late",
        "Earned value by programme (in flight) and finish slip (closed)",
        money="budget_at_completion earned_value actual_cost vac",
        ratio="cpi spi",
        integer="in_flight closed",
        number="closed_median_slip_days",
        percent="closed_share_late",
    ),
}
"""Columns (space-separated), formats and caption of each project table of notebook 00."""


LISTING_ORDER: dict[str, tuple[str, str]] = {
    "to_date": ("cost_overrun", "forecast overrun"),
    "forecast": ("cost_overrun", "forecast overrun"),
    "schedule": ("slip_days", "forecast slip"),
    "closed": ("slip_days", "finish slip"),
}
"""What a long project table is ranked by before its top and bottom are shown."""


def listed(performance: pd.DataFrame, view: PerformanceView, n: int) -> ShownRows:
    """The rows of a project table to show: all when there are at most ``2 * n``, else the
    ``n`` highest and ``n`` lowest by :data:`LISTING_ORDER` (worst overrun or slip first),
    with a note saying so. Short tables keep the largest budgets first, as before.

    >>> from vmo_lib.baseline.performance import example_projects, project_performance
    >>> shown = listed(project_performance(example_projects()), "closed", 1)
    >>> shown.truncated, shown.table["project_id"].tolist()
    (True, ['P-01', 'P-04'])
    """
    ordered = performance.sort_values("budget_at_completion", ascending=False, kind="stable")
    if len(ordered) <= 2 * max(int(n), 1):
        return top_and_bottom(ordered, n)
    by, label = LISTING_ORDER[view]
    return top_and_bottom(ordered, n, by=by, what="projects", by_label=label)


def caption_note(rows: ShownRows) -> str:
    """What a truncated listing leaves out, to append to its caption ("" when all is shown).

    >>> caption_note(top_and_bottom(pd.DataFrame({"x": range(5)}), 1, by="x"))
    '. Showing the 1 highest and 1 lowest of 5 rows by x.'
    """
    return f". {rows.note}" if rows.truncated else ""


def programme_rows(frame: pd.DataFrame, n: int, by: str) -> ShownRows:
    """The rows of a by-programme table to show: all (in their order) when there are at most
    ``2 * n`` programmes, else the ``n`` largest and ``n`` smallest by ``by`` with a note. An
    ``All programmes`` total row (see :func:`programme_totals`) always stays, last.

    >>> from vmo_lib.baseline.performance import example_projects, programme_totals
    >>> from vmo_lib.baseline.performance import project_performance
    >>> totals = programme_totals(project_performance(example_projects()))
    >>> programme_rows(totals, 1, by="in_flight").table["programme"].tolist()
    ['Alpha', 'Beta', 'All programmes']
    """
    total = frame["programme"].astype("string").eq("All programmes").fillna(False)
    body, tail = frame[~total], frame[total]
    shown = (
        top_and_bottom(body, n)
        if len(body) <= 2 * max(int(n), 1)
        else top_and_bottom(
            body, n, by=by, what="programmes", by_label=PERFORMANCE_LABELS.get(by, by).lower()
        )
    )
    return ShownRows(pd.concat([shown.table, tail]), shown.total, shown.truncated, shown.note)


def performance_table(
    rows: pd.DataFrame | ShownRows,
    view: PerformanceView,
    caption: str,
    currency: str | None = None,
) -> Styler:
    """One of notebook 00's project tables (``to_date``: earned value so far; ``forecast``:
    EAC, VAC, both TCPIs and the EAC rule; ``schedule``: slip and the on-time and on-budget
    flags; ``closed``: final cost and finish slip;
    ``programmes``: :func:`programme_totals`), formatted and escaped for the handout. A
    truncated listing adds its note to the caption.
    """
    frame = rows.table if isinstance(rows, ShownRows) else rows
    if isinstance(rows, ShownRows):
        caption += caption_note(rows)
        if rows.truncated and view != "programmes":
            caption += " Every project is in the export below."
    spec = _VIEWS[view]
    return format_table(
        frame[spec.columns.split()],
        money=spec.money.split(),
        percent=spec.percent.split(),
        ratio=spec.ratio.split(),
        integer=spec.integer.split(),
        number=spec.number.split(),
        yes_no=spec.yes_no.split(),
        labels=PERFORMANCE_LABELS,
        short_money=True,
        currency=currency,
        caption=caption,
    )


def measurement_rules(health: PortfolioHealth) -> tuple[str, ...]:
    """The rules behind the earned-value figures, in plain words, for a handout's note.

    >>> from vmo_lib.baseline.health import portfolio_health
    >>> from vmo_lib.baseline.performance import example_projects
    >>> rules = measurement_rules(portfolio_health(example_projects(), as_of="2026-09-30"))
    >>> rules[0].startswith("Portfolio CPI and SPI cover the 2 projects in flight")
    True
    """
    n_flight = quantity_text(health.n_in_flight)
    rules = [
        f"Portfolio CPI and SPI cover the {n_flight} projects in flight only, each the sum of "
        "earned value over the sum of actual cost (CPI) or of planned value (SPI), so large "
        "projects weigh more. Closed projects are left out: their earned and planned values "
        "both equal the budget, so their SPI is 1 however late they finished.",
        f"Closed projects ({quantity_text(health.n_closed)}) are judged on finish slip instead: "
        "actual finish minus baseline finish, in days (median and mean), and the share that "
        "finished after the baseline date.",
        f"The forecast of final cost (EAC) uses {EAC_METHOD_LABELS[health.eac_method]}. Where "
        "money has been spent but nothing earned yet, that formula cannot work (the CPI is 0), "
        "so the EAC is the cost so far plus the whole remaining budget, AC + (BAC - EV); "
        "projects with nothing paid for yet have no forecast. The column 'How the EAC was "
        "forecast' says which rule each project got.",
        "TCPI to the budget, (BAC - EV) / (BAC - AC), is the cost efficiency the remaining "
        "work needs to finish within the approved budget. It is blank exactly when the budget "
        "can no longer be met: the actual cost has passed the budget, or has reached it while "
        "work remains. TCPI to the forecast, (BAC - EV) / (EAC - AC), is the efficiency the "
        "forecast itself assumes. Both are 0 when no work remains.",
    ]
    over = health.n_ev_over_bac
    counted = (
        f"{quantity_text(over)} project{'s' if over != 1 else ''} here"
        if over
        else "no project here"
    )
    rules.append(
        "Earned value above the budget means the scope grew without a new baseline: the data "
        f"check warns about such rows ({counted}). Their earned value is kept for CV, CPI and "
        "SPI, and no work is counted as remaining, so their forecast final cost is the actual "
        "cost so far; re-baseline them for a real forecast."
    )
    return tuple(rules)


def per_end(max_listed: int) -> int:
    """Rows shown at each end of a long table whose handout shows at most ``max_listed``."""
    return max(int(max_listed) // 2, 1)


def settings_table(health: PortfolioHealth, organisation_name: str) -> Styler:
    """The choices behind the figures (data date, EAC formula, tolerances)."""
    caption = f"Settings behind the figures for {organisation_name}"
    return format_key_figures(health.assumptions(), caption=caption)


def health_table(health: PortfolioHealth, organisation_name: str) -> Styler:
    """The headline figures of :class:`PortfolioHealth`, labelled in plain language."""
    caption = f"{organisation_name}: delivery at {health.as_of.strftime('%Y-%m-%d')}"
    return format_key_figures(health.key_figures(), caption=caption)


def rules_note(health: PortfolioHealth) -> HTML:
    """:func:`measurement_rules` as the note under the summary table."""
    return notes_html(measurement_rules(health))


def project_table(
    performance: pd.DataFrame, view: PerformanceView, max_listed: int, currency: str | None = None
) -> Styler:
    """One project table of notebook 00 (see :func:`performance_table`) for the stage the view
    lists (``in flight``, or ``closed`` for the ``closed`` view), at most ``max_listed`` rows."""
    rows = stage_performance(performance, _VIEWS[view].stage)
    shown = listed(rows, view, per_end(max_listed))
    return performance_table(shown, view, _VIEWS[view].caption, currency)


def programme_table(totals: pd.DataFrame, max_listed: int, currency: str | None = None) -> Styler:
    """:func:`vmo_lib.baseline.performance.programme_totals` as shown: the largest and smallest
    budgets when there are many programmes, the ``All programmes`` row last."""
    shown = programme_rows(totals, per_end(max_listed), by="budget_at_completion")
    return performance_table(shown, "programmes", _VIEWS["programmes"].caption, currency)


def export_note(path: str | Path, what: str = "Every project in delivery") -> HTML:
    """A line linking the full export (relative to the handout)."""
    return HTML(f"{what}: " + export_link_html(path))


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
