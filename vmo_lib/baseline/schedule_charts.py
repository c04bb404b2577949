"""Notebook 00's earned schedule and EAC range figures (draw only; results computed in
:mod:`vmo_lib.baseline.earned_schedule` and :mod:`vmo_lib.baseline.eac_ranges`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from vmo_lib.baseline.eac_ranges import EacRanges, widest_ranges
from vmo_lib.currency import resolve_currency
from vmo_lib.display.theme import OKABE_ITO, legend_below, money_axis, new_figure

__all__ = ["eac_range_chart", "spi_vs_spi_t_chart"]


def spi_vs_spi_t_chart(schedule: pd.DataFrame, projects: pd.DataFrame) -> Figure:
    """SPI (money-based) against SPI(t) (time-based) per project: closed projects sit on
    SPI = 1 whatever their delay, SPI(t) shows it."""
    ev = projects.set_index(projects["project_id"].astype(str))
    spi = (ev["earned_value"] / ev["planned_value"].where(ev["planned_value"] > 0)).astype(float)
    data = schedule.assign(spi=schedule["project_id"].astype(str).map(spi).to_numpy())
    fig, ax = new_figure()
    styles = {
        "in flight": ("o", OKABE_ITO["blue"], "In flight"),
        "closed": ("s", OKABE_ITO["vermillion"], "Closed"),
    }
    for stage, (marker, colour, label) in styles.items():
        rows = data.loc[(data["stage"] == stage) & data["spi_t"].notna()]
        ax.scatter(rows["spi"], rows["spi_t"], marker=marker, color=colour, label=label, s=18)
    ax.plot([0, 2], [0, 2], color="grey", linestyle=":", linewidth=1)
    values = data[["spi", "spi_t"]].to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    low = min(float(finite.min()), 0.9) if finite.size else 0.5
    high = max(float(finite.max()), 1.05) if finite.size else 1.2
    ax.set_xlim(low - 0.02, high + 0.02)
    ax.set_ylim(low - 0.02, high + 0.02)
    ax.set_title("Schedule performance in money (SPI) and in time (SPI(t))")
    ax.set_xlabel("SPI = EV / PV (1 = on schedule)")
    ax.set_ylabel("SPI(t) = earned schedule / actual time")
    note = "Dotted line: SPI(t) = SPI. Below it, time-based performance is worse than SPI says."
    legend_below(fig, ax, ncol=2, note=note)
    return fig


def eac_range_chart(
    ranges: EacRanges, projects: pd.DataFrame, currency: str | None = None
) -> Figure:
    """P10-P90 range of the EAC of the projects with the widest ranges (the projects of
    :func:`vmo_lib.baseline.eac_ranges.widest_ranges`, as in the table), with the P50 and the
    budget (BAC) for comparison (money in ``currency``)."""
    widest = widest_ranges(ranges)
    table = widest.rows.assign(project_id=widest.rows["project_id"].astype(str))
    bac = projects.set_index(projects["project_id"].astype(str))["budget_at_completion"]
    table = table.assign(bac=table["project_id"].map(bac).astype(float)).iloc[::-1]
    fig, ax = new_figure((7.0, max(4.3, 0.25 * len(table) + 1.6)))
    y = np.arange(len(table))
    ax.hlines(y, table["eac_p10"], table["eac_p90"], color=OKABE_ITO["sky blue"], linewidth=6,
              label="EAC P10 to P90")  # fmt: skip
    ax.scatter(table["eac_p50"], y, color=OKABE_ITO["blue"], zorder=3, label="EAC P50", s=20)
    ax.scatter(table["bac"], y, marker="|", color=OKABE_ITO["black"], s=120, zorder=3,
               label="Budget (BAC)")  # fmt: skip
    ax.set_yticks(y, table["project_id"])
    title = (
        "Forecast final cost range of each project with work left"
        if len(table) == widest.total
        else f"Forecast final cost ranges: the {len(table)} widest of {widest.total:,}"
    )
    ax.set_title(title)
    ax.set_xlabel(f"Estimate at completion ({resolve_currency(currency)})")
    ax.set_ylabel("Project")
    money_axis(ax, axis="x", currency=currency)
    legend_below(fig, ax, ncol=3, note="Range from the spread of CPIs across the portfolio.")
    return fig
