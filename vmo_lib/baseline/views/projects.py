"""Notebook 00's earned-value section: the project and programme tables and their export.

Long lists are cut to at most ``max_listed`` rows (the worst and best halves, with a note in
the caption saying so, see :func:`vmo_lib.display.listing.top_and_bottom`); the full table
goes to the CSV export linked under it.

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

from vmo_lib.baseline.performance import stage_performance
from vmo_lib.display.listing import ShownRows, export_link_html, top_and_bottom
from vmo_lib.display.tables import COLUMN_LABELS, format_table

PERFORMANCE_LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "tcpi": "TCPI to the budget (BAC)",
    "tcpi_eac": "TCPI to the forecast (EAC)",
    "eac_basis": "How the EAC was forecast",
    "ev_over_bac": "Earned value above budget",
    "in_flight": "In flight",
    "budget_in_flight": "Budget (BAC), in flight",
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
        "programme in_flight closed budget_in_flight earned_value actual_cost cpi spi vac "
        "closed_median_slip_days closed_share_late",
        "Earned value by programme (in flight) and finish slip (closed)",
        money="budget_in_flight earned_value actual_cost vac",
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


def per_end(max_listed: int) -> int:
    """Rows shown at each end of a long table whose handout shows at most ``max_listed``."""
    return max(int(max_listed) // 2, 1)


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
