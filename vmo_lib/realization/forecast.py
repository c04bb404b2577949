"""Forecast of each benefit's value to completion, from its realised profile (EUR).

Three methods, chosen with ``method`` (the notebook's ``forecast_method`` parameter). Each
forecasts the value of every planned quarter after ``as_of`` (the "remaining plan"); the
forecast at completion is the value realised to date plus those quarters.

``plan_ratio``
    The remaining plan scaled by the benefit's realisation index to date:
    ``forecast_q = planned_q * realised_to_date / planned_to_date``. The analogue of
    earned value's ``EAC = BAC / CPI``: today's performance persists. A benefit with nothing
    planned yet has no index of its own and takes ``unstarted_index`` (default 1: it keeps
    its plan; pass the portfolio's index to assume it will do as the started ones did).
``linear_trend``
    A straight line (least squares, ``numpy.polyfit``) through the benefit's last
    ``trend_quarters`` reported quarterly values, extended over its remaining planned
    quarters. The line may fade to zero but never crosses it: a benefit's trend does not turn
    into a dis-benefit (or back) by extrapolation. With fewer than two reported quarters
    there is no line, and the benefit falls back to ``plan_ratio``.
``on_plan``
    The remaining plan exactly as planned (``AC + (BAC - EV)`` in earned value terms): past
    shortfalls are not recovered, future quarters are delivered in full.

A benefit with no quarterly plan rows cannot be time-phased and is given no forecast beyond
what it has realised.

Worked example (one benefit, plan 100 a quarter in 2026Q1-2026Q4, realised 40 and 60 in
2026Q1-Q2, ``as_of`` 2026-06-30): index = 100/200 = 0.5; ``plan_ratio`` forecasts
50 + 50 -> 200 at completion; ``linear_trend`` fits 40, 60 -> 80, 100 -> 280; ``on_plan``
gives 100 + 100 -> 300.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .periods import as_periods, cut_to_date, last_complete_quarter
from .todate import BenefitData, value_to_date

__all__ = [
    "FORECAST_METHODS",
    "METHOD_DESCRIPTIONS",
    "Forecast",
    "forecast_comparison",
    "forecast_to_completion",
]

FORECAST_METHODS: tuple[str, ...] = ("plan_ratio", "linear_trend", "on_plan")
"""Names accepted by :func:`forecast_to_completion`."""


@dataclass(frozen=True)
class Forecast:
    """Forecast value of each benefit's future planned quarters.

    ``quarterly``: one row per benefit and planned quarter after ``as_of`` with
    ``planned_value`` and ``forecast_value`` (EUR). ``totals``: per ``benefit_id``,
    ``forecast_remaining`` (EUR), ``forecast_at_completion`` (realised to date + remaining)
    and ``basis`` (the method actually used for that benefit).
    """

    method: str
    trend_quarters: int
    quarterly: pd.DataFrame
    totals: pd.DataFrame


def _trend_values(history: pd.DataFrame, future: pd.DataFrame, window: int) -> pd.Series | None:
    """Linear-trend forecasts for one benefit's future quarters, or None without a line."""
    recent = history.sort_values("quarter").tail(window)
    if len(recent) < 2:
        return None
    x = np.array([q.ordinal for q in recent["quarter"]], dtype=float)
    slope, intercept = np.polyfit(x, recent["realised_value"].to_numpy(dtype=float), 1)
    ahead = np.array([q.ordinal for q in future["quarter"]], dtype=float)
    values = intercept + slope * ahead
    if recent["realised_value"].iloc[-1] >= 0:
        values = np.clip(values, 0, None)
    else:
        values = np.clip(values, None, 0)
    return pd.Series(values, index=future.index)


def forecast_to_completion(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    method: str = "plan_ratio",
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
) -> Forecast:
    """Forecast every benefit's remaining planned quarters with ``method`` (see module doc).

    ``unstarted_index`` scales the plan of benefits with nothing planned to date (also in
    ``linear_trend``, which has no line for them). Raises ``ValueError`` for an unknown method
    or a ``trend_quarters`` below 2.

    >>> forecast_to_completion(org, "2026-09-30", "linear_trend").totals.head()  # doctest: +SKIP
    """
    if method not in FORECAST_METHODS:
        raise ValueError(
            f"forecast method must be one of {', '.join(FORECAST_METHODS)}, got {method!r}"
        )
    if trend_quarters < 2:
        raise ValueError(
            f"trend_quarters must be at least 2 (a line needs two points), got {trend_quarters}"
        )
    to_date = value_to_date(org, as_of)
    plan = org.benefit_plan.assign(
        quarter=as_periods(org.benefit_plan["quarter"]),
        benefit_id=org.benefit_plan["benefit_id"].astype(str),
    )
    future = plan.loc[plan["quarter"] > last_complete_quarter(as_of)]
    future = future[["benefit_id", "quarter", "planned_value"]].sort_values(
        ["benefit_id", "quarter"]
    )
    future = future.reset_index(drop=True)
    index = to_date["realisation_index"].fillna(unstarted_index)
    ratio_values = future["planned_value"] * future["benefit_id"].map(index).to_numpy()
    basis = pd.Series(method, index=to_date.index)
    if method == "on_plan":
        values = future["planned_value"].astype(float)
    elif method == "plan_ratio":
        values = ratio_values.astype(float)
    else:
        values = ratio_values.astype(float).copy()
        actuals = cut_to_date(org.benefit_actuals, as_of)
        history = dict(tuple(actuals.groupby(actuals["benefit_id"].astype(str))))
        for benefit, rows in future.groupby("benefit_id"):
            trend = _trend_values(history.get(benefit, actuals.iloc[:0]), rows, trend_quarters)
            if trend is None:
                basis[benefit] = "plan_ratio (fewer than 2 reported quarters)"
            else:
                values.loc[trend.index] = trend
    quarterly = future.assign(forecast_value=values.to_numpy(dtype=float))
    remaining = quarterly.groupby("benefit_id")["forecast_value"].sum()
    remaining = remaining.reindex(to_date.index, fill_value=0.0)
    totals = pd.DataFrame(
        {
            "forecast_remaining": remaining,
            "forecast_at_completion": to_date["realised_to_date"] + remaining,
            "basis": basis,
        }
    )
    return Forecast(method, trend_quarters, quarterly, totals)


METHOD_DESCRIPTIONS: dict[str, str] = {
    "plan_ratio": (
        "each benefit's remaining plan is scaled by its realisation index to date "
        "(today's performance persists, as in earned value's EAC = BAC / CPI)"
    ),
    "linear_trend": (
        "a straight line through each benefit's last reported quarters is extended over its "
        "remaining planned quarters (never crossing zero); benefits with fewer than two "
        "reported quarters fall back to the plan ratio"
    ),
    "on_plan": (
        "the remaining plan is delivered exactly as planned; past shortfalls are not "
        "recovered (earned value's EAC = AC + (BAC - EV))"
    ),
}
"""One sentence per method, for notebooks and handouts."""


def forecast_comparison(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
) -> pd.DataFrame:
    """Portfolio forecast at completion (EUR) under every method, beside the whole-life plan.

    Columns: ``method``, ``description``, ``forecast_at_completion``, ``planned_total`` and
    ``forecast_share`` (forecast / plan).
    """
    total = float(value_to_date(org, as_of)["planned_total"].sum())
    rows = []
    for method in FORECAST_METHODS:
        result = forecast_to_completion(org, as_of, method, trend_quarters, unstarted_index)
        final = float(result.totals["forecast_at_completion"].sum())
        rows.append(
            {
                "method": method,
                "description": METHOD_DESCRIPTIONS[method],
                "forecast_at_completion": final,
                "planned_total": total,
                "forecast_share": final / total if total else float("nan"),
            }
        )
    return pd.DataFrame(rows)
