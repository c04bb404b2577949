"""Figures for notebook 02, in the workbook's shared theme.

Each helper draws a result of :mod:`vmo_lib.drivers` and returns a matplotlib ``Figure``;
none computes a weight. Colours follow the Okabe-Ito palette; the tree and the
consistency bars print their numbers, and the other charts sit beside a table of them.

>>> from vmo_lib.display.theme import set_theme
>>> set_theme()
>>> import pandas as pd
>>> cr = pd.DataFrame({"executive": ["CEO", "CIO"], "consistency_ratio": [0.01, 0.8]})
>>> consistency_bar(cr).axes[0].get_xlabel()
'Consistency ratio (CR; above 0.10 = revisit)'
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MultipleLocator

from vmo_lib.display.theme import A4_FIGSIZE, OKABE_ITO, legend_below, new_figure, percent_axis
from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT
from vmo_lib.drivers.methods import METHOD_LABELS
from vmo_lib.drivers.tree import ROOT
from vmo_lib.drivers.weighting import DriverWeights

__all__ = [
    "CATEGORY_COLOURS",
    "METHOD_LABELS",
    "consistency_bar",
    "executive_dots",
    "methods_bar",
    "objective_consistency",
    "objective_dots",
    "tree_figure",
]

CATEGORY_COLOURS: dict[str, str] = {
    "financial": OKABE_ITO["blue"],
    "business": OKABE_ITO["orange"],
    "operational": OKABE_ITO["bluish green"],
    "strategic": OKABE_ITO["reddish purple"],
}
"""Bar colour of a driver by its kind of value."""

LEGEND_LABELS = {"ahp": "AHP (pairwise)", "points": "Points", "rank": "Rank (ROC)"}


def tree_figure(weights: DriverWeights, title: str | None = None) -> Figure:
    """The driver tree as an indented outline with a bar of the global weight on every node.

    Objectives sit at the left edge and each level is indented under its parent, joined by
    elbow lines; the bar on the right of each name is the node's share of total value (leaf
    bars coloured by kind of value, summing to 100 %; parent bars hollow, equal to the sum of
    their children).
    """
    table = _tree_order(weights)
    n = len(table)
    fig, ax = new_figure((A4_FIGSIZE[0] + 1.0, 0.34 * n + 1.6))
    y = np.arange(n)[::-1]
    indent, label_end = 0.35, 3.6
    rows = dict(zip(table["driver_id"], y, strict=True))
    for row, pos in zip(_nodes(table), y.tolist(), strict=True):
        x = row.level * indent
        if row.parent_id:
            parent_x = (row.level - 1) * indent + 0.08
            ax.plot(
                [parent_x, parent_x, x - 0.04],
                [rows[row.parent_id], pos, pos],
                color="grey",
                linewidth=0.8,
            )
        budget = max(12, 46 - 6 * row.level - len(row.driver_id))
        name = f"{textwrap.shorten(row.name, budget, placeholder='...')} ({row.driver_id})"
        ax.text(
            x,
            pos,
            name,
            va="center",
            ha="left",
            fontsize=9,
            fontweight="bold" if row.level == 0 else "normal",
        )
        width = row.global_weight * 10
        colour = CATEGORY_COLOURS.get(row.category, "grey")
        ax.barh(
            pos,
            width,
            left=label_end,
            height=0.6,
            color=colour if row.leaf else "white",
            edgecolor=colour if row.leaf else "grey",
        )
        local = "" if row.level == 0 else f"  ({row.local_weight:.0%} of parent)"
        ax.text(
            label_end + width + 0.05,
            pos,
            f"{row.global_weight:.1%}{local}",
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, label_end + 10 * table["global_weight"].max() + 1.6)
    ax.set_ylim(-0.8, n - 0.2)
    ax.axis("off")
    kinds = [k for k in CATEGORY_COLOURS if k in set(table.loc[table["leaf"], "category"])]
    handles = [Patch(color=CATEGORY_COLOURS[k], label=k.capitalize()) for k in kinds]
    handles.append(Patch(facecolor="white", edgecolor="grey", label="Objective or parent"))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(handles),
        frameon=False,
        fontsize=9,
    )
    method = METHOD_LABELS[weights.method]
    ax.set_title(title or f"Share of total value on each node (weights by {method})")
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class _Node:
    """One row of the tree figure, typed (pandas rows are not)."""

    driver_id: str
    name: str
    level: int
    parent_id: str
    category: str
    leaf: bool
    local_weight: float
    global_weight: float


def _nodes(table: pd.DataFrame) -> list[_Node]:
    """The rows of :func:`_tree_order` as typed nodes."""
    return [
        _Node(
            str(r["driver_id"]),
            str(r["name"]),
            int(r["level"]),
            str(r["parent_id"] or ""),
            str(r["category"]),
            bool(r["leaf"]),
            float(r["local_weight"]),
            float(r["global_weight"]),
        )
        for r in table.to_dict("records")
    ]


def _tree_order(weights: DriverWeights) -> pd.DataFrame:
    """Nodes depth first (each parent followed by its subtree), with category and weights."""
    tree = weights.tree
    table = weights.table().set_index("driver_id")
    table["category"] = tree.frame["category"].astype(str).str.lower()
    return table.loc[tree.depth_first()].reset_index()


def consistency_bar(consistency: pd.DataFrame, limit: float = CONSISTENCY_LIMIT) -> Figure:
    """Each executive's consistency ratio as a bar, with Saaty's limit as a dashed line.

    ``consistency`` holds ``executive`` and ``consistency_ratio`` for one sibling set (rows of
    :func:`~vmo_lib.drivers.consistency_table`). Bars above the limit are vermillion.
    """
    data = consistency.reset_index(drop=True)
    fig, ax = new_figure((A4_FIGSIZE[0], max(2.4, 0.45 * len(data) + 1.4)))
    colours = [
        OKABE_ITO["vermillion"] if cr > limit else OKABE_ITO["bluish green"]
        for cr in data["consistency_ratio"]
    ]
    y = np.arange(len(data))[::-1]
    ax.barh(y, data["consistency_ratio"], color=colours, height=0.6)
    for pos, cr in zip(y, data["consistency_ratio"], strict=True):
        ax.text(cr + 0.01, pos, f"{cr:.2f}", va="center", fontsize=9)
    ax.axvline(limit, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, data["executive"])
    ax.set_xlim(0, max(limit * 1.5, float(data["consistency_ratio"].max()) * 1.15))
    ax.set_xlabel(f"Consistency ratio (CR; above {limit:.2f} = revisit)")
    ax.set_title("How consistent each executive's judgements are")
    fig.tight_layout()
    return fig


def objective_consistency(weights: DriverWeights) -> Figure:
    """:func:`consistency_bar` for the objectives of AHP ``weights``, at their limit."""
    return consistency_bar(weights.consistency_of(ROOT), weights.consistency_limit)


def executive_dots(people: pd.DataFrame, group: pd.Series, names: dict[str, str]) -> Figure:
    """Each executive's weight for each item (dots) beside the group weight (black bar).

    ``people`` is executives x items (local weights); ``group`` the group's weights; ``names``
    maps item ids to display names. A wide spread of dots on a row is disagreement to discuss.
    """
    items = list(group.index)
    fig, ax = new_figure((A4_FIGSIZE[0], 0.55 * len(items) + 1.9))
    y = np.arange(len(items))[::-1]
    markers = "osD^vP*X"
    for k, who in enumerate(people.index):
        jitter = (k - (len(people) - 1) / 2) * 0.08
        ax.scatter(
            people.loc[who, items], y + jitter, label=who, s=36, marker=markers[k % 8], zorder=3
        )
    ax.scatter(group[items], y, marker="|", s=500, color="black", label="Group", zorder=4)
    ax.set_yticks(y, [textwrap.shorten(names.get(i, i), 38, placeholder="...") for i in items])
    ax.set_xlabel("Weight among these items (share of 100 %)")
    percent_axis(ax, "x")
    ax.set_xlim(0, min(1.0, float(people.to_numpy().max()) * 1.15 + 0.02))
    ax.set_title("Each executive's weights and the group's")
    legend_below(fig, ax, ncol=min(len(people) + 1, 6))
    return fig


def objective_dots(weights: DriverWeights) -> Figure:
    """:func:`executive_dots` for the objectives: each executive's weights beside the group's.

    Call it when someone weighted the objectives (``ROOT in weights.by_executive``)."""
    tree = weights.tree
    people = weights.by_executive[ROOT]
    return executive_dots(people, weights.local[list(tree.objectives)], tree.names)


def methods_bar(by_method: pd.DataFrame, names: dict[str, str]) -> Figure:
    """Leaf weights by method side by side (rows: leaf drivers, columns: methods)."""
    data = by_method.copy()
    fig, ax = new_figure((A4_FIGSIZE[0], 0.5 * len(data) + 1.9))
    y = np.arange(len(data))[::-1]
    height = 0.8 / max(len(data.columns), 1)
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish green"]]
    for k, method in enumerate(data.columns):
        offset = (k - (len(data.columns) - 1) / 2) * height
        ax.barh(
            y - offset,
            data[method],
            height=height,
            label=LEGEND_LABELS.get(method, method),
            color=colours[k % 3],
        )
    ax.set_yticks(y, [textwrap.shorten(names.get(i, i), 38, placeholder="...") for i in data.index])
    ax.set_xlabel("Global weight of the leaf driver (share of total value)")
    percent_axis(ax, "x")
    ax.xaxis.set_major_locator(MultipleLocator(0.05))
    ax.set_title("The same leadership, three ways of asking")
    legend_below(fig, ax, ncol=len(data.columns))
    return fig
