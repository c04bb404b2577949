"""Figures for the PMO gap analysis (notebook 01), in the workbook's shared theme.

Each helper draws a result of :mod:`vmo_lib.maturity` and returns a
:class:`matplotlib.figure.Figure`; none computes anything. Levels are P3M3's 1-5 scale.
Heatmaps use ``cividis``, a colour map that reads the same under the common colour-vision
deficiencies and in greyscale, and every cell carries its number, so colour is never the only
cue.

>>> import pandas as pd
>>> from vmo_lib.display.theme import set_theme
>>> set_theme()
>>> table = pd.DataFrame({"dimension": ["Risk management"], "current": [2.5],
...     "current_low": [2.2], "current_high": [2.8], "target": [4.0], "gap": [1.5]})
>>> gap_dumbbell(table).axes[0].get_xlabel()
'Maturity level (1 Awareness to 5 Optimised)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from vmo_lib.display.theme import A4_FIGSIZE, OKABE_ITO, legend_below, new_figure

LEVEL_AXIS = "Maturity level (1 Awareness to 5 Optimised)"
_LEVEL_TICKS = {
    1: "1 Awareness",
    2: "2 Repeatable",
    3: "3 Defined",
    4: "4 Managed",
    5: "5 Optimised",
}


_RULE_NAMES = {
    "staged": ("staged_level", "Staged level (every question reaches it)"),
    "mean": ("mean_score", "Mean score of the answers"),
}


def gap_dumbbell(
    dimensions: pd.DataFrame, confidence: float | None = None, scoring: str | None = None
) -> Figure:
    """Current against target level per dimension, largest gap at the top.

    ``dimensions`` is :attr:`vmo_lib.maturity.Assessment.dimensions`. The current level (under
    ``scoring``, the assessment's rule) is a dot with its bootstrap interval as a bar; the
    other rule's figure, when the table has it, is a hollow circle; the target is a diamond;
    a line joins current and target.
    """
    data = dimensions.sort_values("gap", ascending=False)
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.0, 0.4 * len(data) + 1.8)))
    y = np.arange(len(data))
    ax.hlines(y, data["current"], data["target"], color="grey", linewidth=2, zorder=1)
    ci = "" if confidence is None else f" ({confidence:.0%} interval)"
    used = _RULE_NAMES.get(scoring or "", (None, "Current level"))[1]
    ax.errorbar(
        data["current"],
        y,
        xerr=[data["current"] - data["current_low"], data["current_high"] - data["current"]],
        fmt="o",
        color=OKABE_ITO["vermillion"],
        ecolor=OKABE_ITO["vermillion"],
        markersize=8,
        capsize=3,
        label=f"{used}{ci}",
        zorder=3,
    )
    other = next((v for k, v in _RULE_NAMES.items() if scoring and k != scoring), None)
    if other is not None and other[0] in data.columns:
        ax.scatter(
            data[other[0]],
            y,
            marker="o",
            s=55,
            facecolor="none",
            edgecolor=OKABE_ITO["black"],
            linewidth=1.4,
            label=f"{other[1]} (for comparison)",
            zorder=4,
        )
    ax.scatter(
        data["target"],
        y,
        marker="D",
        s=60,
        color=OKABE_ITO["blue"],
        edgecolor="black",
        linewidth=0.6,
        label="Target level",
        zorder=3,
    )
    ax.set_yticks(y, labels=data["dimension"].astype(str).tolist())
    ax.invert_yaxis()
    _level_axis(ax, "x")
    ax.set_title("How far each dimension is from its target")
    ax.set_xlabel(LEVEL_AXIS)
    ax.set_ylabel("")
    legend_below(fig, ax, ncol=2)
    return fig


def role_heatmap(by_role: pd.DataFrame, sizes: pd.DataFrame | None = None) -> Figure:
    """Mean current level by dimension (rows) and role group (columns), numbers in each cell.

    ``by_role`` is :attr:`vmo_lib.maturity.Assessment.by_role` (already privacy-safe);
    ``sizes`` (``group, respondents``) adds the group size to each column label.
    """
    matrix = by_role.set_index("dimension")
    if sizes is not None:
        n = dict(zip(sizes["group"], sizes["respondents"], strict=True))
        matrix = matrix.rename(columns=lambda g: f"{_wrap(str(g), 14)}\n(n={n.get(g, '?')})")
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.5, 0.38 * len(matrix) + 2.2)))
    sns.heatmap(
        matrix.astype(float),
        ax=ax,
        annot=True,
        fmt=".1f",
        vmin=1,
        vmax=5,
        cmap="cividis",
        linewidths=0.5,
        cbar_kws={"label": "Mean current level (1-5)"},
    )
    ax.set_title("How each role group rates today's maturity")
    ax.set_xlabel("Role group (respondents)")
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelrotation=0)
    fig.tight_layout()
    return fig


def skills_heatmap(matrix: pd.DataFrame, max_teams: int = 30) -> Figure:
    """Levels still to gain per team (rows) and skill (columns); blank cells = no gap.

    With more than ``max_teams`` teams only those with the largest total gap are drawn (the
    title says so); the full matrix belongs in the notebook's export.
    """
    shown = matrix.astype(float)
    title = "Skill gaps by team"
    if len(shown) > max_teams:
        keep = shown.fillna(0).sum(axis=1).sort_values(ascending=False, kind="stable")
        shown = shown.loc[keep.index[:max_teams]]
        title = f"Skill gaps of the {max_teams} teams with the largest gaps (of {len(matrix):,})"
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.5, 0.45 * len(shown) + 2.6)))
    sns.heatmap(
        shown,
        ax=ax,
        mask=~(shown > 0),  # no gap: left blank, as the notebook tells the reader
        annot=shown.where(shown > 0).map(lambda v: "" if np.isnan(v) else f"{v:.0f}"),
        fmt="",
        vmin=0,
        vmax=max(1.0, float(np.nanmax(shown.to_numpy())) if shown.size else 1.0),
        cmap="cividis_r",
        linewidths=0.5,
        cbar_kws={"label": "Gap to required level (levels)"},
    )
    ax.set_title(title)
    ax.set_xlabel("Skill")
    ax.set_ylabel("Team")
    ax.tick_params(axis="x", labelrotation=35)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    fig.tight_layout()
    return fig


def claims_vs_evidence_bar(claims: pd.DataFrame) -> Figure:
    """Horizontal bars: what respondents claim (hatched) beside what the data shows (0-100%).

    ``claims`` is :func:`vmo_lib.maturity.claims_beside_evidence`.
    """
    fig, ax = new_figure((A4_FIGSIZE[0], max(2.8, 0.5 * len(claims) + 1.6)))
    y = np.arange(len(claims))
    survey = claims["source"].eq("Survey").to_numpy()
    for mask, colour, hatch, name in (
        (survey, OKABE_ITO["orange"], "//", "Survey (what respondents say)"),
        (~survey, OKABE_ITO["blue"], "", "Portfolio data (what is in place)"),
    ):
        ax.barh(
            y[mask],
            claims["share"].to_numpy(float)[mask],
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.6,
            label=name,
        )
    for pos, share in zip(y, claims["share"], strict=True):
        if np.isfinite(share):
            ax.text(share + 0.01, float(pos), f"{share:.0%}", va="center", fontsize=9)
    ax.set_yticks(y, labels=[_wrap(t) for t in claims["indicator"].astype(str)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.1)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.set_title("Value tracking: what people say and what the data shows")
    ax.set_xlabel("Share of respondents or of projects (%)")
    legend_below(fig, ax, ncol=2)
    return fig


def _level_axis(ax, axis: str) -> None:
    ticks, labels = list(_LEVEL_TICKS), list(_LEVEL_TICKS.values())
    if axis == "x":
        ax.set_xlim(0.8, 5.2)
        ax.set_xticks(ticks, labels=labels)
    else:
        ax.set_ylim(0.8, 5.2)
        ax.set_yticks(ticks, labels=labels)


def _wrap(text: str, width: int = 38) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])
