"""Charts of notebook 05 (value realisation), drawn from :mod:`vmo_lib.realization` results.

Each helper takes a frame that :func:`vmo_lib.realization.analyse` produced and returns a
:class:`~matplotlib.figure.Figure` in the workbook theme (:mod:`vmo_lib.display.theme`). Lines are
told apart by style (solid, dashed, dotted) as well as colour, so they survive grey printing.

>>> fig = cumulative_value_chart(result.profile, result.last_quarter)  # doctest: +SKIP
"""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from vmo_lib.currency import resolve_currency
from vmo_lib.display.theme import A4_FIGSIZE, OKABE_ITO, legend_below, money_axis, new_figure
from vmo_lib.realization.map_chart import benefits_map_chart
from vmo_lib.realization.results import NO_OWNER
from vmo_lib.realization.uncertainty import ValueUncertainty

__all__ = [
    "benefits_map_chart",
    "cumulative_value_chart",
    "gap_bar",
    "group_trend_lines",
    "realisation_index_bar",
    "value_fan_chart",
]

PLANNED: dict[str, Any] = {"color": OKABE_ITO["black"], "linestyle": "-", "linewidth": 1.6}
REALISED: dict[str, Any] = {"color": OKABE_ITO["blue"], "linestyle": "-", "linewidth": 2.6}
FORECAST: dict[str, Any] = {"color": OKABE_ITO["orange"], "linestyle": "--", "linewidth": 2.2}


def _x(quarters: pd.Series) -> pd.DatetimeIndex:
    """Quarter periods as their last day, for a time axis."""
    return pd.PeriodIndex(quarters, freq="Q").end_time.normalize()


def _draw_profile(ax: Axes, rows: pd.DataFrame, cut: pd.Period, legend: bool = True) -> None:
    x = _x(rows["quarter"])
    ax.plot(x, rows["cum_planned"], label="Planned (cumulative)" if legend else None, **PLANNED)
    ax.plot(x, rows["cum_realised"], label="Realised (cumulative)" if legend else None, **REALISED)
    ax.plot(x, rows["cum_forecast"], label="Forecast (cumulative)" if legend else None, **FORECAST)
    ax.axvline(mdates.date2num(cut.end_time.normalize()), color="grey", linestyle=":", linewidth=1)
    ax.axhline(0, color="grey", linewidth=0.8)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6 if legend else 4)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def cumulative_value_chart(
    profile: pd.DataFrame,
    last_quarter: pd.Period,
    until: pd.Period | None = None,
    currency: str | None = None,
) -> Figure:
    """Cumulative planned, realised and forecast value of the portfolio, quarter by quarter.

    ``profile`` is one group's rows of :func:`~vmo_lib.realization.cumulative_profile`
    (``portfolio=True``); ``until`` cuts the time axis (default: the end of the plan);
    money in ``currency`` (default: the setting of :mod:`vmo_lib.currency`).
    """
    rows = profile if until is None else profile.loc[profile["quarter"] <= until]
    fig, ax = new_figure()
    _draw_profile(ax, rows, last_quarter)
    ax.set_title("Value planned, realised and forecast (cumulative)")
    ax.set_xlabel("Quarter end")
    ax.set_ylabel(f"Cumulative value ({resolve_currency(currency)})")
    money_axis(ax, currency=currency)
    note = f"Dotted line: end of {last_quarter}, the last quarter counted to date."
    legend_below(fig, ax, ncol=3, note=note)
    return fig


def group_trend_lines(
    group_profile: pd.DataFrame,
    last_quarter: pd.Period,
    labels: pd.Series | None = None,
    until: pd.Period | None = None,
    max_groups: int = 6,
    currency: str | None = None,
) -> Figure:
    """One small panel per group (the ``max_groups`` largest by plan): cumulative planned,
    realised and forecast value, with their own money scale. ``labels`` maps group -> title.
    """
    rows = group_profile if until is None else group_profile.loc[group_profile["quarter"] <= until]
    size = rows.groupby("group")["planned"].sum().sort_values(ascending=False)
    groups = list(size.index[:max_groups])
    ncols = 2 if len(groups) > 1 else 1
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig = plt.figure(figsize=(A4_FIGSIZE[0], 2.3 * nrows + 0.9))
    plt.close(fig)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for i, (ax, group) in enumerate(zip(axes, groups, strict=False)):
        _draw_profile(ax, rows.loc[rows["group"] == group], last_quarter, legend=i == 0)
        title = str(labels.get(group, group)) if labels is not None else str(group)
        ax.set_title(textwrap.shorten(title, 42), fontsize=10)
        money_axis(ax, currency=currency)
        ax.tick_params(labelsize=8)
    for ax in axes[len(groups) :]:
        ax.set_visible(False)
    code = resolve_currency(currency)
    fig.suptitle(f"Cumulative value by group ({code}): planned, realised, forecast", fontsize=12)
    note = f"Each panel has its own scale. Dotted line: end of {last_quarter}."
    legend_below(fig, axes[0], ncol=3, note=note)
    return fig


def realisation_index_bar(
    table: pd.DataFrame, threshold: float, max_rows: int = 15, label: str = "label"
) -> Figure:
    """Realisation index to date per group (horizontal bars), with 1 (on plan) and the
    at-risk line ``1 - threshold`` marked. Groups with nothing planned yet are left out; a
    dis-benefit whose loss did not happen (index ``+inf``) is drawn to the right edge and
    labelled ``no loss``."""
    data = table.dropna(subset=["realisation_index"])
    data = data.sort_values("planned_to_date", ascending=False).head(max_rows)
    data = data.sort_values("realisation_index")
    finite = data["realisation_index"].replace([np.inf, -np.inf], np.nan)
    edge = max(1.0, float(finite.max()) if finite.notna().any() else 1.0) + 0.1
    drawn = data["realisation_index"].clip(upper=edge)
    height = max(2.5, 0.38 * len(data) + 1.6)
    fig, ax = new_figure((A4_FIGSIZE[0], height))
    names = [textwrap.shorten(str(v), 40) for v in data[label]]
    behind = data["realisation_index"] < 1 - threshold
    colours = np.where(behind, OKABE_ITO["vermillion"], OKABE_ITO["blue"])
    bars = ax.barh(names, drawn, color=colours)
    for bar, is_behind, value in zip(bars, behind, data["realisation_index"], strict=True):
        bar.set_hatch("//" if is_behind else "")
        ax.annotate(
            "no loss" if np.isinf(value) else f"{value:.2f}",
            (max(min(value, edge), 0.0), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.axvline(1.0, color="black", linewidth=1.2, label="On plan (1.0)")
    ax.axvline(
        1 - threshold,
        color=OKABE_ITO["vermillion"],
        linestyle="--",
        linewidth=1.2,
        label=f"At-risk line ({1 - threshold:.2f})",
    )
    ax.axvline(0, color="grey", linewidth=0.8)
    low = min(0.0, float(drawn.min()) if len(data) else 0.0)
    high = max(1.0, float(drawn.max()) if len(data) else 1.0)
    ax.set_xlim(low - 0.05 if low < 0 else 0.0, high + 0.15)
    ax.set_title("Realisation index to date (1 = as planned, below 1 = worse)")
    ax.set_xlabel("Realisation index (hatched = behind the at-risk line)")
    left_out = len(table) - len(table.dropna(subset=["realisation_index"]))
    parts = ["Index: realised / planned value to date; planned / realised for a dis-benefit"]
    if len(data) < len(table) - left_out:
        parts.append(f"the {len(data)} largest by plan to date of {len(table) - left_out} shown")
    if left_out:
        parts.append(f"{left_out} left out with nothing planned to date")
    note = "; ".join(parts) + "."
    legend_below(fig, ax, ncol=2, note=note)
    return fig


def gap_bar(gaps: pd.DataFrame, currency: str | None = None) -> Figure:
    """The largest gaps to plan (value variance to date, money) with each benefit's owner,
    one bar per benefit, largest gap at the top. Bars sit on numbered rows labelled with the
    benefit id, so two benefits with the same name and owner (common in a large register)
    keep a bar each, in the table's order."""
    data = gaps.iloc[::-1]
    height = max(2.5, 0.42 * len(data) + 1.4)
    fig, ax = new_figure((A4_FIGSIZE[0], height))
    names = [
        f"{b} {textwrap.shorten(str(n), 32)}\nowner: {'none' if o == NO_OWNER else o}"
        for b, n, o in zip(data["benefit_id"], data["name"], data["owner"], strict=True)
    ]
    rows = np.arange(len(data))
    ax.barh(rows, data["value_variance"], color=OKABE_ITO["vermillion"])
    ax.set_yticks(rows, names)
    ax.set_title("Largest gaps to plan, with the benefit owner")
    ax.set_xlabel(f"Value variance to date ({resolve_currency(currency)}; realised minus planned)")
    money_axis(ax, "x", currency)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return fig


def value_fan_chart(futures: ValueUncertainty, currency: str | None = None) -> Figure:
    """Cumulative value realised by each quarter end: the P10-P90 band and P50 of the Monte
    Carlo (:func:`~vmo_lib.realization.uncertainty.value_uncertainty`), the evidence forecast
    if every benefit comes, and the plan (money in ``currency``)."""
    fan = futures.fan
    x = _x(fan["quarter"])
    fig, ax = new_figure()
    ax.fill_between(
        x, fan["p10"], fan["p90"], color=OKABE_ITO["sky blue"], alpha=0.4,
        label="P10 to P90 (8 futures in 10)",
    )  # fmt: skip
    ax.plot(x, fan["planned"], label="Planned (cumulative)", **PLANNED)
    ax.plot(x, fan["p50"], label="P50 (median future)", **REALISED)
    ax.plot(x, fan["deterministic"], label="Forecast if every benefit comes", **FORECAST)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title("Whole-life value: how sure is the forecast?")
    ax.set_xlabel("Quarter end")
    ax.set_ylabel(f"Cumulative value ({resolve_currency(currency)})")
    money_axis(ax, currency=currency)
    note = f"{futures.samples:,} simulated futures, seed {futures.seed}; left: value to date."
    legend_below(fig, ax, ncol=2, note=note)
    return fig
