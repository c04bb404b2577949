"""Figures for portfolio re-ranking (notebook 04), in the workbook's shared theme.

A package because one module would hold some 600 lines: the capacity heatmap and the
scenarios' frontiers together (issue 17) are in :mod:`~vmo_lib.portfolio.charts.resources`,
re-exported here.

Each helper draws a result of :mod:`vmo_lib.portfolio` and returns a
:class:`matplotlib.figure.Figure`; none computes an analysis result. Notebook 04 calls the
ones that take a review step's result (:func:`value_scores`, :func:`biggest_movers`,
:func:`value_and_health`, :func:`frontiers`, :func:`decision_robustness`); they draw with
the general helpers below (:func:`value_bar`, :func:`bump_chart`, ...). Colour is never the only
cue: series also differ by marker, line style or hatch, and projects are labelled.

>>> import pandas as pd
>>> from vmo_lib.display.theme import set_theme
>>> set_theme()
>>> movers = pd.DataFrame({"legacy_rank": [1, 3], "value_rank": [3, 1], "change": [-2, 2]},
...     index=["A", "B"])
>>> bump_chart(movers).axes[0].get_ylabel()
'Rank (1 = top)'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from vmo_lib.currency import per_unit_label, resolve_currency
from vmo_lib.display.theme import (
    A4_FIGSIZE,
    OKABE_ITO,
    label_points,
    legend_below,
    money_axis,
    new_figure,
    percent_axis,
)
from vmo_lib.portfolio.charts.resources import (
    USE_CAP,
    capacity_heatmap,
    scenario_frontiers_chart,
)

if TYPE_CHECKING:
    from vmo_lib.portfolio.capacity_review import CapacityReview
    from vmo_lib.portfolio.funding_review import FrontierReview, RobustnessReview
    from vmo_lib.portfolio.review import OrderComparison, QuadrantPlacement, RankedPortfolio

__all__ = [
    "USE_CAP",
    "biggest_movers",
    "bump_chart",
    "capacity",
    "capacity_heatmap",
    "decision_robustness",
    "frontier_chart",
    "frontiers",
    "quadrant_chart",
    "robustness_chart",
    "scenario_frontiers_chart",
    "value_and_health",
    "value_bar",
    "value_scores",
]

_STAGE_STYLE: dict[str, tuple[str, str, str]] = {  # colour, hatch, marker
    "in flight": (OKABE_ITO["blue"], "", "o"),
    "approved": (OKABE_ITO["sky blue"], "..", "s"),
    "proposed": (OKABE_ITO["orange"], "//", "^"),
    "closed": ("#BBBBBB", "xx", "D"),
}
_VERDICT_STYLE: dict[str, tuple[str, str]] = {  # colour, hatch
    "core": (OKABE_ITO["bluish green"], ""),
    "borderline": (OKABE_ITO["orange"], "//"),
    "out": (OKABE_ITO["vermillion"], "xx"),
}
_VERDICT_LABELS = {  # shares relative to the core threshold (0.9 by default): never "all/none"
    "core": "Core: funded in nearly every weight sample",
    "borderline": "Borderline: depends on the weights",
    "out": "Out: funded in hardly any weight sample",
}


LABELLED_POINTS = 15
"""Projects named on a scatter chart at most (the most valuable); the rest are unnamed."""
SHOWN_BARS = 40
"""Projects drawn as bars at most on a per-project bar chart (the rest are in the exports; a
portfolio of up to 40 open projects, such as the case study's, is drawn whole)."""


def value_bar(
    table: pd.DataFrame, top: int | None = SHOWN_BARS, title: str | None = None
) -> Figure:
    """Horizontal bars of the value score (0-100), best at the top, styled by stage.

    ``table`` is :attr:`vmo_lib.portfolio.ValueRanking.table` (or a slice of it); each bar's
    label gives the project and its legacy rank. Projects without value scores are left out;
    only the ``top`` best are drawn (the title says so when some are left out).
    """
    data = table[table["value_score"].notna()].sort_values("value_score", ascending=False)
    total = len(data)
    data = data.head(top) if top else data
    if len(data) < total:
        title = f"{title or 'Value score per project'}: the {len(data)} best of {total:,}"
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.0, 0.26 * len(data) + 1.6)))
    y = np.arange(len(data))
    seen: set[str] = set()
    for position, (_, row) in enumerate(data.iterrows()):
        stage = str(row["stage"])
        colour, hatch, _ = _STAGE_STYLE.get(stage, (OKABE_ITO["black"], "", "o"))
        ax.barh(
            position,
            row["value_score"],
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.4,
            label=None if stage in seen else stage.capitalize(),
        )
        seen.add(stage)
    labels = [
        f"{pid} (legacy #{int(r['legacy_priority'])})"
        if pd.notna(r["legacy_priority"])
        else str(pid)
        for pid, r in data.iterrows()
    ]
    ax.set_yticks(y, labels=labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(10.0, float(data["value_score"].max()) * 1.1))
    ax.set_title(title or "Value score per project")
    ax.set_xlabel("Value score (0-100; 100 = decisive on every weighted driver)")
    ax.set_ylabel("Project (legacy priority rank)")
    legend_below(fig, ax, ncol=4)
    return fig


def bump_chart(
    movers: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, count: int = 10
) -> Figure:
    """Slope chart: legacy rank on the left, value rank on the right, for the biggest movers.

    ``movers`` is :attr:`vmo_lib.portfolio.RankComparison.movers` (biggest moves first).
    Projects moving up are solid blue, those moving down dashed vermillion.
    """
    data = movers.head(count)
    fig, ax = new_figure((A4_FIGSIZE[0], 5.2))
    top = int(max(movers["legacy_rank"].max(), movers["value_rank"].max()))
    gap = (top + 1) * 11 / (72 * 3.9)  # one 8-pt label line, in rank units (axes ~3.9 in tall)
    left = _spread(data["legacy_rank"].to_numpy(float), gap)
    right = _spread(data["value_rank"].to_numpy(float), gap)
    for i, (pid, row) in enumerate(data.iterrows()):
        up = row["change"] > 0
        colour = OKABE_ITO["blue"] if up else OKABE_ITO["vermillion"]
        style = "-" if up else "--"
        ax.plot(
            [0, 1],
            [row["legacy_rank"], row["value_rank"]],
            style,
            marker="o",
            color=colour,
            linewidth=1.8,
        )
        name = f"{pid} {names.get(str(pid), '')}".strip() if names is not None else str(pid)
        name = name if len(name) <= 34 else name[:33] + "…"
        ax.annotate(
            f"#{int(row['legacy_rank'])} {name}",
            (0, row["legacy_rank"]),
            xytext=(-0.06, left[i]),
            textcoords="data",
            ha="right",
            va="center",
            fontsize=8,
        )
        ax.annotate(
            f"#{int(row['value_rank'])} {pid}",
            (1, row["value_rank"]),
            xytext=(1.06, right[i]),
            textcoords="data",
            ha="left",
            va="center",
            fontsize=8,
        )
    ax.plot([], [], "-", color=OKABE_ITO["blue"], label="Moves up when judged on value")
    ax.plot([], [], "--", color=OKABE_ITO["vermillion"], label="Moves down")
    ax.set_xlim(-1.3, 1.5)
    ax.set_xticks([0, 1], labels=["Legacy priority list", "Value ranking"])
    ax.set_ylim(
        max(top + 1.0, float(left.max()), float(right.max())) + 0.5,
        min(0.0, left.min(), right.min()) - 0.5,
    )
    ax.set_ylabel("Rank (1 = top)")
    ax.set_title(f"The {len(data)} biggest movers between the two rankings (scored projects)")
    ax.grid(axis="x", visible=False)
    legend_below(fig, ax, ncol=2)
    return fig


def _spread(positions: np.ndarray, gap: float) -> np.ndarray:
    """Label positions at least ``gap`` apart, as close as possible to ``positions``."""
    order = np.argsort(positions, kind="stable")
    placed = positions[order].astype(float).copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    out = np.empty_like(placed)
    out[order] = placed
    return out


def quadrant_chart(
    table: pd.DataFrame,
    value_threshold: float,
    health_threshold: float,
    labelled: int = LABELLED_POINTS,
) -> Figure:
    """Value score against execution health, one marker per project, quadrants named.

    ``table`` needs ``value_score``, ``execution_health``, ``stage`` and its index as labels;
    with a ``mandatory`` column, mandatory projects are ringed. Projects without value scores
    are left out; only the ``labelled`` most valuable projects under way are named.
    """
    table = table[table["value_score"].notna()]
    fig, ax = new_figure((A4_FIGSIZE[0], 5.2))
    size = 50 if len(table) <= 100 else 14
    for stage, (colour, _, marker) in _STAGE_STYLE.items():
        rows = table[table["stage"].astype(str) == stage]
        if rows.empty:
            continue
        ax.scatter(
            rows["execution_health"],
            rows["value_score"],
            s=size,
            color=colour,
            marker=marker,
            edgecolor="black",
            linewidth=0.5,
            label=stage.capitalize(),
            zorder=3,
        )
    if "mandatory" in table.columns and table["mandatory"].astype(bool).any():
        duties = table[table["mandatory"].astype(bool)]
        ax.scatter(
            duties["execution_health"],
            duties["value_score"],
            s=size * 3.5,
            facecolors="none",
            edgecolors=OKABE_ITO["black"],
            linewidths=1.2,
            label="Mandatory (ringed)",
            zorder=4,
        )
    top = max(float(table["value_score"].max()) * 1.1, value_threshold * 1.2, 10.0)
    ax.set_xlim(-5, 105)
    ax.set_ylim(0, top)
    ax.axvline(health_threshold, color="grey", linewidth=1, zorder=1)
    ax.axhline(value_threshold, color="grey", linewidth=1, zorder=1)
    style: dict[str, Any] = {
        "fontsize": 10,
        "color": "dimgrey",
        "style": "italic",
        "weight": "bold",
    }
    ax.text(102, top * 0.98, "ACCELERATE", ha="right", va="top", **style)
    ax.text(-3, top * 0.98, "RESCUE", ha="left", va="top", **style)
    ax.text(102, top * 0.01, "RETHINK", ha="right", va="bottom", **style)
    ax.text(-3, top * 0.01, "STOP", ha="left", va="bottom", **style)
    ax.set_title("Value against execution health")
    ax.set_xlabel("Execution health (0-100; status, cost and schedule efficiency)")
    ax.set_ylabel("Value score (0-100)")
    legend_below(
        fig,
        ax,
        ncol=4,
        note=(
            f"Lines: value {value_threshold:.1f}, health {health_threshold:.0f} (thresholds). "
            "Projects not started are judged on status alone and named in the table below; "
            f"at most the {labelled} most valuable projects under way are named."
        ),
    )
    # Not started: all at the status score, so named in the table instead; most valuable first.
    started = table[table["stage"].astype(str).isin(["in flight", "closed"])]
    started = started.sort_values("value_score", ascending=False, kind="stable").head(labelled)
    label_points(
        ax,
        started["execution_health"],
        started["value_score"],
        started.index.to_series().astype(str),
        fontsize=7,
    )
    return fig


def frontier_chart(
    frontier: pd.DataFrame,
    greedy: pd.DataFrame | None = None,
    points: Mapping[str, tuple[float, float]] | None = None,
    currency: str | None = None,
) -> Figure:
    """Most value achievable per budget (exact frontier) beside the greedy value-per-cost curve.

    ``frontier``: :func:`vmo_lib.portfolio.efficient_frontier` (``budget``, ``total_value``);
    ``greedy``: :func:`vmo_lib.portfolio.greedy_frontier` (``cumulative_cost``,
    ``cumulative_value``);
    ``points``: named portfolios to mark, name -> (cost, value).
    """
    fig, ax = new_figure()
    steps = greedy["cumulative_cost"].to_numpy(float) if greedy is not None else np.zeros(0)
    # A large portfolio's frontier is solved on a grid, not at every greedy step: its points
    # are joined by lines (stairs would sit below the greedy curve between grid budgets).
    sampled = not np.isin(steps, frontier["budget"].to_numpy(float)).all()
    ax.plot(
        frontier["budget"],
        frontier["total_value"],
        drawstyle="default" if sampled else "steps-post",
        marker="o" if sampled else None,
        markersize=3,
        color=OKABE_ITO["blue"],
        linewidth=2,
        label=(
            f"Efficient frontier (best portfolio at {len(frontier)} budgets, joined)"
            if sampled
            else "Efficient frontier (best portfolio at each budget)"
        ),
        zorder=3,
    )
    if greedy is not None and len(greedy):
        ax.step(
            np.r_[0.0, greedy["cumulative_cost"].to_numpy(float)],
            np.r_[0.0, greedy["cumulative_value"].to_numpy(float)],
            "--",
            where="post",
            color=OKABE_ITO["orange"],
            marker="." if len(greedy) <= 100 else None,
            linewidth=1.5,
            label=f"Greedy curve (fund by {per_unit_label('value', currency)})",
            zorder=2,
        )
    markers = iter(["*", "X", "P", "D"])
    colours = iter([OKABE_ITO["vermillion"], OKABE_ITO["black"], OKABE_ITO["bluish green"]])
    for name, (cost, value) in (points or {}).items():
        ax.scatter(
            [cost],
            [value],
            s=140,
            marker=next(markers, "o"),
            color=next(colours, OKABE_ITO["black"]),
            edgecolor="white",
            zorder=4,
            label=name,
        )
    money_axis(ax, "x", currency)
    ax.set_ylim(bottom=0)
    ax.set_title("Value bought for each budget")
    ax.set_xlabel(f"Budget, money still to spend ({resolve_currency(currency)})")
    ax.set_ylabel("Total value of funded projects\n(sum of value scores)")
    legend_below(fig, ax, ncol=2)
    return fig


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def robustness_chart(
    table: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, top: int = 40
) -> Figure:
    """Left: share of weight samples in which each project is funded; right: its rank interval.

    ``table`` is :attr:`vmo_lib.portfolio.Robustness.table`; projects are sorted by funded
    share, and bars are coloured and hatched by verdict (core, borderline, out). With more
    than ``top`` projects only the ``top`` least certain (funded share nearest one half) are
    drawn, and the title says so; the full table is in the exports.
    """
    total = len(table)
    if total > top:
        doubt = (table["funded_share"] - 0.5).abs()
        table = table.loc[doubt.sort_values(kind="stable").index[:top]]
    data = table.sort_values(["funded_share", "base_rank"], ascending=[False, True])
    height = max(3.5, 0.24 * len(data) + 1.8)
    fig = new_figure((A4_FIGSIZE[0], height))[0]
    fig.clear()
    left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    y = np.arange(len(data))
    for verdict_name, (colour, hatch) in _VERDICT_STYLE.items():
        mask = (data["verdict"] == verdict_name).to_numpy()
        if not mask.any():
            continue
        left.barh(
            y[mask],
            data["funded_share"].to_numpy()[mask],
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.4,
            label=_VERDICT_LABELS[verdict_name],
        )
        right.hlines(
            y[mask],
            data["rank_low"].to_numpy()[mask],
            data["rank_high"].to_numpy()[mask],
            color=colour,
            linewidth=3,
        )
    right.scatter(
        data["base_rank"], y, color="black", s=14, zorder=3, label="Rank at agreed weights"
    )
    labels = [
        _short(f"{pid} {names.get(pid, '')}") if names is not None else str(pid)
        for pid in data.index
    ]
    left.set_yticks(y, labels=labels, fontsize=7)
    left.invert_yaxis()
    left.set_xlim(0, 1)
    percent_axis(left, "x")
    left.set_xlabel("Funded in (share of weight samples)")
    right.set_xlabel("Rank among open projects\n(1 = top)")
    right.set_xlim(0, float(data["rank_high"].max()) + 1)
    heading = "Which funding decisions survive\nother plausible weights"
    if total > top:
        heading += f" (the {top} least certain of {total:,} projects)"
    left.set_title(heading, loc="left")
    handles, labels_ = left.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    fig.legend(handles + h2, labels_ + l2, loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.75 / height, 1, 1))
    return fig


def value_scores(ranked: RankedPortfolio) -> Figure:
    """:func:`value_bar` of the projects still open, titled with the organisation's name."""
    title = f"{ranked.settings.organisation_name}: value score of the projects still open"
    return value_bar(ranked.ranking.active, title=title)


def biggest_movers(orders: OrderComparison) -> Figure:
    """:func:`bump_chart` of the biggest movers between the legacy list and the value rank."""
    return bump_chart(orders.legacy.movers, orders.ranking.table["name"], orders.movers_shown)


def value_and_health(placement: QuadrantPlacement) -> Figure:
    """:func:`quadrant_chart` of the open projects at the review's thresholds."""
    return quadrant_chart(placement.table, placement.value_threshold, placement.health_threshold)


def frontiers(review: FrontierReview) -> Figure:
    """:func:`frontier_chart` with the current portfolio and the recommended funded set."""
    current = review.funding.decision.comparison
    chosen = review.funding.selection
    points = {
        "Current portfolio": (current.current_cost, current.current_value),
        "Recommended funded set": (chosen.total_cost, chosen.total_value),
    }
    return frontier_chart(review.frontier, review.greedy, points)


def decision_robustness(review: RobustnessReview) -> Figure:
    """:func:`robustness_chart` of the projects the review shows (the most uncertain)."""
    return robustness_chart(review.shown.table, review.ranked.ranking.table["name"])


def capacity(review: CapacityReview) -> Figure:
    """Demand against capacity per resource and period: the current portfolio and the one
    recommended within capacity (:func:`~vmo_lib.portfolio.charts.resources.capacity_heatmap`)."""
    return capacity_heatmap(review.uses)
