"""One chart theme and the workbook's figures (matplotlib/seaborn), readable in print.

Why a shared theme: handouts are printed on A4 and read by people with colour-vision
deficiencies, so every figure uses the Okabe-Ito palette (distinguishable under the common
forms of colour blindness), font sizes that survive printing, and a page-width figure size.
RAG status is never shown by colour alone: bars carry a hatch pattern and the legend a word.

Each helper takes a table from :mod:`vmo_lib.baseline` (or another calculation module) and
returns a :class:`matplotlib.figure.Figure` with a plain-language title and axis labels with
units. Helpers never compute analysis results; they only draw them.

>>> set_theme()
>>> fig = slip_histogram(pd.DataFrame({"slip_days": [0.0, 45.0, 120.0]}))
>>> fig.axes[0].get_xlabel()
'Forecast finish minus baseline finish (days, positive = late)'
"""

from __future__ import annotations

import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from vmo_lib.currency import resolve_currency
from vmo_lib.tables import money_short_text

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
"""Okabe & Ito (2008) colour-universal-design palette, hex codes."""

PALETTE: list[str] = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish green",
        "vermillion",
        "sky blue",
        "reddish purple",
        "yellow",
        "black",
    )
]
"""Order in which series take colours (strongest contrasts first)."""

RAG_COLOURS: dict[str, str] = {
    "green": OKABE_ITO["bluish green"],
    "amber": OKABE_ITO["orange"],
    "red": OKABE_ITO["vermillion"],
}
RAG_HATCHES: dict[str, str] = {"green": "", "amber": "//", "red": "xx"}
RAG_MARKERS: dict[str, str] = {"green": "o", "amber": "s", "red": "^"}
RAG_LABELS: dict[str, str] = {
    "green": "Green (on track)",
    "amber": "Amber (at risk)",
    "red": "Red (in trouble)",
}

A4_FIGSIZE: tuple[float, float] = (7.0, 4.3)
"""Inches: fits the text width of an A4 page with 2 cm margins, golden-ratio-ish height."""


def new_figure(size: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    """A new figure with one axes, already released from pyplot's list of open figures.

    Creating it through pyplot lets Jupyter's inline backend register its display hook;
    closing it at once means Jupyter shows the returned figure exactly once (not again at the
    end of the cell) and the memory is freed when the figure is no longer referenced.
    """
    fig = plt.figure(figsize=size or mpl.rcParams["figure.figsize"])
    plt.close(fig)
    return fig, fig.subplots()


def set_theme() -> None:
    """Apply the workbook theme: white grid, Okabe-Ito palette, print-size fonts, A4 figures.

    Call once at the top of a notebook; later figures pick it up. In a Jupyter kernel it also
    makes figures show as PNG images with alt text whatever ``MPLBACKEND`` or a matplotlibrc
    says, with characters the font lacks left out
    (:func:`vmo_lib.reports.figure_display.install_figure_display`).
    """
    from vmo_lib.reports.figure_display import install_figure_display

    install_figure_display()
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        font_scale=1.0,
        rc={
            "figure.figsize": A4_FIGSIZE,
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "savefig.bbox": "tight",
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "hatch.linewidth": 0.8,
        },
    )


def format_money(value: float, currency: str | None = None) -> str:
    """Short money label for axis ticks: ``GBP 1.5M``, ``GBP 350k``, ``-GBP 45k``, ``GBP 2bn``.

    Millions and billions keep up to two decimals and drop trailing zeros, so a tick at
    1.25bn reads ``GBP 1.25bn`` (never a misleading ``1.2bn``) and one at 250M ``GBP 250M``.
    Blank if not finite.

    >>> format_money(1_500_000, "GBP"), format_money(-45_000, "GBP"), format_money(0, "GBP")
    ('GBP 1.5M', '-GBP 45k', 'GBP 0')
    >>> format_money(250e6, "GBP"), format_money(1.25e9, "GBP")
    ('GBP 250M', 'GBP 1.25bn')
    """
    if not np.isfinite(value):
        return ""
    text = money_short_text(value, currency, decimals=2)
    return re.sub(r"\.?0+(?=(M|bn)$)", "", text) if re.search(r"\.\d+(M|bn)$", text) else text


def money_axis(ax: Axes, axis: str = "y", currency: str | None = None) -> Axes:
    """Label an axis's ticks as money in k/M (``GBP 350k``); returns the axes for chaining.

    A horizontal money axis gets at most six ticks, so labels such as ``GBP 1.25bn`` never
    run into each other.
    """
    formatter = FuncFormatter(lambda value, _pos: format_money(value, currency))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(formatter)
    if axis != "y":
        target.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    return ax


def percent_axis(ax: Axes, axis: str = "y") -> Axes:
    """Label an axis holding shares (0-1) as percentages."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:.0%}"))
    return ax


def count_axis(ax: Axes, axis: str = "y") -> Axes:
    """Whole-number ticks on a count axis (projects, KPIs, findings): no "2.5 projects"."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(integer=True))
    return ax


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
    labelled = data[_worth_labelling(data, len(data))]
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
    if len(data) > _LABEL_ALL_UP_TO:
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


_LABEL_ALL_UP_TO = 15
_LABEL_OFFSETS = ((4, 4), (4, -11), (-6, 4), (-6, -11), (4, -3.5), (-6, -3.5))  # points


def label_points(
    ax: Axes,
    xs: pd.Series,
    ys: pd.Series,
    texts: pd.Series,
    fontsize: float = 8,
    limit: int = 40,
) -> int:
    """Label points without labels running into each other; return how many were labelled.

    Each label tries a few positions around its point (right-above first) and takes the
    first that overlaps no label already placed; a label with no free position is left out,
    so pass the points in order of importance. Only the first ``limit`` points are tried (a
    chart names a few projects, never thousands; placing each label costs a text layout).
    Call it after the figure's layout is final.
    """
    placed: list[mpl.transforms.Bbox] = []
    count = 0
    renderer = ax.figure._get_renderer()  # once: each lookup would draw the figure again
    limit = max(int(limit), 0)
    for x, y, text in zip(xs[:limit], ys[:limit], texts[:limit], strict=True):
        for dx, dy in _LABEL_OFFSETS:
            ha = "left" if dx >= 0 else "right"
            note = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=fontsize,
                ha=ha,
                zorder=4,
            )
            box = note.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                count += 1
                break
            note.remove()
    return count


def _worth_labelling(rows: pd.DataFrame, n_shown: int) -> pd.Series:
    """Label every project on a small chart; on a crowded one only those >5% off plan."""
    if n_shown <= _LABEL_ALL_UP_TO:
        return pd.Series(True, index=rows.index)
    return ((rows["cpi"] - 1).abs() > 0.05) | ((rows["spi"] - 1).abs() > 0.05)


def legend_below(fig: Figure, ax: Axes, ncol: int, note: str | None = None) -> None:
    """Legend (and an optional footnote) centred under the plot, clear of the data."""
    handles, labels = ax.get_legend_handles_labels()
    reserve = (0.45 if handles else 0.0) + (0.25 if note else 0.0)  # inches
    fraction = reserve / fig.get_figheight()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="lower center",
            ncol=ncol,
            frameon=False,
            bbox_to_anchor=(0.5, 0.25 / fig.get_figheight() if note else 0.0),
        )
    if note:
        fig.text(0.01, 0.02 / fig.get_figheight(), note, fontsize=8, ha="left", va="bottom")
    fig.tight_layout(rect=(0, fraction, 1, 1))


def _quadrants(ax: Axes, data: pd.DataFrame) -> None:
    values = np.concatenate([data["spi"].to_numpy(float), data["cpi"].to_numpy(float), [1.0]])
    spread = max(0.25, float(np.nanmax(np.abs(values - 1.0))) * 1.15)
    ax.set_xlim(1 - spread, 1 + spread)
    ax.set_ylim(1 - spread, 1 + spread)
    ax.axhline(1.0, color="grey", linewidth=1, zorder=1)
    ax.axvline(1.0, color="grey", linewidth=1, zorder=1)
    style = {"fontsize": 9, "color": "dimgrey", "style": "italic", "zorder": 2}
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
    bins = _slip_bins(slips[known])
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
        for container, group in zip(containers, groups, strict=True):
            for patch in container:
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


def _slip_bins(slips: np.ndarray) -> np.ndarray | int:
    """30-day bins covering the data (one bin if there is no spread)."""
    if slips.size == 0:
        return 1
    low = np.floor(slips.min() / 30) * 30
    high = np.ceil(slips.max() / 30) * 30
    return np.arange(low, high + 31, 30) if high > low else np.array([low - 15, low + 15])


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
