"""Notebook 00's figures: the PMO's execution view of the portfolio.

Each function takes a table from :mod:`vmo_lib.baseline` and returns a
:class:`matplotlib.figure.Figure` in the shared theme, with a plain-language title and axis
labels with units. They only draw; the numbers come from the calculation modules.

>>> from vmo_lib.display.theme import set_theme
>>> set_theme()
>>> fig = slip_histogram(pd.DataFrame({"slip_days": [0.0, 45.0, 120.0]}))
>>> fig.axes[0].get_xlabel()
'Forecast finish minus baseline finish (days, positive = late)'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Earned schedule and EAC range figures live in their own module; notebook 00 reads them here.
from vmo_lib.baseline.schedule_charts import eac_range_chart, spi_vs_spi_t_chart  # noqa: F401
from vmo_lib.currency import resolve_currency
from vmo_lib.display.theme import (
    A4_FIGSIZE,
    LABEL_ALL_UP_TO,
    OKABE_ITO,
    RAG_COLOURS,
    RAG_HATCHES,
    RAG_LABELS,
    RAG_MARKERS,
    count_axis,
    label_points,
    legend_below,
    money_axis,
    new_figure,
    worth_labelling,
)

DENSE_FROM = 400
"""Projects from which :func:`cpi_spi_scatter` draws a density (hexagonal bins) instead of one
marker per project: beyond a few hundred, markers hide each other and the chart says nothing."""


LABEL_TOP_N = 15
"""Most labels a scatter carries (the projects furthest off plan first)."""


def cpi_spi_scatter(
    performance: pd.DataFrame,
    label: str = "project_id",
    label_top_n: int = LABEL_TOP_N,
    dense_from: int = DENSE_FROM,
) -> Figure:
    """Cost efficiency (CPI) against schedule efficiency (SPI), one marker per project.

    Reference lines at 1 split the plot into four quadrants, named on the chart. Marker colour
    and shape follow the reported RAG status (so the reader sees whether the status matches the
    numbers). Projects with a blank CPI or SPI are left out and counted in the footnote. At
    most ``label_top_n`` projects are named, those furthest off plan first. From
    ``dense_from`` projects on, the chart shows how many projects fall in each small hexagon
    (a density) instead of one marker each, and marks only the labelled ones.
    """
    data = performance.dropna(subset=["cpi", "spi"])
    fig, ax = new_figure()
    dense = len(data) >= max(int(dense_from), 1)
    if dense:
        _density(fig, ax, data)
    for status in () if dense else (*RAG_COLOURS, None):
        if status is None:
            rows = data[~data["rag_status"].astype("string").isin(RAG_COLOURS).fillna(False)]
            colour, marker, name = OKABE_ITO["black"], "D", "No status"
        else:
            rows = data[data["rag_status"].astype("string").eq(status).fillna(False)]
            colour, marker, name = RAG_COLOURS[status], RAG_MARKERS[status], RAG_LABELS[status]
        if rows.empty:
            continue
        ax.scatter(
            rows["spi"],
            rows["cpi"],
            s=60,
            color=colour,
            marker=marker,
            edgecolor="black",
            linewidth=0.6,
            label=name,
            zorder=3,
        )
    labelled = data[worth_labelling(data, len(data))]
    # Most off-plan first: when labels collide, the ones that matter most keep theirs.
    off_plan = (labelled["cpi"] - 1).abs() + (labelled["spi"] - 1).abs()
    order = off_plan.sort_values(ascending=False, kind="stable").index
    labelled = labelled.loc[order].head(max(int(label_top_n), 0))
    if dense and len(labelled):
        ax.scatter(
            labelled["spi"],
            labelled["cpi"],
            s=28,
            facecolor="none",
            edgecolor=OKABE_ITO["vermillion"],
            linewidth=1.2,
            zorder=3,
            label=f"The {len(labelled)} projects furthest off plan (named)",
        )
    _quadrants(ax, data)
    ax.set_title("Cost and schedule efficiency per project")
    ax.set_xlabel("Schedule performance index, SPI (ratio; above 1 = ahead of plan)")
    ax.set_ylabel("Cost performance index, CPI\n(ratio; above 1 = under budget)")
    left_out = len(performance) - len(data)
    note = f"{len(data):,} projects shown" + (" as a density" if dense else "")
    if len(data) > LABEL_ALL_UP_TO:
        note += f"; at most {int(label_top_n)} named, those furthest (over 5%) off plan"
    if left_out:
        note += f"; {left_out:,} left out because their CPI or SPI is blank"
    legend_below(fig, ax, ncol=1 if dense else 3, note=note)
    label_points(ax, labelled["spi"], labelled["cpi"], labelled[label].astype(str))
    return fig


def _density(fig: Figure, ax: Axes, data: pd.DataFrame) -> None:
    """Hexagonal bins of SPI (x) against CPI (y), shaded by the number of projects in each."""
    values = np.concatenate([data["spi"].to_numpy(float), data["cpi"].to_numpy(float), [1.0]])
    spread = max(0.25, float(np.nanmax(np.abs(values - 1.0))) * 1.15)
    bins = ax.hexbin(
        data["spi"],
        data["cpi"],
        gridsize=30,
        extent=(1 - spread, 1 + spread, 1 - spread, 1 + spread),
        cmap="cividis_r",
        mincnt=1,
        linewidths=0.2,
        zorder=2,
    )
    colour_bar = fig.colorbar(bins, ax=ax, pad=0.02)
    colour_bar.set_label("Projects in the hexagon (count)")


def _quadrants(ax: Axes, data: pd.DataFrame) -> None:
    values = np.concatenate([data["spi"].to_numpy(float), data["cpi"].to_numpy(float), [1.0]])
    spread = max(0.25, float(np.nanmax(np.abs(values - 1.0))) * 1.15)
    ax.set_xlim(1 - spread, 1 + spread)
    ax.set_ylim(1 - spread, 1 + spread)
    ax.axhline(1.0, color="grey", linewidth=1, zorder=1)
    ax.axvline(1.0, color="grey", linewidth=1, zorder=1)
    style: dict[str, Any] = {"fontsize": 9, "color": "dimgrey", "style": "italic", "zorder": 2}
    low, high = 1 - spread * 0.97, 1 + spread * 0.97
    ax.text(low, high, "Behind schedule,\nunder budget", ha="left", va="top", **style)
    ax.text(high, high, "Ahead of schedule,\nunder budget", ha="right", va="top", **style)
    ax.text(low, low, "Behind schedule,\nover budget", ha="left", va="bottom", **style)
    ax.text(high, low, "Ahead of schedule,\nover budget", ha="right", va="bottom", **style)


def rag_by_programme_bar(rag: pd.DataFrame) -> Figure:
    """Horizontal stacked bars: how many projects of each programme report green/amber/red.

    ``rag`` is :func:`vmo_lib.baseline.rag_by_programme`. Segments are coloured and hatched
    (green plain, amber striped, red crossed) and named in the legend.
    """
    fig, ax = new_figure((A4_FIGSIZE[0], max(2.5, 0.55 * len(rag) + 1.6)))
    positions = np.arange(len(rag))
    left = np.zeros(len(rag))
    for status, colour in RAG_COLOURS.items():
        counts = rag[status].to_numpy(dtype=float)
        ax.barh(
            positions,
            counts,
            left=left,
            color=colour,
            hatch=RAG_HATCHES[status],
            edgecolor="black",
            linewidth=0.6,
            label=RAG_LABELS[status],
        )
        left += counts
    ax.set_yticks(positions, labels=rag["programme"].astype(str).tolist())
    ax.invert_yaxis()
    ax.set_title("Reported status (RAG) of projects in flight, by programme")
    ax.set_xlabel("Projects (count)")
    ax.set_ylabel("Programme")
    count_axis(ax, "x")
    legend_below(fig, ax, ncol=3)
    return fig


def slip_histogram(performance: pd.DataFrame, tolerance_days: float | None = None) -> Figure:
    """Histogram of schedule slip in days (forecast or actual finish minus baseline finish).

    A dashed line marks the on-time tolerance when given, so bars to its right are "late".
    With a ``stage`` column the bars are stacked: projects in flight (forecast finish, plain)
    and closed projects (actual finish, hatched), so the closed projects' finish slip, their
    schedule measure, reads apart. Any number of projects: the bins aggregate.
    """
    slips = performance["slip_days"].to_numpy(dtype=float)
    known = ~np.isnan(slips)
    fig, ax = new_figure()
    bins = _slip_bins(slips[known], tolerance_days)
    if "stage" in performance:
        closed = performance["stage"].astype("string").eq("closed").fillna(False).to_numpy()
        groups = [
            (slips[known & ~closed], "In flight (forecast finish)", OKABE_ITO["blue"], ""),
            (slips[known & closed], "Closed (actual finish)", OKABE_ITO["orange"], "//"),
        ]
        groups = [g for g in groups if g[0].size]
        _, _, containers = ax.hist(
            [g[0] for g in groups],
            bins=bins,
            stacked=True,
            color=[g[2] for g in groups],
            edgecolor="white",
            label=[g[1] for g in groups],
        )
        stacks = containers if isinstance(containers, list) else [containers]
        for container, group in zip(stacks, groups, strict=True):
            for patch in container.patches if isinstance(container, BarContainer) else []:
                patch.set_hatch(group[3])
        if tolerance_days is None:
            ax.legend(loc="upper right")
    else:
        ax.hist(slips[known], bins=bins, color=OKABE_ITO["blue"], edgecolor="white")
    staged = "stage" in performance
    if tolerance_days is not None:
        ax.axvline(
            tolerance_days,
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            linewidth=1.5,
            label=f"On-time tolerance ({tolerance_days:g} days)",
        )
        ax.legend(loc="upper right")
    if staged:
        ax.set_title("How late projects finish: forecast if in flight, actual if closed")
        ax.set_xlabel("Forecast or actual finish minus baseline finish (days, positive = late)")
    else:
        ax.set_title("How late projects are forecast to finish")
        ax.set_xlabel("Forecast finish minus baseline finish (days, positive = late)")
    ax.set_ylabel("Projects (count)")
    count_axis(ax, "y")
    fig.tight_layout()
    return fig


def _slip_bins(slips: np.ndarray, tolerance_days: float | None = None) -> list[float] | int:
    """30-day bins covering the data (one bin if there is no spread), with an edge half a day
    after the on-time tolerance (0 without one): slips are whole days, so a project exactly at
    the tolerance, on time, falls in the bar left of the line and every bar right of it is late.

    >>> _slip_bins(np.array([0.0, 45.0, 46.0, 100.0]), 45)
    [-14.5, 15.5, 45.5, 75.5, 105.5]
    """
    if slips.size == 0:
        return 1
    anchor = (0.0 if tolerance_days is None else float(tolerance_days)) + 0.5
    low = anchor + np.floor((slips.min() - anchor) / 30) * 30
    high = anchor + np.ceil((slips.max() - anchor) / 30) * 30
    if high <= low:
        high = low + 30
    return [float(e) for e in np.arange(low, high + 1, 30)]


MAX_BARS = 40
"""Most projects :func:`budget_vs_forecast_bar` draws one by one (the largest budgets)."""


def budget_vs_forecast_bar(
    performance: pd.DataFrame,
    currency: str | None = None,
    label: str = "project_id",
    max_bars: int = MAX_BARS,
) -> Figure:
    """Paired bars per project: approved budget (BAC) against forecast final cost.

    ``performance`` is :func:`vmo_lib.baseline.project_performance`; its ``final_cost`` is the
    actual cost for closed projects and the estimate at completion for the others. Only the
    ``max_bars`` largest budgets are drawn (a footnote says so), so the chart fits a page.
    """
    ranked = performance.sort_values("budget_at_completion", ascending=False, kind="stable")
    data = ranked.head(max(int(max_bars), 1))
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.0, 0.32 * len(data) + 1.6)))
    positions = np.arange(len(data))
    height = 0.4
    ax.barh(
        positions - height / 2,
        data["budget_at_completion"],
        height=height,
        color=OKABE_ITO["sky blue"],
        edgecolor="black",
        linewidth=0.4,
        label="Approved budget (BAC)",
    )
    ax.barh(
        positions + height / 2,
        data["final_cost"].fillna(0),
        height=height,
        color=OKABE_ITO["orange"],
        hatch="//",
        edgecolor="black",
        linewidth=0.4,
        label="Forecast final cost (EAC, or actual if closed)",
    )
    ax.set_yticks(positions, labels=data[label].astype(str).tolist())
    ax.invert_yaxis()
    money_axis(ax, "x", currency)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))  # money labels are wide: fewer ticks
    ax.set_title("Budget against forecast final cost per project")
    ax.set_xlabel(f"Cost ({resolve_currency(currency)})")
    ax.set_ylabel("Project")
    note = None
    if len(data) < len(ranked):
        note = (
            f"The {len(data):,} largest budgets of {len(ranked):,} projects; every project is "
            "in the exported table."
        )
    legend_below(fig, ax, ncol=1, note=note)
    return fig
