"""Notebook 05 section by section: each function returns what one code cell displays.

A :class:`Page` holds what every table of the handout shares (the result, the exported files,
the labels, how many rows a long list shows), so that a code cell is one call, e.g.
``display(views.at_risk_table(page))``. Captions say the run's settings in words (markdown
cannot show parameter values); all text from the data is escaped by the table formatter.

>>> page = Page(result, export_lists(result, "outputs"), "Harbourline Logistics")  # doctest: +SKIP
>>> display(views.kpi_tiles(page), views.rules(page))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from vmo_lib.display.tables import money_short_text
from vmo_lib.realization.results import Realisation
from vmo_lib.realization.views.exports import exports_note
from vmo_lib.realization.views.labels import group_title, labels_for
from vmo_lib.realization.views.lists import list_html
from vmo_lib.realization.views.notes import (
    bound_note,
    chart_level_note,
    kpi_tiles_html,
    method_note,
    rules_note,
    settings_note,
)

__all__ = [
    "Page",
    "at_risk_table",
    "closed_due_table",
    "duplicates_table",
    "exports",
    "forecast_notes",
    "gaps_table",
    "kpi_tiles",
    "level_note",
    "methods_table",
    "mismatches_table",
    "realisation_tables",
    "risk_rules_table",
    "rules",
    "settings",
    "unevidenced_table",
]


@dataclass(frozen=True)
class Page:
    """What notebook 05's tables share: the result, the exported files by list name
    (:func:`~.exports.export_lists`), the organisation's name for captions and the rows shown
    at each end of a long list."""

    result: Realisation
    files: Mapping[str, Path]
    organisation_name: str = ""
    rows: int = 15
    labels: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", labels_for(self.result.group_by))

    @property
    def chart_table(self) -> pd.DataFrame:
        """The realisation table at the level the charts draw."""
        return self.result.chart_level()[1]

    @property
    def chart_profile(self) -> pd.DataFrame:
        """The cumulative profile per group at the level the charts draw."""
        return self.result.chart_level()[2]

    @property
    def chart_names(self) -> pd.Series:
        """Group -> name, for the titles of the trend panels."""
        return self.chart_table.set_index("group")["label"]

    def listing(self, frame: pd.DataFrame, kind: str, caption: str, export: str | None) -> HTML:
        """List ``kind`` of ``frame`` as the handout shows it, linked to its export."""
        path = self.files[export] if export is not None else None
        return HTML(list_html(frame, kind, self.rows, caption, self.labels, path))


def kpi_tiles(page: Page) -> HTML:
    """The executive dashboard's four headline tiles."""
    return HTML(kpi_tiles_html(page.result.kpis, page.organisation_name))


def rules(page: Page) -> HTML:
    """The rule behind each headline figure, in plain words."""
    return HTML(rules_note(page.result.kpis, page.result.at_risk_threshold))


def gaps_table(page: Page, gaps: pd.DataFrame) -> HTML:
    """The largest gaps to plan (:func:`~vmo_lib.realization.dashboard.top_gaps`)."""
    caption = (
        f"{page.organisation_name}: largest gaps to plan at the end of "
        f"{page.result.kpis.last_quarter}"
    )
    return page.listing(gaps, "gaps", caption, "benefits")


def level_note(page: Page) -> HTML:
    """Why the charts show programmes rather than the run's groups (empty when they do not)."""
    result = page.result
    level = result.chart_level()[0]
    return HTML(chart_level_note(result.group_by, level, len(result.table)))


def realisation_tables(page: Page) -> HTML:
    """The realisation table at the run's level and, when that is not programmes, the
    totals by programme beside it."""
    result = page.result
    caption = (
        f"Planned, realised and forecast value by {group_title(result.group_by).lower()} "
        f"({len(result.table):,} in all, largest whole-life plan first)"
    )
    parts = [page.listing(result.table_view(), "table", caption, "table").data]
    if result.group_by != "programme":
        labels = {**page.labels, "group": group_title("programme")}
        caption = "The same figures, totals by programme"
        path = page.files["programmes"]
        parts.append(list_html(result.programme_view(), "table", page.rows, caption, labels, path))
    return HTML("".join(parts))


def forecast_notes(page: Page) -> HTML:
    """The forecast method of the run, and its forecast beside the optimistic bound."""
    kpis = page.result.kpis
    return HTML(method_note(kpis.forecast_method) + bound_note(kpis))


def methods_table(page: Page, comparison: pd.DataFrame) -> HTML:
    """The portfolio forecast under every method
    (:func:`~vmo_lib.realization.forecast.forecast_comparison`)."""
    caption = "Forecast value at completion of the whole portfolio, by method"
    return page.listing(comparison, "methods", caption, None)


def risk_rules_table(page: Page) -> HTML:
    """How many benefits each warning rule flags, with the run's thresholds in the caption."""
    result = page.result
    caption = (
        f"Benefits flagged by each rule (behind plan = more than "
        f"{result.at_risk_threshold:.0%} behind; "
        f"no recent data = {int(result.stale_quarters)} planned quarters silent)"
    )
    return page.listing(result.risk_rules, "risk_rules", caption, None)


def at_risk_table(page: Page) -> HTML:
    """The benefits at risk, largest unrealised plan first."""
    at_risk = page.result.at_risk
    caption = f"Benefits at risk, largest unrealised plan first ({len(at_risk):,} in all)"
    return page.listing(at_risk, "at_risk", caption, "at_risk")


def closed_due_table(page: Page) -> HTML:
    """Benefits of closed projects with value still planned."""
    due = page.result.closed_due
    caption = (
        f"Benefits of closed projects with value planned after {page.result.kpis.last_quarter}: "
        f"{len(due):,} benefits of {due['project_id'].nunique():,} projects, "
        f"{money_short_text(due['remaining_plan'].sum())} still to come"
    )
    return page.listing(due, "closed_due", caption, "closed_due")


def unevidenced_table(page: Page) -> HTML:
    """Benefits whose realised value was reported without evidence."""
    result = page.result
    caption = (
        "Realised value reported without evidence: "
        f"{money_short_text(result.kpis.unevidenced_value)} on {len(result.unevidenced):,} benefits"
    )
    return page.listing(result.unevidenced, "unevidenced", caption, "unevidenced")


def duplicates_table(page: Page) -> HTML:
    """Benefits possibly counted on two projects."""
    duplicates = page.result.duplicates
    caption = (
        "Possible double counting: "
        f"{duplicates['duplicate_group'].nunique():,} measures registered "
        "on two or more projects"
    )
    return page.listing(duplicates, "duplicates", caption, "duplicates")


def mismatches_table(page: Page) -> HTML:
    """Projects whose benefit register and business case disagree beyond the tolerance."""
    result = page.result
    caption = (
        f"Projects whose register total and business-case benefit differ by more than "
        f"{result.business_case_tolerance:.0%} ({len(result.mismatches):,} projects)"
    )
    return page.listing(result.mismatches, "mismatches", caption, "mismatches")


def settings(page: Page) -> HTML:
    """The settings the static panel shows in a handout."""
    result = page.result
    return HTML(
        settings_note(result.group_by, result.kpis.forecast_method, result.at_risk_threshold)
    )


def exports(page: Page) -> HTML:
    """Links to every exported file, each with what it holds."""
    return HTML(exports_note(page.files))
