"""Tables shaped for reading in notebook 03: one KPI as a form, thresholds, template fields,
and the project lists of the scorecard at any portfolio size.

Pure reshaping of :mod:`vmo_lib.kpis` results (no new numbers), with plain-language column
labels (:data:`DISPLAY_LABELS`) to pass to :func:`vmo_lib.display.tables.format_table`. Lists of
projects are cut to the top and bottom ``n`` (:func:`vmo_lib.display.listing.top_and_bottom`) with a
note saying so and linking the export that holds the full list (:class:`ListView`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from vmo_lib.data.template import rule_text
from vmo_lib.display.listing import (
    DEFAULT_SHOWN_ROWS,
    export_link_html,
    quantity_text,
    top_and_bottom,
)
from vmo_lib.display.tables import format_table
from vmo_lib.kpis.kpi import Kpi
from vmo_lib.kpis.measures import ValueKpis
from vmo_lib.kpis.review import KpiReview
from vmo_lib.kpis.scorecard import PortfolioView, Threshold, rank_scorecard
from vmo_lib.kpis.template import STAGE_SHEETS

__all__ = [
    "DISPLAY_LABELS",
    "ListView",
    "Note",
    "kpi_digest",
    "list_view",
    "objective_table",
    "programme_table",
    "record_sheet",
    "scorecard_view",
    "telling_view",
    "template_fields",
    "threshold_table",
    "value_view",
]

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


def record_sheet(kpi: Kpi) -> pd.DataFrame:
    """One KPI as a two-column documentation form (``field``: 'KPI id', 'Baseline date'...;
    ``value`` as text, dates as YYYY-MM-DD, lists ``; `` joined, blanks left blank)."""
    rows = []
    for f in fields(kpi):
        value = getattr(kpi, f.name)
        if isinstance(value, tuple):
            value = "; ".join(value)
        elif isinstance(value, pd.Timestamp):
            value = f"{value:%Y-%m-%d}"
        elif isinstance(value, float):
            value = quantity_text(value, decimals=3)
        label = f.name.replace("_", " ").capitalize().replace("Kpi", "KPI")
        rows.append({"field": label, "value": value})
    return pd.DataFrame(rows)


def threshold_table(thresholds: Sequence[Threshold]) -> pd.DataFrame:
    """The scorecard's thresholds: measure, kind, direction, amber, red and their source.

    Amber and red are shown as written (``0.95``, ``30``): shares as fractions, days whole."""
    return pd.DataFrame(
        [
            {
                "label": t.label,
                "kind": t.kind,
                "direction": t.direction,
                "amber": quantity_text(t.amber, decimals=3),
                "red": quantity_text(t.red, decimals=3),
                "source": t.source,
            }
            for t in thresholds
        ]
    )


def template_fields() -> pd.DataFrame:
    """Every column of the value-measurement template, by stage gate, with its rule."""
    rows = []
    for stage, spec in STAGE_SHEETS.items():
        for col in spec.columns[5:]:  # the five identifying columns are on every sheet
            rows.append(
                {
                    "stage": stage,
                    "column": col.name,
                    "required": col.required,
                    "rule_text": rule_text(col),
                }
            )
    return pd.DataFrame(rows)


def kpi_digest(review: KpiReview) -> pd.DataFrame:
    """One row per KPI with findings (catalogue order): verdict, the rules it breaks (most
    severe first) and the fix of its most severe finding, for a handout that reads in a page."""
    on_kpis = review.findings[review.findings["subject"].isin(review.catalogue["kpi_id"])]
    names = review.catalogue.set_index("kpi_id")["name"]
    verdicts = review.catalogue.set_index("kpi_id")["verdict"]
    rows = []
    for kpi_id in review.catalogue["kpi_id"]:
        found = on_kpis[on_kpis["subject"].eq(kpi_id)]
        if found.empty:
            continue
        rows.append(
            {
                "kpi_id": kpi_id,
                "name": names[kpi_id],
                "verdict": verdicts[kpi_id],
                "broken": "; ".join(found["title"]),
                "first_fix": found["fix"].iloc[0],
            }
        )
    return pd.DataFrame(rows, columns=["kpi_id", "name", "verdict", "broken", "first_fix"])


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
    **formats: object,
) -> ListView:
    """``frame`` as a handout table of at most ``2 n`` rows (the top and bottom ``n`` by
    ``by``, or the first and last ``n`` in its order) with a note saying what was left out
    and linking ``files``, the exports holding the full list. ``what`` names the rows
    ("projects"); ``formats`` are :func:`vmo_lib.display.tables.format_table`'s column lists."""
    shown = top_and_bottom(frame, n, by=by, ascending=ascending, what=what, by_label=by_label)
    table = format_table(
        shown.table,
        caption=caption,
        labels=labels or DISPLAY_LABELS,
        **formats,  # type: ignore[arg-type]
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


VALUE_COLUMNS = [
    "project_id",
    "name",
    "planned_to_date",
    "realised_to_date",
    "benefit_realisation_rate",
    "roi_to_date",
    "npv_planned_to_date",
    "npv_achieved",
    "npv_forecast",
]


def value_view(
    value: ValueKpis,
    caption: str,
    n: int = DEFAULT_SHOWN_ROWS,
    files: Sequence[Path] = (),
) -> ListView:
    """Value KPIs of the projects with benefit due to date: the ``n`` highest and ``n``
    lowest benefit realisation rates (every project when there are at most ``2 n``)."""
    due = value.projects[value.projects["planned_to_date"] > 0]
    return list_view(
        due[VALUE_COLUMNS],
        n,
        caption,
        "projects with benefits due",
        files,
        by="benefit_realisation_rate",
        by_label="benefit realisation rate",
        money=["planned_to_date", "realised_to_date", *VALUE_COLUMNS[-3:]],
        percent=["benefit_realisation_rate", "roi_to_date"],
        short_money=True,
    )


def objective_table(value: ValueKpis, caption: str) -> Styler:
    """The portfolio's realisation per strategic objective, with the drivers that feed it."""
    return format_table(
        value.by_objective.drop(columns="objective_id"),
        money=["planned_to_date", "realised_to_date"],
        percent=["realisation_rate"],
        integer=["benefits"],
        short_money=True,
        labels=DISPLAY_LABELS,
        caption=caption,
    )


SCORECARD_COLUMNS = [
    "project_id",
    "name",
    "stage",
    "execution_rag",
    "value_rag",
    "cpi",
    "spi",
    "cost_overrun",
    "slip_days",
    "changes_per_project_year",
    "benefit_realisation_rate",
]
_SCORECARD_FORMATS: dict[str, list[str]] = {
    "ratio": ["cpi", "spi"],
    "percent": ["cost_overrun", "benefit_realisation_rate"],
    "integer": ["slip_days"],
    "number": ["changes_per_project_year"],
}


def scorecard_view(
    card: pd.DataFrame, caption: str, n: int = DEFAULT_SHOWN_ROWS, files: Sequence[Path] = ()
) -> ListView:
    """The scorecard worst value status first (:func:`~.scorecard.rank_scorecard`): the
    first and last ``n`` projects when it is long."""
    return list_view(
        rank_scorecard(card)[SCORECARD_COLUMNS],
        n,
        caption,
        "projects in delivery",
        files,
        order_note="Projects are ordered worst value status first, then worst execution status.",
        **_SCORECARD_FORMATS,
    )


def telling_view(
    view: PortfolioView,
    card: pd.DataFrame,
    caption: str,
    n: int = DEFAULT_SHOWN_ROWS,
    files: Sequence[Path] = (),
) -> ListView:
    """Projects green on execution but red on value, then the reverse (first and last ``n``
    when there are more than ``2 n``)."""
    return list_view(
        view.telling_rows(card)[SCORECARD_COLUMNS],
        n,
        caption,
        "projects in the two telling cells",
        files,
        order_note="Green on execution and red on value come first, then the reverse.",
        **_SCORECARD_FORMATS,
    )


def programme_table(by_programme: pd.DataFrame, caption: str) -> Styler:
    """:func:`~.scorecard.rag_by_programme` as a table: counts per programme and status
    (the execution ``n/a`` column left out when no project has it)."""
    if "execution_n/a" in by_programme and not by_programme["execution_n/a"].any():
        by_programme = by_programme.drop(columns="execution_n/a")
    counts = [c for c in by_programme.columns if c != by_programme.columns[0]]
    return format_table(by_programme, integer=counts, labels=DISPLAY_LABELS, caption=caption)
