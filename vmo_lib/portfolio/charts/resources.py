"""Figures of issue 17: the capacity heatmap (demand against capacity per resource and
period, notebook 04) and the scenarios' frontiers together (``vmo scenarios``).

Draws :func:`vmo_lib.portfolio.funding.capacity.capacity_use` tables, one panel per
portfolio (e.g. the current one and the recommended one), in the shared theme. Each cell is
coloured by the share of capacity needed (the colour-blind-safe ``cividis`` scale, capped at
150%) and labelled with demand / capacity, so colour is never the only cue; a cell over
capacity is also hatched and its label ends in "over". Re-exported by
:mod:`vmo_lib.portfolio.charts`.

>>> from vmo_lib.display.theme import set_theme
>>> set_theme()
>>> use = pd.DataFrame({"resource": ["Architects"] * 2, "period": [2027, 2028],
...     "demand": [4.0, 1.0], "capacity": [3.0, 2.0], "use": [4 / 3, 0.5],
...     "over": [True, False]})
>>> fig = capacity_heatmap({"Current portfolio": use})
>>> fig.axes[0].get_title()
'Current portfolio'
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from vmo_lib.display.theme import A4_FIGSIZE

__all__ = ["USE_CAP", "capacity_heatmap", "scenario_frontiers_chart"]

USE_CAP = 1.5
"""Shares of capacity above this (150%) get the darkest colour."""


def _amount(value: float) -> str:
    return "-" if not np.isfinite(value) else f"{value:,.1f}".removesuffix(".0")


def capacity_heatmap(
    uses: Mapping[str, pd.DataFrame],
    unit: str = "FTE",
    title: str = "Scarce resources: demand against capacity",
) -> Figure:
    """One heatmap panel per portfolio (name -> :func:`capacity_use` table).

    Rows are resources, columns periods (the union over the panels, so they line up);
    cell text is ``demand / capacity`` in ``unit``; cells without a capacity are blank
    ("no limit"). Returns the figure.
    """
    frames = [u for u in uses.values() if len(u)]
    every = pd.concat(frames) if frames else pd.DataFrame(columns=["resource", "period"])
    resources = sorted(every["resource"].astype(str).unique())
    periods = sorted(every["period"].unique())
    width = A4_FIGSIZE[0]
    rows = max(len(resources), 1)
    fig, axes = plt.subplots(
        len(uses) or 1,
        1,
        figsize=(width, min(2.2 + 0.45 * rows * max(len(uses), 1), 9.5)),
        squeeze=False,
        layout="constrained",
    )
    plt.close(fig)  # shown once by whoever displays it, not again at the end of the cell
    cmap = plt.get_cmap("cividis_r")
    norm = Normalize(0.0, USE_CAP)
    for ax, (name, use) in zip(axes[:, 0], uses.items(), strict=False):
        grid = use.assign(resource=use["resource"].astype(str)).set_index(["resource", "period"])
        for i, resource in enumerate(resources):
            for j, period in enumerate(periods):
                if (resource, period) not in grid.index:
                    continue
                row = grid.loc[(resource, period)]
                colour = "#F2F2F2" if not np.isfinite(row["use"]) else cmap(norm(row["use"]))
                ax.add_patch(
                    Rectangle(
                        (j, i),
                        1,
                        1,
                        facecolor=colour,
                        edgecolor="white",
                        hatch="//" if row["over"] else "",
                    )
                )
                text = f"{_amount(row['demand'])} / {_amount(row['capacity'])}"
                text += " over" if row["over"] else ""
                dark = np.isfinite(row["use"]) and row["use"] > 0.6 * USE_CAP
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "black",
                    fontweight="bold" if row["over"] else "normal",
                )
        ax.set_xlim(0, max(len(periods), 1))
        ax.set_ylim(max(len(resources), 1), 0)
        ax.set_xticks(np.arange(len(periods)) + 0.5, [str(p) for p in periods])
        ax.set_yticks(np.arange(len(resources)) + 0.5, resources)
        ax.grid(False)
        ax.set_title(name, fontsize=10)
    axes[-1, 0].set_xlabel("Period")
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = fig.colorbar(mappable, ax=axes[:, 0].tolist(), fraction=0.04, pad=0.01)
    bar.set_label(f"Share of capacity needed ({unit}; 1.0 = full)")
    fig.suptitle(f"{title} ({unit}, demand / capacity; hatched = over capacity)", fontsize=10)
    return fig


def scenario_frontiers_chart(
    frontiers: Mapping[str, pd.DataFrame],
    points: Mapping[str, tuple[float, float]] | None = None,
    currency: str | None = None,
) -> Figure:
    """The efficient frontiers of several scenarios together (name -> ``budget``,
    ``total_value`` frame), each scenario's chosen portfolio marked (name -> (cost, value)).
    Lines differ by colour, style and marker."""
    from vmo_lib.currency import resolve_currency
    from vmo_lib.display.theme import PALETTE, legend_below, money_axis, new_figure

    fig, ax = new_figure()
    styles = ("-", "--", "-.", ":")
    markers = ("o", "s", "^", "D", "v", "P", "X", "*")
    for i, (name, frontier) in enumerate(frontiers.items()):
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(
            frontier["budget"],
            frontier["total_value"],
            styles[i % len(styles)],
            marker=markers[i % len(markers)],
            markersize=3,
            color=colour,
            label=name,
        )
        if points and name in points:
            cost, value = points[name]
            ax.scatter(
                [cost],
                [value],
                s=120,
                marker=markers[i % len(markers)],
                color=colour,
                edgecolor="black",
                zorder=4,
            )
    money_axis(ax, "x", currency)
    ax.set_ylim(bottom=0)
    ax.set_title("Value bought for each budget, scenario by scenario")
    ax.set_xlabel(f"Budget, money still to spend ({resolve_currency(currency)})")
    ax.set_ylabel("Total value of funded projects\n(sum of value scores)")
    legend_below(fig, ax, ncol=min(len(frontiers), 3), note="Large markers: each scenario's choice")
    return fig
