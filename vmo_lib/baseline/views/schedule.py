"""Tables and notes for notebook 00's earned schedule and EAC ranges, ready to display.

They format results of :mod:`vmo_lib.baseline.earned_schedule` and
:mod:`vmo_lib.baseline.eac_ranges`; long lists show their worst and best rows and say so.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.baseline.eac_ranges import EacRanges, widest_ranges
from vmo_lib.display.listing import top_and_bottom
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, money_short_text, percent_text, ratio_text
from vmo_lib.evm_schedule import BASELINE_SHAPES

__all__ = [
    "closed_schedule_table",
    "eac_ranges_note",
    "eac_ranges_table",
    "schedule_forecast_table",
    "schedule_note",
]

SHOWN = 10
"""Rows shown at each end of a long list."""


def _with_names(table: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    names = projects[["project_id", "name"]].assign(project_id=projects["project_id"].astype(str))
    return table.assign(project_id=table["project_id"].astype(str)).merge(
        names, on="project_id", how="left"
    )


def schedule_forecast_table(
    schedule: pd.DataFrame, projects: pd.DataFrame, max_listed: int = 2 * SHOWN
) -> tuple[Styler, HTML]:
    """Projects in flight by SPI(t), worst first: earned schedule, actual time, SV(t) and the
    finish date earned schedule forecasts beside the reported forecast (months, dates). At most
    ``max_listed`` rows, as notebook 00's other project tables (the lowest and highest halves
    beyond that)."""
    rows = _with_names(schedule.loc[schedule["stage"] == "in flight"], projects)
    reported = projects.set_index(projects["project_id"].astype(str))["forecast_finish"]
    rows["forecast_finish"] = pd.to_datetime(rows["project_id"].map(reported))
    shown = top_and_bottom(
        rows,
        max(int(max_listed) // 2, 1),
        by="spi_t",
        ascending=True,
        what="projects in flight",
        by_label="SPI(t)",
    )
    columns = ["project_id", "name", "es", "actual_time", "spi_t", "sv_t"]
    columns += ["forecast_finish_es", "forecast_finish"]
    table = format_table(
        shown.table[columns],
        number=["es", "actual_time", "sv_t"],
        ratio=["spi_t"],
        dates=["forecast_finish_es", "forecast_finish"],
        labels={
            "project_id": "Project",
            "name": "Name",
            "es": "Earned schedule (months)",
            "actual_time": "Actual time (months)",
            "spi_t": "SPI(t)",
            "sv_t": "SV(t) (months)",
            "forecast_finish_es": "Finish by earned schedule",
            "forecast_finish": "Finish reported",
        },
    )
    return table, HTML(f"<p>{html.escape(shown.note)}</p>" if shown.note else "")


def closed_schedule_table(schedule: pd.DataFrame, projects: pd.DataFrame) -> Styler:
    """Closed projects: SPI is 1 for every one of them (EV = PV = BAC at the end), SPI(t)
    is not: median, lowest and the share below 0.95."""
    closed = schedule.loc[schedule["stage"] == "closed", "spi_t"].dropna()
    rows = pd.DataFrame(
        {
            "figure": [
                "Closed projects",
                "SPI (earned value) of each",
                "Median SPI(t)",
                "Lowest SPI(t)",
                "Share with SPI(t) below 0.95",
            ],
            "value": [
                f"{len(closed):,}",
                "1.00",
                ratio_text(closed.median() if len(closed) else np.nan),
                ratio_text(closed.min() if len(closed) else np.nan),
                percent_text((closed < 0.95).mean() if len(closed) else np.nan),
            ],
        }
    )
    return format_table(
        rows,
        labels={"figure": "Figure", "value": "Value"},
        caption="Closed projects: schedule performance in money (SPI) and in time (SPI(t))",
    )


def schedule_note(schedule: pd.DataFrame, shape: str) -> HTML:
    """The earned schedule rules and which baseline each project's curve came from."""
    from_plan = int((schedule["curve"] == "baseline_plan").sum())
    shape_words = f"the stated shape '{shape}' ({BASELINE_SHAPES.get(shape, shape)})"
    curve = (
        f"Baseline curve: the baseline_plan table for {from_plan:,} projects; for the others, "
        f"{shape_words} between start and planned finish, drawn through the planned value "
        "each project reports at the data date."
        if from_plan
        else f"Baseline curve: no baseline_plan table, so {shape_words} between start and "
        "planned finish, scaled to each budget and drawn through the planned value each "
        "project reports at the data date."
    )
    return notes_html(
        [
            "Earned schedule (Lipke): the time at which the baseline planned to have earned "
            "today's earned value (ES). SPI(t) = ES / actual time; SV(t) = ES - actual time "
            "(months, negative = behind); the finish by earned schedule is the start plus the "
            "planned duration / SPI(t).",
            "Unlike SPI, SPI(t) does not drift to 1 as a project ends: a closed project's "
            "SPI(t) is its planned duration over its actual duration.",
            curve,
        ]
    )


def eac_ranges_table(
    ranges: EacRanges, projects: pd.DataFrame, currency: str | None = None
) -> tuple[Styler, HTML]:
    """Projects with work left, widest EAC range (P90 - P10) first: the same projects as the
    chart (:func:`vmo_lib.baseline.eac_ranges.widest_ranges`; closed projects have no range,
    their final cost is known), plus the note saying which rows are shown."""
    widest = widest_ranges(ranges)
    rows = _with_names(widest.rows, projects)
    table = format_table(
        rows[["project_id", "name", "cpi", "eac_p10", "eac_p50", "eac_p90", "width"]],
        money=["eac_p10", "eac_p50", "eac_p90", "width"],
        ratio=["cpi"],
        currency=currency,
        short_money=True,
        labels={
            "project_id": "Project",
            "name": "Name",
            "cpi": "CPI",
            "eac_p10": "EAC P10",
            "eac_p50": "EAC P50",
            "eac_p90": "EAC P90",
            "width": "Range (P90 - P10)",
        },
    )
    return table, HTML(f"<p>{html.escape(widest.note)}</p>")


def eac_ranges_note(ranges: EacRanges, currency: str | None = None) -> HTML:
    """The portfolio's EAC range and the method, in words, and why the portfolio P50 can sit
    above the sum of the single EACs (each project's range is skewed towards overrun; said
    only when the two differ as printed)."""
    p = ranges.portfolio
    skew = (
        [
            "The portfolio P50 is above the sum of the single EACs because each project's range "
            "leans towards overrun: remaining work done at a worse efficiency costs more than "
            "the same work done at an equally better one saves, so the overruns outweigh the "
            "savings when projects are added up."
        ]
        if p["p50"] > p["point"]
        and money_short_text(p["p50"], currency) != money_short_text(p["point"], currency)
        else []
    )
    return notes_html(
        [
            f"Portfolio EAC: P10 {money_short_text(p['p10'], currency)}, P50 "
            f"{money_short_text(p['p50'], currency)}, P90 {money_short_text(p['p90'], currency)} "
            f"(sum of the single EACs: {money_short_text(p['point'], currency)}; closed "
            "projects count at their final cost).",
            *skew,
            f"Method: {ranges.method}; seed {ranges.seed}.",
            "If overruns share a cause, projects move together and the range widens towards "
            f"{money_short_text(p['comonotone_p10'], currency)} - "
            f"{money_short_text(p['comonotone_p90'], currency)} (every project at its own "
            "P10 or P90).",
        ]
    )
