"""The building blocks of notebook 03's views: column labels, rule notes and cut lists.

Plain-language column labels (:data:`DISPLAY_LABELS`) for
:func:`vmo_lib.display.tables.format_table`; :func:`rule_note`, the rule a figure uses in
plain words; :func:`list_view`, a long list cut to the top and bottom ``n``
(:func:`vmo_lib.display.listing.top_and_bottom`) with a note saying so and linking the export
that holds the full list (:class:`ListView`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import export_link_html, top_and_bottom
from vmo_lib.display.tables import format_table

__all__ = ["DISPLAY_LABELS", "ListView", "Note", "list_view", "rule_note"]

DISPLAY_LABELS: dict[str, str] = {
    "kpi_id": "KPI",
    "name": "Name",
    "kind": "Kind",
    "driver_id": "Driver",
    "perspective": "Perspective",
    "timing": "Leading/lagging",
    "verdict": "Verdict",
    "findings": "Findings",
    "rules": "Rules broken",
    "subject": "KPI / driver",
    "rule": "Rule",
    "group": "Check",
    "severity": "Severity",
    "title": "Rule",
    "problem": "What is wrong",
    "why": "Why it matters",
    "fix": "Suggested fix",
    "kpis": "KPIs",
    "field": "Field",
    "value": "Value",
    "measure": "Measure",
    "label": "Measure",
    "direction": "Better when",
    "amber": "Amber at",
    "red": "Red at",
    "source": "Thresholds from",
    "stage": "Stage",
    "sheet": "Sheet",
    "column": "Column",
    "required": "Required",
    "rule_text": "What to enter",
    "project_id": "Project",
    "execution_rag": "Execution",
    "value_rag": "Value",
    "cpi": "CPI",
    "spi": "SPI",
    "cost_overrun": "Overrun",
    "slip_days": "Slip (days)",
    "changes_per_project_year": "Changes a year",
    "benefit_realisation_rate": "Benefits realised",
    "customer_realisation_rate": "Customer benefits",
    "productivity_realisation_rate": "Productivity benefits",
    "planned_to_date": "Benefit planned to date",
    "realised_to_date": "Benefit realised to date",
    "roi_to_date": "ROI to date",
    "roi_planned": "ROI planned",
    "npv_planned": "NPV planned",
    "npv_planned_to_date": "NPV planned to date",
    "npv_achieved": "NPV achieved",
    "npv_gap": "NPV gap",
    "on_time": "On time",
    "on_budget": "On budget",
    "broken": "Rules broken (most severe first)",
    "first_fix": "What to do first",
    "npv_forecast": "NPV forecast (whole life)",
    "programme": "Programme",
    "projects": "Projects",
    "objective": "Strategic objective",
    "drivers": "Leaf drivers that feed it",
    "benefits": "Benefits",
    "realisation_rate": "Benefits realised",
    "execution_green": "Execution green",
    "execution_amber": "Execution amber",
    "execution_red": "Execution red",
    "execution_n/a": "Execution n/a",
    "value_green": "Value green",
    "value_amber": "Value amber",
    "value_red": "Value red",
    "value_n/a": "Nothing due yet",
}


@dataclass(frozen=True)
class Note:
    """A short paragraph for a handout (already escaped HTML), shown as it is."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def rule_note(*sentences: str) -> Note:
    """The rule a figure uses, in plain words, as a note paragraph (text escaped)."""
    text = " ".join(s.strip() for s in sentences if s and s.strip())
    return Note(f'<p class="vmo-rule"><em>{html.escape(text)}</em></p>')


@dataclass(frozen=True)
class ListView:
    """A table cut for a handout and a note: what is shown, and where the full list is.

    Shown in a notebook as the table followed by the note; ``rows`` is how many data rows
    the table holds and ``total`` how many the full list has.
    """

    table: Styler
    note: Note
    rows: int
    total: int

    def _repr_html_(self) -> str:
        return self.table.to_html() + self.note.html


def list_view(
    frame: pd.DataFrame,
    n: int,
    caption: str,
    what: str,
    files: Sequence[Path] = (),
    *,
    by: str | None = None,
    ascending: bool = False,
    by_label: str | None = None,
    order_note: str = "",
    labels: Mapping[str, str] | None = None,
    money: Sequence[str] = (),
    percent: Sequence[str] = (),
    ratio: Sequence[str] = (),
    integer: Sequence[str] = (),
    number: Sequence[str] = (),
    short_money: bool = False,
) -> ListView:
    """``frame`` as a handout table of at most ``2 n`` rows (the top and bottom ``n`` by
    ``by``, or the first and last ``n`` in its order) with a note saying what was left out
    and linking ``files``, the exports holding the full list. ``what`` names the rows
    ("projects"); ``money`` ... ``short_money`` are
    :func:`vmo_lib.display.tables.format_table`'s column formats."""
    shown = top_and_bottom(frame, n, by=by, ascending=ascending, what=what, by_label=by_label)
    table = format_table(
        shown.table,
        caption=caption,
        labels=labels or DISPLAY_LABELS,
        money=money,
        percent=percent,
        ratio=ratio,
        integer=integer,
        number=number,
        short_money=short_money,
    )
    parts = []
    if shown.truncated:
        parts.append(html.escape(shown.note + (f" {order_note}" if order_note else "")))
    if files:
        links = " and ".join(export_link_html(f) for f in files)
        parts.append(
            f"The full list is in {links}." if shown.truncated else f"It is also saved in {links}."
        )
    text = " ".join(parts)
    note = Note(f'<p class="vmo-list-note">{text}</p>' if text else "")
    return ListView(table, note, len(shown.table), shown.total)
