"""Notebook 03's views of the project measures: execution figures, value KPIs, realisation
by objective, the thresholds and the scorecard with its two verdicts.

Long project lists are cut to the first and last ``n`` rows and link the exports that hold
them in full (:class:`~vmo_lib.kpis.export.ScorecardFiles`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import DEFAULT_SHOWN_ROWS, quantity_text
from vmo_lib.display.tables import format_key_figures, format_table
from vmo_lib.kpis.export import ScorecardFiles
from vmo_lib.kpis.measures import ExecutionKpis, ValueKpis
from vmo_lib.kpis.portfolio_scorecard import ScoredPortfolio
from vmo_lib.kpis.scorecard import Threshold, rank_scorecard
from vmo_lib.kpis.views.lists import DISPLAY_LABELS, ListView, list_view

__all__ = [
    "execution_figures",
    "objective_table",
    "programme_table",
    "scorecard_view",
    "telling_view",
    "threshold_table",
    "thresholds_view",
    "value_view",
]


def execution_figures(execution: ExecutionKpis, organisation_name: str, as_of: str) -> Styler:
    """The portfolio's execution KPIs as key figures (as notebook 00 shows them)."""
    return format_key_figures(
        execution.portfolio.key_figures(),
        caption=f"{organisation_name}: portfolio execution KPIs on {as_of}",
    )


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
    as_of: str,
    rate: float,
    n: int = DEFAULT_SHOWN_ROWS,
    files: Sequence[Path] = (),
) -> ListView:
    """Value KPIs of the projects with benefit due to date: the ``n`` highest and ``n``
    lowest benefit realisation rates (every project when there are at most ``2 n``);
    ``rate`` is the yearly discount rate of the NPVs, shown in the caption."""
    due = value.projects[value.projects["planned_to_date"] > 0]
    return list_view(
        due[VALUE_COLUMNS],
        n,
        f"Value KPIs of the projects with benefits due by {as_of} (NPV at {rate:.0%})",
        "projects with benefits due",
        files,
        by="benefit_realisation_rate",
        by_label="benefit realisation rate",
        money=["planned_to_date", "realised_to_date", *VALUE_COLUMNS[-3:]],
        percent=["benefit_realisation_rate", "roi_to_date"],
        short_money=True,
    )


def objective_table(value: ValueKpis, organisation_name: str) -> Styler:
    """The portfolio's realisation per strategic objective, with the drivers that feed it."""
    return format_table(
        value.by_objective.drop(columns="objective_id"),
        money=["planned_to_date", "realised_to_date"],
        percent=["realisation_rate"],
        integer=["benefits"],
        short_money=True,
        labels=DISPLAY_LABELS,
        caption=f"{organisation_name}: benefits realised to date by strategic objective",
    )


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


def thresholds_view(scored: ScoredPortfolio) -> Styler:
    """:func:`threshold_table` of the thresholds the scorecard used."""
    return format_table(
        threshold_table(scored.thresholds),
        labels=DISPLAY_LABELS,
        caption="Scorecard thresholds (shares as fractions: 0.75 = 75 %)",
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


def _scorecard_list(
    frame: pd.DataFrame, n: int, caption: str, what: str, files: Sequence[Path], order: str
) -> ListView:
    """Scorecard rows as a cut list, each measure in its format."""
    return list_view(
        frame[SCORECARD_COLUMNS],
        n,
        caption,
        what,
        files,
        order_note=order,
        ratio=["cpi", "spi"],
        percent=["cost_overrun", "benefit_realisation_rate"],
        integer=["slip_days"],
        number=["changes_per_project_year"],
    )


def scorecard_view(
    scored: ScoredPortfolio,
    organisation_name: str,
    as_of: str,
    n: int = DEFAULT_SHOWN_ROWS,
    files: ScorecardFiles | None = None,
) -> ListView:
    """The scorecard worst value status first (:func:`~.scorecard.rank_scorecard`): the
    first and last ``n`` projects when it is long, linking the scorecard and project lists."""
    card = scored.card
    return _scorecard_list(
        rank_scorecard(card),
        n,
        f"{organisation_name}: project scorecard on {as_of} ({len(card):,} projects in delivery)",
        "projects in delivery",
        (files.scorecard, files.projects[1]) if files else (),
        "Projects are ordered worst value status first, then worst execution status.",
    )


def telling_view(
    scored: ScoredPortfolio, n: int = DEFAULT_SHOWN_ROWS, files: ScorecardFiles | None = None
) -> ListView:
    """Projects green on execution but red on value, then the reverse (first and last ``n``
    when there are more than ``2 n``), captioned with how many of each."""
    view = scored.view
    caption = (
        f"{len(view.green_execution_red_value):,} projects green on execution but "
        f"red on value, {len(view.red_execution_green_value):,} the reverse"
    )
    return _scorecard_list(
        view.telling_rows(scored.card),
        n,
        caption,
        "projects in the two telling cells",
        (files.scorecard,) if files else (),
        "Green on execution and red on value come first, then the reverse.",
    )


def programme_table(scored: ScoredPortfolio, organisation_name: str) -> Styler:
    """Projects in delivery by programme and status (the execution ``n/a`` column left out
    when no project has it)."""
    by_programme = scored.by_programme
    if "execution_n/a" in by_programme and not by_programme["execution_n/a"].any():
        by_programme = by_programme.drop(columns="execution_n/a")
    counts = [c for c in by_programme.columns if c != by_programme.columns[0]]
    return format_table(
        by_programme,
        integer=counts,
        labels=DISPLAY_LABELS,
        caption=f"{organisation_name}: projects in delivery by programme and status",
    )
