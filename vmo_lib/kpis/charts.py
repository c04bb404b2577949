"""Figures of notebook 03: review findings, coverage matrix, balance, portfolio view.

Drawing only: every number comes from :mod:`vmo_lib.kpis` results. The workbook theme and
palette come from :mod:`vmo_lib.display.theme`; severity and verdict colours are Okabe-Ito, and each
also has a word in the legend, so nothing depends on colour alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from vmo_lib.display.theme import (
    A4_FIGSIZE,
    OKABE_ITO,
    RAG_COLOURS,
    RAG_HATCHES,
    RAG_LABELS,
    count_axis,
    legend_below,
    new_figure,
    percent_axis,
)
from vmo_lib.kpis.review import KpiReview
from vmo_lib.kpis.scorecard import Threshold, rate_many

__all__ = [
    "balance_bar",
    "coverage_heatmap",
    "findings_bar",
    "portfolio_view_heatmap",
    "realisation_chart",
]

SEVERITY_COLOURS = {
    "high": OKABE_ITO["vermillion"],
    "medium": OKABE_ITO["orange"],
    "low": OKABE_ITO["sky blue"],
}
VERDICT_COLOURS = {
    "ready": OKABE_ITO["bluish green"],
    "fix": OKABE_ITO["orange"],
    "rework": OKABE_ITO["vermillion"],
}


def findings_bar(review: KpiReview) -> Figure:
    """Number of findings per rule, split by severity (rules with no finding left out)."""
    summary = review.rule_summary()
    summary = summary[summary["findings"] > 0].iloc[::-1]
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.0, 0.3 * len(summary) + 1.6)))
    labels = [f"{t} ({g})" for t, g in zip(summary["title"], summary["group"], strict=True)]
    colours = [SEVERITY_COLOURS[s] for s in summary["severity"]]
    ax.barh(labels, summary["findings"], color=colours, edgecolor="black", linewidth=0.4)
    for y, n in enumerate(summary["findings"]):
        ax.text(n + 0.2, y, str(n), va="center", fontsize=9)
    ax.set_title("What the review found in the draft catalogue")
    ax.set_xlabel("Findings (KPIs, drivers or perspectives affected)")
    count_axis(ax, "x")
    ax.tick_params(axis="y", labelsize=9)
    for severity, colour in SEVERITY_COLOURS.items():
        _legend_entry(ax, colour, f"{severity.capitalize()} severity")
    legend_below(fig, ax, ncol=3)
    return fig


def coverage_heatmap(review: KpiReview, value_drivers: pd.DataFrame) -> Figure:
    """Driver (rows) x KPI (columns): a filled cell where the KPI measures the driver,
    coloured by the KPI's verdict; a bottom row holds KPIs linked to no driver."""
    matrix = review.coverage
    verdict = review.catalogue.set_index("kpi_id")["verdict"]
    codes = {"ready": 1, "fix": 2, "rework": 3}
    shown = matrix.astype(float) * pd.Series(
        [codes[verdict[k]] for k in matrix.columns], index=matrix.columns
    )
    names = value_drivers.set_index("driver_id")["name"].astype(str)
    rows = [
        "No driver (orphans)" if d == "(none)" else f"{d} {_short(names.get(d, ''), 22)}"
        for d in matrix.index
    ]
    fig, ax = new_figure((A4_FIGSIZE[0], 0.34 * len(matrix) + 2.4))
    cmap = ListedColormap(["white", *VERDICT_COLOURS.values()])
    sns.heatmap(
        shown.set_axis(rows, axis=0),
        ax=ax,
        cmap=cmap,
        vmin=-0.5,
        vmax=3.5,
        cbar=False,
        linewidths=0.5,
        linecolor="lightgrey",
    )
    ax.set_title("Which KPI measures which value driver")
    ax.set_xlabel("KPI (draft catalogue)")
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.tick_params(axis="y", labelsize=8)
    for verdict_name, colour in VERDICT_COLOURS.items():
        _legend_entry(ax, colour, f"KPI verdict: {verdict_name}")
    legend_below(fig, ax, ncol=3, note="An empty row is a driver no KPI measures.")
    return fig


def balance_bar(review: KpiReview) -> Figure:
    """KPIs per perspective, split into execution/value and leading/lagging."""
    balance = review.balance.copy()
    timing = balance["timing"].replace("(blank)", "timing not stated")
    balance["group"] = balance["kind"].str.capitalize() + " KPI, " + timing
    balance["perspective"] = balance["perspective"].replace("(blank)", "not stated")
    table = balance.pivot_table(
        index="perspective", columns="group", values="kpis", aggfunc="sum", fill_value=0
    )
    fig, ax = new_figure()
    table.plot.barh(stacked=True, ax=ax, edgecolor="black", linewidth=0.4, legend=False)
    for container, hatch in zip(ax.containers, ["", "//", "..", "xx", "\\\\", "--"], strict=False):
        for patch in container:
            patch.set_hatch(hatch)
    ax.set_title("Balance of the catalogue by perspective")
    ax.set_xlabel("KPIs in the draft catalogue")
    ax.set_ylabel("Perspective")
    legend_below(fig, ax, ncol=3)
    return fig


def portfolio_view_heatmap(crosstab: pd.DataFrame) -> Figure:
    """Projects by execution status (rows) and value status (columns), counts in cells."""
    shown = crosstab.copy()
    if "n/a" in shown.index and shown.loc["n/a"].sum() == 0:
        shown = shown.drop(index="n/a")
    shown = shown.rename(columns={"n/a": "nothing due yet"})
    fig, ax = new_figure((5.6, 4.0))
    sns.heatmap(
        shown.astype(float),
        ax=ax,
        annot=shown.to_numpy(),
        fmt="d",
        cmap="cividis_r",
        vmin=0,
        vmax=max(1.0, float(np.max(shown.to_numpy()))),
        linewidths=0.5,
        cbar_kws={"label": "Projects"},
    )
    ax.set_title("Execution status against value status")
    ax.set_xlabel("Value status (benefits realised to date)")
    ax.set_ylabel("Execution status (cost, time, scope)")
    ax.tick_params(axis="y", labelrotation=0)
    fig.tight_layout()
    return fig


def _legend_entry(ax, colour: str, label: str) -> None:
    """An invisible, zero-size patch that only gives the legend an entry."""
    ax.add_patch(Rectangle((0, 0), 0, 0, facecolor=colour, edgecolor="none", label=label))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def realisation_chart(
    projects: pd.DataFrame,
    by_programme: pd.DataFrame,
    threshold: Threshold,
    aggregate_above: int,
) -> Figure:
    """Benefits realised to date as a share of plan: one bar per project with benefit due
    (``projects``: :attr:`~vmo_lib.kpis.measures.ValueKpis.projects`), or one bar per
    programme (``by_programme``: :func:`~vmo_lib.kpis.measures.realisation_by_programme`)
    when more than ``aggregate_above`` projects have benefit due, so the chart stays
    readable at any portfolio size. Dashed lines mark the amber and red thresholds of
    ``threshold`` (the benefit realisation rate's); bars are coloured and hatched by the band
    they fall in (:func:`~vmo_lib.kpis.scorecard.rate_many`).
    """
    amber, red = threshold.amber, threshold.red
    due = projects[projects["planned_to_date"] > 0]
    aggregated = len(due) > aggregate_above
    if aggregated:
        shown = by_programme.iloc[::-1]
        labels = [
            f"{p} ({n:,} projects)"
            for p, n in zip(shown["programme"], shown["projects"], strict=True)
        ]
        what = "by programme"
    else:
        shown = due.sort_values("benefit_realisation_rate", kind="stable")
        labels = [
            _short(f"{i} {n}", 34) for i, n in zip(shown["project_id"], shown["name"], strict=True)
        ]
        what = "by project"
    rates = shown["benefit_realisation_rate"].to_numpy(dtype=float)
    band = rate_many(pd.Series(rates), threshold).to_numpy()
    fig, ax = new_figure((A4_FIGSIZE[0], max(3.0, 0.24 * len(shown) + 1.8)))
    for name in ("green", "amber", "red"):
        mask = band == name
        colour, hatch = RAG_COLOURS[name], RAG_HATCHES[name]
        if mask.any():
            ax.barh(
                np.flatnonzero(mask),
                rates[mask],
                linewidth=0.4,
                facecolor=colour,
                hatch=hatch,
                edgecolor="black",
            )
        ax.add_patch(
            Rectangle(
                (0, 0),
                0,
                0,
                linewidth=0.4,
                label=RAG_LABELS[name],
                facecolor=colour,
                hatch=hatch,
                edgecolor="black",
            )
        )
    ax.set_yticks(np.arange(len(shown)), labels=labels)
    for x, line in ((amber, "--"), (red, ":")):
        ax.axvline(x, color="black", linestyle=line, linewidth=1)
    ax.axvline(1.0, color="grey", linewidth=1)
    ax.set_title(f"Benefits realised to date, {what}")
    ax.set_xlabel("Realised benefit as a share of the benefit planned to date")
    ax.set_ylabel("Programme" if aggregated else "")
    ax.tick_params(axis="y", labelsize=8 if not aggregated else 10)
    percent_axis(ax, "x")
    legend_below(
        fig,
        ax,
        ncol=3,
        note=f"Dashed line: amber at {amber:.0%}; dotted line: red at {red:.0%}; "
        "grey line: 100% of plan.",
    )
    return fig
