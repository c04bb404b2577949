"""One chart theme for every workbook figure (matplotlib/seaborn), readable in print.

Why a shared theme: handouts are printed on A4 and read by people with colour-vision
deficiencies, so every figure uses the Okabe-Ito palette (distinguishable under the common
forms of colour blindness), font sizes that survive printing, and a page-width figure size.
RAG status is never shown by colour alone: bars carry a hatch pattern and the legend a word.

The figures themselves live in each topic's ``charts.py`` (``vmo_lib.baseline.charts`` and
so on); they take results and only draw them, with this theme, the palettes and the axis
helpers below (money, percent and count axes, point labels, a legend below the plot).

>>> set_theme()
>>> fig, ax = new_figure()
>>> money_axis(ax) is ax
True
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

from vmo_lib.display.tables import money_short_text

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
    (:func:`vmo_lib.display.figures.install_figure_display`).
    """
    from vmo_lib.display.figures import install_figure_display

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


LABEL_ALL_UP_TO = 15
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
    # once: each lookup would draw the figure again; private, but the one backend-neutral way
    renderer = ax.figure._get_renderer()  # type: ignore[union-attr]
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


def worth_labelling(rows: pd.DataFrame, n_shown: int) -> pd.Series:
    """Label every project on a small chart; on a crowded one only those >5% off plan."""
    if n_shown <= LABEL_ALL_UP_TO:
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
