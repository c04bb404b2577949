"""The benefits map drawn as a Sankey diagram (re-exported by :mod:`vmo_lib.realization.charts`).

Kept apart from ``charts.py`` because its band geometry is most of its length. It draws a
:class:`~vmo_lib.realization.benefits_map.BenefitsMap` in the shared theme
(:mod:`vmo_lib.display.theme`): Okabe-Ito colours, hatching where colour alone would carry
meaning, a plain title with the currency.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as CurvePath

from vmo_lib.currency import resolve_currency
from vmo_lib.display.tables import money_short_text
from vmo_lib.display.theme import OKABE_ITO, legend_below, new_figure
from vmo_lib.realization.benefits_map import BenefitsMap

__all__ = ["benefits_map_chart"]

LEVEL_TITLES = {
    "project": "Project",
    "programme": "Programme",
    "benefit": "Benefit",
    "driver": "Value driver",
    "objective": "Objective",
}
LINK_LABELS = 12
"""Links whose value is written on them (the largest), besides every link into an objective."""
_GAP = 0.25  # share of a column's height left as gaps between its nodes


def _layout(bmap: BenefitsMap) -> pd.DataFrame:
    """Node rectangles: column ``x``, bottom ``y0`` and height ``h`` (the tallest column
    fills 0-1; every column uses the same value scale)."""
    nodes = bmap.nodes.copy()
    flows = pd.concat(
        [
            bmap.edges.groupby("source")["value"].apply(lambda v: v.abs().sum()),
            bmap.edges.groupby("target")["value"].apply(lambda v: v.abs().sum()),
        ],
        axis=1,
    ).max(axis=1)
    nodes["size"] = flows.reindex(nodes["node"]).fillna(0.0).to_numpy()
    count = nodes.groupby("level")["node"].transform("size").to_numpy()
    total = nodes.groupby("level")["size"].transform("sum").to_numpy()
    scale = (1 - _GAP) / max(float(np.max(total)), 1e-9)
    nodes["h"] = nodes["size"] * scale
    gap = np.where(count > 1, (1 - total * scale) / np.maximum(count - 1, 1), 0.0)
    nodes["gap"] = gap
    nodes["x"] = nodes["level"].map({lv: i for i, lv in enumerate(bmap.levels)})
    before = nodes.groupby("level")["h"].cumsum() - nodes["h"]
    rank = nodes.groupby("level").cumcount()
    nodes["y0"] = 1 - (before + rank * nodes["gap"]) - nodes["h"]
    return nodes.set_index("node")


def _band(x0: float, y0: float, x1: float, y1: float, h0: float, h1: float) -> CurvePath:
    """A band from the right edge of one node to the left edge of the next (cubic curves)."""
    mid = (x0 + x1) / 2
    vertices = [
        (x0, y0 + h0),
        (mid, y0 + h0),
        (mid, y1 + h1),
        (x1, y1 + h1),
        (x1, y1),
        (mid, y1),
        (mid, y0),
        (x0, y0),
        (x0, y0 + h0),
    ]
    codes = [CurvePath.MOVETO] + [CurvePath.CURVE4] * 3 + [CurvePath.LINETO]
    codes += [CurvePath.CURVE4] * 3 + [CurvePath.CLOSEPOLY]
    return CurvePath(vertices, codes)


def benefits_map_chart(bmap: BenefitsMap, currency: str | None = None) -> Figure:
    """The benefits map as bands from left to right (a Sankey diagram): each band's width is
    the value flowing along it (money in ``currency``, default the setting); dis-benefits are
    hatched in vermillion; the largest links and every link into an objective carry their
    value."""
    nodes = _layout(bmap)
    tallest = int(bmap.nodes.groupby("level").size().max())
    fig, ax = new_figure((7.0, min(max(4.3, 0.13 * tallest + 1.5), 13.0)))
    width, font = 0.05, 8 if tallest <= 30 else 6 if tallest <= 60 else 5
    used_out = dict.fromkeys(nodes.index.astype(str), 0.0)
    used_in = dict.fromkeys(nodes.index.astype(str), 0.0)
    order = nodes["y0"].rank(ascending=False)
    edges = bmap.edges.assign(
        _s=bmap.edges["source"].map(order), _t=bmap.edges["target"].map(order)
    ).sort_values(["_s", "_t"])
    edges = edges.assign(size_rank=edges["value"].abs().rank(ascending=False, method="first"))
    box = {
        key: (float(x), float(y0), float(h), float(size))
        for key, x, y0, h, size in zip(
            nodes.index.astype(str), nodes["x"], nodes["y0"], nodes["h"], nodes["size"], strict=True
        )
    }
    for source, target, value, rank in zip(
        edges["source"].astype(str),
        edges["target"].astype(str),
        edges["value"].to_numpy(dtype=float),
        edges["size_rank"].to_numpy(dtype=float),
        strict=True,
    ):
        sx, sy, sh, ssize = box[source]
        tx, ty, th, _ = box[target]
        h = abs(value) * sh / max(ssize, 1e-9)
        top_src = sy + sh - used_out[source] - h
        top_dst = ty + th - used_in[target] - h
        used_out[source] += h
        used_in[target] += h
        negative = value < 0
        colour = OKABE_ITO["vermillion"] if negative else OKABE_ITO["blue"]
        hatch = "//" if negative else None
        path = _band(sx + width, top_src, tx, top_dst, h, h)
        ax.add_patch(PathPatch(path, facecolor=colour, alpha=0.3, edgecolor="none", hatch=hatch))
        if rank <= LINK_LABELS or target.startswith("objective:"):
            text = money_short_text(value, currency)
            ax.text(tx - 0.01, top_dst + h / 2, text, fontsize=font, ha="right", va="center")
    for key, name in zip(nodes.index.astype(str), nodes["label"].astype(str), strict=True):
        x, y0, h, _ = box[key]
        ax.add_patch(Rectangle((x, y0), width, h, color=OKABE_ITO["black"]))
        label = textwrap.shorten(name, 30, placeholder="...")
        ax.text(x + width + 0.01, y0 + h / 2, label, fontsize=font, va="center")
    for i, level in enumerate(bmap.levels):
        ax.text(i + width / 2, 1.03, LEVEL_TITLES.get(level, level), ha="center", fontsize=9)
    ax.set_xlim(-0.05, len(bmap.levels) - 1 + width + 0.6)
    ax.set_ylim(-0.02, 1.07)
    ax.axis("off")
    money = resolve_currency(currency)
    ax.set_title(f"Benefits map: where the value comes from and what it serves ({money})")
    legend_below(fig, ax, ncol=1, note=textwrap.fill(bmap.note, 110))
    return fig
