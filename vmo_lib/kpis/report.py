"""Tables shaped for reading in notebook 03: one KPI as a form, thresholds, template fields.

Pure reshaping of :mod:`vmo_lib.kpis` results (no new numbers), with plain-language column
labels (:data:`DISPLAY_LABELS`) to pass to :func:`vmo_lib.tables.format_table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import pandas as pd

from vmo_lib.data.template import rule_text

from .record import Kpi
from .review import KpiReview
from .scorecard import Threshold
from .template import STAGE_SHEETS

__all__ = [
    "DISPLAY_LABELS",
    "kpi_digest",
    "record_sheet",
    "template_fields",
    "threshold_table",
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
            value = f"{value:g}"
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
                "amber": f"{t.amber:g}",
                "red": f"{t.red:g}",
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
